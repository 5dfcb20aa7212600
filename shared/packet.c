/* packet.c — datagram formats, sealing and cookies: see packet.h. */
#include "packet.h"

#include "bits.h"

#include <sodium.h>
#include <string.h>

static const char pkt_accept_context[] = "parley/accept/1";

bool pkt_crypto_init(void)
{
    return sodium_init() >= 0;
}

static bool pkt_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

/* One layout for REQUEST and RESPONSE, used for both reading and writing. */
static bool pkt_hello_serialize(bits *b, pkt_kind kind, pkt_hello *h)
{
    uint8_t magic[4];
    memcpy(magic, PKT_MAGIC, 4);
    uint32_t prefix = (uint32_t)kind;
    bits_raw(b, &prefix, 8);
    bits_bytes(b, magic, 4);
    uint32_t version = h->version;
    bits_raw(b, &version, 16);
    h->version = (uint16_t)version;
    bits_bytes(b, h->client_pk, PKT_PK_BYTES);
    if (kind == PKT_RESPONSE) bits_bytes(b, h->cookie, PKT_COOKIE_BYTES);
    if (bits_reading(b) && (prefix != (uint32_t)kind || memcmp(magic, PKT_MAGIC, 4) != 0))
        bits_fail(b, BITS_ERR_RANGE);
    return bits_ok(b);
}

size_t pkt_write_hello(pkt_kind kind, const pkt_hello *h, uint8_t *out, size_t cap)
{
    if (cap < PKT_REQUEST_SIZE || (kind != PKT_REQUEST && kind != PKT_RESPONSE)) return 0;
    bits b;
    pkt_hello copy = *h;
    bits_write_init(&b, out, PKT_REQUEST_SIZE); /* zero-fills the padding */
    return pkt_hello_serialize(&b, kind, &copy) ? PKT_REQUEST_SIZE : 0;
}

bool pkt_read_hello(pkt_kind kind, const uint8_t *data, size_t len, pkt_hello *h)
{
    if (len != PKT_REQUEST_SIZE) return false;
    bits b;
    memset(h, 0, sizeof *h);
    bits_read_init(&b, data, len);
    if (!pkt_hello_serialize(&b, kind, h)) return false;
    size_t used = bits_bytes_used(&b);
    return pkt_zero(data + used, len - used);
}

size_t pkt_write_challenge(const uint8_t cookie[PKT_COOKIE_BYTES], uint8_t *out, size_t cap)
{
    if (cap < PKT_CHALLENGE_SIZE) return 0;
    out[0] = PKT_CHALLENGE;
    memcpy(out + 1, cookie, PKT_COOKIE_BYTES);
    return PKT_CHALLENGE_SIZE;
}

bool pkt_read_challenge(const uint8_t *data, size_t len, uint8_t cookie[PKT_COOKIE_BYTES])
{
    if (len != PKT_CHALLENGE_SIZE || data[0] != PKT_CHALLENGE) return false;
    memcpy(cookie, data + 1, PKT_COOKIE_BYTES);
    return true;
}

size_t pkt_write_accept(const pkt_accept *a, uint8_t *out, size_t cap)
{
    if (cap < PKT_ACCEPT_SIZE) return 0;
    out[0] = PKT_ACCEPT;
    memcpy(out + 1, a->server_pk, PKT_PK_BYTES);
    memcpy(out + 1 + PKT_PK_BYTES, a->identity_pk, PKT_SIGN_PK_BYTES);
    memcpy(out + 1 + PKT_PK_BYTES + PKT_SIGN_PK_BYTES, a->sig, PKT_SIG_BYTES);
    return PKT_ACCEPT_SIZE;
}

bool pkt_read_accept(const uint8_t *data, size_t len, pkt_accept *a)
{
    if (len != PKT_ACCEPT_SIZE || data[0] != PKT_ACCEPT) return false;
    memcpy(a->server_pk, data + 1, PKT_PK_BYTES);
    memcpy(a->identity_pk, data + 1 + PKT_PK_BYTES, PKT_SIGN_PK_BYTES);
    memcpy(a->sig, data + 1 + PKT_PK_BYTES + PKT_SIGN_PK_BYTES, PKT_SIG_BYTES);
    return true;
}

size_t pkt_write_deny(pkt_deny_reason reason, uint8_t *out, size_t cap)
{
    if (cap < PKT_DENY_SIZE) return 0;
    out[0] = PKT_DENY;
    out[1] = (uint8_t)reason;
    return PKT_DENY_SIZE;
}

bool pkt_read_deny(const uint8_t *data, size_t len, pkt_deny_reason *reason)
{
    if (len != PKT_DENY_SIZE || data[0] != PKT_DENY) return false;
    if (data[1] != PKT_DENY_FULL && data[1] != PKT_DENY_VERSION) return false;
    *reason = (pkt_deny_reason)data[1];
    return true;
}

static void pkt_accept_transcript(const pkt_accept *a, const uint8_t client_pk[PKT_PK_BYTES],
                                  uint8_t *out, size_t *len)
{
    size_t n = sizeof pkt_accept_context - 1;
    memcpy(out, pkt_accept_context, n);
    memcpy(out + n, client_pk, PKT_PK_BYTES);
    memcpy(out + n + PKT_PK_BYTES, a->server_pk, PKT_PK_BYTES);
    *len = n + 2 * PKT_PK_BYTES;
}

