#include "heap_trace.h"

#include <stdbool.h>
#include <string.h>

#include "call_stack.h"
#include "console_uart.h"
#include "esp_log.h"
#include "sim_clock.h"

/* The real allocator (newlib-nano); --wrap routes everybody else here. */
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
void __real_free(void *ptr);

static struct {
    heap_trace_record_t *records;
    size_t capacity;
    size_t count;
    heap_trace_mode_t mode;
    bool tracing;
    bool overflowed;
    uint32_t total_allocations;
    uint32_t total_frees;
    uint32_t unwind_mismatches;  /* self-check, see capture_callers() */
} trace;

void heap_trace_init_standalone(heap_trace_record_t *records, size_t num_records)
{
    trace.records = records;
    trace.capacity = num_records;
    trace.count = 0;
}

void heap_trace_start(heap_trace_mode_t mode)
{
    trace.mode = mode;
    trace.count = 0;
    trace.overflowed = false;
    trace.total_allocations = 0;
    trace.total_frees = 0;
    memset(trace.records, 0, trace.capacity * sizeof trace.records[0]);
    trace.tracing = true;
}

/* Called directly by the __wrap_* functions, so callers[0] is the return
 * address into whoever called malloc & co. The unwinder's answer must equal
 * the link register the wrapper saw; count disagreements so a broken unwind
 * table cannot silently produce wrong callers. */
__attribute__((always_inline)) static inline void capture_callers(void **callers,
                                                                  void *wrapper_return)
{
    call_stack_capture(callers, HEAP_TRACE_STACK_DEPTH, 0);
    if (callers[0] != wrapper_return) {
        trace.unwind_mismatches++;
    }
    /* The allocator takes time; keeps ccount values of neighbours distinct. */
    sim_clock_advance(900);
}

static void record_alloc(void *ptr, size_t size, void *const *callers)
{
    if (!trace.tracing || ptr == NULL) {
        return;
    }
    if (trace.count == trace.capacity) {
        /* Like ESP-IDF v4: drop the oldest record, remember that we did. */
        trace.overflowed = true;
        memmove(&trace.records[0], &trace.records[1],
                (trace.capacity - 1) * sizeof trace.records[0]);
        trace.count--;
    }
    heap_trace_record_t *rec = &trace.records[trace.count++];
    memset(rec, 0, sizeof *rec);
    rec->ccount = sim_ccount() & ~1u;   /* bit 0 = core 0 */
    rec->address = ptr;
    rec->size = size;
    rec->task = xTaskGetCurrentTaskHandle();
    strncpy(rec->task_name, pcTaskGetName(rec->task), sizeof rec->task_name - 1);
    memcpy(rec->alloced_by, callers, sizeof rec->alloced_by);
    trace.total_allocations++;
}

static void record_free(void *ptr, void *const *callers)
{
    if (!trace.tracing || ptr == NULL) {
        return;
    }
    trace.total_frees++;
    /* Newest first: an address can be reused after an earlier free. */
    for (size_t i = trace.count; i-- > 0;) {
        heap_trace_record_t *rec = &trace.records[i];
        if (rec->address != ptr) {
            continue;
        }
        if (trace.mode == HEAP_TRACE_LEAKS) {
            memmove(rec, rec + 1, (trace.count - i - 1) * sizeof *rec);
            trace.count--;
            return;
        }
        if (rec->freed_by[0] == NULL) {
            memcpy(rec->freed_by, callers, sizeof rec->freed_by);
            return;
        }
    }
}

void *__wrap_malloc(size_t size)
{
    void *callers[HEAP_TRACE_STACK_DEPTH];
    capture_callers(callers, __builtin_return_address(0));
    void *ptr = __real_malloc(size);
    record_alloc(ptr, size, callers);
    return ptr;
}

void *__wrap_calloc(size_t count, size_t size)
{
    void *callers[HEAP_TRACE_STACK_DEPTH];
    capture_callers(callers, __builtin_return_address(0));
    void *ptr = __real_calloc(count, size);
    record_alloc(ptr, count * size, callers);
    return ptr;
}

