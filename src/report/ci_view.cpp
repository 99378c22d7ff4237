#include "report/ci_view.hpp"

#include <fmt/format.h>

namespace leakscope::ci {

namespace {

// "function at file:line", degrading to what is known.
std::string location(const std::string& function, const std::string& file, std::uint32_t line,
                     std::string_view source_root) {
  const std::string name = function.empty() ? "??" : function;
  if (file.empty()) return name;
  const std::string path = repo_path(file, source_root);
  return line == 0 ? fmt::format("{} at {}", name, path)
                   : fmt::format("{} at {}:{}", name, path, line);
}

std::string skip_reason(const Gate& gate, const SiteGroup& site) {
  if (site.status == SiteStatus::suppressed) {
    for (const SuppressionUse& s : gate.suppressions)
      if (s.source == site.suppressed_by)
        return fmt::format("suppressed by leak:{} ({})", s.pattern, s.source);
    return "suppressed" + (site.suppressed_by.empty() ? "" : " by " + site.suppressed_by);
  }
  std::string text = "known to the baseline";
  if (gate.baseline && !gate.baseline->label.empty()) text += " (" + gate.baseline->label + ")";
  if (site.baseline_bytes && site.baseline_count)
    text += fmt::format(", which had {} in {}", count_of(*site.baseline_bytes, "byte"),
                        count_of(*site.baseline_count, "allocation"));
  return text;
}

void add(SiteOutcome& outcome, GateRule rule, const std::string& message) {
  if (outcome.message.empty())
    outcome.rule = rule;
  else
    outcome.message += "; ";
  outcome.message += message;
}

}  // namespace

SiteOutcome site_outcome(const Gate& gate, const BootReport& boot, const SiteGroup& site) {
  SiteOutcome failed{Outcome::failed, GateRule::leak_bytes, {}};
  SiteOutcome warned{Outcome::warned, GateRule::leak_bytes, {}};
  const bool counted = site.status != SiteStatus::suppressed && site.status != SiteStatus::known;
  // Findings naming the site first: their rule is the more specific one.
  for (const GateFinding& f : gate.findings)
    if (f.boot == boot.index && !f.fingerprint.empty() && f.fingerprint == site.fingerprint)
      add(f.failed ? failed : warned, f.rule, f.message);
  for (const GateFinding& f : gate.findings)
    if (f.boot == boot.index && f.fingerprint.empty() && f.rule == GateRule::leak_bytes && counted)
      add(f.failed ? failed : warned, f.rule,
          fmt::format("counted in boot {}: {}", boot.index, f.message));
  if (!failed.message.empty()) {
    if (!warned.message.empty()) failed.message += "; warning: " + warned.message;
    return failed;
  }
  if (!warned.message.empty()) return warned;
  if (!counted) return {Outcome::skipped, GateRule::leak_bytes, skip_reason(gate, site)};
  return {};
}

std::vector<const GateFinding*> boot_findings(const Gate& gate, std::uint32_t boot) {
  std::vector<const GateFinding*> out;
  for (const GateFinding& f : gate.findings)
    if (f.boot == boot && f.fingerprint.empty() && !gate_rule_run_wide(f.rule)) out.push_back(&f);
  return out;
}

std::vector<const GateFinding*> run_findings(const Gate& gate) {
  std::vector<const GateFinding*> out;
  for (const GateFinding& f : gate.findings)
    if (gate_rule_run_wide(f.rule)) out.push_back(&f);
  return out;
}

std::string_view verdict_word(const Gate& gate) { return gate.failed() ? "failed" : "passed"; }

std::string_view rule_title(GateRule rule) {
  switch (rule) {
    case GateRule::leak_bytes: return "unfreed allocations in a boot";
    case GateRule::site_bytes: return "unfreed bytes at one call site";
    case GateRule::site_count: return "unfreed allocations at one call site";
    case GateRule::suppression_cap: return "a capped suppression exceeded";
    case GateRule::baseline_new: return "a leak site the baseline does not have";
    case GateRule::baseline_growth: return "a leak site grown since the baseline";
    case GateRule::heap_trend: return "free heap falling for good";
    case GateRule::incomplete_trace: return "an incomplete heap trace";
    case GateRule::skipped_evidence: return "evidence that could not be read";
    case GateRule::stale_suppression: return "a suppression that matched nothing";
  }
  return "unknown rule";
}

std::string_view rule_help(GateRule rule) {
  switch (rule) {
    case GateRule::leak_bytes:
      return "A boot left more bytes unfreed than --fail-on-leak allows (by default any unfreed "
             "allocation). Sites a suppression matched and sites the baseline knows do not "
             "count; the sites that do are listed.";
    case GateRule::site_bytes:
      return "One call site left more bytes unfreed than --max-site-bytes allows.";
    case GateRule::site_count:
      return "One call site left more allocations unfreed than --max-site-count allows.";
    case GateRule::suppression_cap:
      return "The sites a suppression matched hold more than its max_bytes or max_count: a "
             "tolerated leak grew, so it counts again.";
    case GateRule::baseline_new:
      return "A leak site, by fingerprint, that the baseline report (--baseline) does not have.";
    case GateRule::baseline_growth:
      return "A leak site the baseline report has, grown by more than --max-growth.";
    case GateRule::heap_trend:
      return "The boot's heap telemetry says the free heap is leaking: it lost bytes that never "
             "came back (--fail-on-trend).";
    case GateRule::incomplete_trace:
      return "The boot's heap trace overflowed or lost records, so unfreed allocations may be "
             "missing from the report (--on-incomplete).";
    case GateRule::skipped_evidence:
      return "More trace records were skipped or log lines not understood than --max-skipped "
             "allows.";
    case GateRule::stale_suppression:
      return "A suppression entry matched no leak site in the whole run: the leak it named is "
             "gone or renamed; remove or update it (--fail-on-stale-suppressions).";
  }
  return "";
}

std::string site_name(const SiteGroup& site, std::string_view source_root) {
  if (site.address == 0 && (!site.stack || site.stack->empty())) return "(no callers recorded)";
  if (site.function.empty() && site.file.empty()) return fmt::format("{:#010x}", site.address);
  return location(site.function, site.file, site.line, source_root);
}

std::string cycle_site_name(const CycleSite& site, std::string_view source_root) {
  if (site.function.empty() && site.file.empty()) return fmt::format("{:#010x}", site.address);
  return location(site.function, site.file, site.line, source_root);
}

std::string count_of(std::uint64_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string site_figures(const SiteGroup& site) {
  const GroupStats& s = site.stats;
  std::string text =
      fmt::format("{} in {}", count_of(s.bytes, "byte"), count_of(s.count, "allocation"));
  text += s.min_size == s.max_size ? fmt::format(" ({} B each", s.min_size)
                                   : fmt::format(" ({}-{} B each", s.min_size, s.max_size);
  if (!site.tasks.empty()) {
    text += site.tasks.size() == 1 ? "; task " : "; tasks ";
    for (std::size_t i = 0; i < site.tasks.size(); ++i) text += (i ? ", " : "") + site.tasks[i];
  }
  return text + ")";
}

std::vector<std::string> stack_lines(const FrameList& stack, std::string_view source_root,
                                     std::size_t max_frames) {
  std::vector<std::string> lines;
  if (!stack) return lines;
  for (const Frame& f : *stack) {
    if (lines.size() == max_frames) {
      lines.push_back(fmt::format("... {} more frames", stack->size() - max_frames));
      break;
    }
    lines.push_back(fmt::format("{:#010x} {}{}{}", f.address, f.inlined ? "(inlined) " : "",
                                location(f.function, f.file, f.line, source_root),
                                f.in_code ? "" : " (not code)"));
  }
  return lines;
}

std::string repo_path(std::string_view path, std::string_view source_root) {
  while (source_root.size() > 1 && source_root.back() == '/') source_root.remove_suffix(1);
  if (source_root == "/") return std::string(path.starts_with('/') ? path.substr(1) : path);
  if (source_root.empty() || path.size() <= source_root.size() + 1 ||
      !path.starts_with(source_root) || path[source_root.size()] != '/')
    return std::string(path);
  return std::string(path.substr(source_root.size() + 1));
}

}  // namespace leakscope::ci
