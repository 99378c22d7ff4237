/* Runner of the recorder's host tests: `lst_recorder_tests` runs all, `lst_recorder_tests
 * NAME` one. The list below is also read by CMakeLists.txt (one CTest entry per X line). */
#include <stdio.h>
#include <string.h>

#include "recorder_test.h"

#define TEST_LIST                                                                             \
    X(spec_example_frame)                                                                     \
    X(varints_are_minimal_and_deltas_wrap)                                                    \
    X(header_and_boot_open_the_stream)                                                        \
    X(every_record_type_as_the_spec_says)                                                     \
    X(strings_are_cut_on_character_boundaries)                                                \
    X(ring_descriptor_and_overwrite_oldest)                                                   \
    X(loss_record_after_drops_with_seq_gap)                                                   \
    X(loss_refused_drops_the_record_too)                                                      \
    X(line_sink_writes_base64_lines)                                                          \
    X(sink_that_allocates_does_not_recurse)                                                   \
    X(wrappers_record_malloc_calloc_realloc_free)                                             \
    X(freertos_hooks_record_tasks_and_blocks)                                                 \
    X(commit_happens_inside_the_critical_section)                                             \
    X(interrupt_between_stamp_and_commit)

#define X(name) void test_##name(void);
TEST_LIST
#undef X

static const struct {
    const char *name;
    void (*run)(void);
} tests[] = {
#define X(name) { #name, test_##name },
    TEST_LIST
#undef X
};

static int failures;

void test_fail(const char *file, int line, const char *what, unsigned long long got,
               unsigned long long want, int with_values)
{
    failures++;
    if (with_values) {
        fprintf(stderr, "%s:%d: CHECK failed: %s (got 0x%llx, want 0x%llx)\n", file, line, what,
                got, want);
    } else {
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
    }
}

uint32_t test_clock;
uintptr_t test_task;
int test_critical_depth;
void (*test_interrupt)(void);

void test_enter_critical(void)
{
    void (*interrupt)(void) = test_interrupt;
    test_interrupt = NULL;
    if (interrupt != NULL) {
        interrupt();
    }
    test_critical_depth++;
}

void test_exit_critical(void)
{
    test_critical_depth--;
}

int capture_write(void *ctx, const uint8_t *bytes, size_t len)
{
    capture *c = ctx;
    c->calls++;
    if (c->on_write != NULL && !c->on_write(c)) {
        return 0;
    }
    if (c->reject || c->reject_next > 0) {
        if (c->reject_next > 0) {
            c->reject_next--;
        }
        return 0;
    }
    if (c->len + len > sizeof c->bytes) {
        test_fail(__FILE__, __LINE__, "capture buffer overflow", 0, 0, 0);
        return 0;
    }
    memcpy(c->bytes + c->len, bytes, len);
    c->len += len;
    return 1;
}

void start_capture(capture *c, int lines, int keep_start)
{
    memset(c, 0, sizeof *c);
    test_clock = 0;
    test_task = 0;
    test_interrupt = NULL;
    lst_sink sink = lines ? lst_line_sink(capture_write, c) : lst_stream_sink(capture_write, c);
    lst_start(&sink, NULL);
    if (!keep_start) {
        c->len = 0;
        c->calls = 0;
    }
}

size_t capture_frames(const capture *c, td_frame *out, size_t max)
{
    size_t used = 0;
    size_t n = td_read_frames(c->bytes, c->len, out, max, &used);
    CHECK_EQ(used, c->len);
    return n;
}

lst_stats stats_now(void)
{
    lst_stats stats;
    lst_get_stats(&stats);
    return stats;
}

void record_notes(int count, const char *text)
{
    for (int i = 0; i < count; i++) {
        lst_note(text);
    }
}

int main(int argc, char **argv)
{
    size_t count = sizeof tests / sizeof tests[0];
    int ran = 0;
    for (size_t i = 0; i < count; i++) {
        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) {
            continue;
        }
        int before = failures;
        tests[i].run();
        lst_stop();
        printf("%s: %s\n", failures == before ? "ok" : "FAILED", tests[i].name);
        ran++;
    }
    if (ran == 0) {
        fprintf(stderr, "no test named '%s'\n", argc > 1 ? argv[1] : "");
        return 2;
    }
    return failures == 0 ? 0 : 1;
}
