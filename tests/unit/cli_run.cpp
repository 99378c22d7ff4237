// The CLI in-process: options, exit codes, stdin, output files.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace fs = std::filesystem;
using namespace leakscope;
using leakscope::testing::CliOutcome;
using leakscope::testing::run_cli;

namespace {

const std::string golden_v4 =
    std::string(LEAKSCOPE_SOURCE_DIR) + "/tests/golden/esp-idf-v4-leaks-mode/input.log";

}  // namespace

TEST_CASE("exit code 1 for leaks, 0 under the threshold", "[cli]") {
  CHECK(run_cli({"analyze", golden_v4}).code == exit_leaks);
  CHECK(run_cli({"analyze", "--fail-on-leak", "307", golden_v4}).code == exit_leaks);
  CHECK(run_cli({"analyze", "--fail-on-leak", "308", golden_v4}).code == exit_clean);
}

TEST_CASE("exit code 2 with one clear line for usage and input errors", "[cli]") {
  SECTION("missing input: the others are still analyzed") {
    const CliOutcome o = run_cli({"analyze", "--format", "json", "no-such-file.log", golden_v4});
    CHECK(o.code == exit_usage_error);
    CHECK(o.err == "leakscope: no-such-file.log: No such file or directory\n");
    const auto report = nlohmann::json::parse(o.out);
    CHECK(report["summary"]["leaked_bytes"] == 308);
    CHECK(report["diagnostics"]["inputs"][0]["error"] ==
          "no-such-file.log: No such file or directory");
  }
  SECTION("not an ELF") {
    const CliOutcome o = run_cli({"analyze", "--elf", golden_v4, golden_v4});
    CHECK(o.code == exit_usage_error);
    CHECK(o.err.rfind("leakscope: ", 0) == 0);
    CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
  }
  SECTION("unknown format") {
    CHECK(run_cli({"analyze", "--format", "xml", golden_v4}).code == exit_usage_error);
  }
  SECTION("bad skip pattern") {
    const CliOutcome o = run_cli({"analyze", "--skip-frames", "(", golden_v4});
    CHECK(o.code == exit_usage_error);
    CHECK(o.err.find("--skip-frames") != std::string::npos);
  }
  SECTION("no heap trace in the input: the report is written, the exit code says so") {
    const CliOutcome o = run_cli({"analyze", "--format", "json", std::string(LEAKSCOPE_SOURCE_DIR) +
                                                                "/LICENSE"});
    CHECK(o.code == exit_usage_error);
    CHECK(o.err.rfind("leakscope: no heap trace or heap telemetry found in the input (", 0) == 0);
    const auto report = nlohmann::json::parse(o.out);
    CHECK(report["diagnostics"]["warnings"][0] ==
          "no heap trace or heap telemetry found in the input");
  }
  SECTION("no subcommand") { CHECK(run_cli({}).code == exit_usage_error); }
  SECTION("help is not an error") { CHECK(run_cli({"analyze", "--help"}).code == exit_clean); }
}

TEST_CASE("reads stdin as it arrives when no input is named", "[cli]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::ifstream in(golden_v4, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::thread writer([&] {
    // Trickle the capture in small pieces, like a serial monitor.
    for (std::size_t i = 0; i < text.size(); i += 37) {
      const std::size_t n = std::min<std::size_t>(37, text.size() - i);
      REQUIRE(::write(fds[1], text.data() + i, n) == static_cast<ssize_t>(n));
    }
    ::close(fds[1]);
  });
  const CliOutcome o = run_cli({"analyze", "--format", "json"}, fds[0]);
  writer.join();
  ::close(fds[0]);
  CHECK(o.code == exit_leaks);
  const auto report = nlohmann::json::parse(o.out);
  CHECK(report["summary"]["leaked_bytes"] == 308);
  CHECK(report["diagnostics"]["inputs"][0]["name"] == "<stdin>");
}

TEST_CASE("the -o option writes the report to a file", "[cli]") {
  const fs::path out = fs::temp_directory_path() / ("leakscope-cli-test-" + std::to_string(::getpid()) + ".json");
  fs::remove(out);
  const CliOutcome o = run_cli({"analyze", "--format", "json", "-o", out.string(), golden_v4});
  CHECK(o.code == exit_leaks);
  CHECK(o.out.empty());
  std::ifstream in(out);
  const auto report = nlohmann::json::parse(in);
  CHECK(report["schema_version"] == 1);
  fs::remove(out);
}

TEST_CASE("text output is coloured on a terminal only, and never with NO_COLOR", "[cli]") {
  auto coloured = [](bool terminal, bool no_color, const std::vector<std::string>& args) {
    return run_cli(args, -1, {terminal, no_color}).out.find('\x1b') != std::string::npos;
  };
  CHECK(coloured(true, false, {"analyze", golden_v4}));
  CHECK_FALSE(coloured(false, false, {"analyze", golden_v4}));
  CHECK_FALSE(coloured(true, true, {"analyze", golden_v4}));
  CHECK_FALSE(coloured(true, false, {"analyze", "--color", "never", golden_v4}));
  CHECK(coloured(false, false, {"analyze", "--color", "always", golden_v4}));
  CHECK_FALSE(coloured(true, false, {"analyze", "--format", "json", golden_v4}));
}

TEST_CASE("verbose mode says on stderr what was loaded and read", "[cli]") {
  const std::string elf = std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/gateway/gateway.elf";
  const CliOutcome quiet = run_cli({"analyze", "--elf", elf, golden_v4});
  CHECK(quiet.err.empty());
  const CliOutcome verbose = run_cli({"analyze", "-v", "--elf", elf, golden_v4});
  CHECK(verbose.err.find("leakscope: loaded " + elf + " (arm, DWARF)") != std::string::npos);
  CHECK(verbose.err.find("25 lines") != std::string::npos);
  CHECK(run_cli({"-v", "analyze", golden_v4}).err.find("25 lines") != std::string::npos);
}
