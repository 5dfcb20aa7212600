/* host.h — the server side of the handshake and the table of its connections.
 *
 * A host answers connection requests statelessly (a cookie bound to the address, the
 * client's key and the time), keeps no state until a request echoes a valid cookie, and
 * never replies with more bytes than the datagram that caused the reply. Connections are
 * named by handles (slot index + generation), never by pointers that could dangle.
 * Like conn, it does no I/O: datagrams come in through host_on_packet and leave through
 * the send callback. */
#ifndef PARLEY_HOST_H
#define PARLEY_HOST_H

#include "conn.h"

typedef struct host_config {
    conn_config conn;
    uint32_t max_conns; /* [1024], at most 65535 */
    double cookie_ttl;  /* [10 s] */
    /* the server's Ed25519 identity (libsodium secret key, 64 bytes); required */
    uint8_t identity_sk[PKT_SIGN_SK_BYTES];
} host_config;

typedef enum host_event_type {
    HOST_EV_CONNECT = 1,    /* a client proved its keys: the connection is usable */
    HOST_EV_DISCONNECT = 2, /* gone (see reason); the handle stays valid until the next update */
} host_event_type;

typedef struct host_event {
    host_event_type type;
    uint32_t handle;
    conn_reason reason;
} host_event;

typedef struct host_stats {
    uint64_t requests, challenges, responses, accepts, denies, bad_cookies, dropped;
    uint32_t conns, pending;
} host_stats;

typedef struct host host;

host *host_create(const host_config *cfg, conn_send_fn send, void *user);
void host_destroy(host *h);
/* One datagram from 'from'. Returns the handle of the connected connection it was for (so
 * the caller can read what arrived), or 0. */
uint32_t host_on_packet(host *h, const net_addr *from, const uint8_t *data, size_t len, double now);
/* Runs every connection's timers and retires the dead ones. */
void host_update(host *h, double now);
/* Next event, in order; false when none. */
bool host_poll(host *h, host_event *ev);
/* The connection behind a handle, or NULL when it is stale. */
conn *host_get(host *h, uint32_t handle);
/* Iterates live connections: start with *cursor = 0. */
bool host_next(host *h, uint32_t *cursor, uint32_t *handle);
host_stats host_get_stats(const host *h);
/* The identity public key (for printing a fingerprint). */
const uint8_t *host_identity(const host *h);

#endif
