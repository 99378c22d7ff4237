/* Per-event cost of the recorder on a Cortex-M3, counted in instructions under QEMU:
 *
 *   qemu-system-arm -M mps2-an385 -icount shift=0 ... -kernel recorder_bench.elf
 *
 * With -icount every instruction advances virtual time by the same step, so SysTick ticks
 * are proportional to instructions executed; a loop of a known instruction count calibrates
 * the ratio. Each case runs N times between two SysTick readings; the same loop around an
 * empty function of the same shape is subtracted. Output: one line per case on UART0. */
#include <stdlib.h>

#include "bench_board.h"
#include "lst_recorder.h"
#include "lst_ring.h"

#define N 1000u

volatile uint32_t bench_now = 1000;
volatile int bench_use_unwinder;
extern size_t bench_unwind_last_depth;
volatile uintptr_t bench_task = 0x20001a04u;

void *__real_malloc(size_t size);
void __real_free(void *ptr);

/* Return addresses as a Cortex-M firmware in flash at 0x08000000 has them (Thumb bit set). */
static const uintptr_t stack8[8] = { 0x08000c5bu, 0x08000e27u, 0x08000697u, 0x0800013du,
                                     0x08001a01u, 0x08000301u, 0x08000455u, 0x08000233u };

static uint32_t insns_per_1024_ticks;

static void spin(uint32_t n)
{
    /* Two instructions per turn. */
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
}

static void calibrate(void)
{
    uint32_t turns = 200000u;
    uint32_t start = board_ticks();
    spin(turns);
    uint32_t ticks = board_elapsed(start, board_ticks());
    insns_per_1024_ticks = (uint32_t)(((uint64_t)2u * turns * 1024u) / ticks);
}

static uint32_t insns(uint32_t ticks)
{
    return (uint32_t)(((uint64_t)ticks * insns_per_1024_ticks) / 1024u);
}

typedef void (*bench_case)(uint32_t i);

/* Instructions per call of run(i), loop and call overhead excluded. */
static uint32_t measure(bench_case run, bench_case empty)
{
    uint32_t start = board_ticks();
    for (uint32_t i = 0; i < N; i++) {
        run(i);
    }
    uint32_t used = board_elapsed(start, board_ticks());
    start = board_ticks();
    for (uint32_t i = 0; i < N; i++) {
        empty(i);
    }
    uint32_t overhead = board_elapsed(start, board_ticks());
    return insns(used > overhead ? used - overhead : 0) / N;
}

__attribute__((noinline)) static void nothing(uint32_t i)
{
    __asm__ volatile("" : : "r"(i));
}

static void *block(uint32_t i)
{
    return (void *)(uintptr_t)(0x20001c40u + 16u * (i & 63u));
}

__attribute__((noinline)) static void alloc_depth1(uint32_t i)
{
    lst_record_alloc_stack(block(i), 96, 0, stack8, 1);
}
__attribute__((noinline)) static void alloc_depth4(uint32_t i)
{
    lst_record_alloc_stack(block(i), 96, 0, stack8, 4);
}
__attribute__((noinline)) static void alloc_depth8(uint32_t i)
{
    lst_record_alloc_stack(block(i), 96, 0, stack8, 8);
}
__attribute__((noinline)) static void free_depth1(uint32_t i)
{
    lst_record_free_stack(block(i), stack8, 1);
}
__attribute__((noinline)) static void heap_sample(uint32_t i)
{
    lst_heap_sample(0, 40000u - i, 30000u, 16384u, 65536u);
}
/* The volatile pointer keeps GCC from removing a malloc whose block is never used. */
__attribute__((noinline)) static void wrapped_malloc_free(uint32_t i)
{
    void *volatile p = malloc(32u + (i & 7u));
    free(p);
}
__attribute__((noinline)) static void real_malloc_free(uint32_t i)
{
    void *volatile p = __real_malloc(32u + (i & 7u));
    __real_free(p);
}

static uint8_t frame[64];
static size_t frame_len;
static lst_sink measured_sink;

__attribute__((noinline)) static void commit_only(uint32_t i)
{
    (void)i;
    measured_sink.commit(&measured_sink, frame, frame_len);
}

__attribute__((noinline)) static void crc_1k(uint32_t i)
{
    extern uint32_t lst_crc32(const uint8_t *bytes, size_t n);
    (void)lst_crc32((const uint8_t *)stack8 + (i & 1u), 1024u);
}

static int take_all(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    if (frame_len == 0 && len <= sizeof frame) {   /* keep one frame for commit_only */
        for (size_t k = 0; k < len; k++) {
            frame[k] = bytes[k];
        }
        frame_len = len;
    }
    return 1;
}

