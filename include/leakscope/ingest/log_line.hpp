// Recognisers for ordinary log lines: evidence of nothing by themselves, but lines we
// understand (so they are not reported as unparsed) and, later, the carriers of heap telemetry.
#pragma once

#include <cstdint>
#include <string_view>

namespace leakscope {

// ESP-IDF esp_log prefix: "I (1234) tag: message", "W (12:00:01.250) tag: ...",
// v5.5+ forms without timestamp or tag ("I tag: msg", "I (123) msg").
struct EspLogLine {
  char level = 0;                 // E W I D V
  std::string_view timestamp;     // inside the parentheses; empty when absent
  std::string_view tag;           // empty when absent
  std::string_view message;
};

bool parse_esp_log_line(std::string_view line, EspLogLine& out);

// Lines a serial monitor adds itself: "--- ..." notes and address decodes, and the raw
// addr2line text older idf_monitor versions printed ("0x400d276d: func at file.c:27").
bool is_monitor_annotation(std::string_view line);

}  // namespace leakscope
