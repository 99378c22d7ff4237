/* Leaks made in a helper function: make_label() allocates for its callers, and some callers
 * never free what they got. Also a calloc, a block allocated inside libc (strdup: its caller
 * is libc's code, not ours) and an allocation that fails ("+ (nil)" in the trace).
 *
 * Every allocation's result is stored on the line of the call, so the line of the return
 * address (what glibc's mtrace script prints) is the line of the call (what leakscope prints).
 * Nothing is printed while tracing: stdio's buffers would be allocations too.
 * Run with MALLOC_TRACE=<file> LD_PRELOAD=libc_malloc_debug.so.0 (tests/mtrace/README.md). */
#include <mcheck.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct session {
  char *name;
  int *buffer;
};

static char *make_label(const char *prefix, int n) {
  char *label = malloc(strlen(prefix) + 4);
  strcpy(label, prefix);
  label[strlen(prefix)] = (char)('0' + n % 10);
  label[strlen(prefix) + 1] = '\0';
  return label;
}

static struct session *open_session(int id) {
  struct session *s = calloc(1, sizeof *s);
  s->name = make_label("session", id);
  s->buffer = malloc(64 * sizeof(int));
  return s;
}

/* Odd sessions keep their name: the leak is make_label's, called from open_session. */
static void close_session(struct session *s, int keep_name) {
  free(s->buffer);
  if (!keep_name) free(s->name);
  free(s);
}

int main(void) {
  mtrace();
  for (int id = 0; id < 5; ++id) close_session(open_session(id), id % 2);
  char *kept = make_label("kept", 7);
  int *table = calloc(12, sizeof(int));
  char *copy = strdup("made by libc");
  volatile size_t huge = SIZE_MAX - 4096;
  char *none = malloc(huge);
  muntrace();
  return kept != NULL && table != NULL && copy != NULL && none == NULL ? 0 : 1;
}
