// Frames of the binary trace format (docs/trace-format.md, "Frame"): the encoder, and a
// streaming decoder fed arbitrary chunks that resynchronises exactly as the spec says.
//
//   class Frames : public FrameSink { on_frame(...), on_damage(...) };
//   FrameDecoder decoder(frames, SourcePos{input});
//   while (n = source.read(buf, size)) decoder.feed({buf, n});
//   decoder.finish();                      // a frame cut off by the end of input, trailing bytes
//
// The decoder looks for the sync word, checks the header's length (at most 1024), waits for
// the payload and CRC, and checks the CRC. On any failure it reports the damage and resumes
// one byte after the sync word it tried, so a frame hidden inside damaged bytes is still
// found; after a good frame it resumes after its CRC, so a sync word inside a payload is
// harmless. Each damage is reported once: a failed frame that starts inside the claimed
// extent of one already reported (a sync word inside the damaged bytes) is not reported
// again, and bytes skipped while searching are one `unsynced` report per run, unless a
// reported damage covers them or they follow its extent directly (the rest of a frame whose
// length was damaged). Memory: one frame plus the chunk being fed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leakscope/model/event.hpp"

namespace leakscope {

struct TraceFrame {
  SourcePos pos;  // offset: of the sync word, in the carrier's bytes (for a text line: its decoded bytes)
  std::uint8_t type = 0;
  std::uint16_t seq = 0;
  std::string_view payload;  // valid during on_frame() only
  std::uint64_t size = 0;    // the whole frame, sync to CRC
};

enum class FrameDamageKind : std::uint8_t {
  bad_crc,    // header read, CRC does not match
  oversize,   // length over 1024 (or a varint that is no length at all)
  truncated,  // the input ended inside the frame
  unsynced,   // bytes skipped while looking for a sync word
  undecodable,  // carrier-level damage: a text line whose base64 does not decode
};

struct FrameDamage {
  FrameDamageKind kind = FrameDamageKind::bad_crc;
  SourcePos pos;            // where the damaged bytes start
  std::uint64_t length = 0; // bytes: unsynced run, truncated tail; else the frame's claimed size
  std::uint8_t type = 0;    // bad_crc, oversize, truncated: as the (maybe damaged) header says
  std::uint16_t seq = 0;
  bool header_read = false; // type and seq were read
};

// One line saying what was damaged: "bad CRC (ALLOC, seq 17 by its header)".
std::string damage_text(const FrameDamage& damage);

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void on_frame(const TraceFrame& frame) = 0;
  virtual void on_damage(const FrameDamage& damage) = 0;
};

// sync, type, seq, length, payload, CRC. The payload must be at most 1024 bytes.
std::string encode_frame(std::uint8_t type, std::uint16_t seq, std::string_view payload);

// CRC-32 as the spec defines it (zlib's crc32).
std::uint32_t trace_crc32(std::string_view bytes);

class FrameDecoder {
 public:
  // Offsets count from 0 at `base` (its offset field is added to every reported offset).
  FrameDecoder(FrameSink& sink, SourcePos base);

  void feed(std::string_view chunk);
  // End of input: reports a frame cut off and trailing unsynced bytes, and finds any frame
  // inside them. The decoder can be reset() and used again.
  void finish();
  // End of the bytes that could be read, when what follows was not (a text line whose base64
  // stops decoding): the frame buffered is dropped unreported, the caller reports the loss.
  void abandon();
  // Starts over at a new base (the next text line), forgetting everything buffered.
  void reset(SourcePos base);

  // Bytes fed since the last reset().
  std::uint64_t bytes_fed() const { return offset_ + (buffer_.size() - start_); }

 private:
  enum class Step { frame, damaged, wait };
  void process(bool at_end);
  Step try_frame(bool at_end);  // a frame starting with the sync word at start_
  void skip(std::size_t n);  // drops n bytes at start_ that belong to no good frame
  void report(FrameDamage damage, std::uint64_t extent_end);
  void close_unsynced(std::uint64_t end);
  SourcePos at(std::uint64_t offset) const;

  FrameSink& sink_;
  SourcePos base_;
  std::string buffer_;
  std::size_t start_ = 0;         // first unconsumed byte in buffer_
  std::uint64_t offset_ = 0;      // offset of buffer_[start_]
  std::uint64_t covered_until_ = 0;  // damage already reported up to here (offset)
  bool damage_open_ = false;       // damage was reported since the last good frame
  bool run_open_ = false;          // an unsynced run is being collected
  bool run_folded_ = false;        // ... that continues a reported damage: not reported again
  std::uint64_t run_start_ = 0;
};

}  // namespace leakscope
