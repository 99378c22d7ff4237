// Address semantics per architecture, in one tested place.
//
// A heap-trace caller list holds return addresses: the instruction *after* the call. Looking
// that up names the line after the call (often another line, or another function entirely
// after a noreturn call), so we step back into the call instruction first, like compiler-rt's
// GetPreviousInstructionPc. Evidence addresses may also carry mode bits that are not part of
// the address (Thumb bit 0, Xtensa window-size bits 31:30).
#pragma once

#include <cstdint>

#include "leakscope/model/address.hpp"

namespace leakscope {

// Strips mode bits: ARM Thumb bit 0; Xtensa windowed-call bits 31:30 (0x800d1d3c -> 0x400d1d3c).
std::uint64_t strip_mode_bits(Arch arch, std::uint64_t address);

// The PC to look up for an evidence address of the given kind: mode bits stripped and, for a
// return address, moved back into the call instruction (Xtensa CALLn is 3 bytes; elsewhere one
// byte back lands inside the previous instruction whatever its length).
std::uint64_t lookup_pc(Arch arch, std::uint64_t address, AddressKind kind);

}  // namespace leakscope
