/* conn.c — handshake (client side), sealing, acks, channels, loss recovery and congestion
 * control for one connection. See conn.h for the contract and packet.h for the wire. */
#include "conn.h"

#include "bits.h"

#include <assert.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define CONN_PACKET_REFS  16   /* reliable fragments one datagram can carry */
#define CONN_MAX_ITEMS    48   /* messages one datagram can carry */
#define CONN_REPLAY       1024 /* replay window, packets */
#define CONN_WINDOW_SMALL 256  /* message ids in flight, control and chat */
#define CONN_WINDOW_BULK  1024
#define CONN_SMALL_BYTES  (512 * 1024)
#define CONN_UNREL_RING   (16 * 1024) /* bytes queued per unreliable channel, each way */
#define CONN_SENT_MIN     64          /* sent-packet ring starts here and grows */
#define CONN_ACK_DELAY    0.001
/* A datagram sent this recently means a stream (voice) is flowing and another will follow
 * soon (voice: every 20 ms): a due ping or an ack for a ping waits this long to ride on it
 * instead of going in a datagram of its own. Acks for reliable data never wait. */
#define CONN_RIDE_WAIT 0.03
/* Received non-eliciting packets (voice) are acked on whatever goes back; on their own only
 * before the ack's 32-packet mask would lose track of them, or after two keep-alives. */
#define CONN_ACK_SPAN      24
#define CONN_DELAY_SAMPLES 32
#define CONN_MIN_CWND      (16 * 1200.0)
#define CONN_PACE_BURST    10  /* packets of pacing credit */
#define CONN_SENT_EXPIRE   2.0 /* forget unacked non-eliciting packets after this */

enum { CONN_SENT_FREE, CONN_SENT_FLIGHT, CONN_SENT_LOST, CONN_SENT_DONE };
enum { CONN_KIND_RELIABLE, CONN_KIND_UNRELIABLE };

static const uint8_t conn_channel_kind[CONN_CH_COUNT] = {CONN_KIND_RELIABLE, CONN_KIND_RELIABLE,
                                                         CONN_KIND_UNRELIABLE, CONN_KIND_UNRELIABLE,
                                                         CONN_KIND_RELIABLE};

typedef struct conn_ref {
    uint32_t id; /* low 32 bits of the message id */
    uint8_t ch;
    uint8_t frag;
} conn_ref;

typedef struct conn_sent {
    uint64_t seq;
    double time;
    uint32_t bytes;
    uint8_t state;
    uint8_t eliciting;
    uint8_t reliable; /* carried reliable data: counts against the congestion window */
    uint8_t nrefs;
    conn_ref refs[CONN_PACKET_REFS];
} conn_sent;

typedef struct conn_txmsg {
    uint8_t *data;
    uint32_t len;
    uint16_t nfrag;
    uint16_t nacked;
    uint64_t offset; /* position of the first byte in the channel's stream */
    uint8_t acked[CONN_MAX_FRAGS / 8];
    uint8_t queued[CONN_MAX_FRAGS / 8];
} conn_txmsg;

typedef struct conn_txref {
    uint64_t id;
    uint16_t frag;
} conn_txref;

typedef struct conn_rxmsg {
    uint8_t *data;
    uint32_t len;
    uint16_t nfrag;
    uint16_t nrecv;
    uint8_t used;
    uint8_t complete;
    uint8_t got[CONN_MAX_FRAGS / 8];
} conn_rxmsg;

typedef struct conn_waiting { /* a message queued behind a full id window */
    struct conn_waiting *next;
    uint32_t len;
    uint8_t data[];
} conn_waiting;

typedef struct conn_reliable {
    uint32_t window;       /* message ids */
    uint32_t window_bytes; /* stream bytes past the oldest unacked message */
    /* sending */
    conn_txmsg *tx;
    uint64_t next_id, oldest_id, fresh_id;
    uint32_t fresh_frag;
    uint64_t stream_end;
    size_t queued_bytes;
    conn_txref *resend;
    uint32_t resend_cap, resend_head, resend_count;
    conn_waiting *wait_head, *wait_tail; /* FIFO admitted as the window frees up */
    /* receiving */
    conn_rxmsg *rx;
    uint64_t read_id, expected_id;
    size_t held_bytes, unread_bytes;
} conn_reliable;

typedef struct conn_ring { /* byte ring of [u16 length][bytes] records */
    uint8_t *buf;
    uint32_t head, used, count;
} conn_ring;

typedef struct conn_unreliable {
    conn_ring tx, rx;
    uint64_t last_seq; /* newest packet delivered on this channel */
    bool any;
} conn_unreliable;

typedef struct conn_item {
    uint8_t ch;
    uint8_t frag;
    uint16_t nfrag;
    uint64_t id;
    const uint8_t *data;
    uint32_t len;
} conn_item;

struct conn {
    conn_config cfg;
    conn_state state;
    conn_reason reason;
    bool is_client;
    net_addr peer;
    conn_send_fn send;
    void *user;
    double created, last_recv, last_send, last_eliciting_send, state_time;
    double last_emit;      /* the last sealed payload datagram (not handshake or disconnect) */
    double last_ping_recv; /* the peer's last ping */

    /* handshake */
    uint8_t client_pk[PKT_PK_BYTES], client_sk[PKT_PK_BYTES];
    uint8_t cookie[PKT_COOKIE_BYTES];
    uint8_t server_identity[PKT_SIGN_PK_BYTES];
    bool have_identity;
    double last_handshake_send;
    uint8_t accept[PKT_ACCEPT_SIZE];
    size_t accept_len;

    uint8_t rx_key[PKT_KEY_BYTES], tx_key[PKT_KEY_BYTES];

    /* sending */
    uint64_t next_seq;
    conn_sent *sent;
    uint32_t sent_cap;
    uint64_t oldest_flight;
    uint64_t largest_acked;
    bool any_acked;
    uint64_t bytes_in_flight, rel_in_flight;
    size_t queued_total;

    /* receiving and acks */
    uint64_t replay[CONN_REPLAY];
    uint64_t highest_recv;
    bool any_recv;
    uint32_t ack_pending;
    double ack_first;
    bool ack_unsent;
    bool ack_urgent;           /* a pending ack covers reliable data: send it at once */
    uint32_t ack_unsent_count; /* packets received since the last ack went out */
    double last_ack_send;

    /* round trip, loss, congestion */
    double srtt, rttvar, latest_rtt, min_rtt, min_rtt_window, min_rtt_window_start;
    bool have_rtt;
    double delay_samples[CONN_DELAY_SAMPLES];
    uint32_t delay_count;
    double cwnd, last_reduce, pace_credit, pace_time;
    bool slow_start;
    double loss;

    conn_reliable rel[CONN_CH_COUNT];
    conn_unreliable unrel[CONN_CH_COUNT];

    conn_stats stats;
    uint8_t plain[PKT_MAX_SIZE];
    uint8_t wire[PKT_MAX_SIZE];
    uint8_t scratch[PKT_MAX_SIZE];
};

/* ---- small helpers ---- */

static bool conn_bit_get(const uint8_t *bm, uint32_t i)
{
    return (bm[i >> 3] >> (i & 7)) & 1;
}

