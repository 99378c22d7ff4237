// Baselines (analyze/baseline.hpp): reading a report as a baseline, the growth limit, the
// statuses apply_baseline gives and the findings the gate makes of them.
#include <catch2/catch.hpp>

#include <memory>

#include <nlohmann/json.hpp>

#include "leakscope/analyze/baseline.hpp"
#include "leakscope/analyze/fingerprint.hpp"
#include "leakscope/analyze/gate.hpp"
#include "leakscope/report/json_writer.hpp"
#include "gate_report.hpp"

using namespace leakscope;
using leakscope::testing::boot_of;
using nlohmann::json;

namespace {

// A site named function (file), its frame at line 10; with no function, fingerprinted by
// `address`.
SiteGroup leak_site(const std::string& function, const std::string& file, std::uint64_t bytes,
                    std::uint64_t count, std::uint64_t address = 0x1000) {
  Frame f = testing::frame(function, file);
  f.address = address;
  return testing::leak_site({f}, bytes, count);
}

// A by_site entry as the JSON report writes it (only what a baseline reads).
json site_json(const std::string& fingerprint, const std::string& function, std::uint64_t bytes,
               std::uint64_t count) {
  return {{"fingerprint", fingerprint},
          {"function", function},
          {"file", "fw/a.c"},
          {"line", 1},
          {"bytes", bytes},
          {"count", count},
          {"fingerprint_by_address", false}};
}

json report_json(std::vector<json> boots) {
  json out = {{"schema_version", 1},
              {"tool", {{"name", "leakscope"}, {"version", "9.9.0"}}},
              {"diagnostics", {{"inputs", {{{"name", "a.log"}}, {{"name", "b.log"}}}}}},
              {"boots", json::array()}};
  for (json& sites : boots) out["boots"].push_back({{"leaks", {{"by_site", std::move(sites)}}}});
  return out;
}

Baseline parsed(const json& report) {
  auto b = parse_baseline(report.dump(), "base.json");
  INFO((b ? "" : b.error().message));
  REQUIRE(b.ok());
  return b.take();
}

std::string parse_error(std::string_view text) {
  auto b = parse_baseline(text, "base.json");
  REQUIRE_FALSE(b.ok());
  return b.error().message;
}

}  // namespace

TEST_CASE("a baseline keeps each fingerprint's worst boot, a boot's sites summed", "[analyze]") {
  const Baseline b = parsed(report_json({
      {site_json("aa", "f", 100, 1), site_json("aa", "f", 50, 1), site_json("bb", "g", 10, 1)},
      {site_json("aa", "f", 120, 3), site_json("cc", "h", 7, 1)},
  }));
  CHECK(b.path == "base.json");
  CHECK(b.label == "leakscope 9.9.0 report of a.log, b.log");
  CHECK(b.boots == 2);
  REQUIRE(b.sites.size() == 3);  // sorted by fingerprint
  CHECK(b.sites[0].fingerprint == "aa");
  CHECK(b.sites[0].bytes == 150);  // boot 0: two mallocs in f, summed
  CHECK(b.sites[0].count == 3);    // boot 1: the most blocks, though fewer bytes
  CHECK(b.sites[0].boots == 2);
  CHECK(b.sites[0].function == "f");
  CHECK(b.sites[1].fingerprint == "bb");
  CHECK(b.sites[1].boots == 1);
  REQUIRE(b.find("cc") != nullptr);
  CHECK(b.find("cc")->bytes == 7);
  CHECK(b.find("dd") == nullptr);
}

TEST_CASE("a report from before fingerprints gets them computed from function and file",
          "[analyze]") {
  json named = {{"function", "net_session_open"},
                {"file", "firmware/net_task.c"},
                {"address", "0x00000e27"},
                {"bytes", 96},
                {"count", 1}};
  json unnamed = {{"function", nullptr},
                  {"file", nullptr},
                  {"address", "0x400d1234"},
                  {"bytes", 8},
                  {"count", 1}};
  const Baseline b = parsed(report_json({{named, unnamed}}));
  REQUIRE(b.sites.size() == 2);
  // The ids analyze_fingerprint.cpp pins.
  REQUIRE(b.find("a1752b22dc338455") != nullptr);
  CHECK_FALSE(b.find("a1752b22dc338455")->by_address);
  REQUIRE(b.find("f2b9f4760a73c594") != nullptr);
  CHECK(b.find("f2b9f4760a73c594")->by_address);
}

TEST_CASE("the report line that ends a live JSON Lines run is a baseline", "[analyze]") {
  json report = report_json({{site_json("aa", "f", 1, 1)}});
  report["type"] = "report";
  const std::string text = "{\"type\":\"snapshot\"}\n" + report.dump() + "\n\n";
  auto b = parse_baseline(text, "live.jsonl");
  REQUIRE(b.ok());
  CHECK(b->sites.size() == 1);
}

