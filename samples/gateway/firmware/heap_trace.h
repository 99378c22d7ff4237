/* Standalone heap tracing modelled on ESP-IDF v4's heap_trace_standalone.c,
 * plus the OVMS-style task field.
 *
 *   static heap_trace_record_t records[64];
 *   heap_trace_init_standalone(records, 64);
 *   heap_trace_start(HEAP_TRACE_LEAKS);
 *   ...
 *   heap_trace_dump();      // ESP-IDF format "A" on the console UART
 *
 * malloc/calloc/realloc/free are wrapped at link time (-Wl,--wrap=...), so
 * every allocation made through them while tracing is on gets a record with
 * the CPU cycle count, the calling task and HEAP_TRACE_STACK_DEPTH return
 * addresses (innermost first). The buffer keeps allocation order; when it is
 * full the oldest record is dropped and the dump says the buffer overflowed.
 */
#ifndef GATEWAY_HEAP_TRACE_H
#define GATEWAY_HEAP_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "scheduler.h"

#define HEAP_TRACE_STACK_DEPTH 4

typedef enum {
    HEAP_TRACE_ALL,     /* a free marks its record with the freeing callers */
    HEAP_TRACE_LEAKS,   /* a free removes its record */
} heap_trace_mode_t;

typedef struct {
    uint32_t ccount;    /* bit 0: CPU core (always 0 here) */
    void *address;
    size_t size;
    TaskHandle_t task;                  /* allocating task (NULL: none) */
    char task_name[TASK_NAME_LEN];      /* its name then; tasks may be renamed or deleted */
    void *alloced_by[HEAP_TRACE_STACK_DEPTH];
    void *freed_by[HEAP_TRACE_STACK_DEPTH];
} heap_trace_record_t;

void heap_trace_init_standalone(heap_trace_record_t *records, size_t num_records);
void heap_trace_start(heap_trace_mode_t mode);
void heap_trace_dump(void);

#endif
