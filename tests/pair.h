/* pair.h — a client and a server host wired through the in-process simulator.
 * Used by the protocol tests: every datagram goes through sim_send/sim_recv, time is
 * virtual, and a run is reproducible from its seed. */
#ifndef PARLEY_TEST_PAIR_H
#define PARLEY_TEST_PAIR_H

#include "conn.h"
#include "host.h"
#include "sim.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

typedef struct pair_tap { /* who sent what, for byte accounting */
    uint64_t bytes_to_client, bytes_to_server, datagrams_to_client;
    uint8_t last_to_server[NET_MAX_DATAGRAM]; /* the newest sealed client datagram */
    size_t last_to_server_len;
} pair_tap;

typedef struct pair {
    sim *net;
    host *server;
    conn *client;
    net_addr server_addr, client_addr;
    uint32_t handle; /* the server's handle for the client, once connected */
    double now;
    uint8_t identity_pk[32], identity_sk[64];
    pair_tap tap;
} pair;

typedef struct pair_ctx {
    pair *p;
    int side; /* 0 client, 1 server */
} pair_ctx;

static pair_ctx pair_client_ctx, pair_server_ctx;

static inline void pair_send(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    pair_ctx *ctx = user;
    pair *p = ctx->p;
    const net_addr *from = ctx->side == 0 ? &p->client_addr : &p->server_addr;
    if (ctx->side == 0) {
        p->tap.bytes_to_server += len;
        if (len <= sizeof p->tap.last_to_server && data[0] == PKT_PAYLOAD) {
            memcpy(p->tap.last_to_server, data, len);
            p->tap.last_to_server_len = len;
        }
    } else {
        p->tap.bytes_to_client += len;
        p->tap.datagrams_to_client++;
    }
    sim_send(p->net, from, to, data, len, p->now);
}

static inline bool pair_init(pair *p, const sim_config *net, const conn_config *cc)
{
    memset(p, 0, sizeof *p);
    if (sodium_init() < 0) return false;
    p->net = sim_create(net);
    p->server_addr = net_addr_make(0x7f000001, 40000);
    p->client_addr = net_addr_make(0x7f000001, 40001);
    pair_client_ctx = (pair_ctx){p, 0};
    pair_server_ctx = (pair_ctx){p, 1};
    crypto_sign_keypair(p->identity_pk, p->identity_sk);
    host_config hc = {0};
    if (cc) hc.conn = *cc;
    memcpy(hc.identity_sk, p->identity_sk, 64);
    p->server = host_create(&hc, pair_send, &pair_server_ctx);
    p->client = conn_create_client(cc, &p->server_addr, pair_send, &pair_client_ctx, p->now);
    return p->net && p->server && p->client;
}

/* Delivers what is due, runs timers, advances time by dt. */
static inline void pair_step(pair *p, double dt)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    size_t n;
    while ((n = sim_recv(p->net, &p->server_addr, buf, sizeof buf, &from, p->now)) > 0)
        host_on_packet(p->server, &from, buf, n, p->now);
    while ((n = sim_recv(p->net, &p->client_addr, buf, sizeof buf, &from, p->now)) > 0)
        if (net_addr_equal(&from, &p->server_addr)) conn_on_packet(p->client, buf, n, p->now);
    host_update(p->server, p->now);
    host_event ev;
    while (host_poll(p->server, &ev))
        if (ev.type == HOST_EV_CONNECT) p->handle = ev.handle;
    conn_update(p->client, p->now);
    p->now += dt;
}

static inline conn *pair_server_conn(pair *p)
{
    return p->handle ? host_get(p->server, p->handle) : NULL;
}

static inline bool pair_connect(pair *p, double limit)
{
    while (p->now < limit) {
        pair_step(p, 0.001);
        if (conn_get_state(p->client) == CONN_CONNECTED && pair_server_conn(p)) return true;
    }
    return false;
}

static inline void pair_free(pair *p)
{
    conn_destroy(p->client);
    host_destroy(p->server);
    sim_destroy(p->net);
}

#endif
