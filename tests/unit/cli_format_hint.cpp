// --format-hint and the per-input format summary through the whole CLI, on committed samples.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

using namespace leakscope;
using leakscope::testing::run_cli;

namespace {

const std::string repo = LEAKSCOPE_SOURCE_DIR;
const std::string elf = repo + "/samples/gateway/gateway.elf";
const std::string capture = repo + "/samples/gateway/capture.log";
const std::string broken = repo + "/tests/golden/broken-capture/input.log";
const std::string records = repo + "/samples/custom-records/monitor-task.json";

nlohmann::json analyze_json(std::vector<std::string> args, int expected_code) {
  args.insert(args.begin(), {"analyze", "--format", "json"});
  const auto r = run_cli(args);
  INFO(r.err);
  REQUIRE(r.code == expected_code);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("the JSON report says what each input held, line by line", "[cli][formats]") {
  const auto report = analyze_json({"--elf", elf, capture, broken}, 1);
  const auto& inputs = report["diagnostics"]["inputs"];
  REQUIRE(inputs.size() == 2);
  CHECK(inputs[0]["hint"].is_null());
  std::vector<std::string> formats;
  for (const auto& f : inputs[0]["formats"]) formats.push_back(f["format"]);
  CHECK(formats == std::vector<std::string>{"boot", "esp-log", "esp-idf-heap-trace", "crash"});
  CHECK(inputs[0]["formats"][0]["runs"][0] == nlohmann::json::array({1, 9}));
  CHECK(inputs[0]["not_understood"] == 0);
  // The broken capture: its baud-rate garbage and a cut-off "freed by" line, quoted.
  CHECK(inputs[1]["not_understood"] == 2);
  REQUIRE(inputs[1]["first_not_understood"].size() == 2);
  CHECK(inputs[1]["first_not_understood"][0]["line"] == 5);
  CHECK(inputs[1]["first_not_understood"][0]["text"] ==
        "\\xff\\xfe\\x80\\x81garbage from a baud-rate mismatch");
  CHECK(report["diagnostics"]["lines"]["not_understood"] == 2);
}

TEST_CASE("the text report lists formats and quotes the lines nobody read", "[cli][formats]") {
  const auto r = run_cli({"analyze", broken});
  CHECK(r.code == 1);
  CHECK(r.out.find("input " + broken + ": text, 30 lines\n") != std::string::npos);
  CHECK(r.out.find("  not understood              2 lines\n") != std::string::npos);
  CHECK(r.out.find("    line 5: \\xff\\xfe\\x80\\x81garbage from a baud-rate mismatch\n") !=
        std::string::npos);
  CHECK(r.out.find("    line 19: freed by 0x400d5000:0x400d4000\n") != std::string::npos);
}

TEST_CASE("format hints force a format on every input or on one", "[cli][formats][hint]") {
  SECTION("a wrong hint finds no evidence, and says so (exit 2)") {
    const auto r = run_cli({"analyze", "--format-hint", "mtrace", capture});
    CHECK(r.code == 2);
    CHECK(r.err.find("no heap trace or heap telemetry found") != std::string::npos);
    CHECK(r.out.find("input " + capture + ": text (--format-hint mtrace), 299 lines") !=
          std::string::npos);
  }
  SECTION("INPUT=FORMAT: that input only") {
    const auto report = analyze_json(
        {"--elf", elf, "--format-hint", capture + "=esp-idf", capture, broken}, 1);
    const auto& inputs = report["diagnostics"]["inputs"];
    CHECK(inputs[0]["hint"] == "esp-idf");
    CHECK(inputs[1]["hint"].is_null());
    CHECK(report["summary"]["leaked_bytes"] ==
          analyze_json({"--elf", elf, capture, broken}, 1)["summary"]["leaked_bytes"]);
  }
  SECTION("an input's own hint wins over the one for every input") {
    const auto report =
        analyze_json({"--format-hint", "mtrace", "--format-hint", broken + "=text", broken}, 1);
    CHECK(report["diagnostics"]["inputs"][0]["hint"] == "text");
  }
  SECTION("records needs --records") {
    CHECK(run_cli({"analyze", "--format-hint", "records", capture}).code == 2);
    const auto report = analyze_json(
        {"--elf", elf, "--records", records, "--format-hint", "records",
         repo + "/samples/custom-records/capture.log"},
        1);
    CHECK(report["diagnostics"]["inputs"][0]["hint"] == "records");
    CHECK(report["diagnostics"]["lines"]["heap_trace"] == 0);
    CHECK(report["diagnostics"]["lines"]["records"] > 0);
  }
}

TEST_CASE("format hint usage errors exit 2 and say what is wrong", "[cli][formats][hint]") {
  const auto check = [](const std::vector<std::string>& args, const std::string& says) {
    const auto r = run_cli(args);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(says) != std::string::npos);
    CHECK(r.out.empty());
  };
  check({"analyze", "--format-hint", "esp_idf", capture},
        "unknown format 'esp_idf' (the formats are auto, text, esp-idf, mtrace, records, lstrace, "
        "trace, ring, ring-data, sysview, sysview-json)");
  check({"analyze", "--format-hint", "other.log=mtrace", capture}, "other.log is not one of the inputs");
  check({"analyze", "--format-hint", capture + "=mtrace", "--format-hint", capture + "=text", capture},
        "has a format already");
  check({"analyze", "--format-hint", "text", "--format-hint", "mtrace", capture},
        "every input has a format already");
  check({"analyze", "--format-hint", "records", capture}, "records needs --records patterns");
  // stdin is named "-".
  check({"analyze", "--format-hint", "x.log=text"}, "x.log is not one of the inputs");
}
