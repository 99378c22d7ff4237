// What the end-to-end tests share: the leakscope binary, a shell, a file's bytes.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace e2e {

inline const std::string source_dir = LEAKSCOPE_SOURCE_DIR;
inline const std::string leakscope = std::string(LEAKSCOPE_BINARY_DIR) + "/leakscope";

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a shell command; returns its exit status (WEXITSTATUS), -1 when it did not exit.
inline int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// 'text' for the shell: single-quoted, embedded quotes escaped.
inline std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace e2e
