/* Frame encoding; see lst_frame.h. */
#include "lst_frame.h"

/* The format caps payloads at 1024 bytes; the settings of lst_config.h must stay below. (C99
 * has no static_assert: an array of negative size fails the build instead.) */
typedef char lst_payload_fits_the_format[LST_MAX_PAYLOAD_BYTES <= 1024 ? 1 : -1];

uint8_t *lst_put_varint(uint8_t *p, uint64_t value)
{
    /* Values past 32 bits (stack deltas, 64-bit hosts) are rare on a 32-bit device: the
     * loop over the narrow type does the common work without 64-bit shifts. */
    while (value > 0xFFFFFFFFu) {
        *p++ = (uint8_t)(value | 0x80u);
        value >>= 7;
    }
    uint32_t narrow = (uint32_t)value;
    while (narrow >= 0x80u) {
        *p++ = (uint8_t)(narrow | 0x80u);
        narrow >>= 7;
    }
    *p++ = (uint8_t)narrow;
    return p;
}

static uint8_t *put_raw(uint8_t *p, const uint8_t *bytes, size_t len)
{
    p = lst_put_varint(p, len);
    for (size_t i = 0; i < len; i++) {
        *p++ = bytes[i];
    }
    return p;
}

uint8_t *lst_put_bytes(uint8_t *p, const uint8_t *bytes, size_t len, size_t max)
{
    if (bytes == NULL) {
        len = 0;
    }
    return put_raw(p, bytes, len < max ? len : max);
}

uint8_t *lst_put_string(uint8_t *p, const char *text, size_t max)
{
    size_t len = 0;
    if (text != NULL) {
        while (len < max && text[len] != '\0') {
            len++;
        }
        /* Cut inside a character: back off while the first byte left out is a UTF-8
         * continuation byte (10xxxxxx). text[max] exists: the string did not end before. */
        if (len == max) {
            while (len > 0 && ((uint8_t)text[len] & 0xC0u) == 0x80u) {
                len--;
            }
        }
    }
    return put_raw(p, (const uint8_t *)text, len);
}

uint8_t *lst_put_stack(uint8_t *p, const uintptr_t *stack, size_t depth)
{
    if (depth > LST_MAX_STACK) {
        depth = LST_MAX_STACK;
    }
    *p++ = (uint8_t)depth;   /* at most 64: one varint byte */
    if (depth == 0) {
        return p;
    }
    p = lst_put_varint(p, stack[0]);
    for (size_t i = 1; i < depth; i++) {
        /* The difference modulo 2^64 read as signed is the true difference for 32-bit
         * addresses and the format's wrapping one for 64-bit addresses. */
        uint64_t delta = (uint64_t)stack[i] - (uint64_t)stack[i - 1];
        uint64_t sign = (delta >> 63) != 0 ? UINT64_MAX : 0u;
        p = lst_put_varint(p, (delta << 1) ^ sign);
    }
    return p;
}

size_t lst_frame_seal(uint8_t *buf, const uint8_t *payload_end, uint8_t type, uint8_t **frame)
{
    size_t payload = (size_t)(payload_end - lst_payload(buf));
    /* The header is 6 bytes when the length varint takes one byte: start one byte later
     * instead of moving the payload. */
    uint8_t *f = payload < 0x80u ? buf + 1 : buf;
    f[0] = 0xA5u;
    f[1] = 0x5Cu;
    f[2] = type;
    f[5] = (uint8_t)(payload < 0x80u ? payload : (payload | 0x80u));
    if (payload >= 0x80u) {
        f[6] = (uint8_t)(payload >> 7);
    }
    *frame = f;
    return (size_t)(payload_end - f) + LST_FRAME_CRC;
}

void lst_frame_stamp(uint8_t *frame, size_t len, uint16_t seq)
{
    frame[3] = (uint8_t)seq;
    frame[4] = (uint8_t)(seq >> 8);
    /* CRC from type through the end of the payload. */
    uint32_t crc = lst_crc32(frame + 2, len - 2 - LST_FRAME_CRC);
    uint8_t *out = frame + len - LST_FRAME_CRC;
    out[0] = (uint8_t)crc;
    out[1] = (uint8_t)(crc >> 8);
    out[2] = (uint8_t)(crc >> 16);
    out[3] = (uint8_t)(crc >> 24);
}

/* Half-byte table of the reflected polynomial 0xEDB88320: 64 bytes of constants and two
 * lookups per byte, against 1 KiB for a byte table or eight shift-and-xor steps per byte
 * bitwise (README.md has the measured cost of each frame's CRC). */
static const uint32_t crc_nibble[16] = {
    0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
    0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
    0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
};

uint32_t lst_crc32(const uint8_t *bytes, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= bytes[i];
        crc = (crc >> 4) ^ crc_nibble[crc & 0xFu];
        crc = (crc >> 4) ^ crc_nibble[crc & 0xFu];
    }
    return crc ^ 0xFFFFFFFFu;
}
