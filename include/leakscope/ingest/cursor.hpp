// Cursor: a forward-only scanner over one line, for hand-written recognisers.
//
//   Cursor c(line);
//   std::uint64_t size;
//   if (c.number(size) && c.literal(" bytes (@ ") && ...)
//
// Every method either consumes what it matched and returns true, or consumes nothing and
// returns false, so alternatives can be tried in turn. No allocation, no regex: this runs on
// every line of a log. Numbers are read with std::from_chars; this file is the one place in
// ingest that reads hex and decimal numbers from text (whole tokens: parse_hex_address,
// parse_number below).
#pragma once

#include <cstdint>
#include <string_view>

namespace leakscope {

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  std::string_view rest() const { return text_.substr(pos_); }
  bool at_end() const { return pos_ >= text_.size(); }
  std::size_t position() const { return pos_; }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  // Exact text.
  bool literal(std::string_view s);
  // One or more spaces/tabs (spaces() also accepts none).
  bool some_spaces();
  void spaces();
  // Unsigned decimal.
  bool number(std::uint64_t& out);
  // "0x" or "0X" followed by 1-16 hex digits, any case.
  bool hex(std::uint64_t& out);
  // 1-16 hex digits without a prefix.
  bool bare_hex(std::uint64_t& out);
  // Up to the next space (at least one character).
  bool word(std::string_view& out);

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool is_hex_digit(char c);  // 0-9, a-f, A-F

// Whole tokens (all of `text`, nothing around it; false leaves `out` unspecified):
// an address, with or without 0x ("0x8010", "8010");
bool parse_hex_address(std::string_view text, std::uint64_t& out);
// a number: hex with 0x ("0x40"), else decimal ("64").
bool parse_number(std::string_view text, std::uint64_t& out);

}  // namespace leakscope
