#include "leakscope/ingest/sysview_json.hpp"

#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "leakscope/ingest/cursor.hpp"
#include "leakscope/ingest/sysview_context.hpp"
#include "leakscope/ingest/sysview_format.hpp"

namespace leakscope {

namespace {

using nlohmann::json;
namespace id = sysview::event;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_space(std::string_view t, std::size_t pos) {
  while (pos < t.size() && is_space(t[pos])) ++pos;
  return pos;
}

// Where the JSON value starting at `pos` ends; npos when the text ends inside it. Only
// brackets and strings are followed: the value itself is parsed by nlohmann_json.
std::size_t value_end(std::string_view t, std::size_t pos) {
  std::size_t depth = 0;
  for (std::size_t i = pos; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"') {
      for (++i; i < t.size() && t[i] != '"'; ++i)
        if (t[i] == '\\') ++i;
      if (i >= t.size()) return std::string_view::npos;
      if (depth == 0) return i + 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // a scalar ends at its container's end
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || is_space(c))) {
      return i;
    }
  }
  return depth == 0 && pos < t.size() ? t.size() : std::string_view::npos;
}

// Positions of byte offsets, with their line numbers counted as the scan goes forward.
class Lines {
 public:
  Lines(std::string_view text, SourcePos start) : text_(text), start_(start) {}
  SourcePos at(std::size_t offset) {
    for (; counted_ < offset && counted_ < text_.size(); ++counted_)
      if (text_[counted_] == '\n') ++line_;
    return SourcePos{start_.input, line_, offset};
  }

 private:
  std::string_view text_;
  SourcePos start_;
  std::size_t counted_ = 0;
  std::uint64_t line_ = 1;
};

struct Located {
  SourcePos pos;
  json value;
};

// The top level: the events that matter here, the streams, the version, and damage.
struct Document {
  std::vector<Located> events;
  json streams;
  std::string version;
  std::vector<SkipEvent> damage;
};

// Field access that never throws: a missing or mistyped field reads as null.
const json& field(const json& object, const char* name) {
  static const json null;
  if (!object.is_object()) return null;
  const auto it = object.find(name);
  return it == object.end() ? null : *it;
}

std::string text_field(const json& object, const char* name) {
  const json& v = field(object, name);
  return v.is_string() ? v.get<std::string>() : std::string();
}

std::optional<std::uint64_t> number_of(const json& v) {
  std::uint64_t n = 0;
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_string() && parse_hex_address(v.get_ref<const std::string&>(), n)) return n;
  return std::nullopt;
}

bool kept(const json& event) {
  const std::uint64_t n = number_of(field(event, "id")).value_or(0);
  return n == id::overflow || n == id::task_info || n == id::sysdesc || n == id::init ||
         n >= id::module_offset;
}

// Reads the "events" array starting at its '['; returns where reading stopped.
std::size_t scan_events(std::string_view t, std::size_t pos, Lines& lines, Document& doc) {
  pos = skip_space(t, pos + 1);
  while (pos < t.size() && t[pos] != ']') {
    const std::size_t end = value_end(t, pos);
    if (end == std::string_view::npos || end == pos) {
      doc.damage.push_back(SkipEvent{lines.at(pos), SkipKind::damaged_frame,
                                     "the JSON ends inside its events array: read up to there"});
      return std::string_view::npos;
    }
    json event = json::parse(t.substr(pos, end - pos), nullptr, false);
    if (event.is_discarded() || !event.is_object())
      doc.damage.push_back(SkipEvent{lines.at(pos), SkipKind::malformed_record, "an event that is no JSON object"});
    else if (kept(event))
      doc.events.push_back(Located{lines.at(pos), std::move(event)});
    pos = skip_space(t, end);
    if (pos < t.size() && t[pos] == ',') pos = skip_space(t, pos + 1);
  }
  return pos < t.size() ? pos + 1 : pos;
}

Document scan(std::string_view t, SourcePos start) {
  Document doc;
  Lines lines(t, start);
  std::size_t pos = skip_space(t, 0);
  if (pos >= t.size() || t[pos] != '{') return doc;
  pos = skip_space(t, pos + 1);
  while (pos < t.size() && t[pos] == '"') {
    const std::size_t key_end = value_end(t, pos);
    if (key_end == std::string_view::npos) break;
    const std::string_view key = t.substr(pos + 1, key_end - pos - 2);
    pos = skip_space(t, key_end);
    if (pos >= t.size() || t[pos] != ':') break;
    pos = skip_space(t, pos + 1);
    if (key == "events" && pos < t.size() && t[pos] == '[') {
      pos = scan_events(t, pos, lines, doc);
      if (pos == std::string_view::npos) return doc;
    } else {
      const std::size_t end = value_end(t, pos);
      if (end == std::string_view::npos) break;
      json value = json::parse(t.substr(pos, end - pos), nullptr, false);
      if (key == "streams") doc.streams = std::move(value);
      if (key == "version" && value.is_string()) doc.version = value.get<std::string>();
      pos = end;
    }
    pos = skip_space(t, pos);
    if (pos < t.size() && t[pos] == ',') pos = skip_space(t, pos + 1);
  }
  return doc;
}

std::uint64_t param(const json& event, const char* name) {
  return number_of(field(field(event, "params"), name)).value_or(0);
}

std::uint64_t heap_id(const json& streams, const char* name, std::uint64_t fallback) {
  return number_of(field(field(streams, "heap"), name)).value_or(fallback);
}

std::uint64_t event_id(const Located& e) { return number_of(field(e.value, "id")).value_or(0); }

