// The fixture ELFs this build produced (see CMakeLists.txt and README.md), and where they are:
// the hand-written fixture's (fixtures.inc) and the generated program's (parity_elfs.inc).
#pragma once

#include <string_view>
#include <vector>

#include "leakscope/model/address.hpp"

namespace leakscope::parity {

struct Fixture {
  const char* name;       // "arm", "xtensa", "riscv", "host", "host-noaranges"
  Arch arch;              // what the symbolizer must detect
  const char* elf;        // -O2 -g build
  const char* stripped;   // the same ELF after strip --strip-debug, or "" when not built
  const char* addr2line;  // the binutils addr2line of that target
  const char* objdump;    // the binutils objdump of that target
};

inline const std::vector<Fixture>& fixtures() {
  static const std::vector<Fixture> all = {
#define LEAKSCOPE_FIXTURE(...) Fixture{__VA_ARGS__},
#include "fixtures.inc"
#undef LEAKSCOPE_FIXTURE
  };
  return all;
}

// The fixture called `name`, or nullptr when its toolchain was missing at configure time.
inline const Fixture* find_fixture(const char* name) {
  for (const Fixture& f : fixtures()) {
    if (std::string_view(f.name) == name) return &f;
  }
  return nullptr;
}

// How a generated ELF was derived from the matrix ELF it is a variant of (generated_elfs.cmake).
enum class Variant { plain, gz, zstd, noaranges, debuglink, build_id };

struct ParityElf {
  const char* name;       // "arm-O2-dwarf5", "arm-O2-dwarf5-zstd"
  Arch arch;
  Variant variant;
  const char* elf;        // what leakscope loads
  const char* twin;       // the matrix ELF it derives from ("" for plain): same code, plain DWARF
  const char* debug_dir;  // build_id: the directory holding .build-id/; else ""
  const char* addr2line;  // the binutils addr2line of that target
  const char* objdump;    // the binutils objdump of that target
};

}  // namespace leakscope::parity
