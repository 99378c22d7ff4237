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
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "fixtures.hpp"
#include "leakscope/cli/run.hpp"
#include "leakscope/symbolize/symbolizer.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {
namespace {

namespace fs = std::filesystem;

// A fresh directory, removed with everything in it at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string name = (fs::temp_directory_path() / "leakscope-elf-XXXXXX").string();
    REQUIRE(::mkdtemp(name.data()) != nullptr);
    path = name;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// Fixtures with their own code (host-noaranges is host.elf less one section).
std::vector<const Fixture*> distinct_fixtures() {
  std::vector<const Fixture*> out;
  for (const Fixture& f : fixtures()) {
    if (std::string_view(f.name) != "host-noaranges") out.push_back(&f);
  }
  return out;
}

// A binutils program of the fixture's target: installed beside its addr2line, same prefix.
std::string binutil(const Fixture& fixture, const std::string& tool) {
  std::string path = fixture.addr2line;
  REQUIRE(path.ends_with("addr2line"));
  path.replace(path.size() - std::string_view("addr2line").size(), std::string::npos, tool);
  REQUIRE(fs::exists(path));
  return shell_quote(path);
}

void run_tool(const std::string& command) { (void)run_command(command + " 2>&1"); }

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
}

// `objcopy --compress-debug-sections=<how>` of the fixture ELF, checked with readelf.
std::string compressed_copy(const Fixture& fixture, const TempDir& dir, const std::string& how) {
  const std::string out = dir / fmt::format("{}.{}.elf", fixture.name, how);
  run_tool(fmt::format("{} --compress-debug-sections={} {} {}", binutil(fixture, "objcopy"), how,
                       shell_quote(fixture.elf), shell_quote(out)));
  return out;
}

// The compression readelf -t reports for `section` ("ZLIB", "ZSTD"), or "" when none.
std::string compression_of(const std::string& elf, const std::string& section) {
  std::istringstream lines(run_command(std::string(LEAKSCOPE_READELF) + " -t " + shell_quote(elf)));
  bool in_section = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("] ") != std::string::npos) in_section = line.ends_with("] " + section);
    if (!in_section) continue;
    for (const char* type : {"ZLIB", "ZSTD"}) {
      if (line.find(std::string(type) + ",") != std::string::npos) return type;
    }
  }
  return "";
}

// `objcopy --only-keep-debug` into `debug`, and the ELF stripped with `strip_flag` into `elf`.
struct Split {
  std::string elf;
  std::string debug;
};
Split split_debug(const Fixture& fixture, const std::string& elf, const std::string& debug,
                  const std::string& strip_flag) {
  fs::create_directories(fs::path(elf).parent_path());
  fs::create_directories(fs::path(debug).parent_path());
  run_tool(fmt::format("{} --only-keep-debug {} {}", binutil(fixture, "objcopy"), shell_quote(fixture.elf),
                       shell_quote(debug)));
  run_tool(fmt::format("{} {} -o {} {}", binutil(fixture, "strip"), strip_flag, shell_quote(elf),
                       shell_quote(fixture.elf)));
  return {elf, debug};
}

// Records the debug file's name and CRC32 in the ELF's .gnu_debuglink.
void add_debuglink(const Fixture& fixture, const Split& split) {
  run_tool(fmt::format("{} --add-gnu-debuglink={} {}", binutil(fixture, "objcopy"), shell_quote(split.debug),
                       shell_quote(split.elf)));
}

// Where a --debug-dir build-id tree keeps the debug file of an ELF with this build-id.
std::string build_id_path(const std::string& debug_dir, const std::string& build_id) {
  REQUIRE(build_id.size() > 2);
  return (fs::path(debug_dir) / ".build-id" / build_id.substr(0, 2) / (build_id.substr(2) + ".debug")).string();
}

