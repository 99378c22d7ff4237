// Making variants of the fixture ELFs while a test runs: compressed copies, stripped ELFs with
// separate debug files, build-id trees, and raw edits of a compression header.
//
//   TempDir dir;
//   const std::string zstd = compressed_copy(fixture, dir, "zstd");      // objcopy of its target
//   REQUIRE(compression_of(zstd, ".debug_info") == "ZSTD");              // readelf -t
//   const Split split = split_debug(fixture, dir / "fw.elf", dir / "fw.debug", "--strip-debug");
//   add_debuglink(fixture, split);
//
// Tools come from the fixture's own binutils (beside its addr2line) and readelf; a tool that
// fails throws (run_command), so a broken environment fails the test.
#pragma once

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "reference_tools.hpp"

namespace leakscope::parity {

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
inline std::vector<const Fixture*> distinct_fixtures() {
  std::vector<const Fixture*> out;
  for (const Fixture& f : fixtures()) {
    if (std::string_view(f.name) != "host-noaranges") out.push_back(&f);
  }
  return out;
}

// A binutils program of the fixture's target: installed beside its addr2line, same prefix.
inline std::string binutil(const Fixture& fixture, const std::string& tool) {
  std::string path = fixture.addr2line;
  REQUIRE(path.ends_with("addr2line"));
  path.replace(path.size() - std::string_view("addr2line").size(), std::string::npos, tool);
  REQUIRE(fs::exists(path));
  return shell_quote(path);
}

inline void run_tool(const std::string& command) { (void)run_command(command + " 2>&1"); }

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
}

// `objcopy --compress-debug-sections=<how>` of the fixture ELF, checked with readelf.
inline std::string compressed_copy(const Fixture& fixture, const TempDir& dir, const std::string& how) {
  const std::string out = dir / fmt::format("{}.{}.elf", fixture.name, how);
  run_tool(fmt::format("{} --compress-debug-sections={} {} {}", binutil(fixture, "objcopy"), how,
                       shell_quote(fixture.elf), shell_quote(out)));
  return out;
}

// The compression readelf -t reports for `section` ("ZLIB", "ZSTD"), or "" when none.
inline std::string compression_of(const std::string& elf, const std::string& section) {
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
inline Split split_debug(const Fixture& fixture, const std::string& elf, const std::string& debug,
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
inline void add_debuglink(const Fixture& fixture, const Split& split) {
  run_tool(fmt::format("{} --add-gnu-debuglink={} {}", binutil(fixture, "objcopy"), shell_quote(split.debug),
                       shell_quote(split.elf)));
}

// Where a --debug-dir build-id tree keeps the debug file of an ELF with this build-id.
inline std::string build_id_path(const std::string& debug_dir, const std::string& build_id) {
  REQUIRE(build_id.size() > 2);
  return (fs::path(debug_dir) / ".build-id" / build_id.substr(0, 2) / (build_id.substr(2) + ".debug")).string();
}

inline void copy_into(const std::string& from, const std::string& to) {
  fs::create_directories(fs::path(to).parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

// Offset in the file of a section's data, from readelf -SW.
inline std::uint64_t section_offset(const std::string& elf, const std::string& section) {
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

inline void put_le(std::string& bytes, std::uint64_t offset, std::uint64_t value, int width) {
  REQUIRE(offset + width <= bytes.size());
  for (int i = 0; i < width; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

inline std::uint64_t get_le(const std::string& bytes, std::uint64_t offset, int width) {
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

}  // namespace leakscope::parity
