#include "analyze_command.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "format_hint_options.hpp"
#include "gate_options.hpp"
#include "heap_options.hpp"
#include "leakscope/report/elf_check_text.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "output_options.hpp"

namespace leakscope {

CLI::App* add_analyze_command(CLI::App& parent, AnalyzeOptions& o) {
  CLI::App* cmd = parent.add_subcommand(
      "analyze", "Report unfreed allocations per boot, call site and task from serial logs");
  cmd->add_option("inputs", o.inputs, "Log files to read in order ('-' or none: stdin)");
  // Repeatable options take one value each, so "--elf fw.elf capture.log" keeps the log.
  CLI::Option* elf = cmd->add_option("--elf", o.elfs,
                                     "Firmware ELF to symbolize against (repeatable)")
                          ->allow_extra_args(false)
                          ->check(CLI::ExistingFile);
  cmd->add_option("--elf-dir", o.elf_dir,
                  "Folder of builds: symbolize each boot with the *.elf (searched recursively) "
                  "whose SHA-256 starts with the one the boot printed")
      ->check(CLI::ExistingDirectory)
      ->excludes(elf);
  cmd->add_flag("--allow-elf-mismatch", o.allow_elf_mismatch,
                "Symbolize a boot whose printed ELF SHA-256 matches no ELF given (marked "
                "'mismatch'), instead of refusing it and exiting 2");
  cmd->add_option("--debug-dir", o.debug_dirs,
                  "Directory with separate debug files of stripped ELFs (.build-id/xx/rest.debug or "
                  "the .gnu_debuglink name); repeatable. The ELF's own directory and its .debug/ are "
                  "always searched")
      ->allow_extra_args(false)
      ->check(CLI::ExistingDirectory);
  // Reports (output_options.hpp): --format and -o, the single-output form, and --output.
  cmd->add_option("--format", o.format,
                  "Report format (html: one self-contained page; junit, sarif, markdown, "
                  "github: for CI)")
      ->check(CLI::IsMember(
          std::vector<std::string>(report_formats.begin(), report_formats.end())))
      ->each([&o](const std::string&) { o.format_given = true; })
      ->capture_default_str();
  cmd->add_option("-o", o.output, "Write the --format report to FILE instead of stdout");
  cmd->add_option_function<std::vector<std::string>>(
         "--output",
         [&o](const std::vector<std::string>& values) {
           for (const std::string& v : values)  // a bare FILE: -o FILE, as --output once was
             (v.find('=') == std::string::npos ? o.output : o.outputs.emplace_back()) = v;
         },
         "Also write a report in FORMAT (text, json, html, junit, sarif, markdown, github) to "
         "FILE ('-': stdout); repeatable, one run writes them all")
      ->type_name("FORMAT=FILE")
      ->allow_extra_args(false);
  cmd->add_option("--fail-on-leak", o.fail_on_leak,
                  "Exit 1 only when a boot leaves more than BYTES unfreed (default 0, or no "
                  "boot-wide limit with --max-site-bytes/--max-site-count)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--skip-frames", o.skip_frames,
                  "RE2 pattern (whole demangled name) of further allocator frames to skip when "
                  "choosing the call site (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--heap-pattern", o.heap_patterns,
                  "RE2 pattern of a heap telemetry line, with named captures free (required), "
                  "min_free, largest, total (byte counts) and heap (a label); repeatable, tried "
                  "before the built-in shapes")
      ->allow_extra_args(false);
  cmd->add_option("--heap-pattern-file", o.heap_pattern_files,
                  "File of --heap-pattern patterns, one per line ('#' comments); repeatable")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile);
  cmd->add_option("--records", o.records,
                  "JSON file of RE2 patterns reading the firmware's own allocation, frame, free, "
                  "task and heap printouts (docs/record-patterns.md)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--format-hint", o.format_hints,
                  "Read the inputs (or INPUT= one of them) as FORMAT instead of telling it by "
                  "content: " + format_hint_names() + " (README: Input formats); repeatable")
      ->type_name("[INPUT=]FORMAT")
      ->allow_extra_args(false);
  cmd->add_option("--heap-floor", o.heap_floor,
                  "Free heap (bytes; K, KiB, M units) at which the device fails: the time to "
                  "exhaustion is to there (default: where earlier boots crashed, else 0)");
  cmd->add_option("--cycle", o.cycle,
                  "RE2 pattern of the log line where a cycle of work begins (a connection "
                  "opened): bytes of free heap each cycle keeps");
  cmd->add_option("--color", o.color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  CLI::Option* baseline =
      cmd->add_option("--baseline", o.baseline,
                      "JSON report of an earlier run (the main branch's): fail only on leak sites "
                      "it does not have and on sites grown beyond --max-growth, matched by "
                      "fingerprint")
          ->check(CLI::ExistingFile);
  cmd->add_option("--max-growth", o.max_growth,
                  "Growth over the baseline a site may show and pass: BYTES (512, 4K) or a "
                  "percentage of its baseline bytes (10%) (default: 0 bytes)")
      ->needs(baseline);
  CLI::Option* live =
      cmd->add_flag("--live", o.live,
                    "Watch the input as it arrives (a serial monitor's pipe): a summary redrawn "
                    "on a terminal, else JSON Lines snapshots; the report at its end or Ctrl-C");
  cmd->add_option("--interval", o.interval, "Seconds between live summaries (fractions allowed)")
      ->check(CLI::Range(0.001, 86400.0))
      ->needs(live)
      ->capture_default_str();
  add_gate_options(*cmd, o);
  return cmd;
}

namespace {

constexpr const char* no_evidence_message = "no heap trace or heap telemetry found in the input";

bool has_evidence(const Report& report) {
  return std::any_of(report.boots.begin(), report.boots.end(),
                     [](const BootReport& b) { return b.has_trace || b.heap; });
}

void add_warnings(Report& report) {
  const SymbolizationStats& s = report.diagnostics.symbolization;
  if (!report.elfs.empty() && s.addresses > 0 && s.not_in_code * 2 > s.addresses)
    report.diagnostics.warnings.push_back(fmt::format(
        "{} of {} caller addresses lie outside the ELF's code: is it the ELF of this build?",
        s.not_in_code, s.addresses));
  if (!has_evidence(report)) report.diagnostics.warnings.push_back(no_evidence_message);
}


}  // namespace

void error_line(Io& io, const std::string& message) {
  *io.err << "leakscope: " << message << '\n';
}

double Stopwatch::ms() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::vector<Symbolizer*> AnalyzeSetup::build_pointers() {
  std::vector<Symbolizer*> pointers;
  for (Symbolizer& build : elfs.builds) pointers.push_back(&build);
  return pointers;
}

std::optional<AnalyzeSetup> prepare_analysis(const AnalyzeOptions& o, Io& io,
                                             const Stopwatch& clock) {
  auto plumbing = PlumbingFilter::create(o.skip_frames);
  if (!plumbing) {
    error_line(io, plumbing.error().message);
    return std::nullopt;
  }
  auto log_lines = heap_line_options(o.heap_patterns, o.heap_pattern_files, o.cycle);
  if (!log_lines) {
    error_line(io, log_lines.error().message);
    return std::nullopt;
  }
  auto heap = heap_analysis_options(o.heap_floor);
  if (!heap) {
    error_line(io, heap.error().message);
    return std::nullopt;
  }
  auto max_growth = parse_growth_limit(o.max_growth.empty() ? "0" : o.max_growth);
  if (!max_growth) {
    error_line(io, "--max-growth " + max_growth.error().message);
    return std::nullopt;
  }
  std::optional<Baseline> baseline;
  if (!o.baseline.empty()) {
    auto read = read_baseline(o.baseline);
    if (!read) {
      error_line(io, read.error().message);
      return std::nullopt;
    }
    baseline = read.take();
  }
  ElfBuilds elfs = load_elf_builds(o.elfs, o.elf_dir, ElfLoadOptions{o.debug_dirs},
                                   [&](const std::string& message) { error_line(io, message); });
  if (elfs.fatal) return std::nullopt;
  spdlog::debug("{} ELF build(s) loaded at {:.1f} ms", elfs.builds.size(), clock.ms());
  ScanOptions scan{8192, log_lines.take(), {}, {}};
  if (Status records = add_record_patterns(o.records, scan); !records) {
    error_line(io, records.error().message);
    return std::nullopt;
  }
  if (Status hints = add_format_hints(o.format_hints, o.inputs, scan); !hints) {
    error_line(io, hints.error().message);
    return std::nullopt;
  }
  auto suppressions = load_suppressions(o.suppressions);
  if (!suppressions) {
    error_line(io, suppressions.error().message);
    return std::nullopt;
  }
  return AnalyzeSetup{plumbing.take(), std::move(scan), heap.take(), std::move(elfs),
                      ElfPolicy{!o.elf_dir.empty(), o.allow_elf_mismatch}, suppressions.take(),
                      std::move(baseline), max_growth.take()};
}

void read_inputs(const AnalyzeOptions& o, Io& io, EvidenceReader& reader, ReadGate* gate,
                 const Stopwatch& clock, InputsRead& read) {
  const std::vector<std::string> paths = o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    InputSummary& summary = read.inputs.emplace_back();
    auto source = open_input(paths[i], io.stdin_fd, gate);
    if (!source) {
      summary.name = paths[i];
      summary.error = source.error().message;
    } else {
      summary.name = (*source)->name();  // named while it is read (live snapshots)
      summary = reader.read(**source, static_cast<std::uint32_t>(i));
      spdlog::debug("read {} ({}): {} lines, {} bytes at {:.1f} ms", summary.name,
                    summary.carrier, summary.lines, summary.bytes, clock.ms());
    }
    if (!summary.error.empty()) {
      error_line(io, summary.error.starts_with(summary.name) ? summary.error
                                                             : summary.name + ": " + summary.error);
      read.error = true;
    }
    if (!summary.warning.empty()) read.warnings.push_back(summary.name + ": " + summary.warning);
  }
}

