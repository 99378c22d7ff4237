/* Driver for the sensor bus UART (simulated: frames come from a deterministic
 * generator, not from hardware).
 *
 * Frame layout: 0xA5, sequence, type, payload length, payload..., checksum
 * (8-bit sum of every byte before it). About one frame in eight arrives with
 * a bad checksum, as on a noisy line.
 *
 *   size_t len;
 *   uint8_t *frame = uart_driver_read_frame(&len);
 *   ...
 *   free(frame);                 // ownership passes to the caller
 */
#ifndef GATEWAY_UART_DRIVER_H
#define GATEWAY_UART_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#define UART_FRAME_SYNC 0xA5u
#define UART_FRAME_HEADER_LEN 4u

/* Returns a malloc'd frame the caller must free(), or NULL if none is ready. */
uint8_t *uart_driver_read_frame(size_t *frame_len);

#endif
