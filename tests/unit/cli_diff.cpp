// `leakscope diff` and `analyze --baseline/--max-growth` from the command line, in-process,
// on the bundled sample (samples/gateway: 2 boots; boot 2 leaks 576 bytes in 6 sessions at
// net_session_open, 240 in 5 frames, 21 in 3 labels), its JSON report edited into baselines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "temp_file.hpp"

using namespace leakscope;
using leakscope::testing::CliOutcome;
using leakscope::testing::run_cli;
using leakscope::testing::TempFile;
using nlohmann::json;

namespace {

const std::string sample = std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/gateway/";
const std::string capture = sample + "capture.log";
const std::string elf = sample + "gateway.elf";

// The sample's JSON report, made once.
const json& sample_report() {
  static const json report = [] {
    const CliOutcome o = run_cli({"analyze", "--format", "json", "--elf", elf, capture});
    REQUIRE(o.code == exit_leaks);
    return json::parse(o.out);
  }();
  return report;
}

json without_site(json report, const std::string& function) {
  for (json& boot : report["boots"]) {
    json& sites = boot["leaks"]["by_site"];
    sites.erase(std::remove_if(sites.begin(), sites.end(),
                               [&](const json& s) { return s["function"] == function; }),
                sites.end());
  }
  return report;
}

// Boot 2 (the worst) of the baseline with one session fewer: the capture grew it by 96 bytes.
json one_session_fewer(json report) {
  for (json& s : report["boots"][1]["leaks"]["by_site"])
    if (s["function"] == "net_session_open") {
      s["bytes"] = 480;
      s["count"] = 5;
    }
  return report;
}

int analyze_against(const json& baseline, std::vector<std::string> extra = {}) {
  const TempFile base("baseline.json", baseline.dump());
  std::vector<std::string> args = {"analyze", "--baseline", base.path(), "--elf", elf, capture};
  args.insert(args.end(), extra.begin(), extra.end());
  const CliOutcome o = run_cli(args);
  INFO(o.err);
  return o.code;
}

}  // namespace

TEST_CASE("analyze --baseline: the same leaks pass, a new site fails", "[cli][baseline]") {
  CHECK(analyze_against(sample_report()) == exit_clean);
  CHECK(analyze_against(without_site(sample_report(), "dup_label")) == exit_leaks);
  // Known sites do not count against --fail-on-leak; the new one still fails the ratchet.
  CHECK(analyze_against(without_site(sample_report(), "dup_label"), {"--fail-on-leak", "100"}) ==
        exit_leaks);
}

TEST_CASE("analyze --baseline: the JSON report says what it was compared with", "[cli][baseline]") {
  const TempFile base("base.json", without_site(sample_report(), "dup_label").dump());
  const CliOutcome o = run_cli({"analyze", "--format", "json", "--baseline", base.path(),
                                "--max-growth", "5%", "--elf", elf, capture});
  CHECK(o.code == exit_leaks);
  const json report = json::parse(o.out);
  CHECK(report["gate"]["baseline"] ==
        json{{"path", base.path()},
             {"label", "leakscope " LEAKSCOPE_VERSION " report of " + capture},
             {"sites", 2},
             {"gone", 0},
             {"max_growth", "5%"}});
  for (const json& site : report["boots"][1]["leaks"]["by_site"]) {
    CAPTURE(site["function"]);
    if (site["function"] == "dup_label") {
      CHECK(site["baseline_bytes"].is_null());
    } else {
      CHECK(site["baseline_bytes"] == site["bytes"]);
      CHECK(site["baseline_count"] == site["count"]);
    }
  }
  // The text report's gate block names it too.
  const CliOutcome text = run_cli({"analyze", "--baseline", base.path(), "--elf", elf, capture});
  CHECK(text.out.find("  baseline: " + base.path() +
                      " (leakscope " LEAKSCOPE_VERSION " report of " + capture +
                      "): 2 sites, 0 no longer leaking; growth allowed: 0 bytes\n") !=
        std::string::npos);
  CHECK(text.out.find("FAIL boot 1 baseline_new: new leak site dup_label at "
                      "samples/gateway/firmware/label.h:13: 21 bytes in 3 allocations, not in "
                      "the baseline") != std::string::npos);
  // Without --baseline: null.
  CHECK(sample_report()["gate"]["baseline"].is_null());
  CHECK(sample_report()["boots"][0]["leaks"]["by_site"][0]["baseline_bytes"].is_null());
}

