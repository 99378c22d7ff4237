// The samples tools/sample_records writes from the gateway's capture, read end to end.
// - samples/custom-records: the dumps printed by a monitor task of its own, in Portuguese,
//   some lines mangled on the way. Read through monitor-task.json it must give the same leaks
//   as the original capture read as ESP-IDF dumps: the same sites, bytes, counts, tasks and
//   fingerprints in every boot.
// - samples/mixed-evidence: an ESP-IDF dump and a panic in boot 0, the monitor task's dump and
//   a heap corruption alert in boot 1. Checked against the facts samples/gateway/README.md
//   documents, not against an earlier report.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <tuple>

#include "run_cli.hpp"

#include <nlohmann/json.hpp>

using namespace leakscope;
using nlohmann::json;

namespace {

const std::filesystem::path root = LEAKSCOPE_SOURCE_DIR;
const std::string monitor_task = (root / "samples/custom-records/monitor-task.json").string();
const std::filesystem::path gateway_capture = root / "samples/gateway/capture.log";
const std::filesystem::path mixed_capture = root / "samples/mixed-evidence/capture.log";

// `analyze --format json` with the gateway's ELF; every one of these captures leaks.
json analyze(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"analyze", "--format", "json", "--elf",
                                  (root / "samples/gateway/gateway.elf").string()};
  all.insert(all.end(), args.begin(), args.end());
  const testing::CliOutcome o = testing::run_cli(all);
  INFO(o.err);
  CHECK(o.code == exit_leaks);
  return json::parse(o.out);
}

using Site = std::tuple<std::string, std::string, std::string, std::uint64_t, std::uint64_t,
                        std::string>;

std::vector<std::vector<Site>> sites(const json& report) {
  std::vector<std::vector<Site>> out;
  for (const auto& boot : report["boots"]) {
    std::vector<Site>& s = out.emplace_back();
    for (const auto& site : boot["leaks"]["by_site"])
      s.emplace_back(site["fingerprint"], site["function"], site["file"], site["bytes"],
                     site["count"], site["tasks"].dump());
  }
  return out;
}

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The texts of the lines the report's diagnostics say no parser understood.
std::vector<std::string> not_understood(const json& report, const std::filesystem::path& capture) {
  const json& lines = report["diagnostics"]["lines"];
  const std::vector<std::string> text = lines_of(capture);
  std::vector<std::string> out;
  for (const json& at : lines["first_not_understood"])
    out.push_back(text.at(at["line"].get<std::size_t>() - 1));
  // All of them are quoted here; a longer list would need another way to read them.
  REQUIRE(out.size() == lines["not_understood"].get<std::size_t>());
  return out;
}

// A frame's function and file, as "function file:line" with the file's last component.
std::string place(const json& frame) {
  const std::string file = frame["file"].is_null() ? "" : frame["file"].get<std::string>();
  return (frame["function"].is_null() ? "?" : frame["function"].get<std::string>()) + " " +
         std::filesystem::path(file).filename().string() + ":" +
         (frame["line"].is_null() ? "?" : std::to_string(frame["line"].get<std::uint64_t>()));
}

struct SiteFacts {
  std::uint64_t bytes = 0, count = 0;
  std::string task, fingerprint;
};

// A boot's leak sites by place ("net_session_open net_task.c:54").
std::map<std::string, SiteFacts> sites_by_place(const json& boot) {
  std::map<std::string, SiteFacts> out;
  for (const json& site : boot["leaks"]["by_site"])
    out[place(site)] = {site["bytes"], site["count"], site["tasks"].dump(), site["fingerprint"]};
  return out;
}

}  // namespace

