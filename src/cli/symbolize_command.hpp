// `leakscope symbolize`: addr2line-compatible lookups against one or more ELFs.
#pragma once

#include <string>
#include <vector>

#include "leakscope/cli/run.hpp"

namespace CLI {
class App;
}

namespace leakscope {

struct SymbolizeOptions {
  std::vector<std::string> elfs;
  std::vector<std::string> debug_dirs;  // where separate debug files of stripped ELFs may be
  std::vector<std::string> addresses;  // empty: read whitespace-separated addresses from stdin
  bool pretty = false;          // -p: one line per address, "(inlined by)" for the chain
  bool print_address = false;   // -a: print the address before its frames
  // -f, -i, -C are on by default (llvm-symbolizer's defaults); addr2line's flags are accepted.
  bool functions = true;
  bool inlines = true;
  bool demangle = true;
  std::string adjust = "none";        // "return": addresses are return addresses (see --adjust)
  std::string output_style = "GNU";   // "GNU" (addr2line text) or "JSON"
};

// Declares the subcommand and its options on `parent`; returns it.
CLI::App* add_symbolize_command(CLI::App& parent, SymbolizeOptions& options);

int run_symbolize(const SymbolizeOptions& options, Io& io);

}  // namespace leakscope
