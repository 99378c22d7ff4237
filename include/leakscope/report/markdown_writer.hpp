// Markdown summary, for a pull-request comment or $GITHUB_STEP_SUMMARY: compact, and within
// GitHub's 65536-character limit on comments (cut short at a row or block boundary, and saying
// so, when a run has more to show).
//
//   ## leakscope: ❌ gate failed                verdict, with the run's totals
//   ### Findings                               the gate's findings (model/gate.hpp): failing,
//   | | Boot | Rule | Site | Finding |          then warnings; Boot "run" for the whole run's
//   ### Heap health                            one line per boot with heap telemetry
//   ### Top sites                              by bytes, over all boots: bytes, count, site,
//   | Bytes | Count | Site | Fingerprint | ...  fingerprint, boot, status under the gate
//   ### Suppressions                           with a suppression file: what each matched
//   <details><summary>Stacks</summary>...      the top sites' symbolized stacks, collapsed
//
//   write_markdown(report, out);                 // or MarkdownOptions{.max_sites = 10}
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "leakscope/model/report.hpp"

namespace leakscope {

struct MarkdownOptions {
  std::size_t max_chars = 65536;  // GitHub's limit on a comment's body (and the step summary's
                                  // per-step upload is larger); bytes are counted, so UTF-8
                                  // text stays under it in characters too
  std::size_t max_sites = 20;     // rows of the top-sites table, and stacks shown
  std::string source_root;        // source paths relative to it (the repository) under it
};

void write_markdown(const Report& report, std::ostream& out, const MarkdownOptions& options = {});

// Text for a Markdown paragraph or table cell: the characters Markdown or HTML would read
// (\ ` * _ [ ] < > | ~ &) backslash-escaped, line breaks and tabs as spaces, other control
// characters and invalid UTF-8 replaced by U+FFFD.
std::string markdown_escape(std::string_view text);

}  // namespace leakscope
