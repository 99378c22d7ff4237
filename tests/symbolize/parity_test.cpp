// Parity of leakscope's symbolizer with binutils addr2line and llvm-symbolizer, per fixture ELF.
//
// For every address of two sweeps - every line-table row, and every byte of every executable
// section - leakscope must give addr2line's frames (same count, same file:line and
// discriminator per frame) and llvm-symbolizer's function names. Where the two references
// disagree with each other, the case must be one of the known, documented divergences (README.md,
// "Known divergences"); anything else fails the test and prints the first offending addresses.
// Then the text leakscope's `symbolize` command prints is compared byte for byte with
// addr2line's, for every flag combination.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/symbolize_command.hpp"
#include "fixtures.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {
namespace {

struct Tally {
  std::size_t checked = 0;
  std::size_t renamed_inline_c = 0;  // binutils named an inlined C function after the ELF symbol
  std::size_t padding = 0;           // binutils stretched the previous symbol over padding
  std::vector<std::string> mismatches;
  std::vector<std::uint64_t> clean;  // addresses where leakscope and both references agree
  // What the sweep covered, so a fixture that stops exercising something is noticed.
  std::size_t deepest_chain = 0;
  std::size_t with_discriminator = 0;
  std::size_t from_symtab = 0;
  std::size_t from_dwarf = 0;
  std::set<std::string> functions;
};

std::string describe(const Symbolization& ours) {
  std::string text;
  for (const SourceFrame& f : ours.frames) {
    text += fmt::format("[{} @ {}:{} d{}{}] ", f.function.empty() ? "??" : f.function,
                        f.file.empty() ? "??" : f.file, f.line, f.discriminator, f.inlined ? " inl" : "");
  }
  return text.empty() ? "(unknown)" : text;
}

std::string describe(const RefAnswer& ref) {
  std::string text;
  for (const RefFrame& f : ref) text += fmt::format("[{} @ {}:{} d{}] ", f.function, f.file, f.line, f.discriminator);
  return text.empty() ? "(unknown)" : text;
}

// Our frame as addr2line prints its position: "??" for no file, "?" for line 0.
std::string printed_file(const SourceFrame& f) { return f.file.empty() ? "??" : std::string(f.file); }
std::string printed_line(const SourceFrame& f) { return f.line == 0 ? "?" : std::to_string(f.line); }
std::string printed_name(const SourceFrame& f) { return f.function.empty() ? "??" : std::string(f.function); }

bool same_names(const Symbolization& ours, const RefAnswer& ref) {
  if (ours.frames.size() != ref.size()) return false;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (printed_name(ours.frames[i]) != ref[i].function) return false;
  }
  return true;
}

// File, line and discriminator of every frame as addr2line prints them (it repeats frame 0's
// discriminator on every frame that has a line).
bool same_positions(const Symbolization& ours, const RefAnswer& a2l) {
  if (ours.frames.size() != a2l.size()) return false;
  for (std::size_t i = 0; i < a2l.size(); ++i) {
    const SourceFrame& f = ours.frames[i];
    if (printed_file(f) != a2l[i].file || printed_line(f) != a2l[i].line) return false;
    const std::uint32_t printed_discriminator = f.line == 0 ? 0 : ours.frames[0].discriminator;
    if (printed_discriminator != a2l[i].discriminator) return false;
  }
  return true;
}

// binutils' dwarf2.c names a function without a linkage name (any C function) after the ELF
// symbol that starts at its lowest address. An inlined C function whose code begins the
// enclosing function therefore takes the enclosing symbol's name - and keeps it for every later
// lookup, wherever that inlined instance appears in a chain.
bool is_renamed_inline_c(const Symbolization& ours, const RefAnswer& a2l) {
  if (!same_positions(ours, a2l)) return false;
  bool any = false;
  for (std::size_t i = 0; i < a2l.size(); ++i) {
    const SourceFrame& f = ours.frames[i];
    if (printed_name(f) == a2l[i].function) continue;
    if (!f.inlined || a2l[i].function != ours.frames.back().function) return false;
    any = true;
  }
  return any;
}

