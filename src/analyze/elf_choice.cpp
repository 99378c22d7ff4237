#include "leakscope/analyze/elf_choice.hpp"

namespace leakscope {

namespace {

// Both sides are lowercase hex (the parsers lower the printed digits), so this is the
// case-insensitive prefix match esp-idf-monitor makes. A trace HEADER may name the build by
// GNU build-id too (or only): that must equal the ELF's.
bool starts_with(const ElfSummary& elf, const ElfIdentityEvent& printed) {
  if (!printed.sha256_prefix.empty() &&
      (elf.sha256.empty() || !std::string_view(elf.sha256).starts_with(printed.sha256_prefix)))
    return false;
  return printed.build_id.empty() || elf.build_id == printed.build_id;
}

bool matches_all(const ElfSummary& elf, const std::vector<ElfIdentityEvent>& printed) {
  for (const ElfIdentityEvent& p : printed)
    if (!starts_with(elf, p)) return false;
  return true;
}

bool matches_any_elf(const std::vector<std::vector<ElfSummary>>& builds,
                     const ElfIdentityEvent& p) {
  for (const auto& build : builds)
    for (const ElfSummary& elf : build)
      if (starts_with(elf, p)) return true;
  return false;
}

// The prefix to name in a mismatch: the first that no ELF has; when each has one, the boot
// printed two builds' prefixes, and the later one is the contradiction.
std::size_t mismatched_prefix(const std::vector<std::vector<ElfSummary>>& builds,
                              const std::vector<ElfIdentityEvent>& printed) {
  for (std::size_t i = 0; i < printed.size(); ++i)
    if (!matches_any_elf(builds, printed[i])) return i;
  return printed.size() - 1;
}

}  // namespace

ElfChoice choose_elf(const std::vector<ElfIdentityEvent>& printed,
                     const std::vector<std::vector<ElfSummary>>& builds, const ElfPolicy& policy) {
  ElfChoice choice;
  BootElf& elf = choice.elf;
  elf.printed = printed;
  if (builds.empty() || builds.front().empty()) return choice;  // no ELF given: ElfMatch::none

  auto name = [&](const ElfSummary& e) {
    elf.path = e.path;
    elf.sha256 = e.sha256;
  };
  auto use = [&](std::size_t build, const ElfSummary& e) {
    name(e);
    choice.build = build;
    elf.symbolized = true;
  };
  const ElfSummary& fixed = builds.front().front();  // --elf: the first ELF given

  if (printed.empty()) {
    if (policy.by_sha256) {
      elf.match = ElfMatch::unidentified;
    } else {
      elf.match = ElfMatch::unverified;
      use(0, fixed);
    }
    return choice;
  }
  for (std::size_t b = 0; b < builds.size(); ++b) {
    for (const ElfSummary& e : builds[b]) {
      if (matches_all(e, printed)) {
        elf.match = ElfMatch::verified;
        use(b, e);
        return choice;
      }
    }
  }

  elf.match = ElfMatch::mismatch;
  elf.mismatched = mismatched_prefix(builds, printed);
  if (!policy.by_sha256) name(fixed);
  if (!policy.allow_mismatch) {
    elf.refused = true;
  } else if (!policy.by_sha256) {
    use(0, fixed);
  }
  return choice;
}

}  // namespace leakscope
