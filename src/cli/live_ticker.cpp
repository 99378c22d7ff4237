#include "live_ticker.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace leakscope {

Ticker::Ticker(Clock::duration interval, const StopSignal& stop, std::function<void()> on_tick)
    : interval_(std::max<Clock::duration>(interval, std::chrono::milliseconds(1))),
      next_(Clock::now() + interval_),
      stop_(stop),
      on_tick_(std::move(on_tick)) {}

void Ticker::tick_if_due() {
  const Clock::time_point now = Clock::now();
  if (now < next_) return;
  on_tick_();
  // Ticks missed while a slow tick or a long read held us up are skipped, not caught up on.
  next_ += interval_;
  if (next_ <= now) next_ = now + interval_;
}

bool Ticker::wait_readable(int fd) {
  if (fd < 0) return !stop_.requested();  // poll() would ignore it: let read() fail instead
  for (;;) {
    if (stop_.requested()) return false;
    tick_if_due();
    const std::int64_t wait_ms = std::clamp<std::int64_t>(
        std::chrono::ceil<std::chrono::milliseconds>(next_ - Clock::now()).count(), 0, 60'000);
    pollfd fds[] = {{fd, POLLIN, 0}, {stop_.fd(), POLLIN, 0}};  // a negative fd is ignored
    const int ready = ::poll(fds, 2, static_cast<int>(wait_ms));
    if (ready < 0 && errno != EINTR) return true;  // read() will say what is wrong
    if (ready > 0 && fds[0].revents != 0) return true;  // data, end of input or an error
  }
}

}  // namespace leakscope
