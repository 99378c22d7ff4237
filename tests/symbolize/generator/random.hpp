// A seeded pseudo-random source whose sequence is the same on every host and library.
//
//   Random rng(seed);
//   rng.below(8);          // 0..7
//   rng.constant();        // "1234u": a C unsigned literal
//
// std::uniform_int_distribution is implementation-defined, so the generated sources (and the
// ELFs compiled from them) could differ between standard libraries; splitmix64 cannot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leakscope::parity_gen {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  unsigned below(std::size_t bound) { return static_cast<unsigned>(next() % bound); }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }
  // An unsigned literal below 2^16, so that every target's int arithmetic keeps it exact.
  std::string constant() { return std::to_string(below(0x10000)) + "u"; }

 private:
  std::uint64_t state_;
};

}  // namespace leakscope::parity_gen
