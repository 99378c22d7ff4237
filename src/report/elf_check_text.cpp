#include "leakscope/report/elf_check_text.hpp"

#include <fmt/format.h>

namespace leakscope {

namespace {

// "the log printed ELF SHA-256 0123... at line 12"; a binary trace's HEADER "named" its build,
// maybe by build-id.
std::string printed_text(const Report& report, const ElfIdentityEvent& printed) {
  std::string what;
  if (!printed.sha256_prefix.empty()) what = "ELF SHA-256 " + printed.sha256_prefix;
  if (!printed.build_id.empty())
    what += fmt::format("{}build-id {}", what.empty() ? "" : " and ", printed.build_id);
  return fmt::format("the {} {} at {}", printed.pos.line == 0 ? "trace named" : "log printed",
                     what, position_text(report, printed.pos));
}

// What an ELF is known by, for comparing with what the boot printed.
std::string identity_text(const ElfInfo& elf, const ElfIdentityEvent& printed) {
  std::string text = printed.sha256_prefix.empty() ? "" : "SHA-256 " + elf.sha256;
  if (!printed.build_id.empty())
    text += fmt::format("{}{}", text.empty() ? "" : " and ",
                        elf.build_id.empty() ? "no build-id" : "build-id " + elf.build_id);
  return text;
}

// The ELFs a mismatching prefix was compared with, each with its whole SHA-256 (or build-id).
std::string compared_text(const Report& report, const ElfIdentityEvent& printed) {
  if (report.elfs.size() == 1)
    return fmt::format("{} has {}", report.elfs[0].path, identity_text(report.elfs[0], printed));
  std::string list;
  for (const ElfInfo& elf : report.elfs)
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", elf.path, identity_text(elf, printed));
  return fmt::format("none of the {} ELFs given matches it ({})", report.elfs.size(), list);
}

}  // namespace

std::string position_text(const Report& report, SourcePos pos) {
  const auto& inputs = report.diagnostics.inputs;
  if (inputs.size() <= 1)
    return pos.line == 0 ? fmt::format("byte {}", pos.offset) : fmt::format("line {}", pos.line);
  const std::string name = pos.input < inputs.size() ? inputs[pos.input].name : "?";
  return pos.line == 0 ? fmt::format("{} byte {}", name, pos.offset)
                       : fmt::format("{}:{}", name, pos.line);
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
  const ElfIdentityEvent& printed = elf.printed[elf.mismatched];
  return fmt::format("ELF mismatch: {}, but {}: {}", printed_text(report, printed),
                     compared_text(report, printed), outcome);
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
