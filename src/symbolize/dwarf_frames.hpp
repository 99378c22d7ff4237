// DWARF frames for one PC in one compile unit: the line-table row plus the chain of inlined
// calls around it.
//
//   DwarfAnswer a;
//   dwarf_frames(unit_index, backed, pc, a);
//   a.frames   // innermost first, as addr2line -i prints them
//
// The function: among the unit's out-of-line functions (DW_TAG_subprogram) whose range holds
// pc, one backed by an ELF symbol (same start, same size), then the smallest. Not simply the
// first: with -ffunction-sections and --gc-sections the DWARF of dropped functions stays,
// relocated to address 0, and overlaps live code near 0 (Cortex-M parts with flash at 0, such as
// nRF52, LPC, Kinetis). Dropped functions have no symbol.
// The chain, innermost first, the way `addr2line -i` prints it:
//   frame 0   function = the deepest scope holding pc (an inlined_subroutine, or the function),
//             file:line = the line-table row for pc (with its discriminator);
//   frame k+1 function = the scope enclosing inlined scope k,
//             file:line = DW_AT_call_file/DW_AT_call_line of inlined scope k (where it was
//             inlined), discriminator = its DW_AT_GNU_discriminator;
// ending with the out-of-line function itself.
// When no function holds pc (padding between functions, assembly units that only describe
// lines) the answer is one frame with the row's file:line and an empty function, which the
// caller may name from the symbol table.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "leakscope/symbolize/symbolizer.hpp"
#include "symbolize/unit_index.hpp"

namespace leakscope::symbolize_detail {

// Whether a function range [start, start + size) is backed by an ELF symbol (always true for
// an ELF without symbols: nothing to check against).
using FunctionCheck = std::function<bool(std::uint64_t start, std::uint64_t size)>;

// How much an answer can be trusted, to choose between overlapping units (lower is better).
enum class Evidence : std::uint8_t {
  backed_function,    // a function holds pc and a symbol confirms it
  lines_only,         // no function holds pc, the line table does
  unbacked_function,  // only a function without a symbol: most likely dropped by --gc-sections
};

struct DwarfAnswer {
  static constexpr std::uint64_t no_function = std::numeric_limits<std::uint64_t>::max();

  std::vector<SourceFrame> frames;  // empty: the unit has neither a row nor a function for pc
  Evidence evidence = Evidence::lines_only;
  std::uint64_t function_start = 0;           // of the function range holding pc
  std::uint64_t function_size = no_function;  // of the function range holding pc
  ScopeNames function_names;                  // the outermost frame's, for naming rule 3

  // True when this answer should replace `other` (better evidence, then a smaller function).
  bool better_than(const DwarfAnswer& other) const;
};

// Overwrites `answer` (reused by the caller from address to address, keeping its capacity).
void dwarf_frames(UnitIndex& unit, const FunctionCheck& backed, std::uint64_t pc, DwarfAnswer& answer);

}  // namespace leakscope::symbolize_detail
