// The whole tool as a function: tests call run() in-process, main() only forwards to it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace leakscope {

class StopSignal;

// Where a run reads and writes. stdin is read by file descriptor so a live serial pipe is
// consumed as bytes arrive, not when a buffer fills.
struct Io {
  int stdin_fd = 0;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool out_is_terminal = false;  // colour and alignment decisions for text output
  bool no_color = false;         // NO_COLOR was set
  bool exits_after_run = false;  // main(): the process ends when run() returns, and run() may
                                 // take over its signals (live mode: Ctrl-C ends it cleanly)
  int out_fd = -1;               // out's descriptor when it has one: live mode asks a terminal
                                 // its size there (else 80x24)
  StopSignal* stop = nullptr;    // live mode stops reading when this is requested
                                 // (stop_signal.hpp); null: a signal of its own
};

// Exit codes, documented in README.md ("Exit codes").
enum ExitCode : int {
  exit_clean = 0,       // nothing over the threshold
  exit_leaks = 1,       // at least one boot leaks more than the threshold
  exit_usage_error = 2, // bad command line, unreadable input, not an ELF
};

// args excludes the program name.
int run(const std::vector<std::string>& args, Io& io);

}  // namespace leakscope