void check_address(std::uint64_t address, const Symbolization& ours, const RefAnswer& a2l,
                   const RefAnswer& llvm, bool compare_llvm, Tally& tally) {
  ++tally.checked;
  auto mismatch = [&](const char* what) {
    tally.mismatches.push_back(fmt::format("{:#x} {}: ours {} | addr2line {} | llvm {}", address, what,
                                           describe(ours), describe(a2l), describe(llvm)));
  };
  // Padding after a sized function: llvm-symbolizer (and leakscope) find no function there,
  // binutils names the preceding symbol. The line, when DWARF has one, must still agree.
  const bool llvm_no_function = llvm.empty() || llvm.back().function == "??";
  const bool a2l_function = !a2l.empty() && a2l.back().function != "??";
  if (llvm_no_function && a2l_function) {
    if (!same_names(ours, llvm)) return mismatch("padding: names differ from llvm-symbolizer");
    if (!ours.frames.empty() && !same_positions(ours, a2l)) return mismatch("padding: positions");
    ++tally.padding;
    return;
  }
  if (!same_positions(ours, a2l)) return mismatch("frames/file:line differ from addr2line");
  if (compare_llvm && !same_names(ours, llvm)) return mismatch("names differ from llvm-symbolizer");
  if (same_names(ours, a2l)) {
    tally.clean.push_back(address);
    return;
  }
  if (!is_renamed_inline_c(ours, a2l)) return mismatch("names differ from addr2line");
  ++tally.renamed_inline_c;
}

bool in_sections(const std::vector<SectionRange>& sections, std::uint64_t a, const char* only = nullptr) {
  return std::any_of(sections.begin(), sections.end(), [&](const SectionRange& s) {
    return a >= s.start && a < s.end && (only == nullptr || s.name == only);
  });
}

Tally run_sweep(const Fixture& fixture, const std::string& elf, const std::string& sweep,
                const std::vector<std::uint64_t>& addresses, const std::vector<SectionRange>& sections) {
  const std::string address_file = fmt::format("{}/{}.{}.addresses", LEAKSCOPE_FIXTURE_DIR, fixture.name, sweep);
  write_addresses(address_file, addresses);
  const std::vector<RefAnswer> a2l = addr2line_answers(fixture.addr2line, elf, address_file, addresses);
  const std::vector<RefAnswer> llvm = llvm_answers(elf, address_file, addresses);

  Symbolizer symbolizer;
  const Status loaded = symbolizer.add_elf(elf);
  REQUIRE(loaded.ok());
  Tally tally;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const Symbolization& ours = symbolizer.symbolize(addresses[i], AddressKind::exact_pc);
    CHECK(ours.in_code);
    tally.deepest_chain = std::max(tally.deepest_chain, ours.frames.size());
    if (!ours.frames.empty() && ours.frames[0].discriminator != 0) ++tally.with_discriminator;
    if (ours.from_symtab) ++tally.from_symtab;
    if (!ours.frames.empty() && !ours.from_symtab) ++tally.from_dwarf;
    for (const SourceFrame& f : ours.frames) tally.functions.emplace(f.function);
    // llvm-symbolizer 14 stretches a zero-size symbol (crt's _init) over the following
    // sections (.plt); names are compared with it in .text, where that cannot happen.
    check_address(addresses[i], ours, a2l[i], llvm[i], in_sections(sections, addresses[i], ".text"), tally);
  }
  std::cout << fmt::format("parity {:<15} {:<10} {:5} addresses: {} renamed inlined C functions, "
                           "{} padding addresses (see README.md), {} mismatches\n",
                           fixture.name, sweep, tally.checked, tally.renamed_inline_c, tally.padding,
                           tally.mismatches.size());
  for (std::size_t i = 0; i < tally.mismatches.size() && i < 15; ++i) UNSCOPED_INFO(tally.mismatches[i]);
  CHECK(tally.mismatches.empty());
  return tally;
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
  const std::string address_file = fmt::format("{}/{}.text.addresses", LEAKSCOPE_FIXTURE_DIR, fixture.name);
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
    const Tally tally = run_sweep(fixture, fixture.elf, "rows", rows, sections);
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
    run_sweep(fixture, fixture.elf, "bytes", every_byte(sections), sections);
  }
  if (*fixture.stripped != '\0') {
    SECTION("strip --strip-debug: the symbol table names every function") {
      const Tally tally = run_sweep(fixture, fixture.stripped, "stripped", every_byte(sections), sections);
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
