// Issue 6's "done when" for fingerprints and the ratchet, on real builds: the sample gateway
// firmware (ESP-IDF style build) compiled twice, once as committed and once with its code
// linked 4 KiB further up (build.sh --text-start 0x1000: every code address moves, nothing
// else), each run under qemu-system-arm by build.sh and analyzed with its own ELF.
//
// - Every leak site keeps its fingerprint, function, file and line; every address differs.
// - The shifted capture passes `analyze --baseline` against the first build's report (exit 0)
//   and `diff` finds every site unchanged; a baseline without one of the sites fails both
//   (exit 1): a new leak fails the ratchet.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "e2e_support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace e2e;

struct Builds {
  fs::path dir;
  fs::path plain, shifted;  // build.sh output directories: gateway.elf, capture.log
};

// Both builds at once (about a second each), once for the whole file.
const Builds& builds() {
  static const Builds b = [] {
    Builds out;
    out.dir = fs::temp_directory_path() / ("leakscope-rebuild-" + std::to_string(::getpid()));
    fs::remove_all(out.dir);
    fs::create_directories(out.dir);
    out.plain = out.dir / "plain";
    out.shifted = out.dir / "shifted";
    const std::string script = quoted(source_dir + "/samples/gateway/build.sh");
    const std::string log = quoted((out.dir / "build.log").string());
    const std::string command =
        "bash -c " + quoted("bash " + script + " " + quoted(out.plain) + " > " + log +
                            " 2>&1 & p=$!; bash " + script + " --text-start 0x1000 " +
                            quoted(out.shifted) + " >> " + log + " 2>&1 && wait $p");
    INFO("firmware builds: see " << (out.dir / "build.log").string());
    REQUIRE(shell(command) == 0);
    return out;
  }();
  return b;
}

// `leakscope ARGS`, stdout to `out`; the exit status.
int run_tool(const std::string& args, const fs::path& out) {
  return shell(quoted(leakscope) + " " + args + " > " + quoted(out.string()));
}

// `analyze --format json` of one build's capture with its own ELF.
json analyze_build(const fs::path& build, const fs::path& report) {
  const int status = run_tool("analyze --format json --elf " + quoted(build / "gateway.elf") + " " +
                                  quoted(build / "capture.log"),
                              report);
  CHECK(status == 1);  // the firmware leaks
  return json::parse(slurp(report));
}

struct Site {
  std::string function, file, address;
  std::uint64_t line = 0, bytes = 0;
};

// boot -> fingerprint -> site.
std::map<std::string, Site> sites_by_fingerprint(const json& boot) {
  std::map<std::string, Site> sites;
  for (const json& s : boot["leaks"]["by_site"])
    sites[s["fingerprint"]] = {s["function"], s["file"], s["address"], s["line"], s["bytes"]};
  return sites;
}

}  // namespace

TEST_CASE("a rebuild with every code address moved keeps every fingerprint, and the ratchet holds",
          "[e2e][qemu][rebuild]") {
  const Builds& b = builds();
  const fs::path plain_json = b.dir / "plain.json";
  const json plain = analyze_build(b.plain, plain_json);
  const json shifted = analyze_build(b.shifted, b.dir / "shifted.json");

  REQUIRE(plain["boots"].size() == 2);
  REQUIRE(shifted["boots"].size() == 2);
  for (int boot = 0; boot < 2; ++boot) {
    INFO("boot " << boot);
    const auto before = sites_by_fingerprint(plain["boots"][boot]);
    const auto after = sites_by_fingerprint(shifted["boots"][boot]);
    REQUIRE(before.size() == 3);  // net_session_open, uart_driver_read_frame, dup_label
    REQUIRE(after.size() == before.size());
    for (const auto& [fingerprint, site] : before) {
      INFO(fingerprint << " " << site.function);
      REQUIRE(after.count(fingerprint) == 1);
      const Site& moved = after.at(fingerprint);
      CHECK(moved.function == site.function);
      CHECK(moved.file == site.file);
      CHECK(moved.line == site.line);
      CHECK(moved.bytes == site.bytes);
      CHECK(moved.address != site.address);  // the layout did shift
    }
  }

  // `analyze --baseline BASE` and `diff BASE` of the shifted capture: both exit codes and
  // the diff's JSON.
  struct Ratchet {
    int analyze = -1, diff = -1;
    json diff_json;
  };
  const auto ratchet = [&b](const fs::path& base, const std::string& name) {
    const std::string capture =
        " --elf " + quoted(b.shifted / "gateway.elf") + " " + quoted(b.shifted / "capture.log");
    Ratchet r;
    r.analyze = run_tool("analyze --baseline " + quoted(base) + capture, b.dir / (name + ".txt"));
    r.diff = run_tool("diff --format json " + quoted(base) + capture, b.dir / (name + ".json"));
    r.diff_json = json::parse(slurp(b.dir / (name + ".json")));
    return r;
  };

  SECTION("the unchanged leaks pass the ratchet") {
    const Ratchet r = ratchet(plain_json, "unchanged");
    CHECK(r.analyze == 0);
    CHECK(r.diff == 0);
    CHECK(r.diff_json["summary"]["unchanged"] == 3);
    CHECK(r.diff_json["summary"]["failed"] == false);
  }

  SECTION("a leak the baseline does not have fails it") {
    json without_label = plain;
    for (json& boot : without_label["boots"]) {
      json& sites = boot["leaks"]["by_site"];
      sites.erase(std::remove_if(sites.begin(), sites.end(),
                                 [](const json& s) { return s["function"] == "dup_label"; }),
                  sites.end());
    }
    const fs::path base = b.dir / "without-label.json";
    std::ofstream(base) << without_label.dump();
    const Ratchet r = ratchet(base, "new-leak");
    CHECK(r.analyze == 1);
    CHECK(r.diff == 1);
    CHECK(r.diff_json["summary"]["new"] == 1);
    CHECK(r.diff_json["sites"][0]["function"] == "dup_label");
    CHECK(r.diff_json["sites"][0]["fails"] == true);
  }
}
