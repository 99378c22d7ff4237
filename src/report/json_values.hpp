// The JSON spellings every JSON output of leakscope shares: addresses as hex strings, unknown
// names and lines as null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "leakscope/model/event.hpp"

namespace leakscope::json_values {

inline nlohmann::json hex(std::uint64_t address) { return fmt::format("{:#010x}", address); }

inline nlohmann::json or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Line numbers start at 1; 0 means unknown.
inline nlohmann::json line_or_null(std::uint32_t line) {
  return line == 0 ? nlohmann::json(nullptr) : nlohmann::json(line);
}

// Where in the input: {"input": name or null, "line": n or null}, and "offset" for a binary
// input, which has no lines.
inline nlohmann::json position(const std::string* input, SourcePos pos) {
  nlohmann::json out = {{"input", input != nullptr ? nlohmann::json(*input) : nlohmann::json(nullptr)},
                        {"line", pos.line == 0 ? nlohmann::json(nullptr) : nlohmann::json(pos.line)}};
  if (pos.line == 0) out["offset"] = pos.offset;
  return out;
}

}  // namespace leakscope::json_values
