#include "leakscope/report/elf_check_text.hpp"

#include <fmt/format.h>

namespace leakscope {

namespace {

std::string printed_text(const Report& report, const ElfIdentityEvent& printed) {
  return fmt::format("the log printed ELF SHA-256 {} at {}", printed.sha256_prefix,
                     position_text(report, printed.pos));
}

// The ELFs a mismatching prefix was compared with, each with its whole SHA-256.
std::string compared_text(const Report& report) {
  if (report.elfs.size() == 1)
    return fmt::format("{} has SHA-256 {}", report.elfs[0].path, report.elfs[0].sha256);
  std::string list;
  for (const ElfInfo& elf : report.elfs)
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", elf.path, elf.sha256);
  return fmt::format("none of the {} ELFs given starts with it ({})", report.elfs.size(), list);
}

}  // namespace

std::string position_text(const Report& report, SourcePos pos) {
  const auto& inputs = report.diagnostics.inputs;
  if (inputs.size() <= 1) return fmt::format("line {}", pos.line);
  const std::string name = pos.input < inputs.size() ? inputs[pos.input].name : "?";
  return fmt::format("{}:{}", name, pos.line);
}

std::string elf_problem_text(const Report& report, const BootReport& boot) {
  const BootElf& elf = boot.elf;
  if (elf.match == ElfMatch::unidentified)
    return "no ELF chosen: the log printed no ELF SHA-256 for this boot: not symbolized";
  if (elf.match != ElfMatch::mismatch || elf.mismatched >= elf.printed.size()) return {};

  std::string outcome;
  if (elf.refused && !elf.path.empty())
    outcome = "refused: not symbolized (--allow-elf-mismatch uses it anyway)";
  else if (elf.refused)
    outcome = "refused: not symbolized";
  else if (elf.symbolized)
    outcome = fmt::format("symbolized with {} anyway (--allow-elf-mismatch)", elf.path);
  else
    outcome = "not symbolized (no ELF to use)";
  return fmt::format("ELF mismatch: {}, but {}: {}",
                     printed_text(report, elf.printed[elf.mismatched]), compared_text(report),
                     outcome);
}

std::string elf_status_text(const Report& report, const BootReport& boot) {
  const BootElf& elf = boot.elf;
  switch (elf.match) {
    case ElfMatch::none:
      if (elf.printed.empty()) return {};
      return fmt::format("none given; {}", printed_text(report, elf.printed.front()));
    case ElfMatch::verified:
      return fmt::format("{}, verified: {}", elf.path, printed_text(report, elf.printed.front()));
    case ElfMatch::unverified:
      return fmt::format("{}, not verified: the log printed no ELF SHA-256 for this boot",
                         elf.path);
    case ElfMatch::mismatch:
    case ElfMatch::unidentified:
      break;
  }
  return {};
}

}  // namespace leakscope
