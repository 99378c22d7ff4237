#include "leakscope/ingest/input_line_tally.hpp"

#include <fmt/format.h>

#include "leakscope/model/utf8.hpp"

namespace leakscope {

void InputLineTally::line(LineFormat format, std::uint64_t number) {
  std::size_t& slot = index_[static_cast<std::size_t>(format)];
  if (slot == none) {
    slot = formats_.size();
    formats_.push_back(FormatLines{format, 0, {}, 0});
  }
  FormatLines& f = formats_[slot];
  ++f.lines;
  if (last_ == format) {
    if (f.more_runs == 0) f.runs.back().last = number;
  } else if (f.runs.size() < FormatLines::max_runs) {
    f.runs.push_back({number, number});
  } else {
    ++f.more_runs;
  }
  last_ = format;
}

void InputLineTally::not_understood(std::uint64_t number, std::string_view text) {
  ++not_understood_;
  last_.reset();
  if (quoted_.size() < InputSummary::max_quoted) quoted_.push_back({number, quote_line(text)});
}

void InputLineTally::move_into(InputSummary& summary) {
  summary.formats = std::move(formats_);
  summary.not_understood = not_understood_;
  summary.first_not_understood = std::move(quoted_);
  *this = InputLineTally();
}

std::string quote_line(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (out.size() >= QuotedLine::max_bytes) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (c == '\\') {
      out += "\\\\";
    } else if (n == 0 || c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    ++i;
  }
  return out;
}

}  // namespace leakscope
