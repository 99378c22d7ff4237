// The CI gate's rules (analyze/gate.hpp) on reports built by hand: each rule alone, set to
// fail and to warn, and the order findings are listed in.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "leakscope/analyze/gate.hpp"

#include "gate_report.hpp"

using namespace leakscope;
using leakscope::testing::boot_of;
using leakscope::testing::frame;
using leakscope::testing::leak_site;

namespace {

// One boot: net_open holds 600 bytes in 6 allocations, uart_read 40 in 2.
Report one_boot() {
  Report r;
  r.boots.push_back(boot_of(0, {leak_site({frame("net_open", "src/net.c")}, 600, 6),
                                leak_site({frame("uart_read", "drivers/uart.c")}, 40, 2)}));
  return r;
}

// A suppression entry as apply_suppressions records it: what it matched.
SuppressionUse use(std::string pattern, std::string source, std::uint64_t sites) {
  SuppressionUse u;
  u.pattern = std::move(pattern);
  u.source = std::move(source);
  u.sites = sites;
  return u;
}

// A boot whose heap telemetry says leaking, with or without a heap trace.
BootReport leaking_heap(std::uint32_t index, bool has_trace) {
  BootReport b = boot_of(index, {});
  b.has_trace = has_trace;
  HeapSeries series;
  series.verdict = HeapVerdict::leaking;
  series.reason = "free heap falls 2.3 KiB/h";
  series.persistent_loss_bytes = 5000;
  b.heap.emplace();
  b.heap->series.push_back(series);
  return b;
}

// The one finding the policy gives on a copy of the report.
GateFinding only_finding(Report r, const GatePolicy& policy) {
  evaluate_gate(r, policy);
  REQUIRE(r.gate.findings.size() == 1);
  return r.gate.findings.front();
}

std::vector<std::string> rules(const Report& r) {
  std::vector<std::string> out;
  for (const GateFinding& f : r.gate.findings)
    out.push_back(fmt::format("{}{} boot {} {}", f.failed ? "" : "warn ", gate_rule_name(f.rule),
                              f.boot, f.fingerprint.empty() ? "-" : f.fingerprint.substr(0, 4)));
  return out;
}

}  // namespace

TEST_CASE("leak_bytes: a boot's counted bytes over --fail-on-leak", "[gate]") {
  // one_boot() under a limit, its first site suppressed if asked.
  auto findings = [](std::optional<std::uint64_t> limit, bool suppress_first = false) {
    Report r = one_boot();
    if (suppress_first) r.boots[0].leaks.by_site[0].status = SiteStatus::suppressed;
    GatePolicy p;
    p.fail_on_leak = limit;
    evaluate_gate(r, p);
    for (const GateFinding& f : r.gate.findings) CHECK(f.rule == GateRule::leak_bytes);
    return r.gate.findings;
  };
  const std::vector<GateFinding> any = findings(0);
  REQUIRE(any.size() == 1);
  CHECK(any[0].failed);
  CHECK(any[0].boot == 0);
  CHECK(any[0].fingerprint.empty());
  CHECK(any[0].message == "640 bytes unfreed in 8 allocations");
  CHECK(findings(640).empty());
  const std::vector<GateFinding> over = findings(639);
  REQUIRE(over.size() == 1);
  CHECK(over[0].message ==
        "640 bytes unfreed in 8 allocations, over the 639 bytes allowed (--fail-on-leak)");
  CHECK(findings(40, /*suppress_first=*/true).empty());  // suppressed sites do not count
  CHECK(findings(std::nullopt).empty());                  // the rule is off
}

