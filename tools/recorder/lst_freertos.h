/* FreeRTOS trace hooks for the leakscope recorder. Include it at the end of FreeRTOSConfig.h:
 *
 *   #include "lst_freertos.h"
 *
 * It defines traceMALLOC / traceFREE (called by the heap_N.c allocators) and
 * traceTASK_CREATE / traceTASK_DELETE (tasks.c, where the TCB type is visible). Assembler
 * files that include FreeRTOSConfig.h see nothing of it.
 *
 * Sizes: heap_4/heap_5 pass traceMALLOC the block size after adding their header and
 * alignment, so records show that size; heap_3 passes the requested size. The stack starts
 * at the caller of pvPortMalloc / vPortFree (the macros expand inside them).
 *
 * Recording also needs LST_TIME() and LST_TASK_ID() (README.md, "FreeRTOS"); heap id
 * LST_FREERTOS_HEAP (default 0) names the FreeRTOS heap.
 */
#ifndef LST_FREERTOS_H
#define LST_FREERTOS_H

#if !defined(__ASSEMBLER__) && !defined(__IAR_SYSTEMS_ASM__)

#include "lst_recorder.h"

#ifndef LST_FREERTOS_HEAP
#define LST_FREERTOS_HEAP 0
#endif

#define traceMALLOC(pvAddress, uiSize)                                                        \
    lst_record_alloc((pvAddress), (size_t)(uiSize), LST_FREERTOS_HEAP,                        \
                     __builtin_return_address(0))
#define traceFREE(pvAddress, uiSize) lst_record_free((pvAddress), __builtin_return_address(0))
#define traceTASK_CREATE(pxNewTCB)                                                            \
    lst_task_event((uintptr_t)(pxNewTCB), LST_TASK_CREATED, (pxNewTCB)->pcTaskName)
#define traceTASK_DELETE(pxTCB) lst_task_event((uintptr_t)(pxTCB), LST_TASK_DELETED, NULL)

#endif

#endif
