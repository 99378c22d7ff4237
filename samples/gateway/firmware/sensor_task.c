#include "sensor_task.h"

#include <stdbool.h>
#include <stdlib.h>

#include "esp_log.h"
#include "scheduler.h"
#include "uart_driver.h"

#define TAG "sensor"
#define POLL_EVERY_STEPS 3u
#define HISTORY_FLUSH 8u

struct reading {
    uint8_t type;
    uint8_t sequence;
    int16_t value;      /* tenths of a unit */
    uint32_t raw;
};

static struct {
    unsigned frames_left;
    unsigned steps;
    unsigned frames_ok;
    unsigned frames_dropped;
    struct reading *history;    /* grows with realloc until flushed */
    unsigned history_len;
} sensor;

void sensor_task_init(unsigned frames_to_read)
{
    sensor.frames_left = frames_to_read;
}

static bool frame_checksum_ok(const uint8_t *frame, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i + 1u < len; i++) {
        sum = (uint8_t)(sum + frame[i]);
    }
    return frame[0] == UART_FRAME_SYNC && sum == frame[len - 1u];
}

static void history_flush(void)
{
    if (sensor.history_len == 0) {
        return;
    }
    int total = 0;
    for (unsigned i = 0; i < sensor.history_len; i++) {
        total += sensor.history[i].value;
    }
    int avg = total / (int)sensor.history_len;
    ESP_LOGI(TAG, "average %d.%d over %u readings", avg / 10, abs(avg % 10), sensor.history_len);
    free(sensor.history);
    sensor.history = NULL;
    sensor.history_len = 0;
}

static void history_append(const struct reading *reading)
{
    struct reading *grown =
        realloc(sensor.history, (sensor.history_len + 1u) * sizeof *sensor.history);
    if (grown == NULL) {
        return;
    }
    sensor.history = grown;
    sensor.history[sensor.history_len++] = *reading;
    if (sensor.history_len == HISTORY_FLUSH) {
        history_flush();
    }
}

static void sensor_poll(void)
{
    size_t len;
    uint8_t *frame = uart_driver_read_frame(&len);
    if (frame == NULL) {
        return;
    }
    if (!frame_checksum_ok(frame, len)) {
        ESP_LOGE(TAG, "frame %u: checksum mismatch, dropped", frame[1]);
        sensor.frames_dropped++;
        return;     /* BUG (deliberate): the frame is ours and is never freed */
    }
    struct reading *reading = calloc(1, sizeof *reading);
    if (reading != NULL) {
        reading->type = frame[2];
        reading->sequence = frame[1];
        reading->raw = (uint32_t)frame[4] << 8 | frame[5];
        reading->value = (int16_t)(200 + (int)(reading->raw % 150u));
        history_append(reading);
        free(reading);
    }
    sensor.frames_ok++;
    free(frame);
}

void sensor_task_step(void)
{
    if (sensor.frames_left == 0) {
        return;
    }
    if (sensor.steps++ % POLL_EVERY_STEPS != 0) {
        return;
    }
    sensor_poll();
    if (--sensor.frames_left == 0) {
        history_flush();
        ESP_LOGI(TAG, "bus idle: %u frames ok, %u dropped", sensor.frames_ok,
                 sensor.frames_dropped);
        task_mark_finished();
    }
}
