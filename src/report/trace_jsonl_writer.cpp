#include "leakscope/report/trace_jsonl_writer.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace leakscope {

namespace {

using nlohmann::ordered_json;

std::string address_text(std::uint64_t address) { return fmt::format("{:#x}", address); }

ordered_json field_json(const FieldSpec& spec, const TraceValue& value) {
  switch (spec.kind) {
    case FieldKind::number: return std::get<std::uint64_t>(value);
    case FieldKind::address: return address_text(std::get<std::uint64_t>(value));
    case FieldKind::bytes: return bytes_to_hex(std::get<std::string>(value));
    case FieldKind::text: return std::get<std::string>(value);
    case FieldKind::stack: {
      ordered_json stack = ordered_json::array();
      for (std::uint64_t a : std::get<Addresses>(value)) stack.push_back(address_text(a));
      return stack;
    }
  }
  return nullptr;
}

}  // namespace

std::string trace_record_jsonl(const TraceRecord& record) {
  ordered_json out;
  const RecordSpec* spec = find_record_spec(record.type);
  if (spec == nullptr) {
    out["type"] = "unknown";
    out["code"] = record.type;
    out["seq"] = record.seq;
    out["payload"] = bytes_to_hex(record.extra);
  } else {
    out["type"] = spec->name;
    out["seq"] = record.seq;
    for (std::size_t i = 0; i < spec->fields.size() && i < record.fields.size(); ++i)
      out[std::string(spec->fields[i].name)] = field_json(spec->fields[i], record.fields[i]);
    if (!record.extra.empty()) out["extra"] = bytes_to_hex(record.extra);
  }
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + '\n';
}

}  // namespace leakscope
