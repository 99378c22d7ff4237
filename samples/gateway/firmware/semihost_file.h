/* ARM semihosting file output (QEMU -semihosting): how the trace build hands its RAM ring
 * buffer to the host, as a debugger's "dump binary memory" would. The file is created in
 * QEMU's working directory.
 *
 *   semihost_write_file("ring.bin", &lst_ring, sizeof lst_ring);
 */
#ifndef GATEWAY_SEMIHOST_FILE_H
#define GATEWAY_SEMIHOST_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Creates or truncates `name` and writes `len` bytes; false if the host refused. */
bool semihost_write_file(const char *name, const void *bytes, size_t len);

#endif
