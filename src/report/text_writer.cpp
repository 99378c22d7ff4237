#include "leakscope/report/text_writer.hpp"

#include <ostream>

#include <fmt/format.h>

#include "leakscope/report/elf_check_text.hpp"
#include "report/crash_text.hpp"
#include "report/heap_text.hpp"
#include "report/input_text.hpp"

namespace leakscope {

namespace {

class TextPrinter {
 public:
  static constexpr std::size_t max_cycle_sites = 10;

  TextPrinter(const Report& report, std::ostream& out, const TextStyle& style)
      : report_(report), out_(out), style_(style) {}

  void print() {
    print_header();
    for (const BootReport& boot : report_.boots) print_boot(boot);
    print_diagnostics();
    print_gate();
  }

 private:
  std::string paint(std::string_view code, std::string_view text) const {
    if (!style_.color) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  std::string bold(std::string_view t) const { return paint("1", t); }
  std::string red(std::string_view t) const { return paint("1;31", t); }
  std::string yellow(std::string_view t) const { return paint("33", t); }
  std::string dim(std::string_view t) const { return paint("2", t); }

  std::string where(SourcePos pos) const { return position_text(report_, pos); }

  // " in /lib/x86_64-linux-gnu/libc.so.6 (__strdup+1a)": the object of a frame no ELF named.
  static std::string object_text(const std::string& module, const std::string& symbol) {
    if (module.empty()) return {};
    return fmt::format(" in {}{}", module, symbol.empty() ? "" : " (" + symbol + ")");
  }

  static std::string site_name(const SiteGroup& site) {
    if (site.address == 0 && site.stack->empty()) return "(no callers recorded)";
    if (site.function.empty() && site.file.empty())
      return fmt::format("{:#010x}", site.address) + object_text(site.module, {});
    return location_text(site.function, site.file, site.line);
  }

  static std::string size_range(const GroupStats& s) {
    return s.min_size == s.max_size ? fmt::format("{}", s.min_size)
                                    : fmt::format("{}-{}", s.min_size, s.max_size);
  }

  void print_header() {
    std::size_t incomplete = 0;
    for (const BootReport& b : report_.boots) incomplete += b.incomplete ? 1 : 0;
    out_ << bold("leakscope") << ": " << report_.boots.size()
         << (report_.boots.size() == 1 ? " boot" : " boots");
    if (incomplete > 0) out_ << " (" << incomplete << " incomplete)";
    out_ << ", ";
    const std::string total = fmt::format("{} bytes unfreed in {} allocation{}",
                                          report_.leaked_bytes, report_.leaked_count,
                                          report_.leaked_count == 1 ? "" : "s");
    out_ << (report_.leaked_bytes > 0 ? red(total) : total) << '\n';
    for (const ElfInfo& elf : report_.elfs) {
      out_ << "  elf: " << elf.path << " (" << arch_name(elf.arch)
           << (elf.has_dwarf ? ", DWARF" : elf.has_symtab ? ", symbols only" : ", stripped")
           << ", SHA-256 " << (elf.sha256.empty() ? "unknown" : elf.sha256.substr(0, 16) + "...")
           << ")\n";
    }
  }

  void print_boot(const BootReport& boot) {
    out_ << '\n'
         << bold(fmt::format("Boot {}", boot.index)) << " from " << where(boot.start);
    if (!boot.reset_reason.empty()) out_ << " · " << boot.reset_reason;
    else if (!boot.banner.empty()) out_ << " · " << boot.banner;
    if (boot.incomplete) out_ << " · " << yellow("INCOMPLETE");
    out_ << '\n';
    for (const std::string& reason : boot.incomplete_reasons) out_ << "  ! " << reason << '\n';
    print_boot_elf(boot);
    if (boot.heap) print_heap(*boot.heap);
    for (const Crash& crash : boot.crashes) print_crash(crash);
    if (boot.crashes_dropped > 0)
      out_ << fmt::format("  {} more crashes not kept\n", boot.crashes_dropped);
    if (!boot.has_trace) {
      out_ << "  no heap trace in this boot\n";
      return;
    }
    if (boot.trace.dumps > 0)
      print_dump(boot.trace);
    else
      print_stream(boot.trace);
    if (!boot.anomalies.empty()) print_anomalies(boot.anomalies);
    if (boot.cycle_growth) print_cycle_growth(*boot.cycle_growth);

    const LeakSummary& leaks = boot.leaks;
    if (leaks.count == 0) {
      out_ << "  no unfreed allocations\n";
      return;
    }
    out_ << "  unfreed: "
         << red(fmt::format("{} bytes in {} allocation{}", leaks.bytes, leaks.count,
                            leaks.count == 1 ? "" : "s"))
         << " at " << leaks.by_site.size() << " call site"
         << (leaks.by_site.size() == 1 ? "" : "s") << "\n\n";
    print_sites(leaks);
    print_tasks(leaks);
  }

  // "crash at line 120: panic (LoadProhibited) on core 0", the registers, the backtrace, and
  // for heap corruption the block and the allocation that owned it.
  void print_crash(const Crash& c) {
    out_ << "  " << red(crash_headline(report_, c)) << '\n';
    for (const std::string& detail : c.details) out_ << "    then: " << detail << '\n';
    for (const CrashRegister& r : c.registers)
      for (const Frame& f : r.frames) out_ << "    " << frame_text(f, r.name) << '\n';
    if (!c.backtrace.empty()) {
      out_ << "    " << backtrace_title(c) << ":\n";
      for (const Frame& f : c.backtrace) out_ << "      " << frame_text(f, {}) << '\n';
    }
    if (const std::string owner = crash_owner_text(c); !owner.empty())
      out_ << "    " << owner << '\n';
  }

  void print_heap(const BootHeap& heap) {
    const HeapText t = boot_heap_text(report_, heap);
    std::string verdict(heap_verdict_name(t.verdict));
    for (char& c : verdict) c = static_cast<char>(c - 'a' + 'A');
    out_ << "  heap: "
         << (t.verdict == HeapVerdict::leaking  ? red(verdict)
             : t.verdict == HeapVerdict::stable ? verdict
                                                : yellow(verdict))
         << ": " << t.headline << '\n';
    for (const std::string& d : t.details) out_ << "    " << d << '\n';
  }

  // "cycles: 12 begun; over the last 10, by call site:" then one line per site.
  void print_cycle_growth(const CycleGrowth& g) {
    out_ << fmt::format("  cycles: {} begun; over the last {} (likely leak: grew in {} or more):\n",
                        g.cycles, g.window, g.threshold);
    if (g.sites.empty()) out_ << "    no call site grew in most cycles, or holds bytes of them\n";
    std::size_t shown = 0;
    for (const CycleSite& c : g.sites) {
      if (shown++ == max_cycle_sites) {
        out_ << fmt::format("    {} more sites\n", g.sites.size() - max_cycle_sites);
        break;
      }
      const std::string kind(cycle_growth_kind_name(c.kind));
      out_ << "    " << (c.kind == CycleGrowthKind::likely_leak ? red(kind) : kind)
           << fmt::format(" grew in {}, shrank in {}, {:+} B over them, {} B live  ", c.grew_in,
                          c.shrank_in, c.window_growth_bytes, c.live_bytes)
           << (c.function.empty() && c.file.empty() ? fmt::format("{:#010x}", c.address)
                                                    : location_text(c.function, c.file, c.line))
           << '\n';
    }
  }

  // glibc mtrace's complaints, per kind with the first few: "line 11: 0x55d1... by main at
  // t.c:16".
  void print_anomalies(const std::vector<HeapAnomalies>& groups) {
    constexpr std::size_t shown = 3;
    out_ << "  anomalies (allocator calls that do not fit the blocks traced):\n";
    for (const HeapAnomalies& g : groups) {
      std::string_view what;
      switch (g.kind) {
        case HeapAnomalyKind::duplicate_alloc: what = "allocation of a block already allocated"; break;
        case HeapAnomalyKind::unknown_free: what = "free of a block never allocated"; break;
        case HeapAnomalyKind::unknown_realloc: what = "realloc of a block never allocated"; break;
        case HeapAnomalyKind::duplicate_realloc: what = "realloc returned a block already allocated"; break;
      }
      out_ << "    " << yellow(fmt::format("{}: {}", what, g.count)) << '\n';
      for (std::size_t i = 0; i < g.first.size() && i < shown; ++i) {
        const HeapAnomaly& a = g.first[i];
        const std::string size = a.size > 0 ? fmt::format(" ({} bytes)", a.size) : "";
        const std::string site =
            a.site < a.stack->size() ? " by " + frame_location((*a.stack)[a.site]) : "";
        out_ << fmt::format("      {}: {:#x}{}{}\n", where(a.pos), a.address, size, site);
      }
      if (g.count > shown) out_ << fmt::format("      {} more\n", g.count - shown);
    }
  }

  void print_dump(const TraceInfo& t) {
    out_ << "  heap trace: " << t.layout << " dump";
    if (t.dumps > 1) out_ << " (last of " << t.dumps << ")";
    if (!t.mode.empty()) out_ << ", mode " << t.mode;
    out_ << ", " << t.records << " records";
    if (t.capacity > 0) out_ << " (" << t.capacity << " capacity)";
    if (t.total_allocations && t.total_frees)
      out_ << "; device counted " << *t.total_allocations << " allocations, " << *t.total_frees
           << " frees";
    out_ << '\n';
  }

  // "heap trace: leakscope-trace 1.0 stream from gateway 1.2, 120 allocations, 100 frees, ..."
  void print_stream(const TraceInfo& t) {
    out_ << "  heap trace: " << (t.layout.empty() ? "binary trace" : t.layout) << " stream";
    if (!t.firmware.empty()) out_ << " from " << t.firmware;
    out_ << ", " << t.records << " allocations, " << t.freed_records << " frees";
    auto count = [&](std::uint64_t n, std::string_view what) {
      if (n > 0) out_ << ", " << n << ' ' << what;
    };
    count(t.failed_allocations, "failed allocations");
    count(t.unmatched_frees, "frees of blocks not seen allocated");
    count(t.heap_samples, "heap samples");
    count(t.markers, "markers");
    out_ << '\n';
  }

  void print_boot_elf(const BootReport& boot) {
    if (std::string problem = elf_problem_text(report_, boot); !problem.empty()) {
      out_ << "  ! " << red(problem) << '\n';
    } else if (std::string status = elf_status_text(report_, boot); !status.empty()) {
      out_ << "  elf: " << status << '\n';
    }
  }

  void print_sites(const LeakSummary& leaks) {
    out_ << dim(fmt::format("  {:>9} {:>6} {:>10}  {}", "BYTES", "COUNT", "SIZE", "CALL SITE"))
         << '\n';
    for (const SiteGroup& site : leaks.by_site) {
      std::string tasks;
      for (const std::string& t : site.tasks) tasks += (tasks.empty() ? "" : ", ") + t;
      out_ << fmt::format("  {:>9} {:>6} {:>10}  ", site.stats.bytes, site.stats.count,
                          size_range(site.stats))
           << bold(site_name(site))
           << dim(fmt::format("  [{}] fingerprint {}", tasks, site.fingerprint))
           << site_status(site) << '\n';
      std::size_t shown = 0;
      for (const Frame& f : *site.stack) {
        if (shown++ == style_.max_frames) {
          out_ << fmt::format("{:31}...\n", "");
          break;
        }
        const std::string text = fmt::format("{:31}{}", "", frame_text(f, {}));
        out_ << (f.plumbing ? dim(text) : text) << '\n';
      }
    }
  }

  // " · suppressed by known.supp:3", " · new": what the gate made of a site, if not a leak.
  std::string site_status(const SiteGroup& site) const {
    if (site.status == SiteStatus::leak) return {};
    std::string text = fmt::format(" · {}", site_status_name(site.status));
    if (!site.suppressed_by.empty()) text += " by " + site.suppressed_by;
    return site.status == SiteStatus::suppressed ? dim(text) : yellow(text);
  }

  void print_tasks(const LeakSummary& leaks) {
    out_ << '\n' << dim(fmt::format("  {:>9} {:>6}  {}", "BYTES", "COUNT", "TASK")) << '\n';
    for (const TaskGroup& task : leaks.by_task)
      out_ << fmt::format("  {:>9} {:>6}  {}\n", task.stats.bytes, task.stats.count, task.task);
  }

  void print_line_stats(const LineStats& lines) {
    // Line kinds rarely seen are named only when there were some, to keep the line short.
    const std::string sha_lines =
        lines.elf_sha256 > 0 ? fmt::format(", {} ELF SHA-256", lines.elf_sha256) : "";
    const std::string trace_lines = lines.trace > 0 ? fmt::format(", {} binary trace", lines.trace) : "";
    const std::string telemetry_lines =
        lines.heap_telemetry > 0 ? fmt::format(", {} heap telemetry", lines.heap_telemetry) : "";
    const std::string record_lines =
        lines.records > 0 ? fmt::format(", {} custom records", lines.records) : "";
    const std::string crash_lines = lines.crash > 0 ? fmt::format(", {} crash", lines.crash) : "";
    out_ << dim(
        fmt::format("read {} lines: {} heap trace{}{}{}, {} log{}, {} boot{}, {} monitor, {} "
                    "blank, {} not understood",
                    lines.read, lines.heap_trace, trace_lines, record_lines, telemetry_lines,
                    lines.log, crash_lines, lines.boot, sha_lines, lines.monitor, lines.blank,
                    lines.not_understood));
    out_ << '\n';  // each input's lines say which were not understood (print_input)
  }

  // What each input was read as: its formats and on which lines, and the lines nobody read.
  void print_input(const InputSummary& input) {
    constexpr std::size_t runs_shown = 4;  // keeps the line short; the JSON report has more
    if (input.carrier.empty()) return;  // never opened: its error is said on stderr
    out_ << dim("input " + input_headline(input)) << '\n';
    for (const FormatLines& f : input.formats) {
      out_ << dim(fmt::format("  {:<20} {:>8} line{}  {}", line_format_name(f.format), f.lines,
                              f.lines == 1 ? " " : "s", line_runs_text(f, runs_shown)))
           << '\n';
    }
    if (input.not_understood == 0) return;
    out_ << yellow(fmt::format("  {:<20} {:>8} line{}", "not understood", input.not_understood,
                               input.not_understood == 1 ? "" : "s"))
         << '\n';
    for (const QuotedLine& q : input.first_not_understood)
      out_ << dim(fmt::format("    line {}: {}", q.line, q.text)) << '\n';
  }

  void print_trace_stats(const Diagnostics& d) {
    std::uint64_t bytes = 0;
    for (const InputSummary& input : d.inputs) bytes += input.bytes;
    std::string text = fmt::format("read {} binary trace frames", d.trace.frames);
    if (bytes > 0) text += fmt::format(" from {} bytes", bytes);
    auto count = [&](std::uint64_t n, std::string_view what) {
      if (n > 0) text += fmt::format(", {} {}", n, what);
    };
    count(d.trace.damaged_frames, "damaged");
    count(d.trace.unsynced_bytes, "bytes outside frames");
    count(d.trace.malformed_records, "malformed records");
    count(d.trace.refused_frames, "frames of an unreadable version");
    for (const auto& [type, n] : d.trace.unknown_types)
      text += fmt::format(", {} records of unknown type {:#04x}", n, type);
    out_ << dim(text) << '\n';
  }

  void print_diagnostics() {
    const Diagnostics& d = report_.diagnostics;
    out_ << '\n';
    // SystemView captures (ESP-IDF host-based heap tracing) have neither lines nor frames.
    std::uint64_t sysview_bytes = 0;
    for (const InputSummary& input : d.inputs)
      if (input.carrier.starts_with("sysview")) sysview_bytes += input.bytes;
    if (sysview_bytes > 0) out_ << dim(fmt::format("read {} bytes of SystemView captures", sysview_bytes)) << '\n';
    if (d.lines.read > 0 || (d.trace.frames == 0 && sysview_bytes == 0)) print_line_stats(d.lines);
    if (d.trace.frames > 0 || d.trace.damaged_frames > 0 || d.trace.unsynced_bytes > 0)
      print_trace_stats(d);
    for (const InputSummary& input : d.inputs) print_input(input);
    for (const SkipSummary& s : d.skipped) {
      std::string lines;
      for (SourcePos p : s.first) lines += (lines.empty() ? "" : ", ") + where(p);
      out_ << yellow(fmt::format("skipped {} {} ({}; first: {})", s.count,
                                 skip_kind_name(s.kind), s.first_detail, lines))
           << '\n';
    }
    if (d.symbolization.not_in_code > 0)
      out_ << yellow(fmt::format("{} of {} addresses are in no executable section of the ELF",
                                 d.symbolization.not_in_code, d.symbolization.addresses))
           << '\n';
    for (const std::string& w : d.warnings) out_ << yellow("warning: " + w) << '\n';
  }

  // The CI gate at the very end, where a CI log's reader looks: the verdict, each finding,
  // and what the suppressions took.
  void print_gate() {
    const Gate& gate = report_.gate;
    std::size_t failed = 0;
    for (const GateFinding& f : gate.findings) failed += f.failed ? 1 : 0;
    const std::size_t warnings = gate.findings.size() - failed;
    std::string counts;
    if (failed > 0) counts = fmt::format("{} failed", failed);
    if (warnings > 0)
      counts += fmt::format("{}{} warning{}", counts.empty() ? "" : ", ", warnings,
                            warnings == 1 ? "" : "s");
    out_ << '\n'
         << bold("gate") << ": " << (gate.failed() ? red("FAILED") : std::string("passed"))
         << (counts.empty() ? std::string() : " (" + counts + ")") << '\n';
    for (const GateFinding& f : gate.findings) {
      const std::string where =
          gate_rule_run_wide(f.rule) ? std::string("run") : fmt::format("boot {}", f.boot);
      const std::string text = fmt::format("  {} {} {}: {}", f.failed ? "FAIL" : "warn", where,
                                           gate_rule_name(f.rule), f.message);
      out_ << (f.failed ? red(text) : yellow(text))
           << (f.fingerprint.empty() ? std::string()
                                     : dim(fmt::format(" [fingerprint {}]", f.fingerprint)))
           << '\n';
    }
    if (gate.baseline) print_baseline(*gate.baseline);
    if (gate.suppressions.empty()) return;
    std::uint64_t used = 0, stale = 0, sites = 0, bytes = 0, count = 0;
    for (const SuppressionUse& u : gate.suppressions) {
      used += u.stale() ? 0 : 1;
      stale += u.stale() ? 1 : 0;
    }
    for (const BootReport& boot : report_.boots)
      for (const SiteGroup& site : boot.leaks.by_site)
        if (site.status == SiteStatus::suppressed) {
          ++sites;
          bytes += site.stats.bytes;
          count += site.stats.count;
        }
    out_ << fmt::format("  suppressed: {} site{} ({} bytes in {} allocation{}), by {} of {} "
                        "suppressions; {} stale\n",
                        sites, sites == 1 ? "" : "s", bytes, count, count == 1 ? "" : "s", used,
                        gate.suppressions.size(), stale);
  }

  // --baseline (analyze/baseline.hpp): what the run was compared with, and how many of the
  // baseline's sites it no longer has.
  void print_baseline(const BaselineInfo& b) {
    out_ << fmt::format(
        "  baseline: {} ({}): {} site{}, {} no longer leaking; growth allowed: {}\n", b.path,
        b.label, b.sites, b.sites == 1 ? "" : "s", b.gone, b.max_growth);
  }

  const Report& report_;
  std::ostream& out_;
  const TextStyle& style_;
};

}  // namespace

void write_text(const Report& report, std::ostream& out, const TextStyle& style) {
  TextPrinter(report, out, style).print();
}

}  // namespace leakscope