static void conn_bit_set(uint8_t *bm, uint32_t i)
{
    bm[i >> 3] = (uint8_t)(bm[i >> 3] | (1u << (i & 7)));
}

static void conn_bit_clear(uint8_t *bm, uint32_t i)
{
    bm[i >> 3] = (uint8_t)(bm[i >> 3] & ~(1u << (i & 7)));
}

static uint64_t conn_id_expand(uint32_t low, uint64_t base)
{
    return base + (uint32_t)(low - (uint32_t)base);
}

/* Message ids on the wire are 16 bits; expand relative to the receiver's window start. */
static uint64_t conn_id16_expand(uint16_t low, uint64_t base)
{
    uint64_t c = (base & ~(uint64_t)0xffff) | low;
    if (c + 0x8000 < base)
        c += 0x10000;
    else if (c >= base + 0x8000 && c >= 0x10000)
        c -= 0x10000;
    return c;
}

static void conn_config_defaults(conn_config *c)
{
    if (c->timeout <= 0) c->timeout = 10.0;
    if (c->handshake_timeout <= 0) c->handshake_timeout = 5.0;
    if (c->handshake_resend <= 0) c->handshake_resend = 0.1;
    if (c->keepalive <= 0) c->keepalive = 0.25;
    if (c->max_packet == 0) c->max_packet = 1200;
    if (c->max_packet < 256) c->max_packet = 256;
    if (c->max_packet > PKT_MAX_SIZE) c->max_packet = PKT_MAX_SIZE;
    if (c->inflight_packets == 0) c->inflight_packets = 1024;
    uint32_t p = CONN_SENT_MIN;
    while (p < c->inflight_packets) p <<= 1;
    c->inflight_packets = p;
    if (c->ack_every == 0) c->ack_every = 4;
    if (c->bulk_window == 0) c->bulk_window = 4u << 20;
    if (c->queue_bytes == 0) c->queue_bytes = 16u << 20;
    if (c->rx_unread_bytes == 0) c->rx_unread_bytes = 8u << 20;
}

/* ---- byte rings for unreliable channels ---- */

static bool conn_ring_alloc(conn_ring *r)
{
    if (r->buf) return true;
    r->buf = malloc(CONN_UNREL_RING);
    return r->buf != NULL;
}

static void conn_ring_copy_in(conn_ring *r, uint32_t at, const uint8_t *p, uint32_t n)
{
    at %= CONN_UNREL_RING;
    uint32_t first = CONN_UNREL_RING - at < n ? CONN_UNREL_RING - at : n;
    memcpy(r->buf + at, p, first);
    memcpy(r->buf, p + first, n - first);
}

static void conn_ring_copy_out(const conn_ring *r, uint32_t at, uint8_t *p, uint32_t n)
{
    at %= CONN_UNREL_RING;
    uint32_t first = CONN_UNREL_RING - at < n ? CONN_UNREL_RING - at : n;
    memcpy(p, r->buf + at, first);
    memcpy(p + first, r->buf, n - first);
}

static bool conn_ring_push(conn_ring *r, const uint8_t *p, uint32_t n)
{
    if (!conn_ring_alloc(r) || r->used + 2 + n > CONN_UNREL_RING) return false;
    uint8_t len[2] = {(uint8_t)(n & 0xff), (uint8_t)(n >> 8)};
    uint32_t tail = r->head + r->used;
    conn_ring_copy_in(r, tail, len, 2);
    conn_ring_copy_in(r, tail + 2, p, n);
    r->used += 2 + n;
    r->count++;
    return true;
}

static uint32_t conn_ring_peek(const conn_ring *r)
{
    if (!r->count) return 0;
    uint8_t len[2];
    conn_ring_copy_out(r, r->head, len, 2);
    return (uint32_t)(len[0] | (len[1] << 8));
}

static void conn_ring_pop(conn_ring *r, uint8_t *p)
{
    uint32_t n = conn_ring_peek(r);
    if (p) conn_ring_copy_out(r, r->head + 2, p, n);
    r->head = (r->head + 2 + n) % CONN_UNREL_RING;
    r->used -= 2 + n;
    r->count--;
}

/* ---- creation ---- */

static conn *conn_alloc(const conn_config *cfg, const net_addr *peer, conn_send_fn send, void *user,
                        double now)
{
    if (!pkt_crypto_init()) return NULL;
    conn *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (cfg) c->cfg = *cfg;
    conn_config_defaults(&c->cfg);
    c->peer = *peer;
    c->send = send;
    c->user = user;
    c->created = c->last_recv = c->state_time = now;
    c->last_send = c->last_eliciting_send = now;
    c->last_emit = c->last_ping_recv = now - 1.0;
    c->sent_cap = CONN_SENT_MIN;
    c->sent = calloc(c->sent_cap, sizeof *c->sent);
    if (!c->sent) {
        free(c);
        return NULL;
    }
    for (int i = 0; i < CONN_REPLAY; i++) c->replay[i] = UINT64_MAX;
    c->cwnd = 32.0 * c->cfg.max_packet;
    c->slow_start = true;
    c->min_rtt = INFINITY;
    c->min_rtt_window = INFINITY;
    c->min_rtt_window_start = now;
    c->pace_time = now;
    for (int ch = 0; ch < CONN_CH_COUNT; ch++) {
        bool bulk = ch == CONN_CH_BULK;
        c->rel[ch].window = bulk ? CONN_WINDOW_BULK : CONN_WINDOW_SMALL;
        c->rel[ch].window_bytes = bulk ? c->cfg.bulk_window : CONN_SMALL_BYTES;
    }
    return c;
}

static void conn_raw_send(conn *c, const uint8_t *data, size_t len, double now)
{
    c->send(c->user, &c->peer, data, len);
    c->stats.packets_sent++;
    c->stats.bytes_sent += len;
    c->last_send = now;
}

static void conn_send_hello(conn *c, double now)
{
    pkt_hello h = {.version = PKT_VERSION};
    memcpy(h.client_pk, c->client_pk, PKT_PK_BYTES);
    memcpy(h.cookie, c->cookie, PKT_COOKIE_BYTES);
    pkt_kind kind = c->state == CONN_REQUESTING ? PKT_REQUEST : PKT_RESPONSE;
    size_t n = pkt_write_hello(kind, &h, c->wire, sizeof c->wire);
    conn_raw_send(c, c->wire, n, now);
    c->last_handshake_send = now;
}

conn *conn_create_client(const conn_config *cfg, const net_addr *server, conn_send_fn send,
                         void *user, double now)
{
    conn *c = conn_alloc(cfg, server, send, user, now);
    if (!c) return NULL;
    c->is_client = true;
    c->state = CONN_REQUESTING;
    crypto_kx_keypair(c->client_pk, c->client_sk);
    conn_send_hello(c, now);
    return c;
}

