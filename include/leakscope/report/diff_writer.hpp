// Output of `leakscope diff`: the site changes of analyze/site_diff.hpp, baseline and candidate
// named at the top, as text for a CI log or as one JSON object.
//
//   DiffReport r{std::move(base), std::move(candidate), limit, diff_sites(base, candidate, limit)};
//   write_diff_text(r, std::cout);   // or write_diff_json(r, std::cout)
//
// The JSON object ("type": "diff", diff_schema_version) is documented in README.md ("Diff"),
// with the same versioning rule as the JSON report: fields are only added within a version.
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "leakscope/analyze/baseline.hpp"
#include "leakscope/analyze/site_diff.hpp"

namespace leakscope {

inline constexpr int diff_schema_version = 1;

struct DiffReport {
  Baseline baseline;   // the earlier run
  Baseline candidate;  // the run under test
  GrowthLimit limit;   // --max-growth
  SiteDiff diff;
};

void write_diff_text(const DiffReport& report, std::ostream& out);

nlohmann::json diff_to_json(const DiffReport& report);
void write_diff_json(const DiffReport& report, std::ostream& out);

}  // namespace leakscope
