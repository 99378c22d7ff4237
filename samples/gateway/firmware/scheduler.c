#include "scheduler.h"

#include <string.h>

#include "panic.h"
#include "sim_clock.h"

#define MAX_TASKS 4

static task_control_block_t tasks[MAX_TASKS];
static unsigned task_count;
static TaskHandle_t current;
static unsigned suspend_nesting;

TaskHandle_t task_create(const char *name, task_step_fn step)
{
    if (task_count == MAX_TASKS) {
        panic_halt("too many tasks");
    }
    TaskHandle_t task = &tasks[task_count++];
    strncpy(task->name, name, TASK_NAME_LEN - 1);
    task->step = step;
    return task;
}

void sched_run(void)
{
    sim_clock_scheduler_started();
    for (;;) {
        for (unsigned i = 0; i < task_count; i++) {
            current = &tasks[i];
            sim_clock_advance(SIM_TICK_CYCLES);
            current->step();
            current->steps_run++;
        }
    }
}

TaskHandle_t xTaskGetCurrentTaskHandle(void)
{
    return current;
}

const char *pcTaskGetName(TaskHandle_t task)
{
    if (task == NULL) {
        task = current;
    }
    return task != NULL ? task->name : "";
}

void task_mark_finished(void)
{
    current->finished = true;
}

bool sched_others_finished(void)
{
    for (unsigned i = 0; i < task_count; i++) {
        if (&tasks[i] != current && !tasks[i].finished) {
            return false;
        }
    }
    return true;
}

void vTaskSuspendAll(void)
{
    suspend_nesting++;
}

void xTaskResumeAll(void)
{
    suspend_nesting--;
}
