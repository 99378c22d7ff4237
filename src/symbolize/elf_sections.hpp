// CodeSection: an executable (SHF_EXECINSTR) section's address range, sorted by address.
//
// Only addresses inside one of these are "in code"; anything else is reported unknown rather
// than named after a nearby symbol.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leakscope::symbolize_detail {

struct CodeSection {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
  std::size_t index = 0;  // ELF section index, to match symbols' st_shndx
  std::string name;

  bool contains(std::uint64_t pc) const { return pc >= start && pc < end; }
};

// The section containing pc in a vector sorted by start, or nullptr.
const CodeSection* find_code_section(const std::vector<CodeSection>& sections, std::uint64_t pc);

}  // namespace leakscope::symbolize_detail
