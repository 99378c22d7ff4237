// GitHub Actions annotations: workflow commands that the runner turns into annotations on the
// run's summary page and, for a file in the pull request, on its line in the diff.
//
//   ::error file=FILE,line=LINE,title=TITLE::MESSAGE    a leak site that fails the gate, at
//                                                       its allocation's source line
//   ::warning file=FILE,line=LINE,title=TITLE::MESSAGE  a leak site whose finding only warns
//   ::error title=TITLE::MESSAGE                        a finding about a boot as a whole
//                                                       (::warning when it only warns), or
//                                                       about the whole run: "(run)" in TITLE
//
// Sites that pass, are suppressed or known to the baseline are not annotated. Values are
// escaped as the runner unescapes them: '%', CR and LF as %25, %0D, %0A, and in properties
// (file, line, title) ':' and ',' as %3A and %2C too. FILE is relative to source_root (the
// repository) when it lies under it. GitHub shows the first few annotations of a step (10 of
// each level), so failures come first and then warnings, each boot's own findings first, and
// the whole run's after every boot's.
//
//   write_github_annotations(report, out, source_root);
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "leakscope/model/report.hpp"

namespace leakscope {

void write_github_annotations(const Report& report, std::ostream& out,
                              std::string_view source_root = {});

// The escapings of the workflow command syntax: a command's message, and a property's value.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

}  // namespace leakscope