conn *conn_create_accepted(const conn_config *cfg, const net_addr *peer,
                           const uint8_t client_pk[PKT_PK_BYTES],
                           const uint8_t rx_key[PKT_KEY_BYTES], const uint8_t tx_key[PKT_KEY_BYTES],
                           const uint8_t *accept, size_t accept_len, conn_send_fn send, void *user,
                           double now)
{
    assert(accept_len <= PKT_ACCEPT_SIZE);
    conn *c = conn_alloc(cfg, peer, send, user, now);
    if (!c) return NULL;
    c->state = CONN_PENDING;
    memcpy(c->client_pk, client_pk, PKT_PK_BYTES);
    memcpy(c->rx_key, rx_key, PKT_KEY_BYTES);
    memcpy(c->tx_key, tx_key, PKT_KEY_BYTES);
    memcpy(c->accept, accept, accept_len);
    c->accept_len = accept_len;
    conn_resend_accept(c);
    return c;
}

void conn_resend_accept(conn *c)
{
    if (c->accept_len) c->send(c->user, &c->peer, c->accept, c->accept_len);
}

void conn_destroy(conn *c)
{
    if (!c) return;
    for (int ch = 0; ch < CONN_CH_COUNT; ch++) {
        conn_reliable *r = &c->rel[ch];
        if (r->tx)
            for (uint32_t i = 0; i < r->window; i++) free(r->tx[i].data);
        if (r->rx)
            for (uint32_t i = 0; i < r->window; i++) free(r->rx[i].data);
        for (conn_waiting *w = r->wait_head, *n; w; w = n) {
            n = w->next;
            free(w);
        }
        free(r->tx);
        free(r->rx);
        free(r->resend);
        free(c->unrel[ch].tx.buf);
        free(c->unrel[ch].rx.buf);
    }
    free(c->sent);
    sodium_memzero(c, sizeof *c);
    free(c);
}

/* ---- state ---- */

static void conn_set_state(conn *c, conn_state s, conn_reason why, double now)
{
    if (c->state == CONN_DISCONNECTED) return;
    c->state = s;
    c->state_time = now;
    if (s == CONN_DISCONNECTED) {
        c->reason = why;
        sodium_memzero(c->client_sk, sizeof c->client_sk);
    }
}

conn_state conn_get_state(const conn *c)
{
    return c->state;
}

conn_reason conn_get_reason(const conn *c)
{
    return c->reason;
}

const char *conn_reason_str(conn_reason r)
{
    switch (r) {
    case CONN_REASON_NONE:
        return "connected";
    case CONN_REASON_TIMEOUT:
        return "the connection timed out";
    case CONN_REASON_HANDSHAKE_TIMEOUT:
        return "the server did not answer";
    case CONN_REASON_CLOSED:
        return "closed";
    case CONN_REASON_PEER_CLOSED:
        return "closed by the other side";
    case CONN_REASON_DENIED_FULL:
        return "the server is full";
    case CONN_REASON_DENIED_VERSION:
        return "the server speaks another protocol version";
    case CONN_REASON_BAD_SIGNATURE:
        return "the server failed to prove its identity";
    case CONN_REASON_REPLACED:
        return "replaced by a new connection from the same address";
    }
    return "unknown";
}

conn_stats conn_get_stats(const conn *c)
{
    conn_stats s = c->stats;
    s.rtt = c->srtt;
    s.jitter = c->rttvar;
    s.min_rtt = c->min_rtt < INFINITY ? c->min_rtt : 0;
    s.loss = c->loss;
    s.cwnd = c->cwnd;
    s.bytes_in_flight = c->bytes_in_flight;
    return s;
}

const net_addr *conn_peer(const conn *c)
{
    return &c->peer;
}

const uint8_t *conn_server_identity(const conn *c)
{
    return c->have_identity ? c->server_identity : NULL;
}

const uint8_t *conn_client_pk(const conn *c)
{
    return c->client_pk;
}

/* ---- reliable channel: sending side ---- */

static bool conn_rel_alloc(conn_reliable *r)
{
    if (r->tx) return true;
    r->tx = calloc(r->window, sizeof *r->tx);
    r->rx = calloc(r->window, sizeof *r->rx);
    if (!r->tx || !r->rx) {
        free(r->tx);
        free(r->rx);
        r->tx = NULL;
        r->rx = NULL;
        return false;
    }
    return true;
}

static bool conn_resend_push(conn_reliable *r, uint64_t id, uint16_t frag)
{
    if (r->resend_count == r->resend_cap) {
        uint32_t cap = r->resend_cap ? r->resend_cap * 2 : 64;
        conn_txref *n = malloc(cap * sizeof *n);
        if (!n) return false;
        for (uint32_t i = 0; i < r->resend_count; i++)
            n[i] = r->resend[(r->resend_head + i) % r->resend_cap];
        free(r->resend);
        r->resend = n;
        r->resend_cap = cap;
        r->resend_head = 0;
    }
    r->resend[(r->resend_head + r->resend_count) % r->resend_cap] = (conn_txref){id, frag};
    r->resend_count++;
    return true;
}

/* Gives a message (whose buffer it takes) the next id in the window. */
static void conn_rel_admit(conn *c, conn_reliable *r, uint8_t *data, uint32_t len)
{
    (void)c;
    conn_txmsg *m = &r->tx[r->next_id % r->window];
    assert(!m->data && r->next_id - r->oldest_id < r->window);
    m->data = data;
    m->len = len;
    m->nfrag = (uint16_t)(len <= CONN_FRAG_SIZE ? 1 : (len + CONN_FRAG_SIZE - 1) / CONN_FRAG_SIZE);
    m->nacked = 0;
    m->offset = r->stream_end;
    memset(m->acked, 0, sizeof m->acked);
    memset(m->queued, 0, sizeof m->queued);
    r->stream_end += len ? len : 1;
    r->next_id++;
}

int conn_send(conn *c, int channel, const void *data, size_t len)
{
    if (channel < 0 || channel >= CONN_CH_COUNT) return CONN_ERR_CHANNEL;
    if (c->state == CONN_DISCONNECTED) return CONN_ERR_STATE;
    assert(data || len == 0);
    if (conn_channel_kind[channel] == CONN_KIND_UNRELIABLE) {
        if (len > CONN_MAX_UNRELIABLE) return CONN_ERR_TOO_BIG;
        if (!conn_ring_push(&c->unrel[channel].tx, data, (uint32_t)len)) return CONN_ERR_FULL;
        return CONN_OK;
    }
    if (len > CONN_MAX_MESSAGE) return CONN_ERR_TOO_BIG;
    conn_reliable *r = &c->rel[channel];
    if (!conn_rel_alloc(r)) return CONN_ERR_FULL;
    if (c->queued_total + len > c->cfg.queue_bytes) return CONN_ERR_FULL;
    if (r->wait_head || r->next_id - r->oldest_id >= r->window) {
        /* the id window is full: wait in line, bounded by queue_bytes */
        conn_waiting *w = malloc(sizeof *w + (len ? len : 1));
        if (!w) return CONN_ERR_FULL;
        w->next = NULL;
        w->len = (uint32_t)len;
        memcpy(w->data, data, len);
        if (r->wait_tail)
            r->wait_tail->next = w;
        else
            r->wait_head = w;
        r->wait_tail = w;
        r->queued_bytes += len;
        c->queued_total += len;
        return CONN_OK;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) return CONN_ERR_FULL;
    memcpy(copy, data, len);
    conn_rel_admit(c, r, copy, (uint32_t)len);
    r->queued_bytes += len;
    c->queued_total += len;
    return CONN_OK;
}

