/* The RAM ring buffer sink: frames are appended to lst_ring.data, the oldest bytes are
 * overwritten, and head/wraps say where the newest end is. Runs inside the recorder's
 * critical section, so it needs no lock of its own. */
#include "lst_ring.h"

LST_RING_ATTRIBUTES lst_ring_buffer lst_ring;

void lst_ring_clear(void)
{
    lst_ring.magic[0] = 'L';
    lst_ring.magic[1] = 'S';
    lst_ring.magic[2] = 'R';
    lst_ring.magic[3] = 'B';
    lst_ring.capacity = LST_RING_BYTES;
    lst_ring.head = 0;
    lst_ring.wraps = 0;
}

static void copy(uint8_t *to, const uint8_t *from, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        to[i] = from[i];
    }
}

static int ring_commit(const lst_sink *sink, const uint8_t *frame, size_t len)
{
    (void)sink;
    if (len > LST_RING_BYTES) {
        return 0;   /* would overwrite itself */
    }
    /* Bytes first, head last: a debugger that stops the core in between sees the frames
     * up to the old head intact and this one's bytes as damage the reader skips. */
    size_t head = lst_ring.head;
    size_t room = LST_RING_BYTES - head;
    if (len < room) {
        copy(lst_ring.data + head, frame, len);
        lst_ring.head = (uint32_t)(head + len);
    } else {
        copy(lst_ring.data + head, frame, room);
        copy(lst_ring.data, frame + room, len - room);
        lst_ring.head = (uint32_t)(len - room);
        lst_ring.wraps++;
    }
    return 1;
}

lst_sink lst_ring_sink(void)
{
    /* A descriptor that is already valid is kept: with lst_ring in a .noinit section the
     * previous boot's frames survive a warm reset, ahead of this boot's HEADER. */
    if (lst_ring.magic[0] != 'L' || lst_ring.magic[1] != 'S' || lst_ring.magic[2] != 'R' ||
        lst_ring.magic[3] != 'B' || lst_ring.capacity != LST_RING_BYTES ||
        lst_ring.head >= LST_RING_BYTES) {
        lst_ring_clear();
    }
    return lst_custom_sink(ring_commit, NULL, &lst_ring);
}
