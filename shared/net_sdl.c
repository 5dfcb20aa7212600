/* net_sdl.c — net.h on SDL2_net (IPv4): address helpers and non-blocking UDP sockets.
 *
 * Everything SDL_net-specific stays in this file. Each socket owns one receive packet and
 * one socket set, made at open, so sending, receiving and waiting never allocate. */
#include "net.h"

#include <SDL_net.h>

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NET_HOST_MAX      256 /* longest host name net_resolve accepts */
#define NET_RECV_ATTEMPTS 64  /* unusable datagrams skipped per net_recv before giving up */

struct net_socket {
    UDPsocket udp;
    UDPpacket *packet; /* receive buffer: one byte more than NET_MAX_DATAGRAM, to see oversize */
    SDLNet_SocketSet set;
    uint16_t port;
};

/* SDL_net itself is process-wide; this count pairs each net_init with a net_quit. */
static int net_init_count;

static void net_error(char *err, size_t errcap, const char *fmt, ...)
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

static net_addr net_from_ipaddress(const IPaddress *ip)
{
    return net_addr_make(SDLNet_Read32(&ip->host), SDLNet_Read16(&ip->port));
}

static IPaddress net_to_ipaddress(const net_addr *a)
{
    IPaddress ip;
    SDLNet_Write32(a->ip, &ip.host);
    SDLNet_Write16(a->port, &ip.port);
    return ip;
}

/* ---- platform ---------------------------------------------------------------------------- */

bool net_init(char *err, size_t errcap)
{
    if (net_init_count == 0 && SDLNet_Init() < 0) {
        net_error(err, errcap, "cannot start networking: %s", SDLNet_GetError());
        return false;
    }
    net_init_count++;
    return true;
}

void net_quit(void)
{
    if (net_init_count == 0) return;
    if (--net_init_count == 0) SDLNet_Quit();
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

    IPaddress ip;
    if (SDLNet_ResolveHost(&ip, name, (Uint16)port) < 0 || ip.host == INADDR_NONE) {
        net_error(err, errcap, "cannot resolve '%s'", name);
        return false;
    }
    *out = net_from_ipaddress(&ip);
    return true;
}

/* ---- sockets ----------------------------------------------------------------------------- */

net_socket *net_open(uint16_t port, char *err, size_t errcap)
{
    net_socket *s = calloc(1, sizeof *s);
    if (!s) {
        net_error(err, errcap, "out of memory");
        return NULL;
    }
    s->udp = SDLNet_UDP_Open(port);
    if (!s->udp) {
        net_error(err, errcap, "cannot open UDP port %u: %s", (unsigned)port, SDLNet_GetError());
        net_close(s);
        return NULL;
    }
    s->packet = SDLNet_AllocPacket(NET_MAX_DATAGRAM + 1);
    s->set = SDLNet_AllocSocketSet(1);
    if (!s->packet || !s->set || SDLNet_UDP_AddSocket(s->set, s->udp) < 0) {
        net_error(err, errcap, "cannot set up UDP socket: %s", SDLNet_GetError());
        net_close(s);
        return NULL;
    }
    const IPaddress *local = SDLNet_UDP_GetPeerAddress(s->udp, -1);
    s->port = local ? SDLNet_Read16(&local->port) : port;
    return s;
}

void net_close(net_socket *s)
{
    if (!s) return;
    if (s->set) SDLNet_FreeSocketSet(s->set);
    if (s->packet) SDLNet_FreePacket(s->packet);
    if (s->udp) SDLNet_UDP_Close(s->udp);
    free(s);
}

uint16_t net_local_port(const net_socket *s)
{
    assert(s);
    return s->port;
}

bool net_send(net_socket *s, const net_addr *to, const void *data, size_t len)
{
    assert(s && to && (data || len == 0));
    if (len > NET_MAX_DATAGRAM) return false;
    /* A packet on the stack pointing at the caller's bytes: nothing copied or allocated. */
    UDPpacket p;
    memset(&p, 0, sizeof p);
    p.channel = -1;
    p.data = (Uint8 *)(uintptr_t)data;
    p.len = (int)len;
    p.maxlen = (int)len;
    p.address = net_to_ipaddress(to);
    return SDLNet_UDP_Send(s->udp, -1, &p) == 1;
}

int net_recv(net_socket *s, void *buf, size_t cap, net_addr *from)
{
    assert(s && buf && from);
    /* Empty, oversized (longer than NET_MAX_DATAGRAM, so possibly cut) and too-long-for-cap
     * datagrams are dropped, never truncated; a bounded number per call, so a flood of them
     * cannot hold the caller here. */
    for (int i = 0; i < NET_RECV_ATTEMPTS; i++) {
        int got = SDLNet_UDP_Recv(s->udp, s->packet);
        if (got < 0) return -1;
        if (got == 0) return 0;
        size_t len = (size_t)s->packet->len;
        if (len == 0 || len > NET_MAX_DATAGRAM || len > cap) continue;
        memcpy(buf, s->packet->data, len);
        *from = net_from_ipaddress(&s->packet->address);
        return (int)len;
    }
    return 0;
}

bool net_wait(net_socket *s, int timeout_ms)
{
    assert(s && timeout_ms >= 0);
    return SDLNet_CheckSockets(s->set, (Uint32)timeout_ms) > 0;
}
