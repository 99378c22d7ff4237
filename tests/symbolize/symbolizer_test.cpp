// Symbolizer behaviour on the fixture ELFs beyond plain parity: ELF summaries, the symbol-table
// fallback, addresses outside code, load errors, the cache, return addresses at real call sites,
// and several ELFs at once.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <iostream>
#include <optional>
#include <regex>
#include <sstream>

#include "fixtures.hpp"
#include "leakscope/symbolize/return_address.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {
namespace {

std::string fixture_path(const std::string& file) { return std::string(LEAKSCOPE_FIXTURE_DIR) + "/" + file; }

// Address of a symbol, from the ELF's own symtab as readelf prints it.
std::uint64_t symbol_address(const std::string& elf, const std::string& name) {
  std::istringstream lines(run_command(std::string(LEAKSCOPE_READELF) + " -sW " + shell_quote(elf)));
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string index, value, size, type, bind, visibility, section, symbol;
    if (fields >> index >> value >> size >> type >> bind >> visibility >> section >> symbol && symbol == name) {
      return std::stoull(value, nullptr, 16);
    }
  }
  throw std::runtime_error(name + " not in " + elf);
}

Symbolizer load(const std::string& elf) {
  Symbolizer symbolizer;
  const Status loaded = symbolizer.add_elf(elf);
  INFO(elf);
  REQUIRE(loaded.ok());
  return symbolizer;
}

bool same_frames(const Symbolization& a, const Symbolization& b) {
  if (a.frames.size() != b.frames.size()) return false;
  for (std::size_t i = 0; i < a.frames.size(); ++i) {
    const SourceFrame& x = a.frames[i];
    const SourceFrame& y = b.frames[i];
    if (x.function != y.function || x.file != y.file || x.line != y.line || x.inlined != y.inlined) return false;
  }
  return true;
}

// The call to the noreturn fixture_fatal() in checked_shift(), from the target's objdump:
// the call instruction's address and the return address the callee would see.
struct CallSite {
  std::uint64_t call = 0;
  std::uint64_t return_address = 0;
};

CallSite fatal_call_site(const Fixture& fixture) {
  std::istringstream lines(run_command(shell_quote(fixture.objdump) + " -d " + shell_quote(fixture.elf)));
  static const std::regex instruction(R"(^\s*([0-9a-f]+):\s)");
  CallSite site;
  bool found_call = false;
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, instruction)) continue;
    const std::uint64_t address = std::stoull(m[1].str(), nullptr, 16);
    if (found_call) {  // the instruction after the call: where the call returns to
      site.return_address = address;
      return site;
    }
    if (line.ends_with("<fixture_fatal>")) {
      site.call = address;
      found_call = true;
    }
  }
  throw std::runtime_error(std::string("no call to fixture_fatal in ") + fixture.elf);
}

}  // namespace

TEST_CASE("ELF summaries: architecture, class, DWARF, symbols, build-id", "[symbolizer]") {
  for (const Fixture& fixture : fixtures()) {
    INFO(fixture.name);
    Symbolizer symbolizer = load(fixture.elf);
    REQUIRE(symbolizer.elfs().size() == 1);
    const ElfSummary& summary = symbolizer.elfs().front();
    CHECK(summary.path == fixture.elf);
    CHECK(summary.arch == fixture.arch);
    CHECK(symbolizer.arch() == fixture.arch);
    CHECK(summary.address_size == (fixture.arch == Arch::x86_64 ? 8 : 4));
    CHECK(summary.has_dwarf);
    CHECK(summary.has_symtab);
    // Every fixture is linked with a GNU build-id; readelf -n prints it as hex.
    const std::string notes = run_command(std::string(LEAKSCOPE_READELF) + " -n " + shell_quote(fixture.elf));
    std::smatch m;
    REQUIRE(std::regex_search(notes, m, std::regex(R"(Build ID: ([0-9a-f]+))")));
    CHECK(summary.build_id == m[1].str());
  }
}

