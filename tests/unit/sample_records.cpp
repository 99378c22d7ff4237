// The record patterns sample (samples/custom-records): the gateway's capture with its dumps
// printed by a monitor task of its own, in Portuguese, some lines mangled on the way. Read
// through monitor-task.json it must give the same leaks as the original capture read as
// ESP-IDF dumps: the same sites, bytes, counts, tasks and fingerprints in every boot.
#include <catch2/catch.hpp>

#include <filesystem>
#include <tuple>

#include "run_cli.hpp"

#include <nlohmann/json.hpp>

using namespace leakscope;

namespace {

const std::filesystem::path root = LEAKSCOPE_SOURCE_DIR;

using Site = std::tuple<std::string, std::string, std::string, std::uint64_t, std::uint64_t,
                        std::string>;

std::vector<std::vector<Site>> sites(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"analyze", "--format", "json", "--elf",
                                  (root / "samples/gateway/gateway.elf").string()};
  all.insert(all.end(), args.begin(), args.end());
  const testing::CliOutcome o = testing::run_cli(all);
  CHECK(o.code == exit_leaks);
  const nlohmann::json report = nlohmann::json::parse(o.out);
  std::vector<std::vector<Site>> out;
  for (const auto& boot : report["boots"]) {
    std::vector<Site>& s = out.emplace_back();
    for (const auto& site : boot["leaks"]["by_site"])
      s.emplace_back(site["fingerprint"], site["function"], site["file"], site["bytes"],
                     site["count"], site["tasks"].dump());
  }
  return out;
}

}  // namespace

TEST_CASE("the monitor task's printouts give the leaks the ESP-IDF dumps give",
          "[sample][records]") {
  const auto original = sites({(root / "samples/gateway/capture.log").string()});
  const auto custom = sites({"--records", (root / "samples/custom-records/monitor-task.json").string(),
                             (root / "samples/custom-records/capture.log").string()});
  REQUIRE(original.size() == 2);
  CHECK(original[0].size() == 3);
  CHECK(custom == original);
}

TEST_CASE("a bad record file is a usage error naming it", "[sample][records][cli]") {
  const testing::CliOutcome o = testing::run_cli(
      {"analyze", "--records", (root / "samples/custom-records/README.md").string(),
       (root / "samples/custom-records/capture.log").string()});
  CHECK(o.code == exit_usage_error);
  CHECK(o.err.find("README.md: not a JSON object") != std::string::npos);
}
