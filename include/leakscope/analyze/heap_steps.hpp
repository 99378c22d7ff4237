// Persistent drops in a heap series and their typical size (the "quantum" of a leak).
//
//   const double noise = sample_noise(points);
//   std::vector<HeapStep> steps = persistent_steps(points, std::max(6 * noise, 64.0));
//   const std::optional<double> quantum = assign_quantum(steps);
//
// A drop is persistent when the heap never comes back above the lower level afterwards. The
// series is first smoothed by a running median of three (one odd sample neither makes nor hides
// a step); its ceiling at sample i is the highest smoothed value from i to the end. The ceiling
// only falls, and it falls exactly where the heap left a level for good: transient allocations
// that are freed again leave it flat, so a sawtooth has no steps. A fall of the ceiling by more
// than `threshold` between two samples is a step. Its size is then measured again as the
// difference of the median smoothed levels of the stretches before and after it (up to the
// neighbouring steps), because the ceiling of a noisy stretch sits above its level.
//
// The quantum: when a leak loses one object per event, the steps are one size, or two or three
// of them at once. Each step size s proposes s, s/2 and s/3; a proposal q explains the steps
// within 0.2 q of q (counting 1), 2q (1/2) or 3q (1/3): two or three at once is rarer, and
// without the weights a small q would explain everything by its multiples. The best-scoring
// proposal wins, the larger one on a tie (10 KB steps alone are not "two 5 KB steps"); it must
// score at least 2 and explain a third of the steps (not all: a transient dip next to a step
// splits it, and a missed sample merges two). The quantum is the median of s/multiple over
// the steps it explains.
// O(k log k) for k steps.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "leakscope/analyze/theil_sen.hpp"

namespace leakscope {

struct HeapStep {
  std::size_t index = 0;  // first sample at the lower level
  double from_time = 0;   // last sample at the higher level: the drop happened in (from_time, time]
  double time = 0;
  double bytes = 0;       // how much was lost, positive
  unsigned multiple = 0;  // bytes ~ multiple * quantum; 0 when not a multiple of it or no quantum
};

// The standard deviation of one sample's noise, from the lower quartile of the differences
// between consecutive samples: where leaks are frequent most differences are steps or
// transient dips, and only the smallest are noise alone. It is calibrated for half the
// differences being quiet, so it reads half the truth when all are and 1.7 times it when a
// third are. Leaks only make the heap fall, so the rises alone give a second estimate (when
// there are five or more), and the smaller wins. 0 for fewer than three points.
double sample_noise(std::span<const TrendPoint> points);

// Points sorted by time.
std::vector<HeapStep> persistent_steps(std::span<const TrendPoint> points, double threshold);

// Sets each step's multiple and returns the quantum, or nullopt when no size is typical.
std::optional<double> assign_quantum(std::vector<HeapStep>& steps);

// The smoothed ceiling's fall from the first to the last point: what was lost for good.
double persistent_loss(std::span<const TrendPoint> points);

}  // namespace leakscope
