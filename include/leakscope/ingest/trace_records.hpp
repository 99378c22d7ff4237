// The records of the binary trace format, version 1 (docs/trace-format.md, "Records"), as
// one table: each record type's name and fields in payload order. The payload codec
// (trace_codec.hpp), the JSON Lines writer and reader (`leakscope convert`) and the event
// mapper all walk this table, so a field is named and typed in one place.
//
//   TraceRecord r{record_type::alloc, 7, {1000u, 0x20001c40u, 96u, 0x20001a04u, 0u,
//                                          Addresses{0xc5b, 0xe27, 0x697}}};
//   r.number(alloc_field::size);   // 96
//
// A record holds its values in the spec's order; a record of a type this version does not
// know keeps its payload in `extra` and no fields. A known record whose payload runs on
// after its last field (a later minor version appended fields) keeps those bytes in `extra`
// too, so re-encoding gives the same frame.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace leakscope {

namespace trace_format {
inline constexpr std::uint8_t sync0 = 0xA5;
inline constexpr std::uint8_t sync1 = 0x5C;
inline constexpr std::size_t max_payload = 1024;
inline constexpr std::uint64_t version_major = 1;
inline constexpr std::uint64_t version_minor = 0;
inline constexpr std::size_t max_string = 64;
inline constexpr std::size_t max_stack = 64;
}  // namespace trace_format

// Record type codes (the frame's `type` byte).
namespace record_type {
enum : std::uint8_t { header = 0x01, boot, task, alloc, free, realloc, heap, marker, loss, heap_name };
}

// Field indices, in payload order, per record type.
namespace header_field {
enum : std::size_t { version_major, version_minor, arch, pointer_size, tick_ns, build_id, elf_sha256, firmware };
}
namespace boot_field {
enum : std::size_t { boot_count, reset_reason, reason };
}
namespace task_field {
enum : std::size_t { time, task, event, name };
}
namespace alloc_field {
enum : std::size_t { time, address, size, task, heap, stack };
}
namespace free_field {
enum : std::size_t { time, address, task, stack };
}
namespace realloc_field {
enum : std::size_t { time, old_address, new_address, size, task, heap, stack };
}
namespace heap_field {
enum : std::size_t { time, heap, free, min_free, largest_free, total };
}
namespace marker_field {
enum : std::size_t { time, kind, number, text };
}
namespace loss_field {
enum : std::size_t { time, records, bytes };
}
namespace heap_name_field {
enum : std::size_t { heap, name };
}

// How a field is encoded, and how JSON Lines shows it.
enum class FieldKind : std::uint8_t {
  number,   // varint; a JSON number
  address,  // varint; a JSON string "0x..." (addresses, task handles)
  bytes,    // varint count + bytes; a JSON string of lowercase hex
  text,     // varint count + UTF-8 bytes; a JSON string
  stack,    // the spec's stack; a JSON array of "0x..." strings
};

struct FieldSpec {
  std::string_view name;  // the spec's field name
  FieldKind kind = FieldKind::number;
  std::size_t max_length = SIZE_MAX;  // text: bytes; stack: addresses; checked when writing
};

struct RecordSpec {
  std::uint8_t type = 0;
  std::string_view name;  // lowercase spec name: "alloc", "heap_name"
  std::span<const FieldSpec> fields;
};

// The spec of a known type, or nullptr.
const RecordSpec* find_record_spec(std::uint8_t type);
const RecordSpec* find_record_spec(std::string_view name);

using Addresses = std::vector<std::uint64_t>;
using TraceValue = std::variant<std::uint64_t, std::string, Addresses>;

struct TraceRecord {
  std::uint8_t type = 0;
  std::uint16_t seq = 0;
  std::vector<TraceValue> fields;  // in the spec's order; empty for an unknown type
  std::string extra;               // payload bytes after the known fields (all, if unknown)

  // Typed access by field index; the record must have been decoded or checked against its
  // spec (a wrong index or kind is a programming error and throws std::bad_variant_access).
  std::uint64_t number(std::size_t field) const { return std::get<std::uint64_t>(fields.at(field)); }
  const std::string& text(std::size_t field) const { return std::get<std::string>(fields.at(field)); }
  const Addresses& stack(std::size_t field) const { return std::get<Addresses>(fields.at(field)); }
};

// "ALLOC" style name for messages: the spec's name uppercased, or "type 0x0b".
std::string record_type_label(std::uint8_t type);

// Why a HEADER of another major version is refused, naming the version read.
std::string unsupported_version_text(std::uint64_t major, std::uint64_t minor);

// Bytes as lowercase hex ("build_id", payloads in JSON Lines), and back (either case; an odd
// count or another character: nullopt).
std::string bytes_to_hex(std::string_view bytes);
std::optional<std::string> hex_to_bytes(std::string_view hex);

}  // namespace leakscope
