#include "symbolize/elf_sections.hpp"

#include <algorithm>

namespace leakscope::symbolize_detail {

const CodeSection* find_code_section(const std::vector<CodeSection>& sections, std::uint64_t pc) {
  auto it = std::upper_bound(sections.begin(), sections.end(), pc,
                             [](std::uint64_t value, const CodeSection& s) { return value < s.start; });
  if (it == sections.begin()) return nullptr;
  --it;
  return it->contains(pc) ? &*it : nullptr;
}

}  // namespace leakscope::symbolize_detail
