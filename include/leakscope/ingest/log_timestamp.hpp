// Line timestamps: when a log line was printed, read from the prefixes devices and serial
// monitors put in front of it, for trends over time (free heap per hour).
//
//   LineCleaner cleaner;
//   const CleanLine clean = cleaner.clean(raw);
//   if (auto t = line_time(clean)) use(t->seconds, t->base);
//   else use(line_number);  // no timestamp: fall back to line order
//
// A time is a number of seconds and the base it counts from (model/log_time.hpp). Only times
// of one base can be compared; the since-boot clock restarts at every boot, and the daily and
// yearly bases wrap (TimeUnwrapper turns them into a running count).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "leakscope/model/log_time.hpp"

namespace leakscope {

struct CleanLine;

// The timestamp a line starts with, trying in turn: serial-monitor prefixes ("[2024-07-23
// 16:55:07.123] ", "12:00:01.123 > "), ISO 8601 ("2024-07-23T16:55:07.123Z", "+02:00" offsets
// honoured), syslog ("Jul 23 16:55:07 "), then the device's own log prefix (ESP-IDF, Particle,
// Zephyr). nullopt when none is there or a field is out of range.
std::optional<LineTime> parse_line_time(std::string_view line);

// For a cleaned line: the device's own timestamp when it printed one, else the monitor's. The
// device's clock is preferred because it measures the time between samples where they were
// taken, with no serial buffering in between, and the analysis runs per boot anyway.
std::optional<LineTime> line_time(const CleanLine& line);

// The time in an ESP-IDF "(...)" field, a Particle or a Zephyr prefix (LogMessage::timestamp).
// ESP-IDF: ms since boot, "HH:MM:SS.sss" (time of day), "YY-MM-DD HH:MM:SS.sss" or Unix ms
// (wall clock; told from uptime ms by size: 10^12 ms is 2001, and no device is up 31 years).
// Zephyr: "[00:00:26.158,000]" and "[   12.345678]" are uptime; a raw tick count ("[00001234]")
// has no known unit and gives nullopt.
std::optional<LineTime> device_log_time(std::string_view line);

// Turns a wrapping base into a running count: a time more than half a period earlier than the
// previous one is taken to be in the next day (or year). Since-boot and wall-clock times pass
// through unchanged.
class TimeUnwrapper {
 public:
  double unwrap(const LineTime& time);

 private:
  std::optional<double> previous_;
  double offset_ = 0;
};

}  // namespace leakscope
