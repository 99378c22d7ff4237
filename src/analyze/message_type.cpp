#include "leakscope/analyze/message_type.hpp"

#include "leakscope/ingest/log_message.hpp"

namespace leakscope {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word(char c) { return is_digit(c) || is_alpha(c) || c == '_'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

bool any_of(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (pred(c)) return true;
  return false;
}

std::size_t word_end(std::string_view s, std::size_t i) {
  while (i < s.size() && is_word(s[i])) ++i;
  return i;
}

// End of "aa:bb:cc:dd:ee:ff" or a UUID starting at i (four or more hex fields), else i.
std::size_t hex_group_end(std::string_view s, std::size_t i) {
  std::size_t end = word_end(s, i);
  if (end - i > 12 || !all_of(s.substr(i, end - i), is_hex)) return i;
  int fields = 1;
  bool digits = any_of(s.substr(i, end - i), is_digit);
  while (end + 1 < s.size() && (s[end] == ':' || s[end] == '-')) {
    const std::size_t next = word_end(s, end + 1);
    const std::string_view field = s.substr(end + 1, next - end - 1);
    if (field.size() > 12 || !all_of(field, is_hex)) break;
    digits |= any_of(field, is_digit);
    ++fields;
    end = next;
  }
  return fields >= 4 && digits ? end : i;
}

// The closing quote of a quoted text opened at s[i], or npos. A single quote only opens at the
// start of a word and closes at the end of one, so "can't" and "it's" stay words.
std::size_t closing_quote(std::string_view s, std::size_t i) {
  const char q = s[i];
  if (q == '\'' && i > 0 && is_word(s[i - 1])) return std::string_view::npos;
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] != q) continue;
    if (q == '"' || j + 1 == s.size() || !is_word(s[j + 1])) return j;
  }
  return std::string_view::npos;
}

}  // namespace

void MessageMasker::mask_message(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      if (!out_.empty() && out_.back() != ' ') out_.push_back(' ');
      ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      if (const std::size_t close = closing_quote(s, i); close != std::string_view::npos) {
        out_ += "<str>";
        i = close + 1;
        continue;
      }
    }
    if (!is_word(c)) {
      out_.push_back(c);
      ++i;
      continue;
    }
    if (const std::size_t group = hex_group_end(s, i); group > i) {
      out_ += "<id>";
      i = group;
      continue;
    }
    const std::size_t end = word_end(s, i);
    const std::string_view token = s.substr(i, end - i);
    i = end;
    if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X') &&
        all_of(token.substr(2), is_hex)) {
      out_ += "<hex>";
    } else if (all_of(token, is_digit)) {
      out_ += "<n>";
    } else if (token.size() >= 6 && all_of(token, is_hex) && any_of(token, is_digit)) {
      out_ += "<id>";
    } else if (is_digit(token.back()) && any_of(token, is_alpha)) {
      std::size_t digits = token.size();
      while (is_digit(token[digits - 1])) --digits;
      out_ += token.substr(0, digits);
      out_ += "<n>";
    } else {
      out_ += token;
    }
  }
  while (!out_.empty() && out_.back() == ' ') out_.pop_back();
}

std::string_view MessageMasker::mask(std::string_view line) {
  out_.clear();
  const LogMessage m = split_log_message(line);
  if (!m.level.empty()) out_ += m.level;
  if (!m.tag.empty()) {
    if (!out_.empty()) out_.push_back(' ');
    out_ += m.tag;
  }
  if (!out_.empty()) out_ += ": ";
  mask_message(m.message);
  if (out_.size() > max_length) out_.resize(max_length);
  return out_;
}

}  // namespace leakscope