void copy_into(const std::string& from, const std::string& to) {
  fs::create_directories(fs::path(to).parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

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

TEST_CASE("a debug file of another build is refused, saying why, and the symbol table answers", "[elf-loading]") {
  TempDir dir;
  for (const Fixture* fixture : distinct_fixtures()) {
    INFO(fixture->name);
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
      Symbolizer plain = load(fixture->elf);
      check_same_answers(plain, variant, addresses);
    }
    {
      INFO("right build-id, but changed after the debuglink recorded its CRC32");
      const Split split = split_debug(*fixture, dir / ("crc/" + name + ".elf"), dir / ("crc/" + name + ".debug"),
                                      "--strip-debug");
      add_debuglink(*fixture, split);
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

// Offset in the file of a section's data, from readelf -SW.
std::uint64_t section_offset(const std::string& elf, const std::string& section) {
  std::istringstream lines(run_command(std::string(LEAKSCOPE_READELF) + " -SW " + shell_quote(elf)));
  for (std::string line; std::getline(lines, line);) {
    const std::size_t bracket = line.find("] ");
    if (bracket == std::string::npos) continue;
    std::istringstream fields(line.substr(bracket + 2));
    std::string name, type, address, offset;
    if (fields >> name >> type >> address >> offset && name == section) return std::stoull(offset, nullptr, 16);
  }
  throw std::runtime_error(section + " not in " + elf);
}

void put_le(std::string& bytes, std::uint64_t offset, std::uint64_t value, int width) {
  REQUIRE(offset + width <= bytes.size());
  for (int i = 0; i < width; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

std::uint64_t get_le(const std::string& bytes, std::uint64_t offset, int width) {
  std::uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return value;
}

// The compression header (Elf32_Chdr / Elf64_Chdr, little-endian: every fixture is) of a
// compressed section, and where its fields lie in the file.
struct Chdr {
  std::uint64_t at = 0;
  bool wide = false;  // ELFCLASS64
  std::uint64_t type_at() const { return at; }
  std::uint64_t size_at() const { return at + (wide ? 8 : 4); }
  std::uint64_t align_at() const { return at + (wide ? 16 : 8); }
  std::uint64_t data_at() const { return at + (wide ? 24 : 12); }
  int width() const { return wide ? 8 : 4; }
};

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

namespace {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

CliResult run_cli(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  Io io;
  io.out = &out;
  io.err = &err;
  const int code = run(args, io);
  return {code, out.str(), err.str()};
}

}  // namespace

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
    return run_cli(args);
  };
  const CliResult plain = symbolize(fixture.elf, {});
  REQUIRE(plain.code == 0);
  const CliResult found = symbolize(split.elf, {"--debug-dir", debug_dir, "-a"});
  const CliResult plain_a = symbolize(fixture.elf, {"-a"});
  CHECK(found.code == 0);
  CHECK(found.err.empty());
  CHECK(found.out == plain_a.out);
  const CliResult stripped = symbolize(split.elf, {});
  CHECK(stripped.out != plain.out);

  // Repeated, with the wrong file first: it is named on stderr and the next dir answers.
  const std::string wrong_dir = dir / "wrong";
  copy_into(foreign_debug_file(fixture, dir), build_id_path(wrong_dir, build_id));
  const CliResult both = symbolize(split.elf, {"--debug-dir", wrong_dir, "--debug-dir", debug_dir});
  CHECK(both.code == 0);
  CHECK(both.out == plain.out);
  CHECK(both.err.starts_with(fmt::format("leakscope: warning: {}: not used as the debug file of {}: its build-id ",
                                         build_id_path(wrong_dir, build_id), split.elf)));
  CHECK(std::count(both.err.begin(), both.err.end(), '\n') == 1);

  const CliResult missing = symbolize(split.elf, {"--debug-dir", dir / "no-such-dir"});
  CHECK(missing.code == exit_usage_error);
  CHECK(contains(missing.err, "no-such-dir"));
}

}  // namespace leakscope::parity
