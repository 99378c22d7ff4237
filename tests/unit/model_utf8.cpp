// UTF-8 as leakscope keeps text (model/utf8.hpp): valid text is left alone, each byte outside
// a valid sequence becomes U+FFFD.
#include <catch2/catch.hpp>

#include "leakscope/model/utf8.hpp"

using namespace leakscope;

TEST_CASE("valid UTF-8 is not copied", "[model][utf8]") {
  CHECK(repaired_utf8("") == std::nullopt);
  CHECK(repaired_utf8("Aloca\xc3\xa7\xc3\xa3o #3") == std::nullopt);
  CHECK(repaired_utf8("\xf4\x8f\xbf\xbf \xf0\x9f\x98\x80") == std::nullopt);  // U+10FFFF, an emoji
  CHECK(valid_utf8("net|io") == "net|io");
}

TEST_CASE("each byte outside valid UTF-8 becomes U+FFFD", "[model][utf8]") {
  const std::string r = "\xef\xbf\xbd";
  CHECK(repaired_utf8("Aloca\xe7\xe3o") == "Aloca" + r + r + "o");  // Latin-1
  CHECK(valid_utf8("\xc0\x80") == r + r);                           // overlong NUL
  CHECK(valid_utf8("\xed\xa0\x80") == r + r + r);                   // a surrogate
  CHECK(valid_utf8("\xf4\x90\x80\x80") == r + r + r + r);           // past U+10FFFF
  CHECK(valid_utf8("ab\xe2\x82") == "ab" + r + r);                  // cut short at the end
  CHECK(valid_utf8("\xc3\xa7\xff") == "\xc3\xa7" + r);
}
