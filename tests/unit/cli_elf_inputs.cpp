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

json analyze(const std::string& elf, int& code) {
  const auto outcome = testing::run_cli(
      {"analyze", "--format", "json", "--elf", elf, (sample / "capture.log").string()});
  code = outcome.code;
  return json::parse(outcome.out);
}

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
