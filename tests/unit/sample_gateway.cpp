// The bundled sample end to end: the committed capture against its committed ELF, and a
// rebuild of both from source that must still show the same leak sites.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/ingest/log_scanner.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "run_cli.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace leakscope;

namespace {

const fs::path sample_dir = fs::path(LEAKSCOPE_SOURCE_DIR) / "samples" / "gateway";

json analyze_json(const fs::path& elf, const fs::path& capture, int& exit_code,
                  const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"analyze", "--format", "json", "--elf", elf.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(capture.string());
  const auto outcome = testing::run_cli(args);
  INFO(outcome.err);
  exit_code = outcome.code;
  return json::parse(outcome.out);
}

using Site = std::tuple<std::string, std::string, std::uint64_t, std::string, std::uint64_t>;

// (function, file, line, tasks, bytes) of every site of every boot.
std::set<Site> sites_of(const json& report) {
  std::set<Site> sites;
  for (const json& boot : report["boots"]) {
    for (const json& site : boot["leaks"]["by_site"]) {
      std::string tasks;
      for (const json& t : site["tasks"]) tasks += t.get<std::string>() + ",";
      sites.emplace(site["function"].is_null() ? "" : site["function"].get<std::string>(),
                    site["file"].is_null() ? "" : site["file"].get<std::string>(),
                    site["line"].is_null() ? 0 : site["line"].get<std::uint64_t>(), tasks,
                    site["bytes"].get<std::uint64_t>());
    }
  }
  return sites;
}

// Sums the unfreed records of the last dump of each boot straight from the capture text, as
// a person would with grep: a record line not followed by a "freed by" line. Independent of
// the parser on purpose.
std::vector<std::uint64_t> unfreed_bytes_per_boot(const fs::path& capture) {
  std::ifstream in(capture, std::ios::binary);
  std::vector<std::uint64_t> per_boot;
  std::uint64_t current = 0;
  std::uint64_t pending = 0;
  bool have_boot = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find("rst:0x") == 0) {
      if (have_boot) per_boot.push_back(current);
      have_boot = true;
      current = pending = 0;
    } else if (line.find(" allocations trace (") != std::string::npos) {
      current = pending = 0;  // a new dump replaces the previous one
    } else if (line.find(" bytes (@ ") != std::string::npos) {
      current += pending;
      pending = std::stoull(line);
    } else if (line.rfind("freed by ", 0) == 0) {
      pending = 0;
    } else if (line.find("in trace (") != std::string::npos) {
      current += pending;
      pending = 0;
    }
  }
  if (have_boot) per_boot.push_back(current);
  return per_boot;
}

}  // namespace

TEST_CASE("the bundled sample names its leaking functions with file, line and task",
          "[sample]") {
  int code = 0;
  const json report = analyze_json(sample_dir / "gateway.elf", sample_dir / "capture.log", code);
  CHECK(code == exit_leaks);
  REQUIRE(report["boots"].size() == 2);
  CHECK(report["boots"][0]["incomplete"] == true);   // boot 1's trace buffer overflowed
  CHECK(report["boots"][1]["incomplete"] == false);
  CHECK(report["diagnostics"]["symbolization"]["not_in_code"] == 0);

  std::set<std::string> functions;
  for (const Site& s : sites_of(report)) {
    functions.insert(std::get<0>(s));
    CHECK(std::get<1>(s).rfind("samples/gateway/firmware/", 0) == 0);
    CHECK(std::get<2>(s) > 0);
    CHECK_FALSE(std::get<3>(s).empty());
  }
  CHECK(functions.count("net_session_open") == 1);
  CHECK(functions.count("sensor_poll") + functions.count("uart_driver_read_frame") >= 1);
  CHECK(functions.count("dup_label") == 1);
  for (const std::string& f : functions) {
    CAPTURE(f);
    CHECK(f.find("malloc") == std::string::npos);  // plumbing is never a site
  }
}

TEST_CASE("the report's byte totals equal the sum of the unfreed records in the dump",
          "[sample][invariant]") {
  int code = 0;
  const json report = analyze_json(sample_dir / "gateway.elf", sample_dir / "capture.log", code);
  const auto expected = unfreed_bytes_per_boot(sample_dir / "capture.log");
  REQUIRE(report["boots"].size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    const json& boot = report["boots"][i];
    CHECK(boot["leaks"]["bytes"] == expected[i]);
    std::uint64_t by_site = 0, by_task = 0, by_stack = 0;
    for (const json& g : boot["leaks"]["by_site"]) by_site += g["bytes"].get<std::uint64_t>();
    for (const json& g : boot["leaks"]["by_task"]) by_task += g["bytes"].get<std::uint64_t>();
    for (const json& g : boot["leaks"]["by_stack"]) by_stack += g["bytes"].get<std::uint64_t>();
    CHECK(by_site == expected[i]);
    CHECK(by_task == expected[i]);
    CHECK(by_stack == expected[i]);
    // And the device's own summary agrees where the dump is complete.
    if (boot["incomplete"] == false) CHECK(boot["trace"]["reported_bytes"] == expected[i]);
  }
}

