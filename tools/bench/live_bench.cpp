// live_bench: memory and speed of live mode's analysis over a long stream of heap events.
//
//   leakscope_live_bench [MILLION_EVENTS]      (default: 10)
//
// Streams alloc/free events (generated on the fly: about 2,000 blocks live at any time over
// 50 call stacks, one allocation in 10,000 never freed) through the live tracker into the
// analyzer, and takes a snapshot every 100,000 events, rendered as the terminal summary and as
// a JSON Lines snapshot (and thrown away), as `analyze --live` does at each tick. At each
// checkpoint it prints events/s and the process's peak RSS, which must not grow with the
// number of events, only with the live allocations (the leaked ones). The goals and figures are
// in tools/bench/README.md.
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <deque>

#include <fmt/format.h>

#include "leakscope/analyze/live_tracker.hpp"
#include "leakscope/report/live_json.hpp"
#include "leakscope/report/live_text.hpp"

using namespace leakscope;

namespace {

constexpr std::size_t live_blocks = 2000;
constexpr std::uint64_t stacks = 50;
constexpr std::uint64_t leak_every = 10000;  // allocations
constexpr std::uint64_t snapshot_every = 100000;  // events

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

AllocEvent alloc(std::uint64_t n) {
  AllocEvent e;
  e.pos.offset = n * 24;  // as a binary trace would position it
  e.address = 0x3f800000 + n * 32;  // never reused: a leaked block stays live
  e.size = 16 + n % 7 * 8;
  e.task = 0x3ffb0000 + n % 4 * 0x100;
  e.time = n;
  const std::uint64_t stack = n % stacks;
  e.callers = {0x400d1000 + stack * 16, 0x400d2000 + stack % 10 * 8, 0x400d3000};
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t events = (argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10) * 1000000;
  auto plumbing = PlumbingFilter::create();
  Analyzer analyzer(nullptr, *plumbing);
  LiveTracker tracker(analyzer);
  tracker.on_event(BootEvent{});

  std::deque<std::uint64_t> live;  // addresses of blocks to free, oldest first
  std::uint64_t allocations = 0, sent = 0, snapshots = 0, rendered_bytes = 0;
  std::uint64_t next_checkpoint = 1000000;
  const auto start = std::chrono::steady_clock::now();
  fmt::print("{:>12} {:>10} {:>12} {:>12} {:>12}\n", "events", "seconds", "events/s",
             "live blocks", "peak RSS KiB");
  while (sent < events) {
    if (live.size() < live_blocks) {
      AllocEvent e = alloc(allocations++);
      if (allocations % leak_every != 0) live.push_back(e.address);
      tracker.on_event(std::move(e));
    } else {
      FreeEvent e;
      e.address = live.front();
      live.pop_front();
      tracker.on_event(std::move(e));
    }
    if (++sent % snapshot_every == 0) {
      const LiveSnapshot s = tracker.snapshot(0, 0);
      for (const std::string& line : render_live_text(s, LiveTextStyle{})) rendered_bytes += line.size();
      rendered_bytes += live_snapshot_json_line(s).size();
      ++snapshots;
    }
    if (sent == next_checkpoint || sent == events) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const BootLedger* ledger = analyzer.current_ledger();
      fmt::print("{:>12} {:>10.1f} {:>12.0f} {:>12} {:>12}\n", sent, seconds,
                 static_cast<double>(sent) / seconds, ledger->live().size(), peak_rss_kib());
      next_checkpoint *= 2;
    }
  }
  const Report report = analyzer.finish();
  fmt::print("{} snapshots ({} bytes rendered); report: {} bytes in {} allocations\n", snapshots,
             rendered_bytes, report.leaked_bytes, report.leaked_count);
  return 0;
}
