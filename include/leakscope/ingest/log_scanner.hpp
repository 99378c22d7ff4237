// LogScanner: the text-log front end. Reads lines from each input in turn, cleans them,
// detects reboots, hands heap-trace (ESP-IDF dumps, glibc mtrace) and ELF SHA-256 lines to
// their parsers, trace frames on LSTRACE lines to the binary trace reader, heap telemetry and
// ordinary log lines to LogLineEvents (heap samples and messages), and counts everything.
//
//   LogScanner scanner(sink);                 // or LogScanner(sink, ScanOptions{...})
//   for (each input i) scanner.scan(*source, i).move_into(summary);   // formats per line
//   scanner.finish();
//
// Each line is read by the first of these that claims it: boot lines, --records patterns,
// glibc mtrace, LSTRACE frames, ESP-IDF heap trace dumps, heap telemetry, esp_log lines (an
// ELF SHA-256 line among them), monitor annotations, a panic's ELF SHA-256 line, Particle and
// Zephyr log lines, crash output; a line none claims is not understood (counted and quoted).
// A --format-hint (format_hint.hpp) leaves some of them out for an input.
//
// Inputs are treated as one continuous capture in the order given (rotated log files, or a
// capture resumed after a monitor restart); only boot markers split boots.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/esp_idf_heap_trace.hpp"
#include "leakscope/ingest/format_hint.hpp"
#include "leakscope/ingest/input_line_tally.hpp"
#include "leakscope/ingest/line_cleaner.hpp"
#include "leakscope/ingest/log_line_events.hpp"
#include "leakscope/ingest/mtrace_parser.hpp"
#include "leakscope/ingest/record_patterns.hpp"
#include "leakscope/ingest/trace_events.hpp"
#include "leakscope/ingest/trace_lines.hpp"
#include "leakscope/model/diagnostics.hpp"

namespace leakscope {

struct ScanOptions {
  std::size_t max_line = 8192;  // longer lines are cut and reported
  LogLineOptions log_lines;     // heap telemetry patterns
  std::optional<RecordPatterns> records;  // --records: the firmware's own printouts
  std::vector<FormatHint> hints;  // --format-hint per input index; none (or short): detect
};

class LogScanner {
 public:
  explicit LogScanner(EventSink& sink, std::size_t max_line = 8192);
  LogScanner(EventSink& sink, ScanOptions options);

  // Reads the input to its end; what its lines were read as.
  InputLineTally scan(ByteSource& source, std::uint32_t input_index);
  // The input's --format-hint (ScanOptions::hints).
  FormatHint hint(std::uint32_t input_index) const {
    return input_index < hints_.size() ? hints_[input_index] : FormatHint::detect;
  }
  void finish();

  const LineStats& stats() const { return stats_; }
  // The binary trace reader of LSTRACE lines; binary inputs of the same run feed it too, so
  // sequence numbers are followed across inputs.
  TraceEventMapper& trace_events() { return trace_events_; }
  const TraceStats& trace_stats() const { return trace_events_.stats(); }

 private:
  // The format the line was read as; nullopt when no parser understood it.
  std::optional<LineFormat> handle_line(const CleanLine& line, SourcePos pos);
  void count(LineFormat format);  // into stats_
  bool handle_boot_line(std::string_view text, SourcePos pos);
  void flush_pending_boot();
  void end_records(SourcePos pos);  // a reboot or the end: dumps and records in progress end

  EventSink& sink_;
  std::size_t max_line_;
  LineCleaner cleaner_;
  EspIdfHeapTraceParser heap_trace_;
  MtraceParser mtrace_;  // glibc mtrace traces: each input holding one is a boot
  TraceEventMapper trace_events_;
  TraceLineDecoder trace_lines_;
  LogLineEvents log_lines_;
  std::optional<RecordReader> records_;
  LineStats stats_;
  std::vector<FormatHint> hints_;
  LineFormatSet allowed_ = LineFormatSet::all();  // the input's, by its --format-hint
  SourcePos last_pos_;
  std::optional<BootEvent> pending_boot_;  // banner seen; its reset line may follow
  std::uint64_t lines_since_boot_marker_ = UINT64_MAX;
};

}  // namespace leakscope
