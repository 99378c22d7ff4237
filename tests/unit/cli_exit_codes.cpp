// The exit-code table of README "Exit codes", one path at a time, through the whole CLI with
// the committed samples and small suppression files: 0 clean, 1 the gate failed (each rule),
// 2 usage or input error (and 2 wins over 1).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "temp_file.hpp"

namespace fs = std::filesystem;
using namespace leakscope;
using leakscope::testing::CliOutcome;
using leakscope::testing::run_cli;
using leakscope::testing::TempFile;

namespace {

const std::string repo = LEAKSCOPE_SOURCE_DIR;
const std::string elf = repo + "/samples/gateway/gateway.elf";
// Two boots: boot 0 incomplete (the trace buffer overflowed), three leak sites in each:
// net_session_open (96 bytes / 576 bytes in 6), uart_driver_read_frame (48 / 240 in 5),
// dup_label (7 / 21 in 3).
const std::string capture = repo + "/samples/gateway/capture.log";
// One boot, 308 bytes in 4 allocations, no ELF.
const std::string v4 = repo + "/tests/golden/esp-idf-v4-leaks-mode/input.log";
// Heap telemetry only, leaking.
const std::string telemetry = repo + "/tests/golden/heap-cellular-particle/input.log";
// A streamed trace whose boot 0 also has telemetry saying leaking.
const std::string lstrace = repo + "/tests/golden/trace-lstrace-log/input.log";
// No ELF; 2 skipped records and 2 lines not understood; at most 264 bytes unfreed in a boot.
const std::string broken = repo + "/tests/golden/broken-capture/input.log";

// The gateway's leak sites, all suppressed: only the other rules are left.
const std::string all_gateway_sites =
    "leak:net_session_open\nleak:uart_driver_read_frame\nleak:dup_label\n";

std::vector<std::string> analyze(std::vector<std::string> options, const std::string& input,
                                 bool with_elf = true) {
  std::vector<std::string> args = {"analyze"};
  if (with_elf) args.insert(args.end(), {"--elf", elf});
  args.insert(args.end(), options.begin(), options.end());
  args.push_back(input);
  return args;
}

nlohmann::json gate_of(const CliOutcome& o) {
  return nlohmann::json::parse(o.out).at("gate");
}

std::vector<std::string> failed_rules(const CliOutcome& o) {
  const nlohmann::json gate = gate_of(o);
  std::vector<std::string> rules;
  for (const auto& f : gate["findings"])
    if (f["failed"] == true) rules.push_back(f["rule"]);
  return rules;
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() /
          ("leakscope-exit-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

}  // namespace

TEST_CASE("exit 0: nothing the gate counts", "[cli][exit]") {
  SECTION("unfreed bytes within --fail-on-leak") {
    CHECK(run_cli(analyze({"--fail-on-leak", "308"}, v4, false)).code == exit_clean);
  }
  SECTION("every leak suppressed; an incomplete boot only warns") {
    TempFile supp("all.supp", all_gateway_sites);
    const CliOutcome o = run_cli(analyze({"--format", "json", "--suppressions", supp.path()},
                                         capture));
    CHECK(o.code == exit_clean);
    CHECK(gate_of(o)["failed"] == false);
    CHECK(gate_of(o)["findings"][0]["rule"] == "incomplete_trace");
  }
  SECTION("a stale suppression only warns") {
    TempFile supp("stale.supp", all_gateway_sites + "leak:wifi_connect\n");
    CHECK(run_cli(analyze({"--suppressions", supp.path()}, capture)).code == exit_clean);
  }
  SECTION("caps that hold") {
    TempFile supp("capped.supp", "leak:net_session_open max_bytes=576 max_count=6\n"
                                 "leak:uart_driver_read_frame max_count=5\nleak:dup_label\n");
    CHECK(run_cli(analyze({"--suppressions", supp.path()}, capture)).code == exit_clean);
  }
  SECTION("per-site limits that hold (and no boot-wide limit without --fail-on-leak)") {
    CHECK(run_cli(analyze({"--max-site-bytes", "576", "--max-site-count", "6"}, capture)).code ==
          exit_clean);
  }
  SECTION("heap telemetry says leaking, and --no-fail-on-trend") {
    CHECK(run_cli({"analyze", "--no-fail-on-trend", telemetry}).code == exit_clean);
  }
  SECTION("heap telemetry says leaking where a heap trace decides") {
    TempFile supp("all.supp", "leak:*\n");
    const CliOutcome o =
        run_cli(analyze({"--format", "json", "--suppressions", supp.path()}, lstrace));
    CHECK(o.code == exit_clean);
    bool trend_warning = false;
    const nlohmann::json gate = gate_of(o);
    for (const auto& f : gate["findings"])
      trend_warning = trend_warning || (f["rule"] == "heap_trend" && f["failed"] == false);
    CHECK(trend_warning);
  }
  SECTION("skipped evidence within --max-skipped") {
    CHECK(run_cli(analyze({"--max-skipped", "4", "--fail-on-leak", "264"}, broken, false)).code ==
          exit_clean);
  }
}

TEST_CASE("exit 1: each rule that fails the gate", "[cli][exit]") {
  SECTION("leak_bytes: any unfreed allocation, by default") {
    const CliOutcome o = run_cli(analyze({"--format", "json"}, v4, false));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"leak_bytes"});
  }
  SECTION("leak_bytes: over --fail-on-leak") {
    CHECK(run_cli(analyze({"--fail-on-leak", "307"}, v4, false)).code == exit_leaks);
  }
  SECTION("site_bytes") {
    const CliOutcome o = run_cli(analyze({"--format", "json", "--max-site-bytes", "575"}, capture));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"site_bytes"});
  }
  SECTION("site_count") {
    const CliOutcome o = run_cli(analyze({"--format", "json", "--max-site-count", "5"}, capture));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"site_count"});
  }
  SECTION("suppression_cap (and its sites count again)") {
    TempFile supp("cap.supp", "leak:net_session_open max_bytes=512\n"
                              "leak:uart_driver_read_frame\nleak:dup_label\n");
    const CliOutcome o = run_cli(analyze({"--format", "json", "--suppressions", supp.path()},
                                         capture));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"leak_bytes", "suppression_cap"});
  }
  SECTION("heap_trend: telemetry is the only evidence") {
    const CliOutcome o = run_cli({"analyze", "--format", "json", telemetry});
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"heap_trend"});
  }
  SECTION("heap_trend: --fail-on-trend where there is a heap trace") {
    TempFile supp("all.supp", "leak:*\n");
    const CliOutcome o = run_cli(analyze(
        {"--format", "json", "--fail-on-trend", "--suppressions", supp.path()}, lstrace));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"heap_trend"});
  }
  SECTION("incomplete_trace with --on-incomplete fail") {
    TempFile supp("all.supp", all_gateway_sites);
    const CliOutcome o = run_cli(analyze(
        {"--format", "json", "--on-incomplete", "fail", "--suppressions", supp.path()}, capture));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"incomplete_trace"});
  }
  SECTION("skipped_evidence over --max-skipped") {
    const CliOutcome o = run_cli(analyze(
        {"--format", "json", "--max-skipped", "3", "--fail-on-leak", "264"}, broken, false));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"skipped_evidence"});
    CHECK(gate_of(o)["findings"].back()["message"] ==
          "2 records skipped and 2 lines not understood, 1 more than the 3 allowed "
          "(--max-skipped)");
  }
  SECTION("stale_suppression with --fail-on-stale-suppressions") {
    TempFile supp("stale.supp", all_gateway_sites + "leak:wifi_connect\n");
    const CliOutcome o = run_cli(analyze(
        {"--format", "json", "--fail-on-stale-suppressions", "--suppressions", supp.path()},
        capture));
    CHECK(o.code == exit_leaks);
    CHECK(failed_rules(o) == std::vector<std::string>{"stale_suppression"});
  }
}

