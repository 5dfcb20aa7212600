/* packet.h — Parley's datagram formats, sealing and sequence numbers.
 *
 * Every datagram starts with one prefix byte naming its kind. Handshake datagrams are
 * plaintext with fixed sizes; everything after the handshake is sealed with
 * ChaCha20-Poly1305 (IETF) under a key per direction, the 64-bit packet sequence as nonce
 * and the clear header as associated data.
 *
 *  REQUEST   client -> server, exactly PKT_REQUEST_SIZE (256) bytes
 *    +------+---------+---------+----------------+------------------+
 *    | 0x01 | "PRLY"  | ver u16 | client kx pk 32 | zero padding ... |
 *    +------+---------+---------+----------------+------------------+
 *  CHALLENGE server -> client, 41 bytes (< request: no amplification, no server state)
 *    +------+------------------------------------------------------+
 *    | 0x02 | cookie 40 = time ms u64 | HMAC(secret, time|addr|pk) 32 |
 *    +------+------------------------------------------------------+
 *  RESPONSE  client -> server, exactly PKT_REQUEST_SIZE bytes
 *    | 0x03 | "PRLY" | ver u16 | client kx pk 32 | cookie 40 | zero padding ... |
 *  ACCEPT    server -> client, 129 bytes
 *    | 0x04 | server kx pk 32 | server identity Ed25519 pk 32 | signature 64 |
 *      signature = Ed25519(identity, "parley/accept/1" | client kx pk | server kx pk)
 *  DENY      server -> client, 2 bytes: | 0x05 | reason u8 |
 *  PAYLOAD   either way, sealed:
 *    +------+----------+-------------------------------+--------+
 *    | 0x06 | seq16 LE | ciphertext of the body (bits) | tag 16 |
 *    +------+----------+-------------------------------+--------+
 *  DISCONNECT either way, sealed like PAYLOAD with kind 0x07; body: reason u8.
 *  DISCOVER / DISCOVER_REPLY (0x08 / 0x09): LAN discovery, plaintext, reply <= probe.
 *
 * The PAYLOAD body is a bit stream (see conn.c for the writer and reader):
 *    has_ack:1 [ ack:16  bitlen:2 (0,8,16,32 bits)  ackbits:bitlen ]
 *    then until the end, messages:
 *      channel:3
 *      reliable channels only: id:16 frag:1 [ index:8 count-1:8 ]
 *      last:1 [ len: varint, when not last ]   (the last message runs to the end)
 *      align to a byte, payload bytes
 * A lone voice frame therefore costs 1 (prefix) + 2 (seq) + 1 (flags) bytes of header
 * plus the 16-byte tag. */
#ifndef PARLEY_PACKET_H
#define PARLEY_PACKET_H

#include "net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PKT_VERSION        1
#define PKT_MAGIC          "PRLY"
#define PKT_REQUEST_SIZE   256
#define PKT_KEY_BYTES      32
#define PKT_PK_BYTES       32
#define PKT_SIGN_PK_BYTES  32
#define PKT_SIGN_SK_BYTES  64
#define PKT_SIG_BYTES      64
#define PKT_COOKIE_BYTES   40
#define PKT_TAG_BYTES      16
#define PKT_HEADER_BYTES   3 /* prefix + seq16 */
#define PKT_OVERHEAD       (PKT_HEADER_BYTES + PKT_TAG_BYTES)
#define PKT_CHALLENGE_SIZE (1 + PKT_COOKIE_BYTES)
#define PKT_ACCEPT_SIZE    (1 + PKT_PK_BYTES + PKT_SIGN_PK_BYTES + PKT_SIG_BYTES)
#define PKT_DENY_SIZE      2
#define PKT_MAX_SIZE       1400 /* largest datagram Parley sends or accepts */

typedef enum pkt_kind {
    PKT_REQUEST = 1,
    PKT_CHALLENGE = 2,
    PKT_RESPONSE = 3,
    PKT_ACCEPT = 4,
    PKT_DENY = 5,
    PKT_PAYLOAD = 6,
    PKT_DISCONNECT = 7,
    PKT_DISCOVER = 8,
    PKT_DISCOVER_REPLY = 9,
} pkt_kind;

