/* Recorder configuration of the cost benchmark (LST_CONFIG_HEADER): defaults everywhere but
 * the clock and task hooks, which read a variable, as xTaskGetTickCount() and
 * xTaskGetCurrentTaskHandle() do on FreeRTOS. */
#ifndef LST_BENCH_CONFIG_H
#define LST_BENCH_CONFIG_H

extern volatile uint32_t bench_now;
extern volatile uintptr_t bench_task;

#define LST_TIME() bench_now
#define LST_TASK_ID() bench_task
#define LST_TICK_NS 1000000

#endif
