/* Polled driver for CMSDK APB UART0 plus the CRLF text layer on top of it. */
#include "console_uart.h"

#include <stdint.h>
#include <stdio.h>

#define UART0_BASE 0x40004000u

struct cmsdk_uart {
    volatile uint32_t data;
    volatile uint32_t state;    /* bit 0: TX buffer full */
    volatile uint32_t ctrl;     /* bit 0: TX enable */
    volatile uint32_t intstatus;
    volatile uint32_t bauddiv;
};

#define UART0 ((struct cmsdk_uart *)UART0_BASE)
#define STATE_TX_FULL 1u
#define CTRL_TX_ENABLE 1u

void console_uart_init(void)
{
    /* QEMU drops bytes while TX is disabled and warns about divisors < 16. */
    UART0->bauddiv = 16;
    UART0->ctrl = CTRL_TX_ENABLE;
}

static void put_byte(char c)
{
    while (UART0->state & STATE_TX_FULL) {
    }
    UART0->data = (uint8_t)c;
}

void console_uart_write_raw(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        put_byte(bytes[i]);
    }
}

void console_puts(const char *text)
{
    for (; *text != '\0'; text++) {
        if (*text == '\n') {
            put_byte('\r');
        }
        put_byte(*text);
    }
}

void console_vprintf(const char *fmt, va_list args)
{
    /* newlib-nano's vsnprintf: writing to a string never touches the heap.
     * Unlike ESP-IDF's full newlib it prints a NULL "%p" as "0", not "0x0";
     * heap_trace.c therefore spells pointers as "0x%x". */
    char line[256];
    vsnprintf(line, sizeof line, fmt, args);
    console_puts(line);
}

void console_printf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    console_vprintf(fmt, args);
    va_end(args);
}