TEST_CASE("strip --strip-debug: functions come from the symbol table", "[symbolizer]") {
  for (const Fixture& fixture : fixtures()) {
    if (*fixture.stripped == '\0') continue;
    INFO(fixture.name);
    Symbolizer symbolizer = load(fixture.stripped);
    CHECK_FALSE(symbolizer.elfs().front().has_dwarf);
    CHECK(symbolizer.elfs().front().has_symtab);
    // Inside chain_entry, past its first instruction (ARM symbols carry the Thumb bit).
    const std::uint64_t entry = strip_mode_bits(fixture.arch, symbol_address(fixture.stripped, "chain_entry"));
    const Symbolization& s = symbolizer.symbolize(entry + 4, AddressKind::exact_pc);
    CHECK(s.in_code);
    CHECK(s.from_symtab);
    REQUIRE(s.frames.size() == 1);
    CHECK(s.frames[0].function == "chain_entry");
    CHECK(s.frames[0].file.empty());
    CHECK(s.frames[0].line == 0);
    CHECK_FALSE(s.frames[0].inlined);
    // C++ names are demangled in the fallback too.
    const std::uint64_t ring = strip_mode_bits(fixture.arch, symbol_address(fixture.stripped, "_ZN7fixture8run_ringEj"));
    const Symbolization& r = symbolizer.symbolize(ring, AddressKind::exact_pc);
    REQUIRE(r.frames.size() == 1);
    CHECK(r.frames[0].function == "fixture::run_ring(unsigned int)");
  }
}

TEST_CASE("an address outside every executable section is unknown, never guessed", "[symbolizer]") {
  for (const Fixture& fixture : fixtures()) {
    INFO(fixture.name);
    Symbolizer symbolizer = load(fixture.elf);
    // A variable, and an address above every fixture's code (bit 31 clear: no Xtensa window bits).
    const std::uint64_t data = symbol_address(fixture.elf, "fixture_sink");
    for (const std::uint64_t address : {data, std::uint64_t{0x3ffffff0}}) {
      const Symbolization& s = symbolizer.symbolize(address, AddressKind::exact_pc);
      CHECK(s.address == address);
      CHECK(s.lookup_pc == address);
      CHECK_FALSE(s.in_code);
      CHECK_FALSE(s.from_symtab);
      CHECK(s.frames.empty());
    }
  }
}

TEST_CASE("without .debug_aranges, units are found through their own ranges", "[symbolizer]") {
  const Fixture* fixture = find_fixture("host-noaranges");
  if (fixture == nullptr) return;
  // The fixture must really lack the section (libdw's dwarf_addrdie then finds nothing), or the
  // parity run on it proves nothing about finding units without it.
  const std::string sections = run_command(std::string(LEAKSCOPE_READELF) + " -SW " + shell_quote(fixture->elf));
  REQUIRE(sections.find(".debug_info") != std::string::npos);
  REQUIRE(sections.find(".debug_aranges") == std::string::npos);
  Symbolizer symbolizer = load(fixture->elf);
  for (const char* function : {"chain_entry", "loop_sum", "cxx_entry", "fixture_main"}) {
    INFO(function);
    const Symbolization& s = symbolizer.symbolize(symbol_address(fixture->elf, function) + 4, AddressKind::exact_pc);
    CHECK_FALSE(s.from_symtab);
    REQUIRE(!s.frames.empty());
    CHECK(s.frames.back().function == function);
    CHECK(s.frames.front().line > 0);
    CHECK(s.frames.front().file.find("/tests/symbolize/fixture/") != std::string::npos);
  }
}

