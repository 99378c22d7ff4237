#include "symbolize/dwarf_frames.hpp"

#include <dwarf.h>

#include <string>

#include "symbolize/dwarf_names.hpp"

namespace leakscope::symbolize_detail {
namespace {

// GCC's discriminator of an inlined call site; elfutils' dwarf.h does not name it.
constexpr unsigned int dw_at_gnu_discriminator = 0x2136;

bool is_absolute(const char* path) {
  if (path[0] == '/') return true;
  // "C:/..." or "C:\...": ELFs built on Windows (ESP-IDF, STM32CubeIDE) analysed here.
  const bool drive_letter = ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z'));
  return drive_letter && path[1] == ':' && (path[2] == '/' || path[2] == '\\');
}

// libdw returns line-table paths "either absolute or relative to the compilation directory";
// addr2line prints them joined with DW_AT_comp_dir, so we do too.
std::string join_comp_dir(Dwarf_Die* cu_die, const char* path) {
  if (path == nullptr || *path == '\0') return {};
  if (is_absolute(path)) return path;
  Dwarf_Attribute attr;
  const char* comp_dir = dwarf_formstring(dwarf_attr(cu_die, DW_AT_comp_dir, &attr));
  if (comp_dir == nullptr || *comp_dir == '\0') return path;
  std::string joined = comp_dir;
  if (joined.back() != '/') joined += '/';
  joined += path;
  return joined;
}

std::uint32_t udata_attribute(Dwarf_Die* die, unsigned int attribute) {
  Dwarf_Attribute attr;
  Dwarf_Word value = 0;
  if (dwarf_formudata(dwarf_attr(die, attribute, &attr), &value) != 0) return 0;
  return static_cast<std::uint32_t>(value);
}

// Where an inlined_subroutine was inlined: the caller's file:line (the next frame out).
SourceFrame call_site(Dwarf_Die* cu_die, Dwarf_Die* inlined) {
  SourceFrame frame;
  Dwarf_Attribute attr;
  Dwarf_Word file_index = 0;
  Dwarf_Files* files = nullptr;
  std::size_t file_count = 0;
  if (dwarf_formudata(dwarf_attr(inlined, DW_AT_call_file, &attr), &file_index) == 0 &&
      dwarf_getsrcfiles(cu_die, &files, &file_count) == 0 && file_index < file_count) {
    frame.file = join_comp_dir(cu_die, dwarf_filesrc(files, file_index, nullptr, nullptr));
  }
  frame.line = udata_attribute(inlined, DW_AT_call_line);
  frame.column = udata_attribute(inlined, DW_AT_call_column);
  frame.discriminator = udata_attribute(inlined, dw_at_gnu_discriminator);
  return frame;
}

// The row for pc inside a function whose range starting at range_start holds pc: the last row
// at or before pc that is not an end_sequence marker and not before the range. libdw merges the
// unit's sequences into one address-sorted table, so the end_sequence marker of another
// (--gc-sections dropped) sequence can precede pc; dwarf_getsrc_die would then return nothing.
Dwarf_Line* row_in_function(Dwarf_Die* cu_die, std::uint64_t range_start, std::uint64_t pc) {
  Dwarf_Lines* lines = nullptr;
  std::size_t count = 0;
  if (dwarf_getsrclines(cu_die, &lines, &count) != 0) return nullptr;
  auto address_of = [&](std::size_t i) {
    Dwarf_Addr address = 0;
    dwarf_lineaddr(dwarf_onesrcline(lines, i), &address);
    return address;
  };
  std::size_t low = 0;  // first row after pc, by binary search
  std::size_t high = count;
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    if (address_of(mid) <= pc) low = mid + 1; else high = mid;
  }
  for (std::size_t i = low; i-- > 0 && address_of(i) >= range_start;) {
    Dwarf_Line* line = dwarf_onesrcline(lines, i);
    bool end_sequence = false;
    if (dwarf_lineendsequence(line, &end_sequence) == 0 && !end_sequence) return line;
  }
  return nullptr;
}

// Frame 0's position from a line-table row (nullptr: unknown).
SourceFrame position_of(Dwarf_Die* cu_die, Dwarf_Line* line) {
  SourceFrame frame;
  if (line == nullptr) return frame;
  frame.file = join_comp_dir(cu_die, dwarf_linesrc(line, nullptr, nullptr));
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

bool is_code_scope(int tag) {
  switch (tag) {
    case DW_TAG_subprogram:
    case DW_TAG_inlined_subroutine:
    case DW_TAG_entry_point:
    case DW_TAG_lexical_block:
    case DW_TAG_try_block:
    case DW_TAG_catch_block:
      return true;
    default:
      return false;
  }
}

bool has_any_range(Dwarf_Die* die) {
  Dwarf_Addr base = 0;
  Dwarf_Addr start = 0;
  Dwarf_Addr end = 0;
  return dwarf_ranges(die, 0, &base, &start, &end) > 0;
}

// Depth-first search below `die` for the deepest code scope holding pc; `path` is the chain
// of scopes from below the function down to `die`, and *best the longest such chain found.
// A scope whose range list is empty can still have children that hold pc: GCC writes an
// inlined instance that starts at the unit's base address with a first range entry (0, 0),
// which DWARF <= 4 readers must take as the end of the list. binutils and LLVM still report
// such an instance (they look up the deepest DIE, then walk its parents), so we descend through
// scopes that have no range at all, but not through those whose ranges exclude pc.
void find_deepest(Dwarf_Die* die, std::uint64_t pc, std::vector<Dwarf_Die>& path,
                  std::vector<Dwarf_Die>* best) {
  Dwarf_Die child;
  if (dwarf_child(die, &child) != 0) return;
  do {
    if (!is_code_scope(dwarf_tag(&child))) continue;
    const bool holds_pc = dwarf_haspc(&child, pc) == 1;
    if (!holds_pc && has_any_range(&child)) continue;
    path.push_back(child);
    if (holds_pc && path.size() > best->size()) *best = path;
    find_deepest(&path.back(), pc, path, best);
    path.pop_back();
  } while (dwarf_siblingof(&child, &child) == 0);
}

// The scopes holding pc inside `function`, innermost first, ending with `function` itself.
// (libdw's dwarf_getscopes is not used: it stops below a scope with an empty range list, see
// find_deepest, and above an inlined instance it returns the scopes of the abstract definition
// instead of the function the code was inlined into. Nor dwarf_getscopes_die, which walks the
// unit from its start for every call; the path down from the function is all we need.)
std::vector<Dwarf_Die> enclosing_scopes(Dwarf_Die* function, std::uint64_t pc) {
  std::vector<Dwarf_Die> path;
  std::vector<Dwarf_Die> deepest;
  find_deepest(function, pc, path, &deepest);
  std::vector<Dwarf_Die> scopes(deepest.rbegin(), deepest.rend());
  scopes.push_back(*function);
  return scopes;
}

// The function range holding pc that a symbol backs, else any; the smallest among equals;
// then the DIE that comes last in the unit (aliases: libgcc's assembly declares
// restore_core_regs and __restore_core_regs over the same code, binutils names the last one).
bool choose_function(const DieRangeIndex& functions, const FunctionCheck& backed, std::uint64_t pc,
                     DieRange* best, bool* best_backed) {
  bool found = false;
  functions.for_each_containing(pc, [&](const DieRange& r) {
    const bool is_backed = backed(r.start, r.end - r.start);
    const bool better = !found || (is_backed && !*best_backed) ||
                        (is_backed == *best_backed && r.end - r.start < best->end - best->start);
    if (better) {
      *best = r;
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

DwarfAnswer dwarf_frames(Dwarf_Die* cu_die, const DieRangeIndex& functions, const FunctionCheck& backed,
                         std::uint64_t pc) {
  DwarfAnswer answer;
  DieRange range;
  bool is_backed = false;
  Dwarf_Die function;
  const bool in_function = choose_function(functions, backed, pc, &range, &is_backed) &&
                           dwarf_offdie(dwarf_cu_getdwarf(cu_die->cu), range.die, &function) != nullptr;
  if (!in_function) {
    // Lines without a function: padding, or an assembly unit built with -g.
    if (Dwarf_Line* line = dwarf_getsrc_die(cu_die, pc)) answer.frames.push_back(position_of(cu_die, line));
    return answer;
  }
  answer.evidence = is_backed ? Evidence::backed_function : Evidence::unbacked_function;
  answer.function_start = range.start;
  answer.function_size = range.end - range.start;
  answer.function_has_linkage_name = has_linkage_name(&function);

  // A function range without any row (odd DWARF) still gets the plain lookup's row.
  Dwarf_Line* row = row_in_function(cu_die, range.start, pc);
  if (row == nullptr) row = dwarf_getsrc_die(cu_die, pc);
  SourceFrame current = position_of(cu_die, row);
  for (Dwarf_Die& scope : enclosing_scopes(&function, pc)) {
    switch (dwarf_tag(&scope)) {
      case DW_TAG_inlined_subroutine:
        current.function = function_name(&scope);
        current.inlined = true;
        answer.frames.push_back(std::move(current));
        current = call_site(cu_die, &scope);
        break;
      case DW_TAG_subprogram:  // only `function` itself: nested functions have their own ranges
        current.function = function_name(&scope);
        answer.frames.push_back(std::move(current));
        return answer;
      default:
        break;  // lexical blocks
    }
  }
  return answer;  // not reached: the last scope is `function`
}

}  // namespace leakscope::symbolize_detail
