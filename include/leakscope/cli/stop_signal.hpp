// StopSignal: asks a live run to stop reading, write its final report and return.
//
//   StopSignal stop;
//   io.stop = &stop;                    // tests: stop.request() from another thread
//   { CatchStopSignals guard(stop);     // main's process: SIGINT and SIGTERM request it
//     ... poll({input, stop.fd()}) ...  // a request wakes the poll at once
//   }                                   // the previous handlers are back
//
// request() only sets a flag and writes one byte to a pipe, both async-signal-safe, so a
// signal never interrupts the run mid-write: the run notices at its next wait and finishes
// in order.
#pragma once

#include <atomic>
#include <csignal>

namespace leakscope {

class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  void request() noexcept;  // async-signal-safe; any thread
  bool requested() const noexcept { return requested_.load(); }
  // Readable once requested: poll it beside the input. -1 when no pipe could be made; then a
  // request is noticed at the next timeout of the poll.
  int fd() const noexcept { return pipe_[0]; }

 private:
  std::atomic<bool> requested_{false};
  int pipe_[2] = {-1, -1};
};

// While it lives, SIGINT and SIGTERM request `stop` instead of ending the process.
class CatchStopSignals {
 public:
  explicit CatchStopSignals(StopSignal& stop);
  ~CatchStopSignals();
  CatchStopSignals(const CatchStopSignals&) = delete;
  CatchStopSignals& operator=(const CatchStopSignals&) = delete;

 private:
  struct sigaction previous_[2] = {};  // SIGINT's and SIGTERM's handlers before
  StopSignal* previous_stop_;
};

}  // namespace leakscope
