// End to end: the sample gateway firmware's trace build (samples/gateway, build.sh --variant
// trace) compiled here, run under qemu-system-arm, and its evidence read by the leakscope
// binary the three ways a team gets it: UART0 piped live into `analyze --live`, the raw
// frames of UART1 as a file, and the RAM ring buffer image (2 KB: it wrapped).
//
// What must come out is what the firmware does (samples/gateway/README.md, "The leaks"):
// per boot, 96-byte sessions leaked by net_session_open (net_task.c:54) in task "net",
// 48-byte frames by uart_driver_read_frame (uart_driver.c:21) in task "sensor", 7-byte
// labels by dup_label (label.h:13) in task "console"; 535 bytes in 8 blocks in boot 1,
// 837 bytes in 14 blocks in boot 2.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace e2e;

// The firmware is built and run once for all tests of this file.
const fs::path& firmware_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("leakscope-e2e-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    const std::string build = "bash '" + source_dir + "/samples/gateway/build.sh' --variant trace '" +
                              d.string() + "' > '" + (d / "build.log").string() + "' 2>&1";
    INFO("firmware build: see " << (d / "build.log").string());
    REQUIRE(std::system(build.c_str()) == 0);
    return d;
  }();
  return dir;
}

// `leakscope analyze --format json` of one of the firmware's outputs; CHECKs exit status 1
// (leaks over the default threshold of 0 bytes).
json analyze_output(const std::string& file) {
  const fs::path& dir = firmware_dir();
  const std::string report_path = (dir / (file + ".json")).string();
  const int status = shell("'" + leakscope + "' analyze --format json -o '" + report_path + "' --elf '" +
                           (dir / "gateway-trace.elf").string() + "' '" + (dir / file).string() + "'");
  CHECK(status == 1);
  return json::parse(slurp(report_path));
}

struct Site {
  std::string function;
  std::string file;
  int line = 0;
  std::uint64_t bytes = 0;
  std::uint64_t count = 0;
  std::vector<std::string> tasks;
};

std::map<std::string, Site> sites_of(const json& boot) {
  std::map<std::string, Site> sites;
  for (const json& s : boot["leaks"]["by_site"]) {
    Site site{s["function"], s["file"], s["line"], s["bytes"], s["count"], {}};
    sites[site.function] = site;
  }
  return sites;
}

std::map<std::string, std::uint64_t> task_bytes(const json& boot) {
  std::map<std::string, std::uint64_t> tasks;
  for (const json& t : boot["leaks"]["by_task"]) tasks[t["task"]] = t["bytes"];
  return tasks;
}

// The leaks the firmware makes, checked boot by boot against a JSON report.
void check_full_report(const json& report) {
  REQUIRE(report["boots"].size() == 2);
  const std::uint64_t sessions[] = {4, 6};
  const std::uint64_t frames[] = {3, 5};
  const std::uint64_t labels[] = {1, 3};
  const std::uint64_t bytes[] = {535, 837};
  for (int b = 0; b < 2; ++b) {
    INFO("boot " << b);
    const json& boot = report["boots"][b];
    CHECK(boot["leaks"]["bytes"] == bytes[b]);
    CHECK(boot["leaks"]["count"] == sessions[b] + frames[b] + labels[b]);
    CHECK_FALSE(boot["incomplete"].get<bool>());
    const auto sites = sites_of(boot);
    REQUIRE(sites.size() == 3);
    REQUIRE(sites.count("net_session_open") == 1);
    CHECK(sites.at("net_session_open").file == "samples/gateway/firmware/net_task.c");
    CHECK(sites.at("net_session_open").line == 54);
    CHECK(sites.at("net_session_open").bytes == 96 * sessions[b]);
    REQUIRE(sites.count("uart_driver_read_frame") == 1);
    CHECK(sites.at("uart_driver_read_frame").file == "samples/gateway/firmware/uart_driver.c");
    CHECK(sites.at("uart_driver_read_frame").line == 21);
    CHECK(sites.at("uart_driver_read_frame").bytes == 48 * frames[b]);
    REQUIRE(sites.count("dup_label") == 1);
    CHECK(sites.at("dup_label").file == "samples/gateway/firmware/label.h");
    CHECK(sites.at("dup_label").line == 13);
    CHECK(sites.at("dup_label").bytes == 7 * labels[b]);
    const auto tasks = task_bytes(boot);
    CHECK(tasks == std::map<std::string, std::uint64_t>{
                       {"net", 96 * sessions[b]}, {"sensor", 48 * frames[b]}, {"console", 7 * labels[b]}});
  }
}

}  // namespace

