#include "leakscope/analyze/boot_heap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "leakscope/analyze/event_correlation.hpp"
#include "leakscope/analyze/heap_trend.hpp"
#include "leakscope/model/crash.hpp"
#include "order_statistics.hpp"

namespace leakscope {

namespace {

constexpr std::array<HeapFigure, 3> figures = {HeapFigure::free, HeapFigure::min_free,
                                               HeapFigure::largest_free};

// A sample's time before unwrapping: its log line's, or its HEAP record's ticks.
std::optional<LineTime> sample_time(const HeapSampleEvent& sample, std::uint64_t tick_ns) {
  if (sample.logged_at) return sample.logged_at;
  if (sample.time && tick_ns > 0)
    return LineTime{static_cast<double>(*sample.time) * static_cast<double>(tick_ns) * 1e-9,
                    TimeBase::since_boot};
  return std::nullopt;
}

std::optional<double> as_double(const std::optional<std::uint64_t>& v) {
  return v ? std::optional(static_cast<double>(*v)) : std::nullopt;
}

// Every point, or each stretch's lowest and highest (in position order) when there are many.
std::vector<HeapPoint> plot_points(const std::vector<TrendPoint>& sorted) {
  std::vector<HeapPoint> out;
  const std::size_t n = sorted.size();
  const std::size_t stretch =
      n <= HeapSeries::max_plot_points
          ? 1
          : (n + HeapSeries::max_plot_points / 2 - 1) / (HeapSeries::max_plot_points / 2);
  for (std::size_t i = 0; i < n; i += stretch) {
    const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(std::min(n, i + stretch));
    const auto [low, high] = std::minmax_element(
        sorted.begin() + static_cast<std::ptrdiff_t>(i), end,
        [](const TrendPoint& a, const TrendPoint& b) { return a.bytes < b.bytes; });
    const auto first = low < high ? low : high;
    const auto second = low < high ? high : low;
    out.push_back({first->time, first->bytes});
    if (second != first) out.push_back({second->time, second->bytes});
  }
  return out;
}

// Leaking before stable before insufficient, then the sooner exhaustion, then the label.
bool worse(const HeapSeries& a, const HeapSeries& b) {
  if (a.verdict != b.verdict) return a.verdict < b.verdict;
  const double eta_a = a.exhaustion_eta.value_or(std::numeric_limits<double>::infinity());
  const double eta_b = b.exhaustion_eta.value_or(std::numeric_limits<double>::infinity());
  if (eta_a != eta_b) return eta_a < eta_b;
  return a.heap < b.heap;
}

}  // namespace

std::vector<double> HeapDeaths::levels(const std::string& heap, HeapFigure figure) const {
  const auto it = levels_.find({heap, figure});
  return it == levels_.end() ? std::vector<double>{} : it->second;
}

void HeapDeaths::add(const std::string& heap, HeapFigure figure, double level) {
  levels_[{heap, figure}].push_back(level);
}

std::optional<LineTime> BootHeapRecorder::unwrapped(std::optional<LineTime> time) {
  if (time) time->seconds = unwrappers_[static_cast<std::size_t>(time->base)].unwrap(*time);
  return time;
}

void BootHeapRecorder::on_sample(const HeapSampleEvent& sample, double capture_line,
                                 std::uint64_t tick_ns, std::optional<std::uint64_t> traced_live) {
  auto label = std::find(labels_.begin(), labels_.end(), sample.heap);
  if (label == labels_.end()) {
    if (labels_.size() >= options_.max_heaps) {
      ++other_heap_samples_;
      return;
    }
    label = labels_.insert(labels_.end(), sample.heap);
    samples_.emplace_back();
  }
  const std::optional<LineTime> time = unwrapped(sample_time(sample, tick_ns));
  if (!first_line_) {
    first_line_ = capture_line;
    if (time) {
      base_ = time->base;
      first_time_ = time->seconds;
    }
  }
  if (!time && untimed_.empty())
    untimed_ = sample.time ? "the trace gives no tick length (its HEADER was not read)"
                           : "a heap sample has no timestamp";
  if (time && base_ && time->base == *base_) last_time_ = time->seconds;
  samples_[static_cast<std::size_t>(label - labels_.begin())].push_back(
      Sample{sample.pos,
             capture_line,
             time,
             {as_double(sample.free), as_double(sample.min_free), as_double(sample.largest_free)},
             as_double(traced_live)});
}

std::optional<std::uint32_t> BootHeapRecorder::type_id(std::string_view type) {
  if (auto it = type_index_.find(type); it != type_index_.end()) return it->second;
  if (types_.size() >= options_.max_message_types) return std::nullopt;
  const auto id = static_cast<std::uint32_t>(types_.size());
  types_.emplace_back(type);
  type_index_.emplace(types_.back(), id);
  return id;
}

void BootHeapRecorder::on_message(const LogMessageEvent& message, double capture_line) {
  if (message.crash && !panic_) panic_ = message.pos;
  const std::optional<LineTime> time = unwrapped(message.logged_at);
  if (!first_line_) return;
  if (time && base_ && time->base == *base_) last_time_ = time->seconds;
  ++messages_;
  const std::string_view type = masker_.mask(message.text);
  if (type.empty()) return;
  const std::optional<std::uint32_t> id =
      occurrences_.size() < options_.max_occurrences ? type_id(type) : std::nullopt;
  if (!id) {
    ++uncorrelated_;
    return;
  }
  const double line = std::clamp(capture_line - *first_line_, 0.0, 4294967295.0);
  occurrences_.push_back(
      Occurrence{static_cast<float>(last_time_.value_or(first_time_) - first_time_),
                 static_cast<std::uint32_t>(line), *id});
}

void BootHeapRecorder::on_marker(const MarkerEvent& marker, double capture_line,
                                 std::uint64_t tick_ns) {
  if (marker.kind != MarkerKind::cycle_begin) return;
  std::optional<LineTime> time = marker.logged_at;
  if (!time && marker.time && tick_ns > 0)
    time = LineTime{static_cast<double>(*marker.time) * static_cast<double>(tick_ns) * 1e-9,
                    TimeBase::since_boot};
  time = unwrapped(time);
  if (time && base_ && time->base == *base_) last_time_ = time->seconds;
  ++cycles_begun_;
  if (boundaries_.size() >= options_.max_cycles) return;
  std::optional<double> at = last_time_;
  if (time && (!base_ || time->base == *base_)) at = time->seconds;
  boundaries_.push_back({marker.pos, capture_line, at, marker.number});
}

std::optional<HeapReconciliation> BootHeapRecorder::reconcile(const HeapSeries& primary,
                                                              HeapAxis axis) const {
  if (primary.figure != HeapFigure::free) return std::nullopt;
  const Sample* first = nullptr;
  const Sample* last = nullptr;
  auto position = [&](const Sample& s) {
    return axis == HeapAxis::seconds ? s.time->seconds : s.line;
  };
  for (const Sample& s : samples_of(primary.heap)) {
    if (!s.traced_live || !s.figures[0]) continue;
    if (first == nullptr || position(s) < position(*first)) first = &s;
    if (last == nullptr || position(s) >= position(*last)) last = &s;
  }
  if (first == nullptr || first == last) return std::nullopt;
  HeapReconciliation r;
  r.heap = primary.heap;
  r.from = first->pos;
  r.to = last->pos;
  r.telemetry_loss_bytes = *first->figures[0] - *last->figures[0];
  r.traced_growth_bytes = *last->traced_live - *first->traced_live;
  r.untraced_bytes = r.telemetry_loss_bytes - r.traced_growth_bytes;
  return r;
}

std::optional<HeapCycles> BootHeapRecorder::cycles(const Series& primary, HeapAxis axis) const {
  if (boundaries_.empty()) return std::nullopt;
  HeapCycles out;
  out.count = cycles_begun_;
  const std::vector<TrendPoint>& points = primary.points;
  // The index of the last sample at or before a position, or none.
  auto before = [&](double position) -> std::optional<std::size_t> {
    const auto it = std::upper_bound(points.begin(), points.end(), position,
                                     [](double x, const TrendPoint& p) { return x < p.time; });
    if (it == points.begin()) return std::nullopt;
    return static_cast<std::size_t>(it - points.begin() - 1);
  };
  std::vector<HeapCycle> all;
  for (const Boundary& b : boundaries_) {
    const std::optional<double> start = axis == HeapAxis::seconds ? b.time : b.line;
    if (!start) continue;  // no time of the boot's clock yet
    all.push_back({b.number != 0 ? b.number : all.size() + 1, b.pos, *start, {}, true});
  }
  std::vector<double> complete;
  double sum = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    const std::optional<std::size_t> from = before(all[k].start);
    std::optional<std::size_t> to;
    if (k + 1 < all.size()) {
      to = before(all[k + 1].start);
    } else if (!points.empty()) {
      to = points.size() - 1;
      all[k].complete = false;
    }
    // A sample must fall within the cycle: else its "level after" is another cycle's.
    if (!from || !to || *to == *from || points[*to].time < all[k].start) continue;
    all[k].retained_bytes = points[*from].bytes - points[*to].bytes;
    ++out.measured;
    if (all[k].complete) {
      complete.push_back(*all[k].retained_bytes);
      sum += *all[k].retained_bytes;
    }
  }
  if (!complete.empty()) {
    out.mean_retained_bytes = sum / static_cast<double>(complete.size());
    out.median_retained_bytes = median_in_place(complete);
  }
  const std::size_t keep = std::min(all.size(), options_.max_cycles_listed);
  out.cycles.assign(all.end() - static_cast<std::ptrdiff_t>(keep), all.end());
  return out;
}

