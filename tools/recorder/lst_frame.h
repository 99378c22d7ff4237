/* Frame encoding of docs/trace-format.md: varints, strings, stacks, framing and CRC-32.
 * Internal to the recorder; pure functions over caller buffers, no state.
 *
 *   uint8_t buf[LST_FRAME_BUFFER(LST_LOSS_PAYLOAD_MAX)];
 *   uint8_t *p = lst_payload(buf);            // payload goes after room for the header
 *   p = lst_put_varint(p, time);
 *   ...
 *   uint8_t *frame;
 *   size_t len = lst_frame_seal(buf, p, LST_TYPE_LOSS, &frame);   // sync, type, length
 *   lst_frame_stamp(frame, len, seq);          // seq and CRC: frame[0..len) is complete
 *
 * Sealing and stamping are separate because the sequence number is only final inside the
 * recorder's critical section (lst_recorder.c).
 */
#ifndef LST_FRAME_H
#define LST_FRAME_H

#include "lst_config.h"

enum {
    LST_TYPE_HEADER = 0x01,
    LST_TYPE_BOOT = 0x02,
    LST_TYPE_TASK = 0x03,
    LST_TYPE_ALLOC = 0x04,
    LST_TYPE_FREE = 0x05,
    LST_TYPE_REALLOC = 0x06,
    LST_TYPE_HEAP = 0x07,
    LST_TYPE_MARKER = 0x08,
    LST_TYPE_LOSS = 0x09,
    LST_TYPE_HEAP_NAME = 0x0A
};

#define LST_VERSION_MAJOR 1
#define LST_VERSION_MINOR 0

/* Where the payload starts in a buffer of LST_FRAME_BUFFER(n) bytes. */
#define lst_payload(buf) ((buf) + LST_FRAME_HEAD)

/* Minimal unsigned LEB128; returns the byte after the varint. */
uint8_t *lst_put_varint(uint8_t *p, uint64_t value);
/* Length varint + bytes, cut to max bytes. */
uint8_t *lst_put_bytes(uint8_t *p, const uint8_t *bytes, size_t len, size_t max);
/* Length varint + the bytes of a C string (NULL = empty), cut to max bytes on a UTF-8
 * character boundary so the reader never sees half a character. */
uint8_t *lst_put_string(uint8_t *p, const char *text, size_t max);
/* Count + first address + zigzag deltas; depth is cut to LST_MAX_STACK. */
uint8_t *lst_put_stack(uint8_t *p, const uintptr_t *stack, size_t depth);

/* Writes sync, type and length in front of the payload [lst_payload(buf), payload_end) and
 * returns the frame's full length, CRC included; *frame gets its first byte. */
size_t lst_frame_seal(uint8_t *buf, const uint8_t *payload_end, uint8_t type, uint8_t **frame);
/* Writes seq and the CRC-32 of a sealed frame of len bytes. */
void lst_frame_stamp(uint8_t *frame, size_t len, uint16_t seq);

/* CRC-32/ISO-HDLC (zlib's crc32) of n bytes. */
uint32_t lst_crc32(const uint8_t *bytes, size_t n);

#endif