size_t conn_pending_bytes(const conn *c, int channel)
{
    if (channel < 0 || channel >= CONN_CH_COUNT) return 0;
    return c->rel[channel].queued_bytes;
}

static void conn_frag_span(const conn_txmsg *m, uint32_t frag, uint32_t *off, uint32_t *len)
{
    *off = frag * CONN_FRAG_SIZE;
    *len = m->len - *off < CONN_FRAG_SIZE ? m->len - *off : CONN_FRAG_SIZE;
}

/* The fragment (id, frag) was delivered: account it and retire finished messages. */
static void conn_frag_acked(conn *c, int ch, uint64_t id, uint32_t frag)
{
    conn_reliable *r = &c->rel[ch];
    if (!r->tx || id < r->oldest_id || id >= r->next_id) return;
    conn_txmsg *m = &r->tx[id % r->window];
    if (frag >= m->nfrag || conn_bit_get(m->acked, frag)) return;
    conn_bit_set(m->acked, frag);
    m->nacked++;
    while (r->oldest_id < r->next_id) {
        conn_txmsg *o = &r->tx[r->oldest_id % r->window];
        if (o->nacked < o->nfrag) break;
        r->queued_bytes -= o->len;
        c->queued_total -= o->len;
        free(o->data);
        o->data = NULL;
        r->oldest_id++;
    }
    while (r->wait_head && r->next_id - r->oldest_id < r->window) {
        conn_waiting *w = r->wait_head;
        r->wait_head = w->next;
        if (!r->wait_head) r->wait_tail = NULL;
        uint8_t *copy = malloc(w->len ? w->len : 1);
        if (!copy) { /* keep it waiting; try again at the next ack */
            r->wait_head = w;
            if (!r->wait_tail) r->wait_tail = w;
            break;
        }
        memcpy(copy, w->data, w->len);
        conn_rel_admit(c, r, copy, w->len);
        free(w);
    }
}

/* ---- sent-packet records ---- */

static conn_sent *conn_sent_find(conn *c, uint64_t seq)
{
    conn_sent *s = &c->sent[seq & (c->sent_cap - 1)];
    return s->state != CONN_SENT_FREE && s->seq == seq ? s : NULL;
}

static void conn_sent_grow(conn *c)
{
    uint32_t cap = c->sent_cap * 2;
    conn_sent *n = calloc(cap, sizeof *n);
    if (!n) return;
    for (uint32_t i = 0; i < c->sent_cap; i++)
        if (c->sent[i].state != CONN_SENT_FREE) n[c->sent[i].seq & (cap - 1)] = c->sent[i];
    free(c->sent);
    c->sent = n;
    c->sent_cap = cap;
}

static void conn_loss_sample(conn *c, double lost)
{
    c->loss += (lost - c->loss) / 64.0;
}

static void conn_packet_lost(conn *c, conn_sent *s)
{
    s->state = CONN_SENT_LOST;
    c->bytes_in_flight -= s->bytes;
    if (s->reliable) c->rel_in_flight -= s->bytes;
    c->stats.packets_lost++;
    conn_loss_sample(c, 1.0);
    for (uint32_t i = 0; i < s->nrefs; i++) {
        conn_ref *ref = &s->refs[i];
        conn_reliable *r = &c->rel[ref->ch];
        uint64_t id = conn_id_expand(ref->id, r->oldest_id);
        if (id < r->oldest_id || id >= r->next_id) continue;
        conn_txmsg *m = &r->tx[id % r->window];
        if (conn_bit_get(m->acked, ref->frag) || conn_bit_get(m->queued, ref->frag)) continue;
        if (conn_resend_push(r, id, ref->frag)) conn_bit_set(m->queued, ref->frag);
    }
}

/* Room for a new record at next_seq; a record still in flight there is given up as lost. */
static conn_sent *conn_sent_slot(conn *c)
{
    if (c->next_seq - c->oldest_flight >= c->sent_cap - 1 && c->sent_cap < c->cfg.inflight_packets)
        conn_sent_grow(c);
    conn_sent *s = &c->sent[c->next_seq & (c->sent_cap - 1)];
    if (s->state == CONN_SENT_FLIGHT) conn_packet_lost(c, s);
    memset(s, 0, offsetof(conn_sent, refs));
    return s;
}

static void conn_rtt_sample(conn *c, double rtt, double now)
{
    if (rtt < 0) rtt = 0;
    c->latest_rtt = rtt;
    if (!c->have_rtt) {
        c->srtt = rtt;
        c->rttvar = rtt / 2;
        c->have_rtt = true;
    } else {
        c->rttvar += (fabs(c->srtt - rtt) - c->rttvar) / 4;
        c->srtt += (rtt - c->srtt) / 8;
    }
    /* min_rtt over a sliding 10 s window, so a route change is noticed */
    if (rtt < c->min_rtt_window) c->min_rtt_window = rtt;
    if (rtt < c->min_rtt) c->min_rtt = rtt;
    if (now - c->min_rtt_window_start > 10.0) {
        c->min_rtt = c->min_rtt_window;
        c->min_rtt_window = INFINITY;
        c->min_rtt_window_start = now;
    }
    c->delay_samples[c->delay_count++ % CONN_DELAY_SAMPLES] = rtt;
}

/* Delay-based window for bulk: grow while the queueing delay we cause stays small, back
 * off when it builds. Random loss alone does not shrink the window. */
static void conn_cc_on_ack(conn *c, double acked_bulk, double now)
{
    if (!c->have_rtt) return;
    uint32_t n = c->delay_count < CONN_DELAY_SAMPLES ? c->delay_count : CONN_DELAY_SAMPLES;
    double recent = INFINITY;
    for (uint32_t i = 0; i < n; i++)
        if (c->delay_samples[i] < recent) recent = c->delay_samples[i];
    double queueing = recent - c->min_rtt;
    double target = 0.002 + c->rttvar / 2;
    double max_cwnd = (double)(c->cfg.inflight_packets - 64) * c->cfg.max_packet;
    if (max_cwnd > c->cfg.bulk_window) max_cwnd = c->cfg.bulk_window;
    if (queueing > target && now - c->last_reduce > c->srtt) {
        c->cwnd *= 0.75;
        c->last_reduce = now;
        c->slow_start = false;
    } else if (acked_bulk > 0 && queueing <= target) {
        c->cwnd += c->slow_start ? acked_bulk : acked_bulk / 4;
    }
    if (c->cwnd < CONN_MIN_CWND) c->cwnd = CONN_MIN_CWND;
    if (c->cwnd > max_cwnd) c->cwnd = max_cwnd;
}

