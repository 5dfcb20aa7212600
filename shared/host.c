/* host.c — stateless handshake and connection table: see host.h. */
#include "host.h"

#include <assert.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define HOST_EVENTS 4096

typedef struct host_slot {
    conn *c;
    uint16_t gen;
    bool connected; /* CONNECT event sent */
    bool dead;      /* DISCONNECT event sent; freed at the next update */
} host_slot;

struct host {
    host_config cfg;
    conn_send_fn send;
    void *user;
    uint8_t secret[PKT_KEY_BYTES];
    uint8_t identity_pk[PKT_SIGN_PK_BYTES];
    host_slot *slots;
    uint32_t *table; /* open addressing by address: slot index + 1, 0 empty */
    uint32_t table_cap;
    uint32_t *free_list;
    uint32_t free_count;
    host_event events[HOST_EVENTS];
    uint32_t ev_head, ev_count;
    host_stats stats;
    uint8_t out[PKT_ACCEPT_SIZE + PKT_REQUEST_SIZE];
};

static uint32_t host_hash(const net_addr *a)
{
    uint64_t x = ((uint64_t)a->ip << 16) | a->port;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (uint32_t)x;
}

static uint32_t host_handle(const host *h, uint32_t slot)
{
    return ((uint32_t)h->slots[slot].gen << 16) | slot;
}

host *host_create(const host_config *cfg, conn_send_fn send, void *user)
{
    if (!pkt_crypto_init()) return NULL;
    host *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->cfg = *cfg;
    if (h->cfg.max_conns == 0) h->cfg.max_conns = 1024;
    if (h->cfg.max_conns > 65535) h->cfg.max_conns = 65535;
    if (h->cfg.cookie_ttl <= 0) h->cfg.cookie_ttl = 10.0;
    h->send = send;
    h->user = user;
    randombytes_buf(h->secret, sizeof h->secret);
    crypto_sign_ed25519_sk_to_pk(h->identity_pk, h->cfg.identity_sk);
    h->table_cap = 1;
    while (h->table_cap < h->cfg.max_conns * 2) h->table_cap <<= 1;
    h->slots = calloc(h->cfg.max_conns, sizeof *h->slots);
    h->table = calloc(h->table_cap, sizeof *h->table);
    h->free_list = calloc(h->cfg.max_conns, sizeof *h->free_list);
    if (!h->slots || !h->table || !h->free_list) {
        host_destroy(h);
        return NULL;
    }
    for (uint32_t i = 0; i < h->cfg.max_conns; i++) {
        h->free_list[i] = h->cfg.max_conns - 1 - i;
        h->slots[i].gen = 1; /* handle 0 is never valid */
    }
    h->free_count = h->cfg.max_conns;
    return h;
}

void host_destroy(host *h)
{
    if (!h) return;
    if (h->slots)
        for (uint32_t i = 0; i < h->cfg.max_conns; i++) conn_destroy(h->slots[i].c);
    free(h->slots);
    free(h->table);
    free(h->free_list);
    sodium_memzero(h, sizeof *h);
    free(h);
}

static uint32_t *host_find_entry(host *h, const net_addr *a)
{
    uint32_t mask = h->table_cap - 1;
    for (uint32_t i = host_hash(a) & mask;; i = (i + 1) & mask) {
        uint32_t v = h->table[i];
        if (!v) return &h->table[i];
        if (net_addr_equal(conn_peer(h->slots[v - 1].c), a)) return &h->table[i];
    }
}

static int64_t host_find(host *h, const net_addr *a)
{
    uint32_t v = *host_find_entry(h, a);
    return v ? (int64_t)v - 1 : -1;
}

/* Removes an address from the table, re-placing the entries after it (linear probing). */
static void host_table_remove(host *h, const net_addr *a)
{
    uint32_t mask = h->table_cap - 1;
    uint32_t *e = host_find_entry(h, a);
    if (!*e) return;
    uint32_t i = (uint32_t)(e - h->table);
    h->table[i] = 0;
    for (uint32_t j = (i + 1) & mask; h->table[j]; j = (j + 1) & mask) {
        uint32_t v = h->table[j];
        h->table[j] = 0;
        *host_find_entry(h, conn_peer(h->slots[v - 1].c)) = v;
    }
}

