#include "boot_state.h"

#include <stdint.h>

#define BOOT_STATE_MAGIC 0x6c6b7363u    /* "lksc" */
#define SCB_AIRCR (*(volatile uint32_t *)0xE000ED0Cu)
#define AIRCR_VECTKEY (0x05FAu << 16)
#define AIRCR_SYSRESETREQ (1u << 2)

struct boot_state {
    uint32_t magic;
    uint32_t boot_count;
    uint32_t software_reset;    /* 1 if the previous boot ended in boot_state_reboot() */
    uint32_t check;             /* ~(boot_count ^ software_reset) */
};

__attribute__((section(".noinit"))) static struct boot_state state;

static uint32_t checksum(void)
{
    return ~(state.boot_count ^ state.software_reset);
}

static bool state_valid(void)
{
    return state.magic == BOOT_STATE_MAGIC && state.check == checksum();
}

unsigned boot_state_begin_boot(void)
{
    if (state_valid()) {
        state.boot_count++;
    } else {
        state.magic = BOOT_STATE_MAGIC;
        state.boot_count = 1;
        state.software_reset = 0;
    }
    state.check = checksum();
    return state.boot_count;
}

bool boot_state_was_software_reset(void)
{
    return state.boot_count > 1 && state.software_reset != 0;
}

void boot_state_reboot(void)
{
    state.software_reset = 1;
    state.check = checksum();
    __asm__ volatile("dsb" ::: "memory");
    SCB_AIRCR = AIRCR_VECTKEY | AIRCR_SYSRESETREQ;
    __asm__ volatile("dsb" ::: "memory");
    for (;;) {
    }
}