Report build_report(Analyzer& analyzer, const EvidenceReader& reader, InputsRead&& read,
                    const AnalyzeSetup& setup, const GatePolicy& policy, const Stopwatch& clock) {
  Report report = analyzer.finish();
  report.diagnostics.inputs = std::move(read.inputs);
  report.diagnostics.lines = reader.line_stats();
  report.diagnostics.trace = reader.trace_stats();
  // The analyzer's own warnings (analyzer.hpp) follow the inputs'.
  report.diagnostics.warnings.insert(report.diagnostics.warnings.begin(), read.warnings.begin(),
                                     read.warnings.end());
  for (const Symbolizer& build : setup.elfs.builds) {
    for (const ElfSummary& e : build.elfs()) {
      report.elfs.push_back(
          ElfInfo{e.path, e.arch, e.has_dwarf, e.has_symtab, e.build_id, e.sha256, e.debug_file});
      // A debug file passed over (wrong build-id or CRC) explains missing lines: say so.
      report.diagnostics.warnings.insert(report.diagnostics.warnings.end(), e.warnings.begin(),
                                         e.warnings.end());
    }
  }
  add_warnings(report);
  const SymbolizationStats& sym = report.diagnostics.symbolization;
  spdlog::debug("{} boots, {} distinct caller addresses ({} unknown, {} outside code) at {:.1f} ms",
                report.boots.size(), sym.addresses, sym.unknown, sym.not_in_code, clock.ms());
  apply_suppressions(report, setup.suppressions);
  if (setup.baseline) apply_baseline(report, *setup.baseline, setup.max_growth);
  evaluate_gate(report, policy);
  return report;
}

