/* The text-line sink: "LSTRACE:" + base64 (RFC 4648, '=' padded) of one frame + "\r\n",
 * the third carrier of docs/trace-format.md, so trace frames share a UART with the log.
 *
 * The line is formatted in one static buffer: commits are serialised by the recorder's
 * critical section, and this keeps LST_LINE_BYTES off the stack of every task that calls
 * malloc. */
#include "lst_recorder.h"

static uint8_t line[LST_LINE_BYTES];

static const char base64_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t put_base64(uint8_t *out, const uint8_t *in, size_t len)
{
    uint8_t *o = out;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t group = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8) | in[i + 2];
        *o++ = (uint8_t)base64_digits[group >> 18];
        *o++ = (uint8_t)base64_digits[(group >> 12) & 0x3Fu];
        *o++ = (uint8_t)base64_digits[(group >> 6) & 0x3Fu];
        *o++ = (uint8_t)base64_digits[group & 0x3Fu];
    }
    if (i < len) {
        uint32_t group = (uint32_t)in[i] << 16;
        if (i + 1 < len) {
            group |= (uint32_t)in[i + 1] << 8;
        }
        *o++ = (uint8_t)base64_digits[group >> 18];
        *o++ = (uint8_t)base64_digits[(group >> 12) & 0x3Fu];
        *o++ = i + 1 < len ? (uint8_t)base64_digits[(group >> 6) & 0x3Fu] : (uint8_t)'=';
        *o++ = '=';
    }
    return (size_t)(o - out);
}

/* The longest frame whose line fits: a constant, so no division at run time (Cortex-M0 and
 * LX106 have no divide instruction). */
#define LONGEST_FRAME (((LST_LINE_BYTES - 10) / 4) * 3)

static int line_commit(const lst_sink *sink, const uint8_t *frame, size_t len)
{
    static const char prefix[8] = { 'L', 'S', 'T', 'R', 'A', 'C', 'E', ':' };
    if (len > LONGEST_FRAME) {
        return 0;   /* dropped, counted by the next LOSS: size LST_LINE_BYTES for it */
    }
    for (size_t i = 0; i < sizeof prefix; i++) {
        line[i] = (uint8_t)prefix[i];
    }
    size_t n = sizeof prefix + put_base64(line + sizeof prefix, frame, len);
    line[n++] = '\r';
    line[n++] = '\n';
    return sink->write(sink->ctx, line, n);
}

lst_sink lst_line_sink(lst_write_fn write, void *ctx)
{
    return lst_custom_sink(line_commit, write, ctx);
}
