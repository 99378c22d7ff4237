/* README.md's EHABI unwinder sketch, as the benchmark's optional backtrace hook: the stack
 * starts at the frame whose return address is `caller`, found by libgcc's
 * _Unwind_Backtrace over .ARM.exidx (objects built with -funwind-tables). */
#include <unwind.h>

#include "lst_recorder.h"

size_t bench_unwind(uintptr_t *out, size_t max, const void *caller);
size_t bench_unwind_last_depth;

struct walk {
    uintptr_t *out;
    size_t max, n;
    uintptr_t caller;
    int found;
};

static _Unwind_Reason_Code on_frame(struct _Unwind_Context *ctx, void *arg)
{
    struct walk *w = arg;
    uintptr_t ra = _Unwind_GetGR(ctx, 15);   /* R15: return address, Thumb bit kept */
    w->found = w->found || ra == w->caller;
    if (w->found) {
        w->out[w->n++] = ra;
    }
    return w->n == w->max ? _URC_END_OF_STACK : _URC_NO_REASON;
}

size_t bench_unwind(uintptr_t *out, size_t max, const void *caller)
{
    struct walk w = { out, max, 0, (uintptr_t)caller, 0 };
    _Unwind_Backtrace(on_frame, &w);
    bench_unwind_last_depth = w.n;
    if (w.n == 0 && caller != NULL && max > 0) {
        out[w.n++] = (uintptr_t)caller;   /* no unwind info: keep the one frame we know */
    }
    return w.n;
}
