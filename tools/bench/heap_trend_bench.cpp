// heap_trend_bench: time of one boot's trend analysis (analyze/heap_trend.hpp) as the number
// of heap samples grows: Theil-Sen draws a bounded number of pairs above 2^18 of them, so the
// time must grow as n log n, not n^2.
//
//   leakscope_heap_trend_bench [SAMPLES...]     (default: 1000 100000 1000000)
//
// The samples: a slow leak (0.05 B/s), 500 B of noise, one every 10 s.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "leakscope/analyze/heap_trend.hpp"

using namespace leakscope;

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {1000, 100000, 1000000};
  fmt::print("{:>10} {:>10} {:>14} {:>10}\n", "samples", "seconds", "rate B/h", "verdict");
  for (std::size_t n : sizes) {
    std::mt19937_64 engine(9);
    std::vector<TrendPoint> points;
    points.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      // Uniform noise of +-500 B from the exactly specified engine.
      const double noise = (static_cast<double>(engine() >> 11) * 0x1.0p-53 - 0.5) * 1000;
      points.push_back({static_cast<double>(i) * 10.0,
                        5e6 - 0.05 * static_cast<double>(i) * 10 + noise});
    }
    const auto start = std::chrono::steady_clock::now();
    const HeapTrend t = analyze_heap_trend(points);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("{:>10} {:>10.3f} {:>14.1f} {:>10}\n", n, seconds,
               t.rate_bytes_per_hour.value_or(NAN), heap_verdict_name(t.verdict));
  }
  return 0;
}
