// Crash lines: panic, fault and heap-corruption output, and how a boot ended.
//
//   if (std::optional<CrashLine> c = read_crash_line(text)) sink.on_event(CrashEvent{pos, .., *c});
//   if (is_crash_line(clean.text)) ...                 // the boot is ending in a panic
//
// read_crash_line knows (shared/formats/device-log-formats.md §3.1-3.4, §5.2):
// - headlines: ESP-IDF "Guru Meditation Error: Core  0 panic'ed (REASON). ...", "abort() was
//   called at PC 0x... on core N", "assert failed: ..." and newlib's "assertion "..." failed:
//   ...", "***ERROR*** A stack overflow in task NAME has been detected.", "Mem alloc fail. size
//   0x... caps 0x...", every "CORRUPT HEAP: ..." (block address, expected and read values),
//   "Task watchdog got triggered.", Zephyr ">>> ZEPHYR FATAL ERROR N: REASON[ on CPU N]";
// - register dumps: the Xtensa line starting "PC      : 0x..." (PC, and A0: the return
//   address), the RISC-V line starting "MEPC    : 0x..." (MEPC, RA), Cortex-M fault dumps
//   (Zephyr) "Faulting instruction address (r15/pc): 0x..." and "... r14/lr:  0x...";
// - backtraces: "Backtrace: 0xPC:0xSP ..." in either case, with " |<-CORRUPTED" or
//   " |<-CONTINUES" at the end.
// Texts are found anywhere in the line: panic output may follow a partial line of other output,
// and Zephyr's come after its log prefix.
//
// Crashes (is_crash_line) are the headlines that end a boot: panics, aborts, failed asserts,
// stack overflows, allocation-failure aborts, heap corruption asserts ("CORRUPT HEAP:
// multi_heap.c:N detected at ..."), Zephyr fatal errors, and Particle's PANIC log level. A
// task watchdog report alone does not end a boot, nor does another "CORRUPT HEAP:" report: the
// heap checker prints those for heap_caps_check_integrity*() too, which returns to its caller;
// when free() finds the damage, the assert or abort() after it is the crash line.
//
// Ingest marks each log line with is_crash_line's answer (LogMessageEvent::crash): with the
// next boot's reset reason (model/crash.hpp, is_crash_reset), it tells heap analysis where a
// device died.
#pragma once

#include <optional>
#include <string_view>

#include "leakscope/model/crash.hpp"

namespace leakscope {

// What a line of crash output says; nullopt for any other line.
std::optional<CrashLine> read_crash_line(std::string_view line);

// Whether a crash line ends the boot (see above).
bool ends_boot(const CrashLine& crash);

// A log line at Particle's PANIC level ("0000090000 [system] PANIC: out of memory").
bool is_panic_level(std::string_view line);

// The last line ESP-IDF's panic handler prints (§3.1): "Rebooting...", "Rebooting in N
// seconds...", "CPU halted.". Panic output, though no event of its own.
bool is_panic_trailer(std::string_view line);

// A line of panic or fatal-error output: read_crash_line and ends_boot, or the PANIC level.
bool is_crash_line(std::string_view line);

}  // namespace leakscope
