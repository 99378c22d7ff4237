#include "leakscope/analyze/gate.hpp"

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

}  // namespace

void evaluate_gate(Report& report, const GatePolicy& policy) {
  for (const BootReport& boot : report.boots) {
    leak_bytes(boot, policy, report.gate);
    heap_trend(boot, policy, report.gate);
  }
}

}  // namespace leakscope
