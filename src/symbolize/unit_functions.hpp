// Per-unit function index: the ranges of every out-of-line function (DW_TAG_subprogram with
// code) of one compile unit, including those nested in namespaces, classes and other functions.
//
//   DieRangeIndex functions = index_unit_functions(&cu_die);   // once per unit, then cached
//   functions.for_each_containing(pc, ...);
//
// Built on a unit's first lookup (ElfImage caches it), so each lookup afterwards costs a binary
// search plus the walk below one function, not a walk of the whole unit.
#pragma once

#include <elfutils/libdw.h>

#include "symbolize/die_range_index.hpp"

namespace leakscope::symbolize_detail {

// thumb: the ELF is ARM. gas writes DW_AT_low_pc of Thumb assembly functions with the Thumb
// bit set (the symbol's value), shifting their range one byte up; such odd ranges are moved
// back so they start where the function's symbol and first line-table row do.
DieRangeIndex index_unit_functions(Dwarf_Die* cu_die, bool thumb);

}  // namespace leakscope::symbolize_detail
