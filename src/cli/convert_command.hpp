// `leakscope convert`: a binary trace (any carrier: raw, ring image, text log with LSTRACE
// lines) to JSON Lines, one object per record, and JSON Lines back to a raw binary trace.
// The JSON Lines schema: docs/trace-jsonl.md.
#pragma once

#include <string>

#include "leakscope/cli/run.hpp"

namespace CLI {
class App;
}

namespace leakscope {

struct ConvertOptions {
  std::string input = "-";  // "-": stdin
  std::string output;       // empty or "-": stdout
  std::string to;           // "jsonl" | "binary"; empty: the other one of the input's
};

CLI::App* add_convert_command(CLI::App& parent, ConvertOptions& options);

int run_convert(const ConvertOptions& options, Io& io);

}  // namespace leakscope