static void conn_on_ack_packet(conn *c, conn_sent *s, double *acked_bulk)
{
    if (s->state == CONN_SENT_FLIGHT) {
        c->bytes_in_flight -= s->bytes;
        if (s->reliable) {
            c->rel_in_flight -= s->bytes;
            *acked_bulk += s->bytes;
        }
        conn_loss_sample(c, 0.0);
    }
    s->state = CONN_SENT_DONE;
    for (uint32_t i = 0; i < s->nrefs; i++) {
        conn_ref *ref = &s->refs[i];
        conn_reliable *r = &c->rel[ref->ch];
        conn_frag_acked(c, ref->ch, conn_id_expand(ref->id, r->oldest_id), ref->frag);
    }
}

static void conn_detect_loss(conn *c, double now)
{
    double pto = c->have_rtt ? c->srtt + 4 * c->rttvar + 0.01 : 0.3;
    double reorder = c->have_rtt ? 1.125 * fmax(c->srtt, c->latest_rtt) : 0.3;
    double soonest = fmin(pto, reorder);
    for (uint64_t seq = c->oldest_flight; seq < c->next_seq; seq++) {
        conn_sent *s = conn_sent_find(c, seq);
        if (!s || s->state != CONN_SENT_FLIGHT) {
            if (seq == c->oldest_flight) c->oldest_flight++;
            continue;
        }
        double age = now - s->time;
        if (age < soonest) break;
        bool threshold = c->any_acked && c->largest_acked >= seq + 3 && age >= reorder;
        if (s->eliciting ? (threshold || age >= pto) : (threshold || age >= CONN_SENT_EXPIRE)) {
            if (s->eliciting || threshold)
                conn_packet_lost(c, s);
            else {
                s->state = CONN_SENT_DONE; /* no ack expected for it: forget quietly */
                c->bytes_in_flight -= s->bytes;
            }
            if (seq == c->oldest_flight) c->oldest_flight++;
        }
    }
}

/* ---- building datagrams ---- */

static unsigned conn_varint_bits(uint64_t v)
{
    unsigned n = 8;
    while (v >>= 7) n += 8;
    return n;
}

static unsigned conn_item_bits(const conn_item *it, bool last)
{
    unsigned n = 3 + 1;
    if (conn_channel_kind[it->ch] == CONN_KIND_RELIABLE) n += 17 + (it->nfrag > 1 ? 16 : 0);
    if (!last) n += conn_varint_bits(it->len);
    return n;
}

static size_t conn_align8(size_t bits_n)
{
    return (bits_n + 7) & ~(size_t)7;
}

typedef struct conn_plan {
    conn_item items[CONN_MAX_ITEMS];
    uint32_t count, nrefs;
    size_t bits_used, bits_cap;
    double allowance; /* reliable bytes the congestion window still allows */
} conn_plan;

static bool conn_plan_fits(const conn_plan *p, const conn_item *it)
{
    if (p->count == CONN_MAX_ITEMS) return false;
    size_t need = conn_align8(p->bits_used + conn_item_bits(it, false)) + (size_t)it->len * 8;
    return need <= p->bits_cap;
}

static void conn_plan_add(conn_plan *p, const conn_item *it)
{
    p->bits_used = conn_align8(p->bits_used + conn_item_bits(it, false)) + (size_t)it->len * 8;
    p->items[p->count++] = *it;
}

static void conn_ack_header(conn *c, bits *b, bool with_ack)
{
    bool has = with_ack;
    bits_bool(b, &has);
    if (!has) return;
    uint32_t ack = (uint32_t)(c->highest_recv & 0xffff);
    bits_raw(b, &ack, 16);
    uint32_t mask = 0;
    for (uint32_t i = 0; i < 32 && i < c->highest_recv; i++) {
        uint64_t s = c->highest_recv - 1 - i;
        if (c->replay[s % CONN_REPLAY] == s) mask |= 1u << i;
    }
    uint32_t code = mask == 0 ? 0 : mask <= 0xff ? 1 : mask <= 0xffff ? 2 : 3;
    static const unsigned widths[4] = {0, 8, 16, 32};
    bits_raw(b, &code, 2);
    bits_raw(b, &mask, widths[code]);
}

static unsigned conn_ack_bits(void)
{
    return 1 + 16 + 2 + 32; /* worst case, for planning */
}

/* Writes and seals the planned datagram, records it, sends it. */
static size_t conn_emit(conn *c, conn_plan *p, bool with_ack, bool ping, double now)
{
    conn_sent *s = conn_sent_slot(c);
    bits b;
    bits_write_init(&b, c->plain, c->cfg.max_packet - PKT_OVERHEAD);
    conn_ack_header(c, &b, with_ack);
    bits_bool(&b, &ping);
    uint32_t nrefs = 0;
    for (uint32_t i = 0; i < p->count; i++) {
        conn_item *it = &p->items[i];
        uint32_t ch = it->ch;
        bits_raw(&b, &ch, 3);
        if (conn_channel_kind[it->ch] == CONN_KIND_RELIABLE) {
            uint32_t id = (uint32_t)(it->id & 0xffff);
            bool frag = it->nfrag > 1;
            bits_raw(&b, &id, 16);
            bits_bool(&b, &frag);
            if (frag) {
                uint32_t idx = it->frag, cnt = it->nfrag - 1u;
                bits_raw(&b, &idx, 8);
                bits_raw(&b, &cnt, 8);
            }
            s->refs[nrefs++] = (conn_ref){(uint32_t)it->id, it->ch, (uint8_t)it->frag};
        }
        bool last = i + 1 == p->count;
        bits_bool(&b, &last);
        if (!last) {
            uint64_t len = it->len;
            bits_varint(&b, &len);
        }
        bits_bytes(&b, (void *)(uintptr_t)it->data, it->len);
    }
    assert(bits_ok(&b));
    size_t body = bits_bytes_used(&b);
    size_t n =
        pkt_seal(PKT_PAYLOAD, c->next_seq, c->tx_key, c->plain, body, c->wire, sizeof c->wire);
    s->seq = c->next_seq++;
    s->time = now;
    s->bytes = (uint32_t)n;
    s->nrefs = (uint8_t)nrefs;
    s->eliciting = nrefs > 0 || ping;
    s->reliable = nrefs > 0;
    s->state = CONN_SENT_FLIGHT;
    c->bytes_in_flight += n;
    if (nrefs) c->rel_in_flight += n;
    if (with_ack) {
        c->ack_pending = 0;
        c->ack_unsent = false;
        c->ack_urgent = false;
        c->ack_unsent_count = 0;
        c->last_ack_send = now;
    }
    if (s->eliciting) c->last_eliciting_send = now;
    c->last_emit = now;
    conn_raw_send(c, c->wire, n, now);
    return n;
}

/* Adds reliable fragments of one channel to the plan: resends first, then fresh data
 * inside the channel's byte window. Returns false when the plan is full. */
