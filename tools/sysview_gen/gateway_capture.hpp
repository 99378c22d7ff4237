// The sample gateway firmware (samples/gateway/) as if traced by ESP-IDF's host-based heap
// tracing on a dual-core target: the golden SystemView inputs (tests/golden/sysview-*).
//
//   GeneratedCapture c = gateway_capture(CaptureLayout::one_file_per_core, {.overflow = true});
//
// Tasks net and sensor run on core 0, console on core 1, with their allocation sites' return
// addresses from samples/gateway/gateway.elf (an ARM Cortex-M ELF: real captures come from
// Xtensa or RISC-V ESP32s; the stream is the same, the addresses are those of our ELF so the
// report symbolizes). Task ids are shrunk against RAM at 0x20000000 with id_shift 2, as
// SEGGER's Cortex-M configuration does. Twelve cycles of 10 ms at 40 MHz ticks: the SysTick
// interrupt, the scheduler, net (a queue event, buffers freed, a session leaked every third
// cycle), sensor (a UART frame leaked every fourth cycle, a buffer grown by allocating anew),
// idle; core 1's console leaks a label every fifth cycle. The trace starts while console
// runs, so core 1's first event precedes its first context switch. Deterministic.
#pragma once

#include "dual_core_capture.hpp"

namespace leakscope::sysview_gen {

struct GatewayDamage {
  bool overflow = false;  // cycle 6: three of net's heap events dropped, then OVERFLOW(3)
  bool cut_end = false;   // the capture stops 4 bytes into core 1's last allocation
};

GeneratedCapture gateway_capture(CaptureLayout layout, GatewayDamage damage = {});

}  // namespace leakscope::sysview_gen
