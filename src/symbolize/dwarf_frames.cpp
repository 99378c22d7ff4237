#include "symbolize/dwarf_frames.hpp"

#include <dwarf.h>

#include <string>

namespace leakscope::symbolize_detail {
namespace {

// Frame 0's position from a line-table row (nullptr: unknown).
SourceFrame position_of(UnitIndex& unit, Dwarf_Line* line) {
  SourceFrame frame;
  if (line == nullptr) return frame;
  frame.file = unit.path(dwarf_linesrc(line, nullptr, nullptr));
  int line_number = 0;
  if (dwarf_lineno(line, &line_number) == 0 && line_number > 0) {
    frame.line = static_cast<std::uint32_t>(line_number);
  }
  int column = 0;
  if (dwarf_linecol(line, &column) == 0 && column > 0) frame.column = static_cast<std::uint32_t>(column);
  unsigned int discriminator = 0;
  if (dwarf_linediscriminator(line, &discriminator) == 0) frame.discriminator = discriminator;
  return frame;
}

// The function range holding pc that a symbol backs, else any; the smallest among equals;
// then the DIE that comes last in the unit (aliases: libgcc's assembly declares
// restore_core_regs and __restore_core_regs over the same code, binutils names the last one).
bool choose_function(const UnitIndex& unit, const FunctionCheck& backed, std::uint64_t pc,
                     DieRange* best, std::size_t* best_position, bool* best_backed) {
  bool found = false;
  const DieRangeIndex& functions = unit.functions();
  functions.for_each_containing(pc, [&](const DieRange& r) {
    const bool is_backed = backed(r.start, r.end - r.start);
    const bool better = !found || (is_backed && !*best_backed) ||
                        (is_backed == *best_backed && r.end - r.start < best->end - best->start);
    if (better) {
      *best = r;
      *best_position = functions.position(r);
      *best_backed = is_backed;
    }
    found = true;
  });
  return found;
}

}  // namespace

bool DwarfAnswer::better_than(const DwarfAnswer& other) const {
  if (evidence != other.evidence) return evidence < other.evidence;
  return function_size < other.function_size;
}

void dwarf_frames(UnitIndex& unit, const FunctionCheck& backed, std::uint64_t pc, DwarfAnswer& answer) {
  answer.frames.clear();
  answer.evidence = Evidence::lines_only;
  answer.function_start = 0;
  answer.function_size = DwarfAnswer::no_function;
  answer.function_names = {};
  DieRange range;
  std::size_t position = 0;
  bool is_backed = false;
  if (!choose_function(unit, backed, pc, &range, &position, &is_backed)) {
    // Lines without a function: padding, or an assembly unit built with -g.
    if (Dwarf_Line* line = dwarf_getsrc_die(unit.cu_die(), pc)) answer.frames.push_back(position_of(unit, line));
    return;
  }
  answer.evidence = is_backed ? Evidence::backed_function : Evidence::unbacked_function;
  answer.function_start = range.start;
  answer.function_size = range.end - range.start;

  // A function range without any row (odd DWARF) still gets the plain lookup's row.
  Dwarf_Line* row = unit.row_in_function(position, pc);
  if (row == nullptr) row = dwarf_getsrc_die(unit.cu_die(), pc);
  SourceFrame current = position_of(unit, row);
  for (std::size_t s = unit.innermost_scope(range.id, pc); s != no_scope; s = unit.scope(s).parent) {
    const ScopeNames& names = unit.names(s);
    current.function = names.printed;
    current.linkage_name = names.linkage;
    current.inlined = unit.scope(s).inlined;
    answer.frames.push_back(current);
    if (!current.inlined) break;
    // The next frame out is positioned where this call was inlined.
    const CallSite site = unit.call_site(s);
    current = SourceFrame{};
    current.file = site.file;
    current.line = site.line;
    current.column = site.column;
    current.discriminator = site.discriminator;
  }
  answer.function_names = unit.names(range.id);
}

}  // namespace leakscope::symbolize_detail
