#include "leakscope/analyze/cycle_growth.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "leakscope/analyze/boot_ledger.hpp"
#include "leakscope/analyze/fingerprint.hpp"
#include "leakscope/analyze/grouping.hpp"

namespace leakscope {

namespace {

constexpr std::size_t min_cycles = 3;

// One site's live bytes at each snapshot: [first, window start .. last beginning, end].
struct SiteSeries {
  CycleSite site;
  std::vector<std::int64_t> bytes;
};

int kind_rank(CycleGrowthKind kind) {
  switch (kind) {
    case CycleGrowthKind::likely_leak:
      return 0;
    case CycleGrowthKind::in_flight:
      return 1;
    case CycleGrowthKind::bounded:
      return 2;
    case CycleGrowthKind::warm_up:
      return 3;
  }
  return 4;
}

// bytes: [first, w_0 .. w_n, end], w_0 the window's start and w_n the last beginning.
std::optional<CycleGrowthKind> classify(CycleSite& site, const std::vector<std::int64_t>& bytes,
                                        std::uint32_t threshold) {
  const std::size_t last = bytes.size() - 2;  // w_n
  const std::size_t cycles = last - 1;
  const std::size_t late = cycles - (cycles + 2) / 3;  // the last third begins after w_late
  bool grew_late = false;
  std::int64_t peak = bytes[1];  // before w_n
  for (std::size_t j = 1; j < last; ++j) {
    if (bytes[j + 1] > bytes[j]) {
      ++site.grew_in;
      grew_late = grew_late || j > late;
    }
    if (bytes[j + 1] < bytes[j]) ++site.shrank_in;
    peak = std::max(peak, bytes[j]);
  }
  site.window_growth_bytes = bytes[last] - bytes[1];
  site.live_bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(0, bytes.back()));
  const bool trimmed = bytes[last] <= peak;
  if (site.grew_in >= threshold) {
    if (trimmed) return CycleGrowthKind::bounded;
    return grew_late ? CycleGrowthKind::likely_leak : CycleGrowthKind::warm_up;
  }
  if (site.grew_in > 0 && site.shrank_in > 0) return CycleGrowthKind::bounded;
  if (site.grew_in == 0 && site.shrank_in == 0 && bytes[1] > 0 && bytes.back() >= bytes[1])
    return CycleGrowthKind::warm_up;
  if (site.window_growth_bytes <= 0 && bytes.back() > bytes[last])
    return CycleGrowthKind::in_flight;
  return std::nullopt;  // grew now and then: the leak table has it
}

}  // namespace

void CycleSnapshots::take(Snapshot snapshot) {
  if (cycles_++ == 0) first_ = snapshot;
  last_.push_back(std::move(snapshot));
  if (last_.size() > window_ + 1) last_.pop_front();
}

std::optional<CycleGrowth> cycle_growth(const BootLedger& ledger, StackResolver& resolver,
                                        Lookup lookup) {
  const CycleSnapshots& snapshots = ledger.cycle_snapshots();
  if (!ledger.has_trace() || snapshots.last().size() < min_cycles + 1) return std::nullopt;
  CycleGrowth growth;
  growth.cycles = snapshots.cycles();
  growth.window = static_cast<std::uint32_t>(snapshots.last().size() - 1);
  growth.threshold = static_cast<std::uint32_t>(std::ceil(0.7 * growth.window));

  // Every snapshot, then the end, as per-stack bytes; summed per site below.
  std::vector<const CycleSnapshots::Snapshot*> points{&snapshots.first()};
  for (const auto& s : snapshots.last()) points.push_back(&s);
  CycleSnapshots::Snapshot end;
  for (const auto& [address, a] : ledger.live()) end[a.stack.value] += a.size;
  points.push_back(&end);

  std::map<std::string, SiteSeries> sites;
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (const auto& [stack, bytes] : *points[p]) {
      const ResolvedStack& resolved = resolver.resolve(StackId{stack}, lookup);
      SiteSeries& series = sites[site_key(resolved)];
      if (series.bytes.empty()) {
        series.bytes.assign(points.size(), 0);
        if (resolved.site != ResolvedStack::no_site) {
          const Frame& f = (*resolved.frames)[resolved.site];
          series.site.function = f.function;
          series.site.file = f.file;
          series.site.line = f.line;
          series.site.address = f.address;
        }
        series.site.fingerprint =
            site_fingerprint(series.site.function, series.site.file, series.site.address).id;
      }
      series.bytes[p] += static_cast<std::int64_t>(bytes);
    }
  }
  for (auto& [key, series] : sites)
    if (auto kind = classify(series.site, series.bytes, growth.threshold)) {
      series.site.kind = *kind;
      growth.sites.push_back(series.site);
    }
  std::sort(growth.sites.begin(), growth.sites.end(), [](const CycleSite& a, const CycleSite& b) {
    return std::make_tuple(kind_rank(a.kind), -a.window_growth_bytes, b.live_bytes, a.function,
                           a.file, a.line, a.address) <
           std::make_tuple(kind_rank(b.kind), -b.window_growth_bytes, a.live_bytes, b.function,
                           b.file, b.line, b.address);
  });
  return growth;
}

}  // namespace leakscope
