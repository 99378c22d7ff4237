// Prints one Symbolization exactly as GNU addr2line -f -i -C prints it (binutils 2.40).
//
//   Addr2lineStyle style{.pretty = false, .print_address = true, .address_size = 4};
//   write_addr2line(std::cout, sym.symbolize(0x8010, AddressKind::exact_pc), style);
//   // 0x00008010
//   // chain_level4
//   // /src/inline_chain.h:10
//   // chain_entry
//   // /src/chain.c:8
//
// Layout, per frame (innermost first): the function ("??" when unknown), then "file:line"
// ("??" for an unknown file, "?" for line 0), one pair of lines per frame. An address with no
// frames at all prints "??" and "??:0". With -p each frame is "func at file:line" and the
// inlined callers follow on lines starting " (inlined by) ". With -a the address comes first,
// zero-padded to the ELF's address width ("0x%08x" / "0x%016x"), on its own line or, with -p,
// as a "0x...: " prefix.
// Without -f no function lines are printed; without -i only the innermost frame (addr2line's
// answer without -i too); without -C mangled names are printed as the ELF spells them.
// binutils quirk kept on purpose: " (discriminator N)" is the discriminator of the line-table
// row (frame 0), and addr2line repeats it after every frame of the chain that has a line.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {

struct Addr2lineStyle {
  bool pretty = false;             // -p
  bool print_address = false;      // -a
  bool functions = true;           // -f: print function names (addr2line's default is off)
  bool inlines = true;             // -i: print the inlined callers (without: frame 0 only)
  bool demangle = true;            // -C: demangled names (without: SourceFrame::linkage_name)
  std::uint8_t address_size = 8;   // bytes per address of the ELF: 4 or 8
};

void write_addr2line(std::ostream& out, const Symbolization& symbolization, const Addr2lineStyle& style);

std::string format_addr2line(const Symbolization& symbolization, const Addr2lineStyle& style);
// The same text appended to `out` (a pipe server reuses one buffer for all its answers).
void append_addr2line(std::string& out, const Symbolization& symbolization, const Addr2lineStyle& style);

}  // namespace leakscope
