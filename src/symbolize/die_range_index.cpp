#include "symbolize/die_range_index.hpp"

#include <algorithm>
#include <tuple>

namespace leakscope::symbolize_detail {

void DieRangeIndex::add(std::uint64_t start, std::uint64_t end, std::uint64_t id) {
  if (end > start) ranges_.push_back(DieRange{start, end, id});
}

void DieRangeIndex::finish() {
  std::sort(ranges_.begin(), ranges_.end(), [](const DieRange& a, const DieRange& b) {
    return std::tie(a.start, a.id) < std::tie(b.start, b.id);
  });
  max_end_.resize(ranges_.size());
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < ranges_.size(); ++i) {
    running = std::max(running, ranges_[i].end);
    max_end_[i] = running;
  }
}

std::size_t DieRangeIndex::first_after(std::uint64_t pc) const {
  const auto it = std::upper_bound(ranges_.begin(), ranges_.end(), pc,
                                   [](std::uint64_t value, const DieRange& r) { return value < r.start; });
  return static_cast<std::size_t>(it - ranges_.begin());
}

void add_die_ranges(DieRangeIndex& index, Dwarf_Die* die) {
  Dwarf_Addr base = 0;
  Dwarf_Addr start = 0;
  Dwarf_Addr end = 0;
  ptrdiff_t offset = 0;
  while ((offset = dwarf_ranges(die, offset, &base, &start, &end)) > 0) {
    index.add(start, end, dwarf_dieoffset(die));
  }
}

}  // namespace leakscope::symbolize_detail
