/* What an ESP32 prints before app_main: the mask-ROM banner and reset reason,
 * then the bootloader's and startup code's log lines. The ROM part is fixed
 * ESP32 text; the load/entry/heap figures are this ELF's real ones. */
#ifndef GATEWAY_BOOT_BANNER_H
#define GATEWAY_BOOT_BANNER_H

#include <stdbool.h>

void boot_banner_print(bool after_software_reset);

#endif
