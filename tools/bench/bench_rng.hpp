// Rng: the deterministic random numbers of the benchmark generators.
//
//   Rng rng(seed);
//   int i = rng.below(10);          // 0..9
//   std::uint64_t bits = rng.next();
//
// splitmix64: the same sequence on every platform and standard library, unlike the
// distributions of <random>, so generated sources and address lists are identical everywhere.
#pragma once

#include <cstdint>

namespace leakscope::bench {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform enough for a benchmark: the modulo bias is below 2^-32 for bounds under 2^32.
  int below(int bound) { return static_cast<int>(next() % static_cast<std::uint64_t>(bound)); }
  std::uint64_t below64(std::uint64_t bound) { return next() % bound; }

 private:
  std::uint64_t state_;
};

}  // namespace leakscope::bench
