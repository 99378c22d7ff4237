#include "leakscope/ingest/log_timestamp.hpp"

#include <array>
#include <chrono>

#include "leakscope/ingest/line_cleaner.hpp"
#include "leakscope/ingest/log_message.hpp"

namespace leakscope {

namespace {

constexpr double seconds_per_day = 86400;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Exactly n digits at text[pos]; advances pos.
bool fixed_digits(std::string_view text, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_digit(text[pos + i])) return false;
    value = value * 10 + (text[pos + i] - '0');
  }
  out = value;
  pos += n;
  return true;
}

// ".123" or ",123" (any number of digits) as a fraction of a second; nothing when absent.
double fraction(std::string_view text, std::size_t& pos) {
  if (pos + 1 >= text.size() || (text[pos] != '.' && text[pos] != ',') || !is_digit(text[pos + 1]))
    return 0;
  double value = 0;
  double scale = 0.1;
  for (++pos; pos < text.size() && is_digit(text[pos]); ++pos, scale /= 10)
    value += (text[pos] - '0') * scale;
  return value;
}

// "HH:MM:SS" with an optional fraction, as seconds. Hours may pass 23 when `uptime` (Zephyr
// counts hours since boot); a time of day may not.
bool clock_seconds(std::string_view text, std::size_t& pos, bool uptime, double& out) {
  int h = 0, m = 0, s = 0;
  std::size_t p = pos;
  std::size_t hour_digits = 0;
  while (p + hour_digits < text.size() && is_digit(text[p + hour_digits])) ++hour_digits;
  if (hour_digits < 2 || (!uptime && hour_digits != 2)) return false;
  if (!fixed_digits(text, p, hour_digits, h) || p >= text.size() || text[p++] != ':') return false;
  if (!fixed_digits(text, p, 2, m) || p >= text.size() || text[p++] != ':') return false;
  if (!fixed_digits(text, p, 2, s)) return false;
  if ((!uptime && h > 23) || m > 59 || s > 60) return false;  // 60: a leap second
  out = h * 3600.0 + m * 60.0 + s + fraction(text, p);
  pos = p;
  return true;
}

// Days since 1970-01-01 of a civil date, or nullopt when the date does not exist.
std::optional<double> civil_days(int year, int month, int day) {
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year},
                            std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return static_cast<double>(sys_days{date}.time_since_epoch().count());
}

// "YYYY-MM-DD" (or "YY-MM-DD" with `short_year`, ESP-IDF log v2) then 'T' or ' ', a clock and,
// for ISO 8601, an optional zone ("Z", "+02:00", "-0500"). Advances pos past what it read.
std::optional<double> date_time_seconds(std::string_view text, std::size_t& pos, bool short_year) {
  std::size_t p = pos;
  int y = 0, mo = 0, d = 0;
  if (!fixed_digits(text, p, short_year ? 2 : 4, y)) return std::nullopt;
  if (short_year) y += 2000;
  if (p >= text.size() || text[p++] != '-' || !fixed_digits(text, p, 2, mo)) return std::nullopt;
  if (p >= text.size() || text[p++] != '-' || !fixed_digits(text, p, 2, d)) return std::nullopt;
  if (p >= text.size() || (text[p] != 'T' && text[p] != ' ')) return std::nullopt;
  ++p;
  double clock = 0;
  if (!clock_seconds(text, p, false, clock)) return std::nullopt;
  const std::optional<double> days = civil_days(y, mo, d);
  if (!days) return std::nullopt;
  double seconds = *days * seconds_per_day + clock;
  if (p < text.size() && text[p] == 'Z') {
    ++p;
  } else if (p < text.size() && (text[p] == '+' || text[p] == '-')) {
    std::size_t z = p + 1;
    int zh = 0, zm = 0;
    if (fixed_digits(text, z, 2, zh)) {
      if (z < text.size() && text[z] == ':') ++z;
      if (fixed_digits(text, z, 2, zm) && zh < 24 && zm < 60) {
        // Local time = UTC + offset, so UTC = local - offset.
        const double offset = zh * 3600.0 + zm * 60.0;
        seconds += text[p] == '+' ? -offset : offset;
        p = z;
      }
    }
  }
  pos = p;
  return seconds;
}

bool ends_token(std::string_view text, std::size_t pos) {
  return pos == text.size() || text[pos] == ' ' || text[pos] == '\t' || text[pos] == ']';
}

// A bare timestamp as a monitor prints it: a date and time, or a clock alone.
std::optional<LineTime> timestamp_text(std::string_view text) {
  std::size_t pos = 0;
  if (auto wall = date_time_seconds(text, pos, false); wall && ends_token(text, pos))
    return LineTime{*wall, TimeBase::wall_clock};
  pos = 0;
  if (double clock = 0; clock_seconds(text, pos, false, clock) && ends_token(text, pos))
    return LineTime{clock, TimeBase::time_of_day};
  return std::nullopt;
}

