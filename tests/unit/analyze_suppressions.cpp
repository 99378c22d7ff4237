// Suppression files: LSan's pattern rules, the file format with caps, applying a list to a
// report (first match, caps per boot, stale entries) and --gen-suppressions' output.
#include <catch2/catch.hpp>

#include <set>

#include "leakscope/analyze/gate.hpp"
#include "leakscope/analyze/suppressions.hpp"

#include "gate_report.hpp"
#include "temp_file.hpp"

using namespace leakscope;
using leakscope::testing::boot_of;
using leakscope::testing::frame;
using leakscope::testing::leak_site;

namespace {

SuppressionPattern pattern(std::string_view text) {
  auto p = SuppressionPattern::parse(text);
  REQUIRE(p);
  return p.take();
}

SuppressionList parse(std::string_view text) {
  auto list = parse_suppressions(text, "known.supp");
  INFO((list ? std::string() : list.error().message));
  REQUIRE(list);
  return list.take();
}

std::string parse_error(std::string_view text) {
  auto list = parse_suppressions(text, "known.supp");
  REQUIRE_FALSE(list);
  return list.error().message;
}

// Two boots of the same firmware: a session leak that grows, a driver buffer, a label copied
// in an inlined helper, and one site whose stack passes through the session code.
Report two_boots() {
  // The call site is the first frame that is not allocator plumbing, as analysis chooses it.
  auto session_site = [](std::uint64_t bytes, std::uint64_t count) {
    SiteGroup s = leak_site({frame("pvPortMalloc", "port/heap.c"),
                             frame("net_session_open", "src/net/session.c"),
                             frame("net_task", "src/net/task.c")},
                            bytes, count);
    s.function = "net_session_open";
    s.file = "src/net/session.c";
    s.fingerprint = site_fingerprint(s.function, s.file, 0).id;
    return s;
  };
  auto driver = [](std::uint64_t bytes, std::uint64_t count) {
    return leak_site({frame("uart_read_frame.isra.0", "drivers/uart.c"),
                      frame("sensor_poll", "src/sensor.c")},
                     bytes, count);
  };
  auto label = [](std::uint64_t bytes, std::uint64_t count) {
    return leak_site({frame("dup_label", "include/label.h"),
                      frame("console_run_line(char const*, int)", "src/console.cpp")},
                     bytes, count);
  };
  Report r;
  r.boots.push_back(boot_of(0, {session_site(96, 1), driver(48, 1), label(7, 1)}));
  r.boots.push_back(boot_of(1, {session_site(576, 6), driver(240, 5), label(21, 3)}));
  return r;
}

std::set<std::string> fingerprints(const Report& r, bool suppressed) {
  std::set<std::string> out;
  for (const BootReport& b : r.boots)
    for (const SiteGroup& s : b.leaks.by_site)
      if ((s.status == SiteStatus::suppressed) == suppressed) out.insert(s.fingerprint);
  return out;
}

}  // namespace

TEST_CASE("suppression patterns follow LSan: substring, anchors, wildcards", "[suppressions]") {
  CHECK(pattern("session").matches_function("net_session_open"));
  CHECK_FALSE(pattern("^session").matches_function("net_session_open"));
  CHECK(pattern("^net_").matches_function("net_session_open"));
  CHECK(pattern("open$").matches_function("net_session_open"));
  CHECK_FALSE(pattern("net$").matches_function("net_session_open"));
  CHECK(pattern("^net_session_open$").matches_function("net_session_open"));
  CHECK_FALSE(pattern("^net_session_open$").matches_function("net_session_open2"));
  CHECK(pattern("net_*_open").matches_function("net_session_open"));
  CHECK(pattern("^net*open$").matches_function("net_session_open"));
  CHECK(pattern("*").matches_function("anything"));
  CHECK_FALSE(pattern("*").matches_function(""));  // an unknown name matches nothing
  // A true wildcard (LSan's own matcher never backtracks and misses this one).
  CHECK(pattern("a*b$").matches_function("abab"));
  // '^' after the first character is a plain character; C++ names keep their spaces.
  CHECK(pattern("x^y").matches_function("ax^yb"));
  CHECK(pattern("Session::open(int, char const*)").matches_function(
      "net::Session::open(int, char const*)"));

  SECTION("source paths match whole components") {
    CHECK(pattern("session.c").matches_path("src/net/session.c"));
    CHECK(pattern("net/session.c").matches_path("/home/ci/fw/src/net/session.c"));
    CHECK_FALSE(pattern("ession.c").matches_path("src/net/session.c"));
    CHECK_FALSE(pattern("session.c").matches_path("src/net/mysession.c"));
    CHECK_FALSE(pattern("session").matches_path("src/net/session.c"));  // not a component
    CHECK(pattern("net").matches_path("src/net/session.c"));            // a folder
    CHECK(pattern("net/*").matches_path("src/net/session.c"));
    CHECK(pattern("*.c").matches_path("src/net/session.c"));
    CHECK(pattern("^/home/ci").matches_path("/home/ci/fw/src/net/session.c"));
    CHECK_FALSE(pattern("^src").matches_path("lib/src/x.c"));
    CHECK(pattern("^src").matches_path("src/x.c"));
    CHECK_FALSE(pattern("net$").matches_path("src/net/session.c"));
    CHECK(pattern("third_party").matches_path("components\\third_party\\lib.c"));
  }
  SECTION("sixteen hex digits are a fingerprint, in any case") {
    CHECK(pattern("A1752B22DC338455").matches_fingerprint("a1752b22dc338455"));
    CHECK_FALSE(pattern("a1752b22dc338455").matches_fingerprint("a1752b22dc338456"));
    CHECK_FALSE(pattern("^a1752b22dc338455$").matches_fingerprint("a1752b22dc338455"));
    CHECK_FALSE(pattern("a1752b22dc33845").matches_fingerprint("a1752b22dc33845"));
  }
  SECTION("refused: empty, and '$' before the end") {
    CHECK_FALSE(SuppressionPattern::parse(""));
    CHECK_FALSE(SuppressionPattern::parse("^$"));
    CHECK_FALSE(SuppressionPattern::parse("foo$bar"));
  }
}