static void host_push(host *h, host_event_type type, uint32_t slot, conn_reason reason)
{
    /* the queue holds one event per slot state change; it cannot overflow unless the
     * application never polls, and then the oldest are the ones worth losing least */
    if (h->ev_count == HOST_EVENTS) {
        h->ev_head = (h->ev_head + 1) % HOST_EVENTS;
        h->ev_count--;
    }
    h->events[(h->ev_head + h->ev_count++) % HOST_EVENTS] =
        (host_event){type, host_handle(h, slot), reason};
}

static void host_kill(host *h, uint32_t slot, conn_reason reason)
{
    host_slot *s = &h->slots[slot];
    if (s->dead) return;
    s->dead = true;
    host_table_remove(h, conn_peer(s->c));
    if (s->connected) host_push(h, HOST_EV_DISCONNECT, slot, reason);
}

static void host_free_slot(host *h, uint32_t slot)
{
    host_slot *s = &h->slots[slot];
    conn_destroy(s->c);
    s->c = NULL;
    if (++s->gen == 0) s->gen = 1;
    s->connected = s->dead = false;
    h->free_list[h->free_count++] = slot;
}

static void host_reply(host *h, const net_addr *to, const uint8_t *data, size_t len,
                       size_t request_len)
{
    /* anti-amplification: nothing before authentication is larger than what caused it */
    assert(len <= request_len);
    (void)request_len;
    h->send(h->user, to, data, len);
}

static void host_on_request(host *h, const net_addr *from, const uint8_t *data, size_t len,
                            double now)
{
    pkt_hello hello;
    if (!pkt_read_hello(PKT_REQUEST, data, len, &hello)) {
        h->stats.dropped++;
        return;
    }
    h->stats.requests++;
    if (hello.version != PKT_VERSION) {
        size_t n = pkt_write_deny(PKT_DENY_VERSION, h->out, sizeof h->out);
        host_reply(h, from, h->out, n, len);
        h->stats.denies++;
        return;
    }
    uint8_t cookie[PKT_COOKIE_BYTES];
    pkt_cookie_make(h->secret, from, hello.client_pk, (uint64_t)(now * 1000.0), cookie);
    size_t n = pkt_write_challenge(cookie, h->out, sizeof h->out);
    host_reply(h, from, h->out, n, len);
    h->stats.challenges++;
}

static void host_on_response(host *h, const net_addr *from, const uint8_t *data, size_t len,
                             double now)
{
    pkt_hello hello;
    if (!pkt_read_hello(PKT_RESPONSE, data, len, &hello) || hello.version != PKT_VERSION) {
        h->stats.dropped++;
        return;
    }
    if (!pkt_cookie_check(h->secret, from, hello.client_pk, hello.cookie, (uint64_t)(now * 1000.0),
                          (uint64_t)(h->cfg.cookie_ttl * 1000.0))) {
        h->stats.bad_cookies++;
        return;
    }
    h->stats.responses++;
    int64_t existing = host_find(h, from);
    if (existing >= 0) {
        conn *c = h->slots[existing].c;
        if (sodium_memcmp(conn_client_pk(c), hello.client_pk, PKT_PK_BYTES) == 0) {
            conn_resend_accept(c); /* our accept was lost */
            return;
        }
        host_kill(h, (uint32_t)existing, CONN_REASON_REPLACED); /* the client restarted */
    }
    if (h->free_count == 0) {
        size_t n = pkt_write_deny(PKT_DENY_FULL, h->out, sizeof h->out);
        host_reply(h, from, h->out, n, len);
        h->stats.denies++;
        return;
    }
    uint8_t server_pk[PKT_PK_BYTES], server_sk[PKT_PK_BYTES];
    uint8_t rx[PKT_KEY_BYTES], tx[PKT_KEY_BYTES];
    crypto_kx_keypair(server_pk, server_sk);
    if (crypto_kx_server_session_keys(rx, tx, server_pk, server_sk, hello.client_pk) != 0) {
        h->stats.dropped++;
        sodium_memzero(server_sk, sizeof server_sk);
        return;
    }
    sodium_memzero(server_sk, sizeof server_sk);
    pkt_accept a;
    memcpy(a.server_pk, server_pk, PKT_PK_BYTES);
    pkt_accept_sign(&a, hello.client_pk, h->cfg.identity_sk);
    size_t n = pkt_write_accept(&a, h->out, sizeof h->out);
    uint32_t slot = h->free_list[h->free_count - 1];
    conn *c = conn_create_accepted(&h->cfg.conn, from, hello.client_pk, rx, tx, h->out, n, h->send,
                                   h->user, now);
    sodium_memzero(rx, sizeof rx);
    sodium_memzero(tx, sizeof tx);
    if (!c) {
        h->stats.dropped++;
        return;
    }
    h->free_count--;
    h->slots[slot].c = c;
    h->slots[slot].connected = false;
    h->slots[slot].dead = false;
    *host_find_entry(h, from) = slot + 1;
    h->stats.accepts++;
}

