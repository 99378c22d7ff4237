// Opening an ELF: libelf handle, architecture, code sections, build-id, symbols, DWARF.
#include "symbolize/elf_image.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <gelf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "symbolize/clone_suffix.hpp"
#include "symbolize/sha256.hpp"

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

// The link-time address of the object's first page: the lowest PT_LOAD's p_vaddr rounded down
// to 4 KiB, the page the loader maps first (glibc's l_map_start, which dladdr reports as
// dli_fbase). 0 for PIE and shared objects; 0x400000 for a classic x86-64 executable. 4 KiB:
// the page size of every host glibc traces come from in practice (x86-64, most arm64).
std::uint64_t image_base(Elf* elf) {
  std::size_t count = 0;
  if (elf_getphdrnum(elf, &count) != 0) return 0;
  std::optional<std::uint64_t> lowest;
  for (std::size_t i = 0; i < count; ++i) {
    GElf_Phdr phdr;
    if (gelf_getphdr(elf, static_cast<int>(i), &phdr) == nullptr || phdr.p_type != PT_LOAD) continue;
    if (!lowest || phdr.p_vaddr < *lowest) lowest = phdr.p_vaddr;
  }
  constexpr std::uint64_t page = 4096;
  return lowest ? *lowest & ~(page - 1) : 0;
}

}  // namespace

Result<std::unique_ptr<ElfImage>> ElfImage::open(const std::string& path, const ElfLoadOptions& options) {
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
  image->summary_.image_base = image_base(image->elf_);
  image->code_ = read_code_sections(image->elf_);
  if (image->code_.empty()) return Error{fmt::format("{}: no executable section", path)};

  image->summary_.build_id = read_build_id(image->elf_);
  image->symbols_ = read_symbol_table(image->elf_, image->summary_.arch == Arch::arm, image->code_);
  image->summary_.has_symtab = !image->symbols_.empty();
  // Before libdw looks: elfutils 0.188 cannot expand zstd sections itself.
  Result<ExpandedSections> expanded = expand_compressed_sections(image->elf_);
  if (!expanded) return Error{fmt::format("{}: {}", path, expanded.error().message)};
  image->expanded_ = expanded.take();
  // No DWARF is not an error: a debug file may have it, and the symbol table names functions.
  image->dwarf_ = dwarf_begin_elf(image->elf_, DWARF_C_READ, nullptr);
  if (image->dwarf_ == nullptr) image->use_debug_file(options.debug_dirs);
  image->summary_.has_dwarf = image->dwarf_ != nullptr;
  image->units_ = UnitRanges(image->dwarf_);
  return image;
}

void ElfImage::use_debug_file(const std::vector<std::string>& debug_dirs) {
  DebugFileSearch found = find_debug_file({elf_, fd_, summary_.path, summary_.build_id}, debug_dirs);
  summary_.warnings = std::move(found.rejected);
  if (!found.file) return;
  debug_ = std::move(found.file);
  dwarf_ = debug_->take_dwarf();
  summary_.debug_file = debug_->path();
  // The debug file keeps the symbol table as it was before stripping: `strip --strip-all`
  // removes it from the ELF, and even `--strip-debug` drops the STT_FILE symbols that name the
  // file of code without DWARF (crt objects). Its symbols are bounded by its own section
  // headers (objcopy --only-keep-debug keeps them, as NOBITS, at the ELF's addresses): their
  // indices need not be the ELF's once a section was removed from it afterwards.
  SymbolTable symbols =
      read_symbol_table(debug_->elf(), summary_.arch == Arch::arm, read_code_sections(debug_->elf()));
  if (!symbols.empty()) {
    symbols_ = std::move(symbols);
    summary_.has_symtab = true;
  }
}

const std::vector<UnitIndex*>& ElfImage::units_containing(std::uint64_t pc) {
  units_.units_containing(pc, unit_offsets_);
  found_units_.clear();
  for (const Dwarf_Off offset : unit_offsets_) {
    std::unique_ptr<UnitIndex>& index = unit_indexes_[offset];
    Dwarf_Die cu_die;
    if (!index && dwarf_offdie(dwarf_, offset, &cu_die) != nullptr) {
      index = std::make_unique<UnitIndex>(cu_die, summary_.arch == Arch::arm, names_);
    }
    if (index) found_units_.push_back(index.get());
  }
  return found_units_;
}

void ElfImage::compute_sha256() {
  if (summary_.sha256.empty()) summary_.sha256 = sha256_file_hex(fd_);
}

std::string_view ElfImage::printable_symbol(const ElfSymbol& symbol) {
  auto [it, added] = printable_symbols_.try_emplace(&symbol);
  if (added) it->second = names_.pool.intern(symbolize_detail::printable_symbol(symbol.name));
  return it->second;
}

std::string_view ElfImage::outermost_name(const ElfSymbol& symbol, const ScopeNames& dwarf) {
  auto [it, added] = outermost_names_.try_emplace({&symbol, dwarf.printed.data()});
  if (added) {
    if (std::optional<std::string> better =
            symbol_name_for_frame({dwarf.printed, dwarf.linkage, dwarf.short_name}, symbol.name)) {
      it->second = names_.pool.intern(*better);
    }
  }
  return it->second;
}

ElfImage::~ElfImage() {
  if (dwarf_ != nullptr) dwarf_end(dwarf_);
  if (elf_ != nullptr) elf_end(elf_);
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace leakscope::symbolize_detail
