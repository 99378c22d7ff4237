// Runs the whole tool in-process, as main() would, and captures what it prints.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "leakscope/cli/run.hpp"

namespace leakscope::testing {

struct CliOutcome {
  int code = -1;
  std::string out;
  std::string err;
};

struct Terminal {
  bool is_terminal = false;  // stdout looks like a terminal
  bool no_color = false;     // NO_COLOR is set
};

inline CliOutcome run_cli(const std::vector<std::string>& args, int stdin_fd = -1,
                          Terminal terminal = {}) {
  std::ostringstream out, err;
  Io io;
  io.stdin_fd = stdin_fd;
  io.out = &out;
  io.err = &err;
  io.out_is_terminal = terminal.is_terminal;
  io.no_color = terminal.no_color;
  const int code = run(args, io);
  return {code, out.str(), err.str()};
}

}  // namespace leakscope::testing
