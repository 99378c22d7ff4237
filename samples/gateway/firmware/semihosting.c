#include "semihosting.h"

#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define ADP_STOPPED_RUNTIME_ERROR_UNKNOWN 0x20023

void semihost_exit(bool success)
{
    /* On AArch32, SYS_EXIT takes the reason code itself in r1, not a block. */
    register int op __asm__("r0") = SYS_EXIT;
    register int reason __asm__("r1") =
        success ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR_UNKNOWN;
    __asm__ volatile("bkpt 0xab" : "+r"(op) : "r"(reason) : "memory");
    for (;;) {
    }
}
