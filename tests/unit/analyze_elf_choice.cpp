// Which build symbolizes a boot: the SHA-256 prefixes the boot printed against the ELFs given.
#include <catch2/catch.hpp>

#include "leakscope/analyze/analyzer.hpp"
#include "leakscope/analyze/elf_choice.hpp"
#include "leakscope/ingest/log_scanner.hpp"

using namespace leakscope;

namespace {

const std::string sha_a = "10754aa5662813c3e75b794059aeefc51a67bb38c64c095981d5b0357c6a0124";
const std::string sha_b = "a70952bcb6a5710a2f463c1463ec44412fd76074eab6799784dceb6c8f24e9ec";
const std::string sha_rom = "5ea1c0ffee5ea1c0ffee5ea1c0ffee5ea1c0ffee5ea1c0ffee5ea1c0ffee5ea1";

ElfSummary elf(const std::string& path, const std::string& sha256) {
  ElfSummary e;
  e.path = path;
  e.sha256 = sha256;
  return e;
}

std::vector<ElfIdentityEvent> printed(std::initializer_list<std::string> prefixes) {
  std::vector<ElfIdentityEvent> out;
  std::uint64_t line = 10;
  for (const std::string& p : prefixes) out.push_back(ElfIdentityEvent{SourcePos{0, line++, 0}, p, {}});
  return out;
}

const std::vector<std::vector<ElfSummary>> fixed = {{elf("a.elf", sha_a), elf("rom.elf", sha_rom)}};
const std::vector<std::vector<ElfSummary>> folder = {{elf("builds/a.elf", sha_a)},
                                                    {elf("builds/b.elf", sha_b)}};
constexpr ElfPolicy by_elf{false, false};
constexpr ElfPolicy by_elf_allowed{false, true};
constexpr ElfPolicy by_dir{true, false};
constexpr ElfPolicy by_dir_allowed{true, true};

}  // namespace

TEST_CASE("a printed prefix of the ELF's SHA-256 verifies it, at any length", "[analyze][elf]") {
  for (std::size_t digits : {8, 9, 16, 64}) {
    const ElfChoice c = choose_elf(printed({sha_a.substr(0, digits)}), fixed, by_elf);
    INFO(digits << " digits");
    CHECK(c.elf.match == ElfMatch::verified);
    CHECK(c.build == 0);
    CHECK(c.elf.path == "a.elf");
    CHECK(c.elf.sha256 == sha_a);
    CHECK(c.elf.symbolized);
    CHECK_FALSE(c.elf.refused);
  }
  // Startup and panic lines of one boot agree: one ELF must start with both.
  CHECK(choose_elf(printed({sha_a.substr(0, 16), sha_a.substr(0, 9)}), fixed, by_elf).elf.match ==
        ElfMatch::verified);
  // Any ELF of the build may be the one named (here the second one given).
  const ElfChoice rom = choose_elf(printed({sha_rom.substr(0, 16)}), fixed, by_elf);
  CHECK(rom.elf.match == ElfMatch::verified);
  CHECK(rom.elf.path == "rom.elf");
}

TEST_CASE("a boot that printed no prefix uses --elf unverified, no --elf-dir build",
          "[analyze][elf]") {
  const ElfChoice given = choose_elf({}, fixed, by_elf);
  CHECK(given.elf.match == ElfMatch::unverified);
  CHECK(given.build == 0);
  CHECK(given.elf.path == "a.elf");
  CHECK(given.elf.symbolized);

  const ElfChoice folder_choice = choose_elf({}, folder, by_dir);
  CHECK(folder_choice.elf.match == ElfMatch::unidentified);
  CHECK(folder_choice.build == ElfChoice::no_build);
  CHECK(folder_choice.elf.path.empty());
  CHECK_FALSE(folder_choice.elf.symbolized);
  CHECK_FALSE(folder_choice.elf.refused);

  const ElfChoice none = choose_elf(printed({sha_a.substr(0, 9)}), {}, by_elf);
  CHECK(none.elf.match == ElfMatch::none);
  CHECK(none.build == ElfChoice::no_build);
  CHECK(none.elf.printed.size() == 1);  // still reported
}

