// The JSON spellings every JSON output of leakscope shares: addresses as hex strings, unknown
// names and lines as null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

}  // namespace leakscope::json_values
