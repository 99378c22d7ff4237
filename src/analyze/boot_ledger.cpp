#include "leakscope/analyze/boot_ledger.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace leakscope {

BootLedger::BootLedger(std::uint32_t index, const BootEvent& boot) {
  header_.index = index;
  header_.start = boot.pos;
  on_boot_marker(boot);
}

bool BootLedger::takes_marker(const BootEvent& boot) const {
  if (boot.marker == BootMarker::log || header_.has_trace) return false;
  if (boot.marker == BootMarker::trace_header) return !seen_trace_header_ && !seen_trace_boot_;
  return !seen_trace_boot_;
}

void BootLedger::on_boot_marker(const BootEvent& boot) {
  if (header_.banner.empty()) header_.banner = boot.banner;
  if (header_.reset_reason.empty()) header_.reset_reason = boot.reset_reason;
  seen_trace_header_ = seen_trace_header_ || boot.marker == BootMarker::trace_header;
  seen_trace_boot_ = seen_trace_boot_ || boot.marker == BootMarker::trace_boot;
}

void BootLedger::mark_incomplete(std::string reason) {
  header_.incomplete = true;
  if (std::find(header_.incomplete_reasons.begin(), header_.incomplete_reasons.end(), reason) ==
      header_.incomplete_reasons.end())
    header_.incomplete_reasons.push_back(std::move(reason));
}

void BootLedger::on_snapshot_begin(const SnapshotBegin& begin) {
  // A new dump describes the whole trace buffer again: what earlier dumps said is superseded,
  // including their reasons for being incomplete.
  live_.clear();
  live_bytes_ = 0;
  header_.incomplete = false;
  header_.incomplete_reasons.clear();
  header_.has_trace = true;
  TraceInfo& trace = header_.trace;
  const std::uint64_t dumps = trace.dumps + 1;
  trace = TraceInfo{};
  trace.dumps = dumps;
  trace.layout = dump_layout_name(begin.layout);
  trace.capacity = begin.capacity;
  next_seq_ = 1;
  in_snapshot_ = true;
  snapshot_duplicates_ = 0;
  malformed_in_snapshot_ = 0;
  if (!begin.header_seen)
    mark_incomplete(fmt::format("heap trace dump without its header at line {} (capture began "
                                "mid-dump?): earlier records are missing",
                                begin.pos.line));
}

void BootLedger::on_alloc(const AllocEvent& alloc, StackTable& stacks) {
  header_.has_trace = true;
  ++header_.trace.records;
  if (alloc.address == 0) {  // a failed allocation (streamed traces record them): nothing live
    ++header_.trace.failed_allocations;
    return;
  }
  std::uint32_t generation = 0;
  if (alloc.task && !task_generation_.empty())
    if (auto it = task_generation_.find(*alloc.task); it != task_generation_.end()) generation = it->second;
  LiveAllocation entry{alloc.size,  stacks.intern(alloc.callers), alloc.task, generation,
                       next_seq_++, alloc.pos};
  auto [it, inserted] = live_.try_emplace(alloc.address, entry);
  if (!inserted) {
    // Same block twice while live: a dump printed while tracing went on, or a lost free.
    ++snapshot_duplicates_;
    live_bytes_ -= it->second.size;
    it->second = entry;
  }
  live_bytes_ += alloc.size;
}

void BootLedger::on_free(const FreeEvent& free) {
  header_.has_trace = true;
  ++header_.trace.freed_records;
  // A stream's free of a block it never saw allocated: allocated before the recording began,
  // or its ALLOC was lost. Counted, not an error.
  if (auto it = live_.find(free.address); it != live_.end()) {
    live_bytes_ -= it->second.size;
    live_.erase(it);
  } else if (!in_snapshot_) {
    ++header_.trace.unmatched_frees;
  }
}

void BootLedger::on_cycle_begin() {
  if (in_snapshot_) return;
  CycleSnapshots::Snapshot snapshot;
  for (const auto& [address, a] : live_) snapshot[a.stack.value] += a.size;
  cycle_snapshots_.take(std::move(snapshot));
}

void BootLedger::on_trace_start(const TraceStartEvent& event) {
  header_.trace.layout = event.format;
  header_.trace.tick_ns = event.tick_ns;
  header_.trace.firmware = event.firmware;
}

void BootLedger::on_trace_loss(const TraceLossEvent& event) {
  std::vector<TraceLoss>& lost = header_.trace.lost;
  auto it = std::find_if(lost.begin(), lost.end(), [&](const TraceLoss& l) { return l.cause == event.cause; });
  if (it == lost.end()) {
    it = lost.insert(std::upper_bound(lost.begin(), lost.end(), event.cause,
                                      [](LossCause c, const TraceLoss& l) { return c < l.cause; }),
                     TraceLoss{event.cause});
  }
  it->records += event.records;
  it->bytes += event.bytes;
  if (event.records == 0) ++it->unknown;
}