typedef enum pkt_deny_reason {
    PKT_DENY_FULL = 1,
    PKT_DENY_VERSION = 2,
} pkt_deny_reason;

typedef struct pkt_hello { /* REQUEST and RESPONSE */
    uint16_t version;
    uint8_t client_pk[PKT_PK_BYTES];
    uint8_t cookie[PKT_COOKIE_BYTES]; /* RESPONSE only */
} pkt_hello;

typedef struct pkt_accept {
    uint8_t server_pk[PKT_PK_BYTES];
    uint8_t identity_pk[PKT_SIGN_PK_BYTES];
    uint8_t sig[PKT_SIG_BYTES];
} pkt_accept;

/* Starts libsodium (idempotent). False if the library cannot start. */
bool pkt_crypto_init(void);

/* Handshake datagrams. Writers return the datagram length (0 if cap is too small);
 * readers validate size, magic, padding and kind and return false on anything off. */
size_t pkt_write_hello(pkt_kind kind, const pkt_hello *h, uint8_t *out, size_t cap);
bool pkt_read_hello(pkt_kind kind, const uint8_t *data, size_t len, pkt_hello *h);
size_t pkt_write_challenge(const uint8_t cookie[PKT_COOKIE_BYTES], uint8_t *out, size_t cap);
bool pkt_read_challenge(const uint8_t *data, size_t len, uint8_t cookie[PKT_COOKIE_BYTES]);
size_t pkt_write_accept(const pkt_accept *a, uint8_t *out, size_t cap);
bool pkt_read_accept(const uint8_t *data, size_t len, pkt_accept *a);
size_t pkt_write_deny(pkt_deny_reason reason, uint8_t *out, size_t cap);
bool pkt_read_deny(const uint8_t *data, size_t len, pkt_deny_reason *reason);

/* The signed transcript of an ACCEPT. */
void pkt_accept_sign(pkt_accept *a, const uint8_t client_pk[PKT_PK_BYTES],
                     const uint8_t identity_sk[PKT_SIGN_SK_BYTES]);
bool pkt_accept_verify(const pkt_accept *a, const uint8_t client_pk[PKT_PK_BYTES]);

/* Stateless cookies: an HMAC over (time, address, client key) under a server secret. */
void pkt_cookie_make(const uint8_t secret[PKT_KEY_BYTES], const net_addr *addr,
                     const uint8_t client_pk[PKT_PK_BYTES], uint64_t time_ms,
                     uint8_t out[PKT_COOKIE_BYTES]);
/* True when the cookie is authentic for this address and key and not older than ttl_ms
 * (nor from the future). */
bool pkt_cookie_check(const uint8_t secret[PKT_KEY_BYTES], const net_addr *addr,
                      const uint8_t client_pk[PKT_PK_BYTES], const uint8_t cookie[PKT_COOKIE_BYTES],
                      uint64_t now_ms, uint64_t ttl_ms);

/* Seals body into out as a PAYLOAD or DISCONNECT datagram: out gets
 * len + PKT_OVERHEAD bytes. Returns that size, or 0 when cap is too small. */
size_t pkt_seal(pkt_kind kind, uint64_t seq, const uint8_t key[PKT_KEY_BYTES], const uint8_t *body,
                size_t len, uint8_t *out, size_t cap);
/* Reads the clear header of a sealed datagram: kind and the 16-bit sequence. */
bool pkt_sealed_header(const uint8_t *data, size_t len, pkt_kind *kind, uint16_t *seq16);
/* Opens a sealed datagram whose full sequence is seq. Returns the body length or -1 when
 * the datagram is forged, tampered, truncated or under another key. */
int pkt_open(uint64_t seq, const uint8_t key[PKT_KEY_BYTES], const uint8_t *data, size_t len,
             uint8_t *body, size_t cap);

/* The 64-bit sequence nearest to 'latest' whose low 16 bits are seq16. */
uint64_t pkt_seq_expand(uint16_t seq16, uint64_t latest);

#endif
