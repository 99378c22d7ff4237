// LineCleaner: turns a raw serial line into the text parsers match against.
//
// Serial captures carry more than the firmware's printf: CRLF or stray CR, ANSI colour codes
// (from the firmware or added by the monitor), NUL and other control bytes from line noise,
// and host timestamp prefixes added by the monitor. The cleaner removes all of these; bytes
// >= 0x80 are kept as they are (UTF-8 or not) because parsers only match ASCII.
//
// The returned view points either into the raw line (nothing to remove, the common case) or
// into the cleaner's own buffer; it is valid until the next clean().
#pragma once

#include <string>
#include <string_view>

namespace leakscope {

struct CleanLine {
  std::string_view text;
  std::string_view host_timestamp;  // monitor-added prefix, without brackets; empty if none
};

class LineCleaner {
 public:
  CleanLine clean(std::string_view raw);

 private:
  std::string buffer_;
};

// The monitor timestamp prefix at the start of `text`, if any, and its length including the
// separator: "2024-05-01 12:00:00 ", "[2024-05-01 12:00:00.123] ", "[12:00:00.123] ",
// "12:00:00.123 > " (pio device monitor's time filter).
std::size_t monitor_timestamp_length(std::string_view text, std::string_view& timestamp);

}  // namespace leakscope
