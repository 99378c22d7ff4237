#include "net_task.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp_log.h"
#include "port_heap.h"
#include "scheduler.h"

#define TAG "net"
#define MESSAGES_PER_CONNECTION 16u
#define IDLE_STEPS_BETWEEN_CLIENTS 2u
#define RX_INITIAL 128u
#define TX_SIZE 192u

struct session {
    uint32_t client_id;
    uint32_t peer_ip;
    uint16_t peer_port;
    uint16_t flags;
    uint32_t rx_bytes;
    uint32_t tx_bytes;
    uint8_t *rx_buf;
    size_t rx_cap;
    uint8_t *tx_buf;
    size_t tx_cap;
    uint32_t messages;
    uint8_t session_key[32];
    char client_name[24];
};
_Static_assert(sizeof(struct session) == 96, "the README documents 96-byte session leaks");

static struct {
    unsigned cycles_left;
    bool queue_line_for_dump;
    unsigned idle_steps;
    unsigned next_client;
    unsigned message_seq;
    struct session *session;    /* the connected client, if any */
    bool finished;
} net;

void net_task_init(unsigned connection_cycles, bool queue_line_for_dump)
{
    net.cycles_left = connection_cycles;
    net.queue_line_for_dump = queue_line_for_dump;
    net.next_client = 1;
}

static struct session *net_session_open(unsigned client_id)
{
    struct session *s = pvPortMalloc(sizeof *s);
    if (s == NULL) {
        return NULL;
    }
    memset(s, 0, sizeof *s);
    s->client_id = client_id;
    s->peer_ip = 0x0A000000u | (10u + client_id);
    s->peer_port = (uint16_t)(49152u + client_id * 17u);
    snprintf(s->client_name, sizeof s->client_name, "sensor-node-%02u", client_id);
    s->rx_cap = RX_INITIAL;
    s->rx_buf = calloc(1, s->rx_cap);
    s->tx_cap = TX_SIZE;
    s->tx_buf = malloc(s->tx_cap);
    ESP_LOGI(TAG, "client %u connected from 10.0.0.%u:%u (session %p)", client_id,
             (unsigned)(s->peer_ip & 0xFFu), s->peer_port, (void *)s);
    return s;
}

/* One request/response round trip; all of its buffers are balanced. */
static void net_session_exchange(struct session *s)
{
    unsigned seq = net.message_seq++;
    size_t len = 40u + (seq * 29u) % 200u;
    uint8_t *request = pvPortMalloc(len);
    if (request == NULL) {
        return;
    }
    for (size_t i = 0; i < len; i++) {
        request[i] = (uint8_t)(seq + i);
    }
    if (len > s->rx_cap) {
        uint8_t *grown = realloc(s->rx_buf, len);
        if (grown != NULL) {
            s->rx_buf = grown;
            s->rx_cap = len;
        }
    }
    memcpy(s->rx_buf, request, len < s->rx_cap ? len : s->rx_cap);
    s->rx_bytes += (uint32_t)len;

    uint32_t *headers = calloc(4, 12);
    char *reply = malloc(32u + len / 2u);
    if (headers != NULL && reply != NULL) {
        headers[0] = seq;
        int n = snprintf(reply, 32u + len / 2u, "ACK %u len=%u", seq, (unsigned)len);
        memcpy(s->tx_buf, reply, (size_t)n < s->tx_cap ? (size_t)n : s->tx_cap);
        s->tx_bytes += (uint32_t)n;
    }
    free(reply);
    free(headers);
    vPortFree(request);

    s->messages++;
    if (seq % 17u == 16u) {
        ESP_LOGW(TAG, "client %u: ack for message %u was late, retransmitting", (unsigned)s->client_id,
                 seq);
    }
}

static void net_session_drop(struct session *s)
{
    ESP_LOGI(TAG, "client %u disconnected (%u messages, %u bytes in, %u bytes out)",
             (unsigned)s->client_id, (unsigned)s->messages, (unsigned)s->rx_bytes,
             (unsigned)s->tx_bytes);
    free(s->rx_buf);
    free(s->tx_buf);
    /* BUG (deliberate): the session object itself is never released; this
     * should end with vPortFree(s). */
}

void net_task_step(void)
{
    if (net.session != NULL) {
        if (net.session->messages < MESSAGES_PER_CONNECTION) {
            net_session_exchange(net.session);
        } else {
            net_session_drop(net.session);
            net.session = NULL;
            net.cycles_left--;
            net.idle_steps = IDLE_STEPS_BETWEEN_CLIENTS;
        }
        return;
    }
    if (net.idle_steps > 0) {
        net.idle_steps--;
        return;
    }
    if (net.cycles_left > 0) {
        net.session = net_session_open(net.next_client++);
        return;
    }
    if (!net.finished) {
        net.finished = true;
        ESP_LOGI(TAG, "all %u clients served, listener idle", net.next_client - 1u);
        if (net.queue_line_for_dump) {
            /* Printed from inside the next heap dump, as if this task had
             * preempted the dumping one between two printf calls. */
            esp_log_defer(ESP_LOG_WARN, TAG, "uplink keepalive missed, reconnecting");
        }
        task_mark_finished();
    }
}
