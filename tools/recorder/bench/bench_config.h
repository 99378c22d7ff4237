/* Recorder configuration of the cost benchmark (LST_CONFIG_HEADER): defaults everywhere but
 * the clock and task hooks, which read a variable, as xTaskGetTickCount() and
 * xTaskGetCurrentTaskHandle() do on FreeRTOS, and a switch to an unwinder for one case. */
#ifndef LST_BENCH_CONFIG_H
#define LST_BENCH_CONFIG_H

extern volatile uint32_t bench_now;
extern volatile uintptr_t bench_task;

#define LST_TIME() bench_now
#define LST_TASK_ID() bench_task
#define LST_TICK_NS 1000000

/* The default backtrace (the caller alone), or the EHABI unwinder of bench_unwind.c. */
extern volatile int bench_use_unwinder;
size_t bench_unwind(uintptr_t *out, size_t max, const void *caller);
#define LST_BACKTRACE(out, max, caller)                                                       \
    (bench_use_unwinder ? bench_unwind((out), (max), (caller))                               \
                        : lst_port_backtrace((out), (max), (caller)))

#endif
