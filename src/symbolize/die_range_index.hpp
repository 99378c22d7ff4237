// DieRangeIndex: address ranges -> DWARF DIEs, for "which units / functions hold this pc".
//
//   DieRangeIndex index;
//   index.add(0x8000, 0x8090, die_offset);   // any order, overlaps allowed
//   index.finish();
//   index.for_each_containing(pc, [](const DieRange& r) { ... });
//
// Overlaps are normal in linked firmware: with -ffunction-sections and --gc-sections the DWARF
// of dropped functions stays, relocated to address 0, so near 0 (Cortex-M parts with flash at 0)
// it overlaps live code. Callers see every range holding pc and choose.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <vector>

namespace leakscope::symbolize_detail {

struct DieRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
  std::uint64_t id = 0;   // the caller's payload: a DIE offset, or an index into its own table
};

class DieRangeIndex {
 public:
  void add(std::uint64_t start, std::uint64_t end, std::uint64_t id);
  // Sorts; call once after the last add() and before any lookup.
  void finish();

  // Calls f(const DieRange&) for each range holding pc, highest start first.
  template <class F>
  void for_each_containing(std::uint64_t pc, F&& f) const {
    // Walk back from the last range starting at or before pc; max_end_ (prefix maximum of
    // ends) stops the walk as soon as no earlier range can reach pc.
    std::size_t i = first_after(pc);
    while (i-- > 0 && max_end_[i] > pc) {
      if (pc < ranges_[i].end) f(ranges_[i]);
    }
  }

  std::size_t size() const { return ranges_.size(); }
  // Ranges in sorted order: position(r) of a range passed to f is its index here.
  const DieRange& operator[](std::size_t i) const { return ranges_[i]; }
  std::size_t position(const DieRange& r) const { return static_cast<std::size_t>(&r - ranges_.data()); }

 private:
  std::size_t first_after(std::uint64_t pc) const;  // index of the first range with start > pc

  std::vector<DieRange> ranges_;        // sorted by start, then DIE offset
  std::vector<std::uint64_t> max_end_;  // max_end_[i]: largest end among ranges_[0..i]
};

// Adds every range of `die` (DW_AT_low_pc/high_pc or DW_AT_ranges), skipping empty ones.
void add_die_ranges(DieRangeIndex& index, Dwarf_Die* die);

}  // namespace leakscope::symbolize_detail
