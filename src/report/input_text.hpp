// What an input held, in words, shared by the text and HTML reports:
//
//   input_headline(input)     "capture.log: text (--format-hint esp-idf), 299 lines"
//   line_runs_text(f, 4)      "1-9, 218-226, 300 (+12 more)"
#pragma once

#include <cstddef>
#include <string>

#include "leakscope/model/diagnostics.hpp"

namespace leakscope {

std::string input_headline(const InputSummary& input);

// The first `shown` runs of the format's lines, and how many more there are.
std::string line_runs_text(const FormatLines& format, std::size_t shown);

}  // namespace leakscope