std::ostream* open_output(const AnalyzeOptions& o, Io& io, std::ofstream& file) {
  if (o.output.empty()) return io.out;
  file.open(o.output, std::ios::binary | std::ios::trunc);
  if (!file) {
    error_line(io, o.output + ": cannot write");
    return nullptr;
  }
  return &file;
}

bool use_color(const AnalyzeOptions& o, const Io& io) {
  return o.color == "always" ||
         (o.color == "auto" && o.output.empty() && io.out_is_terminal && !io.no_color);
}

void write_report(const AnalyzeOptions& o, const Io& io, const Report& report, std::ostream& out) {
  write_report_as(o.format, report, out, use_color(o, io), {});
}

int report_exit_code(Io& io, const Report& report, bool input_error) {
  // A boot whose log names another build is refused, however clean the rest: its leaks
  // would be pinned on the wrong code.
  bool refused = false;
  for (const BootReport& b : report.boots) {
    if (std::string problem = elf_problem_text(report, b); !problem.empty())
      error_line(io, fmt::format("boot {} ({}): {}", b.index, position_text(report, b.start),
                                 problem));
    refused = refused || b.elf.refused;
  }

  if (input_error || refused) return exit_usage_error;
  if (!has_evidence(report)) {
    // No evidence is not a clean bill of health: a CI run whose device never dumped its trace
    // (wrong file, crash before the dump, tracing not enabled) must not pass.
    std::uint64_t bytes = 0;
    for (const InputSummary& input : report.diagnostics.inputs) bytes += input.bytes;
    error_line(io, bytes == 0
                       ? fmt::format("{} ({} lines read)", no_evidence_message,
                                     report.diagnostics.lines.read)
                       : fmt::format("{} ({} lines and {} binary bytes read)", no_evidence_message,
                                     report.diagnostics.lines.read, bytes));
    return exit_usage_error;
  }
  return report.gate.failed() ? exit_leaks : exit_clean;
}

std::optional<Report> analyze_inputs(const AnalyzeOptions& o, Io& io, bool& input_error) {
  const Stopwatch clock;
  std::optional<AnalyzeSetup> setup = prepare_analysis(o, io, clock);
  if (!setup) return std::nullopt;
  Analyzer analyzer(setup->build_pointers(), setup->policy, setup->plumbing, setup->heap);
  EvidenceReader reader(analyzer, setup->scan);
  InputsRead read;
  read_inputs(o, io, reader, nullptr, clock, read);
  reader.finish();
  input_error = read.error || setup->elfs.load_error;
  return build_report(analyzer, reader, std::move(read), *setup, gate_policy(o), clock);
}

int run_analyze(const AnalyzeOptions& o, Io& io) {
  // Every report the run writes (output_options.hpp), checked before anything is read.
  auto outputs = report_outputs({o.format, o.format_given, o.output, o.outputs});
  if (!outputs) {
    error_line(io, outputs.error().message);
    return exit_usage_error;
  }
  bool input_error = false;
  const std::optional<Report> report = analyze_inputs(o, io, input_error);
  if (!report) return exit_usage_error;

  OutputStyle style;
  style.stdout_color =
      o.color == "always" || (o.color == "auto" && io.out_is_terminal && !io.no_color);
  style.file_color = o.color == "always";
  std::error_code cwd_error;
  style.source_root = std::filesystem::current_path(cwd_error).string();
  if (!write_report_outputs(*outputs, *report, *io.out, style,
                            [&](const std::string& message) { error_line(io, message); }))
    return exit_usage_error;
  const bool generated = write_generated_suppressions(o, io, *report);
  return report_exit_code(io, *report, input_error || !generated);
}

}  // namespace leakscope
