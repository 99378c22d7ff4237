#include "parity_sweep.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <iostream>

#include "leakscope/symbolize/return_address.hpp"

namespace leakscope::parity {

std::vector<Lookup> make_lookups(Arch arch, const std::vector<std::uint64_t>& evidence, AddressKind kind) {
  std::vector<Lookup> lookups;
  lookups.reserve(evidence.size());
  for (const std::uint64_t address : evidence) lookups.push_back(Lookup{address, kind, lookup_pc(arch, address, kind)});
  return lookups;
}

ParityTally run_sweep(const std::string& name, const std::string& sweep, const PeerSetup& peers,
                      const ElfFacts& facts, Symbolizer& ours, const std::vector<Lookup>& lookups) {
  std::vector<std::uint64_t> pcs;
  pcs.reserve(lookups.size());
  for (const Lookup& l : lookups) pcs.push_back(l.pc);
  const std::string address_file = fmt::format("{}/{}.{}.addresses", LEAKSCOPE_PARITY_WORK_DIR, name, sweep);
  write_addresses(address_file, pcs);
  const std::vector<RefAnswer> a2l = addr2line_answers(peers.addr2line, peers.addr2line_elf, address_file, pcs);
  const std::vector<RefAnswer> llvm = llvm_answers(peers.llvm_elf, address_file, pcs);

  ParityTally tally;
  for (std::size_t i = 0; i < lookups.size(); ++i) {
    const Symbolization& answer = ours.symbolize(lookups[i].evidence, lookups[i].kind);
    if (answer.lookup_pc != lookups[i].pc || !answer.in_code) {
      tally.unexplained.push_back(fmt::format("{:#x}: looked up {:#x} (in code: {}), the address rules say {:#x}",
                                              lookups[i].evidence, answer.lookup_pc, answer.in_code, lookups[i].pc));
      continue;
    }
    check_address(lookups[i], answer, a2l[i], llvm[i], facts, tally);
  }
  std::cout << tally.summary(name, sweep) << std::flush;
  // All of them, for a closer look than the first ten the failure prints.
  const std::string unexplained_file = address_file + ".unexplained";
  std::ofstream(unexplained_file) << fmt::format("{}\n", fmt::join(tally.unexplained, "\n"));
  for (std::size_t i = 0; i < tally.unexplained.size() && i < 10; ++i) UNSCOPED_INFO(tally.unexplained[i]);
  INFO(name << " " << sweep << ": " << tally.unexplained.size() << " unexplained answers (first 10 above, all in "
            << unexplained_file << ")");
  CHECK(tally.unexplained.empty());
  return tally;
}

}  // namespace leakscope::parity
