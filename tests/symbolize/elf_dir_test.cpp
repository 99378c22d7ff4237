// `leakscope analyze --elf-dir` on a log spanning an OTA update between two real builds: the
// ARM fixture linked at its usual address and the one linked at 0 (arm-gc). Their bytes
// depend on the toolchain and the build directory, so the log is written here from the
// SHA-256 each ELF has in this build, not kept as a golden file.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../unit/run_cli.hpp"
#include "fixtures.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace leakscope::parity {
namespace {

struct Build {
  std::string sha256;
  std::uint64_t caller = 0;  // a return address in this build's code and in no other's
};

// An odd (Thumb) return address the build names and the other build has no code at.
Build build_of(const std::string& elf, const std::string& other_elf) {
  Symbolizer mine;
  Symbolizer other;
  ElfLoadOptions hashed;
  hashed.compute_sha256 = true;
  REQUIRE(mine.add_elf(elf, hashed).ok());
  REQUIRE(other.add_elf(other_elf, hashed).ok());
  Build b;
  b.sha256 = mine.elfs().front().sha256;
  for (std::uint64_t a = 0x1; a < 0x100000; a += 2) {
    const Symbolization& s = mine.symbolize(a, AddressKind::return_address);
    if (s.in_code && !s.frames.empty() && !s.frames.front().function.empty() &&
        !other.symbolize(a, AddressKind::return_address).in_code) {
      b.caller = a;
      return b;
    }
  }
  FAIL("no address of " << elf << " lies outside " << other_elf);
  return b;
}

std::string boot_log(const std::string& banner_reset, const std::string& app_info,
                     std::uint64_t caller) {
  return fmt::format(
      "ets Jun  8 2016 00:22:57\n"
      "{}\n"
      "{}\n"
      "1 allocations trace (8 entry buffer)\n"
      "32 bytes (@ 0x20001000) allocated CPU 0 ccount 0x00000010 caller {:#x}\n"
      "32 bytes 'leaked' in trace (1 allocations)\n"
      "total allocations 1 total frees 0\n",
      banner_reset, app_info, caller);
}

struct Ota {
  fs::path dir;
  fs::path log;
  Build a, b;
};

// builds/1.0/app.elf and builds/1.1/APP.ELF (any case) plus a file that is no ELF; boot 0 runs
// 1.0 (v4 app info, 16 digits), boot 1 runs 1.1 (v5.3+ app info, then a 9-digit panic line).
Ota make_ota(const Fixture& a, const Fixture& b) {
  Ota ota;
  ota.dir = fs::path(LEAKSCOPE_FIXTURE_DIR) / "elf-dir-ota";
  fs::remove_all(ota.dir);
  fs::create_directories(ota.dir / "builds" / "1.0");
  fs::create_directories(ota.dir / "builds" / "1.1");
  fs::copy_file(a.elf, ota.dir / "builds" / "1.0" / "app.elf");
  fs::copy_file(b.elf, ota.dir / "builds" / "1.1" / "APP.ELF");
  std::ofstream(ota.dir / "builds" / "notes.txt") << "release notes\n";
  ota.a = build_of(a.elf, b.elf);
  ota.b = build_of(b.elf, a.elf);
  ota.log = ota.dir / "ota.log";
  std::ofstream(ota.log)
      << boot_log("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
                  "I (31) cpu_start: ELF file SHA256:  " + ota.a.sha256.substr(0, 16) + "...",
                  ota.a.caller)
      << boot_log("rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
                  "I (27) app_init: ELF file SHA256:  " + ota.b.sha256.substr(0, 16) + "...",
                  ota.b.caller)
      << "ELF file SHA256: " << ota.b.sha256.substr(0, 9) << "\n";
  return ota;
}

json analyze(const std::vector<std::string>& args, int& code, std::string* err = nullptr) {
  std::vector<std::string> all = {"analyze", "--format", "json"};
  all.insert(all.end(), args.begin(), args.end());
  const testing::CliOutcome outcome = testing::run_cli(all);
  code = outcome.code;
  if (err != nullptr) *err = outcome.err;
  return json::parse(outcome.out);
}

const json& first_frame(const json& boot) { return boot["leaks"]["by_site"][0]["stack"][0]; }

}  // namespace

