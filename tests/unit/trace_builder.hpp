// Builds binary trace streams for tests: records by type with the spec's fields, numbered
// frame by frame, and where each frame lies in the stream.
//
//   TraceBuilder t;
//   t.header().boot("POWERON").alloc(0x20001000, 64, {0xc5b, 0xe27});
//   decode(t.bytes);                // t.extents[i]: bytes of frame i, t.records[i]: its record
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "leakscope/ingest/event_sink.hpp"
#include "leakscope/ingest/trace_codec.hpp"
#include "leakscope/ingest/trace_frame.hpp"

namespace leakscope::testing {

struct FrameExtent {
  std::size_t begin = 0;
  std::size_t end = 0;
};

class TraceBuilder {
 public:
  TraceBuilder& add(std::uint8_t type, std::vector<TraceValue> fields, std::string extra = {}) {
    TraceRecord record{type, seq++, std::move(fields), std::move(extra)};
    Result<std::string> frame = encode_record(record);
    REQUIRE(frame.ok());
    extents.push_back({bytes.size(), bytes.size() + frame->size()});
    bytes += *frame;
    records.push_back(std::move(record));
    return *this;
  }

  // A frame of any payload, well-formed or not (the record is not kept).
  TraceBuilder& frame(std::uint8_t type, std::string_view payload) {
    const std::string frame = encode_frame(type, seq++, payload);
    extents.push_back({bytes.size(), bytes.size() + frame.size()});
    bytes += frame;
    records.push_back({type, static_cast<std::uint16_t>(seq - 1), {}, std::string(payload)});
    return *this;
  }

  TraceBuilder& header(std::string sha256 = {}, std::string build_id = {}, std::uint64_t major = 1) {
    seq = 0;
    return add(record_type::header, {major, 0u, 1u, 4u, 1000u, std::move(build_id), std::move(sha256),
                                     std::string("test-fw 1.0")});
  }
  TraceBuilder& boot(std::string reason = "POWERON_RESET") {
    return add(record_type::boot, {1u, 1u, std::move(reason)});
  }
  TraceBuilder& task(std::uint64_t handle, std::string name, std::uint64_t event = 0) {
    return add(record_type::task, {time++, handle, event, std::move(name)});
  }
  TraceBuilder& alloc(std::uint64_t address, std::uint64_t size, Addresses stack = {0xc5b},
                      std::uint64_t task = 0x2000, std::uint64_t heap = 0) {
    return add(record_type::alloc, {time++, address, size, task, heap, std::move(stack)});
  }
  TraceBuilder& free(std::uint64_t address, std::uint64_t task = 0x2000) {
    return add(record_type::free, {time++, address, task, Addresses{}});
  }
  TraceBuilder& realloc(std::uint64_t old_address, std::uint64_t new_address, std::uint64_t size,
                        Addresses stack = {0xe27}) {
    return add(record_type::realloc, {time++, old_address, new_address, size, 0x2000u, 0u, std::move(stack)});
  }
  TraceBuilder& heap(std::uint64_t heap_id, std::uint64_t free_bytes) {
    return add(record_type::heap, {time++, heap_id, free_bytes, free_bytes / 2, free_bytes / 4, 0u});
  }
  TraceBuilder& marker(std::uint64_t kind, std::uint64_t number, std::string text) {
    return add(record_type::marker, {time++, kind, number, std::move(text)});
  }
  TraceBuilder& loss(std::uint64_t lost, std::uint64_t lost_bytes = 0) {
    return add(record_type::loss, {time++, lost, lost_bytes});
  }
  TraceBuilder& heap_name(std::uint64_t heap_id, std::string name) {
    return add(record_type::heap_name, {heap_id, std::move(name)});
  }

  std::string bytes;
  std::vector<FrameExtent> extents;
  std::vector<TraceRecord> records;
  std::uint16_t seq = 0;
  std::uint64_t time = 100;
};

// Keeps every frame (with its payload) and every damage the decoder reports.
class FrameLog final : public FrameSink {
 public:
  struct Frame {
    SourcePos pos;
    std::uint8_t type = 0;
    std::uint16_t seq = 0;
    std::string payload;
  };
  void on_frame(const TraceFrame& f) override { frames.push_back({f.pos, f.type, f.seq, std::string(f.payload)}); }
  void on_damage(const FrameDamage& d) override { damage.push_back(d); }

  std::vector<Frame> frames;
  std::vector<FrameDamage> damage;
};

inline FrameLog decode_frames(std::string_view bytes, std::size_t chunk = 0) {
  FrameLog log;
  FrameDecoder decoder(log, {});
  if (chunk == 0) chunk = bytes.size() + 1;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) decoder.feed(bytes.substr(i, chunk));
  decoder.finish();
  return log;
}

// Events of one type out of a recording.
template <class T>
std::vector<T> events_of(const std::vector<Event>& events) {
  std::vector<T> out;
  for (const Event& e : events)
    if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
  return out;
}

}  // namespace leakscope::testing
