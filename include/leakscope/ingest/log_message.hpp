// split_log_message: a cleaned log line as prefix (timestamp, level, tag) and message.
//
//   const LogMessage m = split_log_message("I (1234) modem: session restored");
//   // m.flavor == LogFlavor::esp_idf, m.timestamp == "1234", m.tag == "modem",
//   // m.message == "session restored"
//
// Heap telemetry is matched against the message so that a timestamp or tag never reads as a
// figure; log_timestamp reads the timestamp; message types keep the level and tag. Lines in no
// known shape come back whole as the message with flavor none.
#pragma once

#include <cstdint>
#include <string_view>

namespace leakscope {

enum class LogFlavor : std::uint8_t {
  none,      // no known prefix: the whole line is the message
  esp_idf,   // "I (1234) tag: message" (device-log-formats.md §3.7)
  particle,  // "0000063889 [app] INFO: message" (§5.1)
  zephyr,    // "[00:00:26.158,000] <err> os: message" (§5.2)
};

struct LogMessage {
  LogFlavor flavor = LogFlavor::none;
  std::string_view timestamp;  // as printed, without brackets or parentheses; may be empty
  std::string_view level;      // "I", "ERROR", "err"; may be empty
  std::string_view tag;        // ESP-IDF tag, Particle category, Zephyr module; may be empty
  std::string_view message;    // the rest; the whole line when flavor is none
};

LogMessage split_log_message(std::string_view line);

// Particle Device OS StreamLogHandler: "%010u " ms since boot, optional "[category] ", optional
// source info ("file.cpp:42, func(): "), then "TRACE|INFO|WARN|ERROR|PANIC: " and the message.
bool parse_particle_log_line(std::string_view line, LogMessage& out);

// Zephyr log_output: optional "[timestamp] ", "<err|wrn|inf|dbg> ", optional "module: ".
bool parse_zephyr_log_line(std::string_view line, LogMessage& out);

}  // namespace leakscope
