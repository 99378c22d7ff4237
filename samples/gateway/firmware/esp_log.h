/* ESP-IDF v4 style log lines with CONFIG_LOG_COLORS:
 *
 *   ESP_LOGI("net", "client %u connected", id);
 *   -> "\033[0;32mI (1234) net: client 3 connected\033[0m\r\n"
 *
 * esp_log_defer() + esp_log_preempt_point() simulate a higher-priority task
 * whose line lands in the middle of another task's multi-printf output (v4
 * heap dumps take the stdout lock per printf call, not per dump). The line is
 * queued by one task and printed at the next preemption point, which only
 * heap_trace_dump() offers.
 */
#ifndef GATEWAY_ESP_LOG_H
#define GATEWAY_ESP_LOG_H

typedef enum {
    ESP_LOG_ERROR,
    ESP_LOG_WARN,
    ESP_LOG_INFO,
} esp_log_level_t;

void esp_log_write(esp_log_level_t level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define ESP_LOGE(tag, ...) esp_log_write(ESP_LOG_ERROR, tag, __VA_ARGS__)
#define ESP_LOGW(tag, ...) esp_log_write(ESP_LOG_WARN, tag, __VA_ARGS__)
#define ESP_LOGI(tag, ...) esp_log_write(ESP_LOG_INFO, tag, __VA_ARGS__)

/* Queue one line (level, tag, message); its timestamp is taken when printed. */
void esp_log_defer(esp_log_level_t level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void esp_log_preempt_point(void);

#endif
