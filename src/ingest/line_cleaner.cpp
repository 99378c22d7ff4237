#include "leakscope/ingest/line_cleaner.hpp"

#include <algorithm>

namespace leakscope {

namespace {

bool needs_cleaning(unsigned char c) { return c < 0x20 && c != '\t'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Matches a pattern where 'd' stands for a digit and anything else for itself.
bool matches_shape(std::string_view text, std::string_view shape) {
  if (text.size() < shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd' ? !is_digit(text[i]) : text[i] != shape[i]) return false;
  }
  return true;
}

// Length of "HH:MM:SS" optionally followed by ".fff" (any number of fraction digits).
std::size_t clock_length(std::string_view text) {
  if (!matches_shape(text, "dd:dd:dd")) return 0;
  std::size_t n = 8;
  if (n < text.size() && (text[n] == '.' || text[n] == ',')) {
    std::size_t digits = n + 1;
    while (digits < text.size() && is_digit(text[digits])) ++digits;
    if (digits > n + 1) n = digits;
  }
  return n;
}

// Length of "YYYY-MM-DD HH:MM:SS[.fff]" (or with 'T').
std::size_t date_time_length(std::string_view text) {
  if (!matches_shape(text, "dddd-dd-dd") || text.size() < 11) return 0;
  if (text[10] != ' ' && text[10] != 'T') return 0;
  const std::size_t clock = clock_length(text.substr(11));
  return clock == 0 ? 0 : 11 + clock;
}

// Skips one escape sequence starting at text[i] == ESC; returns the index after it.
std::size_t skip_escape(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  if (j >= text.size()) return j;
  if (text[j] == '[') {  // CSI: parameters and intermediates, then a final byte 0x40-0x7e
    ++j;
    while (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x20 &&
           static_cast<unsigned char>(text[j]) < 0x40)
      ++j;
    if (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x40 &&
        static_cast<unsigned char>(text[j]) <= 0x7e)
      ++j;
    return j;
  }
  return j + 1;  // two-byte escape (ESC c, ESC 7, ...)
}

}  // namespace

std::size_t monitor_timestamp_length(std::string_view text, std::string_view& timestamp) {
  if (!text.empty() && text[0] == '[') {
    std::size_t n = date_time_length(text.substr(1));
    if (n == 0) n = clock_length(text.substr(1));
    if (n > 0 && n + 1 < text.size() && text[n + 1] == ']') {
      timestamp = text.substr(1, n);
      std::size_t end = n + 2;
      if (end < text.size() && text[end] == ' ') ++end;
      return end;
    }
    return 0;
  }
  if (std::size_t n = date_time_length(text); n > 0 && n < text.size() && text[n] == ' ') {
    timestamp = text.substr(0, n);
    return n + 1;
  }
  if (std::size_t n = clock_length(text); n > 0 && text.substr(n, 3) == " > ") {
    timestamp = text.substr(0, n);
    return n + 3;
  }
  return 0;
}

CleanLine LineCleaner::clean(std::string_view raw) {
  std::string_view text = raw;
  // A CRLF capture ends every line in '\r': dropping it here keeps most lines a view.
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
  const auto dirty = [](char c) { return needs_cleaning(static_cast<unsigned char>(c)); };
  auto next = std::find_if(text.begin(), text.end(), dirty);
  if (next != text.end()) {
    buffer_.clear();
    auto from = text.begin();
    while (next != text.end()) {
      buffer_.append(from, next);  // the clean run before it, at once
      const auto i = static_cast<std::size_t>(next - text.begin());
      from = static_cast<unsigned char>(*next) == 0x1b ? text.begin() + skip_escape(text, i)
                                                       : next + 1;
      next = std::find_if(from, text.end(), dirty);
    }
    buffer_.append(from, text.end());
    text = buffer_;
  }
  CleanLine line;
  text.remove_prefix(monitor_timestamp_length(text, line.host_timestamp));
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  line.text = text;
  return line;
}

}  // namespace leakscope
