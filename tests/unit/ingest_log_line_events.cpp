// Heap telemetry and messages out of the text pipeline: what LogScanner makes of free-heap
// lines and ordinary lines, with their times; --heap-pattern and its file.
#include <catch2/catch.hpp>

#include "cli/heap_options.hpp"
#include "leakscope/ingest/crash_line.hpp"
#include "leakscope/ingest/log_scanner.hpp"
#include "run_cli.hpp"
#include "temp_file.hpp"

using namespace leakscope;

namespace {

struct Scanned {
  std::vector<HeapSampleEvent> samples;
  std::vector<LogMessageEvent> messages;
  std::vector<SkipEvent> skips;
  LineStats stats;
};

Scanned scan(const std::string& text, LogLineOptions options = {}) {
  RecordingSink sink;
  LogScanner scanner(sink, ScanOptions{8192, std::move(options), {}, {}});
  auto source = string_source(text, "t", 3);
  scanner.scan(*source, 0);
  scanner.finish();
  Scanned out;
  out.stats = scanner.stats();
  for (Event& e : sink.events) {
    if (auto* s = std::get_if<HeapSampleEvent>(&e)) out.samples.push_back(*s);
    if (auto* m = std::get_if<LogMessageEvent>(&e)) out.messages.push_back(*m);
    if (auto* k = std::get_if<SkipEvent>(&e)) out.skips.push_back(*k);
  }
  return out;
}

}  // namespace

TEST_CASE("free-heap lines become heap samples with the line's time", "[ingest][log_line_events]") {
  const Scanned s = scan(
      "I (1500) app: Free heap: 64448 bytes, minimum free heap: 60000\n"
      "0000063889 [app] INFO: uptime=63 mem=52000\n"
      "[12:00:01.250] free heap: 5000\n"
      "I (2000) app: minimum free heap size: 41000\n"
      "modem ready\n");
  REQUIRE(s.samples.size() == 4);
  CHECK(s.samples[0].free == 64448u);
  CHECK(s.samples[0].min_free == 60000u);
  CHECK(s.samples[0].logged_at == LineTime{1.5, TimeBase::since_boot});
  CHECK(s.samples[0].pos.line == 1);
  CHECK_FALSE(s.samples[0].time);
  CHECK(s.samples[1].free == 52000u);
  CHECK(s.samples[1].logged_at == LineTime{63.889, TimeBase::since_boot});
  CHECK(s.samples[2].logged_at == LineTime{12 * 3600 + 1.25, TimeBase::time_of_day});
  // Only the minimum: a sample all the same, without a free figure.
  CHECK_FALSE(s.samples[3].free);
  CHECK(s.samples[3].min_free == 41000u);
  CHECK(s.stats.heap_telemetry == 4);
  REQUIRE(s.messages.size() == 1);
  CHECK_FALSE(s.messages[0].logged_at);
}

TEST_CASE("ordinary lines become messages, panic output marked", "[ingest][log_line_events]") {
  const Scanned s = scan(
      "I (10) modem: restarted\n"
      "0000063900 [system] ERROR: Failed to load session data (error -210)\n"
      "[00:00:26.158,000] <err> os: >>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0\n"
      "Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled.\n"
      "--- Quit: Ctrl+] | Menu: Ctrl+T | Help: Ctrl+T followed by Ctrl+H ---\n"
      "I (31) cpu_start: ELF file SHA256:  0123456789abcdef...\n");
  REQUIRE(s.messages.size() == 4);
  CHECK(s.messages[0].text == "I (10) modem: restarted");
  CHECK(s.messages[0].logged_at == LineTime{0.01, TimeBase::since_boot});
  CHECK_FALSE(s.messages[0].crash);
  CHECK(s.messages[1].logged_at == LineTime{63.9, TimeBase::since_boot});
  CHECK(s.messages[2].crash);
  CHECK(s.messages[3].crash);
  CHECK_FALSE(s.messages[3].logged_at);
  // Particle and Zephyr prefixes are understood log lines; bare panic output is crash output.
  CHECK(s.stats.log == 3);
  CHECK(s.stats.crash == 1);
  CHECK(s.stats.not_understood == 0);
  CHECK(s.stats.monitor == 1);
  CHECK(s.stats.elf_sha256 == 1);
}

