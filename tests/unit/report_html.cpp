// The HTML report: one self-contained page with a chart per boot with heap samples, the
// messages the drops follow, the leaking sites and bytes per task, crashes, the gate's
// findings and what each input held. (That it renders in a
// browser is checked by tests/html/render.sh under ctest, when Chromium is installed.)
#include <catch2/catch.hpp>

#include "run_cli.hpp"

using namespace leakscope;

namespace {

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string html(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"analyze", "--format", "html"};
  all.insert(all.end(), args.begin(), args.end());
  const testing::CliOutcome o = testing::run_cli(all);
  CHECK(o.code == exit_leaks);
  return o.out;
}

}  // namespace

TEST_CASE("the HTML report of a leaking log", "[report][html]") {
  const std::string page =
      html({"--heap-floor", "15K",
            std::string(LEAKSCOPE_SOURCE_DIR) + "/tests/golden/heap-cellular-particle/input.log"});
  CHECK(page.starts_with("<!DOCTYPE html>"));
  CHECK(page.ends_with("</html>\n"));
  CHECK(count(page, "<svg class=\"heap-chart\" id=\"heap-chart-0\"") == 1);
  CHECK(count(page, "<polyline class=\"samples\"") == 1);
  CHECK(count(page, "<line class=\"trend\"") == 1);
  CHECK(count(page, "<line class=\"forecast\"") == 1);
  CHECK(count(page, "<line class=\"drop\"") == 22);
  CHECK(page.find("<td>ERROR system: Failed to load session data (error -&lt;n&gt;)</td>") !=
        std::string::npos);
  CHECK(page.find("class=\"verdict-leaking\"") != std::string::npos);
  // Self-contained: nothing fetched.
  CHECK(page.find("http:") == std::string::npos);
  CHECK(page.find("https:") == std::string::npos);
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find("<body data-ready=\"0\">") != std::string::npos);
}

TEST_CASE("the HTML report of a heap trace: sites and tasks", "[report][html]") {
  const std::string root = LEAKSCOPE_SOURCE_DIR;
  const std::string page = html({"--elf", root + "/samples/gateway/gateway.elf",
                                 root + "/tests/golden/trace-raw-gateway/input.bin"});
  CHECK(count(page, "<svg class=\"heap-chart\"") == 2);
  CHECK(count(page, "<section class=\"boot\"") == 2);
  CHECK(page.find("net_session_open at samples/gateway/firmware/net_task.c:54") !=
        std::string::npos);
  CHECK(count(page, "<rect class=\"bar\"") == 6);  // three tasks in each boot
}

TEST_CASE("the HTML report has the gate, each crash and what the inputs held", "[report][html]") {
  const std::string root = LEAKSCOPE_SOURCE_DIR;
  const std::string broken = root + "/tests/golden/broken-capture/input.log";
  const std::string page =
      html({"--elf", root + "/samples/gateway/gateway.elf", root + "/samples/gateway/capture.log",
            broken});
  CHECK(page.find("<p class=\"gate-failed\">gate: FAILED</p>") != std::string::npos);
  CHECK(page.find("<li class=\"crash\">FAIL boot 0 leak_bytes: 151 bytes unfreed in 3 allocations"
                  "</li>") != std::string::npos);
  // The sample's abort(), symbolized, with its backtrace.
  CHECK(page.find("<p class=\"crash\">abort at ") != std::string::npos);
  CHECK(page.find("<li>PC 0x00001130 cmd_panic at samples/gateway/firmware/console_task.c:73</li>") !=
        std::string::npos);
  CHECK(count(page, "<ol class=\"frames\">") >= 2);
  CHECK(page.find("<h2>Inputs</h2>") != std::string::npos);
  CHECK(page.find("<tr><td>esp-idf-heap-trace</td><td class=\"num\">178</td><td>47-207, 280-281, "
                  "283-297</td></tr>") != std::string::npos);
  CHECK(page.find("<pre class=\"quote\">line 5: \\xff\\xfe\\x80\\x81garbage from a baud-rate "
                  "mismatch</pre>") != std::string::npos);
}

TEST_CASE("html does not go with live mode", "[report][html][cli]") {
  const testing::CliOutcome o = testing::run_cli({"analyze", "--live", "--format", "html", "-"});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err == "leakscope: --format html does not go with --live (text or json)\n");
}
