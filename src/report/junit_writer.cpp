#include "leakscope/report/junit_writer.hpp"

#include <algorithm>
#include <ostream>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "leakscope/report/elf_check_text.hpp"
#include "leakscope/model/utf8.hpp"
#include "report/ci_view.hpp"
#include "report/heap_text.hpp"

namespace leakscope {

namespace {

// XML 1.0 text: & < > escaped (and " in attributes, where line breaks and tabs are written as
// character references so that a reader does not fold them into spaces); bytes that are not
// UTF-8 and the characters XML forbids (C0 controls, U+FFFE, U+FFFF) become U+FFFD.
std::string xml(std::string_view raw, bool attribute = false) {
  const std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += attribute ? "&quot;" : "\""; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      case '\r': out += "&#13;"; continue;
      default: break;
    }
    const bool noncharacter = text.compare(i, 2, "\xef\xbf") == 0 && i + 2 < text.size() &&
                              (text[i + 2] == '\xbe' || text[i + 2] == '\xbf');
    if (static_cast<unsigned char>(c) < 0x20 || noncharacter) {
      out += "\xef\xbf\xbd";
      if (noncharacter) i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

struct Case {
  enum Kind { passed, failed, skipped };
  explicit Case(std::string case_name, std::string source_file = {})
      : name(std::move(case_name)), file(std::move(source_file)) {}
  std::string name;
  std::string file;  // the source file, for readers that link to it
  Kind kind = passed;
  std::string type;     // the failure's rule
  std::string message;  // the failure's or skip's one line
  std::string text;     // the failure's body: figures and stack
  std::string out;      // <system-out>
};

struct Suite {
  std::string name;
  std::string classname;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<Case> cases;

  std::size_t count(Case::Kind kind) const {
    std::size_t n = 0;
    for (const Case& c : cases) n += c.kind == kind ? 1 : 0;
    return n;
  }
};

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + '\n';
  return text;
}

class JunitBuilder {
 public:
  JunitBuilder(const Report& report, std::string_view source_root)
      : report_(report), source_root_(source_root) {}

  std::vector<Suite> build() const {
    std::vector<Suite> suites;
    for (const BootReport& boot : report_.boots) suites.push_back(boot_suite(boot));
    if (std::vector<const GateFinding*> run = ci::run_findings(report_.gate); !run.empty())
      suites.push_back(run_suite(run));
    if (!report_.gate.suppressions.empty()) suites.push_back(suppression_suite());
    return suites;
  }

 private:
  Suite boot_suite(const BootReport& boot) const {
    Suite s{
        fmt::format("boot {}", boot.index), fmt::format("leakscope.boot{}", boot.index), {}, {}};
    s.properties.emplace_back("start", position_text(report_, boot.start));
    if (!boot.reset_reason.empty()) s.properties.emplace_back("reset_reason", boot.reset_reason);
    if (!boot.elf.path.empty()) s.properties.emplace_back("elf", boot.elf.path);
    s.properties.emplace_back("elf_status", std::string(elf_match_name(boot.elf.match)));
    if (!boot.trace.layout.empty()) s.properties.emplace_back("heap_trace", boot.trace.layout);
    s.properties.emplace_back("leakscope_version", LEAKSCOPE_VERSION);

    std::vector<const GateFinding*> findings = ci::boot_findings(report_.gate, boot.index);
    if (boot.has_trace)
      s.cases.push_back(rule_case(GateRule::leak_bytes, findings, leak_summary(boot)));
    if (boot.heap) {
      const HeapText heap = boot_heap_text(report_, *boot.heap);
      s.cases.push_back(
          rule_case(GateRule::heap_trend, findings,
                    fmt::format("{}: {}\n", heap_verdict_name(heap.verdict), heap.headline) +
                        joined(heap.details)));
    }
    if (boot.has_trace) {
      const bool judged = std::any_of(findings.begin(), findings.end(), [](const GateFinding* f) {
        return f->rule == GateRule::incomplete_trace;
      });
      Case c = rule_case(GateRule::incomplete_trace, findings,
                         boot.incomplete ? joined(boot.incomplete_reasons) : "complete\n");
      if (!judged && boot.incomplete) {
        c.kind = Case::skipped;  // incomplete, and the gate was not asked to judge it
        c.message = "the trace is incomplete and the gate does not check it";
        if (!boot.incomplete_reasons.empty()) c.message += ": " + boot.incomplete_reasons.front();
      }
      s.cases.push_back(std::move(c));
    }
    add_rule_cases(s, findings);  // rules about the boot as a whole not shown above
    for (const SiteGroup& site : boot.leaks.by_site) s.cases.push_back(site_case(boot, site));
    if (boot.cycle_growth)
      for (const CycleSite& c : boot.cycle_growth->sites)
        s.cases.push_back(cycle_case(*boot.cycle_growth, c));
    if (boot.heap && boot.heap->cycles) s.cases.push_back(heap_cycles_case(*boot.heap->cycles));
    return s;
  }