void BootLedger::on_task_end(const TaskEndEvent& event) { ++task_generation_[event.task]; }

void BootLedger::on_elf_identity(ElfIdentityEvent&& event) {
  header_.elf.printed.push_back(std::move(event));
}

void BootLedger::on_task_name(const TaskNameEvent& event) {
  std::uint32_t generation = 0;
  if (auto it = task_generation_.find(event.task); it != task_generation_.end()) generation = it->second;
  task_names_[{event.task, generation}] = event.name;
}

void BootLedger::on_skip(const SkipEvent& skip) {
  if (in_snapshot_ && skip.kind == SkipKind::malformed_record) ++malformed_in_snapshot_;
}

void BootLedger::on_anomaly(const HeapAnomalyEvent& event, StackTable& stacks) {
  header_.has_trace = true;
  LedgerAnomalies& kind = anomalies_[event.kind];
  ++kind.count;
  if (kind.first.size() < HeapAnomalies::max_examples)
    kind.first.push_back({event.address, event.size, event.pos, stacks.intern(event.callers)});
}

void BootLedger::on_snapshot_end(const SnapshotEnd& end) {
  in_snapshot_ = false;
  TraceInfo& trace = header_.trace;
  trace.mode = end.mode;
  trace.reported_bytes = end.reported_bytes;
  trace.reported_count = end.reported_count;
  trace.total_allocations = end.total_allocations;
  trace.total_frees = end.total_frees;

  if (end.overflowed)
    mark_incomplete("the device's trace buffer overflowed: the oldest records were dropped");
  if (!end.complete)
    mark_incomplete(fmt::format("heap trace dump cut off at line {} (no summary)", end.pos.line));
  if (end.list_corrupt) mark_incomplete("the device reported its heap trace list corrupt");
  if (malformed_in_snapshot_ > 0)
    mark_incomplete(fmt::format("{} heap trace record(s) could not be parsed",
                                malformed_in_snapshot_));
  if (snapshot_duplicates_ > 0 && !end.duplicates_possible)
    mark_incomplete(fmt::format("{} block address(es) listed twice as live", snapshot_duplicates_));

  // Cross-check against the device's own totals: a difference means records were lost to
  // garbled lines (or added by a dump that raced with tracing).
  // Records lost in ALL mode are mostly freed ones: they change no total but the record count.
  if (end.reported_records && *end.reported_records != trace.records)
    mark_incomplete(fmt::format("the dump lists {} records but {} were read",
                                *end.reported_records, trace.records));
  if (end.reported_bytes && end.reported_count) {
    std::uint64_t bytes = 0;
    for (const auto& [address, a] : live_) bytes += a.size;
    if (bytes != *end.reported_bytes || live_.size() != *end.reported_count)
      mark_incomplete(fmt::format(
          "the dump reports {} bytes in {} live allocations but {} bytes in {} were read",
          *end.reported_bytes, *end.reported_count, bytes, live_.size()));
  }
}

std::string BootLedger::task_label(const std::optional<std::uint64_t>& task,
                                   std::uint32_t generation) const {
  if (!task) return "unknown";
  if (auto it = task_names_.find({*task, generation}); it != task_names_.end()) return it->second;
  return fmt::format("{:#x}", *task);
}

namespace {

std::string loss_text(const TraceLoss& loss) {
  std::string_view what;
  switch (loss.cause) {
    case LossCause::device_buffer: what = "dropped by the device (its buffer was full)"; break;
    case LossCause::transit: what = "lost in transit (sequence numbers skipped)"; break;
    case LossCause::ring_wrap: what = "overwritten in the ring buffer before it was read"; break;
    case LossCause::before_capture: what = "written before the capture began"; break;
  }
  if (loss.records == 0) return fmt::format("an unknown number {}", what);
  return fmt::format("{}{} {}", loss.records, loss.unknown > 0 ? " or more" : "", what);
}

}  // namespace

BootReport BootLedger::header() const {
  BootReport boot = header_;
  // Said once, with the final counts: a boot's trace losses make its totals a lower bound.
  if (!boot.trace.lost.empty()) {
    std::string causes;
    for (const TraceLoss& loss : boot.trace.lost)
      causes += (causes.empty() ? "" : ", ") + loss_text(loss);
    boot.incomplete = true;
    boot.incomplete_reasons.push_back(fmt::format("trace records were lost: {}", causes));
  }
  return boot;
}

}  // namespace leakscope
