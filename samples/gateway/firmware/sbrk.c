/* The one system call newlib's malloc needs: grow the heap between the end of
 * .bss and the bottom of the main stack (symbols from gateway.ld). */
#include <errno.h>
#include <stddef.h>

extern char __heap_start[];
extern char __heap_limit[];

void *_sbrk(ptrdiff_t increment)
{
    static char *brk = __heap_start;
    if (increment > __heap_limit - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += increment;
    return old;
}
