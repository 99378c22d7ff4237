/* leakscope trace recorder: the device side of docs/trace-format.md, in C99.
 *
 * Records heap events as binary trace frames and hands each finished frame to one sink: the
 * RAM ring buffer lst_ring (read out with a debugger), a raw byte stream (a UART), or text
 * lines "LSTRACE:<base64>" that share a UART with the log. No heap of its own, no libc: all
 * RAM is fixed at compile time (lst_config.h).
 *
 *   lst_sink sink = lst_line_sink(uart_queue_write, NULL);   // or lst_ring_sink(), ...
 *   lst_start_info info = { 0 };
 *   info.firmware = "gateway 1.4.2";
 *   lst_start(&sink, &info);                   // writes HEADER (seq 0) and BOOT (seq 1)
 *   lst_task_name(0x20001a04u, "net");         // tasks that existed before the start
 *   ...                                        // malloc/free are recorded by lst_wrap.c or
 *                                              // the FreeRTOS hooks of lst_freertos.h
 *   lst_heap_sample(0, free_now, min_free, largest, total);
 *   lst_marker(LST_MARKER_CYCLE_BEGIN, 12, "modem up");
 *
 * Every lst_record_* and lst_* event function may be called from any task or interrupt: the
 * frame is built on the caller's stack and committed inside LST_ENTER_CRITICAL() /
 * LST_EXIT_CRITICAL(). Before lst_start() (and after lst_stop()) they do nothing, so the
 * malloc wrappers are safe during C library start-up.
 */
#ifndef LST_RECORDER_H
#define LST_RECORDER_H

#include "lst_config.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef LST_TIME_TYPE lst_time_t;

/* ---- sinks ------------------------------------------------------------------------------ */

/* A user write function: takes all `len` bytes and returns nonzero, or takes none and
 * returns 0 (a full queue). It runs inside the critical section, so it must not block: put
 * the bytes in a queue that a UART interrupt or DMA drains. A rejected frame is dropped, its
 * sequence number skipped, and a LOSS record tells the reader later. */
typedef int (*lst_write_fn)(void *ctx, const uint8_t *bytes, size_t len);

typedef struct lst_sink lst_sink;
struct lst_sink {
    /* Takes one whole frame; same contract as lst_write_fn. Custom sinks set their own. */
    int (*commit)(const lst_sink *sink, const uint8_t *frame, size_t len);
    lst_write_fn write;
    void *ctx;
};

/* A sink of your own (RTT, a DMA ring, a file): commit gets whole frames, with the contract
 * of lst_write_fn; write and ctx are there for it to use. */
static inline lst_sink lst_custom_sink(int (*commit)(const lst_sink *, const uint8_t *, size_t),
                                       lst_write_fn write, void *ctx)
{
    lst_sink sink;
    sink.commit = commit;
    sink.write = write;
    sink.ctx = ctx;
    return sink;
}

/* Frames into the RAM ring buffer lst_ring (lst_ring.h); never rejects, overwrites oldest. */
lst_sink lst_ring_sink(void);
/* Frames as raw bytes to `write` (a binary UART, a file, RTT). */
lst_sink lst_stream_sink(lst_write_fn write, void *ctx);
/* Each frame as one text line "LSTRACE:<base64>\r\n" to `write`, for a UART shared with the
 * log. The line is formatted in one static buffer of LST_LINE_BYTES. */
lst_sink lst_line_sink(lst_write_fn write, void *ctx);

/* ---- starting ----------------------------------------------------------------------------- */

/* What the HEADER and BOOT records say; every field may be left 0 / NULL. */
typedef struct lst_start_info {
    const uint8_t *build_id;      /* GNU build-id bytes (the note's descriptor) */
    size_t build_id_len;          /* kept up to LST_ID_BYTES */
    const uint8_t *elf_sha256;    /* SHA-256 of the ELF file, or a prefix of it */
    size_t elf_sha256_len;        /* kept up to LST_ID_BYTES */
    const char *firmware;         /* name / version, cut to 64 bytes */
    uint32_t boot_count;          /* 0 = unknown */
    uint32_t reset_reason;        /* device-specific code, 0 = unknown */
    const char *reset_reason_text; /* e.g. "SW_CPU_RESET", cut to LST_NAME_BYTES */
} lst_start_info;

