/* Recorder core: start/stop, the HEADER and BOOT records, sequence numbers, the commit of
 * each frame to the sink, drops and LOSS records, and the re-entrancy guard.
 *
 * Concurrency. A record is built and framed on its caller's stack, outside any lock; only the
 * commit runs inside LST_ENTER_CRITICAL(). The frame is stamped (seq + CRC) before the
 * critical section with the sequence number that is current then, which stays right unless
 * an interrupt or another task committed a frame in between; the commit sees that and
 * stamps again, inside the section, with the number that is now current. So the common
 * path keeps the CRC out of the critical section, frames reach the sink in seq order, and
 * the rare path costs one more CRC there.
 */
#include "lst_emit.h"

static struct {
    lst_sink sink;
    uint16_t seq;          /* sequence number of the next frame, written or dropped */
    uint8_t started;
    /* LST_CORE_ID() + 1 of the core inside sink.commit, 0 when none: a record attempted on
     * that core meanwhile can only come from the sink itself (interrupts are masked). */
    volatile unsigned in_sink;
    uint32_t unreported;   /* records dropped since the last LOSS the sink took */
    uint32_t unreported_bytes;
    lst_stats stats;
} state;

int lst_may_record(void)
{
    if (!state.started) {
        return 0;
    }
    if (state.in_sink == LST_CORE_ID() + 1u) {
        state.stats.reentered++;
        return 0;
    }
    return 1;
}

static void count_taken(size_t len)
{
    state.stats.frames++;
    state.stats.bytes += (uint32_t)len;
}

/* Called inside the critical section: a LOSS record for the drops not yet reported, with the
 * current sequence number. Returns nonzero when the sink took it. */
static int commit_loss(lst_time_t now)
{
    uint8_t buf[LST_FRAME_BUFFER(LST_LOSS_PAYLOAD_MAX)];
    uint8_t *p = lst_payload(buf);
    p = lst_put_varint(p, (uint64_t)now);
    p = lst_put_varint(p, state.unreported);
    p = lst_put_varint(p, state.unreported_bytes);
    uint8_t *frame;
    size_t len = lst_frame_seal(buf, p, LST_TYPE_LOSS, &frame);
    lst_frame_stamp(frame, len, state.seq);
    if (!state.sink.commit(&state.sink, frame, len)) {
        return 0;
    }
    count_taken(len);
    state.seq++;
    state.unreported = 0;
    state.unreported_bytes = 0;
    return 1;
}

void lst_emit(uint8_t *buf, const uint8_t *payload_end, uint8_t type, lst_time_t now)
{
    uint8_t *frame;
    size_t len = lst_frame_seal(buf, payload_end, type, &frame);
    uint16_t stamped = state.seq;
    lst_frame_stamp(frame, len, stamped);

    LST_ENTER_CRITICAL();
    state.in_sink = LST_CORE_ID() + 1u;
    /* A LOSS goes out before the next record that fits; while the sink still refuses, this
     * record is dropped as well and the count grows. */
    int taken = state.unreported == 0 || commit_loss(now);
    if (taken) {
        if (stamped != state.seq) {
            lst_frame_stamp(frame, len, state.seq);
        }
        taken = state.sink.commit(&state.sink, frame, len);
    }
    if (taken) {
        count_taken(len);
    } else {
        state.stats.dropped++;
        state.unreported++;
        state.unreported_bytes += (uint32_t)len;
    }
    state.seq++;   /* a dropped record's number is skipped: the LOSS record accounts for it */
    state.in_sink = 0;
    LST_EXIT_CRITICAL();
}

static void emit_header(const lst_start_info *info)
{
    uint8_t buf[LST_FRAME_BUFFER(LST_HEADER_PAYLOAD_MAX)];
    uint8_t *p = lst_payload(buf);
    p = lst_put_varint(p, LST_VERSION_MAJOR);
    p = lst_put_varint(p, LST_VERSION_MINOR);
    p = lst_put_varint(p, LST_ARCH);
    p = lst_put_varint(p, sizeof(void *));
    p = lst_put_varint(p, (uint64_t)(LST_TICK_NS));
    p = lst_put_bytes(p, info->build_id, info->build_id_len, LST_ID_BYTES);
    p = lst_put_bytes(p, info->elf_sha256, info->elf_sha256_len, LST_ID_BYTES);
    p = lst_put_string(p, info->firmware, LST_FIRMWARE_BYTES);
    lst_emit(buf, p, LST_TYPE_HEADER, 0);
}

static void emit_boot(const lst_start_info *info)
{
    uint8_t buf[LST_FRAME_BUFFER(LST_BOOT_PAYLOAD_MAX)];
    uint8_t *p = lst_payload(buf);
    p = lst_put_varint(p, info->boot_count);
    p = lst_put_varint(p, info->reset_reason);
    p = lst_put_string(p, info->reset_reason_text, LST_NAME_BYTES);
    lst_emit(buf, p, LST_TYPE_BOOT, 0);
}

void lst_start(const lst_sink *sink, const lst_start_info *info)
{
    static const lst_start_info nothing;
    /* Field by field: a struct assignment may become a memcpy/memset call, and the recorder
     * calls no C library function. */
    state.started = 0;
    state.sink.commit = sink->commit;
    state.sink.write = sink->write;
    state.sink.ctx = sink->ctx;
    state.seq = 0;
    state.in_sink = 0;
    state.unreported = 0;
    state.unreported_bytes = 0;
    state.stats.frames = 0;
    state.stats.bytes = 0;
    state.stats.dropped = 0;
    state.stats.reentered = 0;
    /* HEADER and BOOT must be seq 0 and 1: other records wait until they are out. */
    emit_header(info != NULL ? info : &nothing);
    emit_boot(info != NULL ? info : &nothing);
    state.started = 1;
}

void lst_stop(void)
{
    state.started = 0;
}

void lst_get_stats(lst_stats *out)
{
    out->frames = state.stats.frames;
    out->bytes = state.stats.bytes;
    out->dropped = state.stats.dropped;
    out->reentered = state.stats.reentered;
}
