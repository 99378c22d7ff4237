#include "leakscope/ingest/trace_codec.hpp"

#include <fmt/format.h>

#include "leakscope/ingest/trace_bytes.hpp"
#include "leakscope/ingest/trace_frame.hpp"

namespace leakscope {

namespace {

bool read_field(ByteReader& r, FieldKind kind, TraceValue& out) {
  switch (kind) {
    case FieldKind::number:
    case FieldKind::address: {
      std::uint64_t v = 0;
      if (!r.varint(v)) return false;
      out = v;
      return true;
    }
    case FieldKind::bytes:
    case FieldKind::text: {
      std::string_view v;
      if (!r.bytes(v)) return false;
      out = std::string(v);
      return true;
    }
    case FieldKind::stack: {
      Addresses v;
      if (!r.stack(v)) return false;
      out = std::move(v);
      return true;
    }
  }
  return false;
}

// Writes one value; an error names the field and what is wrong with it.
Status write_field(ByteWriter& w, const FieldSpec& spec, const TraceValue& value) {
  auto wrong = [&](std::string_view what) {
    return Error{fmt::format("field \"{}\": {}", spec.name, what)};
  };
  switch (spec.kind) {
    case FieldKind::number:
    case FieldKind::address:
      if (!std::holds_alternative<std::uint64_t>(value)) return wrong("not a number");
      w.varint(std::get<std::uint64_t>(value));
      return Ok{};
    case FieldKind::bytes:
    case FieldKind::text: {
      if (!std::holds_alternative<std::string>(value)) return wrong("not a string");
      const std::string& s = std::get<std::string>(value);
      if (s.size() > spec.max_length)
        return wrong(fmt::format("{} bytes, over the limit of {}", s.size(), spec.max_length));
      w.bytes(s);
      return Ok{};
    }
    case FieldKind::stack: {
      if (!std::holds_alternative<Addresses>(value)) return wrong("not a list of addresses");
      const Addresses& a = std::get<Addresses>(value);
      if (a.size() > spec.max_length)
        return wrong(fmt::format("{} addresses, over the limit of {}", a.size(), spec.max_length));
      w.stack(a);
      return Ok{};
    }
  }
  return wrong("unknown kind");
}

}  // namespace

Result<TraceRecord> decode_record(std::uint8_t type, std::uint16_t seq, std::string_view payload) {
  TraceRecord record;
  record.type = type;
  record.seq = seq;
  const RecordSpec* spec = find_record_spec(type);
  if (spec == nullptr) {
    record.extra = std::string(payload);
    return record;
  }
  ByteReader r(payload);
  record.fields.resize(spec->fields.size());
  for (std::size_t i = 0; i < spec->fields.size(); ++i) {
    if (!read_field(r, spec->fields[i].kind, record.fields[i]))
      return Error{fmt::format("{} record: field \"{}\": {}", record_type_label(type),
                               spec->fields[i].name, r.error())};
  }
  record.extra = std::string(r.rest());
  return record;
}

bool read_header_version(std::string_view payload, std::uint64_t& major, std::uint64_t& minor) {
  ByteReader r(payload);
  return r.varint(major) && r.varint(minor);
}

Result<std::string> encode_payload(const TraceRecord& record) {
  const RecordSpec* spec = find_record_spec(record.type);
  ByteWriter w;
  if (spec != nullptr) {
    if (record.fields.size() != spec->fields.size())
      return Error{fmt::format("{} record with {} fields, the spec has {}",
                               record_type_label(record.type), record.fields.size(),
                               spec->fields.size())};
    for (std::size_t i = 0; i < spec->fields.size(); ++i) {
      if (Status s = write_field(w, spec->fields[i], record.fields[i]); !s)
        return Error{fmt::format("{} record: {}", record_type_label(record.type), s.error().message)};
    }
  } else if (!record.fields.empty()) {
    return Error{fmt::format("record of unknown {} with fields", record_type_label(record.type))};
  }
  w.raw(record.extra);
  if (w.bytes().size() > trace_format::max_payload)
    return Error{fmt::format("{} record: payload of {} bytes, over the limit of {}",
                             record_type_label(record.type), w.bytes().size(),
                             trace_format::max_payload)};
  return w.take();
}

Result<std::string> encode_record(const TraceRecord& record) {
  Result<std::string> payload = encode_payload(record);
  if (!payload) return payload.error();
  return encode_frame(record.type, record.seq, *payload);
}

}  // namespace leakscope
