/* Board support of the cost benchmark; see bench_board.h. */
#include "bench_board.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

int main(void);

extern uint32_t __stack_top, __data_start, __data_end, __data_load, __bss_start, __bss_end;
extern char __heap_start[], __heap_end[];

#define REG(addr) (*(volatile uint32_t *)(addr))
#define UART0_DATA REG(0x40004000u)
#define UART0_STATE REG(0x40004004u)
#define UART0_CTRL REG(0x40004008u)
#define UART0_BAUDDIV REG(0x40004010u)
#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)

void Reset_Handler(void);
static void halt(void);

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))&__stack_top, Reset_Handler, halt, halt, halt, halt, halt,
    0, 0, 0, 0, halt, halt, 0, halt, halt,
};

void Reset_Handler(void)
{
    uint32_t *from = &__data_load;
    for (uint32_t *to = &__data_start; to < &__data_end;) {
        *to++ = *from++;
    }
    for (uint32_t *to = &__bss_start; to < &__bss_end;) {
        *to++ = 0;
    }
    UART0_BAUDDIV = 16;
    UART0_CTRL = 1;               /* TX enable */
    SYST_RVR = 0x00FFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = (1u << 2) | 1u;    /* CPU clock, enabled, no interrupt */
    board_exit(main() == 0);
}

static void halt(void)
{
    board_print("bench: fault\n");
    board_exit(0);
}

void board_print(const char *text)
{
    for (; *text != '\0'; text++) {
        while (UART0_STATE & 1u) {
        }
        UART0_DATA = (uint8_t)*text;
    }
}

void board_print_uint(uint32_t value)
{
    char digits[11];
    int i = 10;
    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0);
    board_print(&digits[i]);
}

uint32_t board_ticks(void)
{
    return SYST_CVR;
}

uint32_t board_elapsed(uint32_t start, uint32_t end)
{
    return (start - end) & 0x00FFFFFFu;
}

void board_exit(int success)
{
    /* Semihosting SYS_EXIT; on AArch32 r1 holds the reason itself. */
    register uint32_t op __asm__("r0") = 0x18u;
    register uint32_t reason __asm__("r1") = success ? 0x20026u : 0x20023u;
    __asm__ volatile("bkpt 0xab" : "+r"(op) : "r"(reason) : "memory");
    for (;;) {
    }
}

void *_sbrk(ptrdiff_t increment)
{
    static char *brk = __heap_start;
    if (increment > __heap_end - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += increment;
    return old;
}
