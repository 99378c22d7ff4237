// Evaluating the CI gate (model/gate.hpp) over a finished report: each rule of the policy
// looks at the boots and their sites and adds its findings; report.gate.failed() then decides
// exit code 1.
//
//   GatePolicy policy;
//   policy.fail_on_leak = 0;               // --fail-on-leak (0: any unfreed allocation)
//   evaluate_gate(report, policy);
//   return report.gate.failed() ? exit_leaks : exit_clean;
//
// Rules, in the order findings are listed per boot:
// - leak_bytes: a boot's counted unfreed bytes (sites whose status is leak, added or grown)
//   over fail_on_leak; with fail_on_leak 0 any counted allocation fails, even malloc(0)
//   blocks, as with LSan.
// - baseline_new, baseline_growth: with a baseline (apply_baseline ran first: sites are added,
//   grown or known), one finding per fingerprint the boot has that the baseline does not, and
//   per fingerprint grown beyond --max-growth (analyze/baseline.hpp).
// - heap_trend: a boot whose heap telemetry says leaking, by the bytes its free heap lost for
//   good (heap.persistent_loss_bytes) over fail_on_leak.
#pragma once

#include <cstdint>

#include "leakscope/model/report.hpp"

namespace leakscope {

struct GatePolicy {
  std::uint64_t fail_on_leak = 0;  // bytes a boot may leave unfreed
};

// Adds the policy's findings to report.gate.findings (sites' statuses are read, not changed).
void evaluate_gate(Report& report, const GatePolicy& policy);

// Whether a site's bytes count against the gate: not suppressed, not known to the baseline.
bool counted(const SiteGroup& site);

}  // namespace leakscope
