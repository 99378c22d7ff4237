/* Drops: a sink that refuses frames makes the recorder skip their sequence numbers and say
 * how many it lost in a LOSS record before the next record that gets out. */
#include "recorder_test.h"

TEST(loss_record_after_drops_with_seq_gap)
{
    capture c;
    start_capture(&c, 0, 0);
    test_clock = 5;
    c.reject = 1;
    record_notes(3, "lost");          /* seq 2, 3, 4: dropped */
    c.reject = 0;
    test_clock = 9;
    record_notes(2, "lost");          /* LOSS seq 5, notes seq 6 and 7 */

    td_frame f[3];
    CHECK_EQ(capture_frames(&c, f, 3), 3);
    CHECK_EQ(f[0].type, 0x09);
    CHECK_EQ(f[0].seq, 5);
    td_fields r = td_fields_of(&f[0]);
    CHECK_EQ(td_varint(&r), 9);                 /* time of the record it precedes */
    CHECK_EQ(td_varint(&r), 3);                 /* records */
    CHECK_EQ(td_varint(&r), 3 * f[1].size);    /* bytes: three notes like the one that got out */
    CHECK(td_done(&r));
    CHECK_EQ(f[1].type, 0x08);
    CHECK_EQ(f[1].seq, 6);
    CHECK_EQ(f[2].seq, 7);
    lst_stats stats = stats_now();
    CHECK_EQ(stats.dropped, 3);
    CHECK_EQ(stats.frames, 2 + 3);
}

TEST(loss_refused_drops_the_record_too)
{
    capture c;
    start_capture(&c, 0, 0);
    c.reject = 1;
    record_notes(2, "x");             /* seq 2, 3 dropped */
    c.reject = 0;
    c.reject_next = 1;                /* the LOSS is refused: the note (seq 4) is dropped too */
    record_notes(1, "x");
    record_notes(1, "x");             /* LOSS seq 5 (3 records), note seq 6 */

    td_frame f[2];
    CHECK_EQ(capture_frames(&c, f, 2), 2);
    CHECK_EQ(f[0].type, 0x09);
    CHECK_EQ(f[0].seq, 5);
    td_fields r = td_fields_of(&f[0]);
    td_varint(&r);
    CHECK_EQ(td_varint(&r), 3);
    CHECK_EQ(f[1].seq, 6);
    /* One LOSS per episode: the count was reported, the next record goes out alone. */
    c.len = 0;
    record_notes(1, "x");
    CHECK_EQ(capture_frames(&c, f, 2), 1);
    CHECK_EQ(f[0].seq, 7);
}
