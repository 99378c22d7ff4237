// Parity of leakscope's symbolizer with binutils addr2line and llvm-symbolizer on the
// hand-written fixture ELFs (fixture/, README.md): two sweeps per ELF - every line-table row,
// and every byte of every executable section - checked by parity_check.hpp, then the text the
// `symbolize` command prints, compared byte for byte with addr2line's for every flag
// combination where the names agree. The generated ELFs: generated_parity_test.cpp.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "cli/symbolize_command.hpp"
#include "fixtures.hpp"
#include "parity_sweep.hpp"

namespace leakscope::parity {
namespace {

const QualifiedNames& fixture_names() {
  static const QualifiedNames names(LEAKSCOPE_FIXTURE_NAMES);
  return names;
}

bool in_sections(const std::vector<SectionRange>& sections, std::uint64_t a) {
  return std::any_of(sections.begin(), sections.end(), [&](const SectionRange& s) { return a >= s.start && a < s.end; });
}

ParityTally sweep_fixture(const Fixture& fixture, const std::string& elf, const std::string& sweep,
                          const std::vector<std::uint64_t>& addresses) {
  Symbolizer ours;
  REQUIRE(ours.add_elf(elf).ok());
  const ElfFacts facts{function_symbols(elf, fixture.arch), executable_sections(elf), &fixture_names(), dwarf_version(elf)};
  return run_sweep(fixture.name, sweep, PeerSetup{fixture.addr2line, elf, elf}, facts, ours,
                   make_lookups(fixture.arch, addresses, AddressKind::exact_pc));
}

std::vector<std::uint64_t> every_byte(const std::vector<SectionRange>& sections) {
  std::vector<std::uint64_t> all;
  for (const SectionRange& s : sections) {
    for (std::uint64_t a = s.start; a < s.end; ++a) all.push_back(a);
  }
  return all;
}

// The whole `symbolize` command output, in-process, against addr2line's for the same flags.
void check_text_output(const Fixture& fixture, const std::vector<std::uint64_t>& addresses) {
  const std::string address_file = fmt::format("{}/{}.text.addresses", LEAKSCOPE_PARITY_WORK_DIR, fixture.name);
  write_addresses(address_file, addresses);
  for (const bool pretty : {false, true}) {
    for (const bool with_addresses : {false, true}) {
      SymbolizeOptions options;
      options.elfs = {fixture.elf};
      for (const std::uint64_t a : addresses) options.addresses.push_back(fmt::format("{:#x}", a));
      options.pretty = pretty;
      options.print_address = with_addresses;
      std::ostringstream out;
      std::ostringstream err;
      Io io;
      io.out = &out;
      io.err = &err;
      REQUIRE(run_symbolize(options, io) == exit_clean);
      const std::string flags = std::string(pretty ? " -p" : "") + (with_addresses ? " -a" : "");
      const std::string expected = run_command(shell_quote(fixture.addr2line) + flags + " -f -i -C -e " +
                                               shell_quote(fixture.elf) + " < " + shell_quote(address_file));
      INFO(fixture.name << " symbolize" << flags << " over " << addresses.size() << " addresses");
      CHECK(out.str() == expected);
      CHECK(err.str().empty());
    }
  }
}

void check_fixture(const Fixture& fixture) {
  const std::vector<SectionRange> sections = executable_sections(fixture.elf);
  REQUIRE(!sections.empty());
  std::vector<std::uint64_t> rows = line_table_addresses(fixture.elf);
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](std::uint64_t a) { return !in_sections(sections, a); }),
             rows.end());
  REQUIRE(rows.size() >= 100);  // "a few hundred addresses": the fixture must stay that rich

  SECTION("every line-table address") {
    const ParityTally tally = sweep_fixture(fixture, fixture.elf, "rows", rows);
    // The fixture keeps its promises: deep inline chains, loop discriminators, C++ names.
    CHECK(tally.deepest_chain >= 5);
    CHECK(tally.with_discriminator > 0);
    for (const char* name : {"chain_level1", "chain_level2", "chain_level3", "chain_level4", "soft_mix",
                             "fixture::run_ring(unsigned int)",
                             "fixture::geometry::Ring<unsigned int, 8u>::push(unsigned int)",
                             "fixture::geometry::Accumulator::scaled(unsigned int) const",
                             "fixture::geometry::Accumulator::add(unsigned int)",
                             "unsigned short fixture::geometry::fold<unsigned short>(unsigned short const*, unsigned int)",
                             "fixture::(anonymous namespace)::hidden_helper(unsigned int)",
                             "fixture_fatal", "checked_shift"}) {
      INFO(fixture.name << ": no line-table address in " << name);
      CHECK(tally.functions.count(name) == 1);
    }
    check_text_output(fixture, tally.clean);
  }
  SECTION("every byte of every executable section") {
    sweep_fixture(fixture, fixture.elf, "bytes", every_byte(sections));
  }
  if (*fixture.stripped != '\0') {
    SECTION("strip --strip-debug: the symbol table names every function") {
      const ParityTally tally = sweep_fixture(fixture, fixture.stripped, "stripped", every_byte(sections));
      CHECK(tally.from_dwarf == 0);
      CHECK(tally.from_symtab > tally.checked / 2);
    }
  }
}

}  // namespace

// One test case per fixture ELF this build produced.
#define LEAKSCOPE_FIXTURE(name, ...) \
  TEST_CASE("parity with addr2line and llvm-symbolizer: " name, "[parity]") { check_fixture(Fixture{name, __VA_ARGS__}); }
#include "fixtures.inc"
#undef LEAKSCOPE_FIXTURE

}  // namespace leakscope::parity
