#include "symbolize/unit_ranges.hpp"

#include <dwarf.h>

#include <algorithm>

namespace leakscope::symbolize_detail {
namespace {

std::vector<Dwarf_Die> units_in_order(Dwarf* dwarf, std::vector<Dwarf_Off> offsets) {
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  std::vector<Dwarf_Die> units;
  for (const Dwarf_Off offset : offsets) {
    Dwarf_Die die;
    if (dwarf_offdie(dwarf, offset, &die) != nullptr) units.push_back(die);
  }
  return units;
}

}  // namespace

std::vector<Dwarf_Die> UnitRanges::units_containing(std::uint64_t pc) {
  if (dwarf_ == nullptr) return {};
  if (!indexed_) build_index();
  std::vector<Dwarf_Off> offsets;
  ranges_.for_each_containing(pc, [&](const DieRange& r) { offsets.push_back(r.id); });
  if (!offsets.empty()) return units_in_order(dwarf_, std::move(offsets));
  Dwarf_Die from_aranges;
  if (dwarf_addrdie(dwarf_, pc, &from_aranges) != nullptr) return {from_aranges};
  return {};
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
