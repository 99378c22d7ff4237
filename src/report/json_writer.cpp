#include "leakscope/report/json_writer.hpp"

#include <ostream>

#include <fmt/format.h>

#include "leakscope/report/elf_check_text.hpp"
#include "report/heap_json.hpp"
#include "report/json_values.hpp"

namespace leakscope {

namespace {

using nlohmann::json;
using namespace json_values;  // hex, or_null, line_or_null

class JsonBuilder {
 public:
  explicit JsonBuilder(const Report& report) : report_(report) {}

  // Binary inputs have no lines: their positions are byte offsets.
  json position(SourcePos pos) const {
    const auto& inputs = report_.diagnostics.inputs;
    return json_values::position(pos.input < inputs.size() ? &inputs[pos.input].name : nullptr, pos);
  }

  // in_code is only known for addresses that were looked up in an ELF.
  json frame(const Frame& f, bool symbolized) const {
    return {{"address", hex(f.address)}, {"function", or_null(f.function)},
            {"file", or_null(f.file)}, {"line", line_or_null(f.line)},
            {"inlined", f.inlined},      {"allocator", f.plumbing},
            {"in_code", symbolized ? json(f.in_code) : json(nullptr)},
            {"module", or_null(f.module)},  {"module_symbol", or_null(f.module_symbol)}};
  }

  json stack(const FrameList& frames, bool symbolized) const {
    json out = json::array();
    for (const Frame& f : *frames) out.push_back(frame(f, symbolized));
    return out;
  }

  void stats(json& out, const GroupStats& s) const {
    out["bytes"] = s.bytes;
    out["count"] = s.count;
    out["min_size"] = s.min_size;
    out["max_size"] = s.max_size;
    out["first_seq"] = s.first_seq;
    out["last_seq"] = s.last_seq;
    out["first_seen"] = position(s.first_pos);
    out["last_seen"] = position(s.last_pos);
  }

  // A call site: its stable fingerprint, its frame's function and file:line (null when
  // unknown) and its address (null when there were no callers at all).
  static json site_identity(const std::string& fingerprint, const std::string& function,
                            const std::string& file, std::uint32_t line,
                            std::uint64_t address) {
    return {{"fingerprint", fingerprint},
            {"function", or_null(function)},
            {"file", or_null(file)},
            {"line", line_or_null(line)},
            {"address", address == 0 ? json(nullptr) : hex(address)}};
  }

  json blocks(const std::vector<LeakedBlock>& list) const {
    json out = json::array();
    for (const LeakedBlock& b : list)
      out.push_back({{"address", hex(b.address)}, {"size", b.size}, {"seq", b.seq},
                     {"seen", position(b.pos)}});
    return out;
  }

  // glibc mtrace's anomalies: per kind, the count and the first few with their callers.
  json anomalies(const std::vector<HeapAnomalies>& groups, bool symbolized) const {
    json out = json::array();
    for (const HeapAnomalies& g : groups) {
      json first = json::array();
      for (const HeapAnomaly& a : g.first)
        first.push_back({{"address", hex(a.address)},
                         {"size", a.size},
                         {"seen", position(a.pos)},
                         {"site", a.site < a.stack->size() ? json(a.site) : json(nullptr)},
                         {"stack", stack(a.stack, symbolized)}});
      out.push_back({{"kind", heap_anomaly_kind_name(g.kind)},
                     {"count", g.count},
                     {"first", std::move(first)}});
    }
    return out;
  }

