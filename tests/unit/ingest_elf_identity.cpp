// The "ELF file SHA256" lines: ESP-IDF's app info (cpu_start / app_init) and panic forms.
#include <catch2/catch.hpp>

#include "leakscope/ingest/elf_identity.hpp"
#include "leakscope/ingest/log_scanner.hpp"

using namespace leakscope;
using namespace std::string_literals;

namespace {

const std::string sha64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct Scanned {
  std::vector<ElfIdentityEvent> identities;
  std::vector<SkipEvent> skips;
  LineStats stats;
};

Scanned scan(const std::string& text) {
  RecordingSink sink;
  LogScanner scanner(sink);
  auto source = string_source(text);
  scanner.scan(*source, 0);
  scanner.finish();
  Scanned out;
  out.stats = scanner.stats();
  for (const Event& e : sink.events) {
    if (auto* id = std::get_if<ElfIdentityEvent>(&e)) out.identities.push_back(*id);
    if (auto* skip = std::get_if<SkipEvent>(&e)) out.skips.push_back(*skip);
  }
  return out;
}

// The prefix one line yields, "" when it yields a skip, "-" when it is not an identity line.
std::string prefix_of(const std::string& line) {
  const Scanned s = scan(line + "\n");
  if (!s.identities.empty()) return s.identities.front().sha256_prefix;
  return s.skips.empty() ? "-" : "";
}

}  // namespace

TEST_CASE("app info lines of ESP-IDF v4 and v5 name the build", "[ingest][elf_identity]") {
  // cpu_start up to v5.2, app_init from v5.3: two spaces, 16 digits, "...".
  CHECK(prefix_of("I (31) cpu_start: ELF file SHA256:  0123456789abcdef...") == "0123456789abcdef");
  CHECK(prefix_of("I (27) app_init: ELF file SHA256:  fedcba9876543210...") == "fedcba9876543210");
  // Coloured and with CRLF, as idf.py monitor saves it; system-time timestamps.
  CHECK(prefix_of("\x1b[0;32mI (31) cpu_start: ELF file SHA256:  0123456789ABCDEF...\x1b[0m\r") ==
        "0123456789abcdef");
  CHECK(prefix_of("I (12:00:01.250) app_init: ELF file SHA256:  0123456789abcdef...") ==
        "0123456789abcdef");
  // Another tag saying the same words is an ordinary log line.
  CHECK(prefix_of("I (31) my_app: ELF file SHA256:  0123456789abcdef...") == "-");
  CHECK(prefix_of("I (31) cpu_start: Pro cpu up.") == "-");
}

TEST_CASE("panic lines name the build with 9 to 64 digits", "[ingest][elf_identity]") {
  CHECK(prefix_of("ELF file SHA256: 012345678") == "012345678");  // v5.3+ default
  CHECK(prefix_of("ELF file SHA256: 0123456789abcdef") == "0123456789abcdef");  // v4.1-v5.2
  CHECK(prefix_of("ELF file SHA256: " + sha64) == sha64);                        // v3.x-v4.0
  CHECK(prefix_of("ELF file SHA256: 01234567") == "01234567");  // the configurable minimum
  CHECK(prefix_of("ELF file SHA256: 0123456789ABCDEF  ") == "0123456789abcdef");
}

TEST_CASE("malformed SHA-256 lines are skipped with their line number", "[ingest][elf_identity]") {
  for (const std::string& line : {"ELF file SHA256: 0123456"s,          // 7 digits
                                  "ELF file SHA256: 0123456789xyz"s,    // not hex
                                  "ELF file SHA256: "s + sha64 + "0"s,  // 65 digits
                                  "ELF file SHA256:0123456789abcdef"s,  // no space
                                  "ELF file SHA256: 0123 4567 89ab"s,
                                  "ELF file SHA256:"s,
                                  "I (31) cpu_start: ELF file SHA256:  (null)..."s}) {
    INFO(line);
    CHECK(prefix_of(line).empty());
  }
  const Scanned s = scan("I (1) main: start\nELF file SHA256: 0x1234\n#x!\n");
  REQUIRE(s.skips.size() == 1);
  CHECK(s.skips[0].kind == SkipKind::malformed_elf_sha256);
  CHECK(s.skips[0].pos.line == 2);
  CHECK(s.stats.elf_sha256 == 1);  // claimed, so not "not understood"
  CHECK(s.stats.not_understood == 1);  // "#x!"
}

TEST_CASE("identity lines are counted apart from log lines, with their positions",
          "[ingest][elf_identity]") {
  const Scanned s = scan(
      "ets Jun  8 2016 00:22:57\r\n"
      "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
      "I (31) cpu_start: ELF file SHA256:  0123456789abcdef...\r\n"
      "I (32) cpu_start: ESP-IDF:          v4.4.6\r\n"
      "abort() was called at PC 0x400d1234 on core 0\r\n"
      "\r\n"
      "ELF file SHA256: 0123456789abcdef\r\n"
      "\r\n"
      "Rebooting...\r\n");
  REQUIRE(s.identities.size() == 2);
  CHECK(s.identities[0].pos.line == 3);
  CHECK(s.identities[1].pos.line == 7);
  CHECK(s.stats.elf_sha256 == 2);
  CHECK(s.stats.log == 1);
  CHECK(s.skips.empty());
}

TEST_CASE("the recognisers push nothing for other lines", "[ingest][elf_identity]") {
  RecordingSink sink;
  EspLogLine log;
  REQUIRE(parse_esp_log_line("I (31) cpu_start: Pro cpu up.", log));
  CHECK_FALSE(parse_elf_identity_log(log, SourcePos{0, 1}, sink));
  CHECK_FALSE(parse_elf_identity_panic("Backtrace: 0x400d1234:0x3ffb5850", SourcePos{0, 2}, sink));
  CHECK_FALSE(parse_elf_identity_panic(" ELF file SHA256: 0123456789", SourcePos{0, 3}, sink));
  CHECK(sink.events.empty());
}
