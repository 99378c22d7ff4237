// Running the reference symbolizers (binutils addr2line, llvm-symbolizer) and reading their
// answers into plain structures the parity tests compare against leakscope's.
//
//   write_addresses(path, addrs);
//   std::vector<RefAnswer> gnu = addr2line_answers(tool, elf, path);   // one per address
//
// Tools are spawned with popen; a tool that fails to start or exits non-zero throws, so a
// broken environment fails the test instead of comparing against nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leakscope/model/address.hpp"

namespace leakscope::parity {

struct RefFrame {
  std::string function;  // "??" when unknown
  std::string file;      // "??" when unknown
  std::string line;      // as printed: "12", or "?" (addr2line) / "0" (llvm) when unknown
  std::uint32_t discriminator = 0;  // addr2line only
};
using RefAnswer = std::vector<RefFrame>;  // empty: the tool knows nothing about the address

// Runs `command` through /bin/sh and returns its stdout; throws std::runtime_error when the
// command cannot run or exits non-zero.
std::string run_command(const std::string& command);
std::string shell_quote(const std::string& text);

void write_addresses(const std::string& path, const std::vector<std::uint64_t>& addresses);

// `addr2line -a -f -i -C -e elf < file`, one answer per address (checked against the -a line).
std::vector<RefAnswer> addr2line_answers(const std::string& tool, const std::string& elf,
                                         const std::string& address_file,
                                         const std::vector<std::uint64_t>& addresses);
// `llvm-symbolizer --obj=elf --functions=linkage --demangle --inlining --print-address`.
std::vector<RefAnswer> llvm_answers(const std::string& elf, const std::string& address_file,
                                    const std::vector<std::uint64_t>& addresses);

struct SectionRange {
  std::string name;
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
};
// SHF_EXECINSTR sections, from `readelf -SW`.
std::vector<SectionRange> executable_sections(const std::string& elf);
// Start addresses of every line-table row (end_sequence rows excluded), from llvm-dwarfdump.
std::vector<std::uint64_t> line_table_addresses(const std::string& elf);

// The version of the first unit's DWARF (`readelf --debug-dump=info`), 0 without DWARF.
unsigned dwarf_version(const std::string& elf);

struct ElfSymbol {
  std::string name;  // as in the symbol table (mangled, with any clone suffix)
  std::uint64_t start = 0;  // Thumb bit cleared
  std::uint64_t end = 0;    // exclusive
};
// STT_FUNC symbols with a size, sorted by start, from `readelf -sW`.
std::vector<ElfSymbol> function_symbols(const std::string& elf, Arch arch);

// Every call instruction's return address (the address of the instruction after it), from
// `<objdump> -d -w`: x86-64 call, ARM bl/blx, Xtensa call0..12/callx0..12, RISC-V jal/jalr
// linking a register. Sorted, without duplicates.
std::vector<std::uint64_t> call_return_addresses(const std::string& objdump, const std::string& elf, Arch arch);

}  // namespace leakscope::parity
