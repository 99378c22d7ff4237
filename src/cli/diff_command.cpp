#include "diff_command.hpp"

#include <fstream>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyze_command.hpp"
#include "leakscope/analyze/baseline.hpp"
#include "leakscope/analyze/site_diff.hpp"
#include "leakscope/report/diff_writer.hpp"

namespace leakscope {

CLI::App* add_diff_command(CLI::App& parent, DiffOptions& o) {
  CLI::App* cmd = parent.add_subcommand(
      "diff",
      "Compare the leak sites of two runs by fingerprint: new, gone, grown, shrunk, unchanged; "
      "exit 1 on a new site or growth beyond --max-growth");
  cmd->add_option("BASE", o.base,
                  "The baseline: a JSON report (analyze --format json) or a capture to analyze")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("NEW", o.candidate, "The candidate: a JSON report or a capture to analyze")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--base-elf", o.base_elfs,
                  "Firmware ELF of a BASE capture (repeatable; default: the --elf ELFs)")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile);
  cmd->add_option("--elf", o.elfs, "Firmware ELF of a NEW capture (repeatable)")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile);
  cmd->add_option("--debug-dir", o.debug_dirs,
                  "Directory with separate debug files of stripped ELFs (repeatable)")
      ->allow_extra_args(false)
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--records", o.records,
                  "Record patterns reading the firmware's own printouts in captures (as analyze)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--skip-frames", o.skip_frames,
                  "Further allocator frames to skip in captures (as analyze; repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--format-hint", o.format_hints,
                  "Read the captures (or INPUT=, BASE or NEW) as FORMAT (as analyze; repeatable)")
      ->type_name("[INPUT=]FORMAT")
      ->allow_extra_args(false);
  cmd->add_option("--max-growth", o.max_growth,
                  "Growth a site may show over BASE and pass: BYTES (512, 4K) or a percentage "
                  "of its BASE bytes (10%) (default: 0 bytes)");
  cmd->add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", o.output, "Write the diff to FILE instead of stdout");
  return cmd;
}

namespace {

// Whether a side is a JSON report rather than a capture: its first non-blank byte is '{'.
// (Trace JSON Lines open with '{' too: the caller tries the report reading first.)
bool opens_like_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char c = 0;
  while (in.get(c))
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c == '{';
  return false;
}

std::optional<Baseline> analyze_side(const std::string& path, const std::vector<std::string>& elfs,
                                     const DiffOptions& o, Io& io) {
  AnalyzeOptions a;
  a.inputs = {path};
  a.elfs = elfs;
  a.debug_dirs = o.debug_dirs;
  a.records = o.records;
  a.skip_frames = o.skip_frames;
  // Hints for every input, and those naming this side.
  for (const std::string& hint : o.format_hints) {
    const std::size_t eq = hint.rfind('=');
    if (eq == std::string::npos || hint.compare(0, eq, path) == 0) a.format_hints.push_back(hint);
  }
  bool input_error = false;
  const std::optional<Report> report = analyze_inputs(a, io, input_error);
  if (!report || report_exit_code(io, *report, input_error) == exit_usage_error)
    return std::nullopt;
  Baseline side = baseline_of(
      *report, fmt::format("analyzed now with {}",
                           elfs.empty() ? "no ELF" : fmt::format("{}", fmt::join(elfs, ", "))));
  side.path = path;
  return side;
}

// One side of the diff: the report read, or the capture analyzed with its ELFs.
std::optional<Baseline> load_side(const std::string& path, const std::vector<std::string>& elfs,
                                  const DiffOptions& o, Io& io) {
  if (opens_like_json(path) || path.ends_with(".json")) {
    Result<Baseline> report = read_baseline(path);
    if (report) return report.take();
    if (path.ends_with(".json")) {
      error_line(io, report.error().message);
      return std::nullopt;
    }
  }
  return analyze_side(path, elfs, o, io);
}

}  // namespace

int run_diff(const DiffOptions& o, Io& io) {
  Result<GrowthLimit> limit = parse_growth_limit(o.max_growth.empty() ? "0" : o.max_growth);
  if (!limit) {
    error_line(io, "--max-growth " + limit.error().message);
    return exit_usage_error;
  }
  for (const std::string& hint : o.format_hints) {
    const std::size_t eq = hint.rfind('=');
    if (eq == std::string::npos) continue;
    const std::string input = hint.substr(0, eq);
    if (input != o.base && input != o.candidate) {
      error_line(io, fmt::format("--format-hint '{}': {} is neither BASE nor NEW", hint, input));
      return exit_usage_error;
    }
  }
  std::optional<Baseline> base =
      load_side(o.base, o.base_elfs.empty() ? o.elfs : o.base_elfs, o, io);
  std::optional<Baseline> candidate = load_side(o.candidate, o.elfs, o, io);
  if (!base || !candidate) return exit_usage_error;

  DiffReport report{std::move(*base), std::move(*candidate), *limit, {}};
  report.diff = diff_sites(report.baseline, report.candidate, report.limit);
  std::ofstream file;
  std::ostream* out = io.out;
  if (!o.output.empty()) {
    file.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      error_line(io, o.output + ": cannot write");
      return exit_usage_error;
    }
    out = &file;
  }
  if (o.format == "json")
    write_diff_json(report, *out);
  else
    write_diff_text(report, *out);
  return report.diff.failed() ? exit_leaks : exit_clean;
}

}  // namespace leakscope
