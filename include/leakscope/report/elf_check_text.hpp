// Sentences about which ELF symbolized a boot. The text report, the JSON report's
// boots[].elf.message and the stderr lines of `leakscope analyze` use these words, so every
// output says the same thing.
//
//   if (std::string p = elf_problem_text(report, boot); !p.empty()) warn(p);
//   else if (std::string s = elf_status_text(report, boot); !s.empty()) note(s);
#pragma once

#include <string>

#include "leakscope/model/report.hpp"

namespace leakscope {

// "line 12", or "capture.log:12" when several inputs were read.
std::string position_text(const Report& report, SourcePos pos);

// Why the boot's ELF is wrong or missing (ElfMatch::mismatch, ElfMatch::unidentified): the
// prefix, where it was printed, the ELF's SHA-256 and what was done. Empty for other boots.
std::string elf_problem_text(const Report& report, const BootReport& boot);

// Which ELF symbolized the boot and whether the log confirms it, for boots without a problem.
// Empty when no ELF was given and the boot printed no SHA-256.
std::string elf_status_text(const Report& report, const BootReport& boot);

}  // namespace leakscope
