// Bad input never crashes the pipeline: the golden captures (text logs, binary traces, ring
// images), mutated byte by byte, line by line and cut at random points, go through the whole
// analyze run. Deterministic seeds, so a
// failure reproduces; the ASan+UBSan build turns any memory error into a failure.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/ingest/evidence_reader.hpp"
#include "leakscope/report/json_writer.hpp"
#include "leakscope/report/text_writer.hpp"

namespace fs = std::filesystem;
using namespace leakscope;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string mutate(std::string text, std::mt19937& rng) {
  std::uniform_int_distribution<int> kind(0, 5);
  const int edits = 1 + static_cast<int>(rng() % 20);
  for (int i = 0; i < edits && !text.empty(); ++i) {
    const std::size_t at = rng() % text.size();
    switch (kind(rng)) {
      case 0: text[at] = static_cast<char>(rng() & 0xff); break;              // flip a byte
      case 1: text.erase(at, rng() % 40); break;                               // drop a run
      case 2: text.insert(at, std::string(rng() % 8, static_cast<char>(rng() & 0xff))); break;
      case 3: text.insert(at, "\n"); break;                                    // split a line
      case 4: {                                                                // duplicate a run
        const std::string run = text.substr(at, rng() % 200);
        text.insert(rng() % text.size(), run);
        break;
      }
      default: text.resize(at); break;                                         // cut the capture
    }
  }
  return text;
}

}  // namespace

TEST_CASE("mutated captures are analyzed without crashing", "[ingest][robustness]") {
  auto plumbing = PlumbingFilter::create();
  REQUIRE(plumbing.ok());
  std::vector<std::string> originals;
  for (const auto& entry : fs::directory_iterator(fs::path(LEAKSCOPE_SOURCE_DIR) / "tests/golden"))
    for (const char* input : {"input.log", "input.bin", "ring.bin"})
      if (fs::exists(entry.path() / input)) originals.push_back(read_file(entry.path() / input));
  originals.push_back(read_file(fs::path(LEAKSCOPE_SOURCE_DIR) / "samples/gateway/capture.log"));
  REQUIRE(originals.size() >= 8);

  std::mt19937 rng(20261124);
  std::vector<InputSummary> report_inputs;
  for (int round = 0; round < 300; ++round) {
    const std::string input = mutate(originals[static_cast<std::size_t>(round) % originals.size()], rng);
    CAPTURE(round);
    Analyzer analyzer(nullptr, *plumbing);
    EvidenceReader reader(analyzer, 256);  // a small line limit exercises the overlong path too
    auto source = string_source(input, "mutated", 1 + rng() % 97);
    report_inputs = {reader.read(*source, 0)};
    reader.finish();
    Report report = analyzer.finish();
    report.diagnostics.inputs = report_inputs;
    report.diagnostics.lines = reader.line_stats();
    report.diagnostics.trace = reader.trace_stats();

    std::ostringstream text, json;
    write_text(report, text, TextStyle{});
    write_json(report, json);
    const auto parsed = nlohmann::json::parse(json.str());  // always valid JSON, even from garbage
    CHECK(parsed["summary"]["leaked_bytes"] == report.leaked_bytes);
    std::uint64_t sum = 0;
    for (const BootReport& b : report.boots) {
      std::uint64_t sites = 0;
      for (const SiteGroup& g : b.leaks.by_site) sites += g.stats.bytes;
      CHECK(sites == b.leaks.bytes);
      sum += b.leaks.bytes;
    }
    CHECK(sum == report.leaked_bytes);
  }
}
