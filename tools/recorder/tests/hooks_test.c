/* The ways records come in and how they are committed: the --wrap malloc wrappers (this test
 * program is linked with -Wl,--wrap=malloc,... so malloc below is recorded), the FreeRTOS
 * trace macros, the re-entrancy guard and the critical section. */
#include <stdlib.h>
#include <string.h>

#include "recorder_test.h"

static int write_depth;
static int deepest_write;

/* Starts a stream capture whose every write first runs `on_write`. */
static void start_watched(capture *c, int (*on_write)(capture *))
{
    start_capture(c, 0, 0);
    c->on_write = on_write;
}

/* A sink that allocates, as one behind a driver that mallocs its buffers would. */
static int allocating_write(capture *c)
{
    (void)c;
    write_depth++;
    deepest_write = write_depth > deepest_write ? write_depth : deepest_write;
    char *volatile scratch = malloc(16);
    free(scratch);
    write_depth--;
    return 1;
}

TEST(sink_that_allocates_does_not_recurse)
{
    capture c;
    deepest_write = 0;
    start_watched(&c, allocating_write);
    record_notes(3, "note");
    char *volatile outside = malloc(8);   /* recorded: not inside the sink */
    free(outside);

    CHECK_EQ(deepest_write, 1);
    td_frame f[8];
    CHECK_EQ(capture_frames(&c, f, 8), 5);
    for (unsigned i = 0; i < 5; i++) {
        CHECK_EQ(f[i].seq, 2 + i);   /* no gap: nothing was dropped or half-written */
    }
    CHECK_EQ(f[3].type, 0x04);
    CHECK_EQ(f[4].type, 0x05);
    lst_stats stats = stats_now();
    CHECK_EQ(stats.reentered, 2 * 5);   /* the sink's malloc and free, in each of 5 writes */
    CHECK_EQ(stats.dropped, 0);
}

/* Reads an ALLOC, FREE or REALLOC's stack of one caller address. */
static uint64_t caller_of(const td_frame *f, int fields_before_stack)
{
    td_fields r = td_fields_of(f);
    for (int i = 0; i < fields_before_stack; i++) {
        td_varint(&r);
    }
    uint64_t stack[LST_MAX_STACK];
    CHECK_EQ(td_stack(&r, stack, LST_MAX_STACK), 1);
    CHECK(td_done(&r));
    return stack[0];
}

TEST(wrappers_record_malloc_calloc_realloc_free)
{
    capture c;
    start_capture(&c, 0, 0);
    test_task = 7;
    char *p = malloc(24);
    char *q = calloc(3, 8);
    char *r = realloc(p, 100);
    free(r);
    free(q);
    free(NULL);   /* not recorded */

    td_frame f[8];
    CHECK_EQ(capture_frames(&c, f, 8), 5);
    static const uint8_t types[] = { 0x04, 0x04, 0x06, 0x05, 0x05 };
    for (int i = 0; i < 5; i++) {
        CHECK_EQ(f[i].type, types[i]);
    }
    td_fields fields = td_fields_of(&f[0]);
    td_varint(&fields);
    CHECK_EQ(td_varint(&fields), (uintptr_t)p);
    CHECK_EQ(td_varint(&fields), 24);
    CHECK_EQ(td_varint(&fields), 7);
    fields = td_fields_of(&f[1]);
    td_varint(&fields);
    CHECK_EQ(td_varint(&fields), (uintptr_t)q);
    CHECK_EQ(td_varint(&fields), 24);
    fields = td_fields_of(&f[2]);
    td_varint(&fields);
    CHECK_EQ(td_varint(&fields), (uintptr_t)p);
    CHECK_EQ(td_varint(&fields), (uintptr_t)r);
    CHECK_EQ(td_varint(&fields), 100);
    fields = td_fields_of(&f[3]);
    td_varint(&fields);
    CHECK_EQ(td_varint(&fields), (uintptr_t)r);
    /* The default backtrace is the one return address into this function, a different one
     * per call site. */
    uint64_t callers[5] = { caller_of(&f[0], 5), caller_of(&f[1], 5), caller_of(&f[2], 6),
                            caller_of(&f[3], 3), caller_of(&f[4], 3) };
    for (int i = 0; i < 5; i++) {
        CHECK(callers[i] != 0);
        for (int j = 0; j < i; j++) {
            CHECK(callers[i] != callers[j]);
        }
    }
}

