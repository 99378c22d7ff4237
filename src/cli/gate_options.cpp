#include "gate_options.hpp"

#include <fstream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "leakscope/analyze/suppressions.hpp"

namespace leakscope {

void add_gate_options(CLI::App& cmd, AnalyzeOptions& o) {
  cmd.add_option("--suppressions", o.suppressions,
                 "Suppression file of known leaks: LeakSanitizer's leak:PATTERN lines, with "
                 "optional caps (max_bytes=BYTES max_count=N); repeatable")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile);
  cmd.add_flag("--fail-on-stale-suppressions", o.fail_on_stale_suppressions,
               "Exit 1 when a suppression matched no leak site (else a warning)");
  CLI::Option* gen =
      cmd.add_option("--gen-suppressions", o.gen_suppressions,
                     "Write a suppression file for the leak sites this run counts, one entry "
                     "per function");
  cmd.add_flag("--gen-suppressions-caps", o.gen_suppressions_caps,
               "Cap each generated entry at the bytes and allocations it matched (the most in "
               "one boot): it fails once the leak grows")
      ->needs(gen);
  cmd.add_option("--max-site-bytes", o.max_site_bytes,
                 "Exit 1 when one call site leaves more than BYTES unfreed in a boot")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--max-site-count", o.max_site_count,
                 "Exit 1 when one call site leaves more than N allocations unfreed in a boot")
      ->check(CLI::NonNegativeNumber);
  CLI::Option* trend = cmd.add_flag_callback(
      "--fail-on-trend", [&o] { o.fail_on_trend = true; },
      "Exit 1 when heap telemetry says leaking, in every boot (default: only in boots without "
      "a heap trace)");
  cmd.add_flag_callback(
         "--no-fail-on-trend", [&o] { o.fail_on_trend = false; },
         "Only warn when heap telemetry says leaking, in every boot")
      ->excludes(trend);
  cmd.add_option("--on-incomplete", o.on_incomplete,
                 "A boot whose trace is incomplete (buffer overflowed, records lost): fail "
                 "(exit 1) or warn")
      ->check(CLI::IsMember({"fail", "warn"}))
      ->capture_default_str();
  cmd.add_option("--max-skipped", o.max_skipped,
                 "Exit 1 when more than N records were skipped and lines not understood "
                 "(default: no limit)")
      ->check(CLI::NonNegativeNumber);
}

GatePolicy gate_policy(const AnalyzeOptions& o) {
  GatePolicy policy;
  // Per-site limits alone mean "sites up to N are fine": the boot-wide default of 0 would
  // fail those sites anyway, so it is off unless given.
  const bool site_limits = o.max_site_bytes || o.max_site_count;
  policy.fail_on_leak = o.fail_on_leak  ? o.fail_on_leak
                        : site_limits ? std::nullopt
                                      : std::optional<std::uint64_t>(0);
  policy.max_site_bytes = o.max_site_bytes;
  policy.max_site_count = o.max_site_count;
  if (o.fail_on_trend) policy.trend = *o.fail_on_trend ? GateAction::fail : GateAction::warn;
  policy.incomplete = o.on_incomplete == "fail" ? GateAction::fail : GateAction::warn;
  policy.max_skipped = o.max_skipped;
  policy.stale_suppressions = o.fail_on_stale_suppressions ? GateAction::fail : GateAction::warn;
  return policy;
}

bool write_generated_suppressions(const AnalyzeOptions& o, Io& io, const Report& report) {
  if (o.gen_suppressions.empty()) return true;
  std::ofstream out(o.gen_suppressions, std::ios::binary | std::ios::trunc);
  out << generate_suppressions(report, o.gen_suppressions_caps);
  out.flush();
  if (!out) {
    error_line(io, o.gen_suppressions + ": cannot write");
    return false;
  }
  spdlog::debug("suppressions for the counted leak sites written to {}", o.gen_suppressions);
  return true;
}

}  // namespace leakscope
