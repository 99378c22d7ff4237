// Opening an ELF: libelf handle, architecture, code sections, build-id, symbols, DWARF.
#include "symbolize/elf_image.hpp"

#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <gelf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "symbolize/clone_suffix.hpp"

namespace leakscope::symbolize_detail {
namespace {

Arch arch_from_machine(unsigned machine) {
  switch (machine) {
    case EM_ARM: return Arch::arm;
    case EM_XTENSA: return Arch::xtensa;
    case EM_RISCV: return Arch::riscv;
    case EM_X86_64: return Arch::x86_64;
    default: return Arch::unknown;
  }
}

// SHF_EXECINSTR sections that occupy memory, sorted by address.
std::vector<CodeSection> read_code_sections(Elf* elf) {
  std::vector<CodeSection> sections;
  std::size_t names_index = 0;
  if (elf_getshdrstrndx(elf, &names_index) != 0) names_index = 0;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr) continue;
    constexpr std::uint64_t wanted = SHF_EXECINSTR | SHF_ALLOC;
    if ((shdr.sh_flags & wanted) != wanted || shdr.sh_size == 0) continue;
    const char* name = names_index != 0 ? elf_strptr(elf, names_index, shdr.sh_name) : nullptr;
    sections.push_back(CodeSection{shdr.sh_addr, shdr.sh_addr + shdr.sh_size, elf_ndxscn(scn),
                                   name != nullptr ? name : ""});
  }
  std::sort(sections.begin(), sections.end(),
            [](const CodeSection& a, const CodeSection& b) { return a.start < b.start; });
  return sections;
}

std::string read_build_id(Elf* elf) {
  const void* bytes = nullptr;
  const ssize_t size = dwelf_elf_gnu_build_id(elf, &bytes);
  std::string hex;
  for (ssize_t i = 0; i < size; ++i) {
    fmt::format_to(std::back_inserter(hex), "{:02x}", static_cast<const unsigned char*>(bytes)[i]);
  }
  return hex;
}

}  // namespace

Result<std::unique_ptr<ElfImage>> ElfImage::open(const std::string& path) {
  // libelf refuses every call until the version handshake has happened once per process.
  static const bool libelf_ready = elf_version(EV_CURRENT) != EV_NONE;
  if (!libelf_ready) return Error{"libelf: version mismatch"};

  std::unique_ptr<ElfImage> image(new ElfImage());
  image->summary_.path = path;
  image->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (image->fd_ < 0) return Error{fmt::format("{}: cannot open: {}", path, std::strerror(errno))};
  image->elf_ = elf_begin(image->fd_, ELF_C_READ_MMAP, nullptr);
  if (image->elf_ == nullptr || elf_kind(image->elf_) != ELF_K_ELF) {
    return Error{fmt::format("{}: not an ELF file", path)};
  }
  GElf_Ehdr ehdr;
  if (gelf_getehdr(image->elf_, &ehdr) == nullptr) {
    return Error{fmt::format("{}: unreadable ELF header: {}", path, elf_errmsg(-1))};
  }
  if (ehdr.e_type == ET_REL) {
    // Every section of a relocatable object starts at 0: addresses would be ambiguous.
    return Error{fmt::format("{}: relocatable object file; give the linked ELF", path)};
  }
  image->summary_.arch = arch_from_machine(ehdr.e_machine);
  image->summary_.address_size = gelf_getclass(image->elf_) == ELFCLASS64 ? 8 : 4;
  image->code_ = read_code_sections(image->elf_);
  if (image->code_.empty()) return Error{fmt::format("{}: no executable section", path)};

  image->summary_.build_id = read_build_id(image->elf_);
  image->symbols_ = read_symbol_table(image->elf_, image->summary_.arch == Arch::arm, image->code_);
  image->summary_.has_symtab = !image->symbols_.empty();
  // No DWARF is not an error: the symbol table still names functions.
  image->dwarf_ = dwarf_begin_elf(image->elf_, DWARF_C_READ, nullptr);
  image->summary_.has_dwarf = image->dwarf_ != nullptr;
  image->units_ = UnitRanges(image->dwarf_);
  return image;
}

std::vector<UnitIndex*> ElfImage::units_containing(std::uint64_t pc) {
  std::vector<UnitIndex*> indexes;
  for (Dwarf_Die& cu_die : units_.units_containing(pc)) {
    std::unique_ptr<UnitIndex>& index = unit_indexes_[dwarf_dieoffset(&cu_die)];
    if (!index) index = std::make_unique<UnitIndex>(cu_die, summary_.arch == Arch::arm, strings_);
    indexes.push_back(index.get());
  }
  return indexes;
}

std::string_view ElfImage::printable_symbol(const ElfSymbol& symbol) {
  auto [it, added] = printable_symbols_.try_emplace(&symbol);
  if (added) it->second = strings_.intern(symbolize_detail::printable_symbol(symbol.name));
  return it->second;
}

ElfImage::~ElfImage() {
  if (dwarf_ != nullptr) dwarf_end(dwarf_);
  if (elf_ != nullptr) elf_end(elf_);
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace leakscope::symbolize_detail
