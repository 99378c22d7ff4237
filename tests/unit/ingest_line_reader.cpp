#include <catch2/catch.hpp>

#include "leakscope/ingest/line_cleaner.hpp"
#include "leakscope/ingest/line_reader.hpp"

using namespace leakscope;

namespace {

std::vector<std::string> read_all(std::string bytes, std::size_t chunk = 0,
                                  std::size_t max_line = LineReader::default_max_line,
                                  std::vector<bool>* truncated = nullptr) {
  auto source = string_source(std::move(bytes), "t", chunk);
  LineReader reader(*source, max_line);
  std::vector<std::string> lines;
  RawLine line;
  while (reader.next(line)) {
    lines.emplace_back(line.bytes);
    if (truncated) truncated->push_back(line.truncated);
    CHECK(line.number == lines.size());
  }
  return lines;
}

}  // namespace

TEST_CASE("line reader splits on LF whatever the read chunking", "[ingest][line_reader]") {
  const std::string text = "first\r\nsecond\n\nlast without newline";
  for (std::size_t chunk : {0, 1, 2, 3, 7}) {
    CAPTURE(chunk);
    CHECK(read_all(text, chunk) ==
          std::vector<std::string>{"first\r", "second", "", "last without newline"});
  }
}

TEST_CASE("line reader cuts overlong lines and resynchronises", "[ingest][line_reader]") {
  std::vector<bool> truncated;
  const std::string runaway(100, 'x');
  const auto lines = read_all("ok\n" + runaway + "\nafter\n", 5, 16, &truncated);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "ok");
  CHECK(lines[1] == std::string(16, 'x'));
  CHECK(lines[2] == "after");
  CHECK(truncated == std::vector<bool>{false, true, false});
}

TEST_CASE("line reader handles a line of exactly the limit", "[ingest][line_reader]") {
  std::vector<bool> truncated;
  const auto lines = read_all(std::string(16, 'a') + "\nb", 4, 16, &truncated);
  CHECK(lines == std::vector<std::string>{std::string(16, 'a'), "b"});
  CHECK(truncated == std::vector<bool>{false, false});
}

TEST_CASE("line reader keeps NUL and non-UTF-8 bytes for the cleaner", "[ingest][line_reader]") {
  const std::string bytes("a\0b\xff\n", 5);
  const auto lines = read_all(bytes);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == std::string("a\0b\xff", 4));
}

TEST_CASE("cleaner strips CR, ANSI colours, NUL and control bytes", "[ingest][line_cleaner]") {
  LineCleaner cleaner;
  CHECK(cleaner.clean("\x1b[0;32mI (123) net: up\x1b[0m\r").text == "I (123) net: up");
  CHECK(cleaner.clean(std::string_view("a\0b\x07" "c", 5)).text == "abc");
  CHECK(cleaner.clean("stray\rcarriage").text == "straycarriage");
  CHECK(cleaner.clean("\xff\xfe garbage \xc3\xa9").text == "\xff\xfe garbage \xc3\xa9");
  CHECK(cleaner.clean("plain").text == "plain");
  CHECK(cleaner.clean("caller ").text == "caller");
  // A CRLF line stays a view of the raw bytes (the common case costs no copy).
  const std::string_view crlf = "I (1) app: up\r";
  const std::string_view kept = cleaner.clean(crlf).text;
  CHECK(kept == "I (1) app: up");
  CHECK(kept.data() == crlf.data());
  // Escapes cut at the end of the line, and a two-byte escape.
  CHECK(cleaner.clean("up\x1b[0").text == "up");
  CHECK(cleaner.clean("up\x1b").text == "up");
  CHECK(cleaner.clean("\x1b" "cboot\r\r").text == "boot");
  CHECK(cleaner.clean("\r").text.empty());
}

TEST_CASE("cleaner removes monitor timestamp prefixes", "[ingest][line_cleaner]") {
  LineCleaner cleaner;
  struct Case {
    std::string_view raw, text, stamp;
  };
  const Case cases[] = {
      {"2024-05-01 12:00:00 I (5) x: y", "I (5) x: y", "2024-05-01 12:00:00"},
      {"[2024-05-01 12:00:00.123] rst:0x1 (POWERON_RESET),boot:0x13", "rst:0x1 (POWERON_RESET),boot:0x13",
       "2024-05-01 12:00:00.123"},
      {"[12:00:01.500] hello", "hello", "12:00:01.500"},
      {"12:00:01.500 > hello", "hello", "12:00:01.500"},
      {"12:00:01 hello", "12:00:01 hello", ""},  // not a known monitor shape
  };
  for (const Case& c : cases) {
    CAPTURE(c.raw);
    const CleanLine line = cleaner.clean(c.raw);
    CHECK(line.text == c.text);
    CHECK(line.host_timestamp == c.stamp);
  }
}
