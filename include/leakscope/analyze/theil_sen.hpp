// Theil–Sen line fit: the median of the slopes between pairs of points, with Sen's rank-based
// confidence interval. Robust: up to ~29% of the points can be wild without moving the slope,
// which is what a heap series with transient allocations, steps and odd samples needs.
//
//   const RobustLine line = theil_sen(points);   // points sorted by time
//   double per_hour = -line.slope * 3600;          // positive: free heap falls
//
// Cost: with n points there are n(n-1)/2 pairs. Up to `max_pairs` of them all are used; above
// that, max_pairs pairs are drawn uniformly by a fixed-seed generator, so the same input always
// gives the same answer and the cost stays O(max_pairs) whatever n is (the median and the
// interval's ranks are found by selection, not by sorting). The subsample's quantiles estimate
// the full set's: with 2^18 pairs their own error is a fraction of a percent of the ranks.
//
// The interval (Sen 1968): Kendall's S has variance n(n-1)(2n+5)/18 under no trend; the slopes
// ranked (N - z*sd)/2 and (N + z*sd)/2 among the N pair slopes bound the slope at the two-sided
// confidence of z (1.96: 95%). Ties are not corrected for. Deviations from a heap trend are
// rarely independent: a leak in steps stays above or below any line for hours. So the variance
// is inflated by (1 + r) / (1 - r), r being the lag-1 autocorrelation of the residuals about
// the fitted line, clamped to [0, 0.8] (at most 3x wider): the usual first-order
// effective-sample-size correction. A leak's random pace makes the residuals wander like a
// random walk, for which r near 1 would widen the interval without bound. Independent noise
// (r near 0) keeps Sen's interval.
#pragma once

#include <cstddef>
#include <span>

namespace leakscope {

struct TrendPoint {
  double time = 0;   // seconds
  double bytes = 0;  // free bytes (or minimum-ever free, or largest free block)
};

struct RobustLine {
  double slope = 0;      // bytes per second
  double intercept = 0;  // bytes at time 0
  double slope_low = 0;  // confidence interval of the slope
  double slope_high = 0;
  double autocorrelation = 0;  // lag-1, of the residuals; widened the interval
  std::size_t pairs = 0;       // pair slopes the estimate used (0: fewer than two distinct times)
  bool sampled = false;        // pairs were drawn rather than all used

  double at(double time) const { return intercept + slope * time; }
};

inline constexpr std::size_t default_max_pairs = std::size_t{1} << 18;

RobustLine theil_sen(std::span<const TrendPoint> points, std::size_t max_pairs = default_max_pairs,
                     double z = 1.959964);

}  // namespace leakscope
