// A report built by hand for the tests of the CI outputs (JUnit, SARIF, Markdown, GitHub
// annotations), and for tests/ci/write_fixtures.cpp, whose files are validated against the
// schemas under ctest. It holds what real captures rarely do all at once: every site status
// and outcome (a failing leak, a new site, a warning, a suppressed and a known site), findings
// about whole boots and about the whole run that fail and that warn, suppressions matched,
// stale and exceeded, a baseline, heap telemetry and cycle growth, and names with the
// characters each format must escape: < > & " ' | % , : * _ ` backslashes, line breaks, a C0
// control, non-ASCII text and bytes that are not UTF-8. Paths lie under /repo, the source root
// the tests pass.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "leakscope/model/report.hpp"

namespace leakscope::testing {

inline constexpr const char* ci_source_root = "/repo";

inline FrameList ci_stack(std::vector<Frame> frames) {
  return std::make_shared<const std::vector<Frame>>(std::move(frames));
}

inline SiteGroup ci_site(std::string function, std::string file, std::uint32_t line,
                         std::string fingerprint, std::uint64_t bytes, std::uint64_t count) {
  SiteGroup s;
  s.function = std::move(function);
  s.file = std::move(file);
  s.line = line;
  s.address = 0x400d1000 + line;
  s.fingerprint = std::move(fingerprint);
  s.stats.bytes = bytes;
  s.stats.count = count;
  s.stats.min_size = s.stats.max_size = bytes / count;
  s.stack = ci_stack({
      Frame{0x400d0010, "heap_caps_malloc", "/repo/components/heap/heap_caps.c", 150, false, true,
            true, {}, {}},
      Frame{s.address, s.function, s.file, line, false, false, true, {}, {}},
      Frame{0x400d9000, "app_main", "/repo/main/main.c", 7, false, false, true, {}, {}},
  });
  return s;
}

inline Report ci_report() {
  Report r;
  InputSummary& input = r.diagnostics.inputs.emplace_back();
  input.name = "/repo/logs/run <1> & \"quoted\".log";
  input.lines = 120;
  input.carrier = "text";

  BootReport b0;
  b0.index = 0;
  b0.start = {0, 3, 0};
  b0.reset_reason = "rst:0x1 <POWERON> & 'more'";
  b0.has_trace = true;
  b0.incomplete = true;
  b0.incomplete_reasons = {"the device lost 3 records: \"ring\" overflow"};
  b0.trace.layout = "esp-idf-v5";

  SiteGroup failing = ci_site("std::vector<int, Alloc&>::push_back(\"x\") | *bold* _it_ `c`",
                              "/repo/src/Grüße <&>/a,b:c%d.cpp", 42, "0123456789abcdef", 96, 2);
  failing.tasks = {"täsk<1>", "net|io"};
  SiteGroup added = ci_site("new_site", "/repo/src/new.c", 12, "1111111111111111", 64, 1);
  added.status = SiteStatus::added;
  SiteGroup suppressed = ci_site("cache_alloc", "/repo/src/cache.c", 30, "3333333333333333", 32, 1);
  suppressed.status = SiteStatus::suppressed;
  suppressed.suppressed_by = "supp.txt:3";
  SiteGroup known = ci_site("known_site", "/repo/src/known.c", 8, "4444444444444444", 16, 1);
  known.status = SiteStatus::known;
  known.baseline_bytes = 16;
  known.baseline_count = 1;
  SiteGroup unnamed;  // no ELF: an address alone, and a name that is not UTF-8
  unnamed.address = 0x3ffb0000;
  unnamed.function = "bad\xff\xfe name\x01";
  unnamed.fingerprint = "5555555555555555";
  unnamed.fingerprint_by_address = true;
  unnamed.stats.bytes = unnamed.stats.min_size = unnamed.stats.max_size = 8;
  unnamed.stats.count = 1;
  unnamed.stack = ci_stack({Frame{0x3ffb0000, "", "", 0, false, false, false, {}, {}}});
  b0.leaks.by_site = {failing, added, suppressed, known, unnamed};

  BootReport b1;
  b1.index = 1;
  b1.start = {0, 80, 0};
  b1.has_trace = true;  // its one site only warns: the boot has no leak_bytes finding
  b1.leaks.by_site = {ci_site("warned_site", "/elsewhere/lib/w.c", 5, "2222222222222222", 40, 4)};
  BootHeap heap;
  HeapSeries series;
  series.verdict = HeapVerdict::leaking;
  series.reason = "free heap falls 2.0 KiB/h (<noisy> & 'steady')";
  heap.series = {series};
  HeapCycles cycles;
  cycles.count = 12;
  cycles.measured = 10;
  cycles.median_retained_bytes = 96;
  heap.cycles = cycles;
  b1.heap = heap;
  CycleGrowth growth;
  growth.cycles = 12;
  growth.window = 10;
  growth.threshold = 7;
  growth.sites.push_back({"grow<T>", "/repo/src/grow.c", 3, 0x400d2000, "6666666666666666",
                          CycleGrowthKind::likely_leak, 9, 0, 864, 1152});
  b1.cycle_growth = growth;

  r.boots = {b0, b1};
  for (BootReport& b : r.boots) {
    for (const SiteGroup& s : b.leaks.by_site) {
      b.leaks.bytes += s.stats.bytes;
      b.leaks.count += s.stats.count;
    }
    r.leaked_bytes += b.leaks.bytes;
    r.leaked_count += b.leaks.count;
  }

  Gate& g = r.gate;
  g.findings = {
      {GateRule::leak_bytes,
       true,
       0,
       {},
       "160 bytes unfreed in 3 allocations, over the 100 bytes "
       "allowed (--fail-on-leak)"},
      {GateRule::baseline_new, true, 0, "1111111111111111", "new since the baseline <v1>"},
      {GateRule::incomplete_trace, false, 0, {}, "3 records lost: the report may miss leaks"},
      {GateRule::site_bytes, false, 1, "2222222222222222", "40 bytes: 100% of 40,\nat the limit"},
      {GateRule::heap_trend, true, 1, {}, "heap telemetry: free heap falls 2.0 KiB/h"},
      // About the whole run: boot 0 and no fingerprint, as evaluate_gate leaves them.
      {GateRule::skipped_evidence, true, 0, {},
       "4 records skipped and 2 lines not understood, 1 more than the 5 allowed (--max-skipped)"},
      {GateRule::stale_suppression, false, 0, {},
       "leak:never_matched, really: 100% (supp.txt:4) matched no leak site in this run"},
  };
  g.suppressions = {
      {"cache_alloc", "supp.txt:3", {}, {}, 1, 32, 1, false},
      {"never_matched, really: 100%", "supp.txt:4", {}, {}, 0, 0, 0, false},
      {"grown<*>", "supp.txt:5", 10, {}, 1, 48, 3, true},
  };
  g.baseline = BaselineInfo{"base.json", "baseline <v1.2> & co", 4, 1, "0 bytes"};
  return r;
}

}  // namespace leakscope::testing
