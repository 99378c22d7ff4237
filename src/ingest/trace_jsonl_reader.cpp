#include "leakscope/ingest/trace_jsonl_reader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "leakscope/ingest/cursor.hpp"

namespace leakscope {

namespace {

using nlohmann::json;

Result<std::uint64_t> unsigned_value(const json& v, std::string_view name, std::uint64_t max) {
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max)
    return Error{fmt::format("\"{}\" is not a whole number from 0 to {}", name, max)};
  return v.get<std::uint64_t>();
}

Result<std::uint64_t> address_value(const json& v, std::string_view name) {
  std::uint64_t address = 0;
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_string() && parse_hex_address(v.get_ref<const std::string&>(), address)) return address;
  return Error{fmt::format("\"{}\" is not an address (\"0x...\")", name)};
}

Result<std::string> hex_value(const json& v, std::string_view name) {
  std::optional<std::string> bytes;
  if (v.is_string()) bytes = hex_to_bytes(v.get_ref<const std::string&>());
  if (!bytes) return Error{fmt::format("\"{}\" is not a string of hex digit pairs", name)};
  return std::move(*bytes);
}

Result<TraceValue> field_value(const json& v, const FieldSpec& spec) {
  switch (spec.kind) {
    case FieldKind::number: {
      auto n = unsigned_value(v, spec.name, UINT64_MAX);
      if (!n) return n.error();
      return TraceValue(*n);
    }
    case FieldKind::address: {
      auto a = address_value(v, spec.name);
      if (!a) return a.error();
      return TraceValue(*a);
    }
    case FieldKind::bytes: {
      auto b = hex_value(v, spec.name);
      if (!b) return b.error();
      return TraceValue(b.take());
    }
    case FieldKind::text:
      if (!v.is_string()) return Error{fmt::format("\"{}\" is not a string", spec.name)};
      return TraceValue(v.get<std::string>());
    case FieldKind::stack: {
      if (!v.is_array()) return Error{fmt::format("\"{}\" is not an array of addresses", spec.name)};
      Addresses stack;
      for (const json& entry : v) {
        auto a = address_value(entry, spec.name);
        if (!a) return a.error();
        stack.push_back(*a);
      }
      return TraceValue(std::move(stack));
    }
  }
  return Error{"unknown field kind"};
}

}  // namespace

Result<TraceRecord> parse_trace_jsonl(std::string_view line) {
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{"not a JSON object"};
  auto member = [&](std::string_view name) -> const json* {
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
  };
  const json* type = member("type");
  const json* seq = member("seq");
  if (type == nullptr || !type->is_string()) return Error{"no \"type\" string"};
  if (seq == nullptr) return Error{"no \"seq\""};
  auto seq_value = unsigned_value(*seq, "seq", UINT16_MAX);
  if (!seq_value) return seq_value.error();

  TraceRecord record;
  record.seq = static_cast<std::uint16_t>(*seq_value);
  const std::string& type_name = type->get_ref<const std::string&>();
  const char* bytes_key = "extra";
  if (type_name == "unknown") {
    const json* code = member("code");
    auto code_value = code ? unsigned_value(*code, "code", UINT8_MAX) : Result<std::uint64_t>(Error{"no \"code\""});
    if (!code_value) return code_value.error();
    record.type = static_cast<std::uint8_t>(*code_value);
    if (find_record_spec(record.type) != nullptr)
      return Error{fmt::format("\"code\" {} is a known type: write it as \"{}\"", *code_value,
                               find_record_spec(record.type)->name)};
    bytes_key = "payload";
  } else {
    const RecordSpec* spec = find_record_spec(type_name);
    if (spec == nullptr) return Error{fmt::format("unknown record type \"{}\"", type_name)};
    record.type = spec->type;
    for (const FieldSpec& field : spec->fields) {
      const json* v = member(field.name);
      if (v == nullptr) return Error{fmt::format("{} record without \"{}\"", spec->name, field.name)};
      auto value = field_value(*v, field);
      if (!value) return value.error();
      record.fields.push_back(value.take());
    }
  }
  if (const json* extra = member(bytes_key)) {
    auto bytes = hex_value(*extra, bytes_key);
    if (!bytes) return bytes.error();
    record.extra = bytes.take();
  }
  return record;
}

bool looks_like_jsonl(std::string_view head) {
  const std::size_t first = head.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && head[first] == '{';
}

}  // namespace leakscope
