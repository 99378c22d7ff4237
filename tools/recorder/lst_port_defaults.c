/* Weak defaults of the platform hooks declared in lst_recorder.h. A firmware replaces any of
 * them by defining a function of the same name, or bypasses them by defining LST_TIME(),
 * LST_TASK_ID() or LST_BACKTRACE() in its configuration (lst_config.h). */
#include "lst_recorder.h"

#if defined(__GNUC__)
#define LST_WEAK __attribute__((weak))
#else
#define LST_WEAK
#endif

/* No clock: every record says tick 0, and the HEADER's tick length says unknown. */
LST_WEAK lst_time_t lst_port_time(void)
{
    return 0;
}

/* No tasks: everything is "no task". */
LST_WEAK uintptr_t lst_port_task_id(void)
{
    return 0;
}

/* The one frame that costs nothing to know: the return address of the allocator call.
 * README.md shows unwinders that go deeper. */
LST_WEAK size_t lst_port_backtrace(uintptr_t *out, size_t max, const void *caller)
{
    if (caller == NULL || max == 0) {
        return 0;
    }
    out[0] = (uintptr_t)caller;
    return 1;
}
