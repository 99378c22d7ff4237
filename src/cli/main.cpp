// The tool: everything happens in run(), which tests call in-process.
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>

#include "leakscope/cli/run.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  leakscope::Io io;
  io.stdin_fd = STDIN_FILENO;
  io.out = &std::cout;
  io.err = &std::cerr;
  io.out_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  io.out_fd = STDOUT_FILENO;
  const char* no_color = std::getenv("NO_COLOR");
  io.no_color = no_color != nullptr && *no_color != '\0';
  io.exits_after_run = true;
  try {
    return leakscope::run(std::vector<std::string>(argv + 1, argv + argc), io);
  } catch (const std::exception& e) {
    std::cerr << "leakscope: internal error: " << e.what() << '\n';
    return leakscope::exit_usage_error;
  }
}
