// Frames out of one input, whatever carries them: the binary carriers (raw stream, ring image,
// bare ring data) and the LSTRACE lines of a text log.
//
//   InputPeek peek = peek_carrier(source);
//   if (peek.carrier == Carrier::text) read_trace_lines(*replay_source(...), SourcePos{i}, sink);
//   else BinaryRead r = read_binary_frames(peek, source, SourcePos{i}, sink);
//
// A raw stream is decoded as it is read, in 64 KiB chunks: memory does not grow with the
// input. Ring images and data areas are read whole (they are a device's RAM).
#pragma once

#include <cstdint>
#include <string>

#include "leakscope/ingest/byte_source.hpp"
#include "leakscope/ingest/input_carrier.hpp"
#include "leakscope/ingest/line_reader.hpp"
#include "leakscope/ingest/trace_frame.hpp"

namespace leakscope {

struct BinaryRead {
  std::uint64_t bytes = 0;
  std::string problem;  // a ring descriptor that could not be followed as it is; empty if none
};

// peek: what peek_carrier() read from `source`, for a binary carrier.
BinaryRead read_binary_frames(InputPeek&& peek, ByteSource& source, SourcePos base, FrameSink& sink);

struct TraceLineRead {
  std::uint64_t lines = 0;        // all lines read
  std::uint64_t trace_lines = 0;  // lines carrying "LSTRACE:"
  std::uint64_t overlong = 0;     // lines cut at the reader's limit (their frames are lost)
};

// Only the trace lines of a text input; other lines are passed over. (`leakscope analyze`
// reads text through LogScanner, which hands it the trace lines and reads the rest.)
TraceLineRead read_trace_lines(ByteSource& source, std::uint32_t input, FrameSink& sink,
                               std::size_t max_line = LineReader::default_max_line);

}  // namespace leakscope