  // The findings of the whole run (stale suppressions, skipped evidence): no boot's.
  static Suite run_suite(std::vector<const GateFinding*> findings) {
    Suite s{"run", "leakscope.run", {{"leakscope_version", LEAKSCOPE_VERSION}}, {}};
    add_rule_cases(s, findings);
    return s;
  }

  // A case per rule of `findings`, in their order, which takes them all.
  static void add_rule_cases(Suite& s, std::vector<const GateFinding*>& findings) {
    while (!findings.empty()) s.cases.push_back(rule_case(findings.front()->rule, findings, ""));
  }

  // The case of one rule about a boot or the run as a whole; its findings are taken out of
  // `findings`.
  static Case rule_case(GateRule rule, std::vector<const GateFinding*>& findings,
                        const std::string& summary) {
    Case c{std::string(gate_rule_name(rule))};
    std::string warnings;
    for (auto it = findings.begin(); it != findings.end();) {
      const GateFinding& f = **it;
      if (f.rule != rule) {
        ++it;
        continue;
      }
      if (f.failed) {
        c.kind = Case::failed;
        c.type = c.name;
        c.message += (c.message.empty() ? "" : "; ") + f.message;
      } else {
        warnings += "warning: " + f.message + '\n';
      }
      it = findings.erase(it);
    }
    (c.kind == Case::failed ? c.text : c.out) = warnings + summary;
    return c;
  }

  static std::string leak_summary(const BootReport& boot) {
    const LeakSummary& l = boot.leaks;
    if (l.count == 0) return "no unfreed allocations\n";
    return fmt::format("{} unfreed in {} at {}\n", ci::count_of(l.bytes, "byte"),
                       ci::count_of(l.count, "allocation"),
                       ci::count_of(l.by_site.size(), "call site"));
  }

  Case site_case(const BootReport& boot, const SiteGroup& site) const {
    Case c{fmt::format("{} [{}]", ci::site_name(site, source_root_), site.fingerprint),
           ci::repo_path(site.file, source_root_)};
    const std::string details =
        fmt::format("{}\nfingerprint {}{}\nstatus {}\n", ci::site_figures(site), site.fingerprint,
                    site.fingerprint_by_address ? " (by address: this build only)" : "",
                    site_status_name(site.status)) +
        joined(ci::stack_lines(site.stack, source_root_));
    const ci::SiteOutcome o = ci::site_outcome(report_.gate, boot, site);
    switch (o.kind) {
      case ci::Outcome::failed:
        c.kind = Case::failed;
        c.type = gate_rule_name(o.rule);
        c.message = o.message;
        c.text = details;
        break;
      case ci::Outcome::skipped:
        c.kind = Case::skipped;
        c.message = o.message;
        c.out = details;
        break;
      case ci::Outcome::warned: c.out = "warning: " + o.message + '\n' + details; break;
      case ci::Outcome::passed: c.out = details; break;
    }
    return c;
  }

