#include "symbolize/unit_functions.hpp"

#include <dwarf.h>

namespace leakscope::symbolize_detail {
namespace {

// DIEs whose children may include function definitions. Types, variables and parameters are
// skipped without visiting their children: that is most of a unit, and none holds code.
bool may_hold_functions(int tag) {
  switch (tag) {
    case DW_TAG_namespace:
    case DW_TAG_module:
    case DW_TAG_class_type:
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_subprogram:     // GNU C nested functions, local classes' methods
    case DW_TAG_lexical_block:
      return true;
    default:
      return false;
  }
}

void add_function_ranges(Dwarf_Die* function, bool thumb, DieRangeIndex& index) {
  Dwarf_Addr base = 0;
  Dwarf_Addr start = 0;
  Dwarf_Addr end = 0;
  ptrdiff_t offset = 0;
  while ((offset = dwarf_ranges(function, offset, &base, &start, &end)) > 0) {
    if (thumb && (start & 1) != 0) {
      --start;
      --end;
    }
    index.add(start, end, dwarf_dieoffset(function));
  }
}

void collect(Dwarf_Die* parent, bool thumb, DieRangeIndex& index) {
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0) return;
  do {
    const int tag = dwarf_tag(&child);
    // Declarations and abstract instances have no ranges: nothing is added for them.
    if (tag == DW_TAG_subprogram) add_function_ranges(&child, thumb, index);
    if (may_hold_functions(tag)) collect(&child, thumb, index);
  } while (dwarf_siblingof(&child, &child) == 0);
}

}  // namespace

DieRangeIndex index_unit_functions(Dwarf_Die* cu_die, bool thumb) {
  DieRangeIndex index;
  collect(cu_die, thumb, index);
  index.finish();
  return index;
}

}  // namespace leakscope::symbolize_detail
