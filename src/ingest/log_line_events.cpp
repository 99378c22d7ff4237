#include "leakscope/ingest/log_line_events.hpp"

#include "leakscope/ingest/crash_line.hpp"
#include "leakscope/ingest/log_timestamp.hpp"

namespace leakscope {

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

void LogLineEvents::message(const CleanLine& line, SourcePos pos, EventSink& sink,
                            bool esp_log_line) const {
  sink.on_event(LogMessageEvent{pos, line_time(line), std::string(line.text),
                                !esp_log_line && is_crash_line(line.text)});
}

}  // namespace leakscope
