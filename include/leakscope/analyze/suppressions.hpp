// Suppression files: leaks the CI gate knows about and lets pass, in LeakSanitizer's format.
//
//   Result<SuppressionList> list = load_suppressions({"known-leaks.supp"});
//   if (!list) usage_error(list.error().message);    // "known-leaks.supp:3: ..."
//   apply_suppressions(report, *list);                // SiteGroup::status, report.gate
//   std::string file = generate_suppressions(report, /*caps=*/true);   // --gen-suppressions
//
// A file holds one entry a line:
//   # a comment (a line whose first non-blank character is '#'), and blank lines
//   leak:PATTERN
//   leak:PATTERN max_bytes=BYTES max_count=N   # caps, either or both; a comment may follow
// PATTERN is everything after "leak:" up to the caps or a " #" comment, surrounding blanks
// removed (it may hold spaces: "leak:foo(char const*, int)"); suppression_pattern.hpp gives
// its rules. BYTES is a byte count ("4096", "4K", "4 KiB" written "4KiB"). A plain LSan file
// (leak: lines, comments) reads as it is. Anything else (another LSan type such as "race:", an
// unknown cap, a cap twice, an empty pattern) is an error naming FILE:LINE.
//
// An entry matches a leak site when PATTERN matches the demangled function of any frame of
// the site's stack (the stack holding most of its bytes; a function is tried as printed and
// without GCC clone suffixes), the source file of any of those frames, or equals the site's
// fingerprint. Each site is taken by the first entry that matches it, in file order (files in
// the order given).
//
// Caps hold per boot, as --fail-on-leak does: in each boot, an entry's sites are suppressed
// only while their unfreed bytes and allocations together stay within its caps; beyond, they
// stay counted leaks and a suppression_cap finding says by how much. An entry that matched
// no site in any boot is stale (evaluate_gate lists it; --fail-on-stale-suppressions fails).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/analyze/suppression_pattern.hpp"
#include "leakscope/model/report.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

struct Suppression {
  SuppressionPattern pattern;
  std::string source;  // "FILE:LINE"
  std::optional<std::uint64_t> max_bytes, max_count;
};

using SuppressionList = std::vector<Suppression>;

// One file's text; `file` names it in the entries' sources and in errors.
Result<SuppressionList> parse_suppressions(std::string_view text, std::string_view file);

// The files in order, as one list; the first that cannot be read or holds a bad line is the
// error.
Result<SuppressionList> load_suppressions(const std::vector<std::string>& paths);

// Whether the entry's pattern matches the site (function, source path or fingerprint).
bool suppression_matches(const SuppressionPattern& pattern, const SiteGroup& site);

// What one entry takes in one boot: its sites (indices into boot.leaks.by_site) and their
// unfreed bytes and allocations together.
struct SuppressionMatch {
  std::vector<std::size_t> sites;
  std::uint64_t bytes = 0, count = 0;
};

// One per entry, in list order: each site goes to the first entry that matches it.
std::vector<SuppressionMatch> match_suppressions(const BootReport& boot,
                                                 const SuppressionList& list);

// Marks the sites the list suppresses (status suppressed, suppressed_by its source), fills
// report.gate.suppressions (one use per entry, in list order, counted over every boot) and
// adds a suppression_cap finding per entry and boot whose caps were exceeded. For a report
// whose sites are all status leak (straight from analysis).
void apply_suppressions(Report& report, const SuppressionList& list);

// A suppression file for the sites the gate counts (counted(), analyze/gate.hpp): one entry per
// function, `leak:^NAME$` (clone suffixes dropped), with the fingerprints and places it covers
// in a comment after it. A site without a function name, or whose name would also match a site
// not counted (so suppress more than the leaks of this run), gets `leak:FINGERPRINT` instead.
// With caps, each entry is capped at the most bytes and allocations it matches in one boot of
// this report: it fails as soon as its leak grows.
std::string generate_suppressions(const Report& report, bool caps);

}  // namespace leakscope
