// Frames of the binary trace format: the spec's example byte for byte, and the decoder's
// resynchronisation after every kind of damage (docs/trace-format.md, "Frame").
#include <catch2/catch.hpp>

#include "leakscope/ingest/trace_bytes.hpp"
#include "leakscope/ingest/trace_frame.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using leakscope::testing::decode_frames;
using leakscope::testing::TraceBuilder;

namespace {

std::string hex_bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out += static_cast<char>(b);
  return out;
}

// A stream of `n` ALLOC frames, seq 0..n-1.
TraceBuilder allocs(int n) {
  TraceBuilder t;
  for (int i = 0; i < n; ++i) t.alloc(0x20001000u + 0x40u * static_cast<unsigned>(i), 48, {0xc5b, 0xe27, 0x697});
  return t;
}

std::vector<std::uint16_t> seqs(const testing::FrameLog& log) {
  std::vector<std::uint16_t> out;
  for (const auto& f : log.frames) out.push_back(f.seq);
  return out;
}

}  // namespace

TEST_CASE("the spec's example frame, byte for byte", "[ingest][trace]") {
  const std::string expected = hex_bytes({0xa5, 0x5c, 0x04, 0x07, 0x00, 0x15, 0xe8, 0x07, 0xc0, 0xb8,
                                          0x80, 0x80, 0x02, 0x60, 0x84, 0xb4, 0x80, 0x80, 0x02, 0x00,
                                          0x03, 0xdb, 0x18, 0x98, 0x07, 0x9f, 0x1e, 0xdc, 0x73, 0x11, 0x4b});
  const TraceRecord alloc{record_type::alloc, 7, {1000u, 0x20001c40u, 96u, 0x20001a04u, 0u, Addresses{0xc5b, 0xe27, 0x697}}, {}};
  const Result<std::string> frame = encode_record(alloc);
  REQUIRE(frame.ok());
  CHECK(*frame == expected);

  const testing::FrameLog log = decode_frames(expected);
  REQUIRE(log.frames.size() == 1);
  CHECK(log.damage.empty());
  CHECK(log.frames[0].type == record_type::alloc);
  CHECK(log.frames[0].seq == 7);
  const Result<TraceRecord> decoded = decode_record(record_type::alloc, 7, log.frames[0].payload);
  REQUIRE(decoded.ok());
  CHECK(decoded->fields == alloc.fields);
  CHECK(decoded->extra.empty());
}

TEST_CASE("varints, zigzag and stacks through the one checked reader", "[ingest][trace]") {
  ByteWriter w;
  const std::vector<std::uint64_t> values = {0, 1, 127, 128, 300, 0xffffffffu, UINT64_MAX};
  for (std::uint64_t v : values) w.varint(v);
  w.zigzag(-1);
  w.zigzag(INT64_MIN);
  w.stack(std::vector<std::uint64_t>{0x400d276d, 0x40080000, UINT64_MAX, 0});
  ByteReader r(w.bytes());
  for (std::uint64_t v : values) {
    std::uint64_t got = 1;
    REQUIRE(r.varint(got));
    CHECK(got == v);
    CHECK(varint_size(v) <= 10);
  }
  std::int64_t s = 0;
  CHECK((r.zigzag(s) && s == -1));
  CHECK((r.zigzag(s) && s == INT64_MIN));
  std::vector<std::uint64_t> stack;
  REQUIRE(r.stack(stack));
  CHECK(stack == std::vector<std::uint64_t>{0x400d276d, 0x40080000, UINT64_MAX, 0});
  CHECK(r.at_end());

  SECTION("reading past the end fails, sticks, and leaves the output alone") {
    std::uint64_t v = 42;
    CHECK_FALSE(r.varint(v));
    CHECK(v == 42);
    CHECK_FALSE(r.ok());
    std::string_view b;
    CHECK_FALSE(r.bytes(b));
  }
  SECTION("non-minimal varints are read; 11 bytes or 65 bits are not") {
    std::uint64_t v = 0;
    CHECK((ByteReader(hex_bytes({0x80, 0x80, 0x00})).varint(v) && v == 0));
    CHECK_FALSE(ByteReader(std::string(10, '\x80') + '\x00').varint(v));
    CHECK_FALSE(ByteReader(std::string(9, '\xff') + '\x02').varint(v));
  }
  SECTION("a count beyond the payload fails before allocating") {
    std::vector<std::uint64_t> big;
    CHECK_FALSE(ByteReader(hex_bytes({0xff, 0xff, 0xff, 0xff, 0x0f, 0x01})).stack(big));
    std::string_view b;
    CHECK_FALSE(ByteReader(hex_bytes({0x05, 0x61})).bytes(b));
  }
}

TEST_CASE("frames are found in a stream fed in chunks of any size", "[ingest][trace]") {
  const TraceBuilder t = allocs(40);
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 31u, 1000u}) {
    CAPTURE(chunk);
    const testing::FrameLog log = decode_frames(t.bytes, chunk);
    CHECK(log.damage.empty());
    REQUIRE(log.frames.size() == 40);
    for (std::size_t i = 0; i < 40; ++i) CHECK(log.frames[i].pos.offset == t.extents[i].begin);
  }
}