TEST_CASE("what is not a readable report is refused, saying why", "[analyze]") {
  CHECK(parse_error("I (123) boot: hello") ==
        "base.json: not a leakscope JSON report: parse error at line 1, column 1: syntax error "
        "while parsing value - invalid literal; last read: 'I'");
  CHECK(parse_error("{\"boots\": []}") ==
        "base.json: not a leakscope JSON report (no schema_version)");
  CHECK(parse_error("{\"schema_version\": 2, \"boots\": []}") ==
        "base.json: schema_version 2 is not readable (readable: 1)");
  CHECK(parse_error("{\"schema_version\": 1}") == "base.json: no \"boots\" array");
  for (const char* boots :
       {"[{}]", "[5]", "[{\"leaks\": {}}]", "[{\"leaks\": {\"by_site\": {}}}]"}) {
    CAPTURE(boots);
    CHECK(parse_error(std::string("{\"schema_version\": 1, \"boots\": ") + boots + "}") ==
          "base.json: boots[0] has no \"leaks\".\"by_site\" array");
  }
  json no_bytes = report_json({{site_json("aa", "f", 1, 1)}});
  no_bytes["boots"][0]["leaks"]["by_site"][0].erase("bytes");
  CHECK(parse_error(no_bytes.dump()) ==
        "base.json: boots[0].leaks.by_site[0].bytes is missing or not a whole number");
  no_bytes["boots"][0]["leaks"]["by_site"][0]["bytes"] = -3;
  CHECK(parse_error(no_bytes.dump()) ==
        "base.json: boots[0].leaks.by_site[0].bytes is missing or not a whole number");
  // Fields of the wrong type that a baseline can do without are passed over, not fatal.
  json odd = report_json({{site_json("aa", "f", 1, 1)}});
  odd["tool"] = "leakscope";
  odd["diagnostics"] = nullptr;
  odd["boots"][0]["leaks"]["by_site"][0]["fingerprint_by_address"] = "yes";
  odd["boots"][0]["leaks"]["by_site"][0]["function"] = 42;
  const Baseline b = parsed(odd);
  CHECK(b.label == "leakscope report");
  CHECK_FALSE(b.sites[0].by_address);
  CHECK(b.sites[0].function.empty());
  CHECK(read_baseline("no-such-baseline.json").error().message ==
        "no-such-baseline.json: cannot read");
}

TEST_CASE("a report in memory and its JSON make the same baseline", "[analyze]") {
  Report report;
  report.boots.push_back(boot_of(0, {leak_site("f", "a.c", 100, 1), leak_site("f", "a.c", 20, 2),
                                     leak_site("", "", 8, 1, 0x400d1234)}));
  report.boots.push_back(boot_of(1, {leak_site("g", "b.c", 30, 1)}));
  const Baseline memory = baseline_of(report, "now");
  const Baseline read = parsed(report_to_json(report));
  REQUIRE(memory.sites.size() == 3);
  REQUIRE(read.sites.size() == memory.sites.size());
  for (std::size_t i = 0; i < memory.sites.size(); ++i) {
    CHECK(read.sites[i].fingerprint == memory.sites[i].fingerprint);
    CHECK(read.sites[i].function == memory.sites[i].function);
    CHECK(read.sites[i].by_address == memory.sites[i].by_address);
    CHECK(read.sites[i].bytes == memory.sites[i].bytes);
    CHECK(read.sites[i].count == memory.sites[i].count);
  }
  CHECK(memory.find(site_fingerprint("f", "a.c", 0).id)->bytes == 120);
  CHECK(memory.label == "now");
}

TEST_CASE("max-growth reads bytes or a percentage", "[analyze]") {
  auto limit = [](std::string_view text) {
    auto l = parse_growth_limit(text);
    REQUIRE(l.ok());
    return l.take();
  };
  CHECK(limit("0").bytes == 0);
  CHECK(limit("512").bytes == 512);
  CHECK(limit("512").text == "512 bytes");
  CHECK(limit("4K").bytes == 4096);
  CHECK(limit(" 1.5 KiB ").bytes == 1536);
  CHECK(limit("10%").percent == 10.0);
  CHECK(limit("10%").text == "10%");
  CHECK(limit("2.5 %").percent == 2.5);
  for (const char* bad : {"", "abc", "-5%", "%", "10%%", "5x", "-1", "1e3%"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_growth_limit(bad).ok());
  }
  CHECK(parse_growth_limit("5x").error().message ==
        "'5x' is neither a byte count (512, 4K) nor a percentage (10%)");
}

