/* FreeRTOS-style allocator entry points, heap_3 flavour: thin wrappers around
 * malloc/free with the scheduler suspended. Code written against the FreeRTOS
 * API allocates through these, so in the heap trace the innermost caller of
 * such allocations is inside pvPortMalloc (allocator plumbing, not the site
 * that owns the memory). */
#ifndef GATEWAY_PORT_HEAP_H
#define GATEWAY_PORT_HEAP_H

#include <stddef.h>

void *pvPortMalloc(size_t wanted_size);
void vPortFree(void *block);

#endif
