// diff_sites (analyze/site_diff.hpp): every status, the order, what fails, and the writers.
#include <catch2/catch.hpp>

#include <sstream>

#include "leakscope/analyze/site_diff.hpp"
#include "leakscope/report/diff_writer.hpp"

using namespace leakscope;

namespace {

BaselineSite site(const std::string& fingerprint, std::uint64_t bytes, std::uint64_t count) {
  return {fingerprint, "fn_" + fingerprint, "fw/" + fingerprint + ".c", false, bytes, count, 1};
}

Baseline side(std::string path, std::vector<BaselineSite> sites) {
  return {std::move(path), "a label", 1, std::move(sites)};  // sites sorted by fingerprint
}

std::vector<std::pair<std::string, std::string>> statuses(const SiteDiff& diff) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const SiteChange& c : diff.sites)
    out.emplace_back(c.fingerprint, std::string(diff_status_name(c.status)));
  return out;
}

}  // namespace

TEST_CASE("diff: new, grown, shrunk, gone and unchanged sites, changes first", "[analyze]") {
  const Baseline base = side("base.json", {site("a", 100, 1), site("b", 50, 2), site("c", 40, 4),
                                           site("d", 10, 1), site("e", 7, 1), site("f", 1, 1)});
  const Baseline candidate = side("new.log", {site("a", 100, 1), site("b", 60, 2), site("c", 40, 3),
                                              site("e", 7, 2), site("f", 1, 1), site("g", 5, 1)});
  const SiteDiff diff = diff_sites(base, candidate, GrowthLimit{});
  CHECK(statuses(diff) == std::vector<std::pair<std::string, std::string>>{
                              {"g", "new"},
                              {"b", "grown"},   // more bytes
                              {"e", "grown"},   // the same bytes in more blocks
                              {"c", "shrunk"},  // the same bytes in fewer blocks
                              {"d", "gone"},
                              {"a", "unchanged"},    // larger first,
                              {"f", "unchanged"}});  // then by fingerprint
  CHECK(diff.count(DiffStatus::grown) == 2);
  CHECK(diff.grown_beyond_limit() == 2);
  CHECK(diff.failed());
  const SiteChange& added = diff.sites[0];
  CHECK(added.fails);
  CHECK_FALSE(added.baseline);
  CHECK(added.candidate->bytes == 5);
  CHECK(added.byte_change() == 5);
  CHECK(added.function == "fn_g");
  const SiteChange& gone = diff.sites[4];
  CHECK_FALSE(gone.fails);
  CHECK(gone.byte_change() == -10);
  CHECK(gone.count_change() == -1);
  CHECK(gone.function == "fn_d");
}

TEST_CASE("diff: growth within --max-growth is grown but passes", "[analyze]") {
  const Baseline base = side("base.json", {site("a", 100, 1)});
  const Baseline candidate = side("new.json", {site("a", 110, 2)});
  const SiteDiff within = diff_sites(base, candidate, *parse_growth_limit("10%"));
  REQUIRE(within.sites.size() == 1);
  CHECK(within.sites[0].status == DiffStatus::grown);
  CHECK_FALSE(within.sites[0].fails);
  CHECK_FALSE(within.failed());
  CHECK(diff_sites(base, candidate, *parse_growth_limit("9")).failed());
  // Gone and shrunk sites never fail.
  CHECK_FALSE(diff_sites(candidate, base, GrowthLimit{}).failed());
  CHECK_FALSE(diff_sites(base, side("empty.json", {}), GrowthLimit{}).failed());
}

TEST_CASE("diff writers name baseline and candidate and mark what fails", "[report]") {
  DiffReport r{side("main.json", {site("a", 100, 1), site("d", 10, 1)}),
               side("pr.log", {site("a", 196, 2)}),
               *parse_growth_limit("64"),
               {}};
  r.candidate.label = "analyzed now with pr.elf";
  r.diff = diff_sites(r.baseline, r.candidate, r.limit);

  std::ostringstream text;
  write_diff_text(r, text);
  CHECK(text.str() ==
        "baseline:  main.json (a label; 1 boot, 2 sites)\n"
        "candidate: pr.log (analyzed now with pr.elf; 1 boot, 1 site)\n"
        "Figures are each run's worst boot at the site (bytes in blocks); growth allowed: 64 "
        "bytes (--max-growth).\n"
        "\n"
        "      STATUS     FINGERPRINT       BASELINE         CANDIDATE        CHANGE         SITE\n"
        "FAIL  grown      a                 100 B in 1       196 B in 2       +96 B in +1    fn_a "
        "(fw/a.c)\n"
        "      gone       d                 10 B in 1        -                -10 B in -1    fn_d "
        "(fw/d.c)\n"
        "\n"
        "0 new, 1 grown (1 beyond --max-growth), 0 shrunk, 1 gone, 0 unchanged: FAILED (new or "
        "grown leaks)\n");

  const nlohmann::json j = diff_to_json(r);
  CHECK(j["type"] == "diff");
  CHECK(j["schema_version"] == diff_schema_version);
  CHECK(j["baseline"] ==
        nlohmann::json{{"path", "main.json"}, {"label", "a label"}, {"boots", 1}, {"sites", 2}});
  CHECK(j["candidate"]["label"] == "analyzed now with pr.elf");
  CHECK(j["max_growth"] ==
        nlohmann::json{{"text", "64 bytes"}, {"bytes", 64}, {"percent", nullptr}});
  CHECK(j["summary"] == nlohmann::json{{"new", 0},
                                       {"grown", 1},
                                       {"grown_beyond_limit", 1},
                                       {"shrunk", 0},
                                       {"gone", 1},
                                       {"unchanged", 0},
                                       {"failed", true}});
  REQUIRE(j["sites"].size() == 2);
  CHECK(j["sites"][0] == nlohmann::json{{"status", "grown"},
                                        {"fails", true},
                                        {"fingerprint", "a"},
                                        {"fingerprint_by_address", false},
                                        {"function", "fn_a"},
                                        {"file", "fw/a.c"},
                                        {"baseline", {{"bytes", 100}, {"count", 1}, {"boots", 1}}},
                                        {"candidate", {{"bytes", 196}, {"count", 2}, {"boots", 1}}},
                                        {"change", {{"bytes", 96}, {"count", 1}}}});
  CHECK(j["sites"][1]["candidate"].is_null());
}
