// ElfImage: one loaded ELF file - its architecture, code sections, symbols and DWARF handle.
//
//   Result<std::unique_ptr<ElfImage>> img = ElfImage::open("fw.elf");
//   if (!img) report(img.error().message);
//   if ((*img)->code_section(pc) != nullptr)
//     for (Dwarf_Die& cu : (*img)->units_containing(pc)) ... (*img)->unit_functions(&cu) ...
//
// Owns the file descriptor, the libelf handle and the libdw session (null without DWARF); all
// views handed out (symbol names, DIEs) live as long as the image. Per-unit function indexes
// are built on first use and kept. Compressed debug sections are expanded before libdw reads
// them (compressed_sections.hpp). An ELF without DWARF takes it from a separate debug file
// when one is found (debug_file.hpp); code sections and addresses always come from the ELF.
#pragma once

#include <elfutils/libdw.h>
#include <libelf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "leakscope/model/result.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "symbolize/compressed_sections.hpp"
#include "symbolize/debug_file.hpp"
#include "symbolize/elf_sections.hpp"
#include "symbolize/symbol_table.hpp"
#include "symbolize/unit_functions.hpp"
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
  Arch arch() const { return summary_.arch; }
  const CodeSection* code_section(std::uint64_t pc) const { return find_code_section(code_, pc); }
  const SymbolTable& symbols() const { return symbols_; }

  // Compile units whose ranges hold pc (several only where --gc-sections left overlaps).
  std::vector<Dwarf_Die> units_containing(std::uint64_t pc) { return units_.units_containing(pc); }
  // The unit's function index, built on its first use.
  const DieRangeIndex& unit_functions(Dwarf_Die* cu_die);

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
  std::unordered_map<Dwarf_Off, DieRangeIndex> functions_;  // by unit DIE offset
};

}  // namespace leakscope::symbolize_detail