  json leaks(const LeakSummary& leaks, bool symbolized) const {
    json by_site = json::array();
    for (const SiteGroup& g : leaks.by_site) {
      json site = site_identity(g.fingerprint, g.function, g.file, g.line, g.address);
      site["fingerprint_by_address"] = g.fingerprint_by_address;
      site["status"] = site_status_name(g.status);
      site["suppressed_by"] = or_null(g.suppressed_by);
      site["baseline_bytes"] = or_null(g.baseline_bytes);  // --baseline (analyze/baseline.hpp)
      site["baseline_count"] = or_null(g.baseline_count);
      stats(site, g.stats);
      site["tasks"] = g.tasks;
      site["distinct_stacks"] = g.distinct_stacks;
      site["stack"] = stack(g.stack, symbolized);
      site["module"] = or_null(g.module);
      site["blocks"] = blocks(g.blocks);
      by_site.push_back(std::move(site));
    }
    json by_stack = json::array();
    for (const StackGroup& g : leaks.by_stack) {
      json s = json::object();
      stats(s, g.stats);
      s["tasks"] = g.tasks;
      s["stack"] = stack(g.stack, symbolized);
      by_stack.push_back(std::move(s));
    }
    json by_task = json::array();
    for (const TaskGroup& g : leaks.by_task) {
      json t = {{"task", g.task}, {"handle", g.handle ? hex(*g.handle) : json(nullptr)}};
      stats(t, g.stats);
      by_task.push_back(std::move(t));
    }
    return {{"bytes", leaks.bytes},
            {"count", leaks.count},
            {"by_site", std::move(by_site)},
            {"by_stack", std::move(by_stack)},
            {"by_task", std::move(by_task)}};
  }

  static json losses(const std::vector<TraceLoss>& lost) {
    json out = json::array();
    for (const TraceLoss& l : lost)
      out.push_back({{"cause", loss_cause_name(l.cause)},
                     {"records", l.records},
                     {"bytes", l.bytes},
                     {"unknown", l.unknown}});
    return out;
  }

  json trace(const TraceInfo& t) const {
    return {{"dumps", t.dumps},
            {"layout", or_null(t.layout)},
            {"mode", or_null(t.mode)},
            {"capacity", t.capacity},
            {"records", t.records},
            {"freed_records", t.freed_records},
            {"reported_bytes", or_null(t.reported_bytes)},
            {"reported_count", or_null(t.reported_count)},
            {"total_allocations", or_null(t.total_allocations)},
            {"total_frees", or_null(t.total_frees)},
            {"tick_ns", t.tick_ns == 0 ? json(nullptr) : json(t.tick_ns)},
            {"firmware", or_null(t.firmware)},
            {"failed_allocations", t.failed_allocations},
            {"unmatched_frees", t.unmatched_frees},
            {"heap_samples", t.heap_samples},
            {"markers", t.markers},
            {"lost", losses(t.lost)}};
  }

  json boot_elf(const BootReport& b) const {
    const BootElf& e = b.elf;
    json printed = json::array();
    for (const ElfIdentityEvent& p : e.printed) {
      json entry = position(p.pos);
      entry["sha256_prefix"] = or_null(p.sha256_prefix);
      entry["build_id"] = or_null(p.build_id);
      printed.push_back(std::move(entry));
    }
    return {{"status", std::string(elf_match_name(e.match))},
            {"path", or_null(e.path)},
            {"sha256", or_null(e.sha256)},
            {"symbolized", e.symbolized},
            {"refused", e.refused},
            {"message", or_null(elf_problem_text(report_, b))},
            {"printed", std::move(printed)}};
  }

  static json cycle_growth(const CycleGrowth& g) {
    json sites = json::array();
    for (const CycleSite& c : g.sites) {
      json site = site_identity(c.fingerprint, c.function, c.file, c.line, c.address);
      site["kind"] = cycle_growth_kind_name(c.kind);
      site["grew_in"] = c.grew_in;
      site["shrank_in"] = c.shrank_in;
      site["window_growth_bytes"] = c.window_growth_bytes;
      site["live_bytes"] = c.live_bytes;
      sites.push_back(std::move(site));
    }
    return {{"cycles", g.cycles},
            {"window", g.window},
            {"threshold", g.threshold},
            {"sites", std::move(sites)}};
  }

