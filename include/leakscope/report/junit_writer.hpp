// JUnit XML writer: the report as test results, for the test views of CI servers (Jenkins'
// junit step, GitLab's artifacts:reports:junit, GitHub test-report actions). The layout is the
// one they read, written down as tests/data/junit.xsd:
//
//   <testsuites name="leakscope" tests= failures= errors= skipped=>
//     <testsuite name="boot 0" ...>           one per boot; properties: where it began, reset
//       <properties>...</properties>          reason, ELF, heap trace
//       <testcase classname="leakscope.boot0" name="leak_bytes">  one per boot-wide rule:
//                                             leak_bytes, heap_trend, incomplete_trace, and
//                                             any other finding about the boot as a whole
//       <testcase classname="leakscope.boot0" name="FUNCTION at FILE:LINE [FINGERPRINT]"
//                 file="FILE">                one per leak site: <failure> with its figures
//                                             and symbolized stack when it fails the gate,
//                                             <skipped> when suppressed or known to the baseline
//       <testcase name="cycle growth of ...">  per cycle-growth site, and "heap per cycle"
//     </testsuite>
//     <testsuite name="run">                  findings about the whole run (stale
//       <testcase classname="leakscope.run"   suppressions, skipped evidence), one case per
//                 name="stale_suppression">   rule; only when there are such findings
//     <testsuite name="suppressions">         one case per entry: failed when its cap was
//   </testsuites>                             exceeded, skipped when stale
//
// Outcomes come from report.gate (model/gate.hpp) as report/ci_view.hpp reads it; a warning
// passes, its words in <system-out>. Test names carry no counts, so a CI server's history
// follows a site from run to run (the line number moves with the code; the fingerprint does not).
//
//   write_junit(report, out, source_root);   // source_root: paths in file= relative to it
#pragma once

#include <iosfwd>
#include <string_view>

#include "leakscope/model/report.hpp"

namespace leakscope {

void write_junit(const Report& report, std::ostream& out, std::string_view source_root = {});

}  // namespace leakscope
