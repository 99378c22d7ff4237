#include "leakscope/analyze/gate.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "leakscope/model/heap_report.hpp"

namespace leakscope {

bool counted(const SiteGroup& site) {
  return site.status == SiteStatus::leak || site.status == SiteStatus::added ||
         site.status == SiteStatus::grown;
}

std::string site_place(const SiteGroup& site) {
  if (site.function.empty() && site.file.empty())
    return site.address == 0 ? std::string("(no callers recorded)")
                             : fmt::format("{:#010x}", site.address);
  const std::string function = site.function.empty() ? "??" : site.function;
  return site.file.empty() ? function : fmt::format("{} at {}:{}", function, site.file, site.line);
}

namespace {

void leak_bytes(const BootReport& boot, const GatePolicy& policy, Gate& gate) {
  if (!policy.fail_on_leak) return;
  std::uint64_t bytes = 0, count = 0;
  for (const SiteGroup& site : boot.leaks.by_site) {
    if (!counted(site)) continue;
    bytes += site.stats.bytes;
    count += site.stats.count;
  }
  const std::uint64_t limit = *policy.fail_on_leak;
  if (bytes > limit || (limit == 0 && count > 0)) {
    const std::string unfreed =
        fmt::format("{} bytes unfreed in {} allocation{}", bytes, count, count == 1 ? "" : "s");
    gate.findings.push_back(
        {GateRule::leak_bytes, true, boot.index, {},
         limit == 0 ? unfreed
                    : fmt::format("{}, over the {} bytes allowed (--fail-on-leak)", unfreed,
                                  limit)});
  }
}

// --max-site-bytes and --max-site-count: one finding per site over either.
void site_limits(const BootReport& boot, const GatePolicy& policy, Gate& gate) {
  auto limit = [&](const SiteGroup& site, GateRule rule, std::optional<std::uint64_t> allowed,
                   std::uint64_t held, std::string_view what, std::string_view option) {
    if (!allowed || held <= *allowed) return;
    gate.findings.push_back(
        {rule, true, boot.index, site.fingerprint,
         fmt::format("{} holds {} {}, {} over the {} allowed per site ({})", site_place(site),
                     held, what, held - *allowed, *allowed, option)});
  };
  for (const SiteGroup& site : boot.leaks.by_site) {
    if (!counted(site)) continue;
    limit(site, GateRule::site_bytes, policy.max_site_bytes, site.stats.bytes, "bytes unfreed",
          "--max-site-bytes");
    limit(site, GateRule::site_count, policy.max_site_count, site.stats.count,
          "unfreed allocations", "--max-site-count");
  }
}

void heap_trend(const BootReport& boot, const GatePolicy& policy, Gate& gate) {
  if (!boot.heap) return;
  const HeapSeries& heap = boot.heap->series[boot.heap->primary];
  if (heap.verdict != HeapVerdict::leaking ||
      heap.persistent_loss_bytes <= static_cast<double>(policy.fail_on_leak.value_or(0)))
    return;
  // Without a trace the telemetry is all the evidence there is; with one, its sites say which
  // leaks there are, and the trend (allocator overhead, caches) only backs them up.
  const bool failed = policy.trend ? *policy.trend == GateAction::fail : !boot.has_trace;
  gate.findings.push_back(
      {GateRule::heap_trend, failed, boot.index, {},
       !policy.trend && !failed
           ? fmt::format("heap telemetry: {}; the boot's heap trace decides (--fail-on-trend "
                         "fails on this too)",
                         heap.reason)
           : fmt::format("heap telemetry: {}", heap.reason)});
}

void incomplete_trace(const BootReport& boot, const GatePolicy& policy, Gate& gate) {
  if (!boot.incomplete) return;
  std::string reasons;
  for (const std::string& r : boot.incomplete_reasons) reasons += (reasons.empty() ? "" : "; ") + r;
  gate.findings.push_back(
      {GateRule::incomplete_trace, policy.incomplete == GateAction::fail, boot.index, {},
       fmt::format("the heap trace is incomplete ({}): leaks may be missing from it",
                   reasons.empty() ? "no reason recorded" : reasons)});
}

void skipped_evidence(const Report& report, const GatePolicy& policy, Gate& gate) {
  if (!policy.max_skipped) return;
  std::uint64_t records = 0;
  for (const SkipSummary& s : report.diagnostics.skipped) records += s.count;
  const std::uint64_t lines = report.diagnostics.lines.not_understood;
  const std::uint64_t limit = *policy.max_skipped;
  if (records + lines <= limit) return;
  gate.findings.push_back(
      {GateRule::skipped_evidence, true, 0, {},
       fmt::format("{} records skipped and {} lines not understood, {} more than the {} "
                   "allowed (--max-skipped)",
                   records, lines, records + lines - limit, limit)});
}

void stale_suppressions(const GatePolicy& policy, Gate& gate) {
  for (const SuppressionUse& use : gate.suppressions)
    if (use.stale())
      gate.findings.push_back({GateRule::stale_suppression,
                               policy.stale_suppressions == GateAction::fail, 0, {},
                               fmt::format("leak:{} ({}) matched no leak site in this run",
                                           use.pattern, use.source)});
}

// baseline_new / baseline_growth (analyze/baseline.hpp, --baseline): one finding per
// fingerprint the boot has that the baseline does not, or that grew beyond --max-growth; a
// fingerprint's sites in the boot are summed, as apply_baseline compared them.
void baseline_ratchet(const BootReport& boot, Gate& gate) {
  if (!gate.baseline) return;
  struct Sum {
    const SiteGroup* site = nullptr;  // the first (largest) of them, to name it
    std::uint64_t bytes = 0, count = 0;
  };
  std::map<std::string_view, Sum> added, grown;
  for (const SiteGroup& site : boot.leaks.by_site) {
    if (site.status != SiteStatus::added && site.status != SiteStatus::grown) continue;
    Sum& sum = (site.status == SiteStatus::added ? added : grown)[site.fingerprint];
    if (sum.site == nullptr) sum.site = &site;
    sum.bytes += site.stats.bytes;
    sum.count += site.stats.count;
  }
  const auto allocations = [](std::uint64_t n) { return n == 1 ? "allocation" : "allocations"; };
  for (const auto& [fingerprint, sum] : added)
    gate.findings.push_back(
        {GateRule::baseline_new, true, boot.index, std::string(fingerprint),
         fmt::format("new leak site {}: {} bytes in {} {}, not in the baseline",
                     site_place(*sum.site), sum.bytes, sum.count, allocations(sum.count))});
  for (const auto& [fingerprint, sum] : grown) {
    const std::uint64_t base = sum.site->baseline_bytes.value_or(0);
    gate.findings.push_back(
        {GateRule::baseline_growth, true, boot.index, std::string(fingerprint),
         fmt::format("{} grew to {} bytes in {} {} from {} bytes in {} in the baseline "
                     "({:+} bytes, {} allowed by --max-growth)",
                     site_place(*sum.site), sum.bytes, sum.count, allocations(sum.count), base,
                     sum.site->baseline_count.value_or(0),
                     static_cast<std::int64_t>(sum.bytes) - static_cast<std::int64_t>(base),
                     gate.baseline->max_growth)});
  }
}

}  // namespace

void evaluate_gate(Report& report, const GatePolicy& policy) {
  Gate& gate = report.gate;
  for (const BootReport& boot : report.boots) {
    leak_bytes(boot, policy, gate);
    site_limits(boot, policy, gate);
    baseline_ratchet(boot, gate);
    heap_trend(boot, policy, gate);
    incomplete_trace(boot, policy, gate);
  }
  skipped_evidence(report, policy, gate);
  stale_suppressions(policy, gate);
  std::stable_sort(gate.findings.begin(), gate.findings.end(),
                   [](const GateFinding& a, const GateFinding& b) {
                     const bool a_run = gate_rule_run_wide(a.rule);
                     const bool b_run = gate_rule_run_wide(b.rule);
                     if (a_run != b_run) return b_run;
                     if (a.boot != b.boot) return a.boot < b.boot;
                     if (a.rule != b.rule) return a.rule < b.rule;
                     return a.fingerprint < b.fingerprint;
                   });
}

}  // namespace leakscope