  json crash(const Crash& c, bool symbolized) const {
    json registers = json::array();
    for (const CrashRegister& r : c.registers)
      for (const Frame& f : r.frames) {
        json entry = frame(f, symbolized);
        entry["register"] = r.name;
        registers.push_back(std::move(entry));
      }
    json backtrace = json::array();
    for (const Frame& f : c.backtrace) backtrace.push_back(frame(f, symbolized));
    auto hex_or_null = [](const std::optional<std::uint64_t>& v) {
      return v ? hex(*v) : json(nullptr);
    };
    json owner = nullptr;
    if (c.owner) {
      const CrashOwner& o = *c.owner;
      owner = site_identity(o.fingerprint, o.function, o.file, o.line, o.address);
      owner["address"] = hex(o.address);
      owner["size"] = o.size;
      owner["task"] = o.task;
      owner["stack"] = stack(o.stack, symbolized);
    }
    return {{"kind", crash_kind_name(c.kind)},
            {"reason", c.reason},
            {"core", c.core ? json(*c.core) : json(nullptr)},
            {"at", position(c.at)},
            {"time", c.logged_at ? json(c.logged_at->seconds) : json(nullptr)},
            {"time_base", c.logged_at ? json(time_base_name(c.logged_at->base)) : json(nullptr)},
            {"text", c.text},
            {"details", c.details},
            {"registers", std::move(registers)},
            {"backtrace", std::move(backtrace)},
            {"backtrace_corrupted", c.backtrace_corrupted},
            {"backtrace_continues", c.backtrace_continues},
            {"block", hex_or_null(c.block)},
            {"expected", hex_or_null(c.expected)},
            {"got", hex_or_null(c.got)},
            {"size", c.size ? json(*c.size) : json(nullptr)},
            {"owner", std::move(owner)}};
  }

  json boot(const BootReport& b) const {
    json events = json::array();
    for (const Crash& c : b.crashes) events.push_back(crash(c, b.elf.symbolized));
    return {{"index", b.index},
            {"start", position(b.start)},
            {"banner", or_null(b.banner)},
            {"reset_reason", or_null(b.reset_reason)},
            {"has_trace", b.has_trace},
            {"incomplete", b.incomplete},
            {"incomplete_reasons", b.incomplete_reasons},
            {"trace", b.has_trace ? trace(b.trace) : json(nullptr)},
            {"elf", boot_elf(b)},
            {"leaks", leaks(b.leaks, b.elf.symbolized)},
            {"anomalies", anomalies(b.anomalies, b.elf.symbolized)},
            {"cycle_growth", b.cycle_growth ? cycle_growth(*b.cycle_growth) : json(nullptr)},
            {"heap", b.heap ? boot_heap_json(*b.heap, [this](SourcePos p) { return position(p); })
                            : json(nullptr)},
            {"events", std::move(events)},
            {"events_dropped", b.crashes_dropped}};
  }

  static json trace_stats(const TraceStats& t) {
    json unknown = json::object();
    for (const auto& [type, count] : t.unknown_types) unknown[fmt::format("{:#04x}", type)] = count;
    return {{"frames", t.frames},
            {"damaged_frames", t.damaged_frames},
            {"unsynced_bytes", t.unsynced_bytes},
            {"malformed_records", t.malformed_records},
            {"refused_frames", t.refused_frames},
            {"unknown_types", std::move(unknown)}};
  }

  json diagnostics() const {
    const Diagnostics& d = report_.diagnostics;
    json inputs = json::array();
    for (const InputSummary& i : d.inputs) {
      json formats = json::array();
      for (const FormatLines& f : i.formats) {
        json runs = json::array();
        for (const LineRun& r : f.runs) runs.push_back({r.first, r.last});
        formats.push_back({{"format", line_format_name(f.format)},
                           {"lines", f.lines},
                           {"runs", std::move(runs)},
                           {"more_runs", f.more_runs}});
      }
      json quoted = json::array();
      for (const QuotedLine& q : i.first_not_understood)
        quoted.push_back({{"line", q.line}, {"text", q.text}});
      inputs.push_back({{"name", i.name},
                        {"lines", i.lines},
                        {"error", or_null(i.error)},
                        {"carrier", or_null(i.carrier)},
                        {"hint", or_null(i.hint)},
                        {"bytes", i.bytes},
                        {"warning", or_null(i.warning)},
                        {"formats", std::move(formats)},
                        {"not_understood", i.not_understood},
                        {"first_not_understood", std::move(quoted)}});
    }
    json first = json::array();
    for (SourcePos p : d.lines.first_not_understood) first.push_back(position(p));
    json skipped = json::array();
    for (const SkipSummary& s : d.skipped) {
      json where = json::array();
      for (SourcePos p : s.first) where.push_back(position(p));
      skipped.push_back({{"kind", skip_kind_name(s.kind)},
                         {"count", s.count},
                         {"first", std::move(where)},
                         {"detail", s.first_detail}});
    }
    return {{"inputs", std::move(inputs)},
            {"lines",
             {{"read", d.lines.read},
              {"blank", d.lines.blank},
              {"heap_trace", d.lines.heap_trace},
              {"log", d.lines.log},
              {"heap_telemetry", d.lines.heap_telemetry},
              {"boot", d.lines.boot},
              {"monitor", d.lines.monitor},
              {"elf_sha256", d.lines.elf_sha256},
              {"trace", d.lines.trace},
              {"records", d.lines.records},
              {"crash", d.lines.crash},
              {"not_understood", d.lines.not_understood},
              {"overlong", d.lines.overlong},
              {"first_not_understood", std::move(first)}}},
            {"trace", trace_stats(d.trace)},
            {"skipped", std::move(skipped)},
            {"symbolization",
             {{"addresses", d.symbolization.addresses},
              {"unknown", d.symbolization.unknown},
              {"not_in_code", d.symbolization.not_in_code}}},
            {"warnings", d.warnings}};
  }

