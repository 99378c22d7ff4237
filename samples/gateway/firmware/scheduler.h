/* A tiny cooperative round-robin scheduler with FreeRTOS-flavoured names.
 *
 * A task is a step function that does one slice of work and returns; the
 * scheduler calls the tasks in creation order, one tick per step. Each task
 * has a control block in RAM whose address is its handle, so handles look
 * like FreeRTOS ones (0x2000xxxx) in the heap trace.
 *
 *   TaskHandle_t net = task_create("net", net_task_step);
 *   sched_run();                       // never returns
 */
#ifndef GATEWAY_SCHEDULER_H
#define GATEWAY_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

#define TASK_NAME_LEN 16    /* configMAX_TASK_NAME_LEN */

typedef void (*task_step_fn)(void);

typedef struct task_control_block {
    char name[TASK_NAME_LEN];
    task_step_fn step;
    uint32_t steps_run;
    bool finished;          /* nothing left to do; the task only idles */
} task_control_block_t;

typedef task_control_block_t *TaskHandle_t;

TaskHandle_t task_create(const char *name, task_step_fn step);
__attribute__((noreturn)) void sched_run(void);

/* NULL before the scheduler starts. */
TaskHandle_t xTaskGetCurrentTaskHandle(void);
const char *pcTaskGetName(TaskHandle_t task);

/* Called by a task that has finished its scripted work. */
void task_mark_finished(void);
/* True when every task other than the caller has finished. */
bool sched_others_finished(void);

/* heap_3-style critical section around the allocator; cooperative tasks never
 * preempt each other, so these only count nesting. */
void vTaskSuspendAll(void);
void xTaskResumeAll(void);

#endif
