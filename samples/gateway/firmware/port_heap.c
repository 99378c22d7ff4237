#include "port_heap.h"

#include <stdlib.h>

#include "esp_log.h"
#include "scheduler.h"

void *pvPortMalloc(size_t wanted_size)
{
    vTaskSuspendAll();
    void *block = malloc(wanted_size);
    xTaskResumeAll();
    if (block == NULL) {
        /* vApplicationMallocFailedHook() */
        ESP_LOGE("heap", "pvPortMalloc(%u) failed", (unsigned)wanted_size);
    }
    return block;
}

void vPortFree(void *block)
{
    vTaskSuspendAll();
    free(block);
    xTaskResumeAll();
}
