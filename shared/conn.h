/* conn.h — one encrypted connection with several channels, and no I/O of its own.
 *
 * Time is a parameter (seconds, any monotonic origin) and datagrams leave through a send
 * callback, so tests drive two connections through the simulator deterministically.
 *
 * Channels (fixed by the protocol; see packet.h for the wire format):
 *   CONN_CH_CONTROL, CONN_CH_CHAT  reliable, ordered; 256 messages in flight, more wait in line
 *   CONN_CH_VOICE, CONN_CH_VIDEO   unreliable, sequenced: stale ones dropped, never delivered
 *                                  twice or backwards; one datagram each (<= CONN_MAX_UNRELIABLE)
 *   CONN_CH_BULK                   reliable, ordered, large (files, voice notes): paced by a
 *                                  delay-based congestion window that keeps queues (and so
 *                                  voice latency) short, and ignores random loss
 * Reliable messages up to CONN_MAX_MESSAGE bytes are fragmented and reassembled in bounded
 * buffers; a larger one fails at conn_send with CONN_ERR_TOO_BIG and never enters the
 * channel.
 *
 * Acks and keep-alive pings ride on datagrams that go anyway. An ack for reliable data
 * leaves within 1 ms (at once after ack_every packets); an ack for a ping alone waits up to
 * 30 ms for a datagram going the same way (a voice stream sends one every 20 ms), so the
 * pinging side's round trip may include that wait; received voice is acked on whatever goes
 * back, alone only before its 32-packet ack mask would lose track or after two keep-alives.
 * So a one-way voice stream costs the talker nothing but its voice datagrams, and the other
 * side one ack (carrying its own ping) per keep-alive.
 *
 * Memory: a connection allocates its tables when created and a channel's rings the first
 * time it is used; message bodies are copied into buffers bounded by per-channel byte
 * windows. Building and parsing a datagram allocates nothing. */
#ifndef PARLEY_CONN_H
#define PARLEY_CONN_H

#include "net.h"
#include "packet.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    CONN_CH_CONTROL = 0,
    CONN_CH_CHAT = 1,
    CONN_CH_VOICE = 2,
    CONN_CH_VIDEO = 3,
    CONN_CH_BULK = 4,
    CONN_CH_COUNT = 5,
};

#define CONN_FRAG_SIZE      1152 /* payload bytes per fragment */
#define CONN_MAX_FRAGS      256
#define CONN_MAX_MESSAGE    (256 * 1024) /* largest reliable message */
#define CONN_MAX_UNRELIABLE 1150         /* largest unreliable message */

typedef enum conn_result {
    CONN_OK = 0,
    CONN_ERR_TOO_BIG = -1, /* message over the channel's limit; nothing was queued */
    CONN_ERR_FULL = -2,    /* queue_bytes (or memory) is exhausted: try again later */
    CONN_ERR_STATE = -3,   /* not connected */
    CONN_ERR_CHANNEL = -4, /* no such channel */
    CONN_ERR_BUFFER = -5,  /* receive buffer too small; the message stays queued */
} conn_result;

typedef enum conn_state {
    CONN_REQUESTING, /* client: waiting for a challenge */
    CONN_RESPONDING, /* client: waiting for the accept */
    CONN_PENDING,    /* server: accepted, waiting for the client's first sealed packet */
    CONN_CONNECTED,
    CONN_DISCONNECTED,
} conn_state;

typedef enum conn_reason {
    CONN_REASON_NONE,
    CONN_REASON_TIMEOUT, /* nothing valid heard for config.timeout */
    CONN_REASON_HANDSHAKE_TIMEOUT,
    CONN_REASON_CLOSED, /* closed here */
    CONN_REASON_PEER_CLOSED,
    CONN_REASON_DENIED_FULL,
    CONN_REASON_DENIED_VERSION,
    CONN_REASON_BAD_SIGNATURE, /* the server's accept was not signed by its identity */
    CONN_REASON_REPLACED,      /* server: the same address connected again */
} conn_reason;

typedef void (*conn_send_fn)(void *user, const net_addr *to, const uint8_t *data, size_t len);

