// Baselines: the leak sites of an earlier run, by fingerprint, for the ratchet of
// `analyze --baseline` (fail only on new sites and on growth) and for `leakscope diff`.
//
//   Result<Baseline> base = read_baseline("leaks-main.json");  // an earlier JSON report
//   Result<GrowthLimit> limit = parse_growth_limit("10%");      // --max-growth
//   apply_baseline(report, *base, *limit);  // SiteGroup::status and baseline_*, gate.baseline
//   evaluate_gate(report, policy);          // then: baseline_new / baseline_growth findings
//
// A baseline is a leakscope JSON report (schema_version 1: `analyze --format json`, or the
// "report" line that ends `analyze --live --format json`). Only the sites are read: per boot,
// each by_site entry's fingerprint, function, file, bytes and count. Reports written before
// fingerprints existed are read too: their fingerprints are computed from function and file
// (analyze/fingerprint.hpp), as the run that wrote them would have.
//
// Sites are matched by fingerprint only. Sites of one boot that share a fingerprint (two
// mallocs in one function) are summed, on both sides.
//
// Which boots: a capture has one boot or several (reboots, crash loops), and the baseline's
// count need not be the candidate's. The baseline keeps, per fingerprint, its worst boot: the
// most bytes (and, apart, the most blocks) any one of its boots left unfreed there. Each boot
// of the candidate is held to that figure on its own. Three boots that each leak what the
// baseline's worst boot leaked pass, where a sum over boots would call them grown; a baseline
// boot whose trace overflowed and under-reports does not lower the bar another boot set.
//
// Growth: a candidate boot's bytes at a fingerprint over the baseline's, beyond the
// --max-growth limit (bytes, or a percentage of the baseline's bytes, rounded down). The
// default limit is 0 bytes: nothing may grow, and with a zero limit the same bytes in more
// blocks than the baseline count as growth too (malloc(0) leaks are not invisible).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/report.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

// One fingerprint of a baseline (or of a report, for `diff`), over its boots.
struct BaselineSite {
  std::string fingerprint;
  std::string function;  // as the first boot that has it names it; empty when unknown
  std::string file;
  bool by_address = false;  // fingerprinted by address: matches only within one build
  std::uint64_t bytes = 0;  // the most bytes any one boot left unfreed at this fingerprint
  std::uint64_t count = 0;  // the most blocks any one boot left (maybe another boot)
  std::uint32_t boots = 0;  // boots that leaked here
};

struct Baseline {
  std::string path;   // the report it was read from; empty for a report in memory
  std::string label;  // "leakscope 0.4.0 report of capture.log": how outputs name it
  std::uint32_t boots = 0;
  std::vector<BaselineSite> sites;  // one per fingerprint, sorted by fingerprint

  const BaselineSite* find(std::string_view fingerprint) const;  // null: not in the baseline
};

// A leakscope JSON report file as a baseline. Errors name the file and what is wrong with it
// (not JSON, another schema_version, a site without bytes...).
Result<Baseline> read_baseline(const std::string& path);

// The same from the report's text; `path` names it in errors and in Baseline::path.
Result<Baseline> parse_baseline(std::string_view text, const std::string& path);

// The sites of a report in memory, by the same rules (diff of a capture analyzed now).
Baseline baseline_of(const Report& report, std::string label);

// --max-growth: how much a site may grow over the baseline and still pass.
struct GrowthLimit {
  std::uint64_t bytes = 0;        // when percent is not set
  std::optional<double> percent;  // of the baseline's bytes
  std::string text = "0 bytes";   // for messages: "512 bytes", "10%"

  // Bytes of growth tolerated over a baseline of `baseline_bytes`.
  std::uint64_t allowed(std::uint64_t baseline_bytes) const;
  // Whether bytes/count at a fingerprint grew beyond the limit over the baseline's figures.
  bool exceeded(const BaselineSite& base, std::uint64_t bytes, std::uint64_t count) const;
};

// "512", "4K", "1.5 KiB" (bytes, as --heap-floor reads them) or "10%", "2.5%".
Result<GrowthLimit> parse_growth_limit(std::string_view text);

// Compares each boot's sites with the baseline: every site gets baseline_bytes/count when its
// fingerprint is in the baseline, and a status (sites already suppressed keep theirs): added
// when the baseline does not have it, grown when the boot's sites with its fingerprint, summed,
// exceed the limit, else known. Fills report.gate.baseline.
void apply_baseline(Report& report, const Baseline& baseline, const GrowthLimit& limit);

}  // namespace leakscope
