#include "semihost_file.h"

#include <stdint.h>
#include <string.h>

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE 0x05
#define OPEN_MODE_WB 5 /* fopen mode "wb" in the semihosting mode table */

/* One semihosting call: operation in r0, parameter block in r1, result in r0. */
static int semihost_call(int operation, const void *block)
{
    register int op __asm__("r0") = operation;
    register const void *arg __asm__("r1") = block;
    __asm__ volatile("bkpt 0xab" : "+r"(op) : "r"(arg) : "memory");
    return op;
}

bool semihost_write_file(const char *name, const void *bytes, size_t len)
{
    const uintptr_t open_block[3] = { (uintptr_t)name, OPEN_MODE_WB, strlen(name) };
    const int handle = semihost_call(SYS_OPEN, open_block);
    if (handle == -1) {
        return false;
    }
    const uintptr_t write_block[3] = { (uintptr_t)handle, (uintptr_t)bytes, len };
    const bool written = semihost_call(SYS_WRITE, write_block) == 0; /* returns bytes NOT written */
    const uintptr_t close_block[1] = { (uintptr_t)handle };
    return semihost_call(SYS_CLOSE, close_block) == 0 && written;
}