// Maps the kept events to model events, in the document's order.
class JsonMapper {
 public:
  explicit JsonMapper(const Document& doc)
      : alloc_id_(heap_id(doc.streams, "alloc", id::module_offset)),
        free_id_(heap_id(doc.streams, "free", id::module_offset + 1)) {
    // INIT and the task names first: a heap event names its task only by name.
    std::uint64_t ram_base = 0, id_shift = 0;
    for (const Located& e : doc.events)
      if (event_id(e) == id::init) {
        ram_base = param(e.value, "ram_base");
        id_shift = std::min<std::uint64_t>(param(e.value, "id_shift"), 31);
      }
    for (const Located& e : doc.events)
      if (event_id(e) == id::task_info) {
        const std::string name = text_field(field(e.value, "params"), "name");
        const std::uint64_t handle = ram_base + (param(e.value, "tid") << id_shift);
        tasks_[name] = handle;
        events.push_back(TaskNameEvent{e.pos, handle, name});
      }
  }

  void map(const Located& e) {
    const std::uint64_t i = event_id(e);
    if (i == id::overflow)
      events.push_back(TraceLossEvent{e.pos, LossCause::device_buffer, param(e.value, "drop_cnt"), 0});
    if (i == id::sysdesc) description.read(text_field(field(e.value, "params"), "desc"));
    if (i == alloc_id_ || i == free_id_) heap_event(e, i == alloc_id_);
  }

  std::vector<Event> events;
  sysview::SysviewDescription description;

 private:
  // A context the script names is named here when first used.
  std::uint64_t named(std::uint64_t handle, const std::string& label, SourcePos pos) {
    if (labels_.insert(handle).second) events.push_back(TaskNameEvent{pos, handle, label});
    return handle;
  }

  std::optional<std::uint64_t> context(const json& e, std::uint8_t core, SourcePos pos) {
    const std::string name = text_field(e, "ctx_name");
    if (name.empty() || name == "None") return std::nullopt;
    const bool irq = field(e, "in_irq").is_boolean() && field(e, "in_irq").get<bool>();
    if (!irq) {
      // The script's label for the idle context: as the binary form's IDLE event reads.
      if (name == fmt::format("IDLE{}", core)) return named(sysview::idle_context(core), name, pos);
      if (auto it = tasks_.find(name); it != tasks_.end()) return it->second;
    }
    const std::string label = irq ? "IRQ " + name : name;
    const auto index = static_cast<std::uint32_t>(contexts_.size());
    const auto it = contexts_.try_emplace(label, sysview::named_context(index)).first;
    return named(it->second, label, pos);
  }

  void heap_event(const Located& e, bool alloc) {
    const auto address = number_of(field(e.value, "addr"));
    const auto size = number_of(field(e.value, "size"));
    const json& list = field(e.value, "callers");
    std::vector<std::uint64_t> callers;
    bool callers_ok = list.is_array();
    for (std::size_t k = 0; callers_ok && k < list.size(); ++k) {
      const auto caller = number_of(list[k]);
      callers_ok = caller.has_value();
      if (!caller || *caller == 0) break;  // the list ends at the first zero, as in the binary form
      callers.push_back(*caller);
    }
    if (!address || (alloc && !size) || !callers_ok) {
      events.push_back(SkipEvent{e.pos, SkipKind::malformed_record,
                                 "heap event without a usable \"addr\", \"size\" or \"callers\""});
      return;
    }
    const auto core = static_cast<std::uint8_t>(number_of(field(e.value, "core_id")).value_or(0) & 1);
    const json& ts = field(e.value, "ts");
    const double seconds = ts.is_number() ? ts.get<double>() : 0.0;
    const auto ns = static_cast<std::uint64_t>(std::llround(std::max(seconds, 0.0) * 1e9));
    const std::optional<std::uint64_t> task = context(e.value, core, e.pos);
    if (alloc)
      events.push_back(AllocEvent{e.pos, *address, *size, task, core, ns, std::move(callers), {}});
    else
      events.push_back(FreeEvent{e.pos, *address, std::move(callers), task, ns});
  }

  std::uint64_t alloc_id_, free_id_;
  std::map<std::string, std::uint64_t> tasks_;     // TASK_INFO: name -> handle
  std::map<std::string, std::uint64_t> contexts_;  // other contexts, by label
  std::set<std::uint64_t> labels_;                 // contexts named so far
};

}  // namespace

bool looks_like_sysview_json(std::string_view head) {
  std::size_t pos = skip_space(head, 0);
  if (pos >= head.size() || head[pos] != '{') return false;
  pos = skip_space(head, pos + 1);
  const std::string_view rest = head.substr(pos);
  return rest.starts_with("\"events\"") || rest.starts_with("\"streams\"") || rest.starts_with("\"version\"");
}

void emit_sysview_json(std::string_view text, SourcePos start, EventSink& sink) {
  Document doc = scan(text, start);
  if (doc.events.empty() && doc.damage.empty())
    doc.damage.push_back(SkipEvent{start, SkipKind::malformed_record,
                                   "no events of a SystemView capture in the JSON (no \"events\" array "
                                   "with heap, task or overflow events)"});
  JsonMapper mapper(doc);
  for (const Located& e : doc.events) mapper.map(e);
  // Times are read in seconds and kept in nanoseconds.
  emit_sysview_start(start,
                     doc.version.empty() ? "SystemView JSON (sysviewtrace_proc.py)"
                                         : fmt::format("SystemView JSON {} (sysviewtrace_proc.py)", doc.version),
                     true, mapper.description.firmware(), sink);
  for (Event& e : mapper.events) sink.on_event(std::move(e));
  for (SkipEvent& d : doc.damage) sink.on_event(std::move(d));
}

}  // namespace leakscope
