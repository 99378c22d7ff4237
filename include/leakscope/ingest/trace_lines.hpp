// Trace frames carried on text lines (docs/trace-format.md, "Carriers" 3): "LSTRACE:" and the
// base64 of one or more whole frames, up to the end of the line, with any prefix before it.
//
//   if (auto text = find_trace_text(line)) lines.decode(*text, pos);   // frames -> sink
//
// Each line is decoded on its own: a frame never spans lines, and a line cut short or hit by
// noise costs the frames on it (reported with the line), not those of the next line.
#pragma once

#include <optional>
#include <string_view>

#include "leakscope/ingest/trace_frame.hpp"

namespace leakscope {

inline constexpr std::string_view trace_line_tag = "LSTRACE:";

// The base64 text after the tag, or nullopt when the line carries no trace.
std::optional<std::string_view> find_trace_text(std::string_view line);

class TraceLineDecoder {
 public:
  explicit TraceLineDecoder(FrameSink& sink) : sink_(sink), decoder_(sink, {}) {}

  // pos: the line (its offset is ignored: frames are placed by their offset in the decoded bytes).
  void decode(std::string_view base64, SourcePos pos);

 private:
  FrameSink& sink_;
  FrameDecoder decoder_;
};

}  // namespace leakscope
