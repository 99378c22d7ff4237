// InputLineTally: which formats one text input held on which lines, and the lines no parser
// understood, quoted (model/diagnostics.hpp). Memory is bounded: a few runs and quotes per
// format, however long the input.
//
//   InputLineTally tally;
//   tally.line(LineFormat::esp_log, 12);
//   tally.not_understood(13, text);
//   tally.move_into(summary);   // InputSummary::formats, not_understood, first_not_understood
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/diagnostics.hpp"

namespace leakscope {

class InputLineTally {
 public:
  void line(LineFormat format, std::uint64_t number);
  void not_understood(std::uint64_t number, std::string_view text);
  void move_into(InputSummary& summary);

 private:
  static constexpr std::size_t none = SIZE_MAX;

  std::vector<FormatLines> formats_;
  std::array<std::size_t, line_format_count> index_{make_none()};  // format -> formats_ slot
  std::optional<LineFormat> last_;  // the previous line's format; none after a line not understood
  std::uint64_t not_understood_ = 0;
  std::vector<QuotedLine> quoted_;

  static std::array<std::size_t, line_format_count> make_none() {
    std::array<std::size_t, line_format_count> a;
    a.fill(none);
    return a;
  }
};

// The text as a report can show it: \\ for a backslash, \xNN for each byte that is not part
// of printable UTF-8, cut after QuotedLine::max_bytes with "...".
std::string quote_line(std::string_view text);

}  // namespace leakscope
