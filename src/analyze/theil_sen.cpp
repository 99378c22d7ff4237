#include "leakscope/analyze/theil_sen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "order_statistics.hpp"

namespace leakscope {

namespace {

// splitmix64: small, fast, and the same sequence on every platform (std:: distributions are not).
class PairDraws {
 public:
  explicit PairDraws(std::uint64_t seed) : state_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

double slope_between(const TrendPoint& a, const TrendPoint& b) {
  return (b.bytes - a.bytes) / (b.time - a.time);
}

std::vector<double> pair_slopes(std::span<const TrendPoint> p, std::size_t max_pairs,
                                bool& sampled) {
  const std::size_t n = p.size();
  std::vector<double> slopes;
  const double all_pairs = static_cast<double>(n) * static_cast<double>(n - 1) / 2;
  sampled = all_pairs > static_cast<double>(max_pairs);
  if (!sampled) {
    slopes.reserve(static_cast<std::size_t>(all_pairs));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        if (p[j].time != p[i].time) slopes.push_back(slope_between(p[i], p[j]));
    return slopes;
  }
  slopes.reserve(max_pairs);
  PairDraws draws(0x5eed0000ULL ^ n);
  // Equal times give no slope; the attempt bound only matters for degenerate input.
  for (std::size_t attempts = 0; slopes.size() < max_pairs && attempts < 4 * max_pairs;
       ++attempts) {
    std::size_t i = draws.below(n);
    std::size_t j = draws.below(n - 1);
    if (j >= i) ++j;
    if (p[i].time == p[j].time) continue;
    slopes.push_back(i < j ? slope_between(p[i], p[j]) : slope_between(p[j], p[i]));
  }
  return slopes;
}

// Lag-1 autocorrelation of the residuals about `line`, in [0, 0.8]; 0 when they do not vary.
double residual_autocorrelation(std::span<const TrendPoint> points, const RobustLine& line) {
  std::vector<double> e;
  e.reserve(points.size());
  double mean = 0;
  for (const TrendPoint& p : points) {
    e.push_back(p.bytes - line.at(p.time));
    mean += e.back();
  }
  mean /= static_cast<double>(e.size());
  double lagged = 0, variance = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    variance += (e[i] - mean) * (e[i] - mean);
    if (i > 0) lagged += (e[i] - mean) * (e[i - 1] - mean);
  }
  if (variance <= 0) return 0;
  return std::clamp(lagged / variance, 0.0, 0.8);
}

}  // namespace

RobustLine theil_sen(std::span<const TrendPoint> points, std::size_t max_pairs, double z) {
  RobustLine line;
  if (points.size() < 2) return line;
  bool sampled = false;
  std::vector<double> slopes = pair_slopes(points, std::max<std::size_t>(max_pairs, 1), sampled);
  if (slopes.empty()) return line;
  line.pairs = slopes.size();
  line.sampled = sampled;
  line.slope = median_in_place(slopes);

  std::vector<double> intercepts;
  intercepts.reserve(points.size());
  for (const TrendPoint& p : points) intercepts.push_back(p.bytes - line.slope * p.time);
  line.intercept = median_in_place(intercepts);
  line.autocorrelation = residual_autocorrelation(points, line);

  // Sen's interval, ranks counted among all N pairs, then scaled to the slopes we hold.
  const double n = static_cast<double>(points.size());
  const double all = sampled ? n * (n - 1) / 2 : static_cast<double>(slopes.size());
  const double r = line.autocorrelation;
  const double sd = std::sqrt(n * (n - 1) * (2 * n + 5) / 18 * (1 + r) / (1 - r));
  const double last = static_cast<double>(slopes.size() - 1);
  const double scale = static_cast<double>(slopes.size()) / all;
  const double low_rank = std::clamp(std::round((all - z * sd) / 2 - 1) * scale, 0.0, last);
  const double high_rank = std::clamp(std::round((all + z * sd) / 2) * scale, 0.0, last);
  line.slope_low = select_rank(slopes, static_cast<std::size_t>(low_rank));
  line.slope_high = select_rank(slopes, static_cast<std::size_t>(high_rank));
  return line;
}

}  // namespace leakscope
