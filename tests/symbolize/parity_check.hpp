// The parity check of one answer: leakscope's frames for an address against binutils
// addr2line's and llvm-symbolizer's, and its function names against the naming policy.
//
//   ElfFacts facts{function_symbols(elf), executable_sections(elf), &names};
//   ParityTally tally;
//   for (...) check_address(lookup, ours, a2l[i], llvm[i], facts, tally);
//   std::cout << tally.summary("arm-O2-dwarf5");
//   CHECK(tally.unexplained.empty());
//
// Frames: the count and every frame's file:line must equal both peers' (and the discriminator
// addr2line's). Names: every frame must carry the name the policy gives it, worked out here
// from the peers' DWARF names, the symbol table and qualified_names.txt (policy_names). Each
// name a peer prints differently is then put down to a known cause and counted; a difference
// without a known cause, like any other mismatch, is "unexplained" and fails the test.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "function_names.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {

struct ElfFacts {
  std::vector<ElfSymbol> symbols;       // sized function symbols (of the unstripped ELF)
  std::vector<SectionRange> sections;   // executable sections
  const QualifiedNames* names = nullptr;
  unsigned dwarf_version = 0;           // of the unstripped ELF's first unit
};

struct Lookup {
  std::uint64_t evidence = 0;  // what leakscope was given
  AddressKind kind = AddressKind::exact_pc;
  std::uint64_t pc = 0;  // what the peers were given: lookup_pc(arch, evidence, kind)
};

struct ParityTally {
  std::size_t checked = 0;
  std::map<std::string, std::size_t> causes;  // "addr2line: <cause>" -> addresses
  std::vector<std::string> unexplained;       // one line per offending address, all answers
  std::vector<std::uint64_t> clean;           // addresses where names and frames equal addr2line's
  // What the addresses exercised, so an ELF that stops exercising something is noticed.
  std::size_t deepest_chain = 0;
  std::size_t with_discriminator = 0;
  std::size_t from_symtab = 0;
  std::size_t from_dwarf = 0;
  std::size_t clones = 0;       // outermost frames named with a clone suffix
  std::set<std::string> functions;

  // "parity <name> <sweep> N addresses: <cause counts>, K unexplained".
  std::string summary(const std::string& name, const std::string& sweep) const;
};

// The policy's name for every frame of an answer both peers agree has `frames` frames.
std::vector<std::string> policy_names(std::uint64_t pc, const RefAnswer& a2l, const RefAnswer& llvm,
                                      const ElfFacts& facts);

void check_address(const Lookup& lookup, const Symbolization& ours, const RefAnswer& a2l, const RefAnswer& llvm,
                   const ElfFacts& facts, ParityTally& tally);

// A one-line rendering of an answer, for failure messages.
std::string describe(const Symbolization& ours);
std::string describe(const RefAnswer& ref);

}  // namespace leakscope::parity
