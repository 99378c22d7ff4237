// The CI gate's options of `leakscope analyze` (and --live): suppressions and policies.
//
//   add_gate_options(*cmd, options);        // in add_analyze_command
//   GatePolicy policy = gate_policy(options);   // analyze_command.hpp
//   if (!write_generated_suppressions(options, io, report)) input_error = true;
//
//   --suppressions FILE             LSan-style suppression file (analyze/suppressions.hpp)
//   --fail-on-stale-suppressions    an entry that matched nothing fails the gate
//   --gen-suppressions FILE         write entries for the leaks this run counted
//   --gen-suppressions-caps         ... capped at their current bytes and allocations
//   --max-site-bytes N, --max-site-count N      per-site limits
//   --fail-on-trend, --no-fail-on-trend         heap telemetry's leaking verdict
//   --on-incomplete fail|warn       a boot whose trace is incomplete
//   --max-skipped N                 skipped records plus lines not understood
#pragma once

#include "analyze_command.hpp"

namespace CLI {
class App;
}

namespace leakscope {

void add_gate_options(CLI::App& cmd, AnalyzeOptions& options);

// --gen-suppressions: writes the file (nothing without the option); false when it cannot be
// written (said on stderr: exit 2).
bool write_generated_suppressions(const AnalyzeOptions& options, Io& io, const Report& report);

}  // namespace leakscope
