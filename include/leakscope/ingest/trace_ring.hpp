// Ring-buffer images (docs/trace-format.md, "Carriers" 2): the recorder's ring buffer dumped
// from RAM, with its `LSRB` descriptor or as a bare data area.
//
//   std::string problem = read_ring_image(bytes, SourcePos{input}, sink);   // "LSRB..."
//   read_ring_data(bytes, SourcePos{input}, sink);                          // data area alone
//
// Frames reach the sink oldest first, positioned at their offset in the image. With a
// descriptor the data is read from `head` on once the ring has wrapped, and the bytes before
// the first whole frame (the frame the wrap overwrote in part) are not damage. Without one,
// every frame is found by its sync word, reading across the end of the area into its start,
// and the frames are taken in order of position starting after the largest backward step
// of their sequence numbers (modulo 65536, not counting a step to a seq-0 HEADER, where a
// recording begins); with no backward step, from the area's start. Bytes between the newest
// and the oldest frame are the ring's overwritten or unwritten space, not damage. What the
// wrap lost shows in the sequence number of the oldest frame (TraceEventMapper).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/ingest/trace_frame.hpp"

namespace leakscope {

inline constexpr std::string_view ring_magic = "LSRB";
inline constexpr std::size_t ring_descriptor_size = 16;

// Why the descriptor could not be followed as it is (the image is shorter than its capacity,
// head lies outside it), or empty. Whatever can be read is read.
std::string read_ring_image(std::string_view image, SourcePos base, FrameSink& sink);

// `base.offset` is the offset of data[0] in the input.
void read_ring_data(std::string_view data, SourcePos base, FrameSink& sink);

// The image (descriptor and data) of a ring of `capacity` bytes after `stream` was written into
// it byte after byte, as the recorder's ring does: for tests and fixture generators.
std::string ring_image_of(std::string_view stream, std::uint32_t capacity);

}  // namespace leakscope
