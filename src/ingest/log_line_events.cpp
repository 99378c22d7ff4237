#include "leakscope/ingest/log_line_events.hpp"

#include <re2/re2.h>

#include "leakscope/ingest/crash_line.hpp"
#include "leakscope/ingest/log_line.hpp"
#include "leakscope/ingest/log_timestamp.hpp"

namespace leakscope {

struct CyclePattern::Compiled {
  explicit Compiled(const std::string& text) : re(text, re2::RE2::Quiet) {}
  re2::RE2 re;
};

Status CyclePattern::set(const std::string& pattern) {
  auto compiled = std::make_shared<const Compiled>(pattern);
  if (!compiled->re.ok()) return Error{"cycle pattern '" + pattern + "': " + compiled->re.error()};
  re_ = std::move(compiled);
  return Ok{};
}

bool CyclePattern::matches(std::string_view line) const {
  return re_ != nullptr &&
         re2::RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), re_->re);
}

bool LogLineEvents::heap_samples(const CleanLine& line, SourcePos pos, EventSink& sink) const {
  auto readings = read_heap_telemetry(line.text, options_.heap_patterns);
  if (!readings) {
    sink.on_event(SkipEvent{pos, SkipKind::malformed_record, readings.error().message});
    return true;
  }
  if (readings->empty()) return false;
  const std::optional<LineTime> at = line_time(line);
  for (HeapReading& r : *readings)
    sink.on_event(HeapSampleEvent{pos, std::nullopt, at, std::move(r.heap), r.free, r.min_free,
                                  r.largest_free, r.total});
  return true;
}

bool LogLineEvents::message(const CleanLine& line, SourcePos pos, EventSink& sink,
                            const EspLogLine* esp) const {
  const std::optional<LineTime> at = line_time(line);
  if (options_.cycle.matches(line.text))
    sink.on_event(
        MarkerEvent{pos, std::nullopt, MarkerKind::cycle_begin, 0, std::string(line.text), at});
  // ESP-IDF prints panic output bare; of its esp_log lines only the task watchdog's report
  // belongs to a crash, so the others skip the search.
  bool crash = false, crash_output = false;
  if (esp == nullptr || esp->tag == "task_wdt") {
    if (std::optional<CrashLine> c = read_crash_line(line.text)) {
      crash = ends_boot(*c);
      crash_output = true;
      sink.on_event(CrashEvent{pos, at, std::move(*c), std::string(line.text)});
    } else if (esp == nullptr) {
      crash = is_panic_level(line.text);
      crash_output = is_panic_trailer(line.text);
    }
  }
  sink.on_event(LogMessageEvent{pos, at, std::string(line.text), crash});
  return crash_output;
}

}  // namespace leakscope
