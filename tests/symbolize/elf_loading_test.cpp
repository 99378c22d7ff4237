// Loading an ELF in its other shapes: zlib- and zstd-compressed debug sections, DWARF in a
// separate debug file (.gnu_debuglink next to the ELF or in .debug/, a build-id tree under a
// debug dir), debug files of another build, and corrupted compressed sections.
//
// Every variant is made while the test runs, in a temporary directory, from a fixture ELF with
// that target's own objcopy/strip, and must answer every byte address of the ELF's code (as an
// exact pc and as a return address) exactly as the plain fixture ELF does, field by field.
// A variant that must be refused is checked for its message and for not crashing (run this
// binary from the asan build as well).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "../unit/run_cli.hpp"  // the one in-process runner of the whole tool
#include "elf_variants.hpp"
#include "fixtures.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {
namespace {

Symbolizer load(const std::string& elf, const ElfLoadOptions& options = {}) {
  Symbolizer symbolizer;
  const Status loaded = symbolizer.add_elf(elf, options);
  INFO(elf << ": " << (loaded ? std::string("loaded") : loaded.error().message));
  REQUIRE(loaded.ok());
  return symbolizer;
}

// Every byte of every executable section of the fixture.
std::vector<std::uint64_t> code_bytes(const Fixture& fixture) {
  std::vector<std::uint64_t> addresses;
  for (const SectionRange& section : executable_sections(fixture.elf)) {
    for (std::uint64_t a = section.start; a < section.end; ++a) addresses.push_back(a);
  }
  REQUIRE(!addresses.empty());
  return addresses;
}

std::string describe(const Symbolization& s) {
  std::string text = fmt::format("in_code={} from_symtab={} lookup_pc={:#x}", s.in_code, s.from_symtab, s.lookup_pc);
  for (const SourceFrame& f : s.frames) {
    text += fmt::format(" | {} {}:{}:{} d{}{}", f.function, f.file, f.line, f.column, f.discriminator,
                        f.inlined ? " (inlined)" : "");
  }
  return text;
}

bool same_answer(const Symbolization& a, const Symbolization& b) {
  if (a.address != b.address || a.lookup_pc != b.lookup_pc || a.in_code != b.in_code ||
      a.from_symtab != b.from_symtab || a.frames.size() != b.frames.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.frames.size(); ++i) {
    const SourceFrame& x = a.frames[i];
    const SourceFrame& y = b.frames[i];
    if (x.function != y.function || x.file != y.file || x.line != y.line || x.column != y.column ||
        x.discriminator != y.discriminator || x.inlined != y.inlined) {
      return false;
    }
  }
  return true;
}

// `variant` must answer every address exactly as `reference` does; the first few differences
// are printed.
void check_same_answers(Symbolizer& reference, Symbolizer& variant, const std::vector<std::uint64_t>& addresses) {
  std::size_t differences = 0;
  std::size_t with_frames = 0;
  for (const AddressKind kind : {AddressKind::exact_pc, AddressKind::return_address}) {
    for (const std::uint64_t address : addresses) {
      const Symbolization& expected = reference.symbolize(address, kind);
      const Symbolization& actual = variant.symbolize(address, kind);
      if (!expected.frames.empty()) ++with_frames;
      if (same_answer(expected, actual)) continue;
      if (++differences <= 5) {
        UNSCOPED_INFO(fmt::format("{:#x}: expected {}\n        got {}", address, describe(expected), describe(actual)));
      }
    }
  }
  CHECK(differences == 0);
  CHECK(with_frames > addresses.size());  // the sweep really covered named code
}

std::string build_id_of(const std::string& elf) { return load(elf).elfs().front().build_id; }

// A debug file of another fixture: same kind of file, another build-id.
std::string foreign_debug_file(const Fixture& fixture, const TempDir& dir) {
  const std::string own_id = build_id_of(fixture.elf);
  for (const Fixture* other : distinct_fixtures()) {
    if (build_id_of(other->elf) == own_id) continue;
    const std::string debug = dir / fmt::format("foreign/{}.debug", other->name);
    fs::create_directories(fs::path(debug).parent_path());
    run_tool(fmt::format("{} --only-keep-debug {} {}", binutil(*other, "objcopy"), shell_quote(other->elf),
                         shell_quote(debug)));
    return debug;
  }
  FAIL("no fixture with another build-id");
  return {};
}

// The ELF took its DWARF from `debug`, with nothing to warn about.
void check_debug_file(const Symbolizer& symbolizer, const std::string& debug) {
  const ElfSummary& summary = symbolizer.elfs().front();
  CHECK(summary.debug_file == debug);
  CHECK(summary.has_dwarf);
  CHECK(summary.has_symtab);
  CHECK(summary.warnings.empty());
}

// The ELF loaded without DWARF: no debug file was taken.
void check_no_debug_file(const Symbolizer& symbolizer) {
  CHECK_FALSE(symbolizer.elfs().front().has_dwarf);
  CHECK(symbolizer.elfs().front().debug_file.empty());
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("zlib- and zstd-compressed debug sections answer as the plain ELF", "[elf-loading]") {
  TempDir dir;
  for (const Fixture* fixture : distinct_fixtures()) {
    INFO(fixture->name);
    Symbolizer plain = load(fixture->elf);
    const std::vector<std::uint64_t> addresses = code_bytes(*fixture);
    for (const std::string how : {"zlib", "zstd"}) {
      INFO(how);
      const std::string elf = compressed_copy(*fixture, dir, how);
      // The variant must really hold the compression it is named for.
      for (const char* section : {".debug_info", ".debug_line", ".debug_abbrev"}) {
        CHECK(compression_of(elf, section) == (how == "zlib" ? "ZLIB" : "ZSTD"));
      }
      Symbolizer variant = load(elf);
      CHECK(variant.elfs().front().has_dwarf);
      CHECK(variant.elfs().front().warnings.empty());
      check_same_answers(plain, variant, addresses);
    }
  }
}

TEST_CASE("a debug file named by .gnu_debuglink: next to the ELF, in .debug/, in a debug dir", "[elf-loading]") {
  TempDir dir;
  for (const Fixture* fixture : distinct_fixtures()) {
    INFO(fixture->name);
    Symbolizer plain = load(fixture->elf);
    const std::vector<std::uint64_t> addresses = code_bytes(*fixture);
    const std::string name = fixture->name;

    // strip --strip-debug: the ELF keeps its symbols, DWARF is in the file beside it.
    const Split beside = split_debug(*fixture, dir / ("beside/" + name + ".elf"), dir / ("beside/" + name + ".debug"),
                                     "--strip-debug");
    add_debuglink(*fixture, beside);
    // strip --strip-all: symbols too come from the debug file, in the .debug/ subdirectory.
    const Split hidden = split_debug(*fixture, dir / ("hidden/" + name + ".elf"),
                                     dir / ("hidden/.debug/" + name + ".debug"), "--strip-all");
    add_debuglink(*fixture, hidden);
    // A zstd-compressed debug file in a debug dir (compressed before the link records its CRC).
    const Split elsewhere = split_debug(*fixture, dir / ("elsewhere/" + name + ".elf"),
                                        dir / ("debug-dir/" + name + ".debug"), "--strip-debug");
    run_tool(fmt::format("{} --compress-debug-sections=zstd {}", binutil(*fixture, "objcopy"),
                         shell_quote(elsewhere.debug)));
    REQUIRE(compression_of(elsewhere.debug, ".debug_info") == "ZSTD");
    add_debuglink(*fixture, elsewhere);

    for (const auto& [split, options] : {std::pair{beside, ElfLoadOptions{}}, std::pair{hidden, ElfLoadOptions{}},
                                         std::pair{elsewhere, ElfLoadOptions{{dir / "debug-dir"}}}}) {
      INFO(split.elf);
      Symbolizer variant = load(split.elf, options);
      check_debug_file(variant, split.debug);
      check_same_answers(plain, variant, addresses);
    }
    // Without the debug dir the last one is a stripped ELF like any other.
    check_no_debug_file(load(elsewhere.elf));
  }
}

TEST_CASE("a build-id tree under a debug dir", "[elf-loading]") {
  TempDir dir;
  for (const Fixture* fixture : distinct_fixtures()) {
    INFO(fixture->name);
    Symbolizer plain = load(fixture->elf);
    const std::string debug_dir = dir / fixture->name;
    const std::string build_id = plain.elfs().front().build_id;
    const Split split = split_debug(*fixture, dir / (std::string(fixture->name) + ".elf"),
                                    build_id_path(debug_dir, build_id), "--strip-debug");

    Symbolizer variant = load(split.elf, {{debug_dir}});
    check_debug_file(variant, split.debug);
    CHECK(variant.elfs().front().build_id == build_id);
    check_same_answers(plain, variant, code_bytes(*fixture));
    check_no_debug_file(load(split.elf));  // no debug dir: the symbol table answers
  }
}

TEST_CASE("the build-id, or without one the CRC32, decides and a debug file refused is named", "[elf-loading]") {
  TempDir dir;
  for (const Fixture* fixture : distinct_fixtures()) {
    INFO(fixture->name);
    Symbolizer plain = load(fixture->elf);
    Symbolizer stripped = load(fixture->stripped);  // strip --strip-debug, no debug file anywhere
    const std::vector<std::uint64_t> addresses = code_bytes(*fixture);
    const std::string name = fixture->name;
    const std::string build_id = stripped.elfs().front().build_id;
    const std::string foreign = foreign_debug_file(*fixture, dir);

    {
      INFO("wrong build-id in the build-id tree");
      const std::string debug_dir = dir / ("tree-" + name);
      const Split split = split_debug(*fixture, dir / (name + ".elf"), dir / (name + ".debug"), "--strip-debug");
      copy_into(foreign, build_id_path(debug_dir, build_id));
      Symbolizer variant = load(split.elf, {{debug_dir}});
      check_no_debug_file(variant);
      const ElfSummary& summary = variant.elfs().front();
      REQUIRE(summary.warnings.size() == 1);
      CHECK(contains(summary.warnings[0], build_id_path(debug_dir, build_id) + ": not used as the debug file of " + split.elf));
      CHECK(contains(summary.warnings[0], "differs from the ELF's " + build_id));
      check_same_answers(stripped, variant, addresses);
    }
    {
      INFO("wrong build-id under the debuglink name; the search goes on to the right file");
      const std::string debug_dir = dir / ("link-" + name);
      const Split split = split_debug(*fixture, dir / ("link/" + name + ".elf"),
                                      dir / ("link/.debug/" + name + ".debug"), "--strip-debug");
      add_debuglink(*fixture, split);
      copy_into(foreign, dir / ("link/" + name + ".debug"));  // looked at before .debug/
      Symbolizer variant = load(split.elf);
      REQUIRE(variant.elfs().front().warnings.size() == 1);
      CHECK(contains(variant.elfs().front().warnings[0], "its build-id "));
      CHECK(variant.elfs().front().debug_file == split.debug);
      check_same_answers(plain, variant, addresses);
    }
    {
      INFO("right build-id, changed after the debuglink recorded its CRC32: the build-id decides");
      const Split split = split_debug(*fixture, dir / ("late/" + name + ".elf"), dir / ("late/" + name + ".debug"),
                                      "--strip-debug");
      add_debuglink(*fixture, split);
      run_tool(fmt::format("{} --compress-debug-sections=zlib {}", binutil(*fixture, "objcopy"),
                           shell_quote(split.debug)));
      Symbolizer variant = load(split.elf);
      check_debug_file(variant, split.debug);
      check_same_answers(plain, variant, addresses);
    }
    {
      INFO("no build-id: the CRC32 the debuglink records decides");
      const Split split = split_debug(*fixture, dir / ("crc/" + name + ".elf"), dir / ("crc/" + name + ".debug"),
                                      "--strip-debug --remove-section=.note.gnu.build-id");
      add_debuglink(*fixture, split);
      Symbolizer matching = load(split.elf);
      REQUIRE(matching.elfs().front().build_id.empty());
      check_debug_file(matching, split.debug);
      check_same_answers(plain, matching, addresses);

      run_tool(fmt::format("{} --compress-debug-sections=zlib {}", binutil(*fixture, "objcopy"),
                           shell_quote(split.debug)));
      Symbolizer variant = load(split.elf);
      check_no_debug_file(variant);
      const ElfSummary& summary = variant.elfs().front();
      REQUIRE(summary.warnings.size() == 1);
      CHECK(contains(summary.warnings[0], split.debug + ": not used as the debug file of " + split.elf + ": its CRC32 "));
      CHECK(contains(summary.warnings[0], "the ELF's .gnu_debuglink records"));
      check_same_answers(stripped, variant, addresses);
    }
  }
}

namespace {

// Loads an ELF that must be refused: the error names the file and the section.
std::string refusal(const std::string& elf) {
  Symbolizer symbolizer;
  const Status loaded = symbolizer.add_elf(elf);
  REQUIRE_FALSE(loaded.ok());
  const std::string& message = loaded.error().message;
  CHECK(message.starts_with(elf + ": section .debug_info: "));
  CHECK(symbolizer.elfs().empty());
  return message;
}

}  // namespace

TEST_CASE("a corrupted compressed section is refused with an error naming it, never a crash", "[elf-loading]") {
  TempDir dir;
  for (const Fixture* fixture : distinct_fixtures()) {
    INFO(fixture->name);
    const std::string zstd = compressed_copy(*fixture, dir, "zstd");
    const std::string original = read_bytes(zstd);
    const Chdr chdr{section_offset(zstd, ".debug_info"), fixture->arch == Arch::x86_64};
    REQUIRE(get_le(original, chdr.type_at(), 4) == 2);  // ELFCOMPRESS_ZSTD
    const std::uint64_t size = get_le(original, chdr.size_at(), chdr.width());
    const std::string broken = dir / fmt::format("{}.broken.elf", fixture->name);
    auto corrupt = [&](auto&& change) {
      std::string bytes = original;
      change(bytes);
      write_bytes(broken, bytes);
    };

    corrupt([&](std::string& b) { put_le(b, chdr.data_at(), 0xdeadbeef, 4); });  // zstd magic
    CHECK(contains(refusal(broken), "zstd: "));
    corrupt([&](std::string& b) { put_le(b, chdr.size_at(), size + 1, chdr.width()); });
    CHECK(contains(refusal(broken), fmt::format("expands to {} bytes, its header says {}", size, size + 1)));
    corrupt([&](std::string& b) { put_le(b, chdr.size_at(), size - 1, chdr.width()); });
    CHECK(contains(refusal(broken), fmt::format("expands to more than the {} bytes its header says", size - 1)));
    // A size no memory could hold must be refused without trying to allocate it.
    const std::uint64_t huge = chdr.wide ? 0x7fffffffffffffffu : 0xffffffffu;
    corrupt([&](std::string& b) { put_le(b, chdr.size_at(), huge, chdr.width()); });
    CHECK(contains(refusal(broken), std::to_string(huge)));
    corrupt([&](std::string& b) { put_le(b, chdr.align_at(), 3, chdr.width()); });
    CHECK(contains(refusal(broken), "alignment 3 is not a power of two"));
    corrupt([&](std::string& b) { put_le(b, chdr.type_at(), 9, 4); });
    CHECK(contains(refusal(broken), "unknown compression type 9"));
    // Garbage inside the stream: refused, or (if the bytes happen to decode) read without
    // crashing; either way every lookup returns.
    corrupt([&](std::string& b) {
      for (std::uint64_t i = 0; i < 16; ++i) b[chdr.data_at() + 40 + i] = static_cast<char>(~b[chdr.data_at() + 40 + i]);
    });
    Symbolizer garbled;
    if (garbled.add_elf(broken).ok()) {
      for (const std::uint64_t address : code_bytes(*fixture)) (void)garbled.symbolize(address, AddressKind::exact_pc);
    }

    // zlib goes through libelf, and is refused the same way.
    const std::string zlib = compressed_copy(*fixture, dir, "zlib");
    std::string zlib_bytes = read_bytes(zlib);
    const Chdr zlib_chdr{section_offset(zlib, ".debug_info"), chdr.wide};
    put_le(zlib_bytes, zlib_chdr.data_at(), 0xdeadbeef, 4);
    write_bytes(broken, zlib_bytes);
    CHECK(contains(refusal(broken), "zlib: "));
    const std::uint64_t zlib_size = get_le(zlib_bytes, zlib_chdr.size_at(), zlib_chdr.width());
    for (const std::uint64_t lie : {zlib_size + 1, zlib_size - 1, huge}) {
      std::string lying = read_bytes(zlib);
      put_le(lying, zlib_chdr.size_at(), lie, zlib_chdr.width());
      write_bytes(broken, lying);
      CHECK(contains(refusal(broken), lie == huge ? "bytes of zlib data" : "zlib: "));
    }
  }
}

TEST_CASE("a corrupted debug file is passed over with a warning naming the section", "[elf-loading]") {
  TempDir dir;
  const Fixture& fixture = *distinct_fixtures().front();
  Symbolizer stripped = load(fixture.stripped);
  const std::string debug_dir = dir / "debug";
  const std::string build_id = stripped.elfs().front().build_id;
  const std::string debug = build_id_path(debug_dir, build_id);
  (void)split_debug(fixture, dir / "fw.elf", debug, "--strip-debug");
  run_tool(fmt::format("{} --compress-debug-sections=zstd {}", binutil(fixture, "objcopy"), shell_quote(debug)));
  std::string bytes = read_bytes(debug);
  const Chdr chdr{section_offset(debug, ".debug_info"), fixture.arch == Arch::x86_64};
  put_le(bytes, chdr.size_at(), get_le(bytes, chdr.size_at(), chdr.width()) + 7, chdr.width());
  write_bytes(debug, bytes);

  Symbolizer variant = load(dir / "fw.elf", {{debug_dir}});
  check_no_debug_file(variant);
  const ElfSummary& summary = variant.elfs().front();
  REQUIRE(summary.warnings.size() == 1);
  CHECK(contains(summary.warnings[0], debug + ": not used as the debug file of "));
  CHECK(contains(summary.warnings[0], ": section .debug_info: zstd data expands to "));
  check_same_answers(stripped, variant, code_bytes(fixture));
}

TEST_CASE("leakscope symbolize --debug-dir: answers from the debug file, warnings on stderr", "[elf-loading][cli]") {
  TempDir dir;
  const Fixture& fixture = *distinct_fixtures().front();
  const std::string build_id = build_id_of(fixture.elf);
  const std::string debug_dir = dir / "debug";
  const Split split = split_debug(fixture, dir / "fw.elf", build_id_path(debug_dir, build_id), "--strip-debug");
  std::vector<std::string> addresses;
  const std::vector<std::uint64_t> bytes = code_bytes(fixture);
  for (std::size_t i = 0; i < bytes.size(); i += 37) addresses.push_back(fmt::format("{:#x}", bytes[i]));

  auto symbolize = [&](const std::string& elf, std::vector<std::string> extra) {
    std::vector<std::string> args{"symbolize", "--elf", elf};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), addresses.begin(), addresses.end());
    return testing::run_cli(args);
  };
  const testing::CliOutcome plain = symbolize(fixture.elf, {});
  REQUIRE(plain.code == 0);
  const testing::CliOutcome found = symbolize(split.elf, {"--debug-dir", debug_dir, "-a"});
  const testing::CliOutcome plain_a = symbolize(fixture.elf, {"-a"});
  CHECK(found.code == 0);
  CHECK(found.err.empty());
  CHECK(found.out == plain_a.out);
  const testing::CliOutcome stripped = symbolize(split.elf, {});
  CHECK(stripped.out != plain.out);

  // Repeated, with the wrong file first: it is named on stderr and the next dir answers.
  const std::string wrong_dir = dir / "wrong";
  copy_into(foreign_debug_file(fixture, dir), build_id_path(wrong_dir, build_id));
  const testing::CliOutcome both = symbolize(split.elf, {"--debug-dir", wrong_dir, "--debug-dir", debug_dir});
  CHECK(both.code == 0);
  CHECK(both.out == plain.out);
  CHECK(both.err.starts_with(fmt::format("leakscope: warning: {}: not used as the debug file of {}: its build-id ",
                                         build_id_path(wrong_dir, build_id), split.elf)));
  CHECK(std::count(both.err.begin(), both.err.end(), '\n') == 1);

  const testing::CliOutcome missing = symbolize(split.elf, {"--debug-dir", dir / "no-such-dir"});
  CHECK(missing.code == exit_usage_error);
  CHECK(contains(missing.err, "no-such-dir"));
}

}  // namespace leakscope::parity
