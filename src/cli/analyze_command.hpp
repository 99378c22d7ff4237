// `leakscope analyze`: logs (+ ELFs) -> leak report, exit code from the threshold.
//
// run_analyze() is the steps below in order; live mode (live_command.hpp) takes the same
// steps, reading through its ticker and printing snapshots while it reads:
//   report_outputs -> prepare_analysis -> Analyzer + EvidenceReader -> read_inputs ->
//   build_report (the three together: analyze_inputs, which `leakscope diff` uses too) ->
//   write_report_outputs (output_options.hpp) -> report_exit_code
// (live mode writes its one output through open_output and write_report)
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/analyze/baseline.hpp"
#include "leakscope/analyze/gate.hpp"
#include "leakscope/analyze/plumbing.hpp"
#include "leakscope/analyze/suppressions.hpp"
#include "leakscope/cli/run.hpp"
#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/evidence_reader.hpp"

#include "elf_builds.hpp"

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
  std::string output;  // -o: empty: stdout
  // --output FORMAT=FILE, in order, and whether --format was given (output_options.hpp)
  std::vector<std::string> outputs;
  bool format_given = false;
  // exit 1 when a boot leaks more than this many bytes; none: 0, or off with per-site limits
  std::optional<std::uint64_t> fail_on_leak;
  std::vector<std::string> skip_frames;
  std::vector<std::string> heap_patterns;       // --heap-pattern: heap telemetry RE2 patterns
  std::vector<std::string> heap_pattern_files;  // --heap-pattern-file: patterns, one per line
  std::string heap_floor;  // --heap-floor: exhaustion floor as a byte count ("15K"); empty: none
  std::string cycle;       // --cycle: RE2 of the line where a cycle of work begins
  std::string records;     // --records: record patterns file (ingest/record_patterns.hpp)
  std::vector<std::string> format_hints;  // --format-hint [INPUT=]FORMAT (format_hint_options.hpp)
  // The ratchet against an earlier report (analyze/baseline.hpp).
  std::string baseline;    // --baseline: its JSON report; empty: none
  std::string max_growth;  // --max-growth: bytes or "10%"; empty: 0 bytes
  std::string color = "auto";
  bool live = false;      // --live: live_command.hpp
  double interval = 2.0;  // seconds between live summaries
  // The CI gate's suppressions and rules (gate_options.hpp).
  std::vector<std::string> suppressions;  // --suppressions FILE, in order
  bool fail_on_stale_suppressions = false;
  std::string gen_suppressions;  // --gen-suppressions FILE; empty: none
  bool gen_suppressions_caps = false;
  std::optional<std::uint64_t> max_site_bytes, max_site_count;
  std::optional<bool> fail_on_trend;  // none: fail only boots without a heap trace
  std::string on_incomplete = "warn";
  std::optional<std::uint64_t> max_skipped;
};

CLI::App* add_analyze_command(CLI::App& parent, AnalyzeOptions& options);

int run_analyze(const AnalyzeOptions& options, Io& io);

// "leakscope: <message>" on the run's stderr.
void error_line(Io& io, const std::string& message);

// Time since the run began, for -v notes and live mode's uptime.
struct Stopwatch {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double ms() const;
};

// What a run loads before reading: allocator-frame and heap telemetry patterns, ELF builds,
// suppression files.
struct AnalyzeSetup {
  PlumbingFilter plumbing;
  ScanOptions scan;
  HeapOptions heap;
  ElfBuilds elfs;
  ElfPolicy policy;
  SuppressionList suppressions;
  std::optional<Baseline> baseline;  // --baseline, read; with --max-growth's limit
  GrowthLimit max_growth;

  std::vector<Symbolizer*> build_pointers();
};

// Nothing when the run cannot go on (bad pattern, an --elf that did not load, a bad
// suppression file): said on stderr.
std::optional<AnalyzeSetup> prepare_analysis(const AnalyzeOptions& options, Io& io,
                                             const Stopwatch& clock);

struct InputsRead {
  std::vector<InputSummary> inputs;  // one per input, added (and named) when it is opened
  std::vector<std::string> warnings;  // "<input>: <warning>" for the report
  bool error = false;                 // an input could not be read (fully): said on stderr
};

// Reads the inputs (stdin when none) in order into the reader, each through `gate` if given.
void read_inputs(const AnalyzeOptions& options, Io& io, EvidenceReader& reader, ReadGate* gate,
                 const Stopwatch& clock, InputsRead& read);

// The CI gate's rules as the options set them (analyze/gate.hpp).
GatePolicy gate_policy(const AnalyzeOptions& options);

// The report once every input is read and reader.finish() called, with the setup's
// suppressions applied, then its baseline (if any), and the gate evaluated.
Report build_report(Analyzer& analyzer, const EvidenceReader& reader, InputsRead&& read,
                    const AnalyzeSetup& setup, const GatePolicy& policy, const Stopwatch& clock);

// Where the report goes: -o's file (opened into `file`) or the run's stdout; null when the
// file cannot be written (said on stderr).
std::ostream* open_output(const AnalyzeOptions& options, Io& io, std::ofstream& file);

// Colour for text output: --color, else only on a terminal and never with NO_COLOR.
bool use_color(const AnalyzeOptions& options, const Io& io);

// The report in --format, flushed.
void write_report(const AnalyzeOptions& options, const Io& io, const Report& report,
                  std::ostream& out);

// The steps before the output in one: prepare_analysis, read_inputs (stdin when none),
// build_report. Nothing when the setup failed (said on stderr); input_error as
// report_exit_code takes it.
std::optional<Report> analyze_inputs(const AnalyzeOptions& options, Io& io, bool& input_error);

// Says on stderr what made a boot refused or the evidence missing; the run's exit code: 2 for
// input errors, else 1 when the gate failed (report.gate), else 0. input_error: an input or an
// ELF of --elf-dir could not be read.
int report_exit_code(Io& io, const Report& report, bool input_error);

}  // namespace leakscope