HeapAxis BootHeapRecorder::choose_axis(BootHeap& heap) const {
  if (!untimed_.empty()) {
    heap.axis_reason = untimed_;
    return HeapAxis::lines;
  }
  for (const auto& samples : samples_)
    for (const Sample& s : samples)
      if (s.time->base != *base_) {
        heap.axis_reason = fmt::format("heap samples carry times of two clocks ({}, {})",
                                       time_base_name(*base_), time_base_name(s.time->base));
        return HeapAxis::lines;
      }
  heap.time_base = base_;
  return HeapAxis::seconds;
}

BootHeapRecorder::Series BootHeapRecorder::series_of(const std::vector<Sample>& samples,
                                                     HeapFigure figure, HeapAxis axis) const {
  const auto f = static_cast<std::size_t>(figure);
  Series unsorted;
  for (const Sample& s : samples) {
    if (!s.figures[f]) continue;
    unsorted.points.push_back(
        {axis == HeapAxis::seconds ? s.time->seconds : s.line, *s.figures[f]});
    unsorted.where.push_back(s.pos);
  }
  // Sorted stably, as analyze_heap_trend sorts, so its step indices point into `where`.
  std::vector<std::size_t> order(unsorted.points.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return unsorted.points[a].time < unsorted.points[b].time;
  });
  Series sorted;
  for (std::size_t i : order) {
    sorted.points.push_back(unsorted.points[i]);
    sorted.where.push_back(unsorted.where[i]);
  }
  return sorted;
}

