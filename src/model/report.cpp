#include "leakscope/model/report.hpp"

#include <algorithm>

namespace leakscope {

void GroupStats::add(std::uint64_t size, std::uint64_t seq, SourcePos pos) {
  if (count == 0) {
    min_size = max_size = size;
    first_seq = last_seq = seq;
    first_pos = last_pos = pos;
  } else {
    min_size = std::min(min_size, size);
    max_size = std::max(max_size, size);
    if (seq < first_seq) {
      first_seq = seq;
      first_pos = pos;
    }
    if (seq > last_seq) {
      last_seq = seq;
      last_pos = pos;
    }
  }
  bytes += size;
  ++count;
}

SymbolizationStats& SymbolizationStats::operator+=(const SymbolizationStats& other) {
  addresses += other.addresses;
  unknown += other.unknown;
  not_in_code += other.not_in_code;
  return *this;
}

std::string_view elf_match_name(ElfMatch match) {
  switch (match) {
    case ElfMatch::none: return "none";
    case ElfMatch::verified: return "verified";
    case ElfMatch::unverified: return "unverified";
    case ElfMatch::mismatch: return "mismatch";
    case ElfMatch::unidentified: return "unidentified";
  }
  return "unknown";
}

}  // namespace leakscope
