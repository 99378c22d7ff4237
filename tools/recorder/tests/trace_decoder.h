/* A tiny decoder of docs/trace-format.md frames, written from the spec for the recorder's
 * tests and sharing no code with the recorder: what the recorder writes is checked against
 * an independent reading (bitwise CRC, its own varint and base64 code).
 *
 *   td_frame f;
 *   size_t used = td_read_frame(bytes, n, &f);     // 0: not a whole, valid frame here
 *   td_fields r = td_fields_of(&f);
 *   uint64_t time = td_varint(&r);
 *   ...
 *   CHECK(td_done(&r));                             // every byte read, nothing malformed
 */
#ifndef TD_TRACE_DECODER_H
#define TD_TRACE_DECODER_H

#include <stddef.h>
#include <stdint.h>

typedef struct td_frame {
    uint8_t type;
    uint16_t seq;
    const uint8_t *payload;
    size_t length;       /* payload bytes */
    size_t size;         /* whole frame, sync through CRC */
} td_frame;

/* Reads the frame starting at bytes[0]: returns its size, or 0 when there is no sync word,
 * the length is over 1024, the bytes end early or the CRC does not match. */
size_t td_read_frame(const uint8_t *bytes, size_t n, td_frame *out);

/* Reads frames back to back; returns how many, stopping at max or at the first bad one
 * (*used gets the bytes consumed). */
size_t td_read_frames(const uint8_t *bytes, size_t n, td_frame *out, size_t max, size_t *used);

/* A cursor over a payload's fields. `bad` is set by any malformed or truncated field and by
 * a varint that is not minimal (writers must write minimal ones). */
typedef struct td_fields {
    const uint8_t *p;
    const uint8_t *end;
    int bad;
} td_fields;

td_fields td_fields_of(const td_frame *frame);
uint64_t td_varint(td_fields *r);
/* A string or bytes field, copied NUL-terminated into out; returns its length. */
size_t td_string(td_fields *r, char *out, size_t cap);
/* A stack field: addresses summed from the zigzag deltas (mod 2^64); returns the count. */
size_t td_stack(td_fields *r, uint64_t *out, size_t max);
/* Nonzero when every byte was read and nothing was bad. */
int td_done(const td_fields *r);

uint32_t td_crc32(const uint8_t *bytes, size_t n);

/* Standard base64 with '=' padding; returns the decoded length or (size_t)-1. */
size_t td_base64_decode(const char *text, size_t n, uint8_t *out);

#endif
