// The cursor and its number readers (ingest/cursor.hpp), which every hand-written recogniser
// shares: what a number is, and that a failed read consumes nothing.
#include <catch2/catch.hpp>

#include "leakscope/ingest/cursor.hpp"

using namespace leakscope;

TEST_CASE("cursor: hex and decimal numbers, nothing consumed on failure", "[ingest][cursor]") {
  std::uint64_t v = 0;
  Cursor c("0x3FFB4c08:64 bytes");
  REQUIRE(c.hex(v));
  CHECK(v == 0x3ffb4c08);
  CHECK_FALSE(c.number(v));  // ':'
  REQUIRE(c.literal(":"));
  REQUIRE(c.number(v));
  CHECK(v == 64);
  CHECK(c.rest() == " bytes");

  Cursor prefix_only("0x: 0xg");
  CHECK_FALSE(prefix_only.hex(v));  // "0x" with no digit is no number
  CHECK(prefix_only.position() == 0);
  Cursor too_long("0x12345678901234567");
  CHECK_FALSE(too_long.hex(v));  // 17 digits: more than an address holds
  CHECK(too_long.position() == 0);
  Cursor bare_too_long("12345678901234567");
  CHECK_FALSE(bare_too_long.bare_hex(v));
  CHECK(bare_too_long.position() == 0);
  Cursor sixteen("ffffffffffffffff");
  REQUIRE(sixteen.bare_hex(v));
  CHECK(v == 0xffffffffffffffffull);
  Cursor overflow("18446744073709551616");  // 2^64
  CHECK_FALSE(overflow.number(v));
  CHECK(overflow.position() == 0);
}

TEST_CASE("cursor: whole tokens as addresses and numbers", "[ingest][cursor]") {
  std::uint64_t v = 0;
  CHECK((parse_hex_address("0x8010", v) && v == 0x8010));
  CHECK((parse_hex_address("8010", v) && v == 0x8010));
  CHECK_FALSE(parse_hex_address("0x", v));
  CHECK_FALSE(parse_hex_address("0x80 ", v));
  CHECK_FALSE(parse_hex_address("80g", v));
  CHECK((parse_number("0x40", v) && v == 64));
  CHECK((parse_number("0X40", v) && v == 64));
  CHECK((parse_number("64", v) && v == 64));
  CHECK_FALSE(parse_number("4a", v));  // bare digits are decimal
  CHECK_FALSE(parse_number("", v));
  CHECK_FALSE(parse_number("-1", v));
  CHECK(is_hex_digit('F'));
  CHECK_FALSE(is_hex_digit('g'));
}