TEST_CASE("exit 2: usage and input errors of the gate's options", "[cli][exit]") {
  SECTION("a bad suppression line names FILE:LINE") {
    TempFile supp("bad.supp", "# known leaks\nleak:net_session_open\nrace:uart\n");
    const CliOutcome o = run_cli(analyze({"--suppressions", supp.path()}, capture));
    CHECK(o.code == exit_usage_error);
    CHECK(o.err == "leakscope: " + supp.path() +
                       ":3: expected 'leak:PATTERN', not a 'race' suppression (only "
                       "LeakSanitizer's leak: type applies)\n");
    CHECK(o.out.empty());
  }
  SECTION("a missing suppression file") {
    CHECK(run_cli(analyze({"--suppressions", "no-such.supp"}, capture)).code == exit_usage_error);
  }
  SECTION("--on-incomplete takes fail or warn") {
    CHECK(run_cli(analyze({"--on-incomplete", "ignore"}, capture)).code == exit_usage_error);
  }
  SECTION("--fail-on-trend and --no-fail-on-trend exclude each other") {
    CHECK(run_cli(analyze({"--fail-on-trend", "--no-fail-on-trend"}, capture)).code ==
          exit_usage_error);
  }
  SECTION("--gen-suppressions-caps needs --gen-suppressions") {
    CHECK(run_cli(analyze({"--gen-suppressions-caps"}, capture)).code == exit_usage_error);
  }
  SECTION("limits are numbers") {
    CHECK(run_cli(analyze({"--max-site-bytes", "lots"}, capture)).code == exit_usage_error);
    CHECK(run_cli(analyze({"--max-skipped", "-1"}, capture)).code == exit_usage_error);
  }
  SECTION("--gen-suppressions to a file that cannot be written: the report is still written") {
    const CliOutcome o = run_cli(analyze({"--format", "json", "--gen-suppressions",
                                          "/nonexistent-dir/known.supp"},
                                         capture));
    CHECK(o.code == exit_usage_error);
    CHECK(o.err == "leakscope: /nonexistent-dir/known.supp: cannot write\n");
    CHECK(gate_of(o)["failed"] == true);
  }
  SECTION("2 wins over 1: an unreadable input beside leaking ones") {
    const CliOutcome o = run_cli(analyze({"--format", "json"}, "no-such.log"));
    CHECK(o.code == exit_usage_error);
    const CliOutcome both = run_cli({"analyze", "--format", "json", v4, "no-such.log"});
    CHECK(both.code == exit_usage_error);
    CHECK(gate_of(both)["failed"] == true);
  }
  SECTION("2 wins over 1: a refused boot beside a failing gate") {
    const CliOutcome o = run_cli(
        analyze({"--format", "json"}, repo + "/tests/golden/elf-sha-ota-two-builds/input.log"));
    CHECK(o.code == exit_usage_error);
    CHECK(gate_of(o)["failed"] == true);
  }
  SECTION("no evidence at all") {
    CHECK(run_cli({"analyze", repo + "/LICENSE"}).code == exit_usage_error);
  }
}

TEST_CASE("gen-suppressions writes a file that suppresses exactly this run's leaks",
          "[cli][exit]") {
  const std::string path = temp_path("generated.supp");
  const bool caps = GENERATE(false, true);
  std::vector<std::string> options = {"--gen-suppressions", path};
  if (caps) options.push_back("--gen-suppressions-caps");
  CHECK(run_cli(analyze(options, capture)).code == exit_leaks);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  INFO(text.str());
  CHECK(text.str().find(caps ? "leak:^net_session_open$ max_bytes=576 max_count=6  # "
                             : "leak:^net_session_open$  # fingerprint a1752b22dc338455: "
                               "net_session_open at samples/gateway/firmware/net_task.c:54") !=
        std::string::npos);

  const CliOutcome o =
      run_cli(analyze({"--format", "json", "--suppressions", path}, capture));
  CHECK(o.code == exit_clean);
  const auto report = nlohmann::json::parse(o.out);
  for (const auto& boot : report["boots"])
    for (const auto& site : boot["leaks"]["by_site"]) CHECK(site["status"] == "suppressed");
  for (const auto& use : report["gate"]["suppressions"]) CHECK(use["stale"] == false);
  fs::remove(path);
}
