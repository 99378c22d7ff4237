/* Cortex-M3 vector table and reset handler.
 *
 * Reset_Handler copies .data from its load address, zeroes .bss and calls
 * main(). Faults print a short ESP-style panic (panic.c) and end the QEMU run,
 * so a bug in the sample never turns into a hang that only the timeout stops.
 */
#include <stdint.h>
#include <string.h>

#include "panic.h"

extern uint32_t __stack_top;
extern uint32_t __data_start, __data_end, __data_load;
extern uint32_t __bss_start, __bss_end;

int main(void);

void Reset_Handler(void);
static void fault_handler(void);
static void unexpected_irq(void);

__attribute__((section(".vectors"), used))
static void (*const vector_table[16])(void) = {
    (void (*)(void))&__stack_top,
    Reset_Handler,
    unexpected_irq,     /* NMI */
    fault_handler,      /* HardFault */
    fault_handler,      /* MemManage */
    fault_handler,      /* BusFault */
    fault_handler,      /* UsageFault */
    0, 0, 0, 0,
    unexpected_irq,     /* SVCall */
    unexpected_irq,     /* DebugMonitor */
    0,
    unexpected_irq,     /* PendSV */
    unexpected_irq,     /* SysTick: never enabled, time is simulated */
};

void Reset_Handler(void)
{
    size_t data_bytes = (size_t)((char *)&__data_end - (char *)&__data_start);
    memcpy(&__data_start, &__data_load, data_bytes);
    memset(&__bss_start, 0, (size_t)((char *)&__bss_end - (char *)&__bss_start));
    main();
    panic_halt("main() returned");
}

static void fault_handler(void)
{
    panic_halt("HardFault");
}

static void unexpected_irq(void)
{
    panic_halt("unexpected interrupt");
}