TEST_CASE("the decoder resynchronises after damage and reports it where it is", "[ingest][trace]") {
  TraceBuilder t = allocs(6);
  std::string bytes = t.bytes;
  const auto& e = t.extents;

  SECTION("a flipped payload byte costs that frame: bad CRC at its offset") {
    bytes[e[2].begin + 8] ^= 0x10;
    const auto log = decode_frames(bytes, 5);
    CHECK(seqs(log) == std::vector<std::uint16_t>{0, 1, 3, 4, 5});
    REQUIRE(log.damage.size() == 1);
    CHECK(log.damage[0].kind == FrameDamageKind::bad_crc);
    CHECK(log.damage[0].pos.offset == e[2].begin);
    CHECK(damage_text(log.damage[0]) == "frame with a bad CRC (ALLOC, seq 2 by its header)");
  }
  SECTION("a flipped sync byte turns the frame into bytes outside any frame") {
    bytes[e[3].begin] = 0;
    const auto log = decode_frames(bytes);
    CHECK(seqs(log) == std::vector<std::uint16_t>{0, 1, 2, 4, 5});
    REQUIRE(log.damage.size() == 1);
    CHECK(log.damage[0].kind == FrameDamageKind::unsynced);
    CHECK(log.damage[0].pos.offset == e[3].begin);
    CHECK(log.damage[0].length == e[3].end - e[3].begin);
  }
  SECTION("deleted bytes cost the frame they were in, not the next") {
    bytes.erase(e[1].begin + 4, 6);
    const auto log = decode_frames(bytes, 3);
    CHECK(seqs(log) == std::vector<std::uint16_t>{0, 2, 3, 4, 5});
    REQUIRE(log.damage.size() == 1);
    CHECK(log.damage[0].pos.offset == e[1].begin);
  }
  SECTION("inserted garbage costs nothing and is reported once") {
    bytes.insert(e[4].begin, "garbage\xa5 \x01\x02");
    const auto log = decode_frames(bytes, 2);
    CHECK(seqs(log) == std::vector<std::uint16_t>{0, 1, 2, 3, 4, 5});
    REQUIRE(log.damage.size() == 1);
    CHECK(log.damage[0].kind == FrameDamageKind::unsynced);
    CHECK(log.damage[0].pos.offset == e[4].begin);
    CHECK(log.damage[0].length == 11);
  }
  SECTION("a frame cut off by the end of input is reported as truncated") {
    bytes.resize(e[5].begin + 9);
    const auto log = decode_frames(bytes);
    CHECK(seqs(log) == std::vector<std::uint16_t>{0, 1, 2, 3, 4});
    REQUIRE(log.damage.size() == 1);
    CHECK(log.damage[0].kind == FrameDamageKind::truncated);
    CHECK(log.damage[0].pos.offset == e[5].begin);
    CHECK(log.damage[0].length == 9);
  }
  SECTION("a capture starting mid-frame loses only that frame") {
    const auto log = decode_frames(std::string_view(bytes).substr(e[0].begin + 3));
    CHECK(seqs(log) == std::vector<std::uint16_t>{1, 2, 3, 4, 5});
    REQUIRE(log.damage.size() == 1);
    CHECK(log.damage[0].kind == FrameDamageKind::unsynced);
    CHECK(log.damage[0].pos.offset == 0);
  }
  SECTION("a length over 1024 is damage; a frame hidden behind it is still found") {
    const std::string bad = hex_bytes({0xa5, 0x5c, 0x04, 0x01, 0x00, 0xff, 0x7f});
    bytes.insert(e[2].begin, bad);
    const auto log = decode_frames(bytes);
    CHECK(seqs(log) == std::vector<std::uint16_t>{0, 1, 2, 3, 4, 5});
    REQUIRE(log.damage.size() == 1);
    CHECK(log.damage[0].kind == FrameDamageKind::oversize);
  }
}

TEST_CASE("a sync word inside a payload is harmless", "[ingest][trace]") {
  TraceBuilder t;
  // 0x5ca5 as an address: the varint of it holds no sync, so put the bytes in a string.
  t.add(record_type::marker, {1u, 0u, 0u, std::string("\xa5\x5c\x04\x07\x00\x15 inside")});
  t.alloc(0xa55c, 8, {0x5ca5, 0xa55c});
  t.add(record_type::heap_name, {7u, std::string("\xa5\x5c")});
  const auto log = decode_frames(t.bytes, 4);
  CHECK(log.damage.empty());
  CHECK(seqs(log) == std::vector<std::uint16_t>{0, 1, 2});

  SECTION("and when the frame holding it is damaged, the false frame is not reported again") {
    std::string bytes = t.bytes;
    bytes[t.extents[0].end - 1] ^= 1;  // the CRC of the marker
    const auto damaged = decode_frames(bytes);
    CHECK(seqs(damaged) == std::vector<std::uint16_t>{1, 2});
    CHECK(damaged.damage.size() == 1);
  }
}
