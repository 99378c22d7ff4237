#include "report/input_text.hpp"

#include <fmt/format.h>

namespace leakscope {

std::string input_headline(const InputSummary& input) {
  const std::string hint = input.hint.empty() ? "" : " (--format-hint " + input.hint + ")";
  const std::string size = input.carrier == "text" ? fmt::format("{} lines", input.lines)
                                                   : fmt::format("{} bytes", input.bytes);
  return fmt::format("{}: {}{}, {}", input.name, input.carrier.empty() ? "not read" : input.carrier,
                     hint, size);
}

std::string line_runs_text(const FormatLines& f, std::size_t shown) {
  std::string runs;
  for (std::size_t i = 0; i < f.runs.size() && i < shown; ++i) {
    const LineRun& r = f.runs[i];
    runs += (runs.empty() ? "" : ", ") +
            (r.first == r.last ? fmt::format("{}", r.first) : fmt::format("{}-{}", r.first, r.last));
  }
  const std::uint64_t more = f.more_runs + (f.runs.size() > shown ? f.runs.size() - shown : 0);
  if (more > 0) runs += fmt::format(" (+{} more)", more);
  return runs;
}

}  // namespace leakscope
