/* Simulated time. QEMU runs the firmware as fast as it can, so nothing here
 * reads a real timer: time only moves when the firmware says so, which makes
 * every capture byte-for-byte reproducible.
 *
 * The "CPU" runs at 160 MHz like an ESP32; sim_ccount() plays the Xtensa
 * CCOUNT register (32 bits, wraps after ~26.8 s; a run lasts a few seconds).
 */
#ifndef GATEWAY_SIM_CLOCK_H
#define GATEWAY_SIM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define SIM_CPU_HZ 160000000u
#define SIM_TICK_CYCLES (SIM_CPU_HZ / 100u)    /* FreeRTOS tick at 100 Hz */

void sim_clock_advance(uint32_t cycles);
uint32_t sim_ccount(void);

/* esp_log timestamp: cycle-based ms before the scheduler starts, tick-based
 * (10 ms steps) afterwards, as in ESP-IDF v4. */
uint32_t sim_log_timestamp_ms(void);
void sim_clock_scheduler_started(void);

#endif