TEST_CASE("analyze --max-growth: growth within the limit passes", "[cli][baseline]") {
  const json base = one_session_fewer(sample_report());
  CHECK(analyze_against(base) == exit_leaks);  // default: 0 bytes
  CHECK(analyze_against(base, {"--max-growth", "96"}) == exit_clean);
  CHECK(analyze_against(base, {"--max-growth", "95"}) == exit_leaks);
  CHECK(analyze_against(base, {"--max-growth", "20%"}) == exit_clean);  // 96 of 480
  CHECK(analyze_against(base, {"--max-growth", "19.9%"}) == exit_leaks);
}

TEST_CASE("analyze --baseline: an unreadable baseline or limit is a usage error",
          "[cli][baseline]") {
  const TempFile not_json("not-a-report.json", "I (10) boot: hello\n");
  CliOutcome o = run_cli({"analyze", "--baseline", not_json.path(), capture});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err.find("not-a-report.json: not a leakscope JSON report") != std::string::npos);
  const TempFile v2("v2.json", R"({"schema_version": 2, "boots": []})");
  o = run_cli({"analyze", "--baseline", v2.path(), capture});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err.find("schema_version 2 is not readable (readable: 1)") != std::string::npos);
  CHECK(run_cli({"analyze", "--baseline", "no-such.json", capture}).code == exit_usage_error);
  const TempFile base("base.json", sample_report().dump());
  o = run_cli({"analyze", "--baseline", base.path(), "--max-growth", "lots", capture});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err ==
        "leakscope: --max-growth 'lots' is neither a byte count (512, 4K) nor a "
        "percentage (10%)\n");
  CHECK(run_cli({"analyze", "--max-growth", "10", capture}).code == exit_usage_error);
}

TEST_CASE("diff of two JSON reports: unchanged passes, a new site fails", "[cli][diff]") {
  const TempFile base("base.json", sample_report().dump());
  const TempFile smaller("smaller.json", without_site(sample_report(), "dup_label").dump());

  CliOutcome o = run_cli({"diff", base.path(), base.path()});
  CHECK(o.code == exit_clean);
  CHECK(o.out.find("0 new, 0 grown (0 beyond --max-growth), 0 shrunk, 0 gone, 3 unchanged: "
                   "passed\n") != std::string::npos);

  o = run_cli({"diff", "--format", "json", smaller.path(), base.path()});
  CHECK(o.code == exit_leaks);
  json diff = json::parse(o.out);
  CHECK(diff["baseline"]["path"] == smaller.path());
  CHECK(diff["candidate"]["path"] == base.path());
  CHECK(diff["summary"]["new"] == 1);
  CHECK(diff["sites"][0]["status"] == "new");
  CHECK(diff["sites"][0]["function"] == "dup_label");
  CHECK(diff["sites"][0]["candidate"] == json{{"bytes", 21}, {"count", 3}, {"boots", 2}});

  // The other way round the site is gone: an improvement, exit 0.
  o = run_cli({"diff", "--format", "json", base.path(), smaller.path()});
  CHECK(o.code == exit_clean);
  diff = json::parse(o.out);
  CHECK(diff["summary"]["gone"] == 1);
  CHECK(diff["sites"][0]["status"] == "gone");
}

TEST_CASE("diff: growth against --max-growth", "[cli][diff]") {
  const TempFile base("fewer.json", one_session_fewer(sample_report()).dump());
  const TempFile now("now.json", sample_report().dump());
  CHECK(run_cli({"diff", base.path(), now.path()}).code == exit_leaks);
  CHECK(run_cli({"diff", "--max-growth", "96", base.path(), now.path()}).code == exit_clean);
  const CliOutcome o =
      run_cli({"diff", "--format", "json", "--max-growth", "10%", base.path(), now.path()});
  CHECK(o.code == exit_leaks);
  const json diff = json::parse(o.out);
  CHECK(diff["sites"][0]["status"] == "grown");
  CHECK(diff["sites"][0]["change"] == json{{"bytes", 96}, {"count", 1}});
  CHECK(diff["summary"]["grown_beyond_limit"] == 1);
}