TEST_CASE("a folder of builds gives each boot the build its prefix names", "[analyze][elf]") {
  const ElfChoice a = choose_elf(printed({sha_a.substr(0, 16)}), folder, by_dir);
  const ElfChoice b = choose_elf(printed({sha_b.substr(0, 9)}), folder, by_dir);
  CHECK(a.build == 0);
  CHECK(a.elf.path == "builds/a.elf");
  CHECK(b.build == 1);
  CHECK(b.elf.path == "builds/b.elf");
  CHECK(b.elf.match == ElfMatch::verified);
}

TEST_CASE("a mismatch is refused unless allowed", "[analyze][elf]") {
  const auto other = printed({"deadbeef00"});
  const ElfChoice refused = choose_elf(other, fixed, by_elf);
  CHECK(refused.elf.match == ElfMatch::mismatch);
  CHECK(refused.elf.refused);
  CHECK_FALSE(refused.elf.symbolized);
  CHECK(refused.build == ElfChoice::no_build);
  CHECK(refused.elf.path == "a.elf");  // what it was checked against

  const ElfChoice allowed = choose_elf(other, fixed, by_elf_allowed);
  CHECK(allowed.elf.match == ElfMatch::mismatch);
  CHECK_FALSE(allowed.elf.refused);
  CHECK(allowed.elf.symbolized);
  CHECK(allowed.build == 0);

  // A folder of builds has no build to fall back on.
  const ElfChoice dir_refused = choose_elf(other, folder, by_dir);
  CHECK(dir_refused.elf.refused);
  CHECK(dir_refused.elf.path.empty());
  const ElfChoice dir_allowed = choose_elf(other, folder, by_dir_allowed);
  CHECK(dir_allowed.elf.match == ElfMatch::mismatch);
  CHECK_FALSE(dir_allowed.elf.refused);
  CHECK_FALSE(dir_allowed.elf.symbolized);
  CHECK(dir_allowed.build == ElfChoice::no_build);
}

TEST_CASE("a boot that printed two builds' prefixes matches neither", "[analyze][elf]") {
  // Each prefix names an ELF of the folder, but no one ELF: the later one is the contradiction.
  const ElfChoice both = choose_elf(printed({sha_a.substr(0, 16), sha_b.substr(0, 16)}), folder,
                                    by_dir);
  CHECK(both.elf.match == ElfMatch::mismatch);
  CHECK(both.elf.mismatched == 1);
  // A prefix no ELF has is named first, wherever it is.
  const ElfChoice unknown = choose_elf(printed({sha_a.substr(0, 16), "0000000000"}), folder,
                                       by_dir);
  CHECK(unknown.elf.mismatched == 1);
  const ElfChoice unknown_first = choose_elf(printed({"0000000000", sha_a.substr(0, 16)}), folder,
                                             by_dir);
  CHECK(unknown_first.elf.mismatched == 0);
}

TEST_CASE("an ELF whose SHA-256 is unknown matches nothing", "[analyze][elf]") {
  const std::vector<std::vector<ElfSummary>> unreadable = {{elf("a.elf", "")}};
  CHECK(choose_elf(printed({sha_a.substr(0, 16)}), unreadable, by_elf).elf.match ==
        ElfMatch::mismatch);
}

TEST_CASE("the analyzer hands each boot the prefixes it printed", "[analyze][elf]") {
  auto plumbing = PlumbingFilter::create();
  REQUIRE(plumbing.ok());
  Analyzer analyzer(nullptr, *plumbing);
  LogScanner scanner(analyzer);
  auto source = string_source(
      "I (31) cpu_start: ELF file SHA256:  0123456789abcdef...\n"  // before any boot marker
      "ELF file SHA256: 0123456789\n"
      "ets Jun  8 2016 00:22:57\n"
      "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
      "I (27) app_init: ELF file SHA256:  fedcba9876543210...\n");
  scanner.scan(*source, 0);
  scanner.finish();
  const Report report = analyzer.finish();
  REQUIRE(report.boots.size() == 2);
  REQUIRE(report.boots[0].elf.printed.size() == 2);
  CHECK(report.boots[0].elf.printed[0].sha256_prefix == "0123456789abcdef");
  CHECK(report.boots[0].elf.printed[1].pos.line == 2);
  REQUIRE(report.boots[1].elf.printed.size() == 1);
  CHECK(report.boots[1].elf.printed[0].sha256_prefix == "fedcba9876543210");
  CHECK(report.boots[1].elf.match == ElfMatch::none);
}
