// The JUnit XML writer: suites per boot, a case per boot-wide rule and per site, outcomes from
// the gate, escaping. (Validation against tests/data/junit.xsd runs under ctest:
// tests/ci/validate.sh; the sample's whole output is a golden file: tests/golden/sample-gateway.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "ci_report.hpp"
#include "leakscope/report/junit_writer.hpp"

using namespace leakscope;

namespace {

std::string junit(const Report& report) {
  std::ostringstream out;
  write_junit(report, out, testing::ci_source_root);
  return out.str();
}

// The <testcase> element whose name attribute starts with `name`, up to its end.
std::string test_case(const std::string& xml, const std::string& name) {
  const std::size_t at = xml.find("<testcase name=\"" + name);
  if (at == std::string::npos) return {};
  const std::size_t self_closed = xml.find("/>\n", at), open_end = xml.find(">\n", at);
  if (self_closed == open_end - 1) return xml.substr(at, self_closed + 2 - at);
  return xml.substr(at, xml.find("</testcase>", at) + 11 - at);
}

}  // namespace

TEST_CASE("JUnit: a suite per boot, one for the run and one for the suppressions, totals that "
          "add up",
          "[report][junit]") {
  const std::string xml = junit(testing::ci_report());
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  CHECK(xml.find("<testsuites name=\"leakscope\" tests=\"18\" failures=\"7\" errors=\"0\" "
                 "skipped=\"3\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"boot 0\" tests=\"7\" failures=\"4\" errors=\"0\" "
                 "skipped=\"2\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"boot 1\" tests=\"6\" failures=\"1\" errors=\"0\" "
                 "skipped=\"0\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"run\" tests=\"2\" failures=\"1\" errors=\"0\" "
                 "skipped=\"0\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"suppressions\" tests=\"3\" failures=\"1\" errors=\"0\" "
                 "skipped=\"1\">") != std::string::npos);
  CHECK(xml.ends_with("</testsuites>\n"));
}

TEST_CASE("JUnit: findings about the whole run are cases of the run, not of boot 0",
          "[report][junit]") {
  const std::string xml = junit(testing::ci_report());
  const std::string run = xml.substr(xml.find("<testsuite name=\"run\""));
  const std::string skipped = test_case(run, "skipped_evidence");
  CHECK(skipped.starts_with("<testcase name=\"skipped_evidence\" classname=\"leakscope.run\">"));
  CHECK(skipped.find("<failure message=\"4 records skipped and 2 lines not understood, 1 more "
                     "than the 5 allowed (--max-skipped)\" type=\"skipped_evidence\">") !=
        std::string::npos);
  CHECK(test_case(run, "stale_suppression")
            .find("<system-out>warning: leak:never_matched, really: 100% (supp.txt:4) matched no "
                  "leak site in this run\n</system-out>") != std::string::npos);
  const std::string boot0 = xml.substr(0, xml.find("<testsuite name=\"boot 1\""));
  CHECK(boot0.find("skipped_evidence") == std::string::npos);
  CHECK(boot0.find("stale_suppression") == std::string::npos);

  // A run whose input held no boot still reports them.
  Report no_boots;
  no_boots.gate.findings = {{GateRule::skipped_evidence, true, 0, {}, "12 lines not understood"}};
  CHECK(junit(no_boots).find("<testsuite name=\"run\" tests=\"1\" failures=\"1\" errors=\"0\" "
                             "skipped=\"0\">") != std::string::npos);
}

TEST_CASE("JUnit: failing sites carry the finding and the stack, others are skipped or pass",
          "[report][junit]") {
  const std::string xml = junit(testing::ci_report());
  const std::string added = test_case(xml, "new_site at src/new.c:12 [1111111111111111]");
  CHECK(added.find("classname=\"leakscope.boot0\" file=\"src/new.c\"") != std::string::npos);
  CHECK(added.find("<failure message=\"new since the baseline &lt;v1&gt;; counted in boot 0: "
                   "160 bytes unfreed in 3 allocations, over the 100 bytes allowed "
                   "(--fail-on-leak)\" type=\"baseline_new\">64 bytes in 1 allocation") !=
        std::string::npos);
  CHECK(added.find("0x400d0010 heap_caps_malloc at components/heap/heap_caps.c:150\n"
                   "0x400d100c new_site at src/new.c:12\n0x400d9000 app_main at main/main.c:7\n"
                   "</failure>") != std::string::npos);
  CHECK(test_case(xml, "cache_alloc")
            .find("<skipped message=\"suppressed by leak:cache_alloc (supp.txt:3)\"/>") !=
        std::string::npos);
  CHECK(test_case(xml, "known_site")
            .find("<skipped message=\"known to the baseline (baseline "
                  "&lt;v1.2&gt; &amp; co), which had 16 bytes in 1 "
                  "allocation\"/>") != std::string::npos);
  // A warning passes, its words in system-out.
  const std::string warned = test_case(xml, "warned_site");
  CHECK(warned.find("<failure") == std::string::npos);
  CHECK(warned.find("<system-out>warning: 40 bytes: 100% of 40,\nat the limit\n") !=
        std::string::npos);
  // Boot-wide rules are cases of their own.
  CHECK(test_case(xml, "heap_trend").find("type=\"heap_trend\">leaking: free heap falls") !=
        std::string::npos);
  CHECK(test_case(xml, "leak:grown&lt;*&gt; (supp.txt:5)")
            .find("<failure message=\"caps exceeded: 48 bytes in 3 allocations, max_bytes 10\" "
                  "type=\"suppression_cap\">") != std::string::npos);
  CHECK(test_case(xml, "leak:never_matched").find("<skipped message=\"stale") != std::string::npos);
  CHECK(test_case(xml, "cycle growth of grow&lt;T&gt; at src/grow.c:3 [6666666666666666]")
            .find("likely_leak: grew in 9") != std::string::npos);
}

TEST_CASE("JUnit: an incomplete trace the gate was not asked about is skipped", "[report][junit]") {
  Report report = testing::ci_report();
  std::erase_if(report.gate.findings,
                [](const GateFinding& f) { return f.rule == GateRule::incomplete_trace; });
  const std::string c = test_case(junit(report), "incomplete_trace");
  CHECK(c.find("<skipped message=\"the trace is incomplete and the gate does not check it: the "
               "device lost 3 records: &quot;ring&quot; overflow\"/>") != std::string::npos);
  // With the warning, the case passes and says it.
  CHECK(test_case(junit(testing::ci_report()), "incomplete_trace")
            .find("<system-out>warning: 3 records lost") != std::string::npos);
}

TEST_CASE("JUnit: names are escaped, and every byte is well-formed XML", "[report][junit]") {
  const std::string xml = junit(testing::ci_report());
  CHECK(xml.find("<testcase name=\"std::vector&lt;int, Alloc&amp;&gt;::push_back(&quot;x&quot;) "
                 "| *bold* _it_ `c` at src/Grüße &lt;&amp;&gt;/a,b:c%d.cpp:42 "
                 "[0123456789abcdef]\"") != std::string::npos);
  CHECK(xml.find("value=\"rst:0x1 &lt;POWERON&gt; &amp; 'more'\"") != std::string::npos);
  CHECK(xml.find("tasks täsk&lt;1&gt;, net|io") != std::string::npos);
  // Bytes that are not UTF-8 and a C0 control became U+FFFD.
  CHECK(xml.find("bad\xef\xbf\xbd\xef\xbf\xbd name\xef\xbf\xbd [5555555555555555]") !=
        std::string::npos);
  CHECK(std::none_of(xml.begin(), xml.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }));
}
