/* The event records: ALLOC, FREE, REALLOC (one builder), TASK, HEAP, HEAP_NAME, MARKER.
 * Field order and meaning: docs/trace-format.md, "Records". */
#include "lst_emit.h"

/* Reads the clock and writes it as the first field of a timed record's payload; returns
 * where the next field goes. *now is kept for lst_emit (a LOSS ahead of the record). */
static uint8_t *put_time(uint8_t *buf, lst_time_t *now)
{
    *now = LST_TIME();
    return lst_put_varint(lst_payload(buf), (uint64_t)*now);
}

/* The three block records share one layout with optional fields:
 *   ALLOC   time        address size task heap stack
 *   FREE    time        address      task      stack
 *   REALLOC time old    address size task heap stack */
static void record_block(uint8_t type, const void *old_ptr, const void *ptr, size_t size,
                         uint32_t heap, const uintptr_t *stack, size_t depth)
{
    uint8_t buf[LST_FRAME_BUFFER(LST_BLOCK_PAYLOAD_MAX)];
    lst_time_t now;
    uint8_t *p = put_time(buf, &now);
    if (type == LST_TYPE_REALLOC) {
        p = lst_put_varint(p, (uintptr_t)old_ptr);
    }
    p = lst_put_varint(p, (uintptr_t)ptr);
    if (type != LST_TYPE_FREE) {
        p = lst_put_varint(p, size);
    }
    p = lst_put_varint(p, (uintptr_t)(LST_TASK_ID()));
    if (type != LST_TYPE_FREE) {
        p = lst_put_varint(p, heap);
    }
    p = lst_put_stack(p, stack, depth);
    lst_emit(buf, p, type, now);
}

/* realloc(NULL, 0) returning NULL changed nothing: no record. */
static int realloc_did_something(const void *old_ptr, const void *new_ptr, size_t size)
{
    return old_ptr != NULL || new_ptr != NULL || size != 0;
}

void lst_record_alloc_stack(const void *ptr, size_t size, uint32_t heap, const uintptr_t *stack,
                            size_t depth)
{
    if (lst_may_record()) {
        record_block(LST_TYPE_ALLOC, NULL, ptr, size, heap, stack, depth);
    }
}

void lst_record_free_stack(const void *ptr, const uintptr_t *stack, size_t depth)
{
    if (ptr != NULL && lst_may_record()) {
        record_block(LST_TYPE_FREE, NULL, ptr, 0, 0, stack, depth);
    }
}

void lst_record_realloc_stack(const void *old_ptr, const void *new_ptr, size_t size,
                              uint32_t heap, const uintptr_t *stack, size_t depth)
{
    if (realloc_did_something(old_ptr, new_ptr, size) && lst_may_record()) {
        record_block(LST_TYPE_REALLOC, old_ptr, new_ptr, size, heap, stack, depth);
    }
}

/* The variants with a caller run the backtrace hook first. They check lst_may_record()
 * themselves so that no backtrace is taken for a record that will not be made. */

void lst_record_alloc(const void *ptr, size_t size, uint32_t heap, const void *caller)
{
    if (lst_may_record()) {
        uintptr_t stack[LST_MAX_STACK];
        size_t depth = LST_BACKTRACE(stack, LST_MAX_STACK, caller);
        record_block(LST_TYPE_ALLOC, NULL, ptr, size, heap, stack, depth);
    }
}

void lst_record_free(const void *ptr, const void *caller)
{
    if (ptr != NULL && lst_may_record()) {
        uintptr_t stack[LST_MAX_STACK];
        size_t depth = LST_FREE_STACK ? LST_BACKTRACE(stack, LST_MAX_STACK, caller) : 0;
        (void)caller;
        record_block(LST_TYPE_FREE, NULL, ptr, 0, 0, stack, depth);
    }
}

void lst_record_realloc(const void *old_ptr, const void *new_ptr, size_t size, uint32_t heap,
                        const void *caller)
{
    if (realloc_did_something(old_ptr, new_ptr, size) && lst_may_record()) {
        uintptr_t stack[LST_MAX_STACK];
        size_t depth = LST_BACKTRACE(stack, LST_MAX_STACK, caller);
        record_block(LST_TYPE_REALLOC, old_ptr, new_ptr, size, heap, stack, depth);
    }
}

void lst_task_event(uintptr_t task, unsigned event, const char *name)
{
    if (!lst_may_record()) {
        return;
    }
    uint8_t buf[LST_FRAME_BUFFER(LST_TASK_PAYLOAD_MAX)];
    lst_time_t now;
    uint8_t *p = put_time(buf, &now);
    p = lst_put_varint(p, task);
    p = lst_put_varint(p, event);
    p = lst_put_string(p, event == LST_TASK_DELETED ? NULL : name, LST_NAME_BYTES);
    lst_emit(buf, p, LST_TYPE_TASK, now);
}

void lst_heap_sample(uint32_t heap, size_t free_bytes, size_t min_free, size_t largest_free,
                     size_t total)
{
    if (!lst_may_record()) {
        return;
    }
    uint8_t buf[LST_FRAME_BUFFER(LST_HEAP_PAYLOAD_MAX)];
    lst_time_t now;
    uint8_t *p = put_time(buf, &now);
    p = lst_put_varint(p, heap);
    p = lst_put_varint(p, free_bytes);
    p = lst_put_varint(p, min_free);
    p = lst_put_varint(p, largest_free);
    p = lst_put_varint(p, total);
    lst_emit(buf, p, LST_TYPE_HEAP, now);
}

void lst_heap_name(uint32_t heap, const char *name)
{
    if (!lst_may_record()) {
        return;
    }
    uint8_t buf[LST_FRAME_BUFFER(LST_HEAP_NAME_PAYLOAD_MAX)];
    uint8_t *p = lst_payload(buf);
    p = lst_put_varint(p, heap);
    p = lst_put_string(p, name, LST_NAME_BYTES);
    lst_emit(buf, p, LST_TYPE_HEAP_NAME, LST_TIME());
}

void lst_marker(unsigned kind, uint32_t number, const char *text)
{
    if (!lst_may_record()) {
        return;
    }
    uint8_t buf[LST_FRAME_BUFFER(LST_MARKER_PAYLOAD_MAX)];
    lst_time_t now;
    uint8_t *p = put_time(buf, &now);
    p = lst_put_varint(p, kind);
    p = lst_put_varint(p, kind == LST_MARKER_NOTE ? 0u : number);
    p = lst_put_string(p, text, LST_TEXT_BYTES);
    lst_emit(buf, p, LST_TYPE_MARKER, now);
}