TEST_CASE("gateway under QEMU, UART0 piped live into analyze --live", "[e2e][qemu]") {
  const fs::path& dir = firmware_dir();
  const fs::path run = dir / "live-run";
  fs::create_directories(run);  // QEMU's working directory: the firmware writes ring.bin there
  const std::string elf = (dir / "gateway-trace.elf").string();
  const std::string jsonl = (dir / "live.jsonl").string();
  // The serial monitor's place: QEMU's UART0 on stdout, into the pipe. A short interval so
  // snapshots are written while the firmware runs.
  const std::string pipeline =
      "cd '" + run.string() + "' && set -o pipefail && timeout 60 qemu-system-arm -M mps2-an385 " +
      "-nographic -monitor none -semihosting -serial stdio -serial null -kernel '" + elf +
      "' </dev/null | '" + leakscope + "' analyze --live --interval 0.01 --format json --elf '" + elf +
      "' > '" + jsonl + "'";
  const int status = shell("bash -c \"" + pipeline + "\"");
  CHECK(status == 1);  // leaks over the default threshold (0)

  std::istringstream lines(slurp(jsonl));
  std::vector<json> snapshots;
  json report;
  for (std::string line; std::getline(lines, line);) {
    json object = json::parse(line);  // every line is JSON
    if (object["type"] == "snapshot") snapshots.push_back(object);
    if (object["type"] == "report") report = object;
  }
  INFO(snapshots.size() << " snapshots");
  REQUIRE_FALSE(report.is_null());
  check_full_report(report);
  // Snapshots came before the end and show leaks growing in the boot in progress.
  REQUIRE_FALSE(snapshots.empty());
  std::uint64_t most_live = 0;
  for (const json& s : snapshots) {
    if (!s["boot"].is_null()) most_live = std::max<std::uint64_t>(most_live, s["boot"]["live"]["bytes"]);
  }
  CHECK(most_live > 0);
}

TEST_CASE("gateway under QEMU, UART1's raw frames as a file", "[e2e][qemu]") {
  const json report = analyze_output("trace.bin");
  check_full_report(report);
  CHECK(report["diagnostics"]["inputs"][0]["carrier"] == "trace");  // a raw frame stream
}

TEST_CASE("gateway under QEMU, the wrapped RAM ring buffer image", "[e2e][qemu]") {
  const json report = analyze_output("ring.bin");
  CHECK(report["diagnostics"]["inputs"][0]["carrier"] == "ring");
  // The ring keeps boot 2's newest frames only: what the wrap lost is reported, the boot is
  // incomplete, and the leak in the window is pinned on its real site.
  REQUIRE(report["boots"].size() == 1);
  const json& boot = report["boots"][0];
  CHECK(boot["incomplete"].get<bool>());
  bool wrap_reported = false;
  for (const json& lost : boot["trace"]["lost"]) {
    if (lost["cause"] == "ring_wrap" && lost["records"].get<std::uint64_t>() > 0) wrap_reported = true;
  }
  CHECK(wrap_reported);
  const auto sites = sites_of(boot);
  REQUIRE_FALSE(sites.empty());
  for (const auto& [function, site] : sites) {
    const bool known = function == "net_session_open" || function == "uart_driver_read_frame" ||
                       function == "dup_label";
    CHECK(known);
  }
}
