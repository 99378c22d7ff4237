#include "leakscope/ingest/trace_records.hpp"

#include <array>

#include <fmt/format.h>

namespace leakscope {

namespace {

using K = FieldKind;
constexpr std::size_t marker_text_max = 128;

constexpr std::array header_fields{
    FieldSpec{"version_major", K::number}, FieldSpec{"version_minor", K::number},
    FieldSpec{"arch", K::number},          FieldSpec{"pointer_size", K::number},
    FieldSpec{"tick_ns", K::number},       FieldSpec{"build_id", K::bytes},
    FieldSpec{"elf_sha256", K::bytes},     FieldSpec{"firmware", K::text, trace_format::max_string}};
constexpr std::array boot_fields{FieldSpec{"boot_count", K::number},
                                 FieldSpec{"reset_reason", K::number},
                                 FieldSpec{"reason", K::text, trace_format::max_string}};
constexpr std::array task_fields{FieldSpec{"time", K::number}, FieldSpec{"task", K::address},
                                 FieldSpec{"event", K::number},
                                 FieldSpec{"name", K::text, trace_format::max_string}};
constexpr std::array alloc_fields{FieldSpec{"time", K::number},    FieldSpec{"address", K::address},
                                  FieldSpec{"size", K::number},    FieldSpec{"task", K::address},
                                  FieldSpec{"heap", K::number},
                                  FieldSpec{"stack", K::stack, trace_format::max_stack}};
constexpr std::array free_fields{FieldSpec{"time", K::number}, FieldSpec{"address", K::address},
                                 FieldSpec{"task", K::address},
                                 FieldSpec{"stack", K::stack, trace_format::max_stack}};
constexpr std::array realloc_fields{
    FieldSpec{"time", K::number}, FieldSpec{"old_address", K::address},
    FieldSpec{"new_address", K::address}, FieldSpec{"size", K::number},
    FieldSpec{"task", K::address}, FieldSpec{"heap", K::number},
    FieldSpec{"stack", K::stack, trace_format::max_stack}};
constexpr std::array heap_fields{FieldSpec{"time", K::number},     FieldSpec{"heap", K::number},
                                 FieldSpec{"free", K::number},     FieldSpec{"min_free", K::number},
                                 FieldSpec{"largest_free", K::number}, FieldSpec{"total", K::number}};
constexpr std::array marker_fields{FieldSpec{"time", K::number}, FieldSpec{"kind", K::number},
                                   FieldSpec{"number", K::number},
                                   FieldSpec{"text", K::text, marker_text_max}};
constexpr std::array loss_fields{FieldSpec{"time", K::number}, FieldSpec{"records", K::number},
                                 FieldSpec{"bytes", K::number}};
constexpr std::array heap_name_fields{FieldSpec{"heap", K::number},
                                      FieldSpec{"name", K::text, trace_format::max_string}};

const std::array<RecordSpec, 10> specs{{
    {record_type::header, "header", header_fields},
    {record_type::boot, "boot", boot_fields},
    {record_type::task, "task", task_fields},
    {record_type::alloc, "alloc", alloc_fields},
    {record_type::free, "free", free_fields},
    {record_type::realloc, "realloc", realloc_fields},
    {record_type::heap, "heap", heap_fields},
    {record_type::marker, "marker", marker_fields},
    {record_type::loss, "loss", loss_fields},
    {record_type::heap_name, "heap_name", heap_name_fields},
}};

}  // namespace

const RecordSpec* find_record_spec(std::uint8_t type) {
  for (const RecordSpec& spec : specs)
    if (spec.type == type) return &spec;
  return nullptr;
}

const RecordSpec* find_record_spec(std::string_view name) {
  for (const RecordSpec& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::string record_type_label(std::uint8_t type) {
  const RecordSpec* spec = find_record_spec(type);
  if (spec == nullptr) return fmt::format("type {:#04x}", type);
  std::string name(spec->name);
  for (char& c : name) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return name;
}

std::string unsupported_version_text(std::uint64_t major, std::uint64_t minor) {
  return fmt::format("trace format version {}.{} cannot be read: this leakscope reads version "
                     "{}.x; its frames are skipped up to the next HEADER of version {}",
                     major, minor, trace_format::version_major, trace_format::version_major);
}

std::string bytes_to_hex(std::string_view bytes) {
  static constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<std::uint8_t>(c);
    out += digits[b >> 4];
    out += digits[b & 0xf];
  }
  return out;
}

std::optional<std::string> hex_to_bytes(std::string_view hex) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = value(hex[i]);
    const int lo = value(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

}  // namespace leakscope