TEST_CASE("glob matching covers the whole text", "[suppressions]") {
  CHECK(glob_matches("", ""));
  CHECK(glob_matches("*", ""));
  CHECK(glob_matches("a*c", "abbbc"));
  CHECK_FALSE(glob_matches("a*c", "abbbcd"));
  CHECK(glob_matches("*a*a*", "banana"));
  CHECK_FALSE(glob_matches("*x*", "banana"));
}

TEST_CASE("a plain LSan suppression file loads as it is", "[suppressions]") {
  const SuppressionList list = parse(
      "# This file contains suppressions for LeakSanitizer.\r\n"
      "\r\n"
      "leak:libfontconfig\r\n"
      "   leak:base::ToolsSanityTest_MemoryLeak_Test::TestBody  \r\n"
      "\t# indented comment\n"
      "leak:std::vector<int, std::allocator<int> >::push_back(int const&)\n"
      "leak:*LSanTestLeakingFunc*\n"
      "leak:operator==\n"
      "leak:^net_session_open$");  // no newline at the end
  REQUIRE(list.size() == 6);
  CHECK(list[0].pattern.text() == "libfontconfig");
  CHECK(list[0].source == "known.supp:3");
  CHECK(list[1].pattern.text() == "base::ToolsSanityTest_MemoryLeak_Test::TestBody");
  CHECK(list[1].source == "known.supp:4");
  CHECK(list[2].pattern.text() == "std::vector<int, std::allocator<int> >::push_back(int const&)");
  CHECK(list[3].pattern.text() == "*LSanTestLeakingFunc*");
  CHECK(list[4].pattern.text() == "operator==");
  CHECK(list[5].pattern.text() == "^net_session_open$");
  CHECK(list[5].source == "known.supp:9");
  for (const Suppression& s : list) {
    CHECK_FALSE(s.max_bytes);
    CHECK_FALSE(s.max_count);
  }
}

TEST_CASE("caps and comments after the pattern", "[suppressions]") {
  const SuppressionList list = parse(
      "leak:net_session_open max_bytes=4096 max_count=4\n"
      "leak:uart.c max_count=10   # the driver's ring, JIRA-12\n"
      "leak:dup_label max_bytes=1K\n"
      "leak:foo(char const*, int) max_bytes=4KiB # spaces in a pattern\n");
  REQUIRE(list.size() == 4);
  CHECK(list[0].pattern.text() == "net_session_open");
  CHECK(list[0].max_bytes == 4096u);
  CHECK(list[0].max_count == 4u);
  CHECK(list[1].pattern.text() == "uart.c");
  CHECK_FALSE(list[1].max_bytes);
  CHECK(list[1].max_count == 10u);
  CHECK(list[2].max_bytes == 1024u);
  CHECK(list[3].pattern.text() == "foo(char const*, int)");
  CHECK(list[3].max_bytes == 4096u);
}

