#include "output_options.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "leakscope/report/github_annotations.hpp"
#include "leakscope/report/html_writer.hpp"
#include "leakscope/report/json_writer.hpp"
#include "leakscope/report/junit_writer.hpp"
#include "leakscope/report/markdown_writer.hpp"
#include "leakscope/report/sarif_writer.hpp"
#include "leakscope/report/text_writer.hpp"

namespace leakscope {

namespace {

bool known_format(std::string_view format) {
  return std::find(report_formats.begin(), report_formats.end(), format) != report_formats.end();
}

std::string format_list() {
  std::string list;
  for (std::string_view f : report_formats) list += (list.empty() ? "" : ", ") + std::string(f);
  return list;
}

}  // namespace

Result<std::vector<ReportOutput>> report_outputs(const OutputRequest& request) {
  std::vector<ReportOutput> outputs;
  if (request.outputs.empty() || request.format_given || !request.file.empty())
    outputs.push_back({request.format, request.file.empty() ? "-" : request.file});
  for (const std::string& spec : request.outputs) {
    const std::size_t eq = spec.find('=');
    const std::string format = spec.substr(0, eq);
    if (eq == std::string::npos || !known_format(format))
      return Error{
          fmt::format("--output {}: not FORMAT=FILE with FORMAT one of {}", spec, format_list())};
    if (eq + 1 == spec.size())
      return Error{fmt::format("--output {}: no FILE ('-' for stdout)", spec)};
    outputs.push_back({format, spec.substr(eq + 1)});
  }
  for (std::size_t i = 0; i < outputs.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      if (outputs[i].path != outputs[j].path) continue;
      return Error{outputs[i].to_stdout()
                       ? fmt::format("both the {} and the {} report would go to stdout: send "
                                     "all but one to files",
                                     outputs[j].format, outputs[i].format)
                       : fmt::format("{}: the {} and the {} report would both be written there",
                                     outputs[i].path, outputs[j].format, outputs[i].format)};
    }
  return outputs;
}

void write_report_as(std::string_view format, const Report& report, std::ostream& out, bool color,
                     std::string_view source_root) {
  if (format == "json") {
    write_json(report, out);
  } else if (format == "html") {
    write_html(report, out);
  } else if (format == "junit") {
    write_junit(report, out, source_root);
  } else if (format == "sarif") {
    write_sarif(report, out, source_root);
  } else if (format == "markdown") {
    MarkdownOptions options;
    options.source_root = source_root;
    write_markdown(report, out, options);
  } else if (format == "github") {
    write_github_annotations(report, out, source_root);
  } else {
    TextStyle style;
    style.color = color;
    write_text(report, out, style);
  }
  out.flush();
}

bool write_report_outputs(const std::vector<ReportOutput>& outputs, const Report& report,
                          std::ostream& out, const OutputStyle& style,
                          const std::function<void(const std::string&)>& error) {
  bool ok = true;
  for (const ReportOutput& output : outputs) {
    if (output.to_stdout()) {
      write_report_as(output.format, report, out, style.stdout_color, style.source_root);
      continue;
    }
    std::ofstream file(output.path, std::ios::binary | std::ios::trunc);
    if (!file) {
      error(output.path + ": cannot write");
      ok = false;
      continue;
    }
    write_report_as(output.format, report, file, style.file_color, style.source_root);
    if (!file) {
      error(output.path + ": write failed");
      ok = false;
    }
  }
  return ok;
}

}  // namespace leakscope
