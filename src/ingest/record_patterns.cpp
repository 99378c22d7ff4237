#include "leakscope/ingest/record_patterns.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "leakscope/ingest/cursor.hpp"
#include "leakscope/ingest/heap_telemetry.hpp"
#include "leakscope/model/fnv1a.hpp"

namespace leakscope {

namespace {

struct KindInfo {
  std::string_view name;
  RecordKind kind;
  std::vector<std::string_view> names;
  std::vector<std::string_view> required;
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> all = {
      {"alloc", RecordKind::alloc, {"address", "size", "task", "callers", "heap"}, {"address", "size"}},
      {"frame", RecordKind::frame, {"address", "index"}, {"address"}},
      {"free", RecordKind::free, {"address"}, {"address"}},
      {"task", RecordKind::task, {"handle", "name"}, {"handle", "name"}},
      {"dump_begin", RecordKind::dump_begin, {"count"}, {}},
      {"dump_end", RecordKind::dump_end, {"bytes", "count"}, {}},
  };
  return all;
}

// A capture as a number: "0x1f" is hex; bare digits are decimal, or hex when `bare_hex`
// (addresses print as %x). Spaces around it are allowed.
std::optional<std::uint64_t> number(std::string_view s, bool bare_hex) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::uint64_t value = 0;
  if (!(bare_hex ? parse_hex_address(s, value) : parse_number(s, value))) return std::nullopt;
  return value;
}

// Every hex number in a callers capture ("0x400d1e63:0x40087834", "400d1e63 40087834"): each
// run of hex digits, with or without 0x; a run of more than 16 digits is no address.
std::vector<std::uint64_t> addresses_in(std::string_view s) {
  std::vector<std::uint64_t> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '0' && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X')) i += 2;
    const std::size_t begin = i;
    while (i < s.size() && is_hex_digit(s[i])) ++i;
    std::uint64_t address = 0;
    if (i == begin)
      ++i;
    else if (parse_hex_address(s.substr(begin, i - begin), address))
      out.push_back(address);
  }
  return out;
}

}  // namespace

Result<RecordPatterns> RecordPatterns::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read record patterns"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{path + ": cannot read record patterns"};
  return parse(text.str(), path);
}

Result<RecordPatterns> RecordPatterns::parse(const std::string& json_text, const std::string& name) {
  const nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error{name + ": not a JSON object (docs/record-patterns.md)"};
  if (doc.value("leakscope_records", 0) != 1)
    return Error{name + ": \"leakscope_records\": 1 missing (the format's version)"};
  const auto records = doc.find("records");
  if (records == doc.end() || !records->is_array() || records->empty())
    return Error{name + ": \"records\" must be a non-empty array"};
  RecordPatterns out;
  out.name_ = doc.value("name", name);
  for (std::size_t i = 0; i < records->size(); ++i) {
    const nlohmann::json& r = (*records)[i];
    const std::string where = fmt::format("{}: records[{}]", name, i);
    if (!r.is_object() || !r.contains("kind") || !r["kind"].is_string() ||
        !r.contains("pattern") || !r["pattern"].is_string())
      return Error{where + ": needs \"kind\" and \"pattern\" strings"};
    const std::string kind = r["kind"].get<std::string>();
    const std::string pattern = r["pattern"].get<std::string>();
    if (kind == "heap") {
      HeapPatterns check;
      if (Status added = check.add(pattern); !added) return Error{where + ": " + added.error().message};
      out.heap_patterns_.push_back(pattern);
      continue;
    }
    const auto info = std::find_if(kinds().begin(), kinds().end(),
                                   [&](const KindInfo& k) { return k.name == kind; });
    if (info == kinds().end())
      return Error{where + ": unknown kind '" + kind +
                   "' (alloc, frame, free, task, heap, dump_begin, dump_end)"};
    auto compiled = NamedPattern::compile(pattern, info->names, info->required, kind + " pattern");
    if (!compiled) return Error{where + ": " + compiled.error().message};
    out.entries_.push_back({info->kind, compiled.take()});
  }
  return out;
}

std::uint64_t RecordReader::task_handle(std::string_view task, SourcePos pos, EventSink& sink) {
  if (auto handle = number(task, false); handle && task.find("0x") != std::string_view::npos)
    return *handle;
  if (auto it = named_tasks_.find(task); it != named_tasks_.end()) return it->second;
  // A name with no handle: one made from it, high enough to meet no real TCB address.
  const std::uint64_t handle = 0xf000000000000000ull | (fnv1a(task) >> 4);
  named_tasks_.emplace(std::string(task), handle);
  sink.on_event(TaskNameEvent{pos, handle, std::string(task)});
  return handle;
}

