#include "uart_driver.h"

#include <stdlib.h>

static uint8_t next_sequence;

static uint8_t frame_sum(const uint8_t *bytes, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++) {
        sum = (uint8_t)(sum + bytes[i]);
    }
    return sum;
}

uint8_t *uart_driver_read_frame(size_t *frame_len)
{
    uint8_t seq = next_sequence++;
    /* 24, 32, 40 or 48 bytes; the corrupted frames (seq % 8 == 7) are 48. */
    size_t len = 24u + 8u * (seq % 4u);
    uint8_t *frame = malloc(len);
    if (frame == NULL) {
        return NULL;
    }
    frame[0] = UART_FRAME_SYNC;
    frame[1] = seq;
    frame[2] = (uint8_t)(1u + seq % 3u);    /* 1 temperature, 2 humidity, 3 pressure */
    frame[3] = (uint8_t)(len - UART_FRAME_HEADER_LEN - 1u);
    for (size_t i = UART_FRAME_HEADER_LEN; i < len - 1u; i++) {
        frame[i] = (uint8_t)(seq * 7u + i * 13u);
    }
    frame[len - 1u] = frame_sum(frame, len - 1u);
    if (seq % 8u == 7u) {
        frame[len - 1u] ^= 0x5Au;           /* line noise */
    }
    *frame_len = len;
    return frame;
}
