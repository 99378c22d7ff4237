/* Fatal-error output in the style of ESP-IDF v4's panic handler.
 *
 * abort() (this file replaces newlib's) prints
 *   abort() was called at PC 0x<call site> on core 0
 *   Backtrace: 0x<pc>:0x<sp> ...
 *   Rebooting...
 * and reboots the board. PCs printed there are the addresses of the calling
 * BL/BLX instructions (return address, Thumb bit cleared, minus the call's
 * length), i.e. already adjusted like ESP-IDF's "PC - 3" on Xtensa: decode
 * them as they are.
 *
 * panic_halt() is for states the sample never expects (faults, scheduler
 * misuse): it prints a Guru Meditation line and ends the QEMU run with a
 * failure status instead of rebooting forever.
 */
#ifndef GATEWAY_PANIC_H
#define GATEWAY_PANIC_H

__attribute__((noreturn)) void panic_halt(const char *reason);

#endif
