/* malloc/calloc/realloc/free wrappers for the GNU linker's --wrap: link with
 *
 *   -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
 *
 * and every call to malloc in the objects being linked reaches __wrap_malloc, which calls the
 * C library's allocator as __real_malloc and records the result. Calls made inside an
 * already-linked library archive member are wrapped too; calls a C library makes to its
 * own internal entry points (newlib's _malloc_r) are not. Blocks get heap id LST_WRAP_HEAP. */
#include "lst_recorder.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
void __real_free(void *ptr);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
void __wrap_free(void *ptr);

/* __builtin_return_address(0) in each wrapper is the return address into the code that
 * called malloc: the innermost frame of the recorded stack. */

void *__wrap_malloc(size_t size)
{
    void *ptr = __real_malloc(size);
    lst_record_alloc(ptr, size, LST_WRAP_HEAP, __builtin_return_address(0));
    return ptr;
}

void *__wrap_calloc(size_t count, size_t size)
{
    void *ptr = __real_calloc(count, size);
    /* count * size overflowed: calloc failed; record the largest size instead of a wrap. */
    size_t bytes = count != 0 && size > SIZE_MAX / count ? SIZE_MAX : count * size;
    lst_record_alloc(ptr, bytes, LST_WRAP_HEAP, __builtin_return_address(0));
    return ptr;
}

void *__wrap_realloc(void *ptr, size_t size)
{
    void *moved = __real_realloc(ptr, size);
    lst_record_realloc(ptr, moved, size, LST_WRAP_HEAP, __builtin_return_address(0));
    return moved;
}

void __wrap_free(void *ptr)
{
    /* Recorded first: once freed, the address can be handed out (and recorded) again. */
    lst_record_free(ptr, __builtin_return_address(0));
    __real_free(ptr);
}
