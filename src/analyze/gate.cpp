#include "leakscope/analyze/gate.hpp"

#include <map>

#include <fmt/format.h>

#include "leakscope/model/heap_report.hpp"

namespace leakscope {

bool counted(const SiteGroup& site) {
  return site.status == SiteStatus::leak || site.status == SiteStatus::added ||
         site.status == SiteStatus::grown;
}

namespace {

void leak_bytes(const BootReport& boot, const GatePolicy& policy, Gate& gate) {
  std::uint64_t bytes = 0, count = 0;
  for (const SiteGroup& site : boot.leaks.by_site) {
    if (!counted(site)) continue;
    bytes += site.stats.bytes;
    count += site.stats.count;
  }
  const std::uint64_t limit = policy.fail_on_leak;
  if (bytes > limit || (limit == 0 && count > 0))
    gate.findings.push_back(
        {GateRule::leak_bytes, true, boot.index, {},
         limit == 0 ? fmt::format("{} bytes unfreed in {} allocations", bytes, count)
                    : fmt::format("{} bytes unfreed in {} allocations, over the {} bytes allowed "
                                  "(--fail-on-leak)",
                                  bytes, count, limit)});
}

void heap_trend(const BootReport& boot, const GatePolicy& policy, Gate& gate) {
  if (!boot.heap) return;
  const HeapSeries& heap = boot.heap->series[boot.heap->primary];
  if (heap.verdict != HeapVerdict::leaking ||
      heap.persistent_loss_bytes <= static_cast<double>(policy.fail_on_leak))
    return;
  gate.findings.push_back({GateRule::heap_trend, true, boot.index, {},
                           fmt::format("heap telemetry: {}", heap.reason)});
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
  const auto name = [](const SiteGroup& site) {
    if (site.function.empty()) return fmt::format("at {:#x} (no function name)", site.address);
    const std::size_t slash = site.file.find_last_of("/\\");  // npos + 1: from the start
    return site.file.empty() ? site.function
                             : fmt::format("{} ({})", site.function, site.file.substr(slash + 1));
  };
  for (const auto& [fingerprint, sum] : added)
    gate.findings.push_back(
        {GateRule::baseline_new, true, boot.index, std::string(fingerprint),
         fmt::format("new leak site {}: {} bytes in {} allocations, not in the baseline",
                     name(*sum.site), sum.bytes, sum.count)});
  for (const auto& [fingerprint, sum] : grown) {
    const std::uint64_t base = sum.site->baseline_bytes.value_or(0);
    gate.findings.push_back(
        {GateRule::baseline_growth, true, boot.index, std::string(fingerprint),
         fmt::format("{} grew to {} bytes in {} allocations from {} bytes in {} in the baseline "
                     "({:+} bytes, {} allowed by --max-growth)",
                     name(*sum.site), sum.bytes, sum.count, base,
                     sum.site->baseline_count.value_or(0),
                     static_cast<std::int64_t>(sum.bytes) - static_cast<std::int64_t>(base),
                     gate.baseline->max_growth)});
  }
}

}  // namespace

void evaluate_gate(Report& report, const GatePolicy& policy) {
  for (const BootReport& boot : report.boots) {
    leak_bytes(boot, policy, report.gate);
    baseline_ratchet(boot, report.gate);
    heap_trend(boot, policy, report.gate);
  }
}

}  // namespace leakscope
