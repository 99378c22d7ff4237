// glibc mtrace traces through the analyzer and the writers, without an ELF: the unfreed
// blocks per site, the anomalies per boot, frames carrying their object. (With ELFs: the
// comparison with glibc's own script in tests/mtrace.)
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/ingest/evidence_reader.hpp"
#include "leakscope/report/json_writer.hpp"
#include "leakscope/report/text_writer.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

using namespace leakscope;

namespace {

Report analyze_texts(const std::vector<std::string>& inputs) {
  auto plumbing = PlumbingFilter::create();
  REQUIRE(plumbing.ok());
  Analyzer analyzer(nullptr, *plumbing);
  EvidenceReader reader(analyzer);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto source = string_source(inputs[i], "trace" + std::to_string(i), 7);
    reader.read(*source, static_cast<std::uint32_t>(i));
  }
  reader.finish();
  return analyzer.finish();
}

// The shape of tests/mtrace/programs/realloc_chains.c's trace: a realloc chain, blocks the
// trace never saw allocated, a block freed behind its back and handed out again.
const std::string trace =
    "= Start\n"
    "@ ./r:[0x11cc] + 0x556967d762f0 0xa\n"
    "@ ./r:[0x11e1] < 0x556967d762f0\n"
    "@ ./r:[0x11e1] > 0x556967d762f0 0x14\n"
    "@ ./r:[0x11f6] < 0x556967d762f0\n"
    "@ ./r:[0x11f6] > 0x556967d764f0 0xfa0\n"
    "@ ./r:[0x120b] < 0x556967d764f0\n"
    "@ ./r:[0x120b] > 0x556967d764f0 0x8\n"
    "@ ./r:[0x1219] + 0x556967d76510 0x20\n"
    "@ ./r:[0x122e] - 0x556967d76510\n"
    "@ ./r:[0x123e] - 0x556967d762a0\n"
    "@ ./r:[0x124f] < 0x556967d762d0\n"
    "@ ./r:[0x124f] > 0x556967d76540 0x40\n"
    "@ ./r:[0x125d] + 0x556967d76590 0x30\n"
    "@ ./r:[0x1277] + 0x556967d76590 0x30\n"
    "@ /lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x125d] + 0x556967d765d0 0x6\n"
    "= End\n";

}  // namespace

TEST_CASE("an mtrace trace's unfreed blocks, per site, and its anomalies", "[analyze][mtrace]") {
  const Report r = analyze_texts({trace});
  REQUIRE(r.boots.size() == 1);
  const BootReport& b = r.boots[0];
  CHECK(b.has_trace);
  CHECK_FALSE(b.incomplete);
  CHECK(b.trace.layout == "glibc mtrace");
  CHECK(b.leaks.count == 4);
  CHECK(b.leaks.bytes == 0x8 + 0x40 + 0x30 + 0x6);

  // Every unfreed block, once, with its size; the duplicate keeps the first allocation.
  std::map<std::uint64_t, std::uint64_t> blocks;
  std::size_t listed = 0;
  for (const SiteGroup& site : b.leaks.by_site) {
    std::uint64_t bytes = 0;
    for (const LeakedBlock& block : site.blocks) {
      blocks[block.address] = block.size;
      bytes += block.size;
      ++listed;
    }
    CHECK(bytes == site.stats.bytes);
    CHECK(site.blocks.size() == site.stats.count);
  }
  CHECK(listed == 4);
  CHECK(blocks == std::map<std::uint64_t, std::uint64_t>{
                      {0x556967d764f0, 0x8}, {0x556967d76540, 0x40}, {0x556967d76590, 0x30},
                      {0x556967d765d0, 0x6}});

  // The same number in two objects is two sites: ./r's 0x125d and libc's.
  std::vector<std::string> modules;
  for (const SiteGroup& site : b.leaks.by_site)
    if (site.address == 0x125d) modules.push_back(site.module);
  std::sort(modules.begin(), modules.end());
  CHECK(modules == std::vector<std::string>{"./r", "/lib/x86_64-linux-gnu/libc.so.6"});
  for (const SiteGroup& site : b.leaks.by_site) {
    REQUIRE(site.stack->size() == 1);
    CHECK(site.stack->front().module == site.module);
  }

  REQUIRE(b.anomalies.size() == 3);
  CHECK(b.anomalies[0].kind == HeapAnomalyKind::duplicate_alloc);
  CHECK(b.anomalies[1].kind == HeapAnomalyKind::unknown_free);
  CHECK(b.anomalies[2].kind == HeapAnomalyKind::unknown_realloc);
  for (const HeapAnomalies& a : b.anomalies) {
    CHECK(a.count == 1);
    REQUIRE(a.first.size() == 1);
    REQUIRE(a.first[0].site == 0);
    CHECK((*a.first[0].stack)[0].module == "./r");
  }
  CHECK(b.anomalies[0].first[0].address == 0x556967d76590);
  CHECK(b.anomalies[0].first[0].size == 0x30);
  CHECK(b.anomalies[0].first[0].pos.line == 15);
  CHECK((*b.anomalies[0].first[0].stack)[0].address == 0x1277);
  CHECK(b.anomalies[1].first[0].address == 0x556967d762a0);
}

