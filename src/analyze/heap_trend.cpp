#include "leakscope/analyze/heap_trend.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "order_statistics.hpp"

namespace leakscope {

namespace {

constexpr double seconds_per_hour = 3600;

std::string rate_text(const HeapTrend& t, bool lines) {
  const std::string_view per = lines ? " per 3600 lines" : "/h";
  return fmt::format("{}{} (95% interval {} to {}{})", heap_bytes_text(*t.rate_bytes_per_hour), per,
                     heap_bytes_text((*t.rate_interval)[0]), heap_bytes_text((*t.rate_interval)[1]),
                     per);
}

// Robust deviation of the points from a line: 1.4826 x the median absolute residual.
double residual_deviation(std::span<const TrendPoint> points, const RobustLine& line) {
  std::vector<double> residuals;
  residuals.reserve(points.size());
  for (const TrendPoint& p : points) residuals.push_back(std::abs(p.bytes - line.at(p.time)));
  return 1.4826 * median_in_place(residuals);
}

double current_level(std::span<const TrendPoint> points) {
  std::vector<double> last;
  const std::size_t from = points.size() - std::min<std::size_t>(3, points.size());
  for (const TrendPoint& p : points.subspan(from)) last.push_back(p.bytes);
  return median_in_place(last);
}

void choose_floor(HeapTrend& t, const TrendOptions& options) {
  if (options.floor_bytes) {
    t.floor_bytes = *options.floor_bytes;
    t.floor_source = FloorSource::given;
  } else if (!options.death_levels.empty()) {
    std::vector<double> deaths = options.death_levels;
    t.floor_bytes = median_in_place(deaths);
    t.floor_source = FloorSource::deaths;
  } else {
    t.floor_bytes = 0;
    t.floor_source = FloorSource::empty_heap;
  }
}

// Step 3 of heap_trend.hpp: steps and their quantum.
void find_steps(HeapTrend& t, std::span<const TrendPoint> used, double min_step_bytes) {
  t.noise_bytes = sample_noise(used);
  t.step_threshold_bytes = std::max(6 * t.noise_bytes, min_step_bytes);
  t.steps = persistent_steps(used, t.step_threshold_bytes);
  t.quantum_bytes = assign_quantum(t.steps);
  if (!t.quantum_bytes) return;
  // With the quantum known, a step is what exceeds half of it (but still stands out of noise).
  t.step_threshold_bytes = std::max({*t.quantum_bytes / 2, 4 * t.noise_bytes, min_step_bytes});
  t.steps = persistent_steps(used, t.step_threshold_bytes);
  t.quantum_bytes = assign_quantum(t.steps);
}

std::string steps_text(const HeapTrend& t) {
  if (t.steps.empty()) return "no single drop stands out of the noise";
  std::string text =
      fmt::format("{} drop{} that never came back", t.steps.size(), t.steps.size() == 1 ? "" : "s");
  if (t.quantum_bytes)
    text += fmt::format(", typically {} (or a multiple)", heap_bytes_text(*t.quantum_bytes));
  return text;
}

// Quantile of Gamma(n, 1) / n, the time for n events of a Poisson process in units of their
// mean time, by Wilson–Hilferty's cube-root normal approximation of chi-square with 2n degrees.
double poisson_time_factor(double n, double z) {
  const double k = 2 * n;
  const double root = 1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k));
  return std::max(0.0, root * root * root);
}

void estimate_exhaustion(HeapTrend& t) {
  const double rate = *t.rate_bytes_per_hour / seconds_per_hour;  // bytes per second, > 0
  const double low = (*t.rate_interval)[0] / seconds_per_hour;
  const double high = (*t.rate_interval)[1] / seconds_per_hour;
  double margin = std::max(0.0, t.current_bytes - t.floor_bytes);
  double events = 0;
  if (t.quantum_bytes && margin > 0) {
    // The leak comes in events: the heap stays above the floor until enough whole quanta went.
    events = std::ceil(margin / *t.quantum_bytes);
    margin = events * *t.quantum_bytes;
  }
  t.exhaustion_eta_seconds = margin / rate;
  double soonest = margin / high, latest = margin / low;
  if (events > 0) {
    // And when those events happen is itself spread.
    soonest *= poisson_time_factor(events, -1.959964);
    latest *= poisson_time_factor(events, 1.959964);
  }
  t.exhaustion_eta_interval = std::array<double, 2>{soonest, latest};
}

