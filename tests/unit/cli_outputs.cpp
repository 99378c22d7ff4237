// analyze --output FORMAT=FILE: several reports from one run, the exit code unchanged, and the
// requests that cannot be met refused before anything is read.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace fs = std::filesystem;
using namespace leakscope;
using testing::CliOutcome;
using testing::run_cli;

namespace {

const std::string sample = std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/gateway/capture.log";
const std::string elf = std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/gateway/gateway.elf";

// A fresh folder in the temporary directory for one test, removed at its end.
struct TempDir {
  fs::path path =
      fs::temp_directory_path() / ("leakscope-outputs-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("analyze --output: one run writes every report, with the exit code of a plain run",
          "[cli][outputs]") {
  const TempDir dir;
  const CliOutcome plain = run_cli({"analyze", "--elf", elf, sample});
  const CliOutcome o = run_cli(
      {"analyze", "--elf", elf, sample, "--output", "json=" + (dir / "report.json"), "--output",
       "junit=" + (dir / "leaks.xml"), "--output", "markdown=-", "--output",
       "sarif=" + (dir / "leaks.sarif"), "--output", "github=" + (dir / "annotations.txt")});
  CHECK(o.code == exit_leaks);
  CHECK(o.code == plain.code);
  CHECK(o.err.empty());
  CHECK(o.out.starts_with("## leakscope: ❌ gate failed\n"));
  CHECK(nlohmann::json::parse(read(dir / "report.json"))["summary"]["leaked_bytes"] == 988);
  CHECK(read(dir / "leaks.xml").starts_with("<?xml"));
  CHECK(nlohmann::json::parse(read(dir / "leaks.sarif"))["version"] == "2.1.0");
  CHECK(read(dir / "annotations.txt").starts_with("::error "));
  // The same reports as the single-output form writes them.
  CHECK(read(dir / "leaks.xml") ==
        run_cli({"analyze", "--elf", elf, sample, "--format", "junit"}).out);
}

TEST_CASE("analyze --output beside --format and -o: those add their report only when given",
          "[cli][outputs]") {
  const TempDir dir;
  // --output alone: nothing on stdout.
  CliOutcome o = run_cli({"analyze", sample, "--output", "junit=" + (dir / "a.xml")});
  CHECK(o.code == exit_leaks);
  CHECK(o.out.empty());
  // --format adds its report on stdout, -o to its file.
  o = run_cli({"analyze", sample, "--format", "json", "--output", "junit=" + (dir / "b.xml")});
  CHECK(nlohmann::json::parse(o.out)["schema_version"] == 1);
  o = run_cli({"analyze", sample, "-o", dir / "c.txt", "--output", "markdown=-"});
  CHECK(o.out.starts_with("## leakscope"));
  CHECK(read(dir / "c.txt").starts_with("leakscope: 2 boots"));
  // --output FILE without FORMAT= is -o, as before.
  o = run_cli({"analyze", sample, "--format", "sarif", "--output", dir / "d.sarif"});
  CHECK(o.out.empty());
  CHECK(nlohmann::json::parse(read(dir / "d.sarif"))["version"] == "2.1.0");
}

TEST_CASE("analyze --output requests that cannot be met exit 2 before reading", "[cli][outputs]") {
  const TempDir dir;
  auto refused = [](const std::vector<std::string>& args, const std::string& message) {
    std::vector<std::string> all = {"analyze"};
    all.insert(all.end(), args.begin(), args.end());
    const CliOutcome o = run_cli(all, -1);  // stdin unreadable: nothing may be read
    INFO(o.err);
    CHECK(o.code == exit_usage_error);
    CHECK(o.err == "leakscope: " + message + "\n");
    CHECK(o.out.empty());
  };
  refused({"--output", "json=-", "--output", "markdown=-"},
          "both the json and the markdown report would go to stdout: send all but one to files");
  refused({"--format", "text", "--output", "json=-"},
          "both the text and the json report would go to stdout: send all but one to files");
  refused({"--output", "json=" + (dir / "x"), "--output", "sarif=" + (dir / "x")},
          dir / "x" + ": the json and the sarif report would both be written there");
  refused({"--output", "jnuit=leaks.xml"},
          "--output jnuit=leaks.xml: not FORMAT=FILE with FORMAT one of text, json, html, junit, "
          "sarif, markdown, github");
  refused({"--output", "junit="}, "--output junit=: no FILE ('-' for stdout)");
  refused({"--live", "--output", "junit=" + (dir / "y")},
          "--output FORMAT=FILE does not go with --live (-o FILE)");
  refused({"--live", "--format", "sarif"}, "--format sarif does not go with --live (text or json)");
}

TEST_CASE("analyze --output to a file that cannot be written: exit 2, the other reports written",
          "[cli][outputs]") {
  const TempDir dir;
  const CliOutcome o = run_cli({"analyze", sample, "--output", "junit=" + (dir / "no/such/dir.xml"),
                                "--output", "json=" + (dir / "ok.json")});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err == "leakscope: " + (dir / "no/such/dir.xml") + ": cannot write\n");
  CHECK(nlohmann::json::parse(read(dir / "ok.json"))["schema_version"] == 1);
}
