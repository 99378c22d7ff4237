#include "leakscope/ingest/log_line.hpp"

#include "leakscope/ingest/cursor.hpp"

namespace leakscope {

namespace {

bool is_level(char c) { return c == 'E' || c == 'W' || c == 'I' || c == 'D' || c == 'V'; }

bool is_tag_char(char c) { return c != ' ' && c != ':' && static_cast<unsigned char>(c) > 0x20; }

}  // namespace

bool parse_esp_log_line(std::string_view line, EspLogLine& out) {
  if (line.size() < 3 || !is_level(line[0]) || line[1] != ' ') return false;
  EspLogLine result;
  result.level = line[0];
  std::string_view rest = line.substr(2);
  if (!rest.empty() && rest[0] == '(') {
    const std::size_t close = rest.find(") ");
    if (close == std::string_view::npos || close == 1) return false;
    result.timestamp = rest.substr(1, close - 1);
    for (char c : result.timestamp)
      if (!((c >= '0' && c <= '9') || c == ':' || c == '.' || c == '-' || c == ' ')) return false;
    rest = rest.substr(close + 2);
  }
  std::size_t tag_end = 0;
  while (tag_end < rest.size() && is_tag_char(rest[tag_end])) ++tag_end;
  if (tag_end > 0 && rest.substr(tag_end, 2) == ": ") {
    result.tag = rest.substr(0, tag_end);
    result.message = rest.substr(tag_end + 2);
  } else if (tag_end > 0 && tag_end + 1 == rest.size() && rest[tag_end] == ':') {
    result.tag = rest.substr(0, tag_end);
  } else if (!result.timestamp.empty()) {
    result.message = rest;  // timestamp but no tag
  } else {
    return false;  // "I something" alone is too weak to call a log line
  }
  out = result;
  return true;
}

bool is_monitor_annotation(std::string_view line) {
  if (line.starts_with("--- ") || line == "---") return true;
  if (line.starts_with(" (inlined by) ")) return true;
  Cursor c(line);
  std::uint64_t address = 0;
  if (!c.hex(address) || !c.literal(": ")) return false;
  const std::string_view rest = c.rest();
  return rest.find(" at ") != std::string_view::npos || rest.find(" in ROM") != std::string_view::npos ||
         rest.starts_with("??");
}

}  // namespace leakscope
