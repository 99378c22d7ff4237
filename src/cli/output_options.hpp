// The reports one `leakscope analyze` run writes, all from the one report:
//
//   --format FORMAT [-o FILE]   the single-output form: one report, on stdout without -o
//   --output FORMAT=FILE        a report in FORMAT to FILE ('-': stdout); repeatable:
//                               --output json=report.json --output junit=leaks.xml
//                               --output markdown=-
//
// FORMAT: text, json, html, junit, sarif, markdown, github. With --output, --format and -o
// add their report only when given; at most one report goes to stdout, and no two to one
// file. (--output FILE, without FORMAT=, still means -o FILE.)
//
//   Result<std::vector<ReportOutput>> outputs = report_outputs(request);   // before reading
//   ...
//   if (!write_report_outputs(*outputs, report, *io.out, style, say_error)) return 2;
#pragma once

#include <array>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/report.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

inline constexpr std::array<std::string_view, 7> report_formats = {
    "text", "json", "html", "junit", "sarif", "markdown", "github"};

struct ReportOutput {
  std::string format;
  std::string path;  // "-": stdout
  bool to_stdout() const { return path == "-"; }
};

struct OutputRequest {
  std::string format = "text";       // --format
  bool format_given = false;         // --format was on the command line
  std::string file;                  // -o; empty: stdout
  std::vector<std::string> outputs;  // --output FORMAT=FILE, in order
};

// The outputs in order (--format/-o's first), or why the request cannot be met.
Result<std::vector<ReportOutput>> report_outputs(const OutputRequest& request);

struct OutputStyle {
  bool stdout_color = false;  // text on stdout in colour
  bool file_color = false;    // text in a file in colour (--color always)
  std::string source_root;    // paths of CI formats relative to it (the working directory)
};

// The report in one format (report_formats) to `out`, flushed.
void write_report_as(std::string_view format, const Report& report, std::ostream& out, bool color,
                     std::string_view source_root);

// Every output written, stdout's to `out`. False when a file could not be opened or written:
// said through `error`, and the others are still written.
bool write_report_outputs(const std::vector<ReportOutput>& outputs, const Report& report,
                          std::ostream& out, const OutputStyle& style,
                          const std::function<void(const std::string&)>& error);

}  // namespace leakscope
