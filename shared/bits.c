/* bits.c — bit cursor: see bits.h. */
#include "bits.h"

#include <assert.h>
#include <string.h>

void bits_write_init(bits *b, void *buf, size_t bytes)
{
    assert(buf || bytes == 0);
    *b = (bits){.buf = buf, .cap = bytes * 8, .mode = BITS_WRITE};
    if (bytes) memset(buf, 0, bytes);
}

void bits_read_init(bits *b, const void *buf, size_t bytes)
{
    *b = (bits){.buf = (uint8_t *)(uintptr_t)buf, .cap = bytes * 8, .mode = BITS_READ};
}

void bits_measure_init(bits *b)
{
    *b = (bits){.cap = SIZE_MAX, .mode = BITS_MEASURE};
}

void bits_fail(bits *b, bits_error err)
{
    if (b->err == BITS_OK) b->err = err;
}

unsigned bits_width(uint32_t range)
{
    unsigned n = 0;
    while (range) {
        n++;
        range >>= 1;
    }
    return n;
}

static bool bits_room(bits *b, size_t n)
{
    if (b->err) return false;
    if (b->pos + n > b->cap) {
        bits_fail(b, BITS_ERR_OVERFLOW);
        return false;
    }
    return true;
}

bool bits_raw64(bits *b, uint64_t *v, unsigned n)
{
    assert(n <= 64);
    if (!bits_room(b, n)) {
        if (b->mode == BITS_READ) *v = 0;
        return false;
    }
    if (b->mode == BITS_MEASURE) {
        b->pos += n;
        return true;
    }
    if (b->mode == BITS_WRITE) {
        assert(n == 64 || (*v >> n) == 0);
        uint64_t x = *v;
        unsigned left = n;
        while (left) {
            unsigned at = (unsigned)(b->pos & 7);
            unsigned take = 8 - at < left ? 8 - at : left;
            b->buf[b->pos >> 3] |= (uint8_t)((x & ((1u << take) - 1)) << at);
            x >>= take;
            b->pos += take;
            left -= take;
        }
        return true;
    }
    uint64_t x = 0;
    unsigned got = 0;
    while (got < n) {
        unsigned at = (unsigned)(b->pos & 7);
        unsigned take = 8 - at < n - got ? 8 - at : n - got;
        uint64_t part = (uint64_t)(b->buf[b->pos >> 3] >> at) & ((1u << take) - 1);
        x |= part << got;
        got += take;
        b->pos += take;
    }
    *v = x;
    return true;
}

bool bits_raw(bits *b, uint32_t *v, unsigned n)
{
    assert(n <= 32);
    uint64_t x = b->mode == BITS_READ ? 0 : *v;
    bool ok = bits_raw64(b, &x, n);
    *v = (uint32_t)x;
    return ok;
}

bool bits_bool(bits *b, bool *v)
{
    uint32_t x = b->mode != BITS_READ && *v ? 1u : 0u;
    bool ok = bits_raw(b, &x, 1);
    *v = x != 0;
    return ok;
}

bool bits_uint(bits *b, uint32_t *v, uint32_t min, uint32_t max)
{
    assert(min <= max);
    if (b->mode == BITS_WRITE && (*v < min || *v > max)) {
        bits_fail(b, BITS_ERR_RANGE);
        return false;
    }
    uint32_t x = b->mode == BITS_READ ? 0 : *v - min;
    if (!bits_raw(b, &x, bits_width(max - min))) {
        if (b->mode == BITS_READ) *v = 0;
        return false;
    }
    if (b->mode == BITS_READ) {
        if (x > max - min) {
            bits_fail(b, BITS_ERR_RANGE);
            *v = 0;
            return false;
        }
        *v = x + min;
    }
    return true;
}

bool bits_varint(bits *b, uint64_t *v)
{
    if (b->mode != BITS_READ) {
        uint64_t x = *v;
        do {
            uint32_t group = (uint32_t)(x & 0x7f);
            x >>= 7;
            uint32_t more = x != 0;
            bits_raw(b, &more, 1);
            bits_raw(b, &group, 7);
        } while (x);
        return bits_ok(b);
    }
    uint64_t x = 0;
    for (unsigned shift = 0;; shift += 7) {
        uint32_t more = 0, group = 0;
        bits_raw(b, &more, 1);
        bits_raw(b, &group, 7);
        if (!bits_ok(b)) break;
        /* Group 10 carries bit 63 only; a zero last group (other than the first) is an
         * over-long encoding. */
        if (shift == 63 && (group > 1 || more)) {
            bits_fail(b, BITS_ERR_RANGE);
            break;
        }
        x |= (uint64_t)group << shift;
        if (!more) {
            if (group == 0 && shift != 0) bits_fail(b, BITS_ERR_NONCANON);
            break;
        }
    }
    *v = bits_ok(b) ? x : 0;
    return bits_ok(b);
}