TEST_CASE("an OTA log is symbolized boot by boot from a folder of builds", "[elf_dir]") {
  const Fixture* a = find_fixture("arm");
  const Fixture* b = find_fixture("arm-gc");
  if (a == nullptr || b == nullptr) {
    WARN("ARM fixtures not built: nothing to check");
    return;
  }
  const Ota ota = make_ota(*a, *b);
  const std::string builds = (ota.dir / "builds").string();

  SECTION("each boot gets the build it printed, every address looked up once per build") {
    int code = 0;
    std::string err;
    const json report = analyze({"--elf-dir", builds, ota.log.string()}, code, &err);
    CHECK(code == exit_leaks);
    CHECK(err.empty());
    CHECK(report["elfs"].size() == 2);  // notes.txt is not an ELF file name
    const json& boots = report["boots"];
    REQUIRE(boots.size() == 2);
    CHECK(boots[0]["elf"]["status"] == "verified");
    CHECK(boots[0]["elf"]["path"] == (ota.dir / "builds" / "1.0" / "app.elf").string());
    CHECK(boots[1]["elf"]["status"] == "verified");
    CHECK(boots[1]["elf"]["path"] == (ota.dir / "builds" / "1.1" / "APP.ELF").string());
    CHECK(boots[1]["elf"]["sha256"] == ota.b.sha256);
    CHECK(boots[1]["elf"]["printed"].size() == 2);  // app info and panic line
    for (const json& boot : boots) {
      CHECK(first_frame(boot)["in_code"] == true);
      CHECK(first_frame(boot)["function"].is_string());
    }
    CHECK(report["diagnostics"]["symbolization"]["addresses"] == 2);
    CHECK(report["diagnostics"]["symbolization"]["not_in_code"] == 0);
  }

  SECTION("one build given: the other boot is refused, with exit code 2") {
    int code = 0;
    std::string err;
    const json report = analyze({"--elf", a->elf, ota.log.string()}, code, &err);
    CHECK(code == exit_usage_error);
    CHECK(report["boots"][0]["elf"]["status"] == "verified");
    const json& refused = report["boots"][1];
    CHECK(refused["elf"]["status"] == "mismatch");
    CHECK(refused["elf"]["refused"] == true);
    CHECK(first_frame(refused)["in_code"].is_null());
    CHECK(first_frame(refused)["function"].is_null());
    // One line naming the boot, the line, the prefix and the ELF's SHA-256.
    CHECK(err.find("leakscope: boot 1 (line 8): ELF mismatch: the log printed ELF SHA-256 " +
                   ota.b.sha256.substr(0, 16) + " at line 10") != std::string::npos);
    CHECK(err.find(ota.a.sha256) != std::string::npos);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  }

  SECTION("a boot that printed no SHA-256 is not symbolized from a folder") {
    const fs::path log = ota.dir / "anonymous.log";
    std::ofstream(log) << boot_log("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
                                   "I (31) cpu_start: Pro cpu up.", ota.a.caller);
    int code = 0;
    std::string err;
    const json report = analyze({"--elf-dir", builds, log.string()}, code, &err);
    CHECK(code == exit_leaks);  // nothing contradicts the ELFs: no input error
    CHECK(report["boots"][0]["elf"]["status"] == "unidentified");
    CHECK(first_frame(report["boots"][0])["in_code"].is_null());
    CHECK(err.find("no ELF chosen") != std::string::npos);
  }

  SECTION("a file in the folder that is no ELF is reported; the others still serve") {
    std::ofstream(ota.dir / "builds" / "broken.elf") << "not an ELF\n";
    int code = 0;
    std::string err;
    const json report = analyze({"--elf-dir", builds, ota.log.string()}, code, &err);
    CHECK(code == exit_usage_error);
    CHECK(err.find("broken.elf: not an ELF file") != std::string::npos);
    CHECK(report["boots"][1]["elf"]["status"] == "verified");
  }
}

TEST_CASE("a folder of builds must hold ELF files, and excludes --elf", "[elf_dir]") {
  const fs::path empty = fs::path(LEAKSCOPE_FIXTURE_DIR) / "elf-dir-empty";
  fs::remove_all(empty);
  fs::create_directories(empty / "sub");
  const testing::CliOutcome none = testing::run_cli({"analyze", "--elf-dir", empty.string(), "-"});
  CHECK(none.code == exit_usage_error);
  CHECK(none.err.find("no *.elf file") != std::string::npos);
  CHECK(none.out.empty());

  const testing::CliOutcome both = testing::run_cli(
      {"analyze", "--elf-dir", empty.string(), "--elf", fixtures().front().elf, "-"});
  CHECK(both.code == exit_usage_error);
  CHECK(both.err.find("excludes") != std::string::npos);
}

}  // namespace leakscope::parity