/* Starts recording into a copy of *sink: sequence numbers restart at 0, then HEADER and BOOT
 * are written. Call once per boot, before other contexts allocate. info may be NULL. */
void lst_start(const lst_sink *sink, const lst_start_info *info);
/* Stops recording; event functions return at once until the next lst_start(). */
void lst_stop(void);

/* ---- events ----------------------------------------------------------------------------- */

/* caller: the return address of the allocator call being recorded, i.e. LST_CALLER() (GCC's
 * __builtin_return_address(0)) evaluated inside your allocator function. LST_BACKTRACE
 * expands it into a call stack. A NULL ptr in an ALLOC is a failed allocation. */
void lst_record_alloc(const void *ptr, size_t size, uint32_t heap, const void *caller);
/* free(NULL) is not recorded. Call it before the block is really freed: once freed, another
 * context could get the same address and record its ALLOC first. */
void lst_record_free(const void *ptr, const void *caller);
/* realloc(old_ptr, size) returned new_ptr (NULL: freed when size is 0, else failed). */
void lst_record_realloc(const void *old_ptr, const void *new_ptr, size_t size, uint32_t heap,
                        const void *caller);

/* The same with a call stack you already have (depth is cut to LST_MAX_STACK). */
void lst_record_alloc_stack(const void *ptr, size_t size, uint32_t heap, const uintptr_t *stack,
                            size_t depth);
void lst_record_free_stack(const void *ptr, const uintptr_t *stack, size_t depth);
void lst_record_realloc_stack(const void *old_ptr, const void *new_ptr, size_t size,
                              uint32_t heap, const uintptr_t *stack, size_t depth);

enum { LST_TASK_CREATED = 0, LST_TASK_RENAMED = 1, LST_TASK_DELETED = 2 };
/* A task was created, renamed or deleted (name unused for deleted). */
void lst_task_event(uintptr_t task, unsigned event, const char *name);
/* Names a task: for tasks created before lst_start(), and for the FreeRTOS create hook. */
#define lst_task_name(task, name) lst_task_event((task), LST_TASK_CREATED, (name))
#define lst_task_deleted(task) lst_task_event((task), LST_TASK_DELETED, NULL)

/* A sample of heap health: free bytes now, minimum ever free, largest free block, heap size
 * (0 = unknown). */
void lst_heap_sample(uint32_t heap, size_t free_bytes, size_t min_free, size_t largest_free,
                     size_t total);
/* Names a heap id (ESP-IDF MALLOC_CAP_* bits, a heap index): "Internal", "PSRAM". */
void lst_heap_name(uint32_t heap, const char *name);

enum { LST_MARKER_NOTE = 0, LST_MARKER_CYCLE_BEGIN = 1, LST_MARKER_CYCLE_END = 2 };
/* A note (number 0) or the begin / end of cycle `number`; text cut to LST_TEXT_BYTES. */
void lst_marker(unsigned kind, uint32_t number, const char *text);
#define lst_note(text) lst_marker(LST_MARKER_NOTE, 0, (text))
#define lst_cycle_begin(n) lst_marker(LST_MARKER_CYCLE_BEGIN, (n), NULL)
#define lst_cycle_end(n) lst_marker(LST_MARKER_CYCLE_END, (n), NULL)

/* ---- counters ----------------------------------------------------------------------------- */

typedef struct lst_stats {
    uint32_t frames;          /* frames the sink took (LOSS frames included) */
    uint32_t bytes;           /* their bytes */
    uint32_t dropped;         /* records the sink rejected (reported by LOSS records) */
    uint32_t reentered;       /* records not made because the sink itself allocated */
} lst_stats;

/* Copies the counters since lst_start() to *out. */
void lst_get_stats(lst_stats *out);

/* ---- platform hooks ----------------------------------------------------------------------- */

/* The defaults behind LST_TIME(), LST_TASK_ID() and LST_BACKTRACE() (lst_config.h): weak
 * functions in lst_port_defaults.c. Define these functions in your firmware to replace them,
 * or define the macros to call your own code directly. */
lst_time_t lst_port_time(void);
uintptr_t lst_port_task_id(void);
size_t lst_port_backtrace(uintptr_t *out, size_t max, const void *caller);

#if defined(__GNUC__)
#define LST_CALLER() __builtin_return_address(0)
#endif

#ifdef __cplusplus
}
#endif

#endif
