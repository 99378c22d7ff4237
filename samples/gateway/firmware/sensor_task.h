/* The "sensor" task: polls the sensor UART, decodes readings and keeps a
 * short history it averages over.
 *
 * Deliberate leak: uart_driver_read_frame() hands the frame buffer to the
 * caller; when the checksum is bad, sensor_poll() logs and returns without
 * freeing it (one 48-byte leak every 8th frame). */
#ifndef GATEWAY_SENSOR_TASK_H
#define GATEWAY_SENSOR_TASK_H

void sensor_task_init(unsigned frames_to_read);
void sensor_task_step(void);

#endif
