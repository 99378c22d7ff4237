/* The frame layout itself: the spec's example byte for byte, varints and stack deltas. */
#include <string.h>

#include "recorder_test.h"

/* docs/trace-format.md, "Example": an ALLOC as frame number 7, CRC included. */
static const uint8_t spec_example[] = {
    0xa5, 0x5c, 0x04, 0x07, 0x00, 0x15, 0xe8, 0x07, 0xc0, 0xb8, 0x80, 0x80, 0x02,
    0x60, 0x84, 0xb4, 0x80, 0x80, 0x02, 0x00, 0x03, 0xdb, 0x18, 0x98, 0x07, 0x9f,
    0x1e, 0xdc, 0x73, 0x11, 0x4b,
};

TEST(spec_example_frame)
{
    capture c;
    start_capture(&c, 0, 0);
    record_notes(5, "warm-up");   /* HEADER 0, BOOT 1, notes 2..6: the ALLOC is frame 7 */
    c.len = 0;
    test_clock = 1000;
    test_task = 0x20001a04u;
    const uintptr_t stack[] = { 0xc5b, 0xe27, 0x697 };
    lst_record_alloc_stack((const void *)(uintptr_t)0x20001c40u, 96, 0, stack, 3);

    CHECK_EQ(c.len, sizeof spec_example);
    CHECK(memcmp(c.bytes, spec_example, sizeof spec_example) == 0);
    /* The decoder agrees on the CRC, computed bitwise. */
    td_frame f;
    CHECK_EQ(td_read_frame(spec_example, sizeof spec_example, &f), sizeof spec_example);
    CHECK_EQ(f.seq, 7);
}

TEST(varints_are_minimal_and_deltas_wrap)
{
    capture c;
    start_capture(&c, 0, 0);
    /* HEAP fields cross every varint length boundary up to 32 bits. */
    test_clock = 127;
    lst_heap_sample(128, 16383, 16384, 0xFFFFFFFFu, 0);
    /* Deltas: back and forth across the 32-bit range (33-bit zigzag values), and on a
     * 64-bit host across the top of the address space (the difference wraps mod 2^64). */
    uintptr_t stack[4] = { 0x10u, 0xF0000000u, 0x0u, 0xFFFFFFFFu };
    if (sizeof(uintptr_t) == 8) {
        stack[2] = (uintptr_t)UINT64_C(0xFFFFFFFFFFFFFFF0);
        stack[3] = 0x20u;
    }
    lst_record_free_stack((const void *)(uintptr_t)0x1000u, stack, 4);

    td_frame f[2];
    CHECK_EQ(capture_frames(&c, f, 2), 2);
    td_fields r = td_fields_of(&f[0]);
    CHECK_EQ(td_varint(&r), 127);
    CHECK_EQ(td_varint(&r), 128);
    CHECK_EQ(td_varint(&r), 16383);
    CHECK_EQ(td_varint(&r), 16384);
    CHECK_EQ(td_varint(&r), 0xFFFFFFFFu);
    CHECK_EQ(td_varint(&r), 0);
    CHECK(td_done(&r));
    /* Exact bytes of 127, 128, 16383, 16384, 2^32-1. */
    static const uint8_t heap_fields[] = { 0x7f, 0x80, 0x01, 0xff, 0x7f, 0x80, 0x80, 0x01,
                                           0xff, 0xff, 0xff, 0xff, 0x0f, 0x00 };
    CHECK_EQ(f[0].length, sizeof heap_fields);
    CHECK(memcmp(f[0].payload, heap_fields, sizeof heap_fields) == 0);

    r = td_fields_of(&f[1]);
    td_varint(&r);
    CHECK_EQ(td_varint(&r), 0x1000u);
    td_varint(&r);
    uint64_t got[4];
    CHECK_EQ(td_stack(&r, got, 4), 4);
    CHECK(td_done(&r));
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(got[i], stack[i]);
    }
}