static bool conn_plan_reliable(conn *c, conn_plan *p, int ch)
{
    conn_reliable *r = &c->rel[ch];
    if (!r->tx) return true;
    while (r->resend_count) {
        if (p->nrefs == CONN_PACKET_REFS) return false;
        conn_txref ref = r->resend[r->resend_head];
        if (ref.id < r->oldest_id || ref.id >= r->next_id) goto skip;
        conn_txmsg *m = &r->tx[ref.id % r->window];
        if (conn_bit_get(m->acked, ref.frag)) {
            conn_bit_clear(m->queued, ref.frag);
            goto skip;
        }
        uint32_t off, len;
        conn_frag_span(m, ref.frag, &off, &len);
        conn_item it = {(uint8_t)ch, (uint8_t)ref.frag, m->nfrag, ref.id, m->data + off, len};
        if ((double)(p->bits_used / 8 + len + PKT_OVERHEAD) > p->allowance) return false;
        if (!conn_plan_fits(p, &it)) return false;
        conn_plan_add(p, &it);
        p->nrefs++;
        conn_bit_clear(m->queued, ref.frag);
        c->stats.fragments_resent++;
    skip:
        r->resend_head = (r->resend_head + 1) % r->resend_cap;
        r->resend_count--;
    }
    while (r->fresh_id < r->next_id) {
        if (p->nrefs == CONN_PACKET_REFS) return false;
        conn_txmsg *m = &r->tx[r->fresh_id % r->window];
        uint32_t off, len;
        conn_frag_span(m, r->fresh_frag, &off, &len);
        conn_txmsg *oldest = &r->tx[r->oldest_id % r->window];
        if (m->offset + off >= oldest->offset + r->window_bytes) return true;
        conn_item it = {(uint8_t)ch, (uint8_t)r->fresh_frag, m->nfrag,
                        r->fresh_id, m->data + off,          len};
        if ((double)(p->bits_used / 8 + len + PKT_OVERHEAD) > p->allowance) return false;
        if (!conn_plan_fits(p, &it)) return false;
        conn_plan_add(p, &it);
        p->nrefs++;
        if (++r->fresh_frag == m->nfrag) {
            r->fresh_frag = 0;
            r->fresh_id++;
        }
    }
    return true;
}

static void conn_plan_unreliable(conn *c, conn_plan *p, size_t *scratch_used)
{
    for (int ch = 0; ch < CONN_CH_COUNT; ch++) {
        conn_ring *q = &c->unrel[ch].tx;
        while (q->count) {
            uint32_t len = conn_ring_peek(q);
            conn_item it = {(uint8_t)ch, 0, 1, 0, c->scratch + *scratch_used, len};
            if (!conn_plan_fits(p, &it)) return;
            conn_ring_pop(q, c->scratch + *scratch_used);
            *scratch_used += len;
            conn_plan_add(p, &it);
        }
    }
}

void conn_flush(conn *c, double now)
{
    /* a server connection stays quiet until the client has proven its keys */
    if (c->state != CONN_CONNECTED) return;
    /* pacing credit for reliable data: 1.25 windows per round trip */
    double rate = 1.25 * c->cwnd / fmax(c->have_rtt ? c->srtt : 0.05, 0.0005);
    c->pace_credit += (now - c->pace_time) * rate;
    c->pace_time = now;
    double burst = (double)CONN_PACE_BURST * c->cfg.max_packet;
    if (c->pace_credit > burst) c->pace_credit = burst;
    /* control and chat may run a few packets past the window, so a bulk transfer that
     * fills it never holds a chat line back for a whole round trip */
    double reserve = 4.0 * c->cfg.max_packet;
    for (int round = 0; round < 4096; round++) {
        /* Pings and acks ride on datagrams that go anyway; one of their own is sent only
         * when nothing else will carry it in time (see CONN_RIDE_WAIT). */
        bool flowing = now - c->last_emit < CONN_RIDE_WAIT;
        double ack_wait = c->ack_urgent || !flowing ? CONN_ACK_DELAY : CONN_RIDE_WAIT;
        bool want_ack = c->ack_pending >= c->cfg.ack_every ||
                        (c->ack_pending && now - c->ack_first >= ack_wait) ||
                        (c->ack_unsent && (c->ack_unsent_count >= CONN_ACK_SPAN ||
                                           now - c->last_ack_send >= 2 * c->cfg.keepalive));
        double since_ping = now - c->last_eliciting_send;
        bool ping = since_ping >= c->cfg.keepalive;
        /* Alone only when nothing will carry it: no stream of ours to ride on, and no ping
         * of the peer's to answer (the answer carries ours, see below); a keep-alive and a
         * ride-wait after the last one at the latest. */
        double late = c->cfg.keepalive + CONN_RIDE_WAIT;
        bool ping_alone =
            ping && (since_ping >= late || (!flowing && now - c->last_ping_recv >= late));
        conn_plan p = {0};
        p.bits_cap = (size_t)(c->cfg.max_packet - PKT_OVERHEAD) * 8;
        bool with_ack = c->any_recv && (want_ack || c->ack_pending || c->ack_unsent);
        p.bits_used = with_ack ? conn_ack_bits() + 1 : 2;
        size_t scratch = 0;
        conn_plan_unreliable(c, &p, &scratch);
        /* reliable data needs a free record to be acknowledged by, and pacing credit */
        bool records_ok = c->next_seq - c->oldest_flight < c->cfg.inflight_packets - 64;
        if (records_ok && c->pace_credit > 0) {
            double room = c->cwnd - (double)c->rel_in_flight;
            p.allowance = room + reserve;
            if (conn_plan_reliable(c, &p, CONN_CH_CONTROL) &&
                conn_plan_reliable(c, &p, CONN_CH_CHAT)) {
                p.allowance = room - (double)(p.bits_used / 8);
                conn_plan_reliable(c, &p, CONN_CH_BULK);
            }
        }
        if (p.count == 0 && !want_ack && !ping_alone) break;
        /* a datagram of its own pings early, so the two sides' pings and their answers
         * fall into step and share datagrams (idle: one each way per keep-alive, not two) */
        if (p.count == 0 && since_ping >= c->cfg.keepalive / 2) ping = true;
        size_t sent = conn_emit(c, &p, with_ack, ping, now);
        if (p.nrefs) c->pace_credit -= (double)sent;
        if (p.count == 0) break;
    }
}

/* ---- receiving ---- */

typedef struct conn_parsed {
    bool has_ack, ping;
    uint16_t ack;
    uint32_t mask;
    uint32_t count;
    conn_item items[CONN_MAX_ITEMS];
} conn_parsed;

