// FNV-1a (model/fnv1a.hpp): the published 64-bit test vectors, continuation, and bytes read
// unsigned (a signed char would change every value above 0x7f).
#include <catch2/catch.hpp>

#include "leakscope/model/fnv1a.hpp"

using namespace leakscope;

TEST_CASE("FNV-1a 64 gives the published values", "[model][fnv1a]") {
  STATIC_REQUIRE(fnv1a("") == 0xcbf29ce484222325ull);
  STATIC_REQUIRE(fnv1a("a") == 0xaf63dc4c8601ec8cull);
  STATIC_REQUIRE(fnv1a("foobar") == 0x85944171f73967e8ull);
}

TEST_CASE("FNV-1a 64 continues over appended text and reads bytes unsigned", "[model][fnv1a]") {
  CHECK(fnv1a("bar", fnv1a("foo")) == fnv1a("foobar"));
  CHECK(fnv1a("\xff") == 0xaf64724c8602eb6eull);
}
