// The SARIF 2.1.0 writer: rules, results at the allocation's source line, levels, suppressions,
// fingerprints, the stack as a code flow, URIs. (Validation against the SARIF 2.1.0 schema
// runs under ctest: tests/ci/validate.sh.)
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "ci_report.hpp"
#include "leakscope/report/sarif_writer.hpp"

using namespace leakscope;
using nlohmann::json;

namespace {

json sarif() { return sarif_log(testing::ci_report(), testing::ci_source_root); }

// The result whose partial fingerprint is `fingerprint`.
json result(const json& log, const std::string& fingerprint) {
  for (const json& r : log["runs"][0]["results"])
    if (r["partialFingerprints"]["leakscope/v1"] == fingerprint) return r;
  return nullptr;
}

}  // namespace

TEST_CASE("SARIF: one run, the tool and one rule per gate rule its results use",
          "[report][sarif]") {
  const json log = sarif();
  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"].get<std::string>().ends_with("sarif-schema-2.1.0.json"));
  REQUIRE(log["runs"].size() == 1);
  const json& driver = log["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "leakscope");
  CHECK(driver["version"] == LEAKSCOPE_VERSION);
  std::set<std::string> rules, used;
  for (const json& rule : driver["rules"]) {
    rules.insert(rule["id"].get<std::string>());
    CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
  }
  for (const json& r : log["runs"][0]["results"]) {
    used.insert(r["ruleId"].get<std::string>());
    CHECK(driver["rules"][r["ruleIndex"].get<std::size_t>()]["id"] == r["ruleId"]);
  }
  CHECK(rules == used);
  CHECK(rules == std::set<std::string>{"leak_bytes", "baseline_new", "incomplete_trace",
                                       "site_bytes", "heap_trend", "skipped_evidence",
                                       "stale_suppression"});
  // 6 sites, 3 findings about whole boots and 2 about the whole run
  CHECK(log["runs"][0]["results"].size() == 11);
}

TEST_CASE("SARIF: a failing site is an error at its source line, with its stack",
          "[report][sarif]") {
  const json r = result(sarif(), "0123456789abcdef");
  CHECK(r["level"] == "error");
  CHECK(r["ruleId"] == "leak_bytes");
  const json& where = r["locations"][0]["physicalLocation"];
  // Relative to the repository, percent-encoded: space, < > : % and non-ASCII bytes.
  CHECK(where["artifactLocation"]["uri"] == "src/Gr%C3%BC%C3%9Fe%20%3C&%3E/a,b%3Ac%25d.cpp");
  CHECK(where["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(where["region"]["startLine"] == 42);
  CHECK(r["message"]["text"].get<std::string>().starts_with(
      "Boot 0: 96 bytes in 2 allocations (48 B each; tasks täsk<1>, net|io) unfreed at "
      "std::vector<int, Alloc&>::push_back"));
  // The stack as one flow, outermost call first.
  const json& flow = r["codeFlows"][0]["threadFlows"][0]["locations"];
  REQUIRE(flow.size() == 3);
  CHECK(flow[0]["location"]["message"]["text"] == "app_main");
  CHECK(flow[2]["location"]["physicalLocation"]["artifactLocation"]["uri"] ==
        "components/heap/heap_caps.c");
  CHECK(r["properties"]["bytes"] == 96);
}

TEST_CASE("SARIF: suppressed, known and warning sites are notes, with the baseline state",
          "[report][sarif]") {
  const json log = sarif();
  const json suppressed = result(log, "3333333333333333");
  CHECK(suppressed["level"] == "note");
  CHECK(suppressed["suppressions"][0]["kind"] == "external");
  CHECK(suppressed["suppressions"][0]["justification"] ==
        "suppressed by leak:cache_alloc (supp.txt:3)");
  const json known = result(log, "4444444444444444");
  CHECK(known["level"] == "note");
  CHECK(known["baselineState"] == "unchanged");
  CHECK(known["suppressions"].size() == 1);
  CHECK(result(log, "1111111111111111")["baselineState"] == "new");
  const json warned = result(log, "2222222222222222");
  CHECK(warned["level"] == "note");
  CHECK(warned["ruleId"] == "site_bytes");
  CHECK_FALSE(warned.contains("suppressions"));
  // Outside the repository: an absolute file URI.
  CHECK(warned["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "file:///elsewhere/lib/w.c");
  // No file: a logical location by function name.
  CHECK(result(log, "5555555555555555")["locations"][0]["logicalLocations"][0]["kind"] ==
        "function");
}

TEST_CASE("SARIF: findings about a whole boot are located where the boot began",
          "[report][sarif]") {
  const json r = result(sarif(), "boot1/heap_trend");
  CHECK(r["level"] == "error");
  CHECK(r["message"]["text"] == "Boot 1: heap telemetry: free heap falls 2.0 KiB/h.");
  const json& where = r["locations"][0]["physicalLocation"];
  CHECK(where["artifactLocation"]["uri"] == "logs/run%20%3C1%3E%20&%20%22quoted%22.log");
  CHECK(where["region"]["startLine"] == 80);
  CHECK(result(sarif(), "boot0/incomplete_trace")["level"] == "note");
}

TEST_CASE("SARIF: findings about the whole run name no boot", "[report][sarif]") {
  const json log = sarif();
  const json skipped = result(log, "run/skipped_evidence/1");
  CHECK(skipped["level"] == "error");
  CHECK(skipped["message"]["text"] ==
        "Run: 4 records skipped and 2 lines not understood, 1 more than the 5 allowed "
        "(--max-skipped).");
  CHECK_FALSE(skipped.contains("locations"));
  CHECK_FALSE(skipped.contains("properties"));
  CHECK(result(log, "run/stale_suppression/1")["level"] == "note");
  CHECK(result(log, "boot0/skipped_evidence").is_null());
  CHECK(result(log, "boot0/stale_suppression").is_null());
}

TEST_CASE("SARIF: bytes that are not UTF-8 are replaced, not fatal", "[report][sarif]") {
  std::ostringstream out;
  write_sarif(testing::ci_report(), out, testing::ci_source_root);
  const json log = json::parse(out.str());
  CHECK(result(log, "5555555555555555")["message"]["text"].get<std::string>().find(
            "bad\xef\xbf\xbd\xef\xbf\xbd name") != std::string::npos);
}