TEST_CASE("a bad line names FILE:LINE and what is wrong", "[suppressions]") {
  CHECK(parse_error("leak:ok\nrace:foo\n") ==
        "known.supp:2: expected 'leak:PATTERN', not a 'race' suppression (only LeakSanitizer's "
        "leak: type applies)");
  CHECK(parse_error("net_session_open\n") == "known.supp:1: expected 'leak:PATTERN'");
  CHECK(parse_error("\n\nleak:\n") ==
        "known.supp:3: empty pattern (it would suppress every leak)");
  CHECK(parse_error("leak:foo max_size=4\n") ==
        "known.supp:1: unknown cap 'max_size' (max_bytes=BYTES, max_count=N)");
  CHECK(parse_error("leak:foo max_count=4 max_count=5\n") == "known.supp:1: max_count given twice");
  CHECK(parse_error("leak:foo max_count=four\n") ==
        "known.supp:1: max_count=four: not a whole number");
  CHECK(parse_error("leak:foo max_bytes=-1\n") == "known.supp:1: max_bytes=-1: not a byte count");
  CHECK(parse_error("leak:foo max_count=\n") == "known.supp:1: max_count=: not a whole number");
  CHECK(parse_error("leak:foo$bar\n") ==
        "known.supp:1: '$' anchors the end of a name: nothing may follow it");
  // The first word is always the pattern's, even when it reads like a cap.
  CHECK(parse_suppressions("leak:max_count=3\n", "f")->front().pattern.text() == "max_count=3");
}

TEST_CASE("files load in order, and an unreadable one is an error", "[suppressions]") {
  leakscope::testing::TempFile a("a.supp", "leak:first\n");
  leakscope::testing::TempFile b("b.supp", "# b\nleak:second max_count=1\n");
  auto list = load_suppressions({a.path(), b.path()});
  REQUIRE(list);
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].source == a.path() + ":1");
  CHECK((*list)[1].source == b.path() + ":2");
  auto missing = load_suppressions({a.path(), "no-such.supp"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "no-such.supp: cannot read the suppression file");
}

TEST_CASE("an entry matches a site by any frame's function or file, or its fingerprint",
          "[suppressions]") {
  const Report r = two_boots();
  const SiteGroup& session = r.boots[0].leaks.by_site[0];
  const SiteGroup& driver = r.boots[0].leaks.by_site[1];
  CHECK(suppression_matches(pattern("net_task"), session));          // an outer frame
  CHECK(suppression_matches(pattern("pvPortMalloc"), session));      // plumbing counts too
  CHECK(suppression_matches(pattern("port/heap.c"), session));
  CHECK(suppression_matches(pattern(session.fingerprint), session));
  CHECK_FALSE(suppression_matches(pattern(session.fingerprint), driver));
  // Clone suffixes: the name as printed and without them.
  CHECK(suppression_matches(pattern("^uart_read_frame$"), driver));
  CHECK(suppression_matches(pattern("isra"), driver));
  CHECK_FALSE(suppression_matches(pattern("console"), driver));
}

TEST_CASE("applying a list: first match wins, caps per boot, stale entries", "[suppressions]") {
  Report r = two_boots();
  const SuppressionList list = parse(
      "leak:net_session_open max_bytes=512 max_count=4\n"  // boot 1 holds 576 in 6: exceeded
      "leak:drivers/uart.c\n"                              // by path
      "leak:session.c\n"                                    // the session site went to line 1
      "leak:^wifi_connect$\n");                            // stale
  apply_suppressions(r, list);

  const SiteGroup& session0 = r.boots[0].leaks.by_site[0];
  const SiteGroup& session1 = r.boots[1].leaks.by_site[0];
  CHECK(session0.status == SiteStatus::suppressed);  // 96 bytes in 1: within the caps
  CHECK(session0.suppressed_by == "known.supp:1");
  CHECK(session1.status == SiteStatus::leak);  // over them: counted, nothing suppressed it
  CHECK(session1.suppressed_by.empty());
  for (const BootReport& b : r.boots) {
    CHECK(b.leaks.by_site[1].status == SiteStatus::suppressed);
    CHECK(b.leaks.by_site[1].suppressed_by == "known.supp:2");
    CHECK(b.leaks.by_site[2].status == SiteStatus::leak);
  }

  const std::vector<SuppressionUse>& uses = r.gate.suppressions;
  REQUIRE(uses.size() == 4);
  CHECK(uses[0].pattern == "net_session_open");
  CHECK(uses[0].source == "known.supp:1");
  CHECK(uses[0].max_bytes == 512u);
  CHECK(uses[0].sites == 2);
  CHECK(uses[0].bytes == 96 + 576);
  CHECK(uses[0].count == 7);
  CHECK(uses[0].exceeded);
  CHECK(uses[1].sites == 2);
  CHECK(uses[1].bytes == 48 + 240);
  CHECK_FALSE(uses[1].exceeded);
  CHECK(uses[2].stale());  // its only site was taken by the first entry
  CHECK(uses[3].stale());

  REQUIRE(r.gate.findings.size() == 1);
  const GateFinding& f = r.gate.findings[0];
  CHECK(f.rule == GateRule::suppression_cap);
  CHECK(f.failed);
  CHECK(f.boot == 1);
  CHECK(f.fingerprint == session1.fingerprint);
  CHECK(f.message ==
        "leak:net_session_open (known.supp:1) matched 576 bytes in 6 allocations, 64 bytes over "
        "its max_bytes=512 and 2 allocations over its max_count=4, so its sites count as leaks");
  CHECK(r.gate.failed());
}

