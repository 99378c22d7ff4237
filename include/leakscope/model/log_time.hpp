// When a log line was printed: a number of seconds and the base it counts from, as
// ingest/log_timestamp.hpp reads it from the line's prefix. Events carry it so that analysis
// can place heap samples and log messages in time.
//
//   if (sample.logged_at && sample.logged_at->base == TimeBase::since_boot)
//   use(sample.logged_at->seconds);
//
// Only times of one base can be compared; the since-boot clock restarts at every boot, and the
// daily and yearly bases wrap (ingest's TimeUnwrapper turns them into a running count).
#pragma once

#include <cstdint>
#include <string_view>

namespace leakscope {

enum class TimeBase : std::uint8_t {
  since_boot,    // device uptime: ESP-IDF "(1234)" ms, Particle "0000063889" ms, Zephyr uptime
  wall_clock,    // seconds since 1970-01-01 00:00 UTC (ISO 8601 and other dated prefixes)
  time_of_day,   // seconds since midnight ("12:00:01.123 > "); wraps every day
  date_no_year,  // syslog "Jul 23 16:55:07": seconds since 1 January 00:00 of an unnamed year
};

std::string_view time_base_name(TimeBase base);  // "since_boot", ...

struct LineTime {
  double seconds = 0;
  TimeBase base = TimeBase::since_boot;

  bool operator==(const LineTime&) const = default;
};

}  // namespace leakscope