/* Traced as free(old) + malloc(new) with one caller list, as ESP-IDF does. */
void *__wrap_realloc(void *old, size_t size)
{
    void *callers[HEAP_TRACE_STACK_DEPTH];
    capture_callers(callers, __builtin_return_address(0));
    void *ptr = __real_realloc(old, size);
    if (ptr != NULL || size == 0) {
        record_free(old, callers);
    }
    record_alloc(ptr, size, callers);
    return ptr;
}

void __wrap_free(void *ptr)
{
    void *callers[HEAP_TRACE_STACK_DEPTH];
    capture_callers(callers, __builtin_return_address(0));
    record_free(ptr, callers);
    __real_free(ptr);
}

/* ESP-IDF prints pointers with full newlib's "%p": "0x" + lowercase hex, no
 * padding, NULL as "0x0". newlib-nano (linked here) prints NULL as plain "0",
 * so the "0x%x" spelling below stands in for "%p" throughout the dump. */
static void print_pointer(const void *ptr, const char *suffix)
{
    console_printf("0x%x%s", (unsigned)(uintptr_t)ptr, suffix);
}

/* The caller loop of ESP-IDF v4: "%p%s" per entry with ':' after every slot
 * but the last, stopping at the first NULL (hence a trailing ':' when a list
 * ends early). */
static void print_alloced_by(void *const *callers)
{
    for (int j = 0; j < HEAP_TRACE_STACK_DEPTH && callers[j] != NULL; j++) {
        print_pointer(callers[j], (j < HEAP_TRACE_STACK_DEPTH - 1) ? ":" : "");
    }
}

/* "freed by" lists print every slot, NULLs included, and end the line. */
static void print_freed_by(void *const *callers)
{
    console_printf("\nfreed by ");
    for (int j = 0; j < HEAP_TRACE_STACK_DEPTH; j++) {
        print_pointer(callers[j], (j < HEAP_TRACE_STACK_DEPTH - 1) ? ":" : "\n");
    }
}

void heap_trace_dump(void)
{
    size_t delta_size = 0;
    size_t delta_allocs = 0;

    console_printf("%u allocations trace (%u entry buffer)\n", (unsigned)trace.count,
                   (unsigned)trace.capacity);
    for (size_t i = 0; i < trace.count; i++) {
        const heap_trace_record_t *rec = &trace.records[i];
        if (rec->address == NULL) {
            continue;
        }
        /* One printf per fragment, as in v4: other output can land in between. */
        console_printf("%d bytes (@ 0x%x) allocated CPU %d ccount 0x%08x task 0x%08x %s caller ",
                       (int)rec->size, (unsigned)(uintptr_t)rec->address, (int)(rec->ccount & 1u),
                       (unsigned)(rec->ccount & ~3u), (unsigned)(uintptr_t)rec->task,
                       rec->task_name[0] != '\0' ? rec->task_name : "-");
        print_alloced_by(rec->alloced_by);
        if (trace.mode != HEAP_TRACE_ALL || rec->freed_by[0] == NULL) {
            delta_size += rec->size;
            delta_allocs++;
            console_printf("\n");
        } else {
            print_freed_by(rec->freed_by);
        }
        esp_log_preempt_point();
    }
    if (trace.mode == HEAP_TRACE_ALL) {
        console_printf("%u bytes alive in trace (%u/%u allocations)\n", (unsigned)delta_size,
                       (unsigned)delta_allocs, (unsigned)trace.count);
    } else {
        console_printf("%u bytes 'leaked' in trace (%u allocations)\n", (unsigned)delta_size,
                       (unsigned)delta_allocs);
    }
    console_printf("total allocations %u total frees %u\n", (unsigned)trace.total_allocations,
                   (unsigned)trace.total_frees);
    if (trace.overflowed) {
        console_printf("(NB: Buffer has overflowed, so trace data is incomplete.)\n");
    }
    if (trace.unwind_mismatches != 0) {
        ESP_LOGE("heap_trace", "%u caller lists disagree with the link register",
                 (unsigned)trace.unwind_mismatches);
    }
}
