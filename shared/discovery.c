/* discovery.c — LAN discovery probe and reply (see discovery.h for the layouts). */
#include "discovery.h"

#include "bits.h"
#include "packet.h"

#include <assert.h>
#include <string.h>

#define DISC_MAGIC_LEN 4

/* Shown on terminals and in lists: valid UTF-8 and no C0/C1 control characters or DEL. */
static bool disc_text_ok(const char *s, size_t len)
{
    if (!bits_utf8_valid(s, len)) return false;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)s[i];
        if (c < 0x20 || c == 0x7f) return false;
        if (c == 0xc2 && i + 1 < len && (uint8_t)s[i + 1] < 0xa0) return false; /* U+0080..9F */
    }
    return true;
}

/* Length of s cut to at most max bytes without splitting a UTF-8 sequence. */
static size_t disc_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return n;
    n = max;
    while (n > 0 && ((uint8_t)s[n] & 0xc0) == 0x80) n--;
    return n;
}

bool disc_fits(const char *s, size_t max)
{
    return s && strlen(s) <= max;
}

size_t disc_write_probe(const uint8_t nonce[DISC_NONCE_BYTES], uint8_t *out, size_t cap)
{
    assert(nonce && out);
    if (cap < DISC_PROBE_SIZE) return 0;
    memset(out, 0, DISC_PROBE_SIZE);
    out[0] = PKT_DISCOVER;
    memcpy(out + 1, PKT_MAGIC, DISC_MAGIC_LEN);
    memcpy(out + 1 + DISC_MAGIC_LEN, nonce, DISC_NONCE_BYTES);
    return DISC_PROBE_SIZE;
}

bool disc_read_probe(const uint8_t *data, size_t len, uint8_t nonce[DISC_NONCE_BYTES])
{
    assert(nonce);
    if (!data || len != DISC_PROBE_SIZE || data[0] != PKT_DISCOVER) return false;
    if (memcmp(data + 1, PKT_MAGIC, DISC_MAGIC_LEN) != 0) return false;
    for (size_t i = 1 + DISC_MAGIC_LEN + DISC_NONCE_BYTES; i < DISC_PROBE_SIZE; i++)
        if (data[i] != 0) return false;
    memcpy(nonce, data + 1 + DISC_MAGIC_LEN, DISC_NONCE_BYTES);
    return true;
}

size_t disc_write_reply(const disc_reply *r, uint8_t *out, size_t cap)
{
    assert(r && out);
    size_t name_len = strnlen(r->name, sizeof r->name);
    size_t ver_len = strnlen(r->version, sizeof r->version);
    if (name_len == 0 || name_len > DISC_NAME_MAX || ver_len > DISC_VERSION_MAX) return 0;
    if (!disc_text_ok(r->name, name_len) || !disc_text_ok(r->version, ver_len)) return 0;
    size_t total = DISC_REPLY_MIN - 1 + name_len + ver_len;
    if (cap < total) return 0;
    size_t o = 0;
    out[o++] = PKT_DISCOVER_REPLY;
    memcpy(out + o, r->nonce, DISC_NONCE_BYTES);
    o += DISC_NONCE_BYTES;
    out[o++] = (uint8_t)name_len;
    memcpy(out + o, r->name, name_len);
    o += name_len;
    out[o++] = (uint8_t)(r->port >> 8);
    out[o++] = (uint8_t)r->port;
    for (int shift = 24; shift >= 0; shift -= 8) out[o++] = (uint8_t)(r->users >> shift);
    out[o++] = (uint8_t)ver_len;
    memcpy(out + o, r->version, ver_len);
    o += ver_len;
    assert(o == total);
    return o;
}

bool disc_read_reply(const uint8_t *data, size_t len, disc_reply *r)
{
    assert(r);
    memset(r, 0, sizeof *r);
    if (!data || len < DISC_REPLY_MIN || len > DISC_REPLY_MAX) return false;
    if (data[0] != PKT_DISCOVER_REPLY) return false;
    size_t o = 1 + DISC_NONCE_BYTES;
    size_t name_len = data[o++];
    if (name_len == 0 || name_len > DISC_NAME_MAX || o + name_len + 2 + 4 + 1 > len) return false;
    const char *name = (const char *)data + o;
    o += name_len;
    uint16_t port = (uint16_t)(data[o] << 8 | data[o + 1]);
    o += 2;
    uint32_t users = 0;
    for (int i = 0; i < 4; i++) users = users << 8 | data[o++];
    size_t ver_len = data[o++];
    if (ver_len > DISC_VERSION_MAX || o + ver_len != len) return false;
    const char *version = (const char *)data + o;
    if (!disc_text_ok(name, name_len) || !disc_text_ok(version, ver_len)) return false;
    memcpy(r->nonce, data + 1, DISC_NONCE_BYTES);
    memcpy(r->name, name, name_len);
    r->port = port;
    r->users = users;
    memcpy(r->version, version, ver_len);
    return true;
}

size_t disc_build_reply(const uint8_t *probe, size_t len, const disc_info *info, uint8_t *out,
                        size_t cap)
{
    assert(info && out);
    disc_reply r;
    memset(&r, 0, sizeof r);
    if (!disc_read_probe(probe, len, r.nonce) || !info->name) return 0;
    size_t n = disc_cut(info->name, DISC_NAME_MAX);
    memcpy(r.name, info->name, n);
    if (info->version) {
        n = disc_cut(info->version, DISC_VERSION_MAX);
        memcpy(r.version, info->version, n);
    }
    r.port = info->port;
    r.users = info->users;
    size_t wrote = disc_write_reply(&r, out, cap < len ? cap : len);
    assert(wrote <= len);
    return wrote;
}
