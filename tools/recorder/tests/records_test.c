/* Every record type, decoded field by field as docs/trace-format.md lists them. */
#include <string.h>

#include "recorder_test.h"

TEST(header_and_boot_open_the_stream)
{
    capture c;
    memset(&c, 0, sizeof c);
    static const uint8_t build_id[] = { 0xde, 0xad, 0xbe };
    static const uint8_t sha[] = { 0x01, 0x02, 0x03, 0x04 };
    lst_start_info info = { 0 };
    info.build_id = build_id;
    info.build_id_len = sizeof build_id;
    info.elf_sha256 = sha;
    info.elf_sha256_len = sizeof sha;
    info.firmware = "gateway 1.0";
    info.boot_count = 2;
    info.reset_reason = 12;
    info.reset_reason_text = "SW_CPU_RESET";
    lst_sink sink = lst_stream_sink(capture_write, &c);
    lst_start(&sink, &info);

    td_frame f[2];
    CHECK_EQ(capture_frames(&c, f, 2), 2);
    CHECK_EQ(f[0].type, 0x01);
    CHECK_EQ(f[0].seq, 0);
    td_fields r = td_fields_of(&f[0]);
    char text[80];
    CHECK_EQ(td_varint(&r), 1);   /* version 1.0 */
    CHECK_EQ(td_varint(&r), 0);
    CHECK_EQ(td_varint(&r), LST_ARCH);
    CHECK_EQ(td_varint(&r), sizeof(void *));
    CHECK_EQ(td_varint(&r), 1000000);
    CHECK_EQ(td_string(&r, text, sizeof text), 3);
    CHECK(memcmp(text, build_id, 3) == 0);
    CHECK_EQ(td_string(&r, text, sizeof text), 4);
    CHECK(memcmp(text, sha, 4) == 0);
    td_string(&r, text, sizeof text);
    CHECK(strcmp(text, "gateway 1.0") == 0);
    CHECK(td_done(&r));

    CHECK_EQ(f[1].type, 0x02);
    CHECK_EQ(f[1].seq, 1);
    r = td_fields_of(&f[1]);
    CHECK_EQ(td_varint(&r), 2);
    CHECK_EQ(td_varint(&r), 12);
    td_string(&r, text, sizeof text);
    CHECK(strcmp(text, "SW_CPU_RESET") == 0);
    CHECK(td_done(&r));
}

/* Reads the fields every block record starts with and checks them. */
static void check_stack(td_fields *r, const uintptr_t *want, size_t n)
{
    uint64_t got[LST_MAX_STACK];
    CHECK_EQ(td_stack(r, got, LST_MAX_STACK), n);
    for (size_t i = 0; i < n; i++) {
        CHECK_EQ(got[i], want[i]);
    }
    CHECK(td_done(r));
}

