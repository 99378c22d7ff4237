// What the CI outputs (JUnit, SARIF, the Markdown summary, GitHub annotations) show of a run,
// worked out once so that they tell one story: each leak site's outcome under the gate's
// findings (report.gate, model/gate.hpp), the findings about a boot as a whole and those about
// the whole run (which name no boot), a site and its stack as lines of text, and source paths
// relative to the repository. The gate's rules are not evaluated here: these only read what
// evaluate_gate and the suppressions and baseline left in the report.
//
//   for (const BootReport& boot : report.boots)
//     for (const SiteGroup& site : boot.leaks.by_site) {
//       const ci::SiteOutcome o = ci::site_outcome(report.gate, boot, site);
//       if (o.kind == ci::Outcome::failed) fail(ci::site_name(site), o.message);
//     }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/report.hpp"

namespace leakscope::ci {

enum class Outcome : std::uint8_t { passed, warned, failed, skipped };

struct SiteOutcome {
  Outcome kind = Outcome::passed;
  GateRule rule = GateRule::leak_bytes;  // the rule behind the outcome (leak_bytes if none)
  std::string message;  // failed, warned: the findings' words; skipped: why; passed: empty
};

// A site's outcome: failed when a failed finding names it (its boot and fingerprint) or when it
// counts towards a failed leak_bytes finding of its boot (its bytes are what that rule added
// up: not suppressed, not known to the baseline); warned likewise for findings set to warn;
// skipped when it is suppressed or known and no finding names it; else passed.
SiteOutcome site_outcome(const Gate& gate, const BootReport& boot, const SiteGroup& site);

// The findings about one boot as a whole (no fingerprint), in the gate's order.
std::vector<const GateFinding*> boot_findings(const Gate& gate, std::uint32_t boot);
// The findings about the whole run (gate_rule_run_wide: evidence skipped over all inputs,
// suppressions that matched nothing), in the gate's order. They carry boot 0 but belong to no
// boot: outputs show them on their own, never as boot 0's.
std::vector<const GateFinding*> run_findings(const Gate& gate);

// The gate's verdict in a word: "failed" or "passed".
std::string_view verdict_word(const Gate& gate);

// A rule's title ("unfreed allocations in a boot") and help (what it checks, which option
// sets it), for SARIF's rules and the Markdown summary.
std::string_view rule_title(GateRule rule);
std::string_view rule_help(GateRule rule);

// "function at file:line", degrading to what is known; the address alone when nothing is;
// "(no callers recorded)" for a site without callers. Files are relative to source_root where
// they lie under it (repo_path), so that names stay the same on every CI machine.
std::string site_name(const SiteGroup& site, std::string_view source_root);
// The same for a cycle-growth site.
std::string cycle_site_name(const CycleSite& site, std::string_view source_root);

// "96 bytes in 1 allocation (96 B each; task net)"
std::string site_figures(const SiteGroup& site);

// One line per frame, innermost first, at most max_frames and then "... N more frames":
// "0x00000e27 (inlined) net_session_open at firmware/net_task.c:54" (files as in site_name).
std::vector<std::string> stack_lines(const FrameList& stack, std::string_view source_root,
                                     std::size_t max_frames = 16);

// "1 allocation", "2 allocations"
std::string count_of(std::uint64_t n, std::string_view noun);

// A source path as CI tools want it: relative to source_root (the repository: the directory
// leakscope ran in) when it lies under it, else as given. An empty root changes nothing.
std::string repo_path(std::string_view path, std::string_view source_root);

}  // namespace leakscope::ci