TEST_CASE("a capped entry over several sites names none of them", "[suppressions]") {
  Report r = two_boots();
  apply_suppressions(r, parse("leak:src max_count=5\n"));  // session and sensor frames
  REQUIRE(r.gate.findings.size() == 1);
  CHECK(r.gate.findings[0].boot == 1);
  CHECK(r.gate.findings[0].fingerprint.empty());
  CHECK(r.gate.findings[0].message ==
        "leak:src (known.supp:1) matched 837 bytes in 14 allocations, 9 allocations over its "
        "max_count=5, so its sites count as leaks");
  // Boot 0's three sites hold 3 allocations: within the cap there.
  for (const SiteGroup& s : r.boots[0].leaks.by_site) CHECK(s.status == SiteStatus::suppressed);
}

TEST_CASE("generated suppressions suppress exactly the counted sites", "[suppressions]") {
  const bool caps = GENERATE(false, true);
  Report before = two_boots();
  // The label is suppressed already (by fingerprint), so it is not counted and gets no entry;
  // a second site in console_run_line is counted, and "console_run_line" must not take the
  // label: that entry falls back to its fingerprint.
  before.boots[1].leaks.by_site.push_back(
      leak_site({frame("console_run_line(char const*, int)", "src/console.cpp")}, 30, 1));
  const std::string label = before.boots[0].leaks.by_site[2].fingerprint;
  apply_suppressions(before, parse("leak:" + label + "\n"));
  std::set<std::string> counted_ids;
  for (const BootReport& b : before.boots)
    for (const SiteGroup& s : b.leaks.by_site)
      if (counted(s)) counted_ids.insert(s.fingerprint);
  REQUIRE(counted_ids.size() == 3);

  const std::string text = generate_suppressions(before, caps);
  INFO(text);
  const std::string console = before.boots[1].leaks.by_site[3].fingerprint;
  if (caps) {
    CHECK(text ==
          "# leakscope suppressions for the 3 leak sites this run counted (--gen-suppressions)\n"
          "# caps: the most bytes and allocations each entry matched in one boot\n"
          "leak:^net_session_open$ max_bytes=576 max_count=6  # fingerprint " +
              before.boots[0].leaks.by_site[0].fingerprint +
              ": net_session_open at src/net/session.c:10\n"
              "leak:^uart_read_frame$ max_bytes=240 max_count=5  # fingerprint " +
              before.boots[0].leaks.by_site[1].fingerprint +
              ": uart_read_frame.isra.0 at drivers/uart.c:10\n"
              "leak:" +
              console + " max_bytes=30 max_count=1  # fingerprint " + console +
              ": console_run_line(char const*, int) at src/console.cpp:10\n");
  }

  Report after = two_boots();
  after.boots[1].leaks.by_site.push_back(before.boots[1].leaks.by_site[3]);
  after.boots[1].leaks.by_site.back().status = SiteStatus::leak;
  apply_suppressions(after, parse(text));
  CHECK(fingerprints(after, true) == counted_ids);
  CHECK(fingerprints(after, false) == std::set<std::string>{label});
  CHECK(after.gate.findings.empty());  // no cap exceeded by the run they were taken from
  for (const SuppressionUse& u : after.gate.suppressions) CHECK_FALSE(u.stale());
}

TEST_CASE("generated suppressions: names that cannot be patterns, and nothing to suppress",
          "[suppressions]") {
  Report r;
  SiteGroup unknown = leak_site({frame("", "")}, 20, 1);  // no ELF: by address
  SiteGroup dollar = leak_site({frame("cost$Total", "a.c")}, 10, 1);
  r.boots.push_back(boot_of(0, {unknown, dollar}));
  const std::string text = generate_suppressions(r, false);
  CHECK(text ==
        "# leakscope suppressions for the 2 leak sites this run counted (--gen-suppressions)\n"
        "# no caps: each entry suppresses any amount (max_bytes=BYTES max_count=N bound it)\n"
        "leak:" + unknown.fingerprint + "  # fingerprint " + unknown.fingerprint +
        ": 0x00001000 (by address: this build only)\n"
        "leak:" + dollar.fingerprint + "  # fingerprint " + dollar.fingerprint +
        ": cost$Total at a.c:10\n");
  apply_suppressions(r, parse(text));
  CHECK(fingerprints(r, false).empty());

  Report clean;
  clean.boots.push_back(boot_of(0, {}));
  CHECK(generate_suppressions(clean, true) ==
        "# leakscope suppressions for the 0 leak sites this run counted (--gen-suppressions)\n"
        "# caps: the most bytes and allocations each entry matched in one boot\n");
}
