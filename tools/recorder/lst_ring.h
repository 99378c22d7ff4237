/* The RAM ring buffer sink's object, laid out as docs/trace-format.md's ring-buffer image,
 * so a debugger dump of it is a file `leakscope analyze` reads:
 *
 *   (gdb) dump binary memory ring.bin &lst_ring ((char*)&lst_ring)+sizeof(lst_ring)
 *
 *   lst_sink sink = lst_ring_sink();   // sets up the descriptor (kept if already valid)
 *   lst_start(&sink, &info);
 *
 * The descriptor fields are u32 little-endian in the format; they are stored as native
 * uint32_t, so the ring sink needs a little-endian target (every supported one is).
 */
#ifndef LST_RING_H
#define LST_RING_H

#include "lst_recorder.h"

#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#error "lst_ring stores its descriptor natively: it needs a little-endian target"
#endif

typedef struct lst_ring_buffer {
    char magic[4];       /* "LSRB" */
    uint32_t capacity;   /* LST_RING_BYTES */
    uint32_t head;       /* where the next byte goes */
    uint32_t wraps;      /* times writing went past the end and restarted at 0 */
    uint8_t data[LST_RING_BYTES];
} lst_ring_buffer;

extern lst_ring_buffer lst_ring;

/* Empties the ring (head 0, wraps 0). */
void lst_ring_clear(void);

#endif
