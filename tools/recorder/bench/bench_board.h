/* The little of QEMU's mps2-an385 (Cortex-M3) the cost benchmark needs: UART0 text out, the
 * SysTick counter, semihosting exit. bench_board.c also holds the vector table, the reset
 * handler and _sbrk for newlib-nano's malloc. */
#ifndef LST_BENCH_BOARD_H
#define LST_BENCH_BOARD_H

#include <stdint.h>

void board_print(const char *text);
void board_print_uint(uint32_t value);
/* SysTick's current value: counts down from 0xFFFFFF at the CPU clock. */
uint32_t board_ticks(void);
/* Ticks elapsed between two board_ticks() readings (24-bit wrap). */
uint32_t board_elapsed(uint32_t start, uint32_t end);
void board_exit(int success);

#endif
