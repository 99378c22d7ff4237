// Address semantics per architecture (symbolize/return_address.hpp).
#include <catch2/catch.hpp>

#include "leakscope/symbolize/return_address.hpp"

using leakscope::AddressKind;
using leakscope::Arch;
using leakscope::lookup_pc;
using leakscope::strip_mode_bits;

TEST_CASE("ARM: the Thumb bit is cleared, a return address steps back one byte", "[return_address]") {
  CHECK(strip_mode_bits(Arch::arm, 0x0800123b) == 0x0800123a);
  CHECK(strip_mode_bits(Arch::arm, 0x0800123a) == 0x0800123a);
  CHECK(lookup_pc(Arch::arm, 0x0800123b, AddressKind::exact_pc) == 0x0800123a);
  // LR after "bl" at 0x08001236 (4 bytes) is 0x0800123b: back into the bl.
  CHECK(lookup_pc(Arch::arm, 0x0800123b, AddressKind::return_address) == 0x08001239);
  CHECK(lookup_pc(Arch::arm, 0x0800123a, AddressKind::return_address) == 0x08001239);
}

TEST_CASE("Xtensa: windowed-call bits are replaced by the code region, CALLn is 3 bytes", "[return_address]") {
  // CALL8 return address 0x400d1d3c as a0 holds it: window increment 2 in bits 31:30.
  CHECK(strip_mode_bits(Arch::xtensa, 0x800d1d3c) == 0x400d1d3c);
  CHECK(strip_mode_bits(Arch::xtensa, 0xc00d1d3c) == 0x400d1d3c);
  // Bit 31 clear (call0 ABI, CALL4's 01 pattern, or a plain PC): already an address.
  CHECK(strip_mode_bits(Arch::xtensa, 0x400d1d3c) == 0x400d1d3c);
  CHECK(strip_mode_bits(Arch::xtensa, 0x40100abc) == 0x40100abc);
  CHECK(lookup_pc(Arch::xtensa, 0x800d1d3c, AddressKind::exact_pc) == 0x400d1d3c);
  CHECK(lookup_pc(Arch::xtensa, 0x800d1d3c, AddressKind::return_address) == 0x400d1d39);
  CHECK(lookup_pc(Arch::xtensa, 0x40100abc, AddressKind::return_address) == 0x40100ab9);
}

TEST_CASE("RISC-V and x86-64: no mode bits, a return address steps back one byte", "[return_address]") {
  for (const Arch arch : {Arch::riscv, Arch::x86_64}) {
    CHECK(strip_mode_bits(arch, 0x42000123) == 0x42000123);
    CHECK(strip_mode_bits(arch, 0x80000001) == 0x80000001);
    CHECK(lookup_pc(arch, 0x42000123, AddressKind::exact_pc) == 0x42000123);
    CHECK(lookup_pc(arch, 0x42000124, AddressKind::return_address) == 0x42000123);
  }
  CHECK(lookup_pc(Arch::x86_64, 0x00007f0012345679, AddressKind::return_address) == 0x00007f0012345678);
}

TEST_CASE("unknown architecture: exact PCs unchanged, return addresses minus one", "[return_address]") {
  CHECK(strip_mode_bits(Arch::unknown, 0x800d1d3d) == 0x800d1d3d);
  CHECK(lookup_pc(Arch::unknown, 0x800d1d3d, AddressKind::exact_pc) == 0x800d1d3d);
  CHECK(lookup_pc(Arch::unknown, 0x800d1d3d, AddressKind::return_address) == 0x800d1d3c);
}

TEST_CASE("a return address too small to follow a call stays at 0 instead of wrapping", "[return_address]") {
  CHECK(lookup_pc(Arch::riscv, 0, AddressKind::return_address) == 0);
  CHECK(lookup_pc(Arch::arm, 1, AddressKind::return_address) == 0);  // Thumb bit only
  CHECK(lookup_pc(Arch::xtensa, 2, AddressKind::return_address) == 0);
  CHECK(lookup_pc(Arch::xtensa, 3, AddressKind::return_address) == 0);
}
