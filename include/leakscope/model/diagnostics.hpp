// What ingest saw of the input: line counts per kind and where lines went unused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/event.hpp"

namespace leakscope {

// What a text line was read as. Each line is one format: the first parser to claim it wins
// (ingest/log_scanner.hpp gives the order).
enum class LineFormat : std::uint8_t {
  boot,                // ROM banner, reset reason, boot loader chatter
  esp_idf_heap_trace,  // heap_trace_dump() output
  mtrace,              // glibc mtrace
  lstrace,             // LSTRACE: lines carrying binary trace frames
  records,             // the firmware's own printouts, read by --records patterns
  heap_telemetry,      // free-heap prints
  esp_log,             // "I (123) tag: ..."
  particle_log,        // "0000063889 [app] INFO: ..."
  zephyr_log,          // "[00:00:01.000,000] <err> tag: ..."
  elf_sha256,          // "ELF file SHA256:" naming the running build
  crash,               // bare panic, fault and heap-corruption output
  monitor,             // the serial monitor's own annotations
};
inline constexpr std::size_t line_format_count = 12;

// "boot", "esp-idf-heap-trace", "mtrace", "lstrace", "records", "heap-telemetry", "esp-log",
// "particle-log", "zephyr-log", "elf-sha256", "crash", "monitor"
std::string_view line_format_name(LineFormat format);

// Consecutive lines of one format: no line of another kind between them (blank lines aside).
struct LineRun {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

// The lines of one input in one format, and where they are.
struct FormatLines {
  static constexpr std::size_t max_runs = 8;

  LineFormat format = LineFormat::esp_log;
  std::uint64_t lines = 0;
  std::vector<LineRun> runs;     // the first max_runs
  std::uint64_t more_runs = 0;   // runs after those
};

// A line no parser understood, as it read after cleaning: cut to max_bytes, with bytes that
// are not printable UTF-8 written as \xNN, so any report can show it.
struct QuotedLine {
  static constexpr std::size_t max_bytes = 120;

  std::uint64_t line = 0;
  std::string text;
};

struct InputSummary {
  static constexpr std::size_t max_quoted = 5;

  std::string name;
  std::uint64_t lines = 0;
  std::string error;  // why the input could not be read (fully); empty when fine
  // How it was read: "text", "trace" (raw binary trace), "ring" (ring-buffer image),
  // "ring-data", "sysview", "sysview-json" (ingest/input_carrier.hpp)
  std::string carrier;
  std::string hint;   // the --format-hint it was read under; empty: detected
  std::uint64_t bytes = 0;  // binary inputs: bytes read
  std::string warning;  // read, but not as it said it would be (a ring descriptor); empty if not
  // Text inputs: the formats found, in the order of their first line.
  std::vector<FormatLines> formats;
  std::uint64_t not_understood = 0;
  std::vector<QuotedLine> first_not_understood;  // the first max_quoted
};

// What the binary trace reader saw, over all inputs (raw, ring images, LSTRACE lines).
struct TraceStats {
  std::uint64_t frames = 0;          // frames with a good CRC
  std::uint64_t damaged_frames = 0;  // CRC, length or base64 failures, frames cut off
  std::uint64_t unsynced_bytes = 0;  // bytes outside any frame
  std::uint64_t malformed_records = 0;  // good frames whose payload ends before its fields
  std::uint64_t refused_frames = 0;  // frames of a recording in an unreadable major version
  std::map<std::uint8_t, std::uint64_t> unknown_types;  // records skipped, per type
};

struct LineStats {
  static constexpr std::size_t max_examples = 10;

  std::uint64_t read = 0;
  std::uint64_t blank = 0;
  std::uint64_t heap_trace = 0;  // claimed by a heap trace parser
  std::uint64_t log = 0;         // ordinary log lines (esp_log, Particle or Zephyr prefix)
  std::uint64_t heap_telemetry = 0;  // lines printing free heap (heap samples)
  std::uint64_t boot = 0;        // ROM banner, reset reason, loader chatter
  std::uint64_t monitor = 0;     // serial monitor annotations
  std::uint64_t elf_sha256 = 0;  // "ELF file SHA256:" lines naming the running build
  std::uint64_t trace = 0;       // "LSTRACE:" lines carrying binary trace frames
  std::uint64_t records = 0;     // lines the user's record patterns read (--records)
  std::uint64_t crash = 0;       // bare panic, fault and heap-corruption output
  std::uint64_t not_understood = 0;
  std::uint64_t overlong = 0;    // cut at the reader's line limit
  std::vector<SourcePos> first_not_understood;  // the first max_examples of them
};

// One kind of skipped evidence, with a count and the first positions.
struct SkipSummary {
  SkipKind kind = SkipKind::malformed_record;
  std::uint64_t count = 0;
  std::vector<SourcePos> first;
  std::string first_detail;
};

}  // namespace leakscope
