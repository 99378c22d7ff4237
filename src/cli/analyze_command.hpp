// `leakscope analyze`: logs (+ ELFs) -> leak report, exit code from the threshold.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leakscope/cli/run.hpp"

namespace CLI {
class App;
}

namespace leakscope {

struct AnalyzeOptions {
  std::vector<std::string> inputs;  // empty or "-": stdin
  std::vector<std::string> elfs;
  std::string elf_dir;  // choose each boot's ELF from here by SHA-256 (excludes elfs)
  bool allow_elf_mismatch = false;  // symbolize a boot whose printed SHA-256 matches no ELF
  std::vector<std::string> debug_dirs;  // where separate debug files of stripped ELFs may be
  std::string format = "text";
  std::string output;  // empty: stdout
  std::uint64_t fail_on_leak = 0;  // exit 1 when a boot leaks more than this many bytes
  std::vector<std::string> skip_frames;
  std::string color = "auto";
};

CLI::App* add_analyze_command(CLI::App& parent, AnalyzeOptions& options);

int run_analyze(const AnalyzeOptions& options, Io& io);

}  // namespace leakscope
