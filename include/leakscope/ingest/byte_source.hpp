// ByteSource: where raw evidence bytes come from (a file, stdin, a string in a test).
//
// read() returns what is available now (at least one byte) or 0 at end of input, so a live
// serial pipe is processed as it arrives rather than when a large buffer fills.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "leakscope/model/result.hpp"

namespace leakscope {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills at most `capacity` bytes; returns the count, 0 at end of input. Throws nothing: a
  // read error ends the input and is reported by error().
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
  virtual const std::string& error() const = 0;
  // How the input is named in messages ("capture.log", "<stdin>").
  virtual const std::string& name() const = 0;
  // A pipe, a terminal, a serial device or a socket: bytes come as they are sent, and the
  // input may be joined in the middle of a stream. A file has all its bytes from the start.
  virtual bool arrives_over_time() const { return false; }
};

// Asked before each read of a descriptor. Live mode (`analyze --live`) waits there, with
// poll(), for the descriptor to become readable while it redraws its summary on time; it ends
// the input early (Ctrl-C) by returning false, which the source treats as end of input.
class ReadGate {
 public:
  virtual ~ReadGate() = default;
  virtual bool wait_readable(int fd) = 0;
};

// Opens a path, or stdin for "-". The returned source owns the descriptor (stdin excepted).
// `gate`, when given, must outlive the source.
Result<std::unique_ptr<ByteSource>> open_input(const std::string& path, int stdin_fd,
                                               ReadGate* gate = nullptr);

// In-memory source; chunk_size > 0 hands out at most that many bytes per read (tests use it
// to split lines across reads); `over_time` makes it stand for a pipe.
std::unique_ptr<ByteSource> string_source(std::string bytes, std::string name = "<string>",
                                          std::size_t chunk_size = 0, bool over_time = false);

}  // namespace leakscope
