/* The text-line sink: one "LSTRACE:" + base64 line per frame, the same frames as the raw
 * stream sink writes for the same events. */
#include <string.h>

#include "recorder_test.h"

static void record_sample_events(void)
{
    test_clock = 1000;
    test_task = 0x20001a04u;
    const uintptr_t stack[] = { 0xc5b, 0xe27, 0x697 };
    /* Notes of 0 to 4 text bytes: frame lengths of every remainder mod 3; with HEADER and
     * BOOT before them the ALLOC is frame 7, the spec's example. */
    lst_note("");
    lst_note("a");
    lst_note("ab");
    lst_note("abc");
    lst_note("abcd");
    lst_record_alloc_stack((const void *)(uintptr_t)0x20001c40u, 96, 0, stack, 3);
}

TEST(line_sink_writes_base64_lines)
{
    static capture raw;
    static capture lines;
    start_capture(&raw, 0, 1);
    record_sample_events();
    start_capture(&lines, 1, 1);
    record_sample_events();

    td_frame f[10];
    size_t n = capture_frames(&raw, f, 10);
    CHECK_EQ(n, 8);
    CHECK_EQ(lines.calls, 8);   /* one write per line */
    const char *text = (const char *)lines.bytes;
    const char *end = text + lines.len;
    size_t frame_index = 0;
    while (text < end && frame_index < n) {
        const char *eol = memchr(text, '\r', (size_t)(end - text));
        CHECK(eol != NULL && eol + 1 < end && eol[1] == '\n');
        if (eol == NULL) {
            return;
        }
        CHECK(strncmp(text, "LSTRACE:", 8) == 0);
        uint8_t decoded[256];
        size_t len = td_base64_decode(text + 8, (size_t)(eol - text - 8), decoded);
        CHECK_EQ(len, f[frame_index].size);
        CHECK(len == f[frame_index].size &&
              memcmp(decoded, f[frame_index].payload - (f[frame_index].length > 127 ? 7 : 6),
                     len) == 0);
        frame_index++;
        text = eol + 2;
    }
    CHECK_EQ(frame_index, n);
    CHECK(text == end);
    /* The last line is the spec's example frame, whose base64 is known. */
    static const char example[] = "LSTRACE:pVwEBwAV6AfAuICAAmCEtICAAgAD2xiYB58e3HMRSw==\r\n";
    CHECK(lines.len > sizeof example - 1);
    CHECK(memcmp(end - (sizeof example - 1), example, sizeof example - 1) == 0);
}