static bool conn_parse_body(const uint8_t *body, size_t len, conn_parsed *out)
{
    static const unsigned widths[4] = {0, 8, 16, 32};
    bits b;
    bits_read_init(&b, body, len);
    out->mask = 0;
    out->count = 0;
    bits_bool(&b, &out->has_ack);
    if (out->has_ack) {
        uint32_t ack = 0, code = 0;
        bits_raw(&b, &ack, 16);
        bits_raw(&b, &code, 2);
        bits_raw(&b, &out->mask, widths[code]);
        out->ack = (uint16_t)ack;
        /* canonical: the shortest width that holds the mask */
        if (code > 0 && out->mask <= (code == 1 ? 0u : code == 2 ? 0xffu : 0xffffu)) return false;
    }
    bits_bool(&b, &out->ping);
    if (!bits_ok(&b)) return false;
    if (bits_bytes_used(&b) == len) return bits_end(&b); /* no messages: padding must be zero */
    for (;;) {
        if (out->count == CONN_MAX_ITEMS) return false;
        conn_item *it = &out->items[out->count++];
        uint32_t ch = 0;
        bits_raw(&b, &ch, 3);
        if (ch >= CONN_CH_COUNT) return false;
        it->ch = (uint8_t)ch;
        it->nfrag = 1;
        it->frag = 0;
        if (conn_channel_kind[ch] == CONN_KIND_RELIABLE) {
            uint32_t id = 0;
            bool frag = false;
            bits_raw(&b, &id, 16);
            bits_bool(&b, &frag);
            it->id = id;
            if (frag) {
                uint32_t idx = 0, cnt = 0;
                bits_raw(&b, &idx, 8);
                bits_raw(&b, &cnt, 8);
                if (cnt == 0 || idx > cnt) return false;
                it->frag = (uint8_t)idx;
                it->nfrag = (uint16_t)(cnt + 1);
            }
        }
        bool last = false;
        bits_bool(&b, &last);
        uint64_t n = 0;
        if (!last) bits_varint(&b, &n);
        bits_align(&b);
        if (!bits_ok(&b)) return false;
        if (last) n = bits_bytes_left(&b);
        if (n > bits_bytes_left(&b)) return false;
        it->len = (uint32_t)n;
        it->data = body + bits_bytes_used(&b);
        b.pos += (size_t)n * 8;
        /* size rules: fragments other than the last are full; unreliable fit one datagram */
        if (conn_channel_kind[ch] == CONN_KIND_UNRELIABLE) {
            if (n > CONN_MAX_UNRELIABLE) return false;
        } else if (it->nfrag > 1) {
            if (it->frag + 1u < it->nfrag ? n != CONN_FRAG_SIZE : (n == 0 || n > CONN_FRAG_SIZE))
                return false;
        } else if (n > CONN_FRAG_SIZE) {
            return false;
        }
        if (last) return bits_bytes_left(&b) == 0;
        if (bits_bytes_left(&b) == 0) return false; /* non-canonical: last must be marked */
    }
}

/* Checks that every reliable fragment of a packet can be stored; nothing changes. */
static bool conn_can_store(conn *c, const conn_parsed *p)
{
    size_t extra[CONN_CH_COUNT] = {0};
    for (uint32_t i = 0; i < p->count; i++) {
        const conn_item *it = &p->items[i];
        if (conn_channel_kind[it->ch] != CONN_KIND_RELIABLE) continue;
        conn_reliable *r = &c->rel[it->ch];
        if (!conn_rel_alloc(r)) return false;
        uint64_t id = conn_id16_expand((uint16_t)it->id, r->expected_id);
        if (id < r->expected_id) continue; /* duplicate of something delivered */
        if (id >= r->read_id + r->window) return false;
        conn_rxmsg *m = &r->rx[id % r->window];
        if (m->used && m->nfrag != it->nfrag) return false; /* contradicts earlier fragments */
        if (!m->used) extra[it->ch] += (size_t)it->nfrag * CONN_FRAG_SIZE;
        if (r->unread_bytes > c->cfg.rx_unread_bytes) return false;
        if (id != r->expected_id &&
            r->held_bytes + extra[it->ch] > (size_t)r->window_bytes + CONN_MAX_MESSAGE)
            return false;
    }
    return true;
}

static void conn_store_reliable(conn *c, const conn_item *it)
{
    conn_reliable *r = &c->rel[it->ch];
    uint64_t id = conn_id16_expand((uint16_t)it->id, r->expected_id);
    if (id < r->expected_id) return;
    conn_rxmsg *m = &r->rx[id % r->window];
    if (!m->used) {
        size_t cap = (size_t)it->nfrag * CONN_FRAG_SIZE;
        m->data = malloc(cap ? cap : 1);
        if (!m->data) return;
        m->used = 1;
        m->nfrag = it->nfrag;
        m->nrecv = 0;
        m->complete = 0;
        m->len = 0;
        memset(m->got, 0, sizeof m->got);
        r->held_bytes += cap;
    }
    /* a fragment that contradicts the message it belongs to (possible when two arrive in
     * one datagram, before conn_can_store could compare them) is ignored */
    if (m->nfrag != it->nfrag || it->frag >= m->nfrag) return;
    if (conn_bit_get(m->got, it->frag)) return;
    conn_bit_set(m->got, it->frag);
    memcpy(m->data + (size_t)it->frag * CONN_FRAG_SIZE, it->data, it->len);
    if (it->frag + 1u == m->nfrag) m->len = (uint32_t)(it->frag * CONN_FRAG_SIZE + it->len);
    if (++m->nrecv == m->nfrag) m->complete = 1;
    while (r->expected_id < r->read_id + r->window) {
        conn_rxmsg *e = &r->rx[r->expected_id % r->window];
        if (!e->used || !e->complete) break;
        r->held_bytes -= (size_t)e->nfrag * CONN_FRAG_SIZE;
        r->unread_bytes += e->len;
        r->expected_id++;
    }
}

static void conn_on_acks(conn *c, const conn_parsed *p, double now)
{
    if (!p->has_ack || c->next_seq == 0) return;
    uint64_t ack = pkt_seq_expand(p->ack, c->next_seq - 1);
    if (ack >= c->next_seq) return;
    double acked_bulk = 0;
    conn_sent *largest = conn_sent_find(c, ack);
    bool new_largest = !c->any_acked || ack > c->largest_acked;
    if (largest && largest->state == CONN_SENT_FLIGHT && new_largest && largest->eliciting)
        conn_rtt_sample(c, now - largest->time, now);
    for (int i = -1; i < 32; i++) {
        if (i >= 0 && !((p->mask >> i) & 1)) continue;
        uint64_t seq = i < 0 ? ack : ack - 1 - (uint64_t)i;
        if (i >= 0 && ack < (uint64_t)i + 1) break;
        conn_sent *s = conn_sent_find(c, seq);
        if (s && s->state != CONN_SENT_DONE) conn_on_ack_packet(c, s, &acked_bulk);
    }
    if (new_largest) {
        c->largest_acked = ack;
        c->any_acked = true;
    }
    conn_cc_on_ack(c, acked_bulk, now);
    conn_detect_loss(c, now);
}