TEST_CASE("diff: a capture is analyzed now with its ELF", "[cli][diff]") {
  const TempFile base("base.json", sample_report().dump());
  CliOutcome o = run_cli({"diff", base.path(), capture, "--elf", elf});
  CHECK(o.code == exit_clean);
  CHECK(o.out.find("candidate: " + capture + " (analyzed now with " + elf +
                   "; 2 boots, 3 sites)") != std::string::npos);
  // Both sides captures: --elf serves BASE too when no --base-elf is given.
  o = run_cli({"diff", "--format", "json", capture, capture, "--elf", elf});
  CHECK(o.code == exit_clean);
  CHECK(json::parse(o.out)["summary"]["unchanged"] == 3);
  // Without the ELF the base's sites are fingerprinted by address: nothing matches the report.
  o = run_cli({"diff", "--format", "json", capture, base.path()});
  CHECK(o.code == exit_leaks);
  CHECK(json::parse(o.out)["summary"]["new"] == 3);
  CHECK(json::parse(o.out)["summary"]["gone"] == 3);
}

TEST_CASE("diff: captures are read as analyze reads them (--records, --format-hint)",
          "[cli][diff]") {
  // The gateway's ESP-IDF dumps against the same leaks as a monitor task printed them.
  const std::string custom = std::string(LEAKSCOPE_SOURCE_DIR) + "/samples/custom-records/";
  CliOutcome o = run_cli({"diff", "--format", "json", capture, custom + "capture.log", "--elf",
                          elf, "--records", custom + "monitor-task.json"});
  CHECK(o.code == exit_clean);
  CHECK(json::parse(o.out)["summary"]["unchanged"] == 3);
  // A hint naming one side reads that side only as it says: the custom printout read as an
  // ESP-IDF console has its heap lines but no allocations, so every site is gone.
  o = run_cli({"diff", "--format", "json", capture, custom + "capture.log", "--elf", elf,
               "--records", custom + "monitor-task.json", "--format-hint",
               custom + "capture.log=esp-idf"});
  CHECK(o.code == exit_clean);
  CHECK(json::parse(o.out)["summary"]["gone"] == 3);
  CHECK(json::parse(o.out)["summary"]["unchanged"] == 0);
  o = run_cli({"diff", capture, capture, "--format-hint", "other.log=text"});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err.find("--format-hint 'other.log=text': other.log is neither BASE nor NEW") !=
        std::string::npos);
}

TEST_CASE("diff writes -o and exits 2 on bad input", "[cli][diff]") {
  const TempFile base("base.json", sample_report().dump());
  const TempFile out("diff-out.json", "");
  CHECK(run_cli({"diff", "--format", "json", "-o", out.path(), base.path(), base.path()}).code ==
        exit_clean);
  std::ifstream written(out.path());
  CHECK(json::parse(written)["summary"]["unchanged"] == 3);

  const TempFile broken("broken.json", "{\"schema_version\": 1, \"boots\": [");
  CliOutcome o = run_cli({"diff", broken.path(), base.path()});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err.find("broken.json: not a leakscope JSON report: parse error") != std::string::npos);
  o = run_cli({"diff", base.path(), std::string(LEAKSCOPE_SOURCE_DIR) + "/LICENSE"});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err.find("no heap trace or heap telemetry found") != std::string::npos);
  CHECK(run_cli({"diff", base.path(), "no-such.log"}).code == exit_usage_error);
  CHECK(run_cli({"diff", base.path()}).code == exit_usage_error);
  CHECK(run_cli({"diff", "--max-growth", "x%", base.path(), base.path()}).code == exit_usage_error);
  CHECK(run_cli({"diff", "--format", "html", base.path(), base.path()}).code == exit_usage_error);
}
