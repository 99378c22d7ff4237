// Evaluating the CI gate (model/gate.hpp) over a finished report: each rule of the policy
// looks at the boots and their sites and adds its findings; report.gate.failed() then decides
// exit code 1.
//
//   GatePolicy policy;
//   policy.fail_on_leak = 0;               // --fail-on-leak (0: any unfreed allocation)
//   policy.max_site_bytes = 4096;          // --max-site-bytes
//   evaluate_gate(report, policy);
//   return report.gate.failed() ? exit_leaks : exit_clean;
//
// Rules, in the order findings are listed per boot (after apply_suppressions' suppression_cap
// findings, sorted in with them); a rule set to warn adds its findings with failed = false:
// - leak_bytes: a boot's counted unfreed bytes (sites whose status is leak, added or grown)
//   over fail_on_leak; with fail_on_leak 0 any counted allocation fails, even malloc(0)
//   blocks, as with LSan. Off when fail_on_leak is none.
// - site_bytes, site_count: a counted site holding more bytes, or more allocations, than
//   max_site_bytes / max_site_count in one boot; one finding per site.
// - baseline_new, baseline_growth: with a baseline (apply_baseline ran first: sites are added,
//   grown or known), one finding per fingerprint the boot has that the baseline does not, and
//   per fingerprint grown beyond --max-growth (analyze/baseline.hpp).
// - heap_trend: a boot whose heap telemetry says leaking, by the bytes its free heap lost for
//   good (heap.persistent_loss_bytes) over fail_on_leak (0 when none). By default it fails
//   only a boot without a heap trace, where telemetry is the only evidence; where there is a
//   trace, the trace's sites decide and the trend is a warning. trend: fail or warn for all.
// - incomplete_trace: a boot whose evidence cannot show every live allocation (a trace buffer
//   that overflowed, records lost on the way, a dump cut off: BootReport::incomplete).
// Then, about the whole run (gate_rule_run_wide), after every boot's:
// - skipped_evidence: skipped records (every diagnostics.skipped kind) plus lines not
//   understood, over max_skipped; no limit when none.
// - stale_suppression: a suppression that matched no site in any boot (a warning unless
//   stale_suppressions is fail).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "leakscope/model/report.hpp"

namespace leakscope {

// What a rule's findings do: fail the gate (exit 1), or only show.
enum class GateAction : std::uint8_t { fail, warn };

struct GatePolicy {
  std::optional<std::uint64_t> fail_on_leak = 0;  // bytes a boot may leave unfreed; none: off
  std::optional<std::uint64_t> max_site_bytes;    // per site and boot; none: no limit
  std::optional<std::uint64_t> max_site_count;
  std::optional<GateAction> trend;  // none: fail only boots without a heap trace
  GateAction incomplete = GateAction::warn;
  std::optional<std::uint64_t> max_skipped;  // none: no limit
  GateAction stale_suppressions = GateAction::warn;
};

// Adds the policy's findings to report.gate.findings (sites' statuses are read, not changed),
// then sorts all findings: by boot, then rule, then fingerprint, the run-wide ones last.
void evaluate_gate(Report& report, const GatePolicy& policy);

// Whether a site's bytes count against the gate: not suppressed, not known to the baseline.
bool counted(const SiteGroup& site);

// How findings (and generated suppressions) name a site: "net_open at src/net.c:42", or its
// address when nothing else is known.
std::string site_place(const SiteGroup& site);

}  // namespace leakscope
