// FNV-1a, 64 bits: a hash that gives the same value on every machine and with every standard
// library (std::hash does not), for values that are printed, compared across runs or kept:
// site fingerprints (analyze/fingerprint.hpp), task handles made from task names (ingest record
// patterns), seeds of generated tests.
//
//   std::uint64_t h = fnv1a("site-v1\n");
//   h = fnv1a(function, h);  // continues the hash over more text, as if it were appended
#pragma once

#include <cstdint>
#include <string_view>

namespace leakscope {

inline constexpr std::uint64_t fnv1a_offset_basis = 0xcbf29ce484222325ull;

constexpr std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = fnv1a_offset_basis) {
  for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  return hash;
}

}  // namespace leakscope
