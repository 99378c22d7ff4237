// Parity on the generated program's ELFs (generated_elfs.cmake, README.md): for every ELF of
// the matrix and every derived variant, a few thousand addresses - random .text addresses
// (exact PCs) and the return address of every call (return addresses) - looked up by
// leakscope and by both peers, checked by parity_check.hpp.
//
// A derived variant must also answer exactly like its twin, the matrix ELF it was made from.
// Peers read what they can: binutils 2.40 reads zlib and zstd sections, llvm-symbolizer 14 no
// zstd; for the stripped variants both read the unstripped twin.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <iostream>
#include <random>
#include <sstream>

#include "fixtures.hpp"
#include "leakscope/model/fnv1a.hpp"
#include "parity_sweep.hpp"

namespace leakscope::parity {
namespace {

constexpr std::size_t random_addresses = 2000;

const QualifiedNames& generated_names() {
  static const QualifiedNames names(LEAKSCOPE_GENERATED_NAMES);
  return names;
}

bool has_section(const std::string& readelf_sections, const std::string& name) {
  return readelf_sections.find(" " + name + " ") != std::string::npos;
}

// "ZLIB", "ZSTD" or "" for the compression of `section`, from `readelf -t`.
std::string compression(const std::string& elf, const std::string& section) {
  std::istringstream lines(run_command(std::string(LEAKSCOPE_READELF) + " -tW " + shell_quote(elf)));
  bool in_section = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("] ") != std::string::npos) in_section = line.ends_with("] " + section);
    const std::size_t text = line.find_first_not_of(' ');
    if (in_section && text != std::string::npos && (line.compare(text, 4, "ZLIB") == 0 || line.compare(text, 4, "ZSTD") == 0)) {
      return line.substr(text, 4);
    }
  }
  return "";
}

// The ELF really is what its name says: DWARF version, compression, sections, debug file.
void check_variant_shape(const ParityElf& e, const ElfSummary& summary, const ElfFacts& facts) {
  CHECK(facts.dwarf_version == (std::string_view(e.name).find("-dwarf4") != std::string_view::npos ? 4u : 5u));
  const std::string sections = run_command(std::string(LEAKSCOPE_READELF) + " -SW " + shell_quote(e.elf));
  INFO(e.name << ": the ELF is not what its name says");
  const bool split = e.variant == Variant::debuglink || e.variant == Variant::build_id;
  CHECK(has_section(sections, ".debug_info") == !split);
  CHECK(has_section(sections, ".symtab") == !split);
  CHECK(has_section(sections, ".debug_aranges") == (e.variant != Variant::noaranges && !split));
  CHECK(has_section(sections, ".gnu_debuglink") == (e.variant == Variant::debuglink));
  CHECK(compression(e.elf, ".debug_info") ==
        (e.variant == Variant::gz ? "ZLIB" : e.variant == Variant::zstd ? "ZSTD" : ""));
  std::string debug_file;
  if (e.variant == Variant::debuglink) {
    const std::string elf = e.elf;
    debug_file = elf.substr(0, elf.size() - std::string_view(".elf").size()) + ".debug";
  }
  if (e.variant == Variant::build_id) {
    REQUIRE(summary.build_id.size() > 2);
    debug_file = fmt::format("{}/.build-id/{}/{}.debug", e.debug_dir, summary.build_id.substr(0, 2),
                             summary.build_id.substr(2));
  }
  CHECK(summary.debug_file == debug_file);
}

std::vector<Lookup> generated_lookups(const ParityElf& e, const std::string& reference) {
  std::vector<std::uint64_t> random;
  for (const SectionRange& s : executable_sections(reference)) {
    if (s.name != ".text") continue;
    // Seeded by the matrix ELF's file name: a variant and its twin get the same addresses,
    // with every standard library (FNV-1a, not std::hash).
    std::mt19937_64 engine(fnv1a(reference.substr(reference.rfind('/') + 1)));
    for (std::size_t i = 0; i < random_addresses; ++i) random.push_back(s.start + engine() % (s.end - s.start));
  }
  std::vector<Lookup> lookups = make_lookups(e.arch, random, AddressKind::exact_pc);
  std::vector<std::uint64_t> returns = call_return_addresses(e.objdump, reference, e.arch);
  // A Thumb return address in LR carries bit 0; leakscope must clear it before stepping back.
  if (e.arch == Arch::arm) for (std::uint64_t& r : returns) r |= 1;
  const std::vector<Lookup> by_return = make_lookups(e.arch, returns, AddressKind::return_address);
  lookups.insert(lookups.end(), by_return.begin(), by_return.end());
  return lookups;
}

// Every answer of the variant equals its twin's, field by field.
void check_same_as_twin(const ParityElf& e, Symbolizer& ours, const std::vector<Lookup>& lookups) {
  Symbolizer twin;
  REQUIRE(twin.add_elf(e.twin).ok());
  std::size_t differing = 0;
  for (const Lookup& l : lookups) {
    const Symbolization& a = ours.symbolize(l.evidence, l.kind);
    const Symbolization& b = twin.symbolize(l.evidence, l.kind);
    if (describe(a) == describe(b) && a.from_symtab == b.from_symtab && a.in_code == b.in_code) continue;
    if (++differing <= 10) UNSCOPED_INFO(fmt::format("{:#x}: {} | twin {}", l.evidence, describe(a), describe(b)));
  }
  INFO(e.name << ": " << differing << " answers differ from the twin " << e.twin);
  CHECK(differing == 0);
}

void check_generated(const ParityElf& e) {
  const bool split = e.variant == Variant::debuglink || e.variant == Variant::build_id;
  const std::string reference = *e.twin != '\0' ? e.twin : e.elf;  // plain DWARF and symbols
  ElfLoadOptions options;
  if (*e.debug_dir != '\0') options.debug_dirs = {e.debug_dir};
  Symbolizer ours;
  const Status loaded = ours.add_elf(e.elf, options);
  INFO(e.name << ": " << (loaded.ok() ? std::string("loaded") : loaded.error().message));
  REQUIRE(loaded.ok());

  const PeerSetup peers{e.addr2line, split ? reference : e.elf,
                        split || e.variant == Variant::zstd ? reference : e.elf};
  const ElfFacts facts{function_symbols(reference, e.arch), executable_sections(e.elf), &generated_names(),
                       dwarf_version(reference)};
  check_variant_shape(e, ours.elfs().front(), facts);
  const std::vector<Lookup> lookups = generated_lookups(e, reference);
  const ParityTally tally = run_sweep(e.name, "random+returns", peers, facts, ours, lookups);
  // The generated program keeps its promises: five-level inline chains under a function, and
  // GCC clones wherever the optimizer runs.
  CHECK(tally.deepest_chain >= 6);
  if (std::string_view(e.name).find("-O0-") == std::string_view::npos) CHECK(tally.clones > 0);
  if (*e.twin != '\0') check_same_as_twin(e, ours, lookups);
}

}  // namespace

// One test case per generated ELF this build produced.
#define LEAKSCOPE_PARITY_ELF(name, ...) \
  TEST_CASE("generated parity: " name, "[parity][generated]") { check_generated(ParityElf{name, __VA_ARGS__}); }
#include "parity_elfs.inc"
#undef LEAKSCOPE_PARITY_ELF

}  // namespace leakscope::parity
