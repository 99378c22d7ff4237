/* What survives a reboot: a boot counter and the reason for the last reset,
 * kept in the .noinit RAM section. That section is outside every segment of
 * the ELF, so neither the loader (QEMU's -kernel image, restored on reset)
 * nor our startup code touches it; a magic word tells a warm boot from
 * power-on contents (QEMU starts with zeroed RAM).
 *
 *   unsigned boot = boot_state_begin_boot();   // 1, 2, ...
 *   ...
 *   boot_state_reboot();                       // SYSRESETREQ, never returns
 */
#ifndef GATEWAY_BOOT_STATE_H
#define GATEWAY_BOOT_STATE_H

#include <stdbool.h>

unsigned boot_state_begin_boot(void);
/* True when the current boot followed boot_state_reboot(). */
bool boot_state_was_software_reset(void);
__attribute__((noreturn)) void boot_state_reboot(void);

#endif
