#include "panic.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "boot_state.h"
#include "call_stack.h"
#include "console_uart.h"
#include "semihosting.h"

#define BACKTRACE_DEPTH 8

/* Address of the call instruction that produced a return address: a 16-bit
 * "BLX Rm" ends at the return address, anything else here is a 32-bit BL.
 * (The second halfword of a BL starts with 0b11, so it never looks like a
 * BLX Rm.) */
static uintptr_t call_site(const void *return_address)
{
    uintptr_t ret = (uintptr_t)return_address & ~(uintptr_t)1;
    uint16_t last_halfword = *(const uint16_t *)(ret - 2);
    bool is_blx_register = (last_halfword & 0xFF87u) == 0x4780u;
    return is_blx_register ? ret - 2 : ret - 4;
}

void abort(void)
{
    void *pcs[BACKTRACE_DEPTH];
    void *sps[BACKTRACE_DEPTH];
    int frames = call_stack_capture_with_sp(pcs, sps, BACKTRACE_DEPTH, 0);

    console_printf("abort() was called at PC 0x%x on core 0\n",
                   (unsigned)call_site(__builtin_return_address(0)));
    console_printf("\n\n\nBacktrace:");
    for (int i = 0; i < frames; i++) {
        console_printf(" 0x%08x:0x%08x", (unsigned)call_site(pcs[i]), (unsigned)(uintptr_t)sps[i]);
    }
    console_printf("\n\n\n");
    console_printf("Rebooting...\n");
    boot_state_reboot();
}

void panic_halt(const char *reason)
{
    console_printf("Guru Meditation Error: Core  0 panic'ed (%s). Exception was unhandled.\n",
                   reason);
    console_printf("CPU halted.\n");
    semihost_exit(false);
}