/* Zero fields mean the default in brackets. */
typedef struct conn_config {
    double timeout;            /* [10 s] silence before the connection is dropped */
    double handshake_timeout;  /* [5 s] */
    double handshake_resend;   /* [0.1 s] */
    double keepalive;          /* [0.25 s] ping this often: on a datagram going anyway (a
                                  voice stream carries them, and its acks), in one of its
                                  own only when none goes within 30 ms after */
    uint32_t max_packet;       /* [1200] bytes per datagram, 256..PKT_MAX_SIZE */
    uint32_t inflight_packets; /* [1024] sent packets tracked for acks, power of two */
    uint32_t ack_every;        /* [4] ack at once after this many ack-eliciting packets */
    uint32_t bulk_window;      /* [4 MiB] bytes of bulk stream in flight or reassembling */
    uint32_t queue_bytes;      /* [16 MiB] reliable bytes queued to send, all channels */
    uint32_t rx_unread_bytes;  /* [8 MiB] delivered but unread bytes before backpressure */
} conn_config;

typedef struct conn_stats {
    double rtt;    /* smoothed round trip, seconds */
    double jitter; /* mean deviation of the round trip, seconds */
    double min_rtt;
    double loss; /* recent fraction of packets lost, 0..1 */
    double cwnd; /* bulk congestion window, bytes */
    uint64_t packets_sent, packets_received, packets_lost, packets_rejected;
    uint64_t bytes_sent, bytes_received; /* whole datagrams */
    uint64_t fragments_resent, unreliable_dropped;
    uint64_t bytes_in_flight;
} conn_stats;

typedef struct conn conn;

/* Client: starts a handshake with the server at 'server'. NULL only when out of memory or
 * the crypto library failed to start. */
conn *conn_create_client(const conn_config *cfg, const net_addr *server, conn_send_fn send,
                         void *user, double now);
void conn_destroy(conn *c);

/* Feeds one datagram that came from the connection's peer. Anything malformed, forged,
 * replayed or stale is dropped and counted in packets_rejected. */
void conn_on_packet(conn *c, const uint8_t *data, size_t len, double now);
/* Timers: handshake resends, loss detection, keep-alives, time-outs; then conn_flush. */
void conn_update(conn *c, double now);
/* Sends what is queued and allowed now (unreliable first, then control and chat, then bulk
 * within its congestion window and pacing). */
void conn_flush(conn *c, double now);

/* Queues a message on a channel. CONN_OK or a conn_result error. */
int conn_send(conn *c, int channel, const void *data, size_t len);
/* Pops the next message of a channel into buf and its length into *len: 1 when a message
 * was popped, 0 when none is waiting, CONN_ERR_BUFFER when cap is smaller than the message
 * (it stays queued; see conn_peek_size). */
int conn_receive(conn *c, int channel, void *buf, size_t cap, size_t *len);
/* Size of the next message of a channel; -1 when none is waiting. */
long conn_peek_size(const conn *c, int channel);
/* Bytes queued but not yet acknowledged on a reliable channel (0 when all delivered). */
size_t conn_pending_bytes(const conn *c, int channel);

/* Closes cleanly: the peer is told (the notice is repeated to survive loss). */
void conn_disconnect(conn *c, double now);

conn_state conn_get_state(const conn *c);
conn_reason conn_get_reason(const conn *c);
const char *conn_reason_str(conn_reason r);
conn_stats conn_get_stats(const conn *c);
const net_addr *conn_peer(const conn *c);
/* Client: the server's Ed25519 identity once the handshake is through (else NULL). */
const uint8_t *conn_server_identity(const conn *c);
/* Client: the handshake key this client offered (for tests and logs). */
const uint8_t *conn_client_pk(const conn *c);

/* Server side (used by host.c): a connection whose handshake the host accepted. */
conn *conn_create_accepted(const conn_config *cfg, const net_addr *peer,
                           const uint8_t client_pk[PKT_PK_BYTES],
                           const uint8_t rx_key[PKT_KEY_BYTES], const uint8_t tx_key[PKT_KEY_BYTES],
                           const uint8_t *accept, size_t accept_len, conn_send_fn send, void *user,
                           double now);
/* Server: the client resent its RESPONSE; answer with the same ACCEPT. */
void conn_resend_accept(conn *c);

#endif
