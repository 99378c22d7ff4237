/* leakscope recorder configuration of the gateway's trace build (build.sh --variant trace),
 * included by tools/recorder/lst_config.h through LST_CONFIG_HEADER. */
#ifndef GATEWAY_LST_CONFIG_H
#define GATEWAY_LST_CONFIG_H

#include <stddef.h>
#include <stdint.h>

/* Small on purpose: a boot writes ~15 KB of frames, so the ring wraps several times and its
 * image shows what a wrap costs (the newest ~2 KB survive). */
#define LST_RING_BYTES 2048
/* As deep as the ESP-IDF dump of the other build, so both name the same call sites. */
#define LST_MAX_STACK 4
/* Time in microseconds: the simulated 160 MHz cycle counter divided by 160. */
#define LST_TICK_NS 1000

uint32_t gateway_trace_time(void);
uintptr_t gateway_trace_task(void);
size_t gateway_trace_backtrace(uintptr_t *out, size_t max, const void *caller);

#define LST_TIME() gateway_trace_time()
#define LST_TASK_ID() gateway_trace_task()
#define LST_BACKTRACE(out, max, caller) gateway_trace_backtrace((out), (max), (caller))

#endif
