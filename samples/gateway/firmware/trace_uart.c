/* Polled CMSDK APB UART1 (same block as UART0 in console_uart.c, another base address). The
 * register layout is repeated here rather than shared: console_uart.c stays byte for byte the
 * source the committed ESP-IDF build (gateway.elf, capture.log) was made from. */
#include "trace_uart.h"

#define UART1_BASE 0x40005000u

struct cmsdk_uart {
    volatile uint32_t data;
    volatile uint32_t state;    /* bit 0: TX buffer full */
    volatile uint32_t ctrl;     /* bit 0: TX enable */
    volatile uint32_t intstatus;
    volatile uint32_t bauddiv;
};

#define UART1 ((struct cmsdk_uart *)UART1_BASE)
#define STATE_TX_FULL 1u
#define CTRL_TX_ENABLE 1u

void trace_uart_init(void)
{
    /* QEMU drops bytes while TX is disabled and warns about divisors < 16. */
    UART1->bauddiv = 16;
    UART1->ctrl = CTRL_TX_ENABLE;
}

void trace_uart_write(const uint8_t *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while (UART1->state & STATE_TX_FULL) {
        }
        UART1->data = bytes[i];
    }
}
