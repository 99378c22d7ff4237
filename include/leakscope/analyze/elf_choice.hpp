// ElfChoice: which ELF symbolizes a boot, by the "ELF file SHA256" prefixes its log printed.
//
//   ElfPolicy policy{.by_sha256 = true, .allow_mismatch = false};
//   ElfChoice c = choose_elf(boot.elf.printed, builds, policy);
//   if (c.build != ElfChoice::no_build) symbolize the boot with builds[c.build]; report c.elf.
//
// A build is the ELFs symbolized together (application, ROM, bootloader). The rules (README,
// "Which ELF symbolizes a boot"):
//  - verified: one ELF of one build has a SHA-256 starting with every prefix the boot printed
//    (case-insensitive; ESP-IDF prints 8-64 digits) and the GNU build-id of every trace HEADER
//    that names one; the first such build in order is used.
//  - the boot printed no prefix: with one fixed build (--elf), that build is used, unverified;
//    with builds chosen by SHA-256 (--elf-dir), none is: unidentified, not symbolized.
//  - mismatch (a prefix matches no ELF): the boot is refused, not symbolized, unless
//    allow_mismatch; then the fixed build is used anyway (--elf-dir has no build to fall back
//    on: the boot stays unsymbolized, but is not refused).
#pragma once

#include <cstddef>
#include <vector>

#include "leakscope/model/report.hpp"
#include "leakscope/symbolize/symbolizer.hpp"

namespace leakscope {

struct ElfPolicy {
  bool by_sha256 = false;       // each build is a candidate (--elf-dir), not the one build (--elf)
  bool allow_mismatch = false;  // --allow-elf-mismatch
};

struct ElfChoice {
  static constexpr std::size_t no_build = static_cast<std::size_t>(-1);
  BootElf elf;                  // for the report; printed is the boot's, as given
  std::size_t build = no_build;  // index into the builds, or no_build: addresses stay raw
};

// builds: the ELF summaries of each build, in the order given. None: nothing is symbolized.
ElfChoice choose_elf(const std::vector<ElfIdentityEvent>& printed,
                     const std::vector<std::vector<ElfSummary>>& builds, const ElfPolicy& policy);

}  // namespace leakscope
