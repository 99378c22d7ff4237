// The CI gate: what a run was asked to enforce, what each rule found, and so its exit code.
// One model for every output: the text and JSON reports, JUnit, SARIF, the Markdown summary and
// the GitHub annotations all print these findings, so they never tell different stories.
//
// Order of a run (cli/analyze_command.cpp):
//   Report report = build_report(...);               // sites carry fingerprints
//   apply_suppressions(report, suppressions);         // SiteGroup::status, gate.suppressions
//   apply_baseline(report, baseline, max_growth);     // SiteGroup::baseline_*, status
//   evaluate_gate(report, policy);                    // gate.findings
//   exit code: 2 for input errors, else 1 when report.gate.failed(), else 0
//
// A finding is about one site of one boot (fingerprint set), one boot as a whole, or, for the
// run-wide rules (gate_rule_run_wide: skipped_evidence, stale_suppression), the whole run: those
// carry boot 0 and no fingerprint, and outputs name no boot (JSON: boot null). Rules set to warn
// still produce findings, with failed = false: outputs show them, the exit code does not count
// them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope {

enum class GateRule : std::uint8_t {
  leak_bytes,        // --fail-on-leak: a boot's unfreed bytes over the threshold
  site_bytes,        // --max-site-bytes: one site's unfreed bytes over the limit
  site_count,        // --max-site-count: one site's unfreed allocations over the limit
  suppression_cap,   // a suppression's max_bytes / max_count exceeded by what it matched
  baseline_new,      // a site the baseline does not have
  baseline_growth,   // a site grown beyond --max-growth since the baseline
  heap_trend,        // --fail-on-trend: a boot's heap telemetry says leaking
  incomplete_trace,  // a boot's trace overflowed or lost records (--on-incomplete)
  skipped_evidence,  // more skipped records or unparsed lines than --max-skipped
  stale_suppression, // a suppression matched nothing (--fail-on-stale-suppressions)
};
std::string_view gate_rule_name(GateRule rule);  // "leak_bytes", "site_bytes", ...
bool gate_rule_run_wide(GateRule rule);          // about the run, not a boot

struct GateFinding {
  GateRule rule = GateRule::leak_bytes;
  bool failed = true;        // false: a warning (the rule is set to warn)
  std::uint32_t boot = 0;    // BootReport::index
  std::string fingerprint;   // the site's (SiteGroup::fingerprint); empty: the whole boot
  std::string message;       // one sentence: what, how much, against which limit
};

// What the gate made of one leak site (SiteGroup::status).
enum class SiteStatus : std::uint8_t {
  leak,        // counted: no suppression, no baseline says otherwise
  suppressed,  // a suppression without caps matched it, or its caps hold
  known,       // in the baseline, not grown beyond --max-growth
  grown,       // in the baseline, grown beyond --max-growth
  added,       // not in the baseline ("new" in outputs)
};
std::string_view site_status_name(SiteStatus status);  // "leak", ..., "new"

// One entry of a suppression file and what it matched over the whole run.
struct SuppressionUse {
  std::string pattern;                 // as written after "leak:"
  std::string source;                  // "FILE:LINE"
  std::optional<std::uint64_t> max_bytes, max_count;  // caps; none: suppress any amount
  std::uint64_t sites = 0;             // sites it matched (over all boots)
  std::uint64_t bytes = 0, count = 0;  // their unfreed bytes and allocations
  bool exceeded = false;               // a cap was exceeded: the sites fail (suppression_cap)
  bool stale() const { return sites == 0; }
};

struct BaselineInfo {
  std::string path;   // the baseline report it was read from
  std::string label;  // how outputs name it ("baseline"; the JSON's tool version / inputs)
  std::uint64_t sites = 0;  // sites (fingerprints) in the baseline
  std::uint64_t gone = 0;   // of those, sites the candidate no longer has
  std::string max_growth;   // the growth allowed, for messages ("0 bytes", "10%")
};

struct Gate {
  std::vector<GateFinding> findings;          // by boot, then rule, then fingerprint
  std::vector<SuppressionUse> suppressions;   // in file order
  std::optional<BaselineInfo> baseline;

  bool failed() const {
    for (const GateFinding& f : findings)
      if (f.failed) return true;
    return false;
  }
};

}  // namespace leakscope
