// Text report writer: what a person reads in a terminal or a CI log.
#pragma once

#include <iosfwd>

#include "leakscope/model/report.hpp"

namespace leakscope {

struct TextStyle {
  bool color = false;         // ANSI colour (only on a terminal, never with NO_COLOR)
  std::size_t max_frames = 8; // frames shown per site
};

void write_text(const Report& report, std::ostream& out, const TextStyle& style);

}  // namespace leakscope