TEST_CASE("site_bytes and site_count: one finding per site over the limit", "[gate]") {
  Report r = one_boot();
  GatePolicy p;
  p.fail_on_leak.reset();
  p.max_site_bytes = 100;
  p.max_site_count = 1;
  evaluate_gate(r, p);
  const std::string net = r.boots[0].leaks.by_site[0].fingerprint;
  const std::string uart = r.boots[0].leaks.by_site[1].fingerprint;
  REQUIRE(r.gate.findings.size() == 3);
  CHECK(r.gate.findings[0].rule == GateRule::site_bytes);
  CHECK(r.gate.findings[0].fingerprint == net);
  CHECK(r.gate.findings[0].message ==
        "net_open at src/net.c:10 holds 600 bytes unfreed, 500 over the 100 allowed per site "
        "(--max-site-bytes)");
  CHECK(r.gate.findings[1].rule == GateRule::site_count);
  CHECK(r.gate.findings[2].rule == GateRule::site_count);
  // Sorted by fingerprint within a rule.
  CHECK(r.gate.findings[1].fingerprint == std::min(net, uart));
  const GateFinding& uart_count = r.gate.findings[1].fingerprint == uart ? r.gate.findings[1]
                                                                          : r.gate.findings[2];
  CHECK(uart_count.message ==
        "uart_read at drivers/uart.c:10 holds 2 unfreed allocations, 1 over the 1 allowed per "
        "site (--max-site-count)");

  SECTION("a suppressed site is not limited") {
    Report s = one_boot();
    s.boots[0].leaks.by_site[0].status = SiteStatus::suppressed;
    evaluate_gate(s, p);
    REQUIRE(s.gate.findings.size() == 1);
    CHECK(s.gate.findings[0].fingerprint == uart);
  }
}

TEST_CASE("heap_trend: fails where telemetry is the only evidence, unless told", "[gate]") {
  Report r;
  r.boots.push_back(leaking_heap(0, /*has_trace=*/false));
  r.boots.push_back(leaking_heap(1, /*has_trace=*/true));

  SECTION("default: only the boot without a heap trace fails") {
    evaluate_gate(r, GatePolicy{});
    CHECK(rules(r) == std::vector<std::string>{"heap_trend boot 0 -", "warn heap_trend boot 1 -"});
    CHECK(r.gate.findings[0].message == "heap telemetry: free heap falls 2.3 KiB/h");
    CHECK(r.gate.findings[1].message ==
          "heap telemetry: free heap falls 2.3 KiB/h; the boot's heap trace decides "
          "(--fail-on-trend fails on this too)");
  }
  SECTION("--fail-on-trend") {
    GatePolicy p;
    p.trend = GateAction::fail;
    evaluate_gate(r, p);
    CHECK(rules(r) == std::vector<std::string>{"heap_trend boot 0 -", "heap_trend boot 1 -"});
  }
  SECTION("--no-fail-on-trend") {
    GatePolicy p;
    p.trend = GateAction::warn;
    evaluate_gate(r, p);
    CHECK(rules(r) ==
          std::vector<std::string>{"warn heap_trend boot 0 -", "warn heap_trend boot 1 -"});
    CHECK_FALSE(r.gate.failed());
  }
  SECTION("a loss within --fail-on-leak is no finding") {
    GatePolicy p;
    p.fail_on_leak = 5000;
    evaluate_gate(r, p);
    CHECK(r.gate.findings.empty());
  }
}

TEST_CASE("incomplete_trace: a warning unless --on-incomplete fail", "[gate]") {
  Report r;
  r.boots.push_back(boot_of(0, {}));
  r.boots[0].incomplete = true;
  r.boots[0].incomplete_reasons = {"the device's trace buffer overflowed: the oldest records "
                                   "were dropped",
                                   "12 records lost in transit"};
  GatePolicy p;
  const GateFinding warning = only_finding(r, p);
  CHECK(warning.rule == GateRule::incomplete_trace);
  CHECK_FALSE(warning.failed);
  CHECK(warning.message ==
        "the heap trace is incomplete (the device's trace buffer overflowed: the oldest records "
        "were dropped; 12 records lost in transit): leaks may be missing from it");
  p.incomplete = GateAction::fail;
  CHECK(only_finding(r, p).failed);
}

