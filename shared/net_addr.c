/* net_addr.c — the platform-free half of net.h: IPv4 address helpers and the parsing half
 * of net_resolve (the name lookup itself is the backend's). */
#include "net_internal.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void net_error(char *err, size_t errcap, const char *fmt, ...)
{
    if (!err || errcap == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

/* ---- addresses ------------------------------------------------------------------------- */

net_addr net_addr_make(uint32_t ip, uint16_t port)
{
    net_addr a;
    memset(&a, 0, sizeof a); /* padding too, so memcmp works */
    a.ip = ip;
    a.port = port;
    return a;
}

bool net_addr_equal(const net_addr *a, const net_addr *b)
{
    return a->ip == b->ip && a->port == b->port;
}

const char *net_addr_str(const net_addr *a, char *out)
{
    snprintf(out, NET_ADDR_STR_MAX, "%u.%u.%u.%u:%u", (unsigned)(a->ip >> 24),
             (unsigned)(a->ip >> 16 & 0xff), (unsigned)(a->ip >> 8 & 0xff),
             (unsigned)(a->ip & 0xff), (unsigned)a->port);
    return out;
}

/* Reads a decimal number of 1..max_digits digits, no sign, no leading zero, at most max. */
static const char *net_parse_uint(const char *p, int max_digits, unsigned long max,
                                  unsigned long *out)
{
    unsigned long v = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (++digits > max_digits) return NULL;
        if (digits == 2 && v == 0) return NULL; /* "01": octal in some parsers, so refused */
        v = v * 10 + (unsigned long)(*p - '0');
        p++;
    }
    if (digits == 0 || v > max) return NULL;
    *out = v;
    return p;
}

bool net_addr_parse(const char *s, uint16_t default_port, net_addr *out)
{
    assert(out);
    if (!s) return false;
    uint32_t ip = 0;
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        unsigned long octet;
        if (i > 0 && *p++ != '.') return false;
        p = net_parse_uint(p, 3, 255, &octet);
        if (!p) return false;
        ip = ip << 8 | (uint32_t)octet;
    }
    unsigned long port = default_port;
    if (*p == ':') {
        p = net_parse_uint(p + 1, 5, 65535, &port);
        if (!p) return false;
    }
    if (*p != '\0') return false;
    *out = net_addr_make(ip, (uint16_t)port);
    return true;
}

void net_addr_bytes(const net_addr *a, uint8_t out[6])
{
    out[0] = (uint8_t)(a->ip >> 24);
    out[1] = (uint8_t)(a->ip >> 16);
    out[2] = (uint8_t)(a->ip >> 8);
    out[3] = (uint8_t)a->ip;
    out[4] = (uint8_t)(a->port >> 8);
    out[5] = (uint8_t)a->port;
}

bool net_addr_is_loopback(const net_addr *a)
{
    return (a->ip >> 24) == 127;
}

bool net_resolve(const char *host, uint16_t default_port, net_addr *out, char *err, size_t errcap)
{
    assert(out);
    if (!host || !*host) {
        net_error(err, errcap, "empty address");
        return false;
    }
    if (net_addr_parse(host, default_port, out)) return true;
    /* The system resolver accepts "1.2.3" and friends as numbers; Parley does not. */
    if (strspn(host, "0123456789.:") == strlen(host)) {
        net_error(err, errcap, "malformed IPv4 address '%s' (expected a.b.c.d[:port])", host);
        return false;
    }

    char name[NET_HOST_MAX];
    const char *colon = strrchr(host, ':');
    size_t name_len = colon ? (size_t)(colon - host) : strlen(host);
    unsigned long port = default_port;
    if (colon) {
        const char *end = net_parse_uint(colon + 1, 5, 65535, &port);
        if (!end || *end != '\0') {
            net_error(err, errcap, "bad port in '%s' (expected host:0..65535)", host);
            return false;
        }
    }
    if (name_len == 0 || name_len >= sizeof name) {
        net_error(err, errcap, "bad host name in '%s'", host);
        return false;
    }
    memcpy(name, host, name_len);
    name[name_len] = '\0';

    uint32_t ip;
    if (!net_backend_lookup(name, &ip)) {
        net_error(err, errcap, "cannot resolve '%s'", name);
        return false;
    }
    *out = net_addr_make(ip, (uint16_t)port);
    return true;
}
