#include "esp_log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "console_uart.h"
#include "sim_clock.h"

static const char *const level_color[] = {
    [ESP_LOG_ERROR] = "\033[0;31m",
    [ESP_LOG_WARN] = "\033[0;33m",
    [ESP_LOG_INFO] = "\033[0;32m",
};
static const char level_letter[] = {
    [ESP_LOG_ERROR] = 'E',
    [ESP_LOG_WARN] = 'W',
    [ESP_LOG_INFO] = 'I',
};

static struct {
    bool pending;
    esp_log_level_t level;
    const char *tag;
    char message[128];
} deferred;

static void emit(esp_log_level_t level, const char *tag, const char *message)
{
    /* Printing a line costs time too; keeps timestamps of bursts apart. */
    sim_clock_advance(24000);
    console_printf("%s%c (%u) %s: %s\033[0m\n", level_color[level], level_letter[level],
                   (unsigned)sim_log_timestamp_ms(), tag, message);
}

void esp_log_write(esp_log_level_t level, const char *tag, const char *fmt, ...)
{
    char message[192];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    emit(level, tag, message);
}

void esp_log_defer(esp_log_level_t level, const char *tag, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(deferred.message, sizeof deferred.message, fmt, args);
    va_end(args);
    deferred.level = level;
    deferred.tag = tag;
    deferred.pending = true;
}

void esp_log_preempt_point(void)
{
    if (deferred.pending) {
        deferred.pending = false;
        emit(deferred.level, deferred.tag, deferred.message);
    }
}
