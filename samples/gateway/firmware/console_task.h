/* The "console" task: plays a scripted operator session, one command line
 * every few steps. Lines marked after_traffic wait until the other tasks
 * have finished (the final heapdump and panic/exit).
 *
 * Deliberate leak: console_run_line() copies the command word with the
 * inlined dup_label(); for an unknown command it warns and returns without
 * freeing the copy. */
#ifndef GATEWAY_CONSOLE_TASK_H
#define GATEWAY_CONSOLE_TASK_H

#include <stdbool.h>

struct console_script_line {
    const char *line;       /* NULL ends the script */
    bool after_traffic;
};

void console_task_init(const struct console_script_line *script);
void console_task_step(void);

#endif
