/* The recorder tests' harness: checks, a capturing sink, and the hooks of test_config.h.
 *
 *   TEST(spec_example_frame) { ... CHECK(x == y); CHECK_EQ(a, b); ... }
 *
 * Tests are listed in recorder_tests.c (one line each; CMake registers each line as a CTest
 * entry) and run alone with `lst_recorder_tests NAME`, or all without arguments.
 */
#ifndef LST_RECORDER_TEST_H
#define LST_RECORDER_TEST_H

#include "lst_recorder.h"
#include "trace_decoder.h"

#define TEST(name) void test_##name(void)

void test_fail(const char *file, int line, const char *what, unsigned long long got,
               unsigned long long want, int with_values);
#define CHECK(cond)                                                                           \
    do {                                                                                      \
        if (!(cond)) test_fail(__FILE__, __LINE__, #cond, 0, 0, 0);                           \
    } while (0)
#define CHECK_EQ(got, want)                                                                   \
    do {                                                                                      \
        unsigned long long got_ = (unsigned long long)(got);                                  \
        unsigned long long want_ = (unsigned long long)(want);                                \
        if (got_ != want_) test_fail(__FILE__, __LINE__, #got " == " #want, got_, want_, 1);  \
    } while (0)

/* Driven by the tests, read by the recorder through test_config.h. */
extern uint32_t test_clock;
extern uintptr_t test_task;
extern int test_critical_depth;          /* > 0 inside LST_ENTER/EXIT_CRITICAL */
/* Called once on the next LST_ENTER_CRITICAL(), before it "masks interrupts": plays an
 * interrupt that records between a frame's stamping and its commit. */
extern void (*test_interrupt)(void);

/* A sink target that keeps what it is given. */
typedef struct capture {
    uint8_t bytes[16384];
    size_t len;
    int calls;
    int reject;            /* nonzero: refuse every write */
    int reject_next;       /* refuse this many writes, then take them again */
    int (*on_write)(struct capture *c);   /* called inside each write, may be NULL */
} capture;

int capture_write(void *ctx, const uint8_t *bytes, size_t len);

/* Clears *c and the hooks, then starts the recorder on a stream (lines = 0) or line sink
 * into *c with default start info; forgets the HEADER and BOOT frames unless keep_start. */
void start_capture(capture *c, int lines, int keep_start);

/* Reads the frames of a stream capture; fails the test on bytes that are not frames. */
size_t capture_frames(const capture *c, td_frame *out, size_t max);

/* The recorder's counters now. */
lst_stats stats_now(void);

/* Records `count` MARKER notes with text `text`. */
void record_notes(int count, const char *text);

#endif
