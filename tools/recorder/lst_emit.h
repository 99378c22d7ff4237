/* How record builders hand a finished payload to the recorder core (lst_recorder.c).
 * Internal to the recorder.
 *
 *   if (!lst_may_record()) return;                // not started, or the sink recursing
 *   uint8_t buf[LST_FRAME_BUFFER(LST_HEAP_PAYLOAD_MAX)];
 *   lst_time_t now = LST_TIME();
 *   uint8_t *p = lst_payload(buf);
 *   ... encode the fields ...
 *   lst_emit(buf, p, LST_TYPE_HEAP, now);
 */
#ifndef LST_EMIT_H
#define LST_EMIT_H

#include "lst_frame.h"
#include "lst_recorder.h"

/* Nonzero when a record may be made now: the recorder is started and this core is not
 * inside the sink (a sink that allocates would otherwise record itself, recursively). */
int lst_may_record(void);

/* Frames the payload [lst_payload(buf), payload_end) as a record of `type`, gives it the
 * next sequence number and commits it to the sink, after a LOSS record when earlier records
 * were dropped. `now` is the record's time, which such a LOSS record carries too. */
void lst_emit(uint8_t *buf, const uint8_t *payload_end, uint8_t type, lst_time_t now);

#endif
