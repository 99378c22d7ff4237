// BootHeapRecorder: one boot's heap samples and log messages, gathered as they stream by, and
// the boot's heap report at its end: a trend per heap and figure (heap_trend.hpp), the boot's
// verdict, and the kinds of message its persistent drops follow (event_correlation.hpp).
//
//   HeapDeaths deaths;                           // the analyzer's, across boots
//   BootHeapRecorder heap(options);              // one per boot
//   heap.on_sample(sample, capture_line, tick_ns);
//   heap.on_message(message, capture_line);
//   std::optional<BootHeap> report = heap.finish(deaths, next_boot.reset_reason);
//
// Positions. Each sample is placed by its time: its log line's timestamp, or a trace HEAP
// record's ticks times the trace's tick length (counted since boot, like ESP-IDF's log
// clock). The boot's time base is its first sample's; daily and yearly clocks are unwrapped in
// order. When a sample has no time of that base (or the first has none), the boot falls back
// to line order: positions are line numbers counted over the whole capture, rates are per 3600
// lines and times to exhaustion in lines (HeapAxis::lines). A message takes its own time when
// it has one of the base, else the latest time seen before it (a bare printf line comes after
// the stamped line before it).
//
// Series. One per heap label and figure (free, minimum ever free, largest free block) that
// has samples; the boot's verdict is its primary series: of the first figure in that order
// any heap prints, the heap leaking soonest (leaking before stable before insufficient). The
// minimum-ever figure only ever falls, so it never decides a boot that prints free heap. The
// messages are ranked against the primary series' drops when it is leaking.
//
// Floor. --heap-floor when given; else the free heap where earlier boots of the capture that
// crashed ended, per heap and figure (their last sample): a boot crashed when it printed
// panic output or the next boot's reset reason is a watchdog's (model/crash.hpp says
// which resets count and why); else an empty heap.
//
// Reconciliation. With a streamed trace, each sample notes the trace's live bytes: what the
// primary series lost is set against what they grew by (model/heap_report.hpp).
//
// Cycles. Cycle-begin markers (--cycle lines, a trace's MARKER records) split the boot; what
// each cycle kept is measured on the primary series (model/heap_report.hpp, HeapCycle).
//
// Memory. Samples are kept (a few per minute at most: small); lines are not. A message is kept
// as its type (masked once, interned per boot: at most max_message_types of up to 200 bytes)
// and its position: 12 bytes, for at most max_occurrences messages per boot (12 MiB);
// messages beyond either cap are counted and not ranked. Messages before the boot's first
// sample are not kept: they can only precede the warm-up. Heap labels beyond max_heaps are
// counted and not analysed; so are cycle beginnings beyond max_cycles.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "leakscope/analyze/message_type.hpp"
#include "leakscope/analyze/theil_sen.hpp"
#include "leakscope/ingest/log_timestamp.hpp"
#include "leakscope/model/event.hpp"
#include "leakscope/model/heap_report.hpp"

namespace leakscope {

struct HeapOptions {
  std::optional<double> floor_bytes;  // --heap-floor
  double window_seconds = 60;         // correlation window before a drop, seconds axis
  double window_lines = 10;           // and lines axis
  std::size_t max_correlated = 10;    // message types listed per boot
  std::size_t max_heaps = 16;
  std::size_t max_message_types = 4096;
  std::size_t max_occurrences = std::size_t{1} << 20;
  std::size_t max_cycles = std::size_t{1} << 16;  // cycle beginnings kept per boot
  std::size_t max_cycles_listed = 100;            // the last ones, in the report
};

// Where earlier boots that crashed ended, per heap and figure.
class HeapDeaths {
 public:
  std::vector<double> levels(const std::string& heap, HeapFigure figure) const;
  void add(const std::string& heap, HeapFigure figure, double level);

 private:
  std::map<std::pair<std::string, HeapFigure>, std::vector<double>> levels_;
};

class BootHeapRecorder {
 public:
  explicit BootHeapRecorder(const HeapOptions& options) : options_(options) {}

  // capture_line: the event's line counted over all inputs (0 for binary input); tick_ns: the
  // boot's trace tick length (0: unknown); traced_live: a streamed trace's live bytes now.
  void on_sample(const HeapSampleEvent& sample, double capture_line, std::uint64_t tick_ns,
                 std::optional<std::uint64_t> traced_live = std::nullopt);
  void on_message(const LogMessageEvent& message, double capture_line);
  // Cycle-begin markers split the boot into cycles; other markers are passed over.
  void on_marker(const MarkerEvent& marker, double capture_line, std::uint64_t tick_ns);

  bool has_samples() const { return first_line_.has_value(); }

  // The boot's report, nothing without samples. next_reset_reason: the reset reason of the
  // boot that follows ("" at the end of the capture). Adds this boot's end to `deaths` when it
  // crashed, after using the earlier ones.
  std::optional<BootHeap> finish(HeapDeaths& deaths, std::string_view next_reset_reason);

 private:
  struct Sample {
    SourcePos pos;
    double line = 0;
    std::optional<LineTime> time;                  // unwrapped
    std::array<std::optional<double>, 3> figures;  // by HeapFigure
    std::optional<double> traced_live;
  };
  struct Occurrence {
    float time = 0;          // since the first sample's time
    std::uint32_t line = 0;  // since the first sample's line
    std::uint32_t type = 0;
  };
  struct Boundary {
    SourcePos pos;
    double line = 0;
    std::optional<double> time;  // in the boot's base, unwrapped (the latest before, if none)
    std::uint64_t number = 0;
  };
  struct Series {
    std::vector<TrendPoint> points;  // sorted by position
    std::vector<SourcePos> where;
  };
  struct TypeHash {
    using is_transparent = void;  // look up by string_view: no string per line
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::optional<LineTime> unwrapped(std::optional<LineTime> time);
  std::optional<std::uint32_t> type_id(std::string_view type);
  HeapAxis choose_axis(BootHeap& heap) const;
  Series series_of(const std::vector<Sample>& samples, HeapFigure figure, HeapAxis axis) const;
  HeapSeries analyse(const std::string& label, const Series& series, HeapFigure figure,
                     HeapAxis axis, const HeapDeaths& deaths) const;
  void correlate(BootHeap& heap) const;
  std::optional<HeapCycles> cycles(const Series& primary, HeapAxis axis) const;
  const std::vector<Sample>& samples_of(const std::string& label) const;
  std::optional<HeapReconciliation> reconcile(const HeapSeries& primary, HeapAxis axis) const;

  HeapOptions options_;
  std::vector<std::string> labels_;           // in order of first sample
  std::vector<std::vector<Sample>> samples_;  // by label
  std::uint64_t other_heap_samples_ = 0;

  std::optional<double> first_line_;  // of the first sample
  std::optional<TimeBase> base_;      // of the first sample's time
  double first_time_ = 0;
  std::optional<double> last_time_;          // latest time of the base, samples and messages
  std::string untimed_;                      // the first sample without a time: what it was
  std::array<TimeUnwrapper, 4> unwrappers_;  // by TimeBase

  MessageMasker masker_;
  std::unordered_map<std::string, std::uint32_t, TypeHash, std::equal_to<>> type_index_;
  std::vector<std::string> types_;
  std::vector<Occurrence> occurrences_;
  std::uint64_t messages_ = 0;
  std::uint64_t uncorrelated_ = 0;
  std::optional<SourcePos> panic_;    // the boot's first panic line
  std::vector<Boundary> boundaries_;  // cycle beginnings
  std::uint64_t cycles_begun_ = 0;
};

}  // namespace leakscope
