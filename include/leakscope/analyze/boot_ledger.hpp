// BootLedger: the live allocations of one boot, and what we know about the boot's trace.
//
// Allocation events add blocks, free events remove them. A heap-trace dump is a snapshot of
// everything its buffer holds, so its begin event clears the ledger: the boot's state is its
// last dump. A streamed trace adds and removes blocks as it goes; its losses make the boot
// incomplete. Nothing survives a reboot: the analyzer starts a new ledger at every BootEvent
// that does not join this one (takes_marker).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "leakscope/analyze/cycle_growth.hpp"
#include "leakscope/model/event.hpp"
#include "leakscope/model/report.hpp"
#include "leakscope/model/stack_table.hpp"

namespace leakscope {

struct LiveAllocation {
  std::uint64_t size = 0;
  StackId stack;
  std::optional<std::uint64_t> task;
  std::uint32_t task_generation = 0;  // task ends its handle had seen: a reused handle is another task
  std::uint64_t seq = 0;
  SourcePos pos;
};

// A trace's anomalies of one kind (event.hpp, HeapAnomalyEvent): how many, the first few.
struct LedgerAnomalies {
  struct Example {
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    SourcePos pos;
    StackId stack;
  };
  std::uint64_t count = 0;
  std::vector<Example> first;  // up to HeapAnomalies::max_examples
};

class BootLedger {
 public:
  BootLedger(std::uint32_t index, const BootEvent& boot);

  // Whether a trace's boot marker belongs to this boot rather than starting the next: the
  // boot holds no allocation evidence yet and has had no marker of that kind (a HEADER comes
  // before its BOOT). A log's boot lines always start a new boot.
  bool takes_marker(const BootEvent& boot) const;
  void on_boot_marker(const BootEvent& boot);

  void on_snapshot_begin(const SnapshotBegin& begin);
  void on_alloc(const AllocEvent& alloc, StackTable& stacks);
  void on_free(const FreeEvent& free);
  void on_task_name(const TaskNameEvent& event);
  void on_task_end(const TaskEndEvent& event);
  void on_snapshot_end(const SnapshotEnd& end);
  void on_elf_identity(ElfIdentityEvent&& event);
  void on_trace_start(const TraceStartEvent& event);
  void on_trace_loss(const TraceLossEvent& event);
  void on_heap_sample() { ++header_.trace.heap_samples; }  // a trace's HEAP record
  std::uint64_t tick_ns() const { return header_.trace.tick_ns; }
  void on_marker() { ++header_.trace.markers; }  // a trace's MARKER record
  // A cycle of work begins: the live bytes per stack are noted (cycle_growth.hpp), unless a
  // dump is being read (its state is partial).
  void on_cycle_begin();
  const CycleSnapshots& cycle_snapshots() const { return cycle_snapshots_; }
  bool has_trace() const { return header_.has_trace; }
  void on_skip(const SkipEvent& skip);
  void on_anomaly(const HeapAnomalyEvent& event, StackTable& stacks);
  const std::map<HeapAnomalyKind, LedgerAnomalies>& anomalies() const { return anomalies_; }

  const std::unordered_map<std::uint64_t, LiveAllocation>& live() const { return live_; }
  // Between a dump's begin and end: live() holds only part of the dump so far.
  bool in_snapshot() const { return in_snapshot_; }
  // The live bytes of a streamed trace now (a dump's state is the dump's moment, not now);
  // none for dumps or without a trace.
  std::optional<std::uint64_t> streamed_live_bytes() const {
    if (!header_.has_trace || header_.trace.dumps > 0) return std::nullopt;
    return live_bytes_;
  }
  // The task's name in the generation of its handle an allocation was made in.
  std::string task_label(const std::optional<std::uint64_t>& task, std::uint32_t generation = 0) const;

  // The boot's report without its leak groups (grouping fills those in).
  BootReport header() const;

 private:
  void mark_incomplete(std::string reason);

  BootReport header_;
  std::unordered_map<std::uint64_t, LiveAllocation> live_;
  std::uint64_t live_bytes_ = 0;  // the sum of live_'s sizes
  CycleSnapshots cycle_snapshots_;
  std::map<std::pair<std::uint64_t, std::uint32_t>, std::string> task_names_;  // by handle, generation
  std::map<std::uint64_t, std::uint32_t> task_generation_;  // handles that ended, and how often
  bool seen_trace_header_ = false;
  bool seen_trace_boot_ = false;
  std::uint64_t next_seq_ = 1;
  bool in_snapshot_ = false;
  std::uint64_t snapshot_duplicates_ = 0;
  std::uint64_t malformed_in_snapshot_ = 0;
  std::map<HeapAnomalyKind, LedgerAnomalies> anomalies_;
};

}  // namespace leakscope