void pkt_accept_sign(pkt_accept *a, const uint8_t client_pk[PKT_PK_BYTES],
                     const uint8_t identity_sk[PKT_SIGN_SK_BYTES])
{
    uint8_t msg[sizeof pkt_accept_context + 2 * PKT_PK_BYTES];
    size_t len;
    pkt_accept_transcript(a, client_pk, msg, &len);
    crypto_sign_ed25519_sk_to_pk(a->identity_pk, identity_sk);
    crypto_sign_detached(a->sig, NULL, msg, len, identity_sk);
}

bool pkt_accept_verify(const pkt_accept *a, const uint8_t client_pk[PKT_PK_BYTES])
{
    uint8_t msg[sizeof pkt_accept_context + 2 * PKT_PK_BYTES];
    size_t len;
    pkt_accept_transcript(a, client_pk, msg, &len);
    return crypto_sign_verify_detached(a->sig, msg, len, a->identity_pk) == 0;
}

static void pkt_cookie_mac(const uint8_t secret[PKT_KEY_BYTES], const net_addr *addr,
                           const uint8_t client_pk[PKT_PK_BYTES], const uint8_t time_le[8],
                           uint8_t mac[crypto_auth_hmacsha256_BYTES])
{
    uint8_t addr_bytes[6];
    net_addr_bytes(addr, addr_bytes);
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, secret, PKT_KEY_BYTES);
    crypto_auth_hmacsha256_update(&st, time_le, 8);
    crypto_auth_hmacsha256_update(&st, addr_bytes, sizeof addr_bytes);
    crypto_auth_hmacsha256_update(&st, client_pk, PKT_PK_BYTES);
    crypto_auth_hmacsha256_final(&st, mac);
}

static void pkt_put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t pkt_get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

void pkt_cookie_make(const uint8_t secret[PKT_KEY_BYTES], const net_addr *addr,
                     const uint8_t client_pk[PKT_PK_BYTES], uint64_t time_ms,
                     uint8_t out[PKT_COOKIE_BYTES])
{
    pkt_put_u64(out, time_ms);
    pkt_cookie_mac(secret, addr, client_pk, out, out + 8);
}

bool pkt_cookie_check(const uint8_t secret[PKT_KEY_BYTES], const net_addr *addr,
                      const uint8_t client_pk[PKT_PK_BYTES], const uint8_t cookie[PKT_COOKIE_BYTES],
                      uint64_t now_ms, uint64_t ttl_ms)
{
    uint64_t t = pkt_get_u64(cookie);
    if (t > now_ms || now_ms - t > ttl_ms) return false;
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    pkt_cookie_mac(secret, addr, client_pk, cookie, mac);
    return sodium_memcmp(mac, cookie + 8, sizeof mac) == 0;
}

static void pkt_nonce(uint64_t seq, uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES])
{
    memset(nonce, 0, crypto_aead_chacha20poly1305_ietf_NPUBBYTES);
    pkt_put_u64(nonce + 4, seq);
}

size_t pkt_seal(pkt_kind kind, uint64_t seq, const uint8_t key[PKT_KEY_BYTES], const uint8_t *body,
                size_t len, uint8_t *out, size_t cap)
{
    if (cap < len + PKT_OVERHEAD) return 0;
    out[0] = (uint8_t)kind;
    out[1] = (uint8_t)(seq & 0xff);
    out[2] = (uint8_t)((seq >> 8) & 0xff);
    uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    pkt_nonce(seq, nonce);
    unsigned long long clen = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(out + PKT_HEADER_BYTES, &clen, body, len, out,
                                              PKT_HEADER_BYTES, NULL, nonce, key);
    return PKT_HEADER_BYTES + (size_t)clen;
}

bool pkt_sealed_header(const uint8_t *data, size_t len, pkt_kind *kind, uint16_t *seq16)
{
    if (len < PKT_OVERHEAD || len > PKT_MAX_SIZE) return false;
    if (data[0] != PKT_PAYLOAD && data[0] != PKT_DISCONNECT) return false;
    *kind = (pkt_kind)data[0];
    *seq16 = (uint16_t)(data[1] | (data[2] << 8));
    return true;
}

int pkt_open(uint64_t seq, const uint8_t key[PKT_KEY_BYTES], const uint8_t *data, size_t len,
             uint8_t *body, size_t cap)
{
    if (len < PKT_OVERHEAD || len - PKT_OVERHEAD > cap) return -1;
    uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    pkt_nonce(seq, nonce);
    unsigned long long mlen = 0;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(body, &mlen, NULL, data + PKT_HEADER_BYTES,
                                                  len - PKT_HEADER_BYTES, data, PKT_HEADER_BYTES,
                                                  nonce, key) != 0)
        return -1;
    return (int)mlen;
}

uint64_t pkt_seq_expand(uint16_t seq16, uint64_t latest)
{
    uint64_t candidate = (latest & ~(uint64_t)0xffff) | seq16;
    if (candidate > latest + 0x8000 && candidate >= 0x10000)
        candidate -= 0x10000;
    else if (candidate + 0x8000 < latest)
        candidate += 0x10000;
    return candidate;
}
