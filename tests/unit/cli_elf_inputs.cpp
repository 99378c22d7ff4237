// What analyze does with an ELF that is stripped or belongs to another build.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace leakscope;

namespace {

const fs::path sample = fs::path(LEAKSCOPE_SOURCE_DIR) / "samples" / "gateway";

json analyze(const std::string& elf, int& code, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"analyze", "--format", "json", "--elf", elf};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back((sample / "capture.log").string());
  const auto outcome = testing::run_cli(args);
  code = outcome.code;
  return json::parse(outcome.out);
}

void shell(const std::string& command) { REQUIRE(std::system(command.c_str()) == 0); }

}  // namespace

TEST_CASE("a stripped ELF still names functions from its symbol table", "[cli][elf]") {
  const fs::path stripped = fs::path(LEAKSCOPE_BINARY_DIR) / "gateway.stripped.elf";
  const std::string command = "arm-none-eabi-strip --strip-debug -o '" + stripped.string() + "' '" +
                              (sample / "gateway.elf").string() + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  int code = 0;
  const json report = analyze(stripped.string(), code);
  CHECK(code == exit_leaks);
  CHECK(report["elfs"][0]["has_dwarf"] == false);
  CHECK(report["elfs"][0]["has_symtab"] == true);
  std::set<std::string> functions;
  for (const json& site : report["boots"][1]["leaks"]["by_site"]) {
    CHECK(site["file"].is_null());
    functions.insert(site["function"].get<std::string>());
  }
  // Without DWARF there are no inlined frames: the sites are the enclosing ELF symbols, and
  // pvPortMalloc is still skipped as plumbing.
  CHECK(functions == std::set<std::string>{"net_task_step", "uart_driver_read_frame",
                                           "console_task_step"});
  CHECK(report["diagnostics"]["warnings"].empty());
}

TEST_CASE("an ELF of another build is called out, its guesses never made", "[cli][elf]") {
  int code = 0;
  // This test program: an x86-64 PIE whose code lies nowhere near the sample's addresses.
  const json report = analyze(fs::read_symlink("/proc/self/exe").string(), code);
  CHECK(code == exit_leaks);
  const json& stats = report["diagnostics"]["symbolization"];
  CHECK(stats["not_in_code"] == stats["addresses"]);
  REQUIRE(report["diagnostics"]["warnings"].size() == 1);
  CHECK(report["diagnostics"]["warnings"][0].get<std::string>().find("is it the ELF of this build?") !=
        std::string::npos);
  // Sites fall back to the innermost address, as without an ELF: three per boot, not one.
  for (const json& boot : report["boots"]) {
    CHECK(boot["leaks"]["by_site"].size() == 3);
    for (const json& site : boot["leaks"]["by_site"]) CHECK(site["function"].is_null());
  }
}

TEST_CASE("analyze with a debug dir: a stripped ELF gives the report of the unstripped ELF", "[cli][elf]") {
  // gateway.elf has no build-id: the debug file is found by its .gnu_debuglink name and CRC32.
  const fs::path dir = fs::path(LEAKSCOPE_BINARY_DIR) / "gateway-debug-dir";
  fs::remove_all(dir);
  fs::create_directories(dir / "elf");
  fs::create_directories(dir / "debug");
  const std::string elf = (dir / "elf" / "gateway.elf").string();
  const std::string debug = (dir / "debug" / "gateway.debug").string();
  const std::string original = (sample / "gateway.elf").string();
  shell("arm-none-eabi-objcopy --only-keep-debug '" + original + "' '" + debug + "'");
  shell("arm-none-eabi-strip --strip-all -o '" + elf + "' '" + original + "'");
  shell("arm-none-eabi-objcopy --add-gnu-debuglink='" + debug + "' '" + elf + "'");

  int code = 0;
  const json plain = analyze(original, code);
  const json found = analyze(elf, code, {"--debug-dir", (dir / "debug").string()});
  CHECK(code == exit_leaks);
  CHECK(found["elfs"][0]["has_dwarf"] == true);
  CHECK(found["elfs"][0]["debug_file"] == debug);
  CHECK(found["diagnostics"]["warnings"].empty());
  // Everything but which ELF file (path, SHA-256) each boot was symbolized with.
  auto without_elf = [](json boots) {
    for (json& boot : boots) boot.erase("elf");
    return boots;
  };
  CHECK(without_elf(found["boots"]) == without_elf(plain["boots"]));

  // A file of that name that is not the one the link recorded: named in the report's warnings,
  // and the report goes on without it (no symbols either, after --strip-all).
  fs::copy_file(original, dir / "elf" / "gateway.debug");
  const json refused = analyze(elf, code);
  CHECK(refused["elfs"][0]["has_dwarf"] == false);
  REQUIRE(refused["diagnostics"]["warnings"].size() >= 1);
  CHECK(refused["diagnostics"]["warnings"][0].get<std::string>().find("gateway.debug: not used as the debug file of " +
                                                                      elf + ": its CRC32 ") != std::string::npos);
  fs::remove_all(dir);
}
