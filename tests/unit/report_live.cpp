// Live mode's writers: the terminal summary at a fixed size, the redraw, the JSON Lines.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "leakscope/report/live_json.hpp"
#include "leakscope/report/live_text.hpp"

using namespace leakscope;

namespace {

LiveSnapshot sample(std::size_t sites, std::size_t tasks) {
  auto boot = std::make_shared<BootReport>();
  boot->index = 2;
  boot->reset_reason = "rst:0xc (SW_CPU_RESET)";
  boot->elf.match = ElfMatch::verified;
  LeakSummary& leaks = boot->leaks;
  for (std::size_t i = 0; i < sites; ++i) {
    SiteGroup g;
    g.function = i == 0 ? "net_session_open" : "site_" + std::to_string(i);
    g.file = "firmware/net_task.c";
    g.line = static_cast<std::uint32_t>(54 + i);
    g.address = 0x400d0000 + i;
    g.stats.bytes = 1000 - i;
    g.stats.count = 2;
    g.tasks = {"net", "ui"};
    g.stack = std::make_shared<const std::vector<Frame>>();
    leaks.bytes += g.stats.bytes;
    leaks.count += g.stats.count;
    leaks.by_site.push_back(std::move(g));
  }
  for (std::size_t i = 0; i < tasks; ++i) {
    TaskGroup t;
    t.task = i == 0 ? "net" : "task_" + std::to_string(i);
    t.handle = 0x3ffb0000 + i;
    t.stats.bytes = 500 - i;
    t.stats.count = 1;
    leaks.by_task.push_back(std::move(t));
  }
  LiveSnapshot s;
  s.seq = 4;
  s.uptime_seconds = 3725.4;
  s.inputs = {"<stdin>"};
  s.boots = 3;
  s.boot = boot;
  s.growth_bytes = 512;
  s.growth_count = -1;
  HeapSampleEvent heap;
  heap.heap = "Internal";
  heap.free = 40000;
  heap.min_free = 38000;
  heap.largest_free = 16384;
  s.heaps = {LiveHeap{heap, -2048}};
  s.read = {1234, 56, 7, 2};
  return s;
}

std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool has_line_starting(const std::vector<std::string>& lines, const std::string& start) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.rfind(start, 0) == 0; });
}

}  // namespace

TEST_CASE("the live summary of a boot, line by line", "[report][live]") {
  LiveTextStyle style;
  style.width = 120;
  const std::vector<std::string> lines = render_live_text(sample(2, 1), style);
  const std::vector<std::string> expected = {
      "leakscope live · 1:02:05 · boot 2 · rst:0xc (SW_CPU_RESET) · ELF verified",
      "live 1999 bytes in 4 allocations · since boot start +512 bytes, -1 allocations",
      "heap Internal: 40000 free (-2048), min 38000, largest block 16384",
      "",
      "    BYTES  COUNT  CALL SITE  [TASKS]",
      "     1000      2  net_session_open firmware/net_task.c:54  [net, ui]",
      "      999      2  site_1 firmware/net_task.c:55  [net, ui]",
      "",
      "    BYTES  COUNT  TASK",
      "      500      1  net",
      "read 1234 lines · 56 allocs · 7 frees · 2 skipped",
  };
  CHECK(lines == expected);
}

TEST_CASE("the live summary fits a fixed width and height", "[report][live]") {
  LiveTextStyle style;
  style.width = 40;
  style.height = 14;
  const std::vector<std::string> lines = render_live_text(sample(30, 8), style);
  CHECK(lines.size() <= 13);  // the last row stays free for the cursor
  for (const std::string& line : lines) {
    CAPTURE(line);
    CHECK(columns(line) <= 39);  // a line filling the last column could wrap
  }
  CHECK(lines.front() == "leakscope live · 1:02:05 · boot 2 · rst");
  CHECK(has_line_starting(lines, "     1000      2  net_session_open"));
  CHECK(has_line_starting(lines, "                  +"));  // "+N more call sites"
  CHECK(lines.back().rfind("read 1234 lines", 0) == 0);

  style.height = 40;
  const std::vector<std::string> tall = render_live_text(sample(30, 8), style);
  CHECK(tall.size() == 3 + 2 + 10 + 1 + 2 + 5 + 1 + 1);  // head, 10 sites, 5 tasks, footer
}

