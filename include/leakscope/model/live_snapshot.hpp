// LiveSnapshot: what `leakscope analyze --live` shows at one tick, as plain values.
//
// analyze/live_tracker.hpp builds it from the analyzer's state between two reads; the writers
// in report/live_text.hpp (terminal) and report/live_json.hpp (JSON Lines) only print it.
// Everything in it is about the boot in progress, except the `read` counters, which cover the
// whole capture.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leakscope/model/diagnostics.hpp"
#include "leakscope/model/event.hpp"
#include "leakscope/model/report.hpp"

namespace leakscope {

inline constexpr int live_snapshot_schema_version = 1;

// One heap's health: the boot's last sample and how its free bytes changed since the first.
struct LiveHeap {
  HeapSampleEvent last;
  std::int64_t free_change = 0;  // last.free - first sample's free: negative when the heap shrinks
};

// Totals of the whole capture so far.
struct LiveReadCounts {
  std::uint64_t lines = 0;    // text lines read
  std::uint64_t allocs = 0;   // allocation records (dump records and streamed events)
  std::uint64_t frees = 0;    // free records
  std::uint64_t skipped = 0;  // evidence skipped: malformed or damaged records, overlong lines
};

struct LiveSnapshot {
  std::uint64_t seq = 0;        // 1 for the first snapshot of the run
  double uptime_seconds = 0;    // since the capture started (wall clock)
  std::vector<std::string> inputs;  // names of the inputs opened so far (SourcePos::input)
  std::uint32_t boots = 0;      // boots seen, the one in progress included

  // The boot in progress grouped as its report would be if the input ended now; null before
  // any evidence. Shared, not copied: a snapshot taken during a dump reuses the last one.
  std::shared_ptr<const BootReport> boot;
  // A heap trace dump is being read: `boot` holds the state the previous complete dump showed
  // (or, for the boot's first dump, what has been read of it).
  bool dump_in_progress = false;
  // Live bytes and allocations now minus at the boot's start: for a streamed trace the boot
  // starts from nothing; for heap trace dumps, from the first dump (the earliest state the log
  // shows). Zero until there is a start to compare with.
  std::int64_t growth_bytes = 0;
  std::int64_t growth_count = 0;
  std::vector<LiveHeap> heaps;           // by heap label
  std::uint64_t lost_records = 0;        // trace records lost in this boot (TraceLossEvent)
  std::optional<MarkerEvent> last_marker;  // in this boot

  LiveReadCounts read;
};

}  // namespace leakscope
