// User heap telemetry patterns (--heap-pattern): RE2 with named captures.
#include <array>

#include "leakscope/ingest/heap_telemetry.hpp"
#include "leakscope/ingest/named_pattern.hpp"

namespace leakscope {

namespace {

// The byte-count captures a pattern may name, and where each goes in a reading.
struct ByteCapture {
  std::string_view name;
  std::optional<std::uint64_t> HeapReading::*slot;
};

constexpr std::array<ByteCapture, 4> byte_captures = {{
    {"free", &HeapReading::free},
    {"min_free", &HeapReading::min_free},
    {"largest", &HeapReading::largest_free},
    {"total", &HeapReading::total},
}};

}  // namespace

struct HeapPatterns::Compiled {
  NamedPattern pattern;
};

Status HeapPatterns::add(const std::string& pattern) {
  std::vector<std::string_view> names = {"heap"};
  for (const ByteCapture& c : byte_captures) names.push_back(c.name);
  auto compiled = NamedPattern::compile(pattern, names, {"free"}, "heap pattern");
  if (!compiled) return compiled.error();
  patterns_.push_back(std::make_shared<const Compiled>(Compiled{compiled.take()}));
  return Ok{};
}

Result<std::vector<HeapReading>> HeapPatterns::match(std::string_view line) const {
  std::vector<HeapReading> readings;
  const NamedPattern::Line utf8_line(line);  // checked for UTF-8 once, whatever the patterns
  for (const auto& p : patterns_) {
    const std::optional<NamedPattern::Match> m = p->pattern.match(utf8_line);
    if (!m) continue;
    HeapReading reading;
    for (const ByteCapture& c : byte_captures) {
      const std::optional<std::string_view> text = m->get(c.name);
      if (!text) continue;
      std::uint64_t bytes = 0;
      if (!read_byte_count(*text, bytes))
        return Error{"heap pattern '" + p->pattern.text() + "': " + std::string(c.name) +
                     " captured '" + std::string(*text) + "', not a byte count"};
      reading.*c.slot = bytes;
    }
    // An optional (?P<free>...) group that took no part in the match gives no sample.
    if (!reading.free) continue;
    if (auto heap = m->get("heap")) reading.heap = std::string(*heap);
    readings.push_back(std::move(reading));
  }
  return readings;
}

}  // namespace leakscope
