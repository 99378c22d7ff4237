/* Recorder configuration of the host tests (LST_CONFIG_HEADER): a small ring so it wraps,
 * long marker texts so a payload needs a two-byte length, and time, task and critical
 * section hooks the tests drive (recorder_test.c). */
#ifndef LST_TEST_CONFIG_H
#define LST_TEST_CONFIG_H

#define LST_RING_BYTES 256
#define LST_MAX_STACK 4
#define LST_TEXT_BYTES 128
#define LST_TICK_NS 1000000

extern uint32_t test_clock;
extern uintptr_t test_task;
void test_enter_critical(void);
void test_exit_critical(void);

#define LST_TIME() test_clock
#define LST_TASK_ID() test_task
#define LST_ENTER_CRITICAL() test_enter_critical()
#define LST_EXIT_CRITICAL() test_exit_critical()

#endif
