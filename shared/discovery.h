/* discovery.h — LAN discovery datagrams: a client's probe and a server's reply.
 *
 * Plaintext, outside any connection. A client sends a probe to the broadcast address (or to
 * one server) on the server port; each server answers the sender with a reply that echoes
 * the probe's nonce. The reply is never longer than the probe (no amplification), and a
 * server keeps no state for a probe.
 *
 *  PROBE  client -> server, exactly DISC_PROBE_SIZE (64) bytes
 *    +------+--------+----------+-------------------------+
 *    | 0x08 | "PRLY" | nonce 8  | zero padding (51 bytes) |
 *    +------+--------+----------+-------------------------+
 *  REPLY  server -> client, DISC_REPLY_MIN..DISC_PROBE_SIZE bytes
 *    +------+---------+--------+-----------+---------+----------+--------+-------------+
 *    | 0x09 | nonce 8 | len u8 | name      | port 16 | users 32 | len u8 | version     |
 *    +------+---------+--------+-----------+---------+----------+--------+-------------+
 *    name: 1..DISC_NAME_MAX bytes, version: 0..DISC_VERSION_MAX bytes, both UTF-8 without
 *    control characters; integers big-endian. port is the server's UDP port (the reply may
 *    come through a proxy); users is the number of users online.
 *
 * Readers accept exactly these layouts: any other size, kind, magic, non-zero padding,
 * trailing byte, empty or over-long name or invalid text is rejected. */
#ifndef PARLEY_DISCOVERY_H
#define PARLEY_DISCOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISC_PROBE_SIZE  64
#define DISC_NONCE_BYTES 8
#define DISC_NAME_MAX    32 /* bytes of the server name a reply carries */
#define DISC_VERSION_MAX 15 /* bytes of the server version string */
#define DISC_REPLY_MIN   (1 + DISC_NONCE_BYTES + 1 + 1 + 2 + 4 + 1)
#define DISC_REPLY_MAX   (1 + DISC_NONCE_BYTES + 1 + DISC_NAME_MAX + 2 + 4 + 1 + DISC_VERSION_MAX)

typedef struct disc_reply {
    uint8_t nonce[DISC_NONCE_BYTES];
    char name[DISC_NAME_MAX + 1];
    uint16_t port;
    uint32_t users;
    char version[DISC_VERSION_MAX + 1];
} disc_reply;

/* What a server says about itself; strings longer than the limits are cut at a character
 * boundary by disc_build_reply (disc_fits says whether that will happen). */
typedef struct disc_info {
    const char *name; /* required, non-empty */
    uint16_t port;
    uint32_t users;
    const char *version; /* NULL or "" for none */
} disc_info;

/* Writes a probe; returns DISC_PROBE_SIZE, or 0 when cap is too small. */
size_t disc_write_probe(const uint8_t nonce[DISC_NONCE_BYTES], uint8_t *out, size_t cap);
/* True (and the nonce) only for a well-formed probe. */
bool disc_read_probe(const uint8_t *data, size_t len, uint8_t nonce[DISC_NONCE_BYTES]);

/* Writes a reply; returns its length, or 0 when a field is invalid (empty or over-long
 * name, over-long version, bad UTF-8 or control characters) or cap is too small. */
size_t disc_write_reply(const disc_reply *r, uint8_t *out, size_t cap);
/* True (and *r filled) only for a well-formed reply; on false *r is zeroed. */
bool disc_read_reply(const uint8_t *data, size_t len, disc_reply *r);

/* The server's whole job: given a datagram that arrived, returns the length of the reply
 * written into out (never more than len), or 0 when the datagram is not a valid probe (drop
 * it) or info is unusable. */
size_t disc_build_reply(const uint8_t *probe, size_t len, const disc_info *info, uint8_t *out,
                        size_t cap);

/* True when s fits in max bytes of a reply unchanged (a server logs a warning otherwise). */
bool disc_fits(const char *s, size_t max);

#endif