TEST_CASE("anomalies are counted per boot, the first ten kept", "[analyze][mtrace]") {
  std::string many = "= Start\n";
  for (int i = 0; i < 12; ++i) many += "@ ./r:[0x123e] - 0x5569" + std::to_string(100000 + i) + "\n";
  const Report r = analyze_texts({many, trace});
  REQUIRE(r.boots.size() == 2);
  REQUIRE(r.boots[0].anomalies.size() == 1);
  CHECK(r.boots[0].anomalies[0].count == 12);
  CHECK(r.boots[0].anomalies[0].first.size() == HeapAnomalies::max_examples);
  CHECK_FALSE(r.boots[0].incomplete);
  CHECK(r.boots[1].start.input == 1);
  CHECK(r.boots[1].anomalies.size() == 3);
  CHECK(r.boots[1].leaks.count == 4);
}

TEST_CASE("the writers show an mtrace trace's blocks, objects and anomalies", "[report][mtrace]") {
  const Report r = analyze_texts({trace});
  std::ostringstream text;
  write_text(r, text, TextStyle{});
  CHECK(text.str().find("heap trace: glibc mtrace stream, 8 allocations, 4 frees") !=
        std::string::npos);
  CHECK(text.str().find("free of a block never allocated: 1") != std::string::npos);
  CHECK(text.str().find("line 11: 0x556967d762a0 by ?? in ./r") != std::string::npos);
  CHECK(text.str().find("?? in /lib/x86_64-linux-gnu/libc.so.6 (__strdup+1a)") !=
        std::string::npos);

  const nlohmann::json json = report_to_json(r);
  const nlohmann::json& boot = json["boots"][0];
  REQUIRE(boot["anomalies"].size() == 3);
  CHECK(boot["anomalies"][1]["kind"] == "unknown_free");
  CHECK(boot["anomalies"][1]["count"] == 1);
  CHECK(boot["anomalies"][1]["first"][0]["address"] == "0x556967d762a0");
  CHECK(boot["anomalies"][1]["first"][0]["seen"]["line"] == 11);
  CHECK(boot["anomalies"][1]["first"][0]["stack"][0]["module"] == "./r");
  std::size_t blocks = 0;
  for (const auto& site : boot["leaks"]["by_site"]) {
    blocks += site["blocks"].size();
    for (const auto& block : site["blocks"]) CHECK(block["address"].get<std::string>().starts_with("0x"));
  }
  CHECK(blocks == 4);
}

TEST_CASE("mtrace callers are looked up in the ELF of their object's file name", "[analyze][mtrace]") {
  // The golden case's program and trace (tests/golden/mtrace-two-programs/README.md).
  const std::string dir = std::string(LEAKSCOPE_SOURCE_DIR) + "/tests/golden/mtrace-two-programs/";
  auto read = [&](const std::string& name) {
    std::ifstream in(dir + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    REQUIRE_FALSE(text.str().empty());
    return text.str();
  };
  Symbolizer build;
  REQUIRE(build.add_elf(dir + "realloc_chains").ok());
  auto plumbing = PlumbingFilter::create();
  REQUIRE(plumbing.ok());
  auto analyze = [&](const std::string& text) {
    Analyzer analyzer({&build}, ElfPolicy{}, *plumbing);
    EvidenceReader reader(analyzer);
    auto source = string_source(text, "trace", 7);
    reader.read(*source, 0);
    reader.finish();
    return analyzer.finish();
  };

  const Report ours = analyze(read("realloc_chains.trace"));
  REQUIRE(ours.boots.size() == 1);
  CHECK(ours.diagnostics.warnings.empty());
  for (const SiteGroup& site : ours.boots[0].leaks.by_site) {
    CHECK(site.module == "./realloc_chains");
    CHECK(site.file == "tests/mtrace/programs/realloc_chains.c");
    CHECK(site.line > 0);
  }
  CHECK(ours.diagnostics.symbolization.not_in_code == 0);

  // Another program's trace: nothing is looked up in this ELF, and a warning says why.
  const Report other = analyze(read("leaks_in_helper.trace"));
  REQUIRE(other.diagnostics.warnings.size() == 1);
  CHECK(other.diagnostics.warnings[0].find("(leaks_in_helper, libc.so.6)") != std::string::npos);
  for (const SiteGroup& site : other.boots[0].leaks.by_site) {
    CHECK(site.function.empty());
    REQUIRE(site.stack->size() == 1);
    CHECK_FALSE(site.stack->front().in_code);
  }
  CHECK(other.diagnostics.symbolization.addresses == 0);  // not looked up: not counted
}