std::string floor_text(const HeapTrend& t) {
  switch (t.floor_source) {
    case FloorSource::given:
      return fmt::format("the {} floor", heap_bytes_text(t.floor_bytes));
    case FloorSource::deaths:
      return fmt::format("{} (where earlier boots died)", heap_bytes_text(t.floor_bytes));
    case FloorSource::empty_heap: break;
  }
  return "an empty heap";
}

}  // namespace

std::size_t warmup_length(std::span<const TrendPoint> points, double min_step_bytes,
                          std::size_t max_pairs) {
  const std::size_t n = points.size();
  if (n < 4) return 0;
  const RobustLine line = theil_sen(points, max_pairs);
  if (line.pairs == 0) return 0;
  // Far above (or below) the line through everything.
  const double tolerance = std::max(4 * residual_deviation(points, line), min_step_bytes);
  std::size_t off_line = 0;
  while (off_line < n / 2 &&
         std::abs(points[off_line].bytes - line.at(points[off_line].time)) > tolerance)
    ++off_line;
  // Falling to the next sample by more than a step, five times faster than in the long run.
  const double long_run = std::max(-line.slope, 0.0);
  const double step = std::max(6 * sample_noise(points), min_step_bytes);
  std::size_t falling = 0;
  while (falling < n / 2) {
    const TrendPoint& a = points[falling];
    const TrendPoint& b = points[falling + 1];
    const double fall = a.bytes - b.bytes;
    if (fall <= step || b.time <= a.time || fall / (b.time - a.time) <= 5 * long_run) break;
    ++falling;
  }
  return std::max(off_line, falling);
}

HeapTrend analyze_heap_trend(std::vector<TrendPoint> points, const TrendOptions& options) {
  std::stable_sort(points.begin(), points.end(),
                   [](const TrendPoint& a, const TrendPoint& b) { return a.time < b.time; });
  HeapTrend t;
  t.samples = points.size();
  choose_floor(t, options);
  t.warmup_samples = warmup_length(points, options.min_step_bytes, options.max_pairs);
  const std::span<const TrendPoint> used =
      std::span<const TrendPoint>(points).subspan(t.warmup_samples);
  const std::size_t need = std::max<std::size_t>(options.min_samples, 2);
  if (used.size() < need) {
    t.reason = fmt::format("{} sample{} after the warm-up; a trend needs at least {}", used.size(),
                           used.size() == 1 ? "" : "s", need);
    return t;
  }
  t.analysed_from = used.front().time;
  t.analysed_to = used.back().time;
  if (t.analysed_to <= t.analysed_from) {
    t.reason = "all samples carry the same time";
    return t;
  }

  const RobustLine line = theil_sen(used, options.max_pairs);
  t.rate_bytes_per_hour = -line.slope * seconds_per_hour;
  t.rate_interval = std::array<double, 2>{-line.slope_high * seconds_per_hour,
                                          -line.slope_low * seconds_per_hour};
  find_steps(t, used, options.min_step_bytes);
  for (HeapStep& s : t.steps) s.index += t.warmup_samples;
  t.persistent_loss_bytes = persistent_loss(used);
  t.current_bytes = current_level(used);

  const bool lines = options.line_positions;
  const std::string over =
      fmt::format("over {}", heap_span_text(t.analysed_to - t.analysed_from, lines));
  if ((*t.rate_interval)[0] > 0 && t.persistent_loss_bytes > t.step_threshold_bytes) {
    t.verdict = TrendVerdict::leaking;
    estimate_exhaustion(t);
    t.reason = fmt::format("{} falls {} {}, {}; {} is reached ", options.figure,
                           rate_text(t, lines), over, steps_text(t), floor_text(t));
    t.reason += *t.exhaustion_eta_seconds > 0
                    ? fmt::format("in about {} after the last sample",
                                  heap_span_text(*t.exhaustion_eta_seconds, lines))
                    : "already";
    return t;
  }
  t.verdict = TrendVerdict::stable;
  // What falls and comes back, or noise, has no quantum.
  t.quantum_bytes.reset();
  for (HeapStep& s : t.steps) s.multiple = 0;
  if ((*t.rate_interval)[0] <= 0)
    t.reason = fmt::format("no significant loss {}: {}", over, rate_text(t, lines));
  else
    t.reason = fmt::format("{} dips but comes back {}: {} lost for good, within the noise",
                           options.figure, over, heap_bytes_text(t.persistent_loss_bytes));
  return t;
}

}  // namespace leakscope
