#include <catch2/catch.hpp>

#include "leakscope/ingest/boot_marker.hpp"
#include "leakscope/ingest/log_line.hpp"
#include "leakscope/ingest/log_scanner.hpp"

using namespace leakscope;
using namespace std::string_literals;

namespace {

std::vector<Event> scan(const std::string& text, LineStats* stats = nullptr) {
  RecordingSink sink;
  LogScanner scanner(sink);
  auto source = string_source(text, "t", 3);
  scanner.scan(*source, 0);
  scanner.finish();
  if (stats) *stats = scanner.stats();
  return std::move(sink.events);
}

template <class T>
std::vector<T> only(const std::vector<Event>& events) {
  std::vector<T> out;
  for (const Event& e : events)
    if (auto* p = std::get_if<T>(&e)) out.push_back(*p);
  return out;
}

}  // namespace

TEST_CASE("boot lines are recognised", "[ingest][boot]") {
  CHECK(classify_boot_line("ets Jun  8 2016 00:22:57") == BootLine::rom_banner);
  CHECK(classify_boot_line("ESP-ROM:esp32c3-api1-20210207") == BootLine::rom_banner);
  CHECK(classify_boot_line("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)") ==
        BootLine::reset_reason);
  CHECK(classify_boot_line("rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)") ==
        BootLine::reset_reason);
  CHECK(classify_boot_line("load:0x3fff0018,len:4") == BootLine::chatter);
  CHECK(classify_boot_line("entry 0x40080400") == BootLine::chatter);
  CHECK(classify_boot_line("ets is not a banner") == BootLine::none);
  CHECK(reset_reason("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)") ==
        "rst:0x1 (POWERON_RESET)");
}

TEST_CASE("esp_log lines in every prefix form", "[ingest][log_line]") {
  EspLogLine l;
  REQUIRE(parse_esp_log_line("I (1234) wifi: connected", l));
  CHECK(l.level == 'I');
  CHECK(l.timestamp == "1234");
  CHECK(l.tag == "wifi");
  CHECK(l.message == "connected");
  REQUIRE(parse_esp_log_line("W (12:00:01.250) app: low", l));
  CHECK(l.timestamp == "12:00:01.250");
  REQUIRE(parse_esp_log_line("E (24-05-01 12:00:01.250) app: bad", l));
  REQUIRE(parse_esp_log_line("I app: tagless timestamp", l));
  CHECK(l.timestamp.empty());
  CHECK(l.tag == "app");
  CHECK_FALSE(parse_esp_log_line("In the beginning", l));
  CHECK_FALSE(parse_esp_log_line("I", l));
  CHECK(is_monitor_annotation("--- 0x400d276d: leak_some_memory at /p/blink.c:27"));
  CHECK(is_monitor_annotation("0x400d276d: leak_some_memory at /p/blink.c:27"));
  CHECK(is_monitor_annotation(" (inlined by) app_main at /p/main.c:12"));
  CHECK_FALSE(is_monitor_annotation("0x400d276d:0x400d27c1"));
}

TEST_CASE("reboots split the capture, banner and reset line being one boot", "[ingest][scanner]") {
  LineStats stats;
  const auto events = scan(
      "\xff\x00garbage before boot\r\n"
      "ets Jun  8 2016 00:22:57\r\n"
      "\r\n"
      "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
      "load:0x3fff0018,len:4\r\n"
      "\x1b[0;32mI (29) boot: ESP-IDF v4.4\x1b[0m\r\n"
      "1 allocations trace (8 entry buffer)\r\n"
      "32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d\r\n"
      "ets Jun  8 2016 00:22:57\r\n"
      "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
      "I (30) main: second boot\r\n"s,
      &stats);
  const auto boots = only<BootEvent>(events);
  REQUIRE(boots.size() == 2);
  CHECK(boots[0].pos.line == 2);
  CHECK(boots[0].reset_reason == "rst:0x1 (POWERON_RESET)");
  CHECK(boots[1].pos.line == 9);
  CHECK(boots[1].reset_reason == "rst:0xc (SW_CPU_RESET)");
  // The dump cut by the reboot is closed, incomplete, before the second boot begins.
  std::size_t end_index = 0;
  std::size_t boot2_index = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (std::holds_alternative<SnapshotEnd>(events[i])) end_index = i;
    if (auto* b = std::get_if<BootEvent>(&events[i]); b && b->pos.line == 9) boot2_index = i;
  }
  CHECK(end_index < boot2_index);
  CHECK_FALSE(only<SnapshotEnd>(events)[0].complete);

  CHECK(stats.read == 11);
  CHECK(stats.not_understood == 1);
  REQUIRE(stats.first_not_understood.size() == 1);
  CHECK(stats.first_not_understood[0].line == 1);
  CHECK(stats.boot == 5);
  CHECK(stats.heap_trace == 2);
  CHECK(stats.log == 2);
  CHECK(stats.blank == 1);
}

TEST_CASE("a reset line alone starts a boot", "[ingest][scanner]") {
  const auto events = scan(
      "I (1) a: b\n"
      "rst:0x3 (SW_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
      "I (1) a: b\n");
  const auto boots = only<BootEvent>(events);
  REQUIRE(boots.size() == 1);
  CHECK(boots[0].pos.line == 2);
  CHECK(boots[0].banner.empty());
}

TEST_CASE("overlong lines are skipped with a count and line number", "[ingest][scanner]") {
  RecordingSink sink;
  LogScanner scanner(sink, 64);
  auto source = string_source("ok line\n" + std::string(1000, 'z') + "\nI (1) a: b\n");
  scanner.scan(*source, 0);
  scanner.finish();
  CHECK(scanner.stats().overlong == 1);
  CHECK(scanner.stats().read == 3);
  const auto skips = only<SkipEvent>(sink.events);
  REQUIRE(skips.size() == 1);
  CHECK(skips[0].kind == SkipKind::overlong_line);
  CHECK(skips[0].pos.line == 2);
}
