// Message types and which of them the heap's persistent drops follow.
#include <catch2/catch.hpp>

#include "leakscope/analyze/event_correlation.hpp"
#include "leakscope/analyze/heap_trend.hpp"
#include "synthetic_heap.hpp"

using namespace leakscope;

TEST_CASE("message types mask what changes", "[analyze][event_correlation]") {
  MessageMasker m;
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"0000063889 [system] ERROR: Failed to load session data (error -210)",
       "ERROR system: Failed to load session data (error -<n>)"},
      {"E (81234) modem: AT+CGACT=1,1 timeout after 3000 ms",
       "E modem: AT+CGACT=<n>,<n> timeout after <n> ms"},
      {"I (5) wifi: connected to \"HomeNet 5G\", ip 192.168.1.23",
       "I wifi: connected to <str>, ip <n>.<n>.<n>.<n>"},
      {"W (9) app: task 0x3ffb4c08 id 3ffb4c08 mac 24:0a:c4:12:ab:cd uuid "
       "123e4567-e89b-12d3-a456-426614174000",
       "W app: task <hex> id <id> mac <id> uuid <id>"},
      {"[00:00:26.158,000] <err> os: client17 lost, it's 'gone'",
       "err os: client<n> lost, it's <str>"},
      {"rst:0x1 (POWERON_RESET),boot:0x13   (SPI_FAST_FLASH_BOOT)",
       "rst:<hex> (POWERON_RESET),boot:<hex> (SPI_FAST_FLASH_BOOT)"},
      {"Task watchdog: TG1WDT_SYS_RESET at 12:00:01",
       "Task watchdog: TG1WDT_SYS_RESET at <n>:<n>:<n>"},
      {"0000000042 INFO: no category", "INFO: no category"},
      {"", ""},
  };
  for (const auto& [line, type] : cases) CHECK(m.mask(line) == type);
  const std::string long_line(500, 'x');
  CHECK(m.mask(long_line).size() == MessageMasker::max_length);
}

TEST_CASE("what follows a drop, and what counts once", "[analyze][event_correlation]") {
  // The heap fell between positions 10 and 20 (5000 bytes) and between 50 and 60 (3000).
  EventCorrelator c({{50, 60, 3000}, {10, 20, 5000}}, CorrelationOptions{5, 16});
  c.message(12, "E x: lost 1");  // in the interval
  c.message(19, "E x: lost 2");  // in it too: the same drop, counted once
  c.message(20, "E x: lost 3");  // the sample that shows the drop: not before it
  c.message(46, "E x: lost 4");  // within the window before the second drop
  c.message(44, "I y: tick");    // 6 before it: outside the window
  c.message(70, "I y: tick");    // after every drop
  const auto ranked = c.ranking();
  REQUIRE(ranked.size() == 1);
  const CorrelatedEvent& e = ranked.front();
  CHECK(e.pattern == "E x: lost <n>");
  CHECK(e.occurrences == 4);
  CHECK(e.followed_by_drop == 3);
  CHECK(e.without_drop() == 1);
  CHECK(e.drops == 2);
  CHECK(e.mean_loss_bytes == Approx(8000.0 / 4));
  CHECK(e.score == Approx(2.0 / 4 * 1.0));
  CHECK(c.types() == 2);
}

TEST_CASE("message types beyond the cap are counted, not kept", "[analyze][event_correlation]") {
  EventCorrelator c({{0, 10, 100}}, CorrelationOptions{0, 2});
  c.message(1, "alpha");
  c.message(2, "beta");
  c.message(3, "gamma");
  c.message(4, "alpha");
  CHECK(c.types() == 2);
  CHECK(c.overflow_occurrences() == 1);
  const auto ranked = c.ranking();
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].pattern == "beta");   // once, before the drop: explains it fully
  CHECK(ranked[1].pattern == "alpha");  // twice before the same drop: half per occurrence
  CHECK(ranked[1].score == Approx(0.5));
}

namespace {

std::vector<DropWindow> drops_of(const HeapTrend& t) {
  std::vector<DropWindow> drops;
  for (const HeapStep& s : t.steps) drops.push_back({s.from_time, s.time, s.bytes});
  return drops;
}

}  // namespace

TEST_CASE("the cellular case: the session error is what the drops follow",
          "[analyze][event_correlation]") {
  const std::string error = "ERROR system: Failed to load session data (error -<n>)";
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const synthetic::CellularCase c = synthetic::cellular_case(seed);
    const HeapTrend trend = analyze_heap_trend(c.samples);
    REQUIRE(trend.verdict == TrendVerdict::leaking);

    EventCorrelator by_time(drops_of(trend));
    std::uint64_t errors = 0;
    for (const synthetic::Line& line : c.lines) {
      if (line.heap_sample) continue;  // telemetry is the evidence, not an event
      by_time.message(line.time, line.text);
      errors += line.text.find("Failed to load session data") != std::string::npos;
    }
    const auto ranked = by_time.ranking();
    INFO("seed " << seed);
    REQUIRE(ranked.size() >= 3);
    const CorrelatedEvent& top = ranked.front();
    CHECK(top.pattern == error);
    CHECK(top.occurrences == errors);
    CHECK(top.followed_by_drop >= errors * 7 / 10);
    CHECK(top.mean_loss_bytes == Approx(5120).epsilon(0.25));
    // The modem restart before it comes next (not every restart leaks); the chatter far behind.
    CHECK(top.score > ranked[1].score);
    for (const CorrelatedEvent& e : ranked)
      if (e.pattern.find("PING") != std::string::npos ||
          e.pattern.find("rssi") != std::string::npos)
        CHECK(e.score < top.score / 5);

    // The same by line numbers: the drop between the lines of the two samples around it.
    std::vector<double> sample_lines;
    for (std::size_t i = 0; i < c.lines.size(); ++i)
      if (c.lines[i].heap_sample) sample_lines.push_back(static_cast<double>(i));
    std::vector<DropWindow> by_line_drops;
    for (const HeapStep& s : trend.steps)
      by_line_drops.push_back({sample_lines[s.index - 1], sample_lines[s.index], s.bytes});
    EventCorrelator by_line(by_line_drops, CorrelationOptions{10, 4096});
    for (std::size_t i = 0; i < c.lines.size(); ++i)
      if (!c.lines[i].heap_sample) by_line.message(static_cast<double>(i), c.lines[i].text);
    CHECK(by_line.ranking().front().pattern == error);
  }
}
