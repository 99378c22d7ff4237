#include "leakscope/ingest/log_message.hpp"

#include <array>

#include "leakscope/ingest/log_line.hpp"

namespace leakscope {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "LEVEL: " (or "LEVEL:" ending the line) at `pos`, which starts the text or follows a space.
std::size_t particle_level_length(std::string_view text, std::size_t pos) {
  static constexpr std::array<std::string_view, 5> levels = {"TRACE", "INFO", "WARN", "ERROR",
                                                             "PANIC"};
  if (pos > 0 && text[pos - 1] != ' ') return 0;
  for (std::string_view level : levels) {
    const std::string_view at = text.substr(pos);
    if (!at.starts_with(level) || at.substr(level.size(), 1) != ":") continue;
    const std::size_t end = level.size() + 1;
    if (end == at.size() || at[end] == ' ') return level.size();
  }
  return 0;
}

}  // namespace

bool parse_particle_log_line(std::string_view line, LogMessage& out) {
  // "%010u " is exactly ten digits (HAL milliseconds wrap at 2^32, which still fits ten).
  if (line.size() < 12 || !all_digits(line.substr(0, 10)) || line[10] != ' ') return false;
  LogMessage m;
  m.flavor = LogFlavor::particle;
  m.timestamp = line.substr(0, 10);
  std::string_view rest = line.substr(11);
  if (rest.starts_with('[')) {
    const std::size_t close = rest.find("] ");
    if (close == std::string_view::npos || close == 1) return false;
    m.tag = rest.substr(1, close - 1);
    rest = rest.substr(close + 2);
  }
  // The level follows the optional source info, so it is the first "LEVEL: " on a word start.
  for (std::size_t pos = 0; pos < rest.size(); ++pos) {
    if (const std::size_t n = particle_level_length(rest, pos); n > 0) {
      m.level = rest.substr(pos, n);
      const std::size_t message = pos + n + 2;
      m.message = message < rest.size() ? rest.substr(message) : std::string_view{};
      out = m;
      return true;
    }
  }
  // Ten digits and a category but no level: still this handler (a message cut at 160 bytes
  // keeps its prefix); ten digits alone could be anyone's counter.
  if (m.tag.empty()) return false;
  m.message = rest;
  out = m;
  return true;
}

bool parse_zephyr_log_line(std::string_view line, LogMessage& out) {
  LogMessage m;
  m.flavor = LogFlavor::zephyr;
  std::string_view rest = line;
  // Minimal log mode: "E: message".
  if (rest.size() >= 3 && (rest[0] == 'E' || rest[0] == 'W' || rest[0] == 'I' || rest[0] == 'D') &&
      rest.substr(1, 2) == ": ") {
    m.level = rest.substr(0, 1);
    m.message = rest.substr(3);
    out = m;
    return true;
  }
  if (rest.starts_with('[')) {
    const std::size_t close = rest.find("] ");
    if (close == std::string_view::npos) return false;
    m.timestamp = rest.substr(1, close - 1);
    rest = rest.substr(close + 2);
    while (rest.starts_with(' ')) rest.remove_prefix(1);
  }
  if (rest.size() < 5 || rest[0] != '<' || rest[4] != '>') return false;
  const std::string_view level = rest.substr(1, 3);
  if (level != "err" && level != "wrn" && level != "inf" && level != "dbg") return false;
  m.level = level;
  rest = rest.substr(5);
  if (rest.starts_with(' ')) rest.remove_prefix(1);
  // "module: " or "domain/module: "; a function-name prefix ("module.func: ") stays in the tag.
  const std::size_t colon = rest.find(": ");
  const std::size_t space = rest.find(' ');
  if (colon != std::string_view::npos && colon > 0 && colon < space) {
    m.tag = rest.substr(0, colon);
    rest = rest.substr(colon + 2);
  }
  m.message = rest;
  out = m;
  return true;
}

LogMessage split_log_message(std::string_view line) {
  LogMessage m;
  if (EspLogLine esp; parse_esp_log_line(line, esp)) {
    m.flavor = LogFlavor::esp_idf;
    m.timestamp = esp.timestamp;
    m.level = line.substr(0, 1);
    m.tag = esp.tag;
    m.message = esp.message;
    return m;
  }
  if (parse_particle_log_line(line, m) || parse_zephyr_log_line(line, m)) return m;
  m.message = line;
  return m;
}

}  // namespace leakscope
