// Which carrier an input is, told by its first bytes, whatever its name; works on a pipe
// (the bytes read to decide are handed back by a replaying source, nothing is seeked).
//
//   InputPeek peek = peek_carrier(source);
//   auto replay = replay_source(std::move(peek.head), source);   // reads as if from the start
//   switch (peek.carrier) { ... }
//
// Rules (docs/trace-format.md, "Carriers"): "LSRB" first: a ring-buffer image; the sync word
// first: a raw trace stream; mostly printable text with line breaks: a text log (which may
// carry LSTRACE lines); other binary bytes: from a pipe or device (arrives_over_time()), a raw
// stream joined in the middle; from a file, a bare ring data area if it ends within
// `max_ring_data` bytes, else a raw stream the capture began in the middle of. A text log is
// decided as soon as two lines look like text, so a live serial log is not held back.
// SystemView captures of ESP-IDF's host-based heap tracing (sysview_input.hpp): OpenOCD's ";"
// header or SystemView's 10-zero sync first: sysview; text whose first JSON key is that of
// sysviewtrace_proc.py's JSON ("events", "streams", "version"): sysview_json.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "leakscope/ingest/byte_source.hpp"

namespace leakscope {

enum class Carrier : std::uint8_t { text, trace_stream, ring_image, ring_data, sysview, sysview_json };

// "text", "trace", "ring", "ring-data", "sysview", "sysview-json"
std::string_view carrier_name(Carrier carrier);

inline constexpr std::size_t max_ring_data = 8u << 20;

struct InputPeek {
  Carrier carrier = Carrier::text;
  std::string head;  // the bytes read to decide (for ring_data: the whole input)
  bool at_end = false;  // head is the whole input
};

InputPeek peek_carrier(ByteSource& source);

// Returns `head`, then the rest of `source` (which must outlive the result).
std::unique_ptr<ByteSource> replay_source(std::string head, ByteSource& source);

}  // namespace leakscope
