#include "format_hint_options.hpp"

#include <optional>

#include <fmt/format.h>

namespace leakscope {

Status add_format_hints(const std::vector<std::string>& values,
                        const std::vector<std::string>& given, ScanOptions& scan) {
  const std::vector<std::string> inputs = given.empty() ? std::vector<std::string>{"-"} : given;
  std::optional<FormatHint> every;
  std::vector<std::optional<FormatHint>> own(inputs.size());
  for (const std::string& value : values) {
    // Format names hold no '=': an input's name may.
    const std::size_t eq = value.rfind('=');
    const std::string name = eq == std::string::npos ? value : value.substr(eq + 1);
    const std::optional<FormatHint> hint = parse_format_hint(name);
    if (!hint)
      return Error{fmt::format("--format-hint '{}': unknown format '{}' (the formats are {})",
                               value, name, format_hint_names())};
    if (*hint == FormatHint::records && !scan.records)
      return Error{fmt::format("--format-hint '{}': records needs --records patterns", value)};
    if (eq == std::string::npos) {
      if (every && *every != *hint)
        return Error{fmt::format("--format-hint '{}': every input has a format already", value)};
      every = hint;
      continue;
    }
    const std::string input = value.substr(0, eq);
    bool found = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (inputs[i] != input) continue;
      if (own[i] && *own[i] != *hint)
        return Error{fmt::format("--format-hint '{}': {} has a format already", value, input)};
      own[i] = hint;
      found = true;
    }
    if (!found)
      return Error{fmt::format("--format-hint '{}': {} is not one of the inputs", value, input)};
  }
  scan.hints.assign(inputs.size(), every.value_or(FormatHint::detect));
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (own[i]) scan.hints[i] = *own[i];
  return Ok{};
}

}  // namespace leakscope
