// Code addresses and the architectures they belong to.
//
// Every address leakscope handles lives in one of two spaces, and names say which:
//  - an *evidence address* is the number as the device printed it (a return address from a heap
//    trace caller list, a PC from a backtrace, possibly with a Thumb bit or Xtensa window bits);
//  - a *lookup PC* is an address inside the instruction we want to name, in the ELF's address
//    space. symbolize/return_address.hpp is the one place that maps one to the other.
#pragma once

#include <cstdint>
#include <string_view>

namespace leakscope {

enum class Arch : std::uint8_t { unknown, arm, xtensa, riscv, x86_64 };

std::string_view arch_name(Arch arch);

// What an evidence address points at.
enum class AddressKind : std::uint8_t {
  return_address,  // the instruction after a call (heap-trace callers, LR/RA values)
  exact_pc,        // the instruction itself (addr2line input, Xtensa Backtrace: PCs)
};

}  // namespace leakscope
