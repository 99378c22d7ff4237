// The sample's trace build (samples/gateway/trace/, written by the recorder in tools/recorder/)
// read by leakscope: its three carriers of the same frames give the same boots and leaks, and
// convert gives its raw frames back byte for byte. This pins the reader to the recorder.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "temp_file.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace leakscope;
using namespace leakscope::testing;

namespace {

const fs::path trace_dir = fs::path(LEAKSCOPE_SOURCE_DIR) / "samples" / "gateway" / "trace";

json analyze(const std::string& input) {
  const CliOutcome o = run_cli({"analyze", "--format", "json", "--elf",
                                (trace_dir / "gateway-trace.elf").string(), (trace_dir / input).string()});
  INFO(o.err);
  CHECK(o.code == exit_leaks);
  return json::parse(o.out);
}

// A boot's sites without where in the input they were seen.
json sites(const json& boot) {
  json out = boot["leaks"]["by_site"];
  for (json& site : out) {
    site.erase("first_seen");
    site.erase("last_seen");
    for (json& block : site["blocks"]) block.erase("seen");
  }
  return out;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the recorder's LSTRACE lines and raw frames give the same report", "[trace][sample]") {
  const json lines = analyze("trace-capture.log");
  const json raw = analyze("trace.bin");
  REQUIRE(raw["boots"].size() == 2);
  REQUIRE(lines["boots"].size() == 2);
  for (std::size_t b = 0; b < 2; ++b) {
    CHECK(sites(lines["boots"][b]) == sites(raw["boots"][b]));
    CHECK_FALSE(raw["boots"][b]["incomplete"].get<bool>());
  }
  // The sample's README: boot 1 leaks 535 bytes in 8 blocks, boot 2 837 bytes in 14.
  CHECK(raw["boots"][0]["leaks"]["bytes"] == 535);
  CHECK(raw["boots"][0]["leaks"]["count"] == 8);
  CHECK(raw["boots"][1]["leaks"]["bytes"] == 837);
  CHECK(raw["boots"][1]["leaks"]["count"] == 14);
  CHECK(raw["diagnostics"]["trace"]["damaged_frames"] == 0);
  CHECK(lines["diagnostics"]["trace"]["frames"] == raw["diagnostics"]["trace"]["frames"]);
}

TEST_CASE("the recorder's ring image shows the newest frames and what the wrap lost", "[trace][sample]") {
  const json ring = analyze("ring.bin");
  REQUIRE(ring["boots"].size() == 1);
  CHECK(ring["boots"][0]["incomplete"].get<bool>());
  CHECK(ring["boots"][0]["trace"]["lost"][0]["cause"] == "ring_wrap");
  CHECK(ring["diagnostics"]["skipped"].empty());
}

TEST_CASE("convert gives the recorder's raw frames back from JSON Lines and from LSTRACE lines", "[trace][sample]") {
  const std::string raw = read_bytes(trace_dir / "trace.bin");
  const CliOutcome jsonl = run_cli({"convert", (trace_dir / "trace.bin").string()});
  REQUIRE(jsonl.code == exit_clean);
  const TempFile records("sample.jsonl", jsonl.out);
  CHECK(run_cli({"convert", records.path()}).out == raw);
  CHECK(run_cli({"convert", (trace_dir / "trace-capture.log").string(), "--to", "binary"}).out == raw);
}
