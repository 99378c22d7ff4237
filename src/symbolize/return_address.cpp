// Evidence address -> lookup PC, one rule per architecture (see return_address.hpp).
#include "leakscope/symbolize/return_address.hpp"

namespace leakscope {
namespace {

// Xtensa windowed ABI: CALL4/8/12 store the window increment in bits 31:30 of the return
// address (a0), so 0x400d1d3c is seen as 0x800d1d3c, 0xc00d1d3c... Code lives in the
// 0x4xxxxxxx region on every ESP chip, so the real top bits are 01. A call0-ABI return
// address (lx106, bit 31 clear) needs no fix.
constexpr std::uint64_t xtensa_window_bit = 0x80000000u;
constexpr std::uint64_t xtensa_address_mask = 0x3fffffffu;
constexpr std::uint64_t xtensa_code_region = 0x40000000u;

// How far back a return address must move to land inside the call instruction. Xtensa CALLn
// and CALLXn are 3 bytes and the return address is exact, so -3 gives the call's first byte
// (what ESP-IDF's esp_cpu_process_stack_pc does). Elsewhere one byte back is enough: any
// byte of the call instruction maps to the call's line.
std::uint64_t call_step_back(Arch arch) {
  return arch == Arch::xtensa ? 3 : 1;
}

}  // namespace

std::uint64_t strip_mode_bits(Arch arch, std::uint64_t address) {
  switch (arch) {
    case Arch::arm:
      // Bit 0 selects Thumb state in LR and in function pointers; instructions are 2-aligned.
      return address & ~std::uint64_t{1};
    case Arch::xtensa:
      if ((address & xtensa_window_bit) != 0) {
        return (address & xtensa_address_mask) | xtensa_code_region;
      }
      return address;
    case Arch::riscv:
    case Arch::x86_64:
    case Arch::unknown:
      break;
  }
  return address;
}

std::uint64_t lookup_pc(Arch arch, std::uint64_t address, AddressKind kind) {
  const std::uint64_t pc = strip_mode_bits(arch, address);
  if (kind == AddressKind::exact_pc) return pc;
  const std::uint64_t step = call_step_back(arch);
  // A "return address" below the step cannot follow a call; keep 0 rather than wrapping to
  // the top of the address space, where it could land in some ELF's section.
  return pc >= step ? pc - step : 0;
}

}  // namespace leakscope