void RecordReader::flush(EventSink& sink) {
  if (!pending_) return;
  std::stable_sort(frames_.begin(), frames_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [index, address] : frames_) pending_->callers.push_back(address);
  frames_.clear();
  sink.on_event(std::move(*pending_));
  pending_.reset();
}

bool RecordReader::feed(std::string_view line, SourcePos pos, EventSink& sink) {
  const NamedPattern::Line utf8_line(line);  // checked for UTF-8 once, whatever the patterns
  for (const RecordPatterns::Entry& entry : patterns_.entries()) {
    const std::optional<NamedPattern::Match> m = entry.pattern.match(utf8_line);
    if (!m) continue;
    auto bad = [&](std::string_view capture) {
      sink.on_event(SkipEvent{pos, SkipKind::malformed_record,
                              fmt::format("{} pattern '{}': {} captured '{}', not a number",
                                          "record", entry.pattern.text(), capture,
                                          m->get(capture).value_or(""))});
      return true;
    };
    if (!started_ && entry.kind != RecordKind::task && entry.kind != RecordKind::frame) {
      // The boot's heap trace is these records: the report names their format.
      sink.on_event(TraceStartEvent{pos, "custom records (" + patterns_.name() + ")", 0, {}});
      started_ = true;
    }
    switch (entry.kind) {
      case RecordKind::alloc: {
        flush(sink);
        const auto address = number(*m->get("address"), true);
        if (!address) return bad("address");
        std::uint64_t size = 0;
        if (!read_byte_count(*m->get("size"), size)) return bad("size");
        AllocEvent alloc;
        alloc.pos = pos;
        alloc.address = *address;
        alloc.size = size;
        if (auto task = m->get("task"); task && !task->empty())
          alloc.task = task_handle(*task, pos, sink);
        if (auto callers = m->get("callers")) alloc.callers = addresses_in(*callers);
        if (auto heap = m->get("heap")) alloc.heap = std::string(*heap);
        pending_ = std::move(alloc);
        return true;
      }
      case RecordKind::frame: {
        const auto address = number(*m->get("address"), true);
        if (!address) return bad("address");
        if (!pending_) {
          sink.on_event(SkipEvent{pos, SkipKind::malformed_record,
                                  "a frame line with no allocation line before it"});
          return true;
        }
        std::uint64_t index = pending_->callers.size() + frames_.size();
        if (auto text = m->get("index")) {
          const auto i = number(*text, false);
          if (!i) return bad("index");
          index = *i;
        }
        if (!frames_.empty() && index <= frames_.back().first) {
          // The numbering starts again: these frames are another allocation's, whose line
          // was not read (mangled past the pattern, or lost). They must not join this one.
          flush(sink);
          sink.on_event(SkipEvent{pos, SkipKind::malformed_record,
                                  fmt::format("frame [{}] starts another allocation, whose "
                                              "line was not read",
                                              index)});
          return true;
        }
        frames_.emplace_back(index, *address);
        return true;
      }
      case RecordKind::free: {
        flush(sink);
        const auto address = number(*m->get("address"), true);
        if (!address) return bad("address");
        sink.on_event(FreeEvent{pos, *address, {}, {}, {}});
        return true;
      }
      case RecordKind::task: {
        const auto handle = number(*m->get("handle"), true);
        if (!handle) return bad("handle");
        const std::string name(*m->get("name"));
        named_tasks_[name] = *handle;
        sink.on_event(TaskNameEvent{pos, *handle, name});
        return true;
      }
      case RecordKind::dump_begin: {
        flush(sink);
        SnapshotBegin begin;
        begin.pos = pos;
        begin.layout = DumpLayout::custom;
        if (auto count = m->get("count")) begin.records_declared = number(*count, false).value_or(0);
        sink.on_event(begin);
        return true;
      }
      case RecordKind::dump_end: {
        flush(sink);
        SnapshotEnd end;
        end.pos = pos;
        end.complete = true;
        if (auto bytes = m->get("bytes")) end.reported_bytes = number(*bytes, false);
        if (auto count = m->get("count")) end.reported_count = number(*count, false);
        sink.on_event(std::move(end));
        return true;
      }
    }
  }
  return false;
}

}  // namespace leakscope
