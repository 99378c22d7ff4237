// How a boot ended: panic output in its log, or the reset reason the next boot printed.
//
//   if (is_crash_line(clean.text)) ...                 // the boot is ending in a panic
//   if (is_crash_reset(next_boot.reset_reason)) ...    // the previous boot died by a watchdog
//
// Heap analysis uses this to learn where a device dies: the free heap at the end of boots that
// crashed is the default exhaustion floor of the boots after them (analyze/heap_trend.hpp).
//
// Crashes are panics and watchdog resets, the ways firmware ends when its heap runs out (a
// failed allocation aborts or dereferences NULL; a task starved of memory stops feeding its
// watchdog). Not crashes: power-on, software restarts (esp_restart(): an update, a command),
// deep-sleep wake-ups, the reset pin, and brownouts (the supply sagged; the heap had nothing
// to do with it). ESP32's SW_CPU_RESET follows both a panic and esp_restart(): only the panic
// output before it tells them apart. RTCWDT_RTC_RESET is not counted either: the ROM reports it
// after flashing and on some power-ups.
//
// Sources: shared/formats/device-log-formats.md §3.1 (ESP-IDF panic handler, abort, stack
// overflow, assert, heap corruption, allocation failure abort), §3.7 reset lines, §5.1 Particle
// PANIC level, §5.2 Zephyr's fatal error line.
#pragma once

#include <string_view>

namespace leakscope {

// A line of panic or fatal-error output.
bool is_crash_line(std::string_view line);

// A reset reason ("rst:0x8 (TG1WDT_SYS_RESET)", "TG0WDT_SYS_RST") that says the previous boot
// was ended by a watchdog.
bool is_crash_reset(std::string_view reset_reason);

}  // namespace leakscope
