/* dup_label(): copy the first n characters of a string into a new heap
 * string (caller frees it). Forced inline, so in a heap trace the malloc call
 * belongs to whichever function uses it, and only the debug info's inline
 * records say the call is really on a line of this header. */
#ifndef GATEWAY_LABEL_H
#define GATEWAY_LABEL_H

#include <stdlib.h>
#include <string.h>

static inline __attribute__((always_inline)) char *dup_label(const char *text, size_t n)
{
    char *label = malloc(n + 1u);
    if (label != NULL) {
        memcpy(label, text, n);
        label[n] = '\0';
    }
    return label;
}

#endif
