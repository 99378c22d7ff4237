#include "call_stack.h"

#include <stddef.h>
#include <stdint.h>
#include <unwind.h>

extern const char __text_end[];

struct walk {
    void **out;
    void **sp_out;
    int depth;
    int skip;
    int found;
};

static int is_code_address(uintptr_t addr)
{
    return addr > 0x40u && addr < (uintptr_t)__text_end;
}

static _Unwind_Reason_Code on_frame(_Unwind_Context *ctx, void *arg)
{
    struct walk *walk = arg;
    /* R15 of the virtual register set is the frame's return address with the
     * Thumb bit still set (_Unwind_GetIP would clear it). */
    uintptr_t pc = _Unwind_GetGR(ctx, 15);
    if (walk->skip > 0) {
        walk->skip--;
        return _URC_NO_REASON;
    }
    if (!is_code_address(pc)) {
        return _URC_END_OF_STACK;
    }
    if (walk->sp_out != NULL) {
        walk->sp_out[walk->found] = (void *)_Unwind_GetGR(ctx, 13);
    }
    walk->out[walk->found++] = (void *)pc;
    return walk->found == walk->depth ? _URC_END_OF_STACK : _URC_NO_REASON;
}

/* Always inlined, so the frames below are exactly the two public functions. */
static inline __attribute__((always_inline)) int capture(void **out, void **sp_out, int depth,
                                                         int skip)
{
    for (int i = 0; i < depth; i++) {
        out[i] = NULL;
        if (sp_out != NULL) {
            sp_out[i] = NULL;
        }
    }
    /* In the walk, frame 0 is call_stack_capture*() itself and frame 1 the
     * function F that called it; frame 2 holds the return address into F's
     * caller, which is what __builtin_return_address(0) gives inside F. */
    struct walk walk = { out, sp_out, depth, skip + 2, 0 };
    _Unwind_Backtrace(on_frame, &walk);
    return walk.found;
}

/* noinline keeps the two frames that capture() skips real frames. */
__attribute__((noinline)) int call_stack_capture(void **out, int depth, int skip)
{
    return capture(out, NULL, depth, skip);
}

__attribute__((noinline)) int call_stack_capture_with_sp(void **out, void **sp_out, int depth,
                                                        int skip)
{
    return capture(out, sp_out, depth, skip);
}
