#include "leakscope/cli/stop_signal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <iterator>
#include <type_traits>

namespace leakscope {

namespace {

// The StopSignal the handler requests; one live run per process catches signals at a time.
std::atomic<StopSignal*> signalled{nullptr};

void on_signal(int) {
  if (StopSignal* stop = signalled.load()) stop->request();
}

constexpr int caught[] = {SIGINT, SIGTERM};

}  // namespace

StopSignal::StopSignal() {
  static_assert(std::atomic<bool>::is_always_lock_free, "request() must be signal-safe");
  // Non-blocking: a request when the pipe is already full must not block a signal handler.
  if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) pipe_[0] = pipe_[1] = -1;
}

StopSignal::~StopSignal() {
  for (int fd : pipe_)
    if (fd >= 0) ::close(fd);
}

void StopSignal::request() noexcept {
  requested_.store(true);
  if (pipe_[1] >= 0) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(pipe_[1], &byte, 1);
  }
}

CatchStopSignals::CatchStopSignals(StopSignal& stop) : previous_stop_(signalled.exchange(&stop)) {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  // Restarted: a write of the final report is never cut short by a second Ctrl-C. The poll
  // that waits for input is not restarted (poll never is), and the pipe wakes it anyway.
  action.sa_flags = SA_RESTART;
  static_assert(std::size(caught) == std::extent_v<decltype(previous_)>);
  for (std::size_t i = 0; i < std::size(caught); ++i) ::sigaction(caught[i], &action, &previous_[i]);
}

CatchStopSignals::~CatchStopSignals() {
  for (std::size_t i = 0; i < std::size(caught); ++i) ::sigaction(caught[i], &previous_[i], nullptr);
  signalled.store(previous_stop_);
}

}  // namespace leakscope
