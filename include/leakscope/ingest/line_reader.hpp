// LineReader: splits a ByteSource into lines without holding more than one buffer.
//
//   LineReader reader(source);
//   RawLine line;
//   while (reader.next(line)) handle(line.bytes, line.number);
//
// Lines end at '\n'; what remains of '\r', colour codes and the like is the cleaner's business
// (line_cleaner.hpp). A line longer than max_line is cut: its first max_line bytes are returned
// with truncated = true and the rest is dropped, so one runaway line (a binary blob on the
// UART, a baud-rate mismatch) cannot grow memory. Views stay valid until the next call.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "leakscope/ingest/byte_source.hpp"

namespace leakscope {

struct RawLine {
  std::string_view bytes;
  std::uint64_t number = 0;  // 1-based
  bool truncated = false;
};

class LineReader {
 public:
  static constexpr std::size_t default_max_line = 8192;

  explicit LineReader(ByteSource& source, std::size_t max_line = default_max_line);

  bool next(RawLine& line);
  // Whether next() can return a complete line without reading: a pipe server flushes its
  // answers only when it is about to wait for input (answering each line before the next
  // arrives, without a write per line when input comes in bulk).
  bool has_buffered_line() const;

 private:
  bool fill();

  ByteSource& source_;
  std::size_t max_line_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::uint64_t number_ = 0;
  bool eof_ = false;
  bool discarding_ = false;  // inside the dropped tail of a truncated line
};

}  // namespace leakscope
