// `leakscope diff`: the leak sites of a baseline run and a candidate run, matched by
// fingerprint, each with what became of it.
//
//   SiteDiff diff = diff_sites(*base, *candidate, limit);  // analyze/baseline.hpp
//   for (const SiteChange& c : diff.sites) print(c.status, c.baseline, c.candidate);
//   return diff.failed() ? exit_leaks : exit_clean;
//
// Both sides are Baselines: per fingerprint, the worst boot of the run (baseline.hpp says why),
// so runs with different numbers of boots compare. A site is
//   new        only the candidate has it,
//   gone       only the baseline has it,
//   grown      the candidate's worst boot left more bytes there (or as many bytes in more
//              blocks); it fails the diff when GrowthLimit::exceeded says so (beyond_limit),
//   shrunk     fewer bytes (or as many in fewer blocks),
//   unchanged  the same bytes and blocks.
// The diff fails on a new site or a growth beyond the limit, as `analyze --baseline` does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/analyze/baseline.hpp"

namespace leakscope {

enum class DiffStatus : std::uint8_t { added, grown, shrunk, gone, unchanged };
std::string_view diff_status_name(DiffStatus status);  // "new", "grown", ...

struct SiteFigures {
  std::uint64_t bytes = 0;  // the worst boot's (BaselineSite)
  std::uint64_t count = 0;
  std::uint32_t boots = 0;  // boots that leaked here
};

struct SiteChange {
  std::string fingerprint;
  std::string function;  // the candidate's name for it, else the baseline's; empty: unknown
  std::string file;
  bool by_address = false;  // fingerprinted by address on either side: one build only
  DiffStatus status = DiffStatus::unchanged;
  std::optional<SiteFigures> baseline;   // none: new
  std::optional<SiteFigures> candidate;  // none: gone
  bool fails = false;                    // new, or grown beyond the limit

  std::int64_t byte_change() const;  // candidate minus baseline bytes (0 for a missing side)
  std::int64_t count_change() const;
};

struct SiteDiff {
  // Changes first: new, grown, shrunk, gone, then unchanged; within a status by the larger
  // side's bytes (descending), then fingerprint.
  std::vector<SiteChange> sites;
  std::uint64_t count(DiffStatus status) const;
  std::uint64_t grown_beyond_limit() const;  // grown sites that fail
  bool failed() const;
};

SiteDiff diff_sites(const Baseline& baseline, const Baseline& candidate, const GrowthLimit& limit);

}  // namespace leakscope
