#include "leakscope/ingest/trace_frame.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <zlib.h>

#include "leakscope/ingest/trace_bytes.hpp"
#include "leakscope/ingest/trace_records.hpp"

namespace leakscope {

namespace {

constexpr std::size_t fixed_header = 5;  // sync, type, seq: the length varint follows
constexpr std::size_t crc_size = 4;
constexpr std::size_t max_varint = 10;
constexpr char sync0 = static_cast<char>(trace_format::sync0);
constexpr char sync1 = static_cast<char>(trace_format::sync1);

}  // namespace

std::uint32_t trace_crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()));
  return static_cast<std::uint32_t>(crc);
}

std::string encode_frame(std::uint8_t type, std::uint16_t seq, std::string_view payload) {
  ByteWriter w;
  w.u8(trace_format::sync0);
  w.u8(trace_format::sync1);
  w.u8(type);
  w.u16le(seq);
  w.varint(payload.size());
  w.raw(payload);
  w.u32le(trace_crc32(std::string_view(w.bytes()).substr(2)));
  return w.take();
}

std::string damage_text(const FrameDamage& d) {
  const std::string header =
      d.header_read ? fmt::format(" ({}, seq {} by its header)", record_type_label(d.type), d.seq) : "";
  switch (d.kind) {
    case FrameDamageKind::bad_crc: return "frame with a bad CRC" + header;
    case FrameDamageKind::oversize: return "frame header without a length of at most 1024" + header;
    case FrameDamageKind::truncated:
      return fmt::format("frame cut off after {} bytes by the end of its input{}", d.length, header);
    case FrameDamageKind::unsynced: return fmt::format("{} bytes outside any frame", d.length);
    case FrameDamageKind::undecodable:
      return fmt::format("trace line whose base64 stops decoding here ({} characters unread)", d.length);
  }
  return "damaged frame";
}

FrameDecoder::FrameDecoder(FrameSink& sink, SourcePos base) : sink_(sink) { reset(base); }

void FrameDecoder::reset(SourcePos base) {
  base_ = base;
  buffer_.clear();
  start_ = 0;
  offset_ = 0;
  covered_until_ = 0;
  damage_open_ = false;
  run_open_ = false;
  run_folded_ = false;
  run_start_ = 0;
}

SourcePos FrameDecoder::at(std::uint64_t offset) const {
  SourcePos pos = base_;
  pos.offset += offset;
  return pos;
}

void FrameDecoder::feed(std::string_view chunk) {
  // Drop what is consumed before growing: the buffer stays one frame plus one chunk.
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(chunk);
  process(false);
}

void FrameDecoder::finish() {
  process(true);
  close_unsynced(offset_);
  buffer_.clear();
  start_ = 0;
}

void FrameDecoder::abandon() {
  close_unsynced(offset_);
  buffer_.clear();
  start_ = 0;
}

void FrameDecoder::skip(std::size_t n) {
  const std::uint64_t uncovered = std::max(offset_, covered_until_);
  if (!run_open_ && uncovered < offset_ + n) {
    run_open_ = true;
    run_start_ = uncovered;
    // Bytes right after a damaged frame's claimed extent are the rest of that frame (its
    // length was damaged too): part of the damage already reported.
    run_folded_ = damage_open_ && uncovered == covered_until_;
  }
  start_ += n;
  offset_ += n;
}

void FrameDecoder::close_unsynced(std::uint64_t end) {
  if (!run_open_) return;
  run_open_ = false;
  if (end <= run_start_ || run_folded_) return;
  FrameDamage d;
  d.kind = FrameDamageKind::unsynced;
  d.pos = at(run_start_);
  d.length = end - run_start_;
  sink_.on_damage(d);
}

void FrameDecoder::report(FrameDamage damage, std::uint64_t extent_end) {
  if (offset_ < covered_until_) return;  // inside damage already reported
  close_unsynced(offset_);
  damage.pos = at(offset_);
  sink_.on_damage(damage);
  covered_until_ = extent_end;
  damage_open_ = true;
}

void FrameDecoder::process(bool at_end) {
  for (;;) {
    const std::size_t available = buffer_.size() - start_;
    if (available == 0) return;
    const char* p = buffer_.data() + start_;
    // The next sync word; a lone 0xA5 at the end may be the first half of one.
    std::size_t sync = available;
    for (std::size_t k = 0; k < available;) {
      const void* hit = std::memchr(p + k, sync0, available - k);
      if (hit == nullptr) break;
      k = static_cast<std::size_t>(static_cast<const char*>(hit) - p);
      if (k + 1 == available) {
        if (!at_end) sync = k;  // wait for the next byte
        break;
      }
      if (p[k + 1] == sync1) {
        sync = k;
        break;
      }
      ++k;
    }
    if (sync > 0) skip(sync);
    if (sync == available || buffer_.size() - start_ < 2) return;

    switch (try_frame(at_end)) {
      case Step::frame: break;
      case Step::damaged: skip(1); break;  // resume one byte after the sync word tried
      case Step::wait: return;
    }
  }
}

FrameDecoder::Step FrameDecoder::try_frame(bool at_end) {
  const std::string_view bytes(buffer_.data() + start_, buffer_.size() - start_);
  FrameDamage damage;
  auto truncated = [&] {
    damage.kind = FrameDamageKind::truncated;
    damage.length = bytes.size();
    report(damage, offset_ + bytes.size());
    return Step::damaged;
  };
  if (bytes.size() < fixed_header + 1) return at_end ? truncated() : Step::wait;
  ByteReader header(bytes.substr(2, fixed_header - 2 + max_varint));
  std::uint16_t seq = 0;
  std::uint64_t length = 0;
  header.u8(damage.type);
  header.u16le(seq);
  damage.seq = seq;
  damage.header_read = true;
  if (!header.varint(length)) {
    // Not enough bytes to tell yet, or no varint a writer could have meant as a length.
    if (bytes.size() < fixed_header + max_varint) return at_end ? truncated() : Step::wait;
    damage.kind = FrameDamageKind::oversize;
    report(damage, offset_ + fixed_header + max_varint);
    return Step::damaged;
  }
  const std::size_t header_size = 2 + header.position();
  if (length > trace_format::max_payload) {
    damage.kind = FrameDamageKind::oversize;
    damage.length = length;
    report(damage, offset_ + header_size);
    return Step::damaged;
  }
  const std::size_t size = header_size + static_cast<std::size_t>(length) + crc_size;
  if (bytes.size() < size) return at_end ? truncated() : Step::wait;

  ByteReader crc_reader(bytes.substr(header_size + static_cast<std::size_t>(length), crc_size));
  std::uint32_t crc = 0;
  crc_reader.u32le(crc);
  if (crc != trace_crc32(bytes.substr(2, header_size - 2 + static_cast<std::size_t>(length)))) {
    damage.kind = FrameDamageKind::bad_crc;
    damage.length = size;
    report(damage, offset_ + size);
    return Step::damaged;
  }
  close_unsynced(offset_);
  TraceFrame frame;
  frame.pos = at(offset_);
  frame.type = damage.type;
  frame.seq = seq;
  frame.payload = bytes.substr(header_size, static_cast<std::size_t>(length));
  frame.size = size;
  sink_.on_frame(frame);
  start_ += size;
  offset_ += size;
  covered_until_ = offset_;
  damage_open_ = false;
  return Step::frame;
}

}  // namespace leakscope
