// Record payloads: every record type round trip, the reader's rules for unknown types,
// trailing fields and short payloads, and the writer's limits.
#include <catch2/catch.hpp>

#include "leakscope/ingest/base64.hpp"
#include "leakscope/ingest/trace_codec.hpp"
#include "trace_builder.hpp"

using namespace leakscope;
using leakscope::testing::TraceBuilder;

namespace {

TraceBuilder every_record_type() {
  TraceBuilder t;
  t.header(std::string("\x10\x75\x4a\xa5", 4), std::string("\xde\xad\xbe\xef", 4))
      .boot("SW_CPU_RESET")
      .task(0x3ffb1234, "net")
      .alloc(0x3ffb8000, 96, {0x400d276d, 0x400d27c1, 0x40080000}, 0x3ffb1234, 0x1800)
      .free(0x3ffb8000, 0x3ffb1234)
      .realloc(0x3ffb8000, 0x3ffb9000, 200)
      .heap(0x1800, 123456)
      .marker(1, 12, "cycle 12 begins")
      .loss(3, 99)
      .heap_name(0x1800, "Internal");
  return t;
}

}  // namespace

TEST_CASE("every record type survives encode and decode", "[ingest][trace]") {
  const TraceBuilder t = every_record_type();
  const auto log = testing::decode_frames(t.bytes);
  REQUIRE(log.frames.size() == t.records.size());
  for (std::size_t i = 0; i < t.records.size(); ++i) {
    const TraceRecord& expected = t.records[i];
    CAPTURE(record_type_label(expected.type));
    REQUIRE(find_record_spec(expected.type) != nullptr);
    const Result<TraceRecord> decoded = decode_record(log.frames[i].type, log.frames[i].seq, log.frames[i].payload);
    REQUIRE(decoded.ok());
    CHECK(decoded->type == expected.type);
    CHECK(decoded->seq == expected.seq);
    CHECK(decoded->fields == expected.fields);
    const Result<std::string> again = encode_record(*decoded);
    REQUIRE(again.ok());
    CHECK(*again == t.bytes.substr(t.extents[i].begin, t.extents[i].end - t.extents[i].begin));
  }
}

TEST_CASE("the reader's rules for records it does not fully know", "[ingest][trace]") {
  SECTION("an unknown type keeps its whole payload and re-encodes the same") {
    const Result<TraceRecord> r = decode_record(0x42, 9, "\x01\x02\x03");
    REQUIRE(r.ok());
    CHECK(r->fields.empty());
    CHECK(r->extra == "\x01\x02\x03");
    CHECK(record_type_label(0x42) == "type 0x42");
    CHECK(encode_payload(*r).ok());
  }
  SECTION("bytes after the last field (a later minor version) are kept aside") {
    const TraceRecord loss{record_type::loss, 1, {5u, 2u, 0u}, "\x07\x08"};
    const Result<std::string> payload = encode_payload(loss);
    REQUIRE(payload.ok());
    const Result<TraceRecord> r = decode_record(record_type::loss, 1, *payload);
    REQUIRE(r.ok());
    CHECK(r->number(loss_field::records) == 2);
    CHECK(r->extra == "\x07\x08");
  }
  SECTION("a payload that ends before its fields is an error naming the field") {
    const Result<TraceRecord> r = decode_record(record_type::alloc, 1, std::string("\xe8\x07\x40", 3));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("ALLOC record: field \"size\"") == 0);
  }
  SECTION("the HEADER's version is read from its first two fields alone") {
    std::uint64_t major = 0, minor = 0;
    CHECK((read_header_version("\x02\x05\xff", major, minor) && major == 2 && minor == 5));
    CHECK_FALSE(read_header_version("\x02", major, minor));
  }
}

TEST_CASE("the writer refuses what a version-1 reader would not accept", "[ingest][trace]") {
  auto refused = [](const TraceRecord& r) {
    const Result<std::string> p = encode_payload(r);
    return p.ok() ? std::string() : p.error().message;
  };
  CHECK(refused({record_type::boot, 0, {0u, 0u, std::string(65, 'x')}, {}}) ==
        "BOOT record: field \"reason\": 65 bytes, over the limit of 64");
  CHECK(refused({record_type::marker, 0, {0u, 0u, 0u, std::string(128, 'x')}, {}}).empty());
  CHECK(refused({record_type::alloc, 0, {0u, 1u, 1u, 0u, 0u, Addresses(65, 0x400u)}, {}}) ==
        "ALLOC record: field \"stack\": 65 addresses, over the limit of 64");
  CHECK(refused({record_type::free, 0, {0u, 1u}, {}}) == "FREE record with 2 fields, the spec has 4");
  CHECK(refused({record_type::free, 0, {0u, std::string("x"), 0u, Addresses{}}, {}}) ==
        "FREE record: field \"address\": not a number");
  CHECK(refused({0x42, 0, {}, std::string(1025, 'x')}) ==
        "type 0x42 record: payload of 1025 bytes, over the limit of 1024");
}

TEST_CASE("base64 as RFC 4648 has it, and where it stops decoding", "[ingest][trace]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  const std::string all = [] {
    std::string s;
    for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
    return s;
  }();
  const Base64Decoded round = base64_decode(base64_encode(all));
  CHECK(round.bytes == all);
  CHECK(round.error_at == std::string_view::npos);

  const Base64Decoded cut = base64_decode("Zm9vYmFyZm");  // a line cut short
  CHECK(cut.bytes == "foobar");
  CHECK(cut.error_at == 8);
  const Base64Decoded noise = base64_decode("Zm9v*mFy");
  CHECK(noise.bytes == "foo");
  CHECK(noise.error_at == 4);
  CHECK(base64_decode("Zg==Zg==").error_at == 4);  // nothing may follow the padding
  CHECK(base64_decode("Z===").error_at == 1);
}
