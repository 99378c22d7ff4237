/* ARM semihosting (QEMU -semihosting): the only way the firmware ends a run. */
#ifndef GATEWAY_SEMIHOSTING_H
#define GATEWAY_SEMIHOSTING_H

#include <stdbool.h>

/* SYS_EXIT: QEMU exits with status 0 when success is true, 1 otherwise. */
__attribute__((noreturn)) void semihost_exit(bool success);

#endif
