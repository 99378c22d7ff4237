// Ticker: live mode's clock, and the ReadGate of every input it reads.
//
//   Ticker ticker(std::chrono::seconds(2), stop, [&] { show(tracker.snapshot(...)); });
//   auto source = open_input(path, stdin_fd, &ticker);   // each read waits in the ticker
//
// Before each read it waits with poll() for the input to become readable, calling on_tick
// whenever an interval has passed: while the input is quiet, and between reads while it pours
// in. A stop request (Ctrl-C) ends the wait and, with it, the input.
//
// Why poll() and not a reader thread: the analyzer, its resolvers and the symbolizer's caches
// are not thread-safe. With one thread, a tick runs between two reads, when the analyzer is
// between events, and needs no locks; a thread would have to lock per event or hand lines over.
#pragma once

#include <chrono>
#include <functional>

#include "leakscope/cli/stop_signal.hpp"
#include "leakscope/ingest/byte_source.hpp"

namespace leakscope {

class Ticker final : public ReadGate {
 public:
  using Clock = std::chrono::steady_clock;

  // The first tick comes one interval after construction.
  Ticker(Clock::duration interval, const StopSignal& stop, std::function<void()> on_tick);

  // true: fd is readable (or at end, or failed: read() tells which); false: stop requested.
  bool wait_readable(int fd) override;

 private:
  void tick_if_due();

  Clock::duration interval_;
  Clock::time_point next_;
  const StopSignal& stop_;
  std::function<void()> on_tick_;
};

}  // namespace leakscope
