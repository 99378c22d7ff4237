// SymbolTable: the ELF's function symbols as a sorted vector, for addresses DWARF does not name.
//
//   SymbolTable table = read_symbol_table(elf, /*is_arm=*/true, code_sections);
//   if (const ElfSymbol* s = table.containing(pc)) use(s->name);   // raw, still mangled
//
// Which symbols: STT_FUNC and STT_GNU_IFUNC defined in an executable section (ARM mapping
// symbols $t/$a/$d are STT_NOTYPE and never enter). ARM Thumb functions have bit 0 set in
// st_value; it is cleared so ranges are byte addresses.
// Ranges: [st_value, st_value + st_size). A zero-size symbol (hand-written assembly, crt's
// _init) extends to the next symbol or to the end of its section, never across sections.
// Tie-breaking between symbols at the same address: largest size wins (LLVM's rule, and
// binutils' for equal starts), then global/weak over local, then the smaller name, so the
// answer never depends on symtab order.
// An address past the end of the nearest preceding symbol (alignment padding) is in no
// symbol: unlike binutils, we do not stretch a sized function over the gap after it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "symbolize/elf_sections.hpp"

struct Elf;  // libelf's handle; the reader is the only part that needs libelf.h

namespace leakscope::symbolize_detail {

struct ElfSymbol {
  std::uint64_t start = 0;
  std::uint64_t end = 0;   // exclusive
  std::uint64_t size = 0;  // st_size as written (0 for labels, whose end was extended)
  std::string_view name;   // raw symbol name; points into the ELF's string table
  std::string_view file;   // STT_FILE name binutils/LLVM attribute to it ("crtstuff.c"), or empty
};

// One symbol as read from the symtab, before sorting and range computation.
struct SymbolCandidate {
  std::uint64_t start = 0;
  std::uint64_t size = 0;
  std::uint64_t section_end = 0;  // end of the executable section holding it
  std::string_view name;
  std::string_view file;
  std::uint8_t binding_rank = 0;  // 0 global, 1 weak, 2 local: lower wins ties
};

class SymbolTable {
 public:
  SymbolTable() = default;
  // Sorts, resolves ties and computes ranges; see the header comment for the rules.
  static SymbolTable from_candidates(std::vector<SymbolCandidate> candidates);

  // The symbol whose range contains pc, or nullptr.
  const ElfSymbol* containing(std::uint64_t pc) const;

  // Whether a function [start, start + size) is backed by a symbol: one starts exactly there,
  // with that size or none. DWARF of a function dropped by --gc-sections has no symbol; this is
  // how overlapping DWARF is told apart from live code (see dwarf_frames.hpp).
  bool backs_function(std::uint64_t start, std::uint64_t size) const;

  bool empty() const { return symbols_.empty(); }
  std::size_t size() const { return symbols_.size(); }

 private:
  std::vector<ElfSymbol> symbols_;  // sorted by start, one per start address
};

// Reads .symtab (or .dynsym when the ELF has no .symtab). The returned views point into
// `elf`'s data and stay valid while it is open.
SymbolTable read_symbol_table(Elf* elf, bool is_arm, const std::vector<CodeSection>& code);

}  // namespace leakscope::symbolize_detail
