// Heap health of one boot, from its heap samples (log telemetry or a trace's HEAP records):
// one trend per heap and figure, the boot's verdict, and which log messages its losses follow.
// analyze/boot_heap.hpp builds it; report writers print it.
//
//   if (const BootHeap* h = boot.heap ? &*boot.heap : nullptr) {
//     const HeapSeries& main = h->series[h->primary];   // the boot's verdict
//     ...
//   }
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/event.hpp"

namespace leakscope {

enum class HeapVerdict : std::uint8_t { leaking, stable, insufficient };
std::string_view heap_verdict_name(HeapVerdict verdict);  // "leaking", "stable", "insufficient"

// Which figure of a heap a series follows.
enum class HeapFigure : std::uint8_t { free, min_free, largest_free };
std::string_view heap_figure_name(HeapFigure figure);  // "free", "min_free", "largest_free"
// In sentences: "free heap", "minimum free heap (PSRAM)", "largest free block".
std::string heap_series_name(HeapFigure figure, const std::string& heap);

// Where the exhaustion floor came from: --heap-floor, the free heap where earlier boots that
// crashed ended, or none (0: an empty heap).
enum class HeapFloorSource : std::uint8_t { given, deaths, empty_heap };
std::string_view heap_floor_source_name(HeapFloorSource source);  // "given", "deaths", "empty_heap"

// What positions in a boot's heap analysis count: seconds of the samples' timestamps, or line
// numbers when they have none (rates are then per 3600 lines, times to exhaustion in lines).
enum class HeapAxis : std::uint8_t { seconds, lines };
std::string_view heap_axis_name(HeapAxis axis);  // "seconds", "lines"

// How heap figures read in sentences (the trend's reason, the text report): "512 B", "5.0 KiB",
// "1.2 MiB"; a span of positions as "250 ms", "4.5 s", "40 s", "12 min", "3.5 h", "2.1 days",
// or "120 lines".
std::string heap_bytes_text(double bytes);
std::string heap_span_text(double span, bool lines = false);

// A persistent drop: the heap fell somewhere in (from, time] and never came back.
struct HeapDrop {
  double from = 0;        // position of the last sample at the higher level
  double time = 0;        // position of the first sample at the lower level
  SourcePos at;           // where that sample was read
  double bytes = 0;       // lost, positive
  unsigned multiple = 0;  // bytes ~ multiple x the quantum; 0: none
};

// A sample as plotted: its position (the axis' unit) and bytes.
struct HeapPoint {
  double position = 0;
  double bytes = 0;
};

// The trend of one figure of one heap (analyze/heap_trend.hpp explains every rule).
struct HeapSeries {
  std::string heap;  // "" for the default heap
  HeapFigure figure = HeapFigure::free;
  HeapVerdict verdict = HeapVerdict::insufficient;
  std::string reason;
  std::size_t samples = 0;
  std::size_t warmup_samples = 0;
  double first = 0;  // position of the first sample after the warm-up (of the last, if none)
  double last = 0;   // position of the last sample
  std::optional<double> rate_bytes_per_hour;  // positive: the figure falls (per 3600 lines)
  std::optional<std::array<double, 2>> rate_interval;  // 95%
  double noise_bytes = 0;
  std::vector<HeapDrop> steps;
  std::optional<double> quantum_bytes;
  double persistent_loss_bytes = 0;
  double current_bytes = 0;  // level at the last sample
  double floor_bytes = 0;
  HeapFloorSource floor_source = HeapFloorSource::empty_heap;
  std::optional<double> exhaustion_eta;  // from the last sample, in the axis' unit; leaking only
  std::optional<std::array<double, 2>> exhaustion_eta_interval;
  // The samples, for plots (the HTML report): all of them up to max_plot_points, else each
  // stretch's lowest and highest, so drops stay visible.
  static constexpr std::size_t max_plot_points = 1024;
  std::vector<HeapPoint> points;
};

// A kind of log message (numbers, ids and quoted text masked) and the drops it preceded.
struct CorrelatedMessage {
  std::string pattern;
  std::uint64_t occurrences = 0;
  std::uint64_t followed_by_drop = 0;  // occurrences a drop followed within the window
  std::uint64_t drops = 0;             // distinct drops it preceded
  double mean_loss_bytes = 0;          // bytes of those drops / occurrences
  double score = 0;                    // analyze/event_correlation.hpp
};

// A cycle of work (--cycle lines, or a trace's cycle-begin markers): from its beginning to
// the next one's. What it kept is the primary series' level before it began minus the level
// before the next began (each the last sample at or before that point), measured only when a
// sample fell within the cycle; the boot's last cycle is measured to its last sample.
struct HeapCycle {
  std::uint64_t number = 0;  // 1-based in the boot, or the trace's own number
  SourcePos at;              // where it began
  double start = 0;          // its position (the axis' unit)
  std::optional<double> retained_bytes;
  bool complete = true;  // false: the boot's last, still running when the samples end
};

struct HeapCycles {
  std::uint64_t count = 0;                      // cycles that began in the boot
  std::uint64_t measured = 0;                   // with retained_bytes
  std::optional<double> median_retained_bytes;  // over the measured complete cycles
  std::optional<double> mean_retained_bytes;
  std::vector<HeapCycle> cycles;  // the last ones, up to a cap
};

// A streamed heap trace and telemetry side by side: over the samples taken while the trace
// was live, what the primary series lost against what the trace's live bytes (all heaps) grew
// by. The untraced rest is allocator overhead (block headers), allocations the trace does not
// see, or records it lost.
struct HeapReconciliation {
  std::string heap;                 // the primary series' heap
  SourcePos from, to;               // its first and last sample with the trace's figure
  double telemetry_loss_bytes = 0;  // free at `from` minus free at `to`
  double traced_growth_bytes = 0;   // live bytes at `to` minus at `from`
  double untraced_bytes = 0;        // the loss the trace does not explain
};

struct BootHeap {
  HeapAxis axis = HeapAxis::seconds;
  std::optional<TimeBase> time_base;                 // of the seconds; none on the lines axis
  std::string axis_reason;                           // why the lines axis, else empty
  std::vector<HeapSeries> series;                    // by heap label, then figure
  std::size_t primary = 0;                           // the series that gives the boot's verdict
  std::vector<CorrelatedMessage> correlated_events;  // before the primary's drops, best first
  double correlation_window = 0;                     // in the axis' unit
  std::uint64_t messages = 0;  // log messages after the first sample, correlated or not
  std::uint64_t uncorrelated_messages = 0;           // beyond the memory caps: not ranked
  std::uint64_t other_heap_samples = 0;              // samples of heaps beyond the cap of labels
  std::optional<HeapCycles> cycles;                  // none without cycle markers
  std::optional<HeapReconciliation> reconciliation;  // with a streamed trace only
  // How the boot ended, when it crashed (model/crash.hpp): panic output, or the watchdog
  // reset the next boot printed. Its last samples then set later boots' floor.
  std::optional<SourcePos> panic_at;  // the boot's first panic line
  std::string crash_reset;            // the next boot's reset reason, when a watchdog's
  bool crashed() const { return panic_at.has_value() || !crash_reset.empty(); }
};

}  // namespace leakscope
