// `leakscope diff BASE NEW`: the leak sites of two runs matched by fingerprint
// (analyze/site_diff.hpp); exit 1 when NEW has a site BASE has not, or one grown beyond
// --max-growth, 0 otherwise, 2 when a side cannot be read.
//
//   leakscope diff main.json pr.json                              # two JSON reports
//   leakscope diff main.json pr-capture.log --elf pr.elf           # NEW analyzed now
//   leakscope diff a.log b.log --base-elf a.elf --elf b.elf        # both analyzed now
//
// Each side is a leakscope JSON report (`analyze --format json`, or the end of a live JSON
// Lines run) or a capture that analyze reads, analyzed now with its ELFs: --base-elf for
// BASE, --elf for NEW (and for BASE when no --base-elf is given: two captures of one build).
// A side is taken for a report when its text opens with '{' and reads as one; a file named
// *.json that does not is an error, not a capture. --records, --skip-frames and --format-hint
// read captures as analyze does (a --format-hint INPUT= names BASE or NEW).
#pragma once

#include <string>
#include <vector>

#include "leakscope/cli/run.hpp"

namespace CLI {
class App;
}

namespace leakscope {

struct DiffOptions {
  std::string base;                     // BASE: report or capture
  std::string candidate;                // NEW
  std::vector<std::string> base_elfs;   // --base-elf: BASE's ELFs when it is a capture
  std::vector<std::string> elfs;        // --elf: NEW's (and BASE's without --base-elf)
  std::vector<std::string> debug_dirs;  // --debug-dir, for either side
  // How captures are read, as analyze's options of the same names: both sides.
  std::string records;                    // --records
  std::vector<std::string> skip_frames;   // --skip-frames
  std::vector<std::string> format_hints;  // --format-hint [INPUT=]FORMAT
  std::string max_growth;               // empty: 0 bytes
  std::string format = "text";
  std::string output;  // empty: stdout
};

CLI::App* add_diff_command(CLI::App& parent, DiffOptions& options);

int run_diff(const DiffOptions& options, Io& io);

}  // namespace leakscope