TEST(every_record_type_as_the_spec_says)
{
    capture c;
    start_capture(&c, 0, 0);
    const uintptr_t stack[] = { 0x8001u, 0x8123u, 0x7001u, 0x9999u, 0x1u };
    test_task = 0x20001a04u;
    test_clock = 10;
    lst_task_name(0x20001a20u, "sensor");
    lst_task_event(0x20001a20u, LST_TASK_RENAMED, "sensor2");
    lst_task_deleted(0x20001a20u);
    test_clock = 11;
    lst_record_alloc_stack((void *)(uintptr_t)0x20002000u, 96, 4, stack, 5);   /* cut to 4 */
    lst_record_alloc_stack(NULL, 4096, 0, stack, 1);                           /* failed */
    lst_record_free_stack((void *)(uintptr_t)0x20002000u, stack, 2);
    lst_record_free_stack((void *)(uintptr_t)0x20002000u, NULL, 0);
    lst_record_free_stack(NULL, stack, 2);                                     /* not recorded */
    lst_record_realloc_stack((void *)(uintptr_t)0x20002000u, (void *)(uintptr_t)0x20003000u,
                             200, 1, stack, 3);
    lst_record_realloc_stack(NULL, NULL, 0, 1, stack, 3);                      /* not recorded */
    lst_heap_sample(1, 5000, 4000, 3000, 65536);
    lst_heap_name(1, "PSRAM");
    lst_marker(LST_MARKER_CYCLE_BEGIN, 12, "modem up");
    lst_marker(LST_MARKER_NOTE, 99, NULL);                                     /* number 0 */

    td_frame f[16];
    CHECK_EQ(capture_frames(&c, f, 16), 12);
    char text[80];
    static const char *const task_names[] = { "sensor", "sensor2", "" };
    for (unsigned i = 0; i < 3; i++) {   /* TASK: time task event name */
        td_fields r = td_fields_of(&f[i]);
        CHECK_EQ(f[i].type, 0x03);
        CHECK_EQ(td_varint(&r), 10);
        CHECK_EQ(td_varint(&r), 0x20001a20u);
        CHECK_EQ(td_varint(&r), i);
        td_string(&r, text, sizeof text);
        CHECK(strcmp(text, task_names[i]) == 0);
        CHECK(td_done(&r));
    }
    td_fields r = td_fields_of(&f[3]);   /* ALLOC: time address size task heap stack */
    CHECK_EQ(f[3].type, 0x04);
    CHECK_EQ(td_varint(&r), 11);
    CHECK_EQ(td_varint(&r), 0x20002000u);
    CHECK_EQ(td_varint(&r), 96);
    CHECK_EQ(td_varint(&r), 0x20001a04u);
    CHECK_EQ(td_varint(&r), 4);
    check_stack(&r, stack, 4);
    r = td_fields_of(&f[4]);
    CHECK_EQ(f[4].type, 0x04);
    td_varint(&r);
    CHECK_EQ(td_varint(&r), 0);
    CHECK_EQ(td_varint(&r), 4096);
    td_varint(&r);
    td_varint(&r);
    check_stack(&r, stack, 1);
    r = td_fields_of(&f[5]);   /* FREE: time address task stack */
    CHECK_EQ(f[5].type, 0x05);
    CHECK_EQ(td_varint(&r), 11);
    CHECK_EQ(td_varint(&r), 0x20002000u);
    CHECK_EQ(td_varint(&r), 0x20001a04u);
    check_stack(&r, stack, 2);
    r = td_fields_of(&f[6]);
    td_varint(&r);
    td_varint(&r);
    td_varint(&r);
    check_stack(&r, stack, 0);
    r = td_fields_of(&f[7]);   /* REALLOC: time old new size task heap stack */
    CHECK_EQ(f[7].type, 0x06);
    CHECK_EQ(td_varint(&r), 11);
    CHECK_EQ(td_varint(&r), 0x20002000u);
    CHECK_EQ(td_varint(&r), 0x20003000u);
    CHECK_EQ(td_varint(&r), 200);
    CHECK_EQ(td_varint(&r), 0x20001a04u);
    CHECK_EQ(td_varint(&r), 1);
    check_stack(&r, stack, 3);
    r = td_fields_of(&f[8]);   /* HEAP: time heap free min_free largest_free total */
    CHECK_EQ(f[8].type, 0x07);
    CHECK_EQ(td_varint(&r), 11);
    CHECK_EQ(td_varint(&r), 1);
    CHECK_EQ(td_varint(&r), 5000);
    CHECK_EQ(td_varint(&r), 4000);
    CHECK_EQ(td_varint(&r), 3000);
    CHECK_EQ(td_varint(&r), 65536);
    CHECK(td_done(&r));
    r = td_fields_of(&f[9]);   /* HEAP_NAME: heap name */
    CHECK_EQ(f[9].type, 0x0A);
    CHECK_EQ(td_varint(&r), 1);
    td_string(&r, text, sizeof text);
    CHECK(strcmp(text, "PSRAM") == 0);
    CHECK(td_done(&r));
    r = td_fields_of(&f[10]);   /* MARKER: time kind number text */
    CHECK_EQ(f[10].type, 0x08);
    CHECK_EQ(td_varint(&r), 11);
    CHECK_EQ(td_varint(&r), 1);
    CHECK_EQ(td_varint(&r), 12);
    td_string(&r, text, sizeof text);
    CHECK(strcmp(text, "modem up") == 0);
    CHECK(td_done(&r));
    r = td_fields_of(&f[11]);
    td_varint(&r);
    CHECK_EQ(td_varint(&r), 0);
    CHECK_EQ(td_varint(&r), 0);
    CHECK_EQ(td_string(&r, text, sizeof text), 0);
    CHECK(td_done(&r));
    /* Sequence numbers run on from BOOT (1) without gaps. */
    for (unsigned i = 0; i < 12; i++) {
        CHECK_EQ(f[i].seq, 2 + i);
    }
}

TEST(strings_are_cut_on_character_boundaries)
{
    capture c;
    start_capture(&c, 0, 0);
    /* 15 ASCII bytes then a 2-byte character: the cut at 16 would split it. */
    lst_task_name(1, "abcdefghijklmno\xc3\xa9xyz");
    lst_task_name(2, "abcdefghijklmnopqrstuvwxyz");   /* plain cut at 16 */
    char long_text[201];
    memset(long_text, 'm', 200);
    long_text[200] = '\0';
    lst_note(long_text);   /* cut to 128: the payload needs a two-byte length */

    td_frame f[3];
    CHECK_EQ(capture_frames(&c, f, 3), 3);
    char text[200];
    td_fields r = td_fields_of(&f[0]);
    td_varint(&r);
    td_varint(&r);
    td_varint(&r);
    CHECK_EQ(td_string(&r, text, sizeof text), 15);
    r = td_fields_of(&f[1]);
    td_varint(&r);
    td_varint(&r);
    td_varint(&r);
    CHECK_EQ(td_string(&r, text, sizeof text), 16);
    CHECK(strcmp(text, "abcdefghijklmnop") == 0);
    r = td_fields_of(&f[2]);
    td_varint(&r);
    td_varint(&r);
    td_varint(&r);
    CHECK_EQ(td_string(&r, text, sizeof text), 128);
    CHECK(td_done(&r));
    CHECK(f[2].length > 127);
    CHECK_EQ(f[2].payload - c.bytes - (long)(f[0].size + f[1].size), 7);   /* 7-byte header */
}
