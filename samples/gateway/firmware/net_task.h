/* The "net" task: accepts simulated client connections, one at a time. Each
 * connection opens a session (96-byte object from pvPortMalloc plus rx/tx
 * buffers), exchanges a fixed number of messages, then the client drops.
 *
 * Deliberate leak: net_session_drop() frees the session's buffers but never
 * the session object itself, so every connection cycle leaks 96 bytes whose
 * innermost caller is pvPortMalloc, called from net_session_open(). */
#ifndef GATEWAY_NET_TASK_H
#define GATEWAY_NET_TASK_H

#include <stdbool.h>

/* queue_line_for_dump: when done, queue one log line to be printed in the
 * middle of the next heap dump (see esp_log_defer). */
void net_task_init(unsigned connection_cycles, bool queue_line_for_dump);
void net_task_step(void);

#endif
