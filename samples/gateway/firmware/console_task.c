#include "console_task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp_log.h"
#include "heap_trace.h"
#include "label.h"
#include "scheduler.h"
#include "semihosting.h"
#include "sim_clock.h"

#define TAG "console"
#define STEPS_BETWEEN_LINES 12u

struct command {
    const char *name;
    void (*run)(const char *args);
};

static struct {
    const struct console_script_line *next;
    unsigned steps;
} console;

void console_task_init(const struct console_script_line *script)
{
    console.next = script;
}

/* Builds the reply in a growing heap buffer, as a shell would. */
static void cmd_status(const char *args)
{
    (void)args;
    size_t cap = 24;
    char *text = malloc(cap);
    if (text == NULL) {
        return;
    }
    int n = snprintf(text, cap, "uptime %u ms, tasks:", (unsigned)sim_log_timestamp_ms());
    char *grown = realloc(text, cap + 48u);
    if (grown != NULL) {
        text = grown;
        snprintf(text + n, 48u, " net sensor console");
    }
    ESP_LOGI(TAG, "%s", text);
    free(text);
}

static void cmd_uptime(const char *args)
{
    (void)args;
    ESP_LOGI(TAG, "up %u ms", (unsigned)sim_log_timestamp_ms());
}

static void cmd_help(const char *args)
{
    (void)args;
    ESP_LOGI(TAG, "commands: status uptime help heapdump panic exit");
}

static void cmd_heapdump(const char *args)
{
    (void)args;
    heap_trace_dump();
}

static void cmd_panic(const char *args)
{
    (void)args;
    ESP_LOGE(TAG, "panic requested from the console");
    abort();
}

static void cmd_exit(const char *args)
{
    (void)args;
    ESP_LOGI(TAG, "powering off");
    semihost_exit(true);
}

static const struct command commands[] = {
    { "status", cmd_status },     { "uptime", cmd_uptime }, { "help", cmd_help },
    { "heapdump", cmd_heapdump }, { "panic", cmd_panic },   { "exit", cmd_exit },
};

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

static void console_run_line(const char *line)
{
    ESP_LOGI(TAG, "> %s", line);
    size_t word_len = strcspn(line, " ");
    char *name = dup_label(line, word_len);
    if (name == NULL) {
        return;
    }
    const struct command *cmd = find_command(name);
    if (cmd == NULL) {
        ESP_LOGW(TAG, "unknown command '%s'", name);
        return;     /* BUG (deliberate): name is never freed on this path */
    }
    free(name);
    cmd->run(line + word_len);
}

void console_task_step(void)
{
    if (console.next == NULL || console.next->line == NULL) {
        return;
    }
    if (++console.steps < STEPS_BETWEEN_LINES) {
        return;
    }
    if (console.next->after_traffic && !sched_others_finished()) {
        return;
    }
    console.steps = 0;
    console_run_line((console.next++)->line);
}
