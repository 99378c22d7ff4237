// GitHub Actions annotations: which sites and findings are annotated, in which order, and the
// escaping of workflow commands.
#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

#include "ci_report.hpp"
#include "leakscope/report/github_annotations.hpp"

using namespace leakscope;

namespace {

std::vector<std::string> annotations(const Report& report) {
  std::ostringstream out;
  write_github_annotations(report, out, testing::ci_source_root);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("GitHub annotations: escaping as the runner unescapes", "[report][github]") {
  CHECK(github_escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b");
  CHECK(github_escape_property("src/a,b:c%d.cpp\n") == "src/a%2Cb%3Ac%25d.cpp%0A");
  CHECK(github_escape_data("Grüße <&>") == "Grüße <&>");
  CHECK(github_escape_data("bad\xff") == "bad\xef\xbf\xbd");
}

TEST_CASE("GitHub annotations: failures first, each on one line, at the site's source line",
          "[report][github]") {
  const std::vector<std::string> lines = annotations(testing::ci_report());
  // 6 failures (2 boot-wide, 3 sites, 1 run-wide), 3 warnings (1 boot-wide, 1 site, 1 run-wide)
  REQUIRE(lines.size() == 9);
  for (std::size_t i = 0; i < lines.size(); ++i)
    CHECK(lines[i].starts_with(i < 6 ? "::error " : "::warning "));
  CHECK(lines[0] ==
        "::error title=leakscope%3A leak_bytes (boot 0)::160 bytes unfreed in 3 allocations, "
        "over the 100 bytes allowed (--fail-on-leak)");
  CHECK(
      lines[1].starts_with("::error file=src/Grüße <&>/a%2Cb%3Ac%25d.cpp,line=42,title="
                           "leakscope%3A leak_bytes (boot 0%2C 0123456789abcdef)::96 bytes in "
                           "2 allocations"));
  CHECK(lines[1].find("%0Afingerprint 0123456789abcdef%0A  0x400d0010 heap_caps_malloc at "
                      "components/heap/heap_caps.c:150%0A") != std::string::npos);
  CHECK(lines[2].starts_with("::error file=src/new.c,line=12,title=leakscope%3A baseline_new "));
  CHECK(
      lines[7].starts_with("::warning file=/elsewhere/lib/w.c,line=5,title=leakscope%3A "
                           "site_bytes (boot 1%2C 2222222222222222)::"));
  CHECK(lines[7].find("100%25 of 40,%0Aat the limit") != std::string::npos);
  // Findings about the whole run come after the boots', and name no boot.
  CHECK(lines[5] ==
        "::error title=leakscope%3A skipped_evidence (run)::4 records skipped and 2 lines not "
        "understood, 1 more than the 5 allowed (--max-skipped)");
  CHECK(lines[8] ==
        "::warning title=leakscope%3A stale_suppression (run)::leak:never_matched, really: 100%25 "
        "(supp.txt:4) matched no leak site in this run");
  // Suppressed and known sites are not annotated.
  for (const std::string& line : lines) {
    CHECK(line.find("3333333333333333") == std::string::npos);
    CHECK(line.find("4444444444444444") == std::string::npos);
  }
}

TEST_CASE("GitHub annotations: nothing for a run the gate passes without warnings",
          "[report][github]") {
  Report report = testing::ci_report();
  report.gate.findings.clear();
  CHECK(annotations(report).empty());
}