  Case cycle_case(const CycleGrowth& g, const CycleSite& site) const {
    Case c{fmt::format("cycle growth of {} [{}]", ci::cycle_site_name(site, source_root_),
                       site.fingerprint)};
    c.out = fmt::format(
        "{}: grew in {} and shrank in {} of the last {} cycles, {:+} B over them, {} B live at "
        "the end\n",
        cycle_growth_kind_name(site.kind), site.grew_in, site.shrank_in, g.window,
        site.window_growth_bytes, site.live_bytes);
    return c;
  }

  static Case heap_cycles_case(const HeapCycles& cycles) {
    Case c{"heap per cycle"};
    c.out = fmt::format("{} cycles begun, {} measured", cycles.count, cycles.measured);
    if (cycles.median_retained_bytes)
      c.out += fmt::format("; free heap kept per cycle: {} (median)",
                           heap_bytes_text(*cycles.median_retained_bytes));
    c.out += '\n';
    return c;
  }

  Suite suppression_suite() const {
    Suite s{"suppressions", "leakscope.suppressions", {}, {}};
    for (const SuppressionUse& u : report_.gate.suppressions) {
      Case c{fmt::format("leak:{} ({})", u.pattern, u.source)};
      const std::string matched =
          fmt::format("matched {}: {} in {}\n", ci::count_of(u.sites, "site"),
                      ci::count_of(u.bytes, "byte"), ci::count_of(u.count, "allocation"));
      if (u.exceeded) {
        c.kind = Case::failed;
        c.type = gate_rule_name(GateRule::suppression_cap);
        c.message = fmt::format("caps exceeded: {} in {}{}{}", ci::count_of(u.bytes, "byte"),
                                ci::count_of(u.count, "allocation"),
                                u.max_bytes ? fmt::format(", max_bytes {}", *u.max_bytes) : "",
                                u.max_count ? fmt::format(", max_count {}", *u.max_count) : "");
        c.text = matched;
      } else if (u.stale()) {
        c.kind = Case::skipped;
        c.message = "stale: it matched no leak site";
      } else {
        c.out = matched;
      }
      s.cases.push_back(std::move(c));
    }
    return s;
  }

  const Report& report_;
  std::string_view source_root_;
};

void write_case(std::ostream& out, const Suite& suite, const Case& c) {
  out << "    <testcase name=\"" << xml(c.name, true) << "\" classname=\""
      << xml(suite.classname, true) << '"';
  if (!c.file.empty()) out << " file=\"" << xml(c.file, true) << '"';
  if (c.kind == Case::passed && c.out.empty()) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  if (c.kind == Case::failed)
    out << "      <failure message=\"" << xml(c.message, true) << "\" type=\"" << xml(c.type, true)
        << "\">" << xml(c.text) << "</failure>\n";
  if (c.kind == Case::skipped)
    out << "      <skipped message=\"" << xml(c.message, true) << "\"/>\n";
  if (!c.out.empty()) out << "      <system-out>" << xml(c.out) << "</system-out>\n";
  out << "    </testcase>\n";
}

}  // namespace

void write_junit(const Report& report, std::ostream& out, std::string_view source_root) {
  const std::vector<Suite> suites = JunitBuilder(report, source_root).build();
  std::size_t tests = 0, failures = 0, skipped = 0;
  for (const Suite& s : suites) {
    tests += s.cases.size();
    failures += s.count(Case::failed);
    skipped += s.count(Case::skipped);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << fmt::format(
             "<testsuites name=\"leakscope\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
             "skipped=\"{}\">\n",
             tests, failures, skipped);
  for (const Suite& s : suites) {
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
        xml(s.name, true), s.cases.size(), s.count(Case::failed), s.count(Case::skipped));
    if (!s.properties.empty()) {
      out << "    <properties>\n";
      for (const auto& [name, value] : s.properties)
        out << "      <property name=\"" << xml(name, true) << "\" value=\"" << xml(value, true)
            << "\"/>\n";
      out << "    </properties>\n";
    }
    for (const Case& c : s.cases) write_case(out, s, c);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace leakscope
