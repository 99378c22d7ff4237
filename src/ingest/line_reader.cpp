#include "leakscope/ingest/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace leakscope {

LineReader::LineReader(ByteSource& source, std::size_t max_line)
    : source_(source), max_line_(std::max<std::size_t>(max_line, 16)),
      buffer_(std::max<std::size_t>(64 * 1024, 2 * max_line_)) {}

// Moves the unconsumed bytes to the front and reads more; false at end of input.
bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const std::size_t n = source_.read(buffer_.data() + end_, buffer_.size() - end_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

bool LineReader::has_buffered_line() const {
  return !discarding_ && std::memchr(buffer_.data() + begin_, '\n', end_ - begin_) != nullptr;
}

bool LineReader::next(RawLine& line) {
  std::size_t scanned = 0;  // bytes after begin_ already known to hold no '\n'
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const std::size_t available = end_ - begin_;
    const void* nl = std::memchr(start + scanned, '\n', available - scanned);

    if (discarding_) {
      if (nl == nullptr) {
        begin_ = end_;  // drop everything read so far of the runaway line
        scanned = 0;
        if (!fill()) return false;
        continue;
      }
      begin_ += static_cast<std::size_t>(static_cast<const char*>(nl) - start) + 1;
      discarding_ = false;
      scanned = 0;
      continue;
    }

    if (nl != nullptr) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
      if (length <= max_line_) {
        line = RawLine{std::string_view(start, length), ++number_, false};
        begin_ += length + 1;
        return true;
      }
    }
    if (available >= max_line_ && (nl != nullptr || available > max_line_)) {
      line = RawLine{std::string_view(start, max_line_), ++number_, true};
      begin_ += max_line_;
      discarding_ = true;
      return true;
    }
    scanned = available;
    if (!fill()) {
      if (end_ == begin_) return false;
      // Last line without a newline.
      line = RawLine{std::string_view(buffer_.data() + begin_, end_ - begin_), ++number_, false};
      begin_ = end_;
      return true;
    }
  }
}

}  // namespace leakscope