static void conn_on_sealed(conn *c, const uint8_t *data, size_t len, double now)
{
    pkt_kind kind;
    uint16_t seq16;
    if (!pkt_sealed_header(data, len, &kind, &seq16)) goto reject;
    uint64_t seq = pkt_seq_expand(seq16, c->any_recv ? c->highest_recv : 0);
    if (c->any_recv && seq + CONN_REPLAY <= c->highest_recv) goto reject;
    if (c->replay[seq % CONN_REPLAY] == seq) goto reject;
    int body = pkt_open(seq, c->rx_key, data, len, c->plain, sizeof c->plain);
    if (body < 0) goto reject;

    if (kind == PKT_DISCONNECT) {
        if (body != 1) goto reject;
        conn_set_state(c, CONN_DISCONNECTED, CONN_REASON_PEER_CLOSED, now);
        return;
    }
    conn_parsed p;
    if (!conn_parse_body(c->plain, (size_t)body, &p)) goto reject;
    if (!conn_can_store(c, &p)) {
        /* no room: drop it unacknowledged, the sender will try again */
        c->stats.packets_rejected++;
        return;
    }
    c->replay[seq % CONN_REPLAY] = seq;
    if (!c->any_recv || seq > c->highest_recv) c->highest_recv = seq;
    c->any_recv = true;
    c->last_recv = now;
    c->stats.packets_received++;
    c->stats.bytes_received += len;
    if (c->state == CONN_PENDING) conn_set_state(c, CONN_CONNECTED, CONN_REASON_NONE, now);

    conn_on_acks(c, &p, now);
    if (p.ping) c->last_ping_recv = now;
    bool eliciting = p.ping;
    for (uint32_t i = 0; i < p.count; i++) {
        const conn_item *it = &p.items[i];
        if (conn_channel_kind[it->ch] == CONN_KIND_RELIABLE) {
            eliciting = true;
            c->ack_urgent = true;
            conn_store_reliable(c, it);
            continue;
        }
        conn_unreliable *u = &c->unrel[it->ch];
        if (u->any && seq < u->last_seq) continue; /* stale: a newer one was delivered */
        u->any = true;
        u->last_seq = seq;
        if (!conn_ring_push(&u->rx, it->data, it->len)) c->stats.unreliable_dropped++;
    }
    c->ack_unsent = true;
    c->ack_unsent_count++;
    if (eliciting) {
        if (c->ack_pending++ == 0) c->ack_first = now;
        if (c->ack_pending >= c->cfg.ack_every) conn_flush(c, now);
    }
    return;
reject:
    c->stats.packets_rejected++;
}

void conn_on_packet(conn *c, const uint8_t *data, size_t len, double now)
{
    if (len == 0 || c->state == CONN_DISCONNECTED) return;
    switch (data[0]) {
    case PKT_CHALLENGE:
        if (c->is_client && (c->state == CONN_REQUESTING || c->state == CONN_RESPONDING) &&
            pkt_read_challenge(data, len, c->cookie)) {
            c->state = CONN_RESPONDING;
            c->state_time = now;
            conn_send_hello(c, now);
            return;
        }
        break;
    case PKT_ACCEPT: {
        pkt_accept a;
        if (!c->is_client || c->state != CONN_RESPONDING || !pkt_read_accept(data, len, &a)) break;
        if (!pkt_accept_verify(&a, c->client_pk)) {
            conn_set_state(c, CONN_DISCONNECTED, CONN_REASON_BAD_SIGNATURE, now);
            return;
        }
        if (crypto_kx_client_session_keys(c->rx_key, c->tx_key, c->client_pk, c->client_sk,
                                          a.server_pk) != 0) {
            conn_set_state(c, CONN_DISCONNECTED, CONN_REASON_BAD_SIGNATURE, now);
            return;
        }
        sodium_memzero(c->client_sk, sizeof c->client_sk);
        memcpy(c->server_identity, a.identity_pk, PKT_SIGN_PK_BYTES);
        c->have_identity = true;
        c->last_recv = now;
        conn_set_state(c, CONN_CONNECTED, CONN_REASON_NONE, now);
        c->last_eliciting_send = now - c->cfg.keepalive; /* prove the keys at once */
        conn_flush(c, now);
        return;
    }
    case PKT_DENY: {
        pkt_deny_reason why;
        if (c->is_client && c->state != CONN_CONNECTED && pkt_read_deny(data, len, &why)) {
            conn_set_state(
                c, CONN_DISCONNECTED,
                why == PKT_DENY_FULL ? CONN_REASON_DENIED_FULL : CONN_REASON_DENIED_VERSION, now);
            return;
        }
        break;
    }
    case PKT_PAYLOAD:
    case PKT_DISCONNECT:
        if (c->state == CONN_CONNECTED || c->state == CONN_PENDING) {
            conn_on_sealed(c, data, len, now);
            return;
        }
        break;
    default:
        break;
    }
    c->stats.packets_rejected++;
}

int conn_receive(conn *c, int channel, void *buf, size_t cap, size_t *len)
{
    *len = 0;
    if (channel < 0 || channel >= CONN_CH_COUNT) return CONN_ERR_CHANNEL;
    long n = conn_peek_size(c, channel);
    if (n < 0) return 0;
    if ((size_t)n > cap) return CONN_ERR_BUFFER;
    *len = (size_t)n;
    if (conn_channel_kind[channel] == CONN_KIND_UNRELIABLE) {
        conn_ring_pop(&c->unrel[channel].rx, buf);
        return 1;
    }
    conn_reliable *r = &c->rel[channel];
    conn_rxmsg *m = &r->rx[r->read_id % r->window];
    if (m->len) memcpy(buf, m->data, m->len);
    r->unread_bytes -= m->len;
    free(m->data);
    memset(m, 0, sizeof *m);
    r->read_id++;
    return 1;
}

long conn_peek_size(const conn *c, int channel)
{
    if (channel < 0 || channel >= CONN_CH_COUNT) return -1;
    if (conn_channel_kind[channel] == CONN_KIND_UNRELIABLE) {
        const conn_ring *q = &c->unrel[channel].rx;
        return q->count ? (long)conn_ring_peek(q) : -1;
    }
    const conn_reliable *r = &c->rel[channel];
    if (!r->rx || r->read_id == r->expected_id) return -1;
    return (long)r->rx[r->read_id % r->window].len;
}

/* ---- timers ---- */

void conn_disconnect(conn *c, double now)
{
    if (c->state == CONN_CONNECTED || c->state == CONN_PENDING) {
        uint8_t reason = 1;
        for (int i = 0; i < 3; i++) {
            size_t n = pkt_seal(PKT_DISCONNECT, c->next_seq++, c->tx_key, &reason, 1, c->wire,
                                sizeof c->wire);
            conn_raw_send(c, c->wire, n, now);
        }
    }
    conn_set_state(c, CONN_DISCONNECTED, CONN_REASON_CLOSED, now);
}

void conn_update(conn *c, double now)
{
    switch (c->state) {
    case CONN_REQUESTING:
    case CONN_RESPONDING:
        if (now - c->created > c->cfg.handshake_timeout) {
            conn_set_state(c, CONN_DISCONNECTED, CONN_REASON_HANDSHAKE_TIMEOUT, now);
            return;
        }
        /* a cookie the server no longer honours: start over with a fresh request */
        if (c->state == CONN_RESPONDING && now - c->state_time > 2.0) {
            c->state = CONN_REQUESTING;
            c->state_time = now;
        }
        if (now - c->last_handshake_send >= c->cfg.handshake_resend) conn_send_hello(c, now);
        return;
    case CONN_PENDING:
        if (now - c->created > c->cfg.handshake_timeout)
            conn_set_state(c, CONN_DISCONNECTED, CONN_REASON_HANDSHAKE_TIMEOUT, now);
        return;
    case CONN_CONNECTED:
        if (now - c->last_recv > c->cfg.timeout) {
            conn_set_state(c, CONN_DISCONNECTED, CONN_REASON_TIMEOUT, now);
            return;
        }
        conn_detect_loss(c, now);
        conn_flush(c, now);
        return;
    case CONN_DISCONNECTED:
        return;
    }
}
