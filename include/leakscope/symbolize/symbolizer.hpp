// Symbolizer: code addresses -> source frames (function, file, line, inlined chain).
//
//   Symbolizer sym;
//   if (auto st = sym.add_elf("fw.elf"); !st) fail(st.error().message);
//   const Symbolization& s = sym.symbolize(0x0800123b, AddressKind::return_address);
//   for (const SourceFrame& f : s.frames) ...   // innermost (inlined) first, like addr2line -i
//
// Several ELFs may be loaded (application, ROM, bootloader); an address is looked up in the
// first ELF with an executable section containing it. An address in no executable section is
// reported with in_code = false and no frames: it is never guessed from a nearby symbol.
// Every distinct (address, kind) is resolved once; later calls return the cached answer.
// Each ELF applies its own architecture's address rules (return_address.hpp). Loading an ELF
// after lookups is allowed: cached answers that no ELF held are redone in place.
// Not thread-safe: one Symbolizer per thread, or a lock around it.
// elfutils headers are included only by the implementation files in src/symbolize/.
//
// Naming: each frame's function name is
//   1. the DWARF linkage name, demangled (found through abstract_origin / specification);
//   2. else DW_AT_name qualified by the namespaces and classes its declaration is nested in
//      ("(anonymous namespace)::helper"); C functions stay plain;
//   3. for the outermost frame only, the ELF symbol starting where the function's range does,
//      when it adds information: a GCC clone suffix ("foo.isra.0", "ns::f(int) [clone .cold]")
//      or the qualification a DWARF name lacks; never a symbol naming another function;
//   4. GCC's Xtensa clone spelling "foo$isra$0" is printed "foo.isra.0";
//   5. never the enclosing symbol's name for an inlined frame;
//   6. without DWARF for the address, the ELF symbol containing it (bounded by its size and its
//      section), demangled; without that either, unknown ("??", "??:0").
// Lines: frame 0 from the line-table row of the address; outer frames from the call site of
// the inlined frame inside them. How this compares with addr2line and llvm-symbolizer, cause
// by cause: tests/symbolize/README.md.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/address.hpp"
#include "leakscope/model/result.hpp"

namespace leakscope {

// Names and paths are views into text the Symbolizer owns (interned: thousands of answers share
// a few hundred names); they stay valid for the Symbolizer's lifetime, also after a move.
struct SourceFrame {
  std::string_view function;  // demangled, see "Naming" below; empty when unknown ("??")
  std::string_view linkage_name;  // the mangled name it was demangled from (with any clone
                                  // suffix); empty when `function` was never mangled
  std::string_view file;      // as recorded in DWARF, joined with the unit's comp dir; empty if
                              // unknown (symbol-table answers: the STT_FILE name of a local
                              // symbol, if any)
  std::uint32_t line = 0;     // 0 when unknown
  std::uint32_t column = 0;   // frame 0: the line-table row's; outer frames: DW_AT_call_column
  std::uint32_t discriminator = 0;  // frame 0: the line-table row's; outer frames: the call site's
  bool inlined = false;  // this frame was inlined into the next (outer) frame
};

struct Symbolization {
  std::uint64_t address = 0;    // evidence address as given
  std::uint64_t lookup_pc = 0;  // the PC actually looked up (see return_address.hpp)
  bool in_code = false;         // lookup_pc lies in an executable section of a loaded ELF
  int elf = -1;                 // index in elfs() of the ELF holding it; -1 when none does
  bool from_symtab = false;     // no DWARF function covered it; the function came from the symbol
                                // table (file:line too may be unknown, or come from DWARF lines)
  std::span<const SourceFrame> frames;  // innermost first; empty = unknown. Stored by the
                                        // Symbolizer, valid for its lifetime
};

struct ElfSummary {
  std::string path;
  Arch arch = Arch::unknown;
  bool has_dwarf = false;
  bool has_symtab = false;  // it has function symbols to fall back on
  std::string build_id;  // GNU build-id, hex; empty when the ELF has none
  std::string sha256;    // SHA-256 of the ELF file's bytes, hex (what ESP-IDF prints a prefix
                         // of); empty unless ElfLoadOptions::compute_sha256
  std::string debug_file;  // separate debug file the DWARF came from; empty: the ELF itself
  std::vector<std::string> warnings;  // the ELF loaded, but these need saying (a debug file
                                      // found and not used, and why)
  std::uint8_t address_size = 0;  // bytes per address: 4 (ELFCLASS32) or 8 (ELFCLASS64)
  // Link-time address of the first page the loader maps (lowest PT_LOAD, 4 KiB pages): an
  // address given relative to where the object was loaded (glibc mtrace) is this plus it.
  std::uint64_t image_base = 0;
};

// Where to look for separate debug files (see add_elf).
struct ElfLoadOptions {
  std::vector<std::string> debug_dirs;  // searched for .build-id/xx/rest.debug and debuglink names
  bool compute_sha256 = false;          // fill ElfSummary::sha256 (reads the whole file)
};

class Symbolizer {
 public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;
  // Moving keeps cached answers where they are: references stay valid through the new owner.
  // A moved-from Symbolizer may only be destroyed or assigned to.
  Symbolizer(Symbolizer&&) noexcept;
  Symbolizer& operator=(Symbolizer&&) noexcept;

  // Loads an ELF. Errors: unreadable file, not an ELF, no executable section, a compressed
  // (zlib or zstd) debug section that does not expand to the size its header gives.
  // An ELF without DWARF takes it from a separate debug file: first
  // <debug dir>/.build-id/xx/rest.debug, then the .gnu_debuglink name next to the ELF, in its
  // .debug/ subdirectory and in each debug dir. The file must have the ELF's GNU build-id (or,
  // for an ELF without one, the CRC32 the debuglink records); one that does not is passed
  // over and named in ElfSummary::warnings. DWARF and
  // the symbol table (as it was before stripping) then come from the debug file, code
  // sections from the ELF. Without a debug file the ELF's symbol table answers.
  Status add_elf(const std::string& path, const ElfLoadOptions& options = {});

  // Architecture of the first loaded ELF (unknown when none is loaded).
  Arch arch() const;
  const std::vector<ElfSummary>& elfs() const;

  // Cached lookup; the reference stays valid for the Symbolizer's lifetime.
  const Symbolization& symbolize(std::uint64_t address, AddressKind kind);
  // The same in elfs()[elf] only, for addresses known to be that object's: a host program and
  // its shared libraries are each linked at their own base (often 0), so their code overlaps.
  const Symbolization& symbolize_in(std::size_t elf, std::uint64_t address, AddressKind kind);

  std::size_t cache_size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakscope
