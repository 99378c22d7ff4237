// Crash and heap-corruption evidence. ingest/crash_line.hpp reads what one line of panic,
// fault or corruption output says (a CrashLine, carried by a CrashEvent); analyze/crashes.hpp
// assembles a boot's lines into crashes (a headline, then the register dump and backtrace
// printed after it) and symbolizes their addresses for the report (BootReport::crashes).
//
// How a boot ended: it crashed when it printed panic output (LogMessageEvent::crash) or when
// the next boot's reset reason is a watchdog's (is_crash_reset, below). Heap analysis learns
// from it where a device dies: the free heap at the end of boots that crashed is the default
// exhaustion floor of the boots after them (analyze/heap_trend.hpp). Crashes are panics and
// watchdog resets, the ways firmware ends when its heap runs out (a failed allocation aborts or
// dereferences NULL; a task starved of memory stops feeding its watchdog). Not crashes:
// power-on, software restarts (esp_restart(): an update, a command), deep-sleep wake-ups, the
// reset pin, and brownouts (the supply sagged; the heap had nothing to do with it). ESP32's
// SW_CPU_RESET follows both a panic and esp_restart(): only the panic output before it tells
// them apart. RTCWDT_RTC_RESET is not counted either: the ROM reports it after flashing and on
// some power-ups.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/model/address.hpp"

namespace leakscope {

enum class CrashKind : std::uint8_t {
  panic,            // ESP-IDF "Guru Meditation Error: Core  0 panic'ed (LoadProhibited)."
  abort,            // "abort() was called at PC 0x... on core 0"
  assert_failed,    // "assert failed: func file.c:12 (expr)"
  stack_overflow,   // "***ERROR*** A stack overflow in task NAME has been detected."
  alloc_failed,     // "Mem alloc fail. size 0x... caps 0x..." (CONFIG_HEAP_ABORT_WHEN_ALLOCATION_FAILS)
  heap_corruption,  // "CORRUPT HEAP: Bad tail at 0x.... Expected 0x... got 0x..."
  fatal_error,      // Zephyr ">>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0"
  task_watchdog,    // "Task watchdog got triggered." (a backtrace follows; not always fatal)
  backtrace,        // a backtrace printed without any headline before it (esp_backtrace_print)
};
std::string_view crash_kind_name(CrashKind kind);  // "panic", "abort", ...

// What one line adds to a crash.
enum class CrashPart : std::uint8_t {
  headline,   // opens a crash: kind, reason, and for some kinds an address
  registers,  // a register dump line naming the PC and/or the return address
  backtrace,  // "Backtrace: 0x..:0x.. 0x..:0x.." (Xtensa; RISC-V with EH frames)
};

struct CrashAddress {
  std::uint64_t address = 0;  // as printed (mode bits and all)
  AddressKind kind = AddressKind::exact_pc;
  std::string role;           // "PC", "A0", "MEPC", "RA", "LR", "frame 3", ...
};

struct CrashLine {
  CrashPart part = CrashPart::headline;
  CrashKind kind = CrashKind::panic;  // headline only
  std::string reason;                 // "LoadProhibited", "Bad tail", the task's name, ...
  std::optional<std::uint32_t> core;
  // Registers: PC first, then the return address. Backtrace: innermost first; printed PCs
  // after the first are return addresses, except on Xtensa, whose panic handler prints each
  // one already moved back into its call (analyze/crashes.hpp applies that by the ELF's arch).
  std::vector<CrashAddress> addresses;
  bool backtrace_corrupted = false;  // " |<-CORRUPTED": the unwind failed
  bool backtrace_continues = false;  // " |<-CONTINUES": the depth limit cut it
  // Heap corruption: the address printed, and the canary or size read against the expected.
  std::optional<std::uint64_t> block;
  std::optional<std::uint64_t> expected, got;
  // Allocation failure: the size asked for.
  std::optional<std::uint64_t> size;
};

// A boot's reset reason (BootEvent::reset_reason: "rst:0x8 (TG1WDT_SYS_RESET)",
// "TG0WDT_SYS_RST") that says the boot before it was ended by a watchdog.
bool is_crash_reset(std::string_view reset_reason);

}  // namespace leakscope
