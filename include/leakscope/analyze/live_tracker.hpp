// LiveTracker: live mode's view of an analysis in progress.
//
//   Analyzer analyzer(builds, policy, plumbing);
//   LiveTracker tracker(analyzer);
//   LogScanner scanner(tracker);   // every event passes through the tracker to the analyzer
//   ... between two reads:
//   LiveSnapshot s = tracker.snapshot(scanner.stats().read, seconds_since_start);
//
// The tracker forwards every event unchanged and keeps only what the final report does not
// need: each heap's first and last sample, where the boot's growth is measured from, and a
// few counters. A snapshot groups the analyzer's boot in progress with the report's own
// grouping code (as a preview: the final report is the same with or without snapshots), so
// it costs one pass over the live allocations and holds nothing per event. Each address is
// symbolized once, by the resolvers the final report uses too.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/model/live_snapshot.hpp"

namespace leakscope {

class LiveTracker final : public EventSink {
 public:
  // Heap labels kept per boot; samples of further heaps are passed over (a device has a few).
  static constexpr std::size_t max_heaps = 16;

  explicit LiveTracker(Analyzer& analyzer);

  void on_event(Event&& event) override;

  // lines_read: the text front end's count so far (LineStats::read).
  LiveSnapshot snapshot(std::uint64_t lines_read, double uptime_seconds);

 private:
  struct Totals {
    std::int64_t bytes = 0;
    std::int64_t count = 0;
  };
  struct HeapState {
    std::optional<std::uint64_t> first_free;
    HeapSampleEvent last;  // the latest of each figure: a line may print only some of them
  };

  void start_boot();
  bool streaming() const;  // an alloc or free now is a streamed event, not a dump record
  bool dump_in_progress() const;
  Totals live_totals() const;
  void on_heap_sample(HeapSampleEvent& sample);
  void settle(BootReport&& boot);

  Analyzer& analyzer_;
  std::uint64_t seq_ = 0;
  LiveReadCounts counts_;
  // The dump being read: it is whole once it has listed the records its header announced,
  // although its end is only known when the next line comes (a v4 dump's "(NB: ...)" lines
  // may still follow its totals): on a quiet serial line that may take a while.
  std::optional<SnapshotBegin> dump_;
  std::uint64_t dump_records_ = 0;
  // Per boot:
  std::optional<Totals> baseline_;  // where growth is measured from, once known
  std::map<std::string, HeapState> heaps_;
  std::uint64_t lost_records_ = 0;
  std::optional<MarkerEvent> last_marker_;
  // The boot as last grouped outside a dump, shown while the next dump is printed; stale once
  // an event has come since. A dump's begin groups the one before it if no snapshot has.
  std::shared_ptr<const BootReport> settled_;
  bool settled_stale_ = true;
};

}  // namespace leakscope
