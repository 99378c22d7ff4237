/* The tests' independent frame decoder; see trace_decoder.h. */
#include "trace_decoder.h"

uint32_t td_crc32(const uint8_t *bytes, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
    }
    return ~crc;
}

static uint32_t u32_le(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

size_t td_read_frame(const uint8_t *bytes, size_t n, td_frame *out)
{
    if (n < 10 || bytes[0] != 0xA5 || bytes[1] != 0x5C) {
        return 0;
    }
    size_t length = bytes[5] & 0x7Fu;
    size_t head = 6;
    if (bytes[5] & 0x80u) {
        length |= (size_t)bytes[6] << 7;
        head = 7;
        if (bytes[6] & 0x80u) {
            return 0;
        }
    }
    if (length > 1024 || n < head + length + 4) {
        return 0;
    }
    if (td_crc32(bytes + 2, head - 2 + length) != u32_le(bytes + head + length)) {
        return 0;
    }
    out->type = bytes[2];
    out->seq = (uint16_t)(bytes[3] | (bytes[4] << 8));
    out->payload = bytes + head;
    out->length = length;
    out->size = head + length + 4;
    return out->size;
}

size_t td_read_frames(const uint8_t *bytes, size_t n, td_frame *out, size_t max, size_t *used)
{
    size_t count = 0;
    size_t at = 0;
    while (count < max && at < n) {
        size_t size = td_read_frame(bytes + at, n - at, &out[count]);
        if (size == 0) {
            break;
        }
        at += size;
        count++;
    }
    if (used != NULL) {
        *used = at;
    }
    return count;
}

td_fields td_fields_of(const td_frame *frame)
{
    td_fields r;
    r.p = frame->payload;
    r.end = frame->payload + frame->length;
    r.bad = 0;
    return r;
}

uint64_t td_varint(td_fields *r)
{
    uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (r->p == r->end) {
            r->bad = 1;
            return 0;
        }
        uint8_t byte = *r->p++;
        value |= (uint64_t)(byte & 0x7Fu) << shift;
        if ((byte & 0x80u) == 0) {
            if (byte == 0 && shift > 0) {
                r->bad = 1;   /* a redundant continuation: not minimal */
            }
            return value;
        }
    }
    r->bad = 1;
    return 0;
}

size_t td_string(td_fields *r, char *out, size_t cap)
{
    uint64_t len = td_varint(r);
    if (r->bad || len >= cap || len > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        out[0] = '\0';
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        out[i] = (char)r->p[i];
    }
    out[len] = '\0';
    r->p += len;
    return (size_t)len;
}

size_t td_stack(td_fields *r, uint64_t *out, size_t max)
{
    uint64_t count = td_varint(r);
    if (count > 64 || count > max) {
        r->bad = 1;
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        uint64_t v = td_varint(r);
        if (i == 0) {
            out[0] = v;
        } else {
            uint64_t delta = (v >> 1) ^ (0u - (v & 1u));   /* un-zigzag, as two's complement */
            out[i] = out[i - 1] + delta;
        }
    }
    return (size_t)count;
}

int td_done(const td_fields *r)
{
    return !r->bad && r->p == r->end;
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

size_t td_base64_decode(const char *text, size_t n, uint8_t *out)
{
    if (n % 4 != 0) {
        return (size_t)-1;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        int pad = (text[i + 3] == '=') + (text[i + 2] == '=');
        if (pad > 0 && i + 4 != n) {
            return (size_t)-1;
        }
        uint32_t group = 0;
        for (int k = 0; k < 4; k++) {
            int v = k >= 4 - pad ? 0 : base64_value(text[i + (size_t)k]);
            if (v < 0) {
                return (size_t)-1;
            }
            group = (group << 6) | (uint32_t)v;
        }
        out[o++] = (uint8_t)(group >> 16);
        if (pad < 2) out[o++] = (uint8_t)(group >> 8);
        if (pad < 1) out[o++] = (uint8_t)group;
    }
    return o;
}