  // What the CI gate found (model/gate.hpp); README "JSON report" documents it.
  json gate() const {
    const Gate& g = report_.gate;
    json findings = json::array();
    for (const GateFinding& f : g.findings)
      findings.push_back({{"rule", gate_rule_name(f.rule)},
                          {"failed", f.failed},
                          {"boot", gate_rule_run_wide(f.rule) ? json(nullptr) : json(f.boot)},
                          {"fingerprint", or_null(f.fingerprint)},
                          {"message", f.message}});
    json suppressions = json::array();
    for (const SuppressionUse& u : g.suppressions)
      suppressions.push_back({{"pattern", u.pattern},
                              {"source", u.source},
                              {"max_bytes", or_null(u.max_bytes)},
                              {"max_count", or_null(u.max_count)},
                              {"sites", u.sites},
                              {"bytes", u.bytes},
                              {"count", u.count},
                              {"exceeded", u.exceeded},
                              {"stale", u.stale()}});
    return {{"failed", g.failed()},
            {"findings", std::move(findings)},
            {"suppressions", std::move(suppressions)},
            {"baseline", baseline()}};
  }

  // The baseline a run was compared with (--baseline), or null.
  json baseline() const {
    if (!report_.gate.baseline) return nullptr;
    const BaselineInfo& b = *report_.gate.baseline;
    return {{"path", b.path},
            {"label", b.label},
            {"sites", b.sites},
            {"gone", b.gone},
            {"max_growth", b.max_growth}};
  }

  json build() const {
    json elfs = json::array();
    for (const ElfInfo& e : report_.elfs)
      elfs.push_back({{"path", e.path},
                      {"arch", std::string(arch_name(e.arch))},
                      {"has_dwarf", e.has_dwarf},
                      {"has_symtab", e.has_symtab},
                      {"build_id", or_null(e.build_id)},
                      {"sha256", or_null(e.sha256)},
                      {"debug_file", or_null(e.debug_file)}});
    json boots = json::array();
    std::uint64_t incomplete = 0;
    for (const BootReport& b : report_.boots) {
      boots.push_back(boot(b));
      incomplete += b.incomplete ? 1 : 0;
    }
    return {{"schema_version", report_schema_version},
            {"tool", {{"name", "leakscope"}, {"version", LEAKSCOPE_VERSION}}},
            {"elfs", std::move(elfs)},
            {"summary",
             {{"boots", report_.boots.size()},
              {"incomplete_boots", incomplete},
              {"leaked_bytes", report_.leaked_bytes},
              {"leaked_count", report_.leaked_count}}},
            {"boots", std::move(boots)},
            {"diagnostics", diagnostics()},
            {"gate", gate()}};
  }

 private:
  const Report& report_;
};

}  // namespace

json report_to_json(const Report& report) { return JsonBuilder(report).build(); }

void write_json(const Report& report, std::ostream& out) {
  // Strings from the log may hold bytes that are not UTF-8: replace them rather than fail.
  out << report_to_json(report).dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace leakscope
