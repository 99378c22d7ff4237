// Ring-buffer images: with the LSRB descriptor and as a bare data area, before and after the
// ring wrapped; what the wrap lost is reported, the overwritten remnant is not damage.
#include <catch2/catch.hpp>

#include "leakscope/ingest/trace_bytes.hpp"
#include "leakscope/ingest/trace_events.hpp"
#include "leakscope/ingest/trace_ring.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using leakscope::testing::events_of;
using leakscope::testing::FrameLog;
using leakscope::testing::TraceBuilder;

namespace {

// A ring of `capacity` after the stream went through it: its image, and its parts.
struct Ring {
  Ring(std::string_view stream, std::uint32_t capacity) : image(ring_image_of(stream, capacity)) {}
  std::string_view data() const { return std::string_view(image).substr(ring_descriptor_size); }
  std::uint32_t wraps() const {
    std::uint32_t v = 0;
    ByteReader(std::string_view(image).substr(12, 4)).u32le(v);
    return v;
  }
  std::string image;
};

TraceBuilder recording(int allocations) {
  TraceBuilder t;
  t.header().boot();
  for (int i = 0; i < allocations; ++i) t.alloc(0x20001000u + 16u * static_cast<unsigned>(i), 16, {0xc5b, 0xe27});
  return t;
}

std::vector<std::uint16_t> seqs(const FrameLog& log) {
  std::vector<std::uint16_t> out;
  for (const auto& f : log.frames) out.push_back(f.seq);
  return out;
}

std::vector<std::uint16_t> range(std::uint16_t first, std::uint16_t last) {
  std::vector<std::uint16_t> out;
  for (std::uint16_t s = first; s <= last; ++s) out.push_back(s);
  return out;
}

// The seq of the first frame that lies wholly after the wrap overwrote it.
std::uint16_t oldest_whole(const TraceBuilder& t, std::size_t capacity) {
  const std::size_t overwritten = t.bytes.size() - capacity;
  for (std::size_t i = 0; i < t.extents.size(); ++i)
    if (t.extents[i].begin >= overwritten) return t.records[i].seq;
  return 0;
}

}  // namespace

TEST_CASE("a ring image that has not wrapped reads from its start to head", "[ingest][trace]") {
  const TraceBuilder t = recording(20);
  const Ring ring(t.bytes, 4096);
  FrameLog log;
  CHECK(read_ring_image(ring.image, SourcePos{}, log).empty());
  CHECK(log.damage.empty());
  CHECK(seqs(log) == range(0, 21));
  CHECK(log.frames[1].pos.offset == ring_descriptor_size + t.extents[1].begin);

  SECTION("its data area alone reads the same, the unwritten space is no damage") {
    FrameLog bare;
    read_ring_data(ring.data(), SourcePos{0, 0, 16}, bare);
    CHECK(bare.damage.empty());
    CHECK(seqs(bare) == range(0, 21));
    CHECK(bare.frames[1].pos.offset == ring_descriptor_size + t.extents[1].begin);
  }
}

TEST_CASE("a wrapped ring keeps the newest frames and says what the wrap lost", "[ingest][trace]") {
  const TraceBuilder t = recording(60);
  constexpr std::uint32_t capacity = 301;  // not a multiple of the frame size: one frame is split
  const Ring ring(t.bytes, capacity);
  REQUIRE(ring.wraps() > 0);
  const std::uint16_t oldest = oldest_whole(t, capacity);
  const std::uint16_t newest = t.records.back().seq;

  FrameLog with_descriptor;
  CHECK(read_ring_image(ring.image, SourcePos{}, with_descriptor).empty());
  CHECK(with_descriptor.damage.empty());  // the frame the wrap cut is not damage
  CHECK(seqs(with_descriptor) == range(oldest, newest));

  FrameLog bare;
  read_ring_data(ring.data(), SourcePos{}, bare);
  CHECK(bare.damage.empty());
  CHECK(seqs(bare) == range(oldest, newest));  // found across the end, ordered by seq

  SECTION("the loss reaches the report as ring_wrap, with how many frames") {
    RecordingSink sink;
    TraceEventMapper mapper(sink);
    mapper.begin_capture(LossCause::ring_wrap);
    read_ring_image(ring.image, SourcePos{}, mapper);
    const auto losses = events_of<TraceLossEvent>(sink.events);
    REQUIRE(losses.size() == 1);
    CHECK(losses[0].cause == LossCause::ring_wrap);
    CHECK(losses[0].records == oldest);
    CHECK(events_of<AllocEvent>(sink.events).size() == newest - oldest + 1u);
  }
}

TEST_CASE("a bare data area holding two recordings keeps them in order", "[ingest][trace]") {
  TraceBuilder t = recording(5);
  t.header().boot().alloc(0x3000, 8).alloc(0x3100, 8).alloc(0x3200, 8).alloc(0x3300, 8).alloc(0x3400, 8).alloc(0x3500, 8);
  FrameLog bare;
  read_ring_data(Ring(t.bytes, 2048).data(), SourcePos{}, bare);
  std::vector<std::uint16_t> expected = range(0, 6);
  for (std::uint16_t s : range(0, 7)) expected.push_back(s);
  CHECK(seqs(bare) == expected);
}

TEST_CASE("a descriptor that cannot be followed is said, and the data still read", "[ingest][trace]") {
  const TraceBuilder t = recording(10);
  Ring ring(t.bytes, 512);
  SECTION("head outside the data area") {
    ring.image.replace(8, 4, std::string("\x0f\x27\x00\x00", 4));  // 9999
    FrameLog log;
    CHECK(read_ring_image(ring.image, SourcePos{}, log) ==
          "head 9999 lies outside the data area: frames ordered by sequence number");
    CHECK(seqs(log) == range(0, 11));
  }
  SECTION("an image cut short") {
    const std::string image = ring.image.substr(0, 16 + t.extents[5].end);
    FrameLog log;
    const std::string problem = read_ring_image(image, SourcePos{}, log);
    CHECK(problem.find("the image holds") == 0);
    CHECK(seqs(log) == range(0, 5));
  }
  SECTION("not a descriptor at all") {
    FrameLog log;
    CHECK(read_ring_image("LSRB\x01", SourcePos{}, log) == "not a ring image: no complete LSRB descriptor");
  }
}
