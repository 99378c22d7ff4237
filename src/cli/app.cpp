#include <algorithm>
#include <ostream>

#include <CLI/CLI.hpp>

#include "analyze_command.hpp"
#include "leakscope/cli/run.hpp"
#include "symbolize_command.hpp"

namespace leakscope {

int run(const std::vector<std::string>& args, Io& io) {
  CLI::App app{"leakscope: memory-leak analysis of embedded firmware serial logs and heap traces",
               "leakscope"};
  app.set_version_flag("--version", std::string("leakscope ") + LEAKSCOPE_VERSION);
  app.require_subcommand(1);

  AnalyzeOptions analyze;
  CLI::App* analyze_cmd = add_analyze_command(app, analyze);
  SymbolizeOptions symbolize;
  CLI::App* symbolize_cmd = add_symbolize_command(app, symbolize);

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, *io.out, *io.err);
    return code == 0 ? exit_clean : exit_usage_error;
  }

  if (analyze_cmd->parsed()) return run_analyze(analyze, io);
  if (symbolize_cmd->parsed()) return run_symbolize(symbolize, io);
  return exit_usage_error;
}

}  // namespace leakscope
