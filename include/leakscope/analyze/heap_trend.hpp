// Heap trend of one boot: is free heap leaking, how fast, in what steps, and when does it run out.
//
//   std::vector<TrendPoint> free_heap = ...;   // (seconds, free bytes) of one boot's samples
//   TrendOptions options;
//   options.floor_bytes = 15 * 1024;                  // --heap-floor
//   const HeapTrend t = analyze_heap_trend(free_heap, options);
//   if (t.verdict == TrendVerdict::leaking) report(*t.rate_bytes_per_hour, t.rate_interval,
//                                                  t.quantum_bytes, *t.exhaustion_eta_seconds);
//
// The same analysis serves the minimum-ever-free and largest-free-block series. Steps:
//
// 1. Warm-up. After boot the heap falls fast while the firmware sets itself up (Wi-Fi, TLS,
//    caches) and then settles; that fall is not a leak. All samples are fitted (Theil–Sen, which
//    a few warm-up samples cannot bend). The warm-up is the longer of two leading runs:
//    samples farther from that line than max(4 x the robust residual deviation,
//    min_step_bytes) (dense logging, where the warm-up spans many samples), and samples from
//    which the heap falls to the next one by more than a step (max(6 x sample noise,
//    min_step_bytes)) at more than five times the line's rate (sparse logging, where a leak
//    wandering around the line makes the first test loose). At most half the samples are cut,
//    and none when there are fewer than four.
// 2. Rate: Theil–Sen over the rest, reported as bytes per hour lost (positive: free heap falls)
//    with Sen's 95% interval, widened for residuals that wander (theil_sen.hpp). Pairs are drawn
//    deterministically above 2^18 of them, so the whole analysis is O(n log n) for any n.
// 3. Steps: persistent drops and their quantum (heap_steps.hpp). First a drop must exceed
//    max(6 x sample noise, min_step_bytes). The noise estimate is rough where steps are
//    frequent (between half and 1.7 times the truth), so once a quantum is found the steps
//    are looked for again with max(half the quantum, 4 x noise, min_step_bytes): what is more
//    than half a quantum is one, what is less is not.
// 4. Verdict. insufficient: fewer than min_samples after the warm-up, or no time between them.
//    leaking: the rate interval lies wholly above 0 and the persistent loss (how far the
//    smoothed ceiling fell, heap_steps.hpp) exceeds the step threshold. Otherwise stable: the
//    trend is not significant, or the heap comes back (a sawtooth of allocations that are freed);
//    its drops are listed, but they have no quantum.
// 5. Time to exhaustion, only when leaking: margin / rate, the margin being current level -
//    floor. The current level is the median of the last three samples (it follows a step at
//    once but not a single odd sample). With a quantum the leak comes in events and the heap
//    stays above the floor until ceil(margin / quantum) more of them happened, so the margin
//    is rounded up to whole quanta. The interval: the margin over the rate interval's bounds,
//    and with a quantum widened by the spread of the time those events take (Poisson: Gamma
//    distributed, 95% quantiles by Wilson–Hilferty). The floor: floor_bytes when given
//    (--heap-floor); else the median of death_levels, the free heap where earlier boots of the
//    same device ended in a crash or reset (where it died, it can die again; the median so
//    that one reset for another reason does not decide it); else 0, an empty heap.
//
// Times are seconds of one base (log_timestamp.hpp); with line numbers in their place the
// "per hour" figures are per 3600 lines (TrendOptions::line_positions says so in the reason).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/analyze/heap_steps.hpp"
#include "leakscope/analyze/theil_sen.hpp"
#include "leakscope/model/heap_report.hpp"

namespace leakscope {

// The report model's names (model/heap_report.hpp): a trend is what a boot's heap report holds.
using TrendVerdict = HeapVerdict;
inline std::string_view trend_verdict_name(TrendVerdict verdict) {
  return heap_verdict_name(verdict);
}

using FloorSource = HeapFloorSource;
inline std::string_view floor_source_name(FloorSource source) {
  return heap_floor_source_name(source);
}

struct TrendOptions {
  std::optional<double> floor_bytes;  // exhaustion floor, e.g. from --heap-floor
  std::vector<double> death_levels;   // free heap at the end of earlier boots that crashed
  std::size_t min_samples = 6;        // after the warm-up
  double min_step_bytes = 64;         // smallest persistent drop and warm-up tolerance
  std::size_t max_pairs = default_max_pairs;
  // For the reason only: what the series is, and whether its positions are line numbers
  // (rates then read "per 3600 lines", spans "lines").
  std::string_view figure = "free heap";
  bool line_positions = false;
};

struct HeapTrend {
  TrendVerdict verdict = TrendVerdict::insufficient;
  std::string reason;  // one sentence for people

  std::size_t samples = 0;         // given
  std::size_t warmup_samples = 0;  // cut from the start
  double analysed_from = 0;        // time of the first sample after the warm-up
  double analysed_to = 0;          // time of the last sample

  std::optional<double> rate_bytes_per_hour;           // positive: free heap falls
  std::optional<std::array<double, 2>> rate_interval;  // [low, high], 95%
  double noise_bytes = 0;           // one sample's noise (standard deviation)
  double step_threshold_bytes = 0;  // smallest drop counted as a step
  std::vector<HeapStep> steps;      // persistent drops, indices into the sorted input
  std::optional<double> quantum_bytes;
  double persistent_loss_bytes = 0;

  double current_bytes = 0;  // level at the last sample
  double floor_bytes = 0;
  FloorSource floor_source = FloorSource::empty_heap;
  std::optional<double> exhaustion_eta_seconds;  // from the last sample; only when leaking
  std::optional<std::array<double, 2>> exhaustion_eta_interval;  // [soonest, latest]
};

// `points` in any order (they are sorted by time, stably).
HeapTrend analyze_heap_trend(std::vector<TrendPoint> points, const TrendOptions& options = {});

// The warm-up rule of step 1 on points sorted by time: how many leading points to cut.
std::size_t warmup_length(std::span<const TrendPoint> points, double min_step_bytes,
                          std::size_t max_pairs = default_max_pairs);

}  // namespace leakscope
