#include "leakscope/analyze/heap_steps.hpp"

#include <algorithm>
#include <cmath>

#include "order_statistics.hpp"

namespace leakscope {

namespace {

// Running median of three; the end points keep their value.
std::vector<double> smoothed(std::span<const TrendPoint> p) {
  std::vector<double> s(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i == 0 || i + 1 == p.size()) {
      s[i] = p[i].bytes;
    } else {
      const double a = p[i - 1].bytes, b = p[i].bytes, c = p[i + 1].bytes;
      s[i] = std::max(std::min(a, b), std::min(std::max(a, b), c));
    }
  }
  return s;
}

// ceiling[i] = max(smoothed[i..end]).
std::vector<double> ceiling_of(std::span<const TrendPoint> p) {
  std::vector<double> c = smoothed(p);
  for (std::size_t i = c.size(); i-- > 1;) c[i - 1] = std::max(c[i - 1], c[i]);
  return c;
}

double level(const std::vector<double>& smooth, std::size_t begin, std::size_t end) {
  std::vector<double> values(smooth.begin() + static_cast<std::ptrdiff_t>(begin),
                             smooth.begin() + static_cast<std::ptrdiff_t>(end));
  return median_in_place(values);
}

constexpr double tolerance = 0.2;  // of the quantum, either side of each multiple
constexpr unsigned max_multiple = 3;

// How well q explains the sorted sizes: each size within tolerance of q counts 1, of 2q one
// half, of 3q one third, since losing two or three quanta at once is the rarer event and a
// small q would otherwise explain everything by its multiples.
double explained(const std::vector<double>& sorted, double q) {
  double score = 0;
  for (unsigned m = 1; m <= max_multiple; ++m) {
    const auto lo = std::lower_bound(sorted.begin(), sorted.end(), m * q - tolerance * q);
    const auto hi = std::upper_bound(sorted.begin(), sorted.end(), m * q + tolerance * q);
    score += static_cast<double>(hi - lo) / m;
  }
  return score;
}

unsigned multiple_of(double bytes, double q) {
  const double m = std::round(bytes / q);
  if (m < 1 || m > max_multiple || std::abs(bytes - m * q) > tolerance * q) return 0;
  return static_cast<unsigned>(m);
}

}  // namespace

double sample_noise(std::span<const TrendPoint> points) {
  if (points.size() < 3) return 0;
  std::vector<double> all, rises;
  for (std::size_t i = 1; i < points.size(); ++i) {
    const double d = points[i].bytes - points[i - 1].bytes;
    all.push_back(std::abs(d));
    if (d > 0) rises.push_back(d);
  }
  // The lower quartile of |difference|, read as if half the differences were quiet: then it is
  // their median, 0.6745 of a difference's deviation for normal noise. All quiet, this reads
  // half the truth; a third quiet, 1.7 times. A difference has sqrt(2) times a sample's
  // deviation. (Lower quantiles would tolerate more steps but scatter too much.)
  constexpr double per_sample = 0.6745 * 1.4142135623730951;
  double sd = select_rank(all, all.size() / 4) / per_sample;
  if (rises.size() >= 5) sd = std::min(sd, select_rank(rises, rises.size() / 4) / per_sample);
  return sd;
}

std::vector<HeapStep> persistent_steps(std::span<const TrendPoint> points, double threshold) {
  std::vector<HeapStep> steps;
  if (points.size() < 2) return steps;
  const std::vector<double> ceiling = ceiling_of(points);
  std::vector<double> ceiling_fall;
  for (std::size_t i = 1; i < points.size(); ++i) {
    const double fall = ceiling[i - 1] - ceiling[i];
    if (fall <= threshold) continue;
    steps.push_back({i, points[i - 1].time, points[i].time, fall, 0});
    ceiling_fall.push_back(fall);
  }
  // Sizes again, from the median levels of the stretches between steps. Smoothed values: a
  // transient dip in a stretch of one or two samples would otherwise decide its level.
  const std::vector<double> smooth = smoothed(points);
  std::size_t begin = 0;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const std::size_t at = steps[k].index;
    const std::size_t next = k + 1 < steps.size() ? steps[k + 1].index : points.size();
    const double before = level(smooth, begin, at);
    const double after = level(smooth, at, next);
    steps[k].bytes = before > after ? before - after : ceiling_fall[k];
    begin = at;
  }
  return steps;
}

std::optional<double> assign_quantum(std::vector<HeapStep>& steps) {
  for (HeapStep& s : steps) s.multiple = 0;
  if (steps.size() < 2) return std::nullopt;
  std::vector<double> sizes;
  for (const HeapStep& s : steps) sizes.push_back(s.bytes);
  std::sort(sizes.begin(), sizes.end());

  double best = 0, best_score = 0;
  for (double s : sizes) {
    for (unsigned m = 1; m <= max_multiple; ++m) {
      const double q = s / m;
      const double score = explained(sizes, q);
      if (score > best_score || (score == best_score && q > best)) {
        best = q;
        best_score = score;
      }
    }
  }
  std::vector<double> per_unit;
  for (const HeapStep& s : steps)
    if (const unsigned m = multiple_of(s.bytes, best); m > 0) per_unit.push_back(s.bytes / m);
  if (best_score < 2 || 3 * per_unit.size() < steps.size()) return std::nullopt;
  const double quantum = median_in_place(per_unit);
  for (HeapStep& s : steps) s.multiple = multiple_of(s.bytes, quantum);
  return quantum;
}

double persistent_loss(std::span<const TrendPoint> points) {
  if (points.size() < 2) return 0;
  const std::vector<double> ceiling = ceiling_of(points);
  return ceiling.front() - ceiling.back();
}

}  // namespace leakscope