const std::vector<BootHeapRecorder::Sample>& BootHeapRecorder::samples_of(
    const std::string& label) const {
  return samples_[static_cast<std::size_t>(std::find(labels_.begin(), labels_.end(), label) -
                                           labels_.begin())];
}

HeapSeries BootHeapRecorder::analyse(const std::string& label, const Series& series,
                                     HeapFigure figure, HeapAxis axis,
                                     const HeapDeaths& deaths) const {
  const std::vector<TrendPoint>& sorted = series.points;
  TrendOptions options;
  options.floor_bytes = options_.floor_bytes;
  options.death_levels = deaths.levels(label, figure);
  const std::string what = heap_series_name(figure, label);
  options.figure = what;
  options.line_positions = axis == HeapAxis::lines;
  const HeapTrend t = analyze_heap_trend(sorted, options);

  HeapSeries s;
  s.heap = label;
  s.figure = figure;
  s.verdict = t.verdict;
  s.reason = t.reason;
  s.samples = t.samples;
  s.warmup_samples = t.warmup_samples;
  s.first = sorted[std::min(t.warmup_samples, sorted.size() - 1)].time;
  s.last = sorted.back().time;
  s.rate_bytes_per_hour = t.rate_bytes_per_hour;
  s.rate_interval = t.rate_interval;
  s.noise_bytes = t.noise_bytes;
  for (const HeapStep& step : t.steps)
    s.steps.push_back(
        {step.from_time, step.time, series.where[step.index], step.bytes, step.multiple});
  s.quantum_bytes = t.quantum_bytes;
  s.persistent_loss_bytes = t.persistent_loss_bytes;
  s.current_bytes = t.current_bytes;
  s.floor_bytes = t.floor_bytes;
  s.floor_source = t.floor_source;
  s.exhaustion_eta = t.exhaustion_eta_seconds;
  s.exhaustion_eta_interval = t.exhaustion_eta_interval;
  s.points = plot_points(sorted);
  return s;
}