TEST_CASE("growth beyond the limit: bytes, percentages rounded down, blocks at a zero limit",
          "[analyze]") {
  const BaselineSite base{"aa", "f", "a.c", false, 480, 5, 1};
  GrowthLimit zero;
  CHECK_FALSE(zero.exceeded(base, 480, 5));
  CHECK(zero.exceeded(base, 481, 5));
  CHECK(zero.exceeded(base, 480, 6));        // the same bytes in more blocks
  CHECK_FALSE(zero.exceeded(base, 470, 6));  // fewer bytes: shrunk, whatever the blocks
  CHECK_FALSE(zero.exceeded(base, 0, 0));

  GrowthLimit bytes = *parse_growth_limit("96");
  CHECK_FALSE(bytes.exceeded(base, 576, 6));
  CHECK(bytes.exceeded(base, 577, 6));
  CHECK_FALSE(bytes.exceeded(base, 480, 50));  // blocks count only at a zero limit

  GrowthLimit ten = *parse_growth_limit("10%");
  CHECK(ten.allowed(480) == 48);
  CHECK(ten.allowed(95) == 9);  // 9.5 rounded down
  CHECK_FALSE(ten.exceeded(base, 528, 6));
  CHECK(ten.exceeded(base, 529, 6));
  CHECK(ten.allowed(0) == 0);  // a 0-byte baseline site: nothing may grow
}

TEST_CASE("apply_baseline: known, grown and new sites, suppressed ones stay so", "[analyze]") {
  Report report;
  SiteGroup suppressed = leak_site("quiet", "q.c", 500, 1);
  suppressed.status = SiteStatus::suppressed;
  report.boots.push_back(
      boot_of(0, {leak_site("f", "a.c", 100, 1), leak_site("f", "a.c", 20, 1),
                  leak_site("g", "b.c", 30, 1), leak_site("n", "n.c", 5, 1), suppressed}));
  report.boots.push_back(boot_of(1, {leak_site("g", "b.c", 10, 1)}));

  Report base_report;
  base_report.boots.push_back(
      boot_of(0, {leak_site("f", "a.c", 120, 2), leak_site("g", "b.c", 20, 1),
                  leak_site("gone", "x.c", 1, 1)}));
  base_report.boots.push_back(boot_of(1, {leak_site("quiet", "q.c", 1, 1)}));
  Baseline base = baseline_of(base_report, "base");
  base.path = "base.json";

  apply_baseline(report, base, GrowthLimit{});
  const auto& sites = report.boots[0].leaks.by_site;
  CHECK(sites[0].status == SiteStatus::known);  // f: 100 + 20 in 2 blocks, as in the baseline
  CHECK(sites[1].status == SiteStatus::known);
  CHECK(sites[0].baseline_bytes == 120);
  CHECK(sites[0].baseline_count == 2);
  CHECK(sites[2].status == SiteStatus::grown);  // g: 30 over 20
  CHECK(sites[3].status == SiteStatus::added);  // n: not in the baseline
  CHECK_FALSE(sites[3].baseline_bytes);
  CHECK(sites[4].status == SiteStatus::suppressed);
  CHECK(sites[4].baseline_bytes == 1);
  CHECK(report.boots[1].leaks.by_site[0].status == SiteStatus::known);  // g: 10, under the 20
  REQUIRE(report.gate.baseline);
  CHECK(report.gate.baseline->path == "base.json");
  CHECK(report.gate.baseline->label == "base");
  CHECK(report.gate.baseline->sites == 4);
  CHECK(report.gate.baseline->gone == 1);
  CHECK(report.gate.baseline->max_growth == "0 bytes");

  SECTION("the gate fails on the new and the grown site only") {
    evaluate_gate(report, GatePolicy{});
    std::vector<std::tuple<GateRule, std::uint32_t, std::string>> findings;
    for (const GateFinding& f : report.gate.findings)
      findings.emplace_back(f.rule, f.boot, f.fingerprint);
    CHECK(findings == std::vector<std::tuple<GateRule, std::uint32_t, std::string>>{
                          {GateRule::leak_bytes, 0, ""},
                          {GateRule::baseline_new, 0, site_fingerprint("n", "n.c", 0).id},
                          {GateRule::baseline_growth, 0, site_fingerprint("g", "b.c", 0).id}});
    // leak_bytes counts the new and the grown sites only: 5 + 30.
    CHECK(report.gate.findings[0].message == "35 bytes unfreed in 2 allocations");
    CHECK(report.gate.findings[1].message ==
          "new leak site n at n.c:10: 5 bytes in 1 allocation, not in the baseline");
    CHECK(report.gate.findings[2].message ==
          "g at b.c:10 grew to 30 bytes in 1 allocation from 20 bytes in 1 in the baseline (+10 "
          "bytes, 0 bytes allowed by --max-growth)");
  }
  SECTION("with room to grow only the new site fails") {
    apply_baseline(report, base, *parse_growth_limit("50%"));
    CHECK(report.boots[0].leaks.by_site[2].status == SiteStatus::known);  // 10 of 10 allowed
    GatePolicy policy;
    policy.fail_on_leak = 5;
    evaluate_gate(report, policy);
    REQUIRE(report.gate.findings.size() == 1);
    CHECK(report.gate.findings[0].rule == GateRule::baseline_new);
    CHECK(report.gate.failed());
  }
}

TEST_CASE("without a baseline the ratchet rules say nothing", "[analyze]") {
  Report report;
  report.boots.push_back(boot_of(0, {leak_site("f", "a.c", 100, 1)}));
  GatePolicy policy;
  policy.fail_on_leak = 100;
  evaluate_gate(report, policy);
  CHECK(report.gate.findings.empty());
}
