// Stable leak fingerprints: one id per leak site that stays the same when the firmware is
// rebuilt, code moves by a few lines or functions get inlined differently, so suppressions,
// baselines and CI findings can name a leak across builds.
//
//   site.fingerprint = site_fingerprint(site.function, site.file, site.address);
//   // "3f9c0a1b2d4e5f60": 16 hex digits
//
// The basis is what a developer would call the leak's place: the function that called the
// allocator (demangled, as symbolization reports it; an inlined function counts as itself, so
// inlining it elsewhere changes nothing) and its source file's base name. Not the line (code
// moves), not the directory (build trees differ), not the address (layouts shift). GCC's
// clone suffixes (".isra.0", " [clone .cold]") are dropped: they come and go with
// optimization decisions (symbolize/function_name.hpp).
//
// Consequences, documented for users: two allocations in one function share a fingerprint
// (matching by fingerprint sums their bytes); a renamed function or file is a new leak. A site
// with no function name (no ELF, or an address outside the symbols) falls back to its address,
// which holds only for one build: Fingerprint::by_address says so.
//
// The id is the first 64 bits of FNV-1a over "site-v1\n<function>\n<basename>": short enough
// to read aloud in a review, and with a few hundred sites per firmware a collision is a 1 in
// 10^14 event. The version in the basis lets a later rule change without clashing with old ids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leakscope {

struct Fingerprint {
  std::string id;           // 16 lowercase hex digits
  bool by_address = false;  // no function name: the address's, valid for one build only
};

Fingerprint site_fingerprint(std::string_view function, std::string_view file,
                             std::uint64_t address);

}  // namespace leakscope
