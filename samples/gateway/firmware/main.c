/* Boot sequence of the gateway sample.
 *
 * One QEMU run = two boots of the same image:
 *   boot 1  heap trace in ALL mode with a small buffer (it overflows), a few
 *           connection cycles, "heapdump", then "panic" -> abort() -> reboot;
 *   boot 2  LEAKS mode with a buffer that does not overflow, more cycles,
 *           "heapdump" (one log line lands inside it), then "exit" ends QEMU.
 * boot_state.c tells the boots apart.
 */
#include <stddef.h>

#include "boot_banner.h"
#include "boot_state.h"
#include "console_task.h"
#include "console_uart.h"
#include "esp_log.h"
#include "heap_trace.h"
#include "net_task.h"
#include "panic.h"
#include "scheduler.h"
#include "sensor_task.h"

#define TAG "gateway"
#define MAX_TRACE_RECORDS 100u

struct boot_plan {
    heap_trace_mode_t trace_mode;
    unsigned trace_records;
    unsigned connection_cycles;
    unsigned sensor_frames;
    bool log_line_inside_dump;
    const struct console_script_line *script;
};

/* Unknown commands ("stauts", ...) are typos on purpose: they take the
 * console's leaking path. */
static const struct console_script_line boot1_script[] = {
    { "status", false },
    { "uptime", false },
    { "help", false },
    { "status", false },
    { "stauts", false },
    { "heapdump", true },
    { "panic", true },
    { NULL, false },
};

static const struct console_script_line boot2_script[] = {
    { "status", false },
    { "uptime", false },
    { "stauts", false },
    { "help", false },
    { "uptmie", false },
    { "status", false },
    { "reboto", false },
    { "uptime", false },
    { "heapdump", true },
    { "exit", true },
    { NULL, false },
};

/* Boot 1's 80 records hold only the last connection cycle or so, out of ~300
 * allocations: the dump shows the newest leak of each kind and the overflow
 * note. Boot 2's buffer only ever holds the live (leaked) blocks. */
static const struct boot_plan boot_plans[] = {
    {
        .trace_mode = HEAP_TRACE_ALL,
        .trace_records = 80,
        .connection_cycles = 4,
        .sensor_frames = 26,
        .log_line_inside_dump = false,
        .script = boot1_script,
    },
    {
        .trace_mode = HEAP_TRACE_LEAKS,
        .trace_records = MAX_TRACE_RECORDS,
        .connection_cycles = 6,
        .sensor_frames = 40,
        .log_line_inside_dump = true,
        .script = boot2_script,
    },
};

static heap_trace_record_t trace_records[MAX_TRACE_RECORDS];

int main(void)
{
    console_uart_init();
    unsigned boot = boot_state_begin_boot();
    boot_banner_print(boot_state_was_software_reset());
    if (boot > sizeof boot_plans / sizeof boot_plans[0]) {
        panic_halt("unexpected extra boot");
    }
    const struct boot_plan *plan = &boot_plans[boot - 1u];
    if (plan->trace_records > MAX_TRACE_RECORDS) {
        panic_halt("trace buffer too small for the boot plan");
    }

    ESP_LOGI("cpu_start", "Starting scheduler on PRO CPU.");
    ESP_LOGI(TAG, "boot %u: heap trace in %s mode, %u records", boot,
             plan->trace_mode == HEAP_TRACE_ALL ? "ALL" : "LEAKS", plan->trace_records);
    heap_trace_init_standalone(trace_records, plan->trace_records);
    heap_trace_start(plan->trace_mode);

    net_task_init(plan->connection_cycles, plan->log_line_inside_dump);
    sensor_task_init(plan->sensor_frames);
    console_task_init(plan->script);
    task_create("net", net_task_step);
    task_create("sensor", sensor_task_step);
    task_create("console", console_task_step);
    sched_run();
}