void BootHeapRecorder::correlate(BootHeap& heap) const {
  const HeapSeries& primary = heap.series[heap.primary];
  const bool seconds = heap.axis == HeapAxis::seconds;
  heap.correlation_window = seconds ? options_.window_seconds : options_.window_lines;
  // A stable heap's drops came back or stayed within the noise: they are no losses to explain.
  if (primary.verdict != HeapVerdict::leaking || primary.steps.empty()) return;
  std::vector<DropWindow> drops;
  for (const HeapDrop& d : primary.steps) drops.push_back({d.from, d.time, d.bytes});
  EventCorrelator correlator(
      std::move(drops), CorrelationOptions{heap.correlation_window, options_.max_message_types});
  for (const Occurrence& o : occurrences_)
    correlator.message_type(seconds ? first_time_ + o.time : *first_line_ + o.line, types_[o.type]);
  for (CorrelatedEvent& e : correlator.ranking()) {
    if (heap.correlated_events.size() == options_.max_correlated) break;
    heap.correlated_events.push_back({std::move(e.pattern), e.occurrences, e.followed_by_drop,
                                      e.drops, e.mean_loss_bytes, e.score});
  }
}

std::optional<BootHeap> BootHeapRecorder::finish(HeapDeaths& deaths,
                                                 std::string_view next_reset_reason) {
  if (!first_line_) return std::nullopt;
  BootHeap heap;
  heap.axis = choose_axis(heap);
  std::vector<std::size_t> by_label(labels_.size());
  std::iota(by_label.begin(), by_label.end(), 0);
  std::sort(by_label.begin(), by_label.end(),
            [&](std::size_t a, std::size_t b) { return labels_[a] < labels_[b]; });
  for (std::size_t l : by_label)
    for (HeapFigure figure : figures)
      if (const Series series = series_of(samples_[l], figure, heap.axis); !series.points.empty())
        heap.series.push_back(analyse(labels_[l], series, figure, heap.axis, deaths));

  // The primary: the first figure any heap prints, and of those the worst.
  for (std::size_t i = 0; i < heap.series.size(); ++i) {
    const HeapSeries& s = heap.series[i];
    const HeapSeries& p = heap.series[heap.primary];
    if (s.figure < p.figure || (s.figure == p.figure && worse(s, p))) heap.primary = i;
  }
  correlate(heap);
  const HeapSeries& p = heap.series[heap.primary];
  heap.cycles = cycles(series_of(samples_of(p.heap), p.figure, heap.axis), heap.axis);
  heap.reconciliation = reconcile(p, heap.axis);
  heap.messages = messages_;
  heap.uncorrelated_messages = uncorrelated_;
  heap.other_heap_samples = other_heap_samples_;
  heap.panic_at = panic_;
  if (is_crash_reset(next_reset_reason)) heap.crash_reset = std::string(next_reset_reason);

  if (heap.crashed()) {
    // Where it died: the last sample of each figure, by position.
    for (const HeapSeries& s : heap.series) {
      const Series series = series_of(samples_of(s.heap), s.figure, heap.axis);
      deaths.add(s.heap, s.figure, series.points.back().bytes);
    }
  }
  return heap;
}

}  // namespace leakscope
