#include "leakscope/ingest/cursor.hpp"

#include <charconv>

namespace leakscope {

bool Cursor::literal(std::string_view s) {
  if (rest().substr(0, s.size()) != s) return false;
  pos_ += s.size();
  return true;
}

bool Cursor::some_spaces() {
  const std::size_t start = pos_;
  spaces();
  return pos_ > start;
}

void Cursor::spaces() {
  while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
}

bool Cursor::number(std::uint64_t& out) {
  const char* first = text_.data() + pos_;
  const char* last = text_.data() + text_.size();
  auto [ptr, ec] = std::from_chars(first, last, out, 10);
  if (ec != std::errc{} || ptr == first) return false;
  pos_ += static_cast<std::size_t>(ptr - first);
  return true;
}

bool Cursor::hex(std::uint64_t& out) {
  const std::size_t start = pos_;
  if (!literal("0x") && !literal("0X")) return false;
  if (bare_hex(out)) return true;
  pos_ = start;
  return false;
}

bool Cursor::bare_hex(std::uint64_t& out) {
  std::size_t end = pos_;
  while (end < text_.size() && is_hex_digit(text_[end])) ++end;
  const std::size_t digits = end - pos_;
  if (digits == 0 || digits > 16) return false;
  const char* first = text_.data() + pos_;
  std::from_chars(first, first + digits, out, 16);
  pos_ = end;
  return true;
}

bool Cursor::word(std::string_view& out) {
  std::size_t end = pos_;
  while (end < text_.size() && text_[end] != ' ' && text_[end] != '\t') ++end;
  if (end == pos_) return false;
  out = text_.substr(pos_, end - pos_);
  pos_ = end;
  return true;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool parse_hex_address(std::string_view text, std::uint64_t& out) {
  Cursor c(text);
  if (!c.hex(out) && !c.bare_hex(out)) return false;
  return c.at_end();
}

bool parse_number(std::string_view text, std::uint64_t& out) {
  Cursor c(text);
  if (!c.hex(out) && !c.number(out)) return false;
  return c.at_end();
}

}  // namespace leakscope
