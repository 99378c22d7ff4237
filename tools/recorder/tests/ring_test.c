/* The ring sink: lst_ring laid out as the spec's ring-buffer image, wrapping over its
 * oldest bytes. */
#include <string.h>

#include "lst_ring.h"
#include "recorder_test.h"

static uint32_t u32_at(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

TEST(ring_descriptor_and_overwrite_oldest)
{
    CHECK_EQ(sizeof lst_ring, 16 + 256);
    memset(&lst_ring, 0, sizeof lst_ring);
    lst_sink sink = lst_ring_sink();
    lst_start(&sink, NULL);
    const uint8_t *image = (const uint8_t *)&lst_ring;
    CHECK(memcmp(image, "LSRB", 4) == 0);
    CHECK_EQ(u32_at(image + 4), 256);
    size_t written = stats_now().bytes;   /* HEADER + BOOT */
    CHECK_EQ(u32_at(image + 8), written);
    CHECK_EQ(u32_at(image + 12), 0);

    /* 40 notes of 24 bytes (seq 2..41): 960 bytes and the start's, past the end 4 times. */
    for (int i = 0; i < 40; i++) {
        test_clock = (uint32_t)i;
        lst_note("0123456789");
    }
    written = stats_now().bytes;
    CHECK_EQ(stats_now().frames, 42);
    CHECK_EQ(u32_at(image + 8), written % 256);
    CHECK_EQ(u32_at(image + 12), written / 256);

    /* As the reader does: oldest byte at head, frames found by sync word and CRC. */
    uint8_t ordered[256];
    size_t head = lst_ring.head;
    memcpy(ordered, lst_ring.data + head, 256 - head);
    memcpy(ordered + 256 - head, lst_ring.data, head);
    td_frame f;
    size_t at = 0;
    int found = 0;
    int expected_seq = -1;
    while (at < 256) {
        size_t size = td_read_frame(ordered + at, 256 - at, &f);
        if (size == 0) {
            CHECK(found == 0);   /* only the partly overwritten first frame is damaged */
            at++;
            continue;
        }
        if (expected_seq >= 0) {
            CHECK_EQ(f.seq, expected_seq);
        }
        expected_seq = f.seq + 1;
        found++;
        at += size;
    }
    CHECK_EQ(at, 256);                /* the newest frame ends right before head */
    CHECK_EQ(expected_seq, 42);       /* ... and is the last one written */
    CHECK_EQ(f.size, 24);
    CHECK_EQ(found, 256 / 24);        /* the newest frames it has room for, all intact */

    /* A valid descriptor survives lst_ring_sink() (a warm reset with .noinit); clear resets. */
    sink = lst_ring_sink();
    CHECK_EQ(lst_ring.head, written % 256);
    lst_ring_clear();
    CHECK_EQ(lst_ring.head, 0);
    CHECK_EQ(lst_ring.wraps, 0);
}
