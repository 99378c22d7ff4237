/* The raw byte-stream sink: each frame as it is, to the user's write function. */
#include "lst_recorder.h"

static int stream_commit(const lst_sink *sink, const uint8_t *frame, size_t len)
{
    return sink->write(sink->ctx, frame, len);
}

lst_sink lst_stream_sink(lst_write_fn write, void *ctx)
{
    return lst_custom_sink(stream_commit, write, ctx);
}
