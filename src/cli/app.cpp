#include <algorithm>
#include <ostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "analyze_command.hpp"
#include "convert_command.hpp"
#include "diff_command.hpp"
#include "live_command.hpp"
#include "leakscope/cli/run.hpp"
#include "symbolize_command.hpp"

namespace leakscope {

int run(const std::vector<std::string>& args, Io& io) {
  CLI::App app{"leakscope: memory-leak analysis of embedded firmware serial logs and heap traces",
               "leakscope"};
  app.set_version_flag("--version", std::string("leakscope ") + LEAKSCOPE_VERSION);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Say on stderr what is loaded, read and found, with timings");

  AnalyzeOptions analyze;
  CLI::App* analyze_cmd = add_analyze_command(app, analyze);
  SymbolizeOptions symbolize;
  CLI::App* symbolize_cmd = add_symbolize_command(app, symbolize);
  ConvertOptions convert;
  CLI::App* convert_cmd = add_convert_command(app, convert);
  DiffOptions diff;
  CLI::App* diff_cmd = add_diff_command(app, diff);
  // "leakscope analyze -v ..." as well as "leakscope -v analyze ...".
  analyze_cmd->fallthrough();
  symbolize_cmd->fallthrough();
  convert_cmd->fallthrough();
  diff_cmd->fallthrough();

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, *io.out, *io.err);
    return code == 0 ? exit_clean : exit_usage_error;
  }

  // Progress notes go to the run's stderr; without -v only warnings and errors would.
  auto logger = std::make_shared<spdlog::logger>(
      "leakscope", std::make_shared<spdlog::sinks::ostream_sink_mt>(*io.err));
  logger->set_pattern("leakscope: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_default_logger(logger);

  if (analyze_cmd->parsed()) return analyze.live ? run_live(analyze, io) : run_analyze(analyze, io);
  if (symbolize_cmd->parsed()) return run_symbolize(symbolize, io);
  if (convert_cmd->parsed()) return run_convert(convert, io);
  if (diff_cmd->parsed()) return run_diff(diff, io);
  return exit_usage_error;
}

}  // namespace leakscope
