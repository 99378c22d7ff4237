// What the ordinary lines of a log tell heap analysis, as events with the line's timestamp:
// heap samples (free-heap prints: the built-in shapes of heap_telemetry.hpp, or the user's
// --heap-pattern), and messages (every other ordinary line: event correlation ranks their
// kinds, and panic output says how a boot ended).
//
//   LogLineOptions options;
//   if (auto st = options.heap_patterns.add(pattern); !st) fail(st.error());
//   LogLineEvents lines(std::move(options));
//   if (!lines.heap_samples(clean, pos, sink)) ...   // not telemetry: something else
//   lines.message(clean, pos, sink);                  // an ordinary line
//
// A line a user pattern matched whose capture is not a byte count is skipped as a
// malformed_record, with the pattern and the text in its detail: the user meant it as
// telemetry, so it must not vanish, nor count as a message.
//
// An ordinary line that the --cycle pattern (RE2, searched anywhere in the line) matches
// also marks the beginning of a cycle: a MarkerEvent (cycle_begin, number 0) before its
// message.
#pragma once

#include <memory>
#include <string>

#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/ingest/heap_telemetry.hpp"
#include "leakscope/ingest/line_cleaner.hpp"
#include "leakscope/ingest/log_line.hpp"

namespace leakscope {

// --cycle: where a cycle of work begins (a connection opened, a modem restarted).
class CyclePattern {
 public:
  Status set(const std::string& pattern);  // an error names the pattern
  bool empty() const { return re_ == nullptr; }
  bool matches(std::string_view line) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> re_;
};

struct LogLineOptions {
  HeapPatterns heap_patterns;  // --heap-pattern, tried before the built-in shapes
  CyclePattern cycle;          // --cycle
};

class LogLineEvents {
 public:
  explicit LogLineEvents(LogLineOptions options = {}) : options_(std::move(options)) {}

  // One HeapSampleEvent per heap the line prints figures of; true when the line was telemetry
  // (samples sent, or a malformed user capture skipped).
  bool heap_samples(const CleanLine& line, SourcePos pos, EventSink& sink) const;

  // A LogMessageEvent for an ordinary line, and a CrashEvent before it when the line is
  // panic, fault or corruption output (crash_line.hpp). esp: the line as parsed when it is an
  // esp_log line ("I (12) tag: ..."): ESP-IDF prints panic output bare, so of those lines only
  // the task watchdog's are looked at. True when the line was crash output.
  bool message(const CleanLine& line, SourcePos pos, EventSink& sink,
               const EspLogLine* esp = nullptr) const;

 private:
  LogLineOptions options_;
};

}  // namespace leakscope