uint32_t host_on_packet(host *h, const net_addr *from, const uint8_t *data, size_t len, double now)
{
    if (len == 0 || len > PKT_MAX_SIZE) {
        h->stats.dropped++;
        return 0;
    }
    switch (data[0]) {
    case PKT_REQUEST:
        host_on_request(h, from, data, len, now);
        return 0;
    case PKT_RESPONSE:
        host_on_response(h, from, data, len, now);
        return 0;
    case PKT_PAYLOAD:
    case PKT_DISCONNECT: {
        int64_t slot = host_find(h, from);
        if (slot < 0) {
            h->stats.dropped++; /* no state for strangers, and no reply */
            return 0;
        }
        host_slot *s = &h->slots[slot];
        conn_on_packet(s->c, data, len, now);
        conn_state st = conn_get_state(s->c);
        if (st == CONN_CONNECTED && !s->connected) {
            s->connected = true;
            host_push(h, HOST_EV_CONNECT, (uint32_t)slot, CONN_REASON_NONE);
        } else if (st == CONN_DISCONNECTED) {
            host_kill(h, (uint32_t)slot, conn_get_reason(s->c));
            return 0;
        }
        return s->connected ? host_handle(h, (uint32_t)slot) : 0;
    }
    default:
        h->stats.dropped++;
        return 0;
    }
}

void host_update(host *h, double now)
{
    for (uint32_t i = 0; i < h->cfg.max_conns; i++) {
        host_slot *s = &h->slots[i];
        if (!s->c) continue;
        if (s->dead) {
            host_free_slot(h, i);
            continue;
        }
        conn_update(s->c, now);
        if (conn_get_state(s->c) == CONN_DISCONNECTED) host_kill(h, i, conn_get_reason(s->c));
    }
}

bool host_poll(host *h, host_event *ev)
{
    if (!h->ev_count) return false;
    *ev = h->events[h->ev_head];
    h->ev_head = (h->ev_head + 1) % HOST_EVENTS;
    h->ev_count--;
    return true;
}

conn *host_get(host *h, uint32_t handle)
{
    uint32_t slot = handle & 0xffff;
    if (slot >= h->cfg.max_conns) return NULL;
    host_slot *s = &h->slots[slot];
    if (!s->c || s->gen != (uint16_t)(handle >> 16)) return NULL;
    return s->c;
}

bool host_next(host *h, uint32_t *cursor, uint32_t *handle)
{
    while (*cursor < h->cfg.max_conns) {
        uint32_t i = (*cursor)++;
        host_slot *s = &h->slots[i];
        if (s->c && s->connected && !s->dead) {
            *handle = host_handle(h, i);
            return true;
        }
    }
    return false;
}

host_stats host_get_stats(const host *h)
{
    host_stats st = h->stats;
    st.conns = st.pending = 0;
    for (uint32_t i = 0; i < h->cfg.max_conns; i++) {
        const host_slot *s = &h->slots[i];
        if (!s->c || s->dead) continue;
        if (s->connected)
            st.conns++;
        else
            st.pending++;
    }
    return st;
}

const uint8_t *host_identity(const host *h)
{
    return h->identity_pk;
}
