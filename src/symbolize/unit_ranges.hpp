// UnitRanges: address -> the compile units whose ranges hold it.
//
//   UnitRanges units(dwarf);
//   units.units_containing(pc, offsets);   // unit DIE offsets, in .debug_info order
//
// Built from each unit DIE's DW_AT_low_pc/DW_AT_high_pc/DW_AT_ranges, once, on the first lookup
// (a pass over the unit headers only). Not from .debug_aranges: clang does not emit it by default,
// hand-written assembly units often lack it, and libdw's dwarf_addrdie returns a single unit
// where --gc-sections leaves several overlapping (see die_range_index.hpp); it remains the
// fallback for units that have aranges but no ranges of their own.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <vector>

#include "symbolize/die_range_index.hpp"

namespace leakscope::symbolize_detail {

class UnitRanges {
 public:
  UnitRanges() = default;
  explicit UnitRanges(Dwarf* dwarf) : dwarf_(dwarf) {}

  // Offsets of the unit DIEs holding pc, in .debug_info order, into `offsets` (cleared first;
  // a caller's vector, reused: this runs for every address); empty without DWARF for pc.
  void units_containing(std::uint64_t pc, std::vector<Dwarf_Off>& offsets);

 private:
  void build_index();

  Dwarf* dwarf_ = nullptr;
  bool indexed_ = false;
  DieRangeIndex ranges_;
};

}  // namespace leakscope::symbolize_detail