TEST_CASE("load errors: missing file, not an ELF, relocatable object", "[symbolizer]") {
  Symbolizer symbolizer;
  const Status missing = symbolizer.add_elf("/nonexistent/firmware.elf");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "/nonexistent/firmware.elf: cannot open: No such file or directory");

  const std::string source = std::string(LEAKSCOPE_SOURCE_DIR) + "/tests/symbolize/fixture/chain.c";
  const Status not_elf = symbolizer.add_elf(source);
  REQUIRE_FALSE(not_elf.ok());
  CHECK(not_elf.error().message == source + ": not an ELF file");

  const Fixture* any = fixtures().empty() ? nullptr : &fixtures().front();
  REQUIRE(any != nullptr);
  const std::string object = fixture_path(std::string(any->name) + "/chain.c.o");
  const Status relocatable = symbolizer.add_elf(object);
  REQUIRE_FALSE(relocatable.ok());
  CHECK(relocatable.error().message == object + ": relocatable object file; give the linked ELF");

  CHECK(symbolizer.elfs().empty());
  CHECK(symbolizer.arch() == Arch::unknown);
}

TEST_CASE("the cache answers each (address, kind) once and returns the same object", "[symbolizer]") {
  const Fixture& fixture = fixtures().front();
  Symbolizer symbolizer = load(fixture.elf);
  const std::uint64_t entry = strip_mode_bits(fixture.arch, symbol_address(fixture.elf, "chain_entry"));
  CHECK(symbolizer.cache_size() == 0);
  const Symbolization& first = symbolizer.symbolize(entry + 8, AddressKind::exact_pc);
  CHECK(symbolizer.cache_size() == 1);
  const Symbolization& again = symbolizer.symbolize(entry + 8, AddressKind::exact_pc);
  CHECK(&first == &again);
  CHECK(symbolizer.cache_size() == 1);
  // The same number as a return address is another question.
  const Symbolization& as_return = symbolizer.symbolize(entry + 8, AddressKind::return_address);
  CHECK(&as_return != &first);
  CHECK(symbolizer.cache_size() == 2);
  // Failures are cached too.
  const Symbolization& unknown = symbolizer.symbolize(0, AddressKind::exact_pc);
  CHECK(&unknown == &symbolizer.symbolize(0, AddressKind::exact_pc));
  CHECK(symbolizer.cache_size() == 3);
  // Earlier references survive many insertions (rehashing).
  for (std::uint64_t a = 0; a < 5000; ++a) (void)symbolizer.symbolize(entry + a, AddressKind::return_address);
  CHECK(&first == &symbolizer.symbolize(entry + 8, AddressKind::exact_pc));
  CHECK(first.frames.size() >= 1);
}

TEST_CASE("a return address names the call, even before a noreturn call's end", "[symbolizer]") {
  for (const Fixture& fixture : fixtures()) {
    if (std::string_view(fixture.name) == "host-noaranges") continue;  // same code as host
    INFO(fixture.name);
    Symbolizer symbolizer = load(fixture.elf);
    const CallSite site = fatal_call_site(fixture);
    // What the device would print: LR keeps the Thumb bit on ARM.
    const std::uint64_t evidence = fixture.arch == Arch::arm ? (site.return_address | 1) : site.return_address;
    const Symbolization& by_return = symbolizer.symbolize(evidence, AddressKind::return_address);
    const Symbolization& at_call = symbolizer.symbolize(site.call, AddressKind::exact_pc);
    CHECK(by_return.address == evidence);
    CHECK(by_return.lookup_pc == site.return_address - (fixture.arch == Arch::xtensa ? 3 : 1));
    CHECK(by_return.lookup_pc >= site.call);
    CHECK(by_return.lookup_pc < site.return_address);
    REQUIRE(!by_return.frames.empty());
    CHECK(by_return.frames.back().function == "checked_shift");
    CHECK(same_frames(by_return, at_call));
    // After a noreturn call the return address may already be the next function (RISC-V here):
    // exactly the case the step back exists for.
    const Symbolization& naive = symbolizer.symbolize(site.return_address, AddressKind::exact_pc);
    if (!naive.frames.empty() && naive.frames.back().function != "checked_shift") {
      std::cout << fmt::format("{}: return address {:#x} after the noreturn call lies in {}\n", fixture.name,
                               site.return_address, naive.frames.back().function);
    }
  }
}

