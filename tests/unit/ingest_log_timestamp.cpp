// Log line prefixes: message splitting and timestamps.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "leakscope/ingest/line_cleaner.hpp"
#include "leakscope/ingest/log_message.hpp"
#include "leakscope/ingest/log_timestamp.hpp"

using namespace leakscope;

namespace {

// Seconds of the line's timestamp when it has `base`; -1 otherwise.
double seconds(std::string_view line, TimeBase base) {
  const auto t = parse_line_time(line);
  return t && t->base == base ? t->seconds : -1;
}

constexpr double day = 86400;
// 2024-07-23 00:00:00 UTC
constexpr double july23 = 1721692800;

}  // namespace

TEST_CASE("log messages without their prefix", "[ingest][log_message]") {
  // flavor | timestamp | level | tag | message
  const std::vector<std::pair<std::string_view, std::string>> cases = {
      {"E (1234) modem: failed to load session data",
       "esp_idf|1234|E|modem|failed to load session data"},
      {"0000005120 [app] main.cpp:42, setup(): WARN: low heap [code = -260]",
       "particle|0000005120|WARN|app|low heap [code = -260]"},
      {"0000000042 INFO: no category", "particle|0000000042|INFO||no category"},
      {"[00:00:26.158,000] <err> os: >>> ZEPHYR FATAL ERROR 0: CPU exception",
       "zephyr|00:00:26.158,000|err|os|>>> ZEPHYR FATAL ERROR 0: CPU exception"},
      {"<inf> Current thread: 0x20000b88 (main)", "zephyr||inf||Current thread: 0x20000b88 (main)"},
      {"E: minimal mode", "zephyr||E||minimal mode"},
      // Not a known prefix: the whole line.
      {"1234567890 counts", "none||||1234567890 counts"},
      {"Guru Meditation Error: Core  0 panic'ed",
       "none||||Guru Meditation Error: Core  0 panic'ed"},
      {"[12:00] <xyz> not zephyr", "none||||[12:00] <xyz> not zephyr"},
      {"I did it", "none||||I did it"},
  };
  static constexpr std::string_view flavors[] = {"none", "esp_idf", "particle", "zephyr"};
  for (const auto& [line, expected] : cases) {
    const LogMessage m = split_log_message(line);
    CHECK(fmt::format("{}|{}|{}|{}|{}", flavors[static_cast<int>(m.flavor)], m.timestamp, m.level,
                      m.tag, m.message) == expected);
  }
}

TEST_CASE("device uptime prefixes", "[ingest][log_timestamp]") {
  CHECK(seconds("I (1234) tag: message", TimeBase::since_boot) == Approx(1.234));
  CHECK(seconds("W (86400000) tag: a day later", TimeBase::since_boot) == Approx(day));
  CHECK(seconds("0000063889 [app] INFO: mem 64448", TimeBase::since_boot) == Approx(63.889));
  CHECK(seconds("[00:00:26.158,250] <err> os: halted", TimeBase::since_boot) == Approx(26.15825));
  CHECK(seconds("[30:00:00.000,000] <inf> app: past a day", TimeBase::since_boot) ==
        Approx(30 * 3600));
  CHECK(seconds("[   12.345678] <inf> app: linux style", TimeBase::since_boot) ==
        Approx(12.345678));
  CHECK_FALSE(parse_line_time("[00001234] <inf> app: raw ticks, unit unknown"));
}

TEST_CASE("ESP-IDF system-time and log v2 timestamps", "[ingest][log_timestamp]") {
  CHECK(seconds("I (12:00:01.250) tag: msg", TimeBase::time_of_day) == Approx(12 * 3600 + 1.25));
  CHECK(seconds("I (24-07-23 16:55:07.123) tag: msg", TimeBase::wall_clock) ==
        Approx(july23 + 16 * 3600 + 55 * 60 + 7.123));
  CHECK(seconds("I (1721753707123) tag: Unix ms", TimeBase::wall_clock) == Approx(1721753707.123));
}

TEST_CASE("wall-clock prefixes", "[ingest][log_timestamp]") {
  const double t = july23 + 16 * 3600 + 55 * 60 + 7;
  CHECK(seconds("2024-07-23T16:55:07.123Z modem: up", TimeBase::wall_clock) == Approx(t + 0.123));
  CHECK(seconds("2024-07-23 16:55:07 modem: up", TimeBase::wall_clock) == Approx(t));
  CHECK(seconds("2024-07-23T18:55:07+02:00 local time", TimeBase::wall_clock) == Approx(t));
  CHECK(seconds("2024-07-23T11:55:07-0500 local time", TimeBase::wall_clock) == Approx(t));
  CHECK(seconds("[2024-07-23 16:55:07.123] I (5) tag: m", TimeBase::wall_clock) ==
        Approx(t + 0.123));
  CHECK(seconds("Jul 23 16:55:07 gateway app: up", TimeBase::date_no_year) ==
        Approx(204 * day + 16 * 3600 + 55 * 60 + 7));  // 1 Jan + 204 days = 23 Jul (leap year)
  CHECK(seconds("<13>Jul  3 00:00:01 host x", TimeBase::date_no_year) == Approx(184 * day + 1));
  CHECK_FALSE(parse_line_time("2024-02-30T10:00:00Z no such day"));
  CHECK_FALSE(parse_line_time("2024-07-23T25:00:00Z no such hour"));
  CHECK_FALSE(parse_line_time("Jux 23 16:55:07 no such month"));
}

TEST_CASE("serial monitor clocks are times of day", "[ingest][log_timestamp]") {
  CHECK(seconds("12:00:01.123 > I (5) tag: m", TimeBase::time_of_day) == Approx(43201.123));
  CHECK(seconds("[12:00:01.123] mem 64448", TimeBase::time_of_day) == Approx(43201.123));
  CHECK_FALSE(parse_line_time("no timestamp here"));
  CHECK_FALSE(parse_line_time(""));
}

TEST_CASE("cleaned lines prefer the device's clock", "[ingest][log_timestamp]") {
  LineCleaner cleaner;
  auto t = line_time(cleaner.clean("[2024-07-23 16:55:07.000] I (1500) tag: m"));
  REQUIRE(t);
  CHECK(t->base == TimeBase::since_boot);
  CHECK(t->seconds == Approx(1.5));
  t = line_time(cleaner.clean("[2024-07-23 16:55:07.000] mem 64448"));
  REQUIRE(t);
  CHECK(t->base == TimeBase::wall_clock);
  CHECK_FALSE(line_time(cleaner.clean("mem 64448")));
  CHECK(time_base_name(TimeBase::time_of_day) == "time_of_day");
}

TEST_CASE("times of day unwrap at midnight", "[ingest][log_timestamp]") {
  TimeUnwrapper unwrap;
  CHECK(unwrap.unwrap({23 * 3600.0, TimeBase::time_of_day}) == Approx(23 * 3600.0));
  CHECK(unwrap.unwrap({23 * 3600.0 - 5, TimeBase::time_of_day}) ==
        Approx(23 * 3600.0 - 5));  // jitter
  CHECK(unwrap.unwrap({60, TimeBase::time_of_day}) == Approx(day + 60));
  CHECK(unwrap.unwrap({3600, TimeBase::time_of_day}) == Approx(day + 3600));
  TimeUnwrapper uptime;
  CHECK(uptime.unwrap({100, TimeBase::since_boot}) == 100);
  CHECK(uptime.unwrap({1, TimeBase::since_boot}) == 1);  // a reboot: the caller's business
}