/* Enough of FreeRTOS for its trace macros: they expand inside tasks.c and heap_N.c. */
typedef struct {
    void *pxTopOfStack;
    char pcTaskName[16];
} TCB_t;

#include "lst_freertos.h"

static void *pvPortMalloc(size_t xWantedSize)
{
    void *pvReturn = (void *)(uintptr_t)0x20004000u;
    traceMALLOC(pvReturn, xWantedSize);
    return pvReturn;
}

static void vPortFree(void *pv)
{
    traceFREE(pv, 40u);
}

TEST(freertos_hooks_record_tasks_and_blocks)
{
    capture c;
    start_capture(&c, 0, 0);
    TCB_t tcb = { NULL, "console" };
    TCB_t *pxNewTCB = &tcb;
    traceTASK_CREATE(pxNewTCB);
    vPortFree(pvPortMalloc(40));
    traceTASK_DELETE(pxNewTCB);

    td_frame f[8];
    CHECK_EQ(capture_frames(&c, f, 8), 4);
    static const uint8_t types[] = { 0x03, 0x04, 0x05, 0x03 };
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(f[i].type, types[i]);
    }
    td_fields r = td_fields_of(&f[0]);
    char name[32];
    td_varint(&r);
    CHECK_EQ(td_varint(&r), (uintptr_t)&tcb);
    CHECK_EQ(td_varint(&r), 0);
    td_string(&r, name, sizeof name);
    CHECK(strcmp(name, "console") == 0);
    r = td_fields_of(&f[1]);
    td_varint(&r);
    CHECK_EQ(td_varint(&r), 0x20004000u);
    CHECK_EQ(td_varint(&r), 40);
    r = td_fields_of(&f[3]);
    td_varint(&r);
    CHECK_EQ(td_varint(&r), (uintptr_t)&tcb);
    CHECK_EQ(td_varint(&r), 2);
}

static int writes_outside_critical;

static int check_critical(capture *c)
{
    (void)c;
    writes_outside_critical += test_critical_depth <= 0;
    return 1;
}

TEST(commit_happens_inside_the_critical_section)
{
    capture c;
    writes_outside_critical = 0;
    start_watched(&c, check_critical);
    c.reject = 1;
    record_notes(2, "dropped");
    c.reject = 0;
    record_notes(2, "LOSS first");   /* the LOSS record is committed inside the section too */
    CHECK_EQ(c.calls, 5);
    CHECK_EQ(writes_outside_critical, 0);
    CHECK_EQ(test_critical_depth, 0);
}

static void interrupt_records(void)
{
    lst_note("from an interrupt");
}

TEST(interrupt_between_stamp_and_commit)
{
    capture c;
    start_capture(&c, 0, 0);
    /* The task's note is stamped with seq 2 before the critical section; the interrupt
     * commits seq 2 first, so the task's frame must go out re-stamped as seq 3. */
    test_interrupt = interrupt_records;
    lst_note("from a task");

    td_frame f[4];
    CHECK_EQ(capture_frames(&c, f, 4), 2);   /* both CRCs good */
    CHECK_EQ(f[0].seq, 2);
    CHECK_EQ(f[1].seq, 3);
    char text[32];
    td_fields r = td_fields_of(&f[1]);
    td_varint(&r);
    td_varint(&r);
    td_varint(&r);
    td_string(&r, text, sizeof text);
    CHECK(strcmp(text, "from a task") == 0);
}