TEST_CASE("several ELFs: the first holding the address answers, late ELFs fill unknowns", "[symbolizer]") {
  const Fixture* arm = find_fixture("arm");
  const Fixture* riscv = find_fixture("riscv");
  if (arm == nullptr || riscv == nullptr) return;
  const std::uint64_t arm_entry = symbol_address(arm->elf, "chain_entry") & ~std::uint64_t{1};
  const std::uint64_t riscv_entry = symbol_address(riscv->elf, "chain_entry");

  Symbolizer symbolizer;
  REQUIRE(symbolizer.add_elf(arm->stripped).ok());
  const Symbolization& riscv_answer = symbolizer.symbolize(riscv_entry + 4, AddressKind::exact_pc);
  CHECK_FALSE(riscv_answer.in_code);
  REQUIRE(symbolizer.add_elf(arm->elf).ok());
  REQUIRE(symbolizer.add_elf(riscv->elf).ok());
  CHECK(symbolizer.arch() == Arch::arm);
  CHECK(symbolizer.elfs().size() == 3);
  // The reference taken before riscv.elf was loaded now holds its answer.
  CHECK(riscv_answer.in_code);
  CHECK_FALSE(riscv_answer.from_symtab);
  REQUIRE(!riscv_answer.frames.empty());
  CHECK(riscv_answer.frames.back().function == "chain_entry");
  // The stripped ARM ELF was loaded first, so it answers for ARM code.
  const Symbolization& arm_answer = symbolizer.symbolize(arm_entry + 4, AddressKind::exact_pc);
  CHECK(arm_answer.from_symtab);
}

TEST_CASE("symbolize_in looks in one ELF only, where objects overlap", "[symbolizer]") {
  // The stripped ELF first: symbolize() lets it answer; symbolize_in() asks the one with DWARF.
  const Fixture* arm = find_fixture("arm");
  if (arm == nullptr) return;
  const std::uint64_t entry = symbol_address(arm->elf, "chain_entry") & ~std::uint64_t{1};
  Symbolizer symbolizer;
  REQUIRE(symbolizer.add_elf(arm->stripped).ok());
  REQUIRE(symbolizer.add_elf(arm->elf).ok());
  const Symbolization& any = symbolizer.symbolize(entry + 4, AddressKind::exact_pc);
  CHECK(any.elf == 0);
  CHECK(any.from_symtab);
  const Symbolization& second = symbolizer.symbolize_in(1, entry + 4, AddressKind::exact_pc);
  CHECK(second.elf == 1);
  CHECK(second.in_code);
  CHECK_FALSE(second.from_symtab);
  REQUIRE_FALSE(second.frames.empty());
  CHECK(second.frames.back().function == "chain_entry");
  CHECK(&symbolizer.symbolize_in(1, entry + 4, AddressKind::exact_pc) == &second);  // cached
  CHECK(&symbolizer.symbolize(entry + 4, AddressKind::exact_pc) == &any);
  // Outside that ELF's code: unknown, even where another ELF has code.
  CHECK_FALSE(symbolizer.symbolize_in(1, 0x3ffffff0, AddressKind::exact_pc).in_code);
}

TEST_CASE("image base: the lowest loadable segment's page", "[symbolizer]") {
  for (const Fixture& fixture : fixtures()) {
    INFO(fixture.name);
    // readelf -lW: "  LOAD  0x000000 0x0000000000400000 0x... ..." (offset, virtual address).
    std::istringstream lines(run_command(std::string(LEAKSCOPE_READELF) + " -lW " + shell_quote(fixture.elf)));
    std::optional<std::uint64_t> lowest;
    for (std::string line; std::getline(lines, line);) {
      std::istringstream fields(line);
      std::string type, offset, vaddr;
      if (fields >> type >> offset >> vaddr && type == "LOAD") {
        const std::uint64_t v = std::stoull(vaddr, nullptr, 16);
        if (!lowest || v < *lowest) lowest = v;
      }
    }
    REQUIRE(lowest);
    CHECK(load(fixture.elf).elfs().front().image_base == (*lowest & ~std::uint64_t{0xfff}));
  }
}

}  // namespace leakscope::parity
