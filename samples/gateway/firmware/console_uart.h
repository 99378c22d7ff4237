/* UART0 of the mps2-an385 (CMSDK APB UART at 0x40004000): the device's serial
 * console, which QEMU writes to capture.log.
 *
 *   console_uart_init();
 *   console_uart_write_raw("\xff\x00", 2);     // bytes exactly as given
 *   console_printf("%u bytes\n", n);           // "\n" goes out as "\r\n"
 *
 * Text output turns "\n" into "\r\n", like ESP-IDF's VFS with
 * CONFIG_NEWLIB_STDOUT_LINE_ENDING_CRLF and the ROM's putc.
 */
#ifndef GATEWAY_CONSOLE_UART_H
#define GATEWAY_CONSOLE_UART_H

#include <stdarg.h>
#include <stddef.h>

void console_uart_init(void);
void console_uart_write_raw(const char *bytes, size_t len);
void console_puts(const char *text);
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_vprintf(const char *fmt, va_list args);

#endif
