// User heap telemetry patterns (--heap-pattern): RE2 with named captures.
#include <re2/re2.h>

#include <array>

#include "leakscope/ingest/heap_telemetry.hpp"

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
  explicit Compiled(const std::string& text) : pattern(text), re(text, re2::RE2::Quiet) {}

  std::string pattern;
  re2::RE2 re;
  std::array<int, byte_captures.size()> byte_group{-1, -1, -1, -1};  // 0: not in the pattern
  int heap_group = -1;
};

Status HeapPatterns::add(const std::string& pattern) {
  auto compiled = std::make_shared<Compiled>(pattern);
  const std::string quoted = "heap pattern '" + pattern + "'";
  if (!compiled->re.ok()) return Error{quoted + ": " + compiled->re.error()};
  for (const auto& [name, group] : compiled->re.NamedCapturingGroups()) {
    if (name == "heap") {
      compiled->heap_group = group;
      continue;
    }
    std::size_t i = 0;
    while (i < byte_captures.size() && byte_captures[i].name != name) ++i;
    if (i == byte_captures.size())
      return Error{quoted + ": unknown capture '" + name +
                   "' (the names are free, min_free, largest, total, heap)"};
    compiled->byte_group[i] = group;
  }
  if (compiled->byte_group[0] < 0) return Error{quoted + ": no (?P<free>...) capture"};
  patterns_.push_back(std::move(compiled));
  return Ok{};
}

Result<std::vector<HeapReading>> HeapPatterns::match(std::string_view line) const {
  std::vector<HeapReading> readings;
  std::vector<re2::StringPiece> groups;
  for (const auto& p : patterns_) {
    const int count = p->re.NumberOfCapturingGroups() + 1;
    groups.assign(static_cast<std::size_t>(count), re2::StringPiece());
    if (!p->re.Match(re2::StringPiece(line.data(), line.size()), 0, line.size(),
                     re2::RE2::UNANCHORED, groups.data(), count))
      continue;
    auto captured = [&](int group) -> std::optional<std::string_view> {
      if (group < 0 || groups[static_cast<std::size_t>(group)].data() == nullptr)
        return std::nullopt;
      const re2::StringPiece piece = groups[static_cast<std::size_t>(group)];
      return std::string_view(piece.data(), piece.size());
    };
    HeapReading reading;
    for (std::size_t i = 0; i < byte_captures.size(); ++i) {
      const std::optional<std::string_view> text = captured(p->byte_group[i]);
      if (!text) continue;
      std::uint64_t bytes = 0;
      if (!read_byte_count(*text, bytes))
        return Error{"heap pattern '" + p->pattern + "': " + std::string(byte_captures[i].name) +
                     " captured '" + std::string(*text) + "', not a byte count"};
      reading.*byte_captures[i].slot = bytes;
    }
    // An optional (?P<free>...) group that took no part in the match gives no sample.
    if (!reading.free) continue;
    if (auto heap = captured(p->heap_group)) reading.heap = std::string(*heap);
    readings.push_back(std::move(reading));
  }
  return readings;
}

}  // namespace leakscope