TEST_CASE("the monitor task's printouts give the leaks the ESP-IDF dumps give",
          "[sample][records]") {
  const auto original = sites(analyze({gateway_capture.string()}));
  const auto custom = sites(analyze(
      {"--records", monitor_task, (root / "samples/custom-records/capture.log").string()}));
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

TEST_CASE("one log with an ESP-IDF dump, a panic, a custom dump and a heap corruption alert",
          "[sample][records][crash]") {
  const json report = analyze({"--records", monitor_task, mixed_capture.string()});
  REQUIRE(report["boots"].size() == 2);
  const json& boot0 = report["boots"][0];
  const json& boot1 = report["boots"][1];

  // The three leaks of samples/gateway/README.md, in both boots at the same sites.
  const auto sites0 = sites_by_place(boot0);
  const auto sites1 = sites_by_place(boot1);
  const std::map<std::string, std::pair<std::string, std::uint64_t>> leaks = {
      {"net_session_open net_task.c:54", {"[\"net\"]", 96}},
      {"uart_driver_read_frame uart_driver.c:21", {"[\"sensor\"]", 48}},
      {"dup_label label.h:13", {"[\"console\"]", 7}}};
  REQUIRE(sites0.size() == leaks.size());
  REQUIRE(sites1.size() == leaks.size());
  for (const auto& [where, leak] : leaks) {
    INFO(where);
    REQUIRE(sites0.contains(where));
    REQUIRE(sites1.contains(where));
    CHECK(sites0.at(where).task == leak.first);
    CHECK(sites0.at(where).bytes == leak.second);  // one of each survived boot 1's buffer
    CHECK(sites1.at(where).task == leak.first);
    CHECK(sites1.at(where).fingerprint == sites0.at(where).fingerprint);
  }
  CHECK(sites1.at("net_session_open net_task.c:54").count == 6);
  CHECK(sites1.at("uart_driver_read_frame uart_driver.c:21").count == 5);
  CHECK(sites1.at("dup_label label.h:13").count == 3);
  CHECK(boot0["leaks"]["bytes"] == 151);
  CHECK(boot0["leaks"]["count"] == 3);
  CHECK(boot1["leaks"]["bytes"] == 837);
  CHECK(boot1["leaks"]["count"] == 14);
  // Boot 0's from the ESP-IDF dump as printed, boot 1's from the monitor task's printout.
  CHECK(boot0["trace"]["layout"] == "esp-idf-v4");
  CHECK(boot1["trace"]["layout"] == "custom");

  // Boot 0 ends in the console's panic: abort() in cmd_panic, every frame symbolized.
  REQUIRE(boot0["events"].size() == 1);
  const json& abort = boot0["events"][0];
  CHECK(abort["kind"] == "abort");
  REQUIRE(abort["registers"].size() == 1);
  CHECK(place(abort["registers"][0]).starts_with("cmd_panic console_task.c:"));
  REQUIRE(abort["backtrace"].size() == 4);
  CHECK(place(abort["backtrace"][0]).starts_with("cmd_panic console_task.c:"));
  for (const json& frame : abort["backtrace"]) {
    INFO(frame.dump());
    CHECK_FALSE(frame["function"].is_null());
    CHECK_FALSE(frame["file"].is_null());
  }

  // Boot 1: the integrity check found the tail canary of a session object overwritten. Its
  // block is the one client 6, boot 2's last client, was given (its "connected" line).
  std::string session;
  const std::regex connected(R"(client \d+ connected from \S+ \(session (0x[0-9a-f]+)\))");
  for (const std::string& line : lines_of(gateway_capture)) {
    std::smatch m;
    if (std::regex_search(line, m, connected)) session = m[1];
  }
  REQUIRE(session == "0x20002338");
  REQUIRE(boot1["events"].size() == 1);
  const json& corruption = boot1["events"][0];
  CHECK(corruption["kind"] == "heap_corruption");
  CHECK(corruption["reason"] == "Bad tail");
  CHECK(corruption["expected"] == "0xbaad5678");  // ESP-IDF's tail canary
  REQUIRE(corruption["got"].is_string());
  CHECK(corruption["got"] != corruption["expected"]);
  // The tail canary sits right after the block's data.
  CHECK(std::stoull(corruption["block"].get<std::string>(), nullptr, 16) ==
        std::stoull(session, nullptr, 16) + 96);
  const json& owner = corruption["owner"];
  REQUIRE(owner.is_object());
  CHECK(owner["address"] == session);
  CHECK(owner["size"] == 96);
  CHECK(owner["task"] == "net");
  CHECK(place(owner) == "net_session_open net_task.c:54");
  CHECK(owner["fingerprint"] == sites1.at("net_session_open net_task.c:54").fingerprint);
  // A heap checker's report is no crash: boot 1 powered off.
  CHECK_FALSE(boot1["heap"]["crashed"].get<bool>());

  // Every line the generator wrote was read: anything left unread is left in the gateway
  // capture too, and the one crash line it added is read as one.
  const json gateway = analyze({gateway_capture.string()});
  const json& lines = report["diagnostics"]["lines"];
  CHECK(not_understood(report, mixed_capture) == not_understood(gateway, gateway_capture));
  CHECK(lines["read"] == lines_of(mixed_capture).size());
  CHECK(lines["crash"] == gateway["diagnostics"]["lines"]["crash"].get<int>() + 1);
}
