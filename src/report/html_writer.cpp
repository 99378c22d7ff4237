#include "leakscope/report/html_writer.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "leakscope/report/elf_check_text.hpp"
#include "report/crash_text.hpp"
#include "report/heap_chart.hpp"
#include "report/input_text.hpp"
#include "report/heap_text.hpp"

namespace leakscope {

namespace {

constexpr std::size_t sites_shown = 10;

constexpr const char* style = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; max-width: 960px; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
.verdict-leaking { color: #b00020; font-weight: 600; } .verdict-stable { color: #1b5e20; }
.verdict-insufficient { color: #8a6d00; }
.note { color: #555; } .crash { color: #b00020; }
table { border-collapse: collapse; margin: .5em 0; } td, th { padding: 2px 8px; text-align: left; }
td.num, th.num { text-align: right; } tr:nth-child(even) { background: #f4f4f4; }
svg.heap-chart { width: 100%; height: auto; background: #fafafa; border: 1px solid #ddd; }
.axis { stroke: #888; } .tick { font-size: 11px; fill: #555; }
.samples { fill: none; stroke: #1565c0; stroke-width: 1.5; }
.trend { stroke: #b00020; stroke-width: 1.5; } .forecast { stroke: #b00020; stroke-dasharray: 6 4; }
.floor { stroke: #8a6d00; stroke-dasharray: 2 3; } .drop { stroke: #b00020; stroke-opacity: .35; }
.bar { fill: #1565c0; } .bar-label { font-size: 12px; fill: #222; }
.gate-failed { color: #b00020; font-weight: 600; } .gate-passed { color: #1b5e20; font-weight: 600; }
.frames { font-family: ui-monospace, monospace; font-size: 13px; margin: .2em 0 .6em; }
pre.quote { background: #f4f4f4; padding: 2px 6px; margin: 0; white-space: pre-wrap; }
)";

// A site's place; its address when nothing names it.
std::string site_text(const SiteGroup& g) {
  if (g.function.empty() && g.file.empty()) return fmt::format("{:#010x}", g.address);
  return location_text(g.function, g.file, g.line);
}

class HtmlPrinter {
 public:
  HtmlPrinter(const Report& report, std::ostream& out) : report_(report), out_(out) {}

  void print() {
    out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>leakscope report</title>\n<style>"
         << style << "</style>\n</head>\n<body data-ready=\"0\">\n<h1>leakscope</h1>\n";
    out_ << fmt::format("<p class=\"summary\">{} boot{}, {} bytes unfreed in {} allocation{}</p>\n",
                        report_.boots.size(), report_.boots.size() == 1 ? "" : "s",
                        report_.leaked_bytes, report_.leaked_count,
                        report_.leaked_count == 1 ? "" : "s");
    print_gate();
    for (const BootReport& boot : report_.boots) print_boot(boot);
    print_inputs();
    for (const std::string& w : report_.diagnostics.warnings)
      out_ << "<p class=\"note\">warning: " << html_escape(w) << "</p>\n";
    // Runs last: says the page rendered and how many charts it drew.
    out_ << "<script>document.body.dataset.ready = "
            "String(document.querySelectorAll('svg.heap-chart').length);</script>\n"
            "</body>\n</html>\n";
  }

 private:
  void print_boot(const BootReport& boot) {
    out_ << fmt::format("<section class=\"boot\" id=\"boot-{}\">\n<h2>Boot {} from {}", boot.index,
                        boot.index, html_escape(position_text(report_, boot.start)));
    if (!boot.reset_reason.empty()) out_ << " &middot; " << html_escape(boot.reset_reason);
    if (boot.incomplete) out_ << " &middot; INCOMPLETE";
    out_ << "</h2>\n";
    for (const std::string& reason : boot.incomplete_reasons)
      out_ << "<p class=\"note\">" << html_escape(reason) << "</p>\n";
    if (boot.heap) print_heap(boot.index, *boot.heap);
    if (boot.leaks.count > 0) {
      print_sites(boot.leaks);
      print_tasks(boot.index, boot.leaks);
    } else if (boot.has_trace) {
      out_ << "<p>no unfreed allocations</p>\n";
    }
    for (const Crash& crash : boot.crashes) print_crash(crash);
    if (boot.crashes_dropped > 0)
      out_ << fmt::format("<p class=\"note\">{} more crashes not kept</p>\n", boot.crashes_dropped);
    out_ << "</section>\n";
  }

  // The verdict and each finding, as the text report's gate block says them.
  void print_gate() {
    const Gate& gate = report_.gate;
    out_ << "<section class=\"gate\" id=\"gate\">\n<p class=\"gate-"
         << (gate.failed() ? "failed\">gate: FAILED" : "passed\">gate: passed") << "</p>\n";
    if (!gate.findings.empty()) {
      out_ << "<ul class=\"findings\">\n";
      for (const GateFinding& f : gate.findings) {
        const std::string where =
            gate_rule_run_wide(f.rule) ? std::string("run") : fmt::format("boot {}", f.boot);
        out_ << fmt::format("<li{}>{} {} {}: {}</li>\n", f.failed ? " class=\"crash\"" : "",
                            f.failed ? "FAIL" : "warn", where, gate_rule_name(f.rule),
                            html_escape(f.message));
      }
      out_ << "</ul>\n";
    }
    out_ << "</section>\n";
  }

  void print_frames(const std::vector<Frame>& frames, const std::string& role) {
    out_ << "<ol class=\"frames\">\n";
    for (const Frame& f : frames) out_ << "<li>" << html_escape(frame_text(f, role)) << "</li>\n";
    out_ << "</ol>\n";
  }

  void print_crash(const Crash& c) {
    out_ << "<div class=\"crash-event\">\n<p class=\"crash\">"
         << html_escape(crash_headline(report_, c)) << "</p>\n";
    for (const std::string& detail : c.details)
      out_ << "<p class=\"note\">then: " << html_escape(detail) << "</p>\n";
    for (const CrashRegister& r : c.registers) print_frames(r.frames, r.name);
    if (!c.backtrace.empty()) {
      out_ << "<p>" << html_escape(backtrace_title(c)) << ":</p>\n";
      print_frames(c.backtrace, {});
    }
    if (const std::string owner = crash_owner_text(c); !owner.empty())
      out_ << "<p>" << html_escape(owner) << "</p>\n";
    out_ << "</div>\n";
  }

  // What each input held, on which lines, and the lines nobody read (quoted).
  void print_inputs() {
    out_ << "<section class=\"inputs\" id=\"inputs\">\n<h2>Inputs</h2>\n";
    for (const InputSummary& input : report_.diagnostics.inputs) {
      out_ << "<p>" << html_escape(input_headline(input)) << "</p>\n";
      if (!input.formats.empty()) {
        out_ << "<table class=\"formats\">\n<tr><th>format</th><th class=\"num\">lines</th>"
                "<th>where</th></tr>\n";
        for (const FormatLines& f : input.formats) {
          out_ << fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                              line_format_name(f.format), f.lines,
                              line_runs_text(f, FormatLines::max_runs));
        }
        out_ << "</table>\n";
      }
      if (input.not_understood == 0) continue;
      out_ << fmt::format("<p class=\"note\">{} line{} not understood, the first:</p>\n",
                          input.not_understood, input.not_understood == 1 ? "" : "s");
      for (const QuotedLine& q : input.first_not_understood)
        out_ << fmt::format("<pre class=\"quote\">line {}: {}</pre>\n", q.line, html_escape(q.text));
    }
    out_ << "</section>\n";
  }

  void print_heap(std::size_t index, const BootHeap& heap) {
    const HeapText t = boot_heap_text(report_, heap);
    const std::string verdict(heap_verdict_name(t.verdict));
    out_ << fmt::format("<p class=\"verdict-{}\">heap: {}: {}</p>\n", verdict, verdict,
                        html_escape(t.headline));
    out_ << heap_chart_svg(report_, index, heap);
    out_ << "<ul class=\"heap-details\">\n";
    for (const std::string& d : t.details) {
      if (d.starts_with("before drops: ")) continue;  // the table below has them
      out_ << "<li" << (d.starts_with("ended in a crash") ? " class=\"crash\"" : "") << ">"
           << html_escape(d) << "</li>\n";
    }
    out_ << "</ul>\n";
    if (heap.correlated_events.empty()) return;
    out_ << "<table class=\"correlated\">\n<tr><th>message the drops follow</th><th class=\"num\">"
            "before a drop</th><th class=\"num\">drops</th><th class=\"num\">lost per "
            "occurrence</th></tr>\n";
    for (const CorrelatedMessage& e : heap.correlated_events)
      out_ << fmt::format(
          "<tr><td>{}</td><td class=\"num\">{} of {}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td></tr>\n",
          html_escape(e.pattern), e.followed_by_drop, e.occurrences, e.drops,
          html_escape(heap_bytes_text(e.mean_loss_bytes)));
    out_ << "</table>\n";
  }

  void print_sites(const LeakSummary& leaks) {
    out_ << "<table class=\"sites\">\n<tr><th class=\"num\">bytes</th><th class=\"num\">count</th>"
            "<th>call site</th><th>tasks</th><th>fingerprint</th></tr>\n";
    for (std::size_t i = 0; i < leaks.by_site.size() && i < sites_shown; ++i) {
      const SiteGroup& g = leaks.by_site[i];
      std::string tasks;
      for (const std::string& task : g.tasks) tasks += (tasks.empty() ? "" : ", ") + task;
      out_ << fmt::format(
          "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>"
          "<td>{}</td><td class=\"fingerprint\">{}</td></tr>\n",
          g.stats.bytes, g.stats.count,
          html_escape(site_text(g)), html_escape(tasks),
          g.fingerprint);
    }
    out_ << "</table>\n";
  }

  // Bytes per task as horizontal bars.
  void print_tasks(std::size_t index, const LeakSummary& leaks) {
    const std::uint64_t most =
        leaks.by_task.empty() ? 1 : std::max<std::uint64_t>(1, leaks.by_task.front().stats.bytes);
    const double row = 20;
    out_ << fmt::format(
        "<svg class=\"tasks\" id=\"tasks-{}\" viewBox=\"0 0 760 {}\" role=\"img\" "
        "aria-label=\"unfreed bytes per task\">\n",
        index, row * static_cast<double>(leaks.by_task.size()) + 4);
    double y = 2;
    for (const TaskGroup& t : leaks.by_task) {
      const double w = 400.0 * static_cast<double>(t.stats.bytes) / static_cast<double>(most);
      out_ << fmt::format(
          "<rect class=\"bar\" x=\"200\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"14\"/>"
          "<text class=\"bar-label\" x=\"194\" y=\"{:.0f}\" text-anchor=\"end\">{}</text>"
          "<text class=\"bar-label\" x=\"{:.1f}\" y=\"{:.0f}\">{} B</text>\n",
          y, w, y + 12, html_escape(t.task), 206 + w, y + 12, t.stats.bytes);
      y += row;
    }
    out_ << "</svg>\n";
  }

  const Report& report_;
  std::ostream& out_;
};

}  // namespace

void write_html(const Report& report, std::ostream& out) { HtmlPrinter(report, out).print(); }

}  // namespace leakscope