/* The spec's example frame (docs/trace-format.md), built on the device: the same bytes as
 * the host tests check, from a 32-bit little-endian Thumb build. */
static uint8_t example[64];
static size_t example_len;

static int keep_last(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    example_len = len <= sizeof example ? len : 0;
    for (size_t k = 0; k < example_len; k++) {
        example[k] = bytes[k];
    }
    return 1;
}

static int spec_example_matches(void)
{
    static const uint8_t want[] = {
        0xa5, 0x5c, 0x04, 0x07, 0x00, 0x15, 0xe8, 0x07, 0xc0, 0xb8, 0x80, 0x80, 0x02,
        0x60, 0x84, 0xb4, 0x80, 0x80, 0x02, 0x00, 0x03, 0xdb, 0x18, 0x98, 0x07, 0x9f,
        0x1e, 0xdc, 0x73, 0x11, 0x4b,
    };
    static const uintptr_t example_stack[] = { 0xc5b, 0xe27, 0x697 };
    lst_sink sink = lst_stream_sink(keep_last, NULL);
    lst_start(&sink, NULL);   /* HEADER 0, BOOT 1, notes 2..6, the ALLOC 7 */
    for (int k = 0; k < 5; k++) {
        lst_note("warm-up");
    }
    bench_now = 1000;
    bench_task = 0x20001a04u;
    lst_record_alloc_stack((void *)(uintptr_t)0x20001c40u, 96, 0, example_stack, 3);
    lst_stop();
    if (example_len != sizeof want) {
        return 0;
    }
    for (size_t k = 0; k < sizeof want; k++) {
        if (example[k] != want[k]) {
            return 0;
        }
    }
    return 1;
}

static uint32_t bytes_so_far(void)
{
    lst_stats stats;
    lst_get_stats(&stats);
    return stats.bytes;
}

static void report(const char *name, uint32_t cost, uint32_t bytes_before)
{
    board_print(name);
    board_print(": insns=");
    board_print_uint(cost);
    if (bytes_before != UINT32_MAX) {
        board_print(" bytes=");
        board_print_uint((bytes_so_far() - bytes_before) / N);
    }
    board_print("\n");
}

static void run_case(const char *name, bench_case run)
{
    uint32_t before = bytes_so_far();
    report(name, measure(run, nothing), before);
}

int main(void)
{
    if (!spec_example_matches()) {
        board_print("bench: the spec's example frame came out different\n");
        return 1;
    }
    board_print("bench: spec example frame matches, byte for byte\n");
    calibrate();
    board_print("bench: insns per 1024 SysTick ticks ");
    board_print_uint(insns_per_1024_ticks);
    board_print("\n");

    lst_sink ring = lst_ring_sink();
    lst_start(&ring, NULL);
    run_case("ring alloc stack=1", alloc_depth1);
    run_case("ring alloc stack=4", alloc_depth4);
    run_case("ring alloc stack=8", alloc_depth8);
    run_case("ring free stack=1", free_depth1);
    run_case("ring heap sample", heap_sample);
    run_case("ring malloc+free via --wrap", wrapped_malloc_free);
    bench_use_unwinder = 1;
    run_case("ring malloc+free via --wrap, EHABI unwinder", wrapped_malloc_free);
    bench_use_unwinder = 0;
    board_print("unwinder stack depth (malloc and free, 8 at most): ");
    board_print_uint((uint32_t)bench_unwind_last_depth);
    board_print("\n");
    lst_stop();
    report("newlib malloc+free alone", measure(real_malloc_free, nothing), UINT32_MAX);

    lst_sink stream = lst_stream_sink(take_all, NULL);
    lst_start(&stream, NULL);
    run_case("stream alloc stack=4", alloc_depth4);
    frame_len = 0;
    alloc_depth4(0);   /* keeps this frame for the commit-only cases */
    lst_sink lines = lst_line_sink(take_all, NULL);
    lst_start(&lines, NULL);
    run_case("line alloc stack=4", alloc_depth4);
    lst_stop();

    board_print("frame for commit-only cases: ");
    board_print_uint((uint32_t)frame_len);
    board_print(" bytes\n");
    measured_sink = lst_ring_sink();
    report("ring commit (critical section body)", measure(commit_only, nothing), UINT32_MAX);
    measured_sink = lst_line_sink(take_all, NULL);
    report("line commit (critical section body)", measure(commit_only, nothing), UINT32_MAX);
    report("crc32 of 1024 bytes", measure(crc_1k, nothing), UINT32_MAX);
    board_print("bench: done\n");
    return 0;
}
