// One parity sweep: a list of addresses looked up by leakscope and by both peers, every answer
// checked (parity_check.hpp), the per-cause counts printed, unexplained answers failing the
// running Catch2 test with the first of them printed in full.
//
//   Symbolizer ours;  ours.add_elf(elf);
//   PeerSetup peers{addr2line_tool, elf, elf};
//   ParityTally t = run_sweep("arm-O2-dwarf5", "random+returns", peers, facts, ours, lookups);
#pragma once

#include <string>
#include <vector>

#include "parity_check.hpp"

namespace leakscope::parity {

struct PeerSetup {
  std::string addr2line;      // the target's binutils addr2line
  std::string addr2line_elf;  // the ELF it reads (an unstripped twin where it cannot read ours)
  std::string llvm_elf;       // the ELF llvm-symbolizer reads
};

// Evidence addresses -> lookups, with the PC leakscope's address rules give for each.
std::vector<Lookup> make_lookups(Arch arch, const std::vector<std::uint64_t>& evidence, AddressKind kind);

ParityTally run_sweep(const std::string& name, const std::string& sweep, const PeerSetup& peers,
                      const ElfFacts& facts, Symbolizer& ours, const std::vector<Lookup>& lookups);

}  // namespace leakscope::parity