TEST_CASE("the live summary before any evidence, and in colour", "[report][live]") {
  LiveSnapshot waiting;
  waiting.uptime_seconds = 2.9;
  waiting.read.lines = 12;
  LiveTextStyle style;
  const std::vector<std::string> lines = render_live_text(waiting, style);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "leakscope live · 0:00:02 · waiting for heap trace evidence");
  for (const std::string& line : render_live_text(sample(3, 3), style))
    CHECK(line.find('\x1b') == std::string::npos);

  style.color = true;
  const std::vector<std::string> coloured = render_live_text(sample(3, 3), style);
  CHECK(coloured.front().rfind("\x1b[1mleakscope live", 0) == 0);
  CHECK(coloured.back().rfind("\x1b[2mread", 0) == 0);
}

TEST_CASE("the live screen redraws over its last summary and erases it", "[report][live]") {
  LiveScreen screen;
  std::ostringstream out;
  screen.draw({"a", "b", "c"}, out);
  CHECK(out.str() == "\ra\x1b[K\nb\x1b[K\nc\x1b[K\n\x1b[J");
  out.str("");
  screen.draw({"d", "e"}, out);
  CHECK(out.str() == "\r\x1b[3Ad\x1b[K\ne\x1b[K\n\x1b[J");
  out.str("");
  screen.clear(out);
  CHECK(out.str() == "\r\x1b[2A\x1b[J");
}

TEST_CASE("a JSON Lines snapshot is one versioned object on one line", "[report][live]") {
  const std::string line = live_snapshot_json_line(sample(30, 2));
  CHECK(line.rfind("{\"type\":\"snapshot\",", 0) == 0);
  REQUIRE(line.back() == '\n');
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);
  const auto s = nlohmann::json::parse(line);
  CHECK(s["schema_version"] == 1);
  CHECK(s["seq"] == 4);
  CHECK(s["uptime_s"] == 3725.4);
  CHECK(s["boots"] == 3);
  const auto& boot = s["boot"];
  CHECK(boot["index"] == 2);
  CHECK(boot["start"] == nlohmann::json{{"input", "<stdin>"}, {"line", nullptr}, {"offset", 0}});
  CHECK(boot["elf"] == "verified");
  CHECK(boot["live"]["bytes"] == 29565);
  CHECK(boot["live"]["count"] == 60);
  CHECK(boot["growth"] == nlohmann::json{{"bytes", 512}, {"count", -1}});
  CHECK(boot["sites"] == 30);
  REQUIRE(boot["top_sites"].size() == live_json_top_sites);
  CHECK(boot["top_sites"][0] == nlohmann::json{{"function", "net_session_open"},
                                                {"file", "firmware/net_task.c"},
                                                {"line", 54},
                                                {"address", "0x400d0000"},
                                                {"bytes", 1000},
                                                {"count", 2},
                                                {"tasks", {"net", "ui"}}});
  CHECK(boot["tasks"][0] ==
        nlohmann::json{{"task", "net"}, {"handle", "0x3ffb0000"}, {"bytes", 500}, {"count", 1}});
  CHECK(boot["heaps"][0]["free_change"] == -2048);
  CHECK(boot["heaps"][0]["total"].is_null());
  CHECK(boot["dump_in_progress"] == false);
  CHECK(boot["last_marker"].is_null());
  CHECK(s["read"] == nlohmann::json{{"lines", 1234}, {"allocs", 56}, {"frees", 7}, {"skipped", 2}});

  CHECK(nlohmann::json::parse(live_snapshot_json_line(LiveSnapshot{}))["boot"].is_null());
}

TEST_CASE("the JSON Lines report line carries the report in either format", "[report][live]") {
  Report report;
  report.leaked_bytes = 5;
  const std::string json_line = live_report_json_line(report);
  CHECK(json_line.rfind("{\"type\":\"report\",", 0) == 0);
  const auto r = nlohmann::json::parse(json_line);
  CHECK(r["format"] == "json");
  CHECK(r["schema_version"] == report_schema_version);
  CHECK(r["summary"]["leaked_bytes"] == 5);

  const auto t = nlohmann::json::parse(live_text_report_json_line("leakscope: 1 boot\n"));
  CHECK(t == nlohmann::json{{"type", "report"}, {"format", "text"}, {"text", "leakscope: 1 boot\n"}});
}
