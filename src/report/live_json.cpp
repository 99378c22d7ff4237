#include "leakscope/report/live_json.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "leakscope/report/json_writer.hpp"
#include "report/json_values.hpp"

namespace leakscope {

namespace {

using nlohmann::json;
using namespace json_values;  // hex, or_null, line_or_null

json position(const LiveSnapshot& s, SourcePos pos) {
  return json_values::position(pos.input < s.inputs.size() ? &s.inputs[pos.input] : nullptr, pos);
}

json site(const SiteGroup& g) {
  return {{"function", or_null(g.function)},
          {"file", or_null(g.file)},
          {"line", line_or_null(g.line)},
          {"address", g.address == 0 ? json(nullptr) : hex(g.address)},
          {"bytes", g.stats.bytes},
          {"count", g.stats.count},
          {"tasks", g.tasks}};
}

json heap(const LiveHeap& h) {
  const HeapSampleEvent& last = h.last;
  return {{"heap", or_null(last.heap)},
          {"free", or_null(last.free)},
          {"free_change", h.free_change},
          {"min_free", or_null(last.min_free)},
          {"largest_free", or_null(last.largest_free)},
          {"total", or_null(last.total)}};
}

const char* marker_kind_name(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::note: return "note";
    case MarkerKind::cycle_begin: return "cycle_begin";
    case MarkerKind::cycle_end: return "cycle_end";
  }
  return "note";
}

json marker(const std::optional<MarkerEvent>& m) {
  if (!m) return nullptr;
  return {{"kind", marker_kind_name(m->kind)}, {"number", m->number}, {"text", m->text}};
}

json boot(const LiveSnapshot& s) {
  const BootReport& b = *s.boot;
  const LeakSummary& leaks = b.leaks;
  json top = json::array();
  const std::size_t shown = std::min(leaks.by_site.size(), live_json_top_sites);
  for (std::size_t i = 0; i < shown; ++i) top.push_back(site(leaks.by_site[i]));
  json tasks = json::array();
  for (const TaskGroup& t : leaks.by_task)
    tasks.push_back({{"task", t.task},
                     {"handle", t.handle ? hex(*t.handle) : json(nullptr)},
                     {"bytes", t.stats.bytes},
                     {"count", t.stats.count}});
  json heaps = json::array();
  for (const LiveHeap& h : s.heaps) heaps.push_back(heap(h));
  return {{"index", b.index},
          {"start", position(s, b.start)},
          {"banner", or_null(b.banner)},
          {"reset_reason", or_null(b.reset_reason)},
          {"elf", std::string(elf_match_name(b.elf.match))},
          {"incomplete", b.incomplete},
          {"incomplete_reasons", b.incomplete_reasons},
          {"dump_in_progress", s.dump_in_progress},
          {"live", {{"bytes", leaks.bytes}, {"count", leaks.count}}},
          {"growth", {{"bytes", s.growth_bytes}, {"count", s.growth_count}}},
          {"sites", leaks.by_site.size()},
          {"top_sites", std::move(top)},
          {"tasks", std::move(tasks)},
          {"heaps", std::move(heaps)},
          {"lost_records", s.lost_records},
          {"last_marker", marker(s.last_marker)}};
}

// One object on one line: "type" first, for people reading the stream, then `fields` in
// nlohmann's (sorted) order. Spliced as text, so a large report is not copied to reorder it.
std::string line(std::string_view type, const json& fields) {
  // Strings from the log may hold bytes that are not UTF-8: replace them rather than fail.
  const std::string body = fields.dump(-1, ' ', false, json::error_handler_t::replace);
  return fmt::format("{{\"type\":\"{}\"{}{}\n", type, fields.empty() ? "" : ",",
                     std::string_view(body).substr(1));
}

}  // namespace

json live_snapshot_to_json(const LiveSnapshot& s) {
  return {{"type", "snapshot"},
          {"schema_version", live_snapshot_schema_version},
          {"seq", s.seq},
          {"uptime_s", s.uptime_seconds},
          {"boots", s.boots},
          {"boot", s.boot ? boot(s) : json(nullptr)},
          {"read",
           {{"lines", s.read.lines},
            {"allocs", s.read.allocs},
            {"frees", s.read.frees},
            {"skipped", s.read.skipped}}}};
}

std::string live_snapshot_json_line(const LiveSnapshot& snapshot) {
  json fields = live_snapshot_to_json(snapshot);
  fields.erase("type");
  return line("snapshot", fields);
}

std::string live_report_json_line(const Report& report) {
  json fields = report_to_json(report);
  fields["format"] = "json";
  return line("report", fields);
}

std::string live_text_report_json_line(const std::string& text) {
  return line("report", {{"format", "text"}, {"text", text}});
}

}  // namespace leakscope
