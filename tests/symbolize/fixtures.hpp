// The fixture ELFs this build produced (see CMakeLists.txt and README.md), and where they are.
#pragma once

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

}  // namespace leakscope::parity
