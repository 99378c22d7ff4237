/* UART1 of the mps2-an385 (CMSDK APB UART at 0x40005000), raw bytes only: the trace build
 * sends its binary trace frames here, which QEMU writes to trace.bin (second -serial).
 *
 *   trace_uart_init();
 *   trace_uart_write(frame, len);
 */
#ifndef GATEWAY_TRACE_UART_H
#define GATEWAY_TRACE_UART_H

#include <stddef.h>
#include <stdint.h>

void trace_uart_init(void);
void trace_uart_write(const uint8_t *bytes, size_t len);

#endif