TEST_CASE("a rebuilt sample still yields the same leak sites", "[sample][rebuild]") {
  const fs::path out = fs::path(LEAKSCOPE_BINARY_DIR) / "sample-rebuild";
  fs::remove_all(out);
  fs::create_directories(out);
  const std::string command =
      "bash '" + (sample_dir / "build.sh").string() + "' '" + out.string() + "' > '" +
      (out / "build.log").string() + "' 2>&1";
  INFO("see " << (out / "build.log").string());
  REQUIRE(std::system(command.c_str()) == 0);

  int committed_code = 0, rebuilt_code = 0;
  const json committed =
      analyze_json(sample_dir / "gateway.elf", sample_dir / "capture.log", committed_code);
  const json rebuilt = analyze_json(out / "gateway.elf", out / "capture.log", rebuilt_code);
  CHECK(rebuilt_code == committed_code);
  CHECK(sites_of(rebuilt) == sites_of(committed));
  CHECK(rebuilt["summary"] == committed["summary"]);
}

TEST_CASE("skip patterns move a call site outward, to the outermost frame at most",
          "[sample][plumbing]") {
  auto sites_with = [](const std::vector<std::string>& extra) {
    int code = 0;
    const json report =
        analyze_json(sample_dir / "gateway.elf", sample_dir / "capture.log", code, extra);
    std::set<std::string> functions;
    for (const json& site : report["boots"][1]["leaks"]["by_site"])
      functions.insert(site["function"].get<std::string>());
    return functions;
  };
  // The driver hands its buffer to the caller: blame the caller instead.
  CHECK(sites_with({"--skip-frames", "uart_driver_\\w+"}) ==
        std::set<std::string>{"net_session_open", "sensor_poll", "dup_label"});
  // Everything is plumbing: the outermost frame is all that is left.
  CHECK(sites_with({"--skip-frames", ".*"}) == std::set<std::string>{"main", "Reset_Handler"});
}

TEST_CASE("one symbolizer answer per distinct caller address", "[sample][symbolize]") {
  Symbolizer symbolizer;
  REQUIRE(symbolizer.add_elf((sample_dir / "gateway.elf").string()).ok());
  auto plumbing = PlumbingFilter::create();
  REQUIRE(plumbing.ok());
  Analyzer analyzer(&symbolizer, *plumbing);
  LogScanner scanner(analyzer);
  auto source = open_input((sample_dir / "capture.log").string(), -1);
  REQUIRE(source.ok());
  scanner.scan(**source, 0);
  scanner.finish();
  const Report report = analyzer.finish();
  // 17 leaked allocations over two boots share 8 distinct caller addresses; the symbolizer's
  // cache (which answers every repeat) holds exactly one answer for each of them, and one for
  // each of the 4 distinct addresses of the abort in boot 0 (its PC, printed again as the
  // backtrace's first frame, and three call sites).
  CHECK(report.leaked_count == 17);
  CHECK(report.diagnostics.symbolization.addresses == 8);
  REQUIRE(report.boots[0].crashes.size() == 1);
  CHECK(report.boots[0].crashes[0].backtrace.size() == 4);
  CHECK(symbolizer.cache_size() == 8 + 4);
}

TEST_CASE("the abort's backtrace lands on the calls, as the leaks' callers do", "[sample][crash]") {
  int code = -1;
  const json report =
      analyze_json(sample_dir / "gateway.elf", sample_dir / "capture.log", code);
  REQUIRE(report["boots"][0]["events"].size() == 1);
  const json& bt = report["boots"][0]["events"][0]["backtrace"];
  REQUIRE(bt.size() == 4);
  // The firmware prints call-instruction addresses, as ESP-IDF's Xtensa panic handler does
  // (README "Address semantics"): the outer frames are the same calls the leak table names.
  const std::vector<std::pair<std::string, int>> expected = {
      {"cmd_panic", 73}, {"sched_run", 33}, {"main", 111}, {"Reset_Handler", 44}};
  for (std::size_t i = 0; i < bt.size(); ++i) {
    INFO(i);
    CHECK(bt[i]["function"] == expected[i].first);
    CHECK(bt[i]["line"] == expected[i].second);
  }
}
