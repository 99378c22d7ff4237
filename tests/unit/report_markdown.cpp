// The Markdown summary: verdict, findings, heap health, top sites, stacks, escaping, and the
// cap on its length.
#include <catch2/catch.hpp>

#include <sstream>

#include "ci_report.hpp"
#include "leakscope/report/markdown_writer.hpp"

using namespace leakscope;

namespace {

std::string markdown(const Report& report, MarkdownOptions options = {}) {
  options.source_root = testing::ci_source_root;
  std::ostringstream out;
  write_markdown(report, out, options);
  return out.str();
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("Markdown: the verdict, then failing findings before warnings", "[report][markdown]") {
  const std::string md = markdown(testing::ci_report());
  CHECK(
      md.starts_with("## leakscope: ❌ gate failed\n\n2 boots, 256 bytes unfreed in 10 "
                     "allocations; 4 findings fail the gate, 3 only warn.\n"
                     "Baseline: baseline \\<v1.2\\> \\& co (4 sites, 1 of them gone).\n"));
  const std::size_t failing = md.find("| ❌ | 1 | `heap_trend` |");
  const std::size_t warning = md.find("| ⚠️ | 0 | `incomplete_trace` |");
  CHECK(failing != std::string::npos);
  CHECK(warning > failing);
  CHECK(md.find("| ❌ | 0 | `baseline_new` | new\\_site at src/new.c:12 `1111111111111111` | new "
                "since the baseline \\<v1\\> |") != std::string::npos);
  CHECK(md.find("- Boot 1: **leaking**: free heap falls 2.0 KiB/h (\\<noisy\\> \\& 'steady')\n") !=
        std::string::npos);
  // Findings about the whole run name no boot, and come after the boots' findings.
  const std::size_t run = md.find("| ❌ | run | `skipped_evidence` |  | 4 records skipped");
  CHECK(run > failing);
  CHECK(run < warning);
  const std::size_t stale = md.find(
      "| ⚠️ | run | `stale_suppression` |  | leak:never\\_matched, really: 100% (supp.txt:4) "
      "matched no leak site in this run |");
  CHECK(stale != std::string::npos);
  CHECK(stale > warning);

  Report clean = testing::ci_report();
  clean.gate.findings.clear();
  CHECK(markdown(clean).starts_with("## leakscope: ✅ gate passed\n"));
}

TEST_CASE("Markdown: top sites by bytes over all boots, with status and stacks",
          "[report][markdown]") {
  const std::string md = markdown(testing::ci_report());
  CHECK(md.find("| 96 | 2 | std::vector\\<int, Alloc\\&\\>::push\\_back(\"x\") \\| \\*bold\\* "
                "\\_it\\_ \\`c\\` at src/Grüße \\<\\&\\>/a,b:c%d.cpp:42 | `0123456789abcdef` | 0 | "
                "❌ fails (leak) |") != std::string::npos);
  CHECK(
      md.find("| 40 | 4 | warned\\_site at /elsewhere/lib/w.c:5 | `2222222222222222` | 1 | ⚠️ "
              "warns (leak) |") != std::string::npos);
  CHECK(md.find("| 32 | 1 | cache\\_alloc at src/cache.c:30 | `3333333333333333` | 0 | ➖ "
                "suppressed |") != std::string::npos);
  CHECK(md.find("| leak:grown\\<\\*\\> | supp.txt:5 | 1 | 48 | 3 | ❌ caps exceeded |") !=
        std::string::npos);
  // Stacks collapsed, in a code block that the name's backtick cannot close.
  CHECK(count(md, "<details>") == 1);
  CHECK(count(md, "</details>") == 1);
  CHECK(md.find("```\n0x400d0010 heap_caps_malloc at components/heap/heap_caps.c:150\n"
                "0x400d102a std::vector<int, Alloc&>::push_back(\"x\") | *bold* _it_ `c` at ") !=
        std::string::npos);

  MarkdownOptions two;
  two.max_sites = 2;
  const std::string short_md = markdown(testing::ci_report(), two);
  CHECK(short_md.find("\n4 more sites are in the full report.\n") != std::string::npos);
  CHECK(count(short_md, "\n```\n0x") == 2);
}

TEST_CASE("Markdown: cut short under the limit at a row or block boundary, and said",
          "[report][markdown]") {
  for (const std::size_t cap : {700u, 1500u, 2600u, 3200u}) {
    MarkdownOptions options;
    options.max_chars = cap;
    const std::string md = markdown(testing::ci_report(), options);
    INFO("cap " << cap << ":\n" << md);
    CHECK(md.size() <= cap);
    CHECK(md.find("Cut short to stay within " + std::to_string(cap) + " characters") !=
          std::string::npos);
    CHECK(count(md, "<details>") == count(md, "</details>"));
    CHECK(count(md, "```") % 2 == 0);
    std::istringstream lines(md);
    for (std::string line; std::getline(lines, line);)
      if (line.starts_with("|")) CHECK(line.ends_with("|"));
  }
  CHECK(markdown(testing::ci_report()).find("Cut short") == std::string::npos);
}

TEST_CASE("Markdown: escaping of table cells and paragraphs", "[report][markdown]") {
  CHECK(markdown_escape("a|b<c>*_`\\&~[x]") == "a\\|b\\<c\\>\\*\\_\\`\\\\\\&\\~\\[x\\]");
  CHECK(markdown_escape("two\nlines\tand\x01") == "two lines and\xef\xbf\xbd");
  CHECK(markdown_escape("Grüße") == "Grüße");
  CHECK(markdown_escape("bad\xff") == "bad\xef\xbf\xbd");
}
