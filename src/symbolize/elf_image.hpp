// ElfImage: one loaded ELF file - its architecture, code sections, symbols and DWARF handle.
//
//   Result<std::unique_ptr<ElfImage>> img = ElfImage::open("fw.elf");
//   if (!img) report(img.error().message);
//   if ((*img)->code_section(pc) != nullptr)
//     for (UnitIndex* unit : (*img)->units_containing(pc)) ... dwarf_frames(*unit, ...) ...
//
// Owns the file descriptor, the libelf handle and the libdw session (null without DWARF); all
// views handed out (symbol names, DIEs, interned names and paths) live as long as the image.
// Per-unit indexes are built on a unit's first lookup and kept. Compressed debug sections are
// expanded before libdw reads them (compressed_sections.hpp). An ELF without DWARF takes it
// from a separate debug file when one is found (debug_file.hpp); code sections and addresses
// always come from the ELF.
#pragma once

#include <elfutils/libdw.h>
#include <libelf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "leakscope/model/result.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "symbolize/compressed_sections.hpp"
#include "symbolize/debug_file.hpp"
#include "symbolize/elf_sections.hpp"
#include "symbolize/symbol_table.hpp"
#include "symbolize/string_pool.hpp"
#include "symbolize/unit_index.hpp"
#include "symbolize/unit_ranges.hpp"

namespace leakscope::symbolize_detail {

class ElfImage {
 public:
  // Errors: cannot open, not an ELF, relocatable object, no executable section, a compressed
  // section that does not expand. A debug file that does not fit is a warning in summary().
  static Result<std::unique_ptr<ElfImage>> open(const std::string& path, const ElfLoadOptions& options = {});

  ~ElfImage();
  ElfImage(const ElfImage&) = delete;
  ElfImage& operator=(const ElfImage&) = delete;

  const ElfSummary& summary() const { return summary_; }
  // Fills summary().sha256: reading the whole file costs ~3 ms per MB, which a single lookup
  // must not pay, so it is done only for callers that match ELFs against logs.
  void compute_sha256();
  Arch arch() const { return summary_.arch; }
  const CodeSection* code_section(std::uint64_t pc) const { return find_code_section(code_, pc); }
  const SymbolTable& symbols() const { return symbols_; }

  // Indexes of the compile units whose ranges hold pc, in .debug_info order (several only
  // where --gc-sections left overlaps); each built on its unit's first lookup.
  // The vector is reused by the next call.
  const std::vector<UnitIndex*>& units_containing(std::uint64_t pc);
  // Names and paths shared by every answer from this image.
  StringPool& strings() { return names_.pool; }
  // A symbol's name as a frame prints it (clone suffix in dots, demangled), computed once.
  std::string_view printable_symbol(const ElfSymbol& symbol);
  // Naming rule 3 for the outermost frame of a function `dwarf` names and `symbol` starts at:
  // the name to print instead, or empty to keep DWARF's; computed once per pair.
  std::string_view outermost_name(const ElfSymbol& symbol, const ScopeNames& dwarf);

 private:
  ElfImage() = default;
  // Looks for a separate debug file and takes its DWARF and its (unstripped) symbol table.
  void use_debug_file(const std::vector<std::string>& debug_dirs);

  int fd_ = -1;
  Elf* elf_ = nullptr;
  Dwarf* dwarf_ = nullptr;  // the ELF's, or the debug file's
  ExpandedSections expanded_;  // compressed sections' contents, which elf_ points into
  std::unique_ptr<DebugFile> debug_;  // outlives dwarf_ (ended first in ~ElfImage)
  ElfSummary summary_;
  std::vector<CodeSection> code_;
  SymbolTable symbols_;
  UnitRanges units_;
  NameCache names_;
  std::vector<Dwarf_Off> unit_offsets_;  // scratch of units_containing
  std::vector<UnitIndex*> found_units_;
  std::unordered_map<Dwarf_Off, std::unique_ptr<UnitIndex>> unit_indexes_;  // by unit DIE offset
  std::unordered_map<const ElfSymbol*, std::string_view> printable_symbols_;
  struct PairHash {
    std::size_t operator()(const std::pair<const void*, const void*>& p) const {
      return std::hash<const void*>{}(p.first) * 31 + std::hash<const void*>{}(p.second);
    }
  };
  // (symbol, DWARF printed name) -> rule 3's answer.
  std::unordered_map<std::pair<const void*, const void*>, std::string_view, PairHash> outermost_names_;
};

}  // namespace leakscope::symbolize_detail
