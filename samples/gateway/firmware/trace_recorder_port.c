/* heap_trace.h for the trace build: the leakscope recorder (tools/recorder) instead of the
 * ESP-IDF style record buffer and dump of heap_trace.c.
 *
 * Every allocation and free is streamed as it happens, through one sink that fans each frame
 * out three ways, the three carriers of docs/trace-format.md:
 *   UART0  "LSTRACE:<base64>" lines between the log lines (trace-capture.log),
 *   UART1  the raw frames (trace.bin),
 *   RAM    the ring buffer lst_ring, written to the host as ring.bin at each "heapdump"
 *          (semihosting), the way a debugger would dump it.
 * main.c and the tasks are the same as in the ESP-IDF build: same traffic, same leaks.
 */
#include "heap_trace.h"

#include <stddef.h>
#include <stdint.h>

#include "boot_state.h"
#include "call_stack.h"
#include "console_uart.h"
#include "esp_log.h"
#include "lst_recorder.h"
#include "lst_ring.h"
#include "semihost_file.h"
#include "sim_clock.h"
#include "trace_uart.h"

#define TAG "heap_trace"

static lst_sink line_sink;
static lst_sink stream_sink;
static lst_sink ring_sink;

static int write_uart0(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    console_uart_write_raw((const char *)bytes, len);
    return 1;
}

static int write_uart1(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    trace_uart_write(bytes, len);
    return 1;
}

static int commit_everywhere(const lst_sink *sink, const uint8_t *frame, size_t len)
{
    (void)sink;
    return line_sink.commit(&line_sink, frame, len) & stream_sink.commit(&stream_sink, frame, len) &
           ring_sink.commit(&ring_sink, frame, len);
}

uint32_t gateway_trace_time(void)
{
    return sim_ccount() / 160u;
}

uintptr_t gateway_trace_task(void)
{
    return (uintptr_t)xTaskGetCurrentTaskHandle();
}

/* The recorder asks from inside lst_record_*, a few frames below the allocator wrapper: walk
 * the whole chain and start at `caller`, the return address the wrapper saw. */
size_t gateway_trace_backtrace(uintptr_t *out, size_t max, const void *caller)
{
    void *frames[HEAP_TRACE_STACK_DEPTH + 8];
    const int found = call_stack_capture(frames, (int)(sizeof frames / sizeof frames[0]), 0);
    size_t n = 0;
    for (int i = 0; i < found && n < max; i++) {
        if (n == 0 && frames[i] != caller) {
            continue;
        }
        out[n++] = (uintptr_t)frames[i];
    }
    if (n == 0 && caller != NULL && max > 0) {
        out[n++] = (uintptr_t)caller;  /* the unwinder lost its way: the one sure frame */
    }
    /* The allocator takes time; keeps the timestamps of neighbours distinct. */
    sim_clock_advance(900);
    return n;
}

void heap_trace_init_standalone(heap_trace_record_t *records, size_t num_records)
{
    (void)records;  /* the recorder's RAM is fixed at compile time (lst_gateway_config.h) */
    (void)num_records;
}

void heap_trace_start(heap_trace_mode_t mode)
{
    (void)mode;  /* a stream has no modes: the reader keeps what is live */
    trace_uart_init();
    line_sink = lst_line_sink(write_uart0, NULL);
    stream_sink = lst_stream_sink(write_uart1, NULL);
    ring_sink = lst_ring_sink();
    lst_ring_clear();
    const lst_sink everywhere = lst_custom_sink(commit_everywhere, NULL, NULL);
    lst_start_info info = { 0 };
    info.firmware = "gateway-trace";
    info.reset_reason = boot_state_was_software_reset() ? 0xcu : 0x1u;
    info.reset_reason_text = boot_state_was_software_reset() ? "SW_CPU_RESET" : "POWERON_RESET";
    lst_start(&everywhere, &info);
    lst_heap_name(0, "Internal");
}

/* Tasks are named as they are created: the trace build links with --wrap=task_create, so
 * main.c's calls come here without a change to scheduler.c. */
TaskHandle_t __real_task_create(const char *name, task_step_fn step);
TaskHandle_t __wrap_task_create(const char *name, task_step_fn step);

TaskHandle_t __wrap_task_create(const char *name, task_step_fn step)
{
    TaskHandle_t task = __real_task_create(name, step);
    lst_task_name((uintptr_t)task, name);
    return task;
}

extern char __heap_start[];
extern char __heap_limit[];
void *_sbrk(ptrdiff_t increment);

/* "heapdump": a heap sample and a marker in the stream, and the ring image to the host.
 * newlib-nano keeps its free list to itself (mallinfo would pull in stdio), so the sample
 * counts what malloc has not claimed from sbrk yet: free space, and the largest block. */
void heap_trace_dump(void)
{
    static size_t min_free = SIZE_MAX;
    const size_t unclaimed = (size_t)(__heap_limit - (char *)_sbrk(0));
    min_free = unclaimed < min_free ? unclaimed : min_free;
    lst_heap_sample(0, unclaimed, min_free, unclaimed, (size_t)(__heap_limit - __heap_start));
    lst_marker(LST_MARKER_NOTE, 0, "heapdump");
    const bool written = semihost_write_file("ring.bin", &lst_ring, sizeof lst_ring);
    ESP_LOGI(TAG, "trace streamed by the leakscope recorder; ring image %s",
             written ? "written to ring.bin" : "NOT written");
}