TEST_CASE("crash lines", "[ingest][log_line_events]") {
  CHECK(is_crash_line("abort() was called at PC 0x400d2f3a on core 0"));
  CHECK(is_crash_line("***ERROR*** A stack overflow in task wifi has been detected."));
  CHECK(is_crash_line("assert failed: heap_caps_free heap_caps.c:360 (heap != NULL)"));
  CHECK(is_crash_line("CORRUPT HEAP: multi_heap.c:315 detected at 0x3ffb8d20"));
  CHECK(is_crash_line("Mem alloc fail. size 0x00001400 caps 0x00001800"));
  CHECK(is_crash_line("0000090000 [system] PANIC: out of memory"));
  CHECK_FALSE(is_crash_line("0000090000 [system] ERROR: out of memory"));
  CHECK_FALSE(is_crash_line("E (5312) task_wdt: Task watchdog got triggered."));
}

TEST_CASE("user heap patterns come first, a capture that is no byte count is skipped",
          "[ingest][log_line_events]") {
  auto options = heap_line_options({R"(hp=(?P<free>\S+)(?: (?P<heap>\w+))?)"}, {});
  REQUIRE(options.ok());
  const Scanned s = scan(
      "I (5) app: hp=4000 PSRAM\n"
      "I (6) app: hp=lots\n"
      "I (7) app: free heap: 3000\n",
      options.take());
  REQUIRE(s.samples.size() == 2);
  CHECK(s.samples[0].heap == "PSRAM");
  CHECK(s.samples[0].free == 4000u);
  CHECK(s.samples[1].free == 3000u);  // the built-in shapes still apply
  REQUIRE(s.skips.size() == 1);
  CHECK(s.skips[0].kind == SkipKind::malformed_record);
  CHECK(s.skips[0].pos.line == 2);
  CHECK(s.skips[0].detail.find("'lots', not a byte count") != std::string::npos);
  CHECK(s.stats.heap_telemetry == 3);
  CHECK(s.messages.empty());
}

TEST_CASE("heap patterns from the command line and from a file", "[ingest][log_line_events][cli]") {
  const testing::TempFile file("patterns.txt",
                               "# heap figures of the modem task\n"
                               "\n"
                               "  modem_heap=(?P<free>\\d+)\r\n"
                               "bad=(?P<free>\\d+\n");
  auto bad = heap_line_options({}, {file.path()});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.starts_with(file.path() + ":4: heap pattern 'bad="));
  CHECK_FALSE(heap_line_options({"no_capture=\\d+"}, {}).ok());
  CHECK_FALSE(heap_line_options({}, {file.path() + ".missing"}).ok());

  const testing::TempFile good("good.txt", "# one\nmodem_heap=(?P<free>\\d+)\n");
  auto options = heap_line_options({"x=(?P<free>\\d+)"}, {good.path()});
  REQUIRE(options.ok());
  CHECK(options->heap_patterns.size() == 2);

  const testing::TempFile log("telemetry.log", "I (5) app: free heap: 3000\n");
  const auto outcome = testing::run_cli({"analyze", "--heap-pattern", "(?P<free", log.path()});
  CHECK(outcome.code == exit_usage_error);
  CHECK(outcome.err.starts_with("leakscope: heap pattern '(?P<free': "));
  const auto with_file =
      testing::run_cli({"analyze", "--heap-pattern-file", file.path(), log.path()});
  CHECK(with_file.code == exit_usage_error);
  CHECK(with_file.err.find(":4: heap pattern") != std::string::npos);
}
