/* net_sdl.c — net.h's sockets on SDL2_net (IPv4), for platforms without BSD sockets.
 *
 * Everything SDL_net-specific stays in this file. Each socket owns one receive packet and
 * one socket set, made at open, so sending, receiving and waiting never allocate. SDL_net
 * makes a select() before every recvfrom(), so this backend costs three system calls per
 * datagram where net_posix.c costs about one; see docs/BENCHMARKS.md. */
#include "net_internal.h"

#if NET_BACKEND_SDL

#include <SDL_net.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define NET_RECV_ATTEMPTS 64 /* unusable datagrams skipped per net_recv before giving up */

struct net_socket {
    UDPsocket udp;
    UDPpacket *packet; /* receive buffer: one byte more than NET_MAX_DATAGRAM, to see oversize */
    SDLNet_SocketSet set;
    uint16_t port;
};

/* SDL_net itself is process-wide; this count pairs each net_init with a net_quit. */
static int net_init_count;

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

const char *net_backend(void)
{
    return "SDL2_net";
}

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

bool net_backend_lookup(const char *name, uint32_t *ip)
{
    IPaddress addr;
    if (SDLNet_ResolveHost(&addr, name, 0) < 0 || addr.host == INADDR_NONE) return false;
    *ip = SDLNet_Read32(&addr.host);
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

/* SDL_net sends one datagram per call; there is nothing to gain from holding them back. */
bool net_queue(net_socket *s, const net_addr *to, const void *data, size_t len)
{
    return net_send(s, to, data, len);
}

bool net_flush(net_socket *s)
{
    assert(s);
    return true;
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

#endif /* NET_BACKEND_SDL */