// "Jul 23 16:55:07" (BSD syslog, RFC 3164), optionally after a "<PRI>". The year is not printed:
// days count within a leap year so that 29 February exists.
std::optional<LineTime> syslog_time(std::string_view line) {
  static constexpr std::array<std::string_view, 12> months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t pos = 0;
  if (line.starts_with('<')) {
    const std::size_t close = line.find('>');
    if (close == std::string_view::npos || close > 4) return std::nullopt;
    pos = close + 1;
  }
  const std::string_view rest = line.substr(pos);
  if (rest.size() < 15 || rest[3] != ' ') return std::nullopt;
  int month = 0;
  while (month < 12 && rest.substr(0, 3) != months[month]) ++month;
  if (month == 12) return std::nullopt;
  // The day is space-padded to two characters: "Jul  3".
  std::size_t p = rest[4] == ' ' ? 5 : 4;
  int day = 0;
  if (!fixed_digits(rest, p, 6 - p, day) || p != 6 || rest[p++] != ' ') return std::nullopt;
  double clock = 0;
  if (!clock_seconds(rest, p, false, clock) || !ends_token(rest, p)) return std::nullopt;
  const auto days = civil_days(2000, month + 1, day);
  const auto new_year = civil_days(2000, 1, 1);
  if (!days) return std::nullopt;
  return LineTime{(*days - *new_year) * seconds_per_day + clock, TimeBase::date_no_year};
}

std::optional<LineTime> esp_idf_time(std::string_view ts) {
  std::size_t pos = 0;
  // Digits alone (the common case, once per log line): one pass, no character-set search.
  double ms = 0;
  std::size_t digits = 0;
  while (digits < ts.size() && ts[digits] >= '0' && ts[digits] <= '9')
    ms = ms * 10 + (ts[digits++] - '0');
  if (!ts.empty() && digits == ts.size()) {
    if (ts.size() > 16) return std::nullopt;
    // Log v2 may print Unix milliseconds; uptime never reaches 10^12 ms (31 years).
    if (ms >= 1e12) return LineTime{ms / 1000, TimeBase::wall_clock};
    return LineTime{ms / 1000, TimeBase::since_boot};
  }
  if (auto wall = date_time_seconds(ts, pos, true); wall && pos == ts.size())
    return LineTime{*wall, TimeBase::wall_clock};
  pos = 0;
  if (double clock = 0; clock_seconds(ts, pos, false, clock) && pos == ts.size())
    return LineTime{clock, TimeBase::time_of_day};
  return std::nullopt;
}

std::optional<LineTime> zephyr_time(std::string_view ts) {
  while (ts.starts_with(' ')) ts.remove_prefix(1);
  std::size_t pos = 0;
  // "%02u:%02u:%02u.%03u,%03u": uptime as h:m:s.ms,us (the hours keep counting past 23).
  if (double clock = 0; clock_seconds(ts, pos, true, clock)) {
    if (pos < ts.size() && ts[pos] == ',') clock += fraction(ts, pos) / 1000;
    if (pos == ts.size()) return LineTime{clock, TimeBase::since_boot};
    return std::nullopt;
  }
  if (auto wall = date_time_seconds(ts, pos, false); wall && pos == ts.size())
    return LineTime{*wall, TimeBase::wall_clock};
  // "%5lu.%06d": Linux-style seconds since boot. Digits alone are raw ticks: unit unknown.
  const std::size_t dot = ts.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  double seconds = 0;
  for (std::size_t i = 0; i < dot; ++i) {
    if (!is_digit(ts[i])) return std::nullopt;
    seconds = seconds * 10 + (ts[i] - '0');
  }
  pos = dot;
  seconds += fraction(ts, pos);
  if (pos != ts.size()) return std::nullopt;
  return LineTime{seconds, TimeBase::since_boot};
}

}  // namespace

std::optional<LineTime> device_log_time(std::string_view line) {
  const LogMessage m = split_log_message(line);
  if (m.timestamp.empty()) return std::nullopt;
  switch (m.flavor) {
    case LogFlavor::esp_idf: return esp_idf_time(m.timestamp);
    case LogFlavor::particle: return esp_idf_time(m.timestamp);  // ten digits: ms since boot
    case LogFlavor::zephyr: return zephyr_time(m.timestamp);
    case LogFlavor::none: break;
  }
  return std::nullopt;
}

std::optional<LineTime> parse_line_time(std::string_view line) {
  std::string_view monitor;
  if (monitor_timestamp_length(line, monitor) > 0) return timestamp_text(monitor);
  std::size_t pos = 0;
  if (auto wall = date_time_seconds(line, pos, false); wall && ends_token(line, pos))
    return LineTime{*wall, TimeBase::wall_clock};
  if (auto syslog = syslog_time(line)) return syslog;
  return device_log_time(line);
}

std::optional<LineTime> line_time(const CleanLine& line) {
  if (auto device = device_log_time(line.text)) return device;
  if (!line.host_timestamp.empty()) return timestamp_text(line.host_timestamp);
  return std::nullopt;
}

double TimeUnwrapper::unwrap(const LineTime& time) {
  double period = 0;
  if (time.base == TimeBase::time_of_day) period = seconds_per_day;
  if (time.base == TimeBase::date_no_year) period = 366 * seconds_per_day;
  if (period > 0 && previous_ && time.seconds < *previous_ - period / 2) offset_ += period;
  previous_ = time.seconds;
  return time.seconds + offset_;
}

}  // namespace leakscope
