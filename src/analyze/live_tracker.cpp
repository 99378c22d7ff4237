#include "leakscope/analyze/live_tracker.hpp"

#include <type_traits>

namespace leakscope {

LiveTracker::LiveTracker(Analyzer& analyzer) : analyzer_(analyzer) {}

void LiveTracker::start_boot() {
  baseline_.reset();
  heaps_.clear();
  lost_records_ = 0;
  last_marker_.reset();
  settled_.reset();
}

bool LiveTracker::streaming() const {
  const BootLedger* ledger = analyzer_.current_ledger();
  return ledger == nullptr || !ledger->in_snapshot();
}

bool LiveTracker::dump_in_progress() const {
  const BootLedger* ledger = analyzer_.current_ledger();
  if (ledger == nullptr || !ledger->in_snapshot()) return false;
  return !dump_ || !dump_->header_seen || dump_records_ < dump_->records_declared;
}

LiveTracker::Totals LiveTracker::live_totals() const {
  Totals totals;
  if (const BootLedger* ledger = analyzer_.current_ledger()) {
    for (const auto& [address, a] : ledger->live()) totals.bytes += static_cast<std::int64_t>(a.size);
    totals.count = static_cast<std::int64_t>(ledger->live().size());
  }
  return totals;
}

void LiveTracker::on_heap_sample(HeapSampleEvent& sample) {
  auto it = heaps_.find(sample.heap);
  if (it == heaps_.end()) {
    if (heaps_.size() >= max_heaps) return;
    it = heaps_.emplace(sample.heap, HeapState{}).first;
  }
  HeapState& state = it->second;
  if (!state.first_free) state.first_free = sample.free;
  HeapSampleEvent& last = state.last;
  auto keep = [](std::optional<std::uint64_t>& to, const std::optional<std::uint64_t>& from) {
    if (from) to = from;
  };
  keep(last.free, sample.free);
  keep(last.min_free, sample.min_free);
  keep(last.largest_free, sample.largest_free);
  keep(last.total, sample.total);
  last.pos = sample.pos;
  last.time = sample.time;
  last.logged_at = sample.logged_at;
  last.heap = sample.heap;
}

void LiveTracker::on_event(Event&& event) {
  // What the tracker learns before the analyzer sees the event, and after.
  bool boot_started = false;
  bool dump_ended = false;
  std::visit(
      [&](auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, BootEvent>) {
          // A trace's boot marker may join the boot in progress instead (as the analyzer
          // decides, by the same rule).
          const BootLedger* ledger = analyzer_.current_ledger();
          boot_started = ledger == nullptr || !ledger->takes_marker(e);
        } else if constexpr (std::is_same_v<E, AllocEvent> || std::is_same_v<E, FreeEvent>) {
          ++(std::is_same_v<E, AllocEvent> ? counts_.allocs : counts_.frees);
          if (std::is_same_v<E, AllocEvent>) ++dump_records_;
          // A streamed trace shows the boot from its first event: it starts from nothing.
          if (!baseline_ && streaming()) baseline_ = Totals{};
        } else if constexpr (std::is_same_v<E, SnapshotBegin>) {
          // The ledger still holds the dump before: the state to show until this one is whole.
          if (settled_stale_ && !dump_in_progress() && analyzer_.current_ledger() != nullptr)
            settle(*analyzer_.preview_current_boot());
          dump_ = e;
          dump_records_ = 0;
        } else if constexpr (std::is_same_v<E, SnapshotEnd>) {
          dump_ended = true;
        } else if constexpr (std::is_same_v<E, HeapSampleEvent>) {
          on_heap_sample(e);
        } else if constexpr (std::is_same_v<E, TraceLossEvent>) {
          lost_records_ += e.records;
        } else if constexpr (std::is_same_v<E, MarkerEvent>) {
          last_marker_ = e;
        }
      },
      event);
  analyzer_.on_event(std::move(event));
  settled_stale_ = true;
  if (boot_started) start_boot();
  // The boot's first dump is the earliest state its log shows.
  if (dump_ended && !baseline_) baseline_ = live_totals();
}

void LiveTracker::settle(BootReport&& boot) {
  settled_ = std::make_shared<const BootReport>(std::move(boot));
  settled_stale_ = false;
  // A dump that has listed all its records is the boot's first state, if none was known.
  if (settled_->has_trace && !baseline_)
    baseline_ = Totals{static_cast<std::int64_t>(settled_->leaks.bytes),
                       static_cast<std::int64_t>(settled_->leaks.count)};
}

LiveSnapshot LiveTracker::snapshot(std::uint64_t lines_read, double uptime_seconds) {
  LiveSnapshot s;
  s.seq = ++seq_;
  s.uptime_seconds = uptime_seconds;
  s.read = counts_;
  s.read.lines = lines_read;
  s.read.skipped = analyzer_.skipped_count();

  if (analyzer_.current_ledger() == nullptr) return s;
  s.dump_in_progress = dump_in_progress();
  // During a dump the ledger holds only part of it: show the last complete state instead.
  if (s.dump_in_progress) {
    // The boot's first dump has nothing before it: what has been read of it is all there is.
    s.boot = settled_ && settled_->has_trace
                 ? settled_
                 : std::make_shared<const BootReport>(*analyzer_.preview_current_boot());
  } else {
    if (settled_stale_) settle(*analyzer_.preview_current_boot());
    s.boot = settled_;
  }
  s.boots = s.boot->index + 1;
  if (baseline_) {
    s.growth_bytes = static_cast<std::int64_t>(s.boot->leaks.bytes) - baseline_->bytes;
    s.growth_count = static_cast<std::int64_t>(s.boot->leaks.count) - baseline_->count;
  }
  for (const auto& [label, heap] : heaps_)
    s.heaps.push_back(LiveHeap{heap.last, heap.last.free && heap.first_free
                                              ? static_cast<std::int64_t>(*heap.last.free) -
                                                    static_cast<std::int64_t>(*heap.first_free)
                                              : 0});
  s.lost_records = lost_records_;
  s.last_marker = last_marker_;
  return s;
}

}  // namespace leakscope
