/* Realloc chains, and the calls glibc's mtrace script complains about.
 *
 * - A buffer grown by a chain of reallocs (moved on the way), shrunk, then resized to a size
 *   that fails ("!" in the trace: the block stays); realloc(NULL, n) and realloc(p, 0).
 * - A double free of a pointer the trace never saw allocated (made with __libc_malloc, which
 *   the tracer does not hook): each free is "was never alloc'd". Between the two frees the
 *   block is handed out again (same size, the allocator's LIFO cache), so the second free
 *   releases that owner's block instead of aborting: a real double free makes glibc abort,
 *   and the trace's buffered tail is lost with the process.
 * - A realloc of a block the trace never saw allocated ("Realloc was never alloc'd").
 * - A block freed behind the tracer's back (__libc_free) and handed out again: the trace
 *   shows it allocated twice ("Alloc duplicate"); the script, and leakscope, keep the first.
 *
 * Every allocation's result is stored on the line of the call (see leaks_in_helper.c).
 * Run with MALLOC_TRACE=<file> LD_PRELOAD=libc_malloc_debug.so.0 (tests/mtrace/README.md). */
#include <mcheck.h>
#include <stdint.h>
#include <stdlib.h>

void *__libc_malloc(size_t size);
void __libc_free(void *block);

static char *grow(char *buffer, size_t size) {
  char *bigger = realloc(buffer, size);
  return bigger;
}

int main(void) {
  char *unknown = __libc_malloc(40);
  char *unknown_resized = __libc_malloc(24);
  mtrace();

  char *buffer = realloc(NULL, 16);
  for (size_t size = 32; size <= 4096; size *= 2) buffer = grow(buffer, size);
  buffer = realloc(buffer, 8);
  volatile size_t huge = SIZE_MAX / 2;
  char *failed = realloc(buffer, huge);
  char *scratch = malloc(32);
  scratch = realloc(scratch, 0);

  free(unknown);
  char *owner = __libc_malloc(40);
  if (owner == unknown)
    free(unknown);
  else
    __libc_free(owner);

  unknown_resized = realloc(unknown_resized, 64);

  char *reused = malloc(48);
  __libc_free(reused);
  char *again = malloc(48);

  char *tail = malloc(100);
  tail = grow(tail, 200);
  muntrace();
  return failed == NULL && scratch == NULL && again != NULL && tail != NULL ? 0 : 1;
}
