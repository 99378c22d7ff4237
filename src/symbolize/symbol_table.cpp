// Reading the ELF symbol table and turning it into sorted lookup ranges.
#include "symbolize/symbol_table.hpp"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <tuple>

namespace leakscope::symbolize_detail {

SymbolTable SymbolTable::from_candidates(std::vector<SymbolCandidate> candidates) {
  // Best first within one start address, so the first of each run is the one we keep.
  std::sort(candidates.begin(), candidates.end(), [](const SymbolCandidate& a, const SymbolCandidate& b) {
    return std::tie(a.start, b.size, a.binding_rank, a.name) <
           std::tie(b.start, a.size, b.binding_rank, b.name);
  });
  SymbolTable table;
  table.symbols_.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const SymbolCandidate& c = candidates[i];
    if (i > 0 && candidates[i - 1].start == c.start) continue;  // a better one was kept
    std::uint64_t end = c.start + c.size;
    if (c.size == 0) {
      // Zero-size: up to the next symbol that starts later, but not past the section.
      end = c.section_end;
      for (std::size_t j = i + 1; j < candidates.size(); ++j) {
        if (candidates[j].start > c.start) {
          end = std::min(end, candidates[j].start);
          break;
        }
      }
    }
    table.symbols_.push_back(ElfSymbol{c.start, end, c.size, c.name, c.file});
  }
  return table;
}

const ElfSymbol* SymbolTable::containing(std::uint64_t pc) const {
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), pc,
                             [](std::uint64_t value, const ElfSymbol& s) { return value < s.start; });
  if (it == symbols_.begin()) return nullptr;
  --it;
  return pc < it->end ? &*it : nullptr;
}

bool SymbolTable::backs_function(std::uint64_t start, std::uint64_t size) const {
  const ElfSymbol* symbol = containing(start);
  return symbol != nullptr && symbol->start == start && (symbol->size == 0 || symbol->size == size);
}

namespace {

Elf_Scn* find_section_of_type(Elf* elf, Elf64_Word type) {
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) != nullptr && shdr.sh_type == type) return scn;
  }
  return nullptr;
}

std::uint8_t binding_rank(unsigned char binding) {
  switch (binding) {
    case STB_GLOBAL: return 0;
    case STB_WEAK: return 1;
    default: return 2;
  }
}

// Which STT_FILE name a symbol is attributed to, with the rule binutils' elf_find_function
// uses (LLVM agrees on linked ELFs): a local symbol takes the last STT_FILE before it; a global
// one only while no STT_FILE has followed a symbol, since globals sort after every file's
// locals and the last file seen says nothing about them.
class FileAttribution {
 public:
  void saw_file(std::string_view name) {
    file_ = name;
    if (state_ == State::symbol_seen) state_ = State::file_after_symbol_seen;
  }
  void saw_symbol() {
    if (state_ == State::nothing_seen) state_ = State::symbol_seen;
  }
  std::string_view file_for(bool local) const {
    return (local || state_ != State::file_after_symbol_seen) ? file_ : std::string_view{};
  }

 private:
  enum class State { nothing_seen, symbol_seen, file_after_symbol_seen };
  State state_ = State::nothing_seen;
  std::string_view file_;
};

}  // namespace

SymbolTable read_symbol_table(Elf* elf, bool is_arm, const std::vector<CodeSection>& code) {
  Elf_Scn* scn = find_section_of_type(elf, SHT_SYMTAB);
  if (scn == nullptr) scn = find_section_of_type(elf, SHT_DYNSYM);
  if (scn == nullptr) return {};
  GElf_Shdr shdr;
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (gelf_getshdr(scn, &shdr) == nullptr || data == nullptr || shdr.sh_entsize == 0) return {};

  std::vector<SymbolCandidate> candidates;
  FileAttribution files;
  const std::size_t count = shdr.sh_size / shdr.sh_entsize;
  for (std::size_t i = 1; i < count; ++i) {  // entry 0 is the reserved null symbol
    GElf_Sym sym;
    Elf32_Word shndx = 0;
    if (gelf_getsymshndx(data, nullptr, static_cast<int>(i), &sym, &shndx) == nullptr) continue;
    const char* raw_name = elf_strptr(elf, shdr.sh_link, sym.st_name);
    const std::string_view name = raw_name != nullptr ? raw_name : "";
    const unsigned char type = GELF_ST_TYPE(sym.st_info);
    if (type == STT_FILE) {
      files.saw_file(name);
      continue;
    }
    files.saw_symbol();
    if ((type != STT_FUNC && type != STT_GNU_IFUNC) || name.empty()) continue;
    if (sym.st_shndx == SHN_UNDEF || (sym.st_shndx >= SHN_LORESERVE && sym.st_shndx != SHN_XINDEX)) {
      continue;  // undefined, absolute or common: not code in this ELF
    }
    const std::size_t section_index = sym.st_shndx == SHN_XINDEX ? shndx : sym.st_shndx;
    std::uint64_t start = sym.st_value;
    if (is_arm) start &= ~std::uint64_t{1};  // Thumb bit
    const auto section = std::find_if(code.begin(), code.end(),
                                      [&](const CodeSection& s) { return s.index == section_index; });
    if (section == code.end() || !section->contains(start)) continue;
    const bool local = GELF_ST_BIND(sym.st_info) == STB_LOCAL;
    candidates.push_back(SymbolCandidate{start, sym.st_size, section->end, name,
                                         files.file_for(local),
                                         binding_rank(GELF_ST_BIND(sym.st_info))});
  }
  return SymbolTable::from_candidates(std::move(candidates));
}

}  // namespace leakscope::symbolize_detail