bool bits_varint32(bits *b, uint32_t *v, uint32_t max)
{
    uint64_t x = b->mode == BITS_READ ? 0 : *v;
    if (b->mode == BITS_WRITE && x > max) {
        bits_fail(b, BITS_ERR_RANGE);
        return false;
    }
    bits_varint(b, &x);
    if (b->mode == BITS_READ) {
        if (bits_ok(b) && x > max) bits_fail(b, BITS_ERR_RANGE);
        *v = bits_ok(b) ? (uint32_t)x : 0;
    }
    return bits_ok(b);
}

bool bits_align(bits *b)
{
    unsigned pad = (unsigned)((8 - (b->pos & 7)) & 7);
    if (!pad) return bits_ok(b);
    uint32_t zero = 0;
    bits_raw(b, &zero, pad);
    if (b->mode == BITS_READ && zero != 0) bits_fail(b, BITS_ERR_NONCANON);
    return bits_ok(b);
}

bool bits_bytes(bits *b, void *p, size_t n)
{
    if (!bits_align(b)) {
        if (b->mode == BITS_READ && n) memset(p, 0, n);
        return false;
    }
    if (n == 0) return true;
    if (!bits_room(b, n * 8)) {
        if (b->mode == BITS_READ) memset(p, 0, n);
        return false;
    }
    if (b->mode == BITS_WRITE)
        memcpy(b->buf + (b->pos >> 3), p, n);
    else if (b->mode == BITS_READ)
        memcpy(p, b->buf + (b->pos >> 3), n);
    b->pos += n * 8;
    return true;
}

bool bits_blob(bits *b, void *p, size_t *len, size_t max)
{
    assert(max <= UINT32_MAX);
    uint32_t n = b->mode == BITS_READ ? 0 : (uint32_t)*len;
    if (!bits_uint(b, &n, 0, (uint32_t)max)) {
        *len = 0;
        return false;
    }
    *len = n;
    if (!bits_bytes(b, p, n)) *len = 0;
    return bits_ok(b);
}

bool bits_string(bits *b, char *s, size_t cap, size_t max)
{
    assert(cap > max);
    size_t len = b->mode == BITS_READ ? 0 : strlen(s);
    if (b->mode != BITS_READ && !bits_utf8_valid(s, len)) {
        bits_fail(b, len > max ? BITS_ERR_RANGE : BITS_ERR_UTF8);
        return false;
    }
    bits_blob(b, s, &len, max);
    if (b->mode == BITS_READ) {
        s[len] = '\0';
        if (bits_ok(b) && !bits_utf8_valid(s, len)) bits_fail(b, BITS_ERR_UTF8);
        if (!bits_ok(b)) s[0] = '\0';
    }
    return bits_ok(b);
}

bool bits_end(bits *b)
{
    bits_align(b);
    if (bits_ok(b) && b->mode == BITS_READ && b->pos != b->cap) bits_fail(b, BITS_ERR_NONCANON);
    return bits_ok(b);
}

bool bits_utf8_valid(const char *str, size_t len)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        if (c == 0) return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        unsigned need;
        uint32_t cp, min;
        if ((c & 0xe0) == 0xc0)
            need = 1, cp = c & 0x1fu, min = 0x80;
        else if ((c & 0xf0) == 0xe0)
            need = 2, cp = c & 0x0fu, min = 0x800;
        else if ((c & 0xf8) == 0xf0)
            need = 3, cp = c & 0x07u, min = 0x10000;
        else
            return false;
        if (i + need >= len) return false;
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i += need + 1;
    }
    return true;
}

const char *bits_error_name(bits_error err)
{
    switch (err) {
    case BITS_OK:
        return "ok";
    case BITS_ERR_OVERFLOW:
        return "truncated or oversized field";
    case BITS_ERR_RANGE:
        return "value out of range";
    case BITS_ERR_NONCANON:
        return "non-canonical encoding";
    case BITS_ERR_UTF8:
        return "invalid UTF-8";
    }
    return "unknown";
}
