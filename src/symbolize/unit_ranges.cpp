#include "symbolize/unit_ranges.hpp"

#include <dwarf.h>

#include <algorithm>

namespace leakscope::symbolize_detail {
void UnitRanges::units_containing(std::uint64_t pc, std::vector<Dwarf_Off>& offsets) {
  offsets.clear();
  if (dwarf_ == nullptr) return;
  if (!indexed_) build_index();
  ranges_.for_each_containing(pc, [&](const DieRange& r) { offsets.push_back(r.id); });
  if (offsets.size() > 1) {
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  }
  if (!offsets.empty()) return;
  Dwarf_Die from_aranges;
  if (dwarf_addrdie(dwarf_, pc, &from_aranges) != nullptr) offsets.push_back(dwarf_dieoffset(&from_aranges));
}

void UnitRanges::build_index() {
  indexed_ = true;
  Dwarf_CU* cu = nullptr;
  Dwarf_Die unit_die;
  while (dwarf_get_units(dwarf_, cu, &cu, nullptr, nullptr, &unit_die, nullptr) == 0) {
    const int tag = dwarf_tag(&unit_die);
    if (tag == DW_TAG_compile_unit || tag == DW_TAG_partial_unit) add_die_ranges(ranges_, &unit_die);
  }
  ranges_.finish();
}

}  // namespace leakscope::symbolize_detail