TEST_CASE("skipped_evidence: skipped records and lines not understood over --max-skipped",
          "[gate]") {
  Report r;
  r.boots.push_back(boot_of(0, {}));
  r.diagnostics.skipped.push_back({SkipKind::malformed_record, 3, {}, "a"});
  r.diagnostics.skipped.push_back({SkipKind::damaged_frame, 2, {}, "b"});
  r.diagnostics.lines.not_understood = 4;
  GatePolicy p;
  evaluate_gate(r, p);  // no limit by default
  CHECK(r.gate.findings.empty());
  p.max_skipped = 9;
  evaluate_gate(r, p);
  CHECK(r.gate.findings.empty());
  p.max_skipped = 7;
  evaluate_gate(r, p);
  REQUIRE(r.gate.findings.size() == 1);
  CHECK(r.gate.findings[0].rule == GateRule::skipped_evidence);
  CHECK(gate_rule_run_wide(r.gate.findings[0].rule));
  CHECK(r.gate.findings[0].message ==
        "5 records skipped and 4 lines not understood, 2 more than the 7 allowed "
        "(--max-skipped)");
}

TEST_CASE("stale_suppression: a warning unless --fail-on-stale-suppressions", "[gate]") {
  Report r;
  r.boots.push_back(boot_of(0, {}));
  r.gate.suppressions.push_back(use("^wifi_connect$", "known.supp:4", 0));
  r.gate.suppressions.push_back(use("net_open", "known.supp:5", 1));
  GatePolicy p;
  const GateFinding warning = only_finding(r, p);
  CHECK(warning.rule == GateRule::stale_suppression);
  CHECK_FALSE(warning.failed);
  CHECK(warning.boot == 0);
  CHECK(warning.message == "leak:^wifi_connect$ (known.supp:4) matched no leak site in this run");
  p.stale_suppressions = GateAction::fail;
  CHECK(only_finding(r, p).failed);
}

TEST_CASE("findings are listed by boot, then rule, then fingerprint, the run-wide ones last",
          "[gate]") {
  Report r;
  r.boots.push_back(leaking_heap(0, false));
  r.boots.push_back(boot_of(1, {leak_site({frame("net_open", "src/net.c")}, 600, 6)}));
  r.boots[1].incomplete = true;
  r.diagnostics.lines.not_understood = 2;
  r.gate.suppressions.push_back(use("gone", "known.supp:1", 0));
  // A finding apply_suppressions would have added before: sorted in with the rest.
  r.gate.findings.push_back({GateRule::suppression_cap, true, 1, "ffff", "cap"});
  GatePolicy p;
  p.max_site_bytes = 10;
  p.max_skipped = 0;
  evaluate_gate(r, p);
  CHECK(rules(r) == std::vector<std::string>{
                        "heap_trend boot 0 -",
                        "leak_bytes boot 1 -",
                        "site_bytes boot 1 " + r.boots[1].leaks.by_site[0].fingerprint.substr(0, 4),
                        "suppression_cap boot 1 ffff",
                        "warn incomplete_trace boot 1 -",
                        "skipped_evidence boot 0 -",
                        "warn stale_suppression boot 0 -",
                    });
}

TEST_CASE("site_place names a site as the reports do", "[gate]") {
  CHECK(site_place(leak_site({frame("net_open", "src/net.c")}, 1, 1)) ==
        "net_open at src/net.c:10");
  CHECK(site_place(leak_site({frame("net_open", "")}, 1, 1)) == "net_open");
  CHECK(site_place(leak_site({frame("", "src/net.c")}, 1, 1)) == "?? at src/net.c:10");
  CHECK(site_place(leak_site({frame("", "")}, 1, 1)) == "0x00001000");
  SiteGroup none = leak_site({frame("", "")}, 1, 1);
  none.address = 0;
  CHECK(site_place(none) == "(no callers recorded)");
}
