/* net.h — the UDP platform layer: addresses and one non-blocking socket per endpoint.
 *
 * The protocol code never touches sockets; it hands datagrams to a send callback and is
 * fed what this layer receives. net_addr.c holds the platform-free address helpers; the
 * sockets come from one backend chosen at compile time (net_internal.h): net_posix.c on
 * BSD sockets (batched receive with recvmmsg on Linux), net_sdl.c on SDL2_net elsewhere. */
#ifndef PARLEY_NET_H
#define PARLEY_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An IPv4 endpoint, host byte order. Comparable with memcmp after net_addr_make. */
typedef struct net_addr {
    uint32_t ip; /* 127.0.0.1 is 0x7f000001 */
    uint16_t port;
    uint16_t pad_; /* always zero */
} net_addr;

#define NET_ADDR_STR_MAX 24 /* "255.255.255.255:65535" + NUL */
#define NET_MAX_DATAGRAM 1500

net_addr net_addr_make(uint32_t ip, uint16_t port);
bool net_addr_equal(const net_addr *a, const net_addr *b);
/* "a.b.c.d:port" into out (NET_ADDR_STR_MAX bytes). Returns out. */
const char *net_addr_str(const net_addr *a, char *out);
/* Parses a dotted IPv4 "a.b.c.d[:port]" without name lookup; default_port when absent.
 * Returns false (and leaves *out alone) on any malformed input. */
bool net_addr_parse(const char *s, uint16_t default_port, net_addr *out);
/* Byte form for hashing and cookies: 6 bytes (ip then port, big-endian). */
void net_addr_bytes(const net_addr *a, uint8_t out[6]);
bool net_addr_is_loopback(const net_addr *a);

typedef struct net_socket net_socket;

/* The socket backend compiled in: "posix" or "SDL2_net" (for logs and benchmarks). */
const char *net_backend(void);
/* Starts the platform networking (idempotent). Returns false with a message in err. */
bool net_init(char *err, size_t errcap);
void net_quit(void);
/* Resolves "host[:port]" (names allowed). */
bool net_resolve(const char *host, uint16_t default_port, net_addr *out, char *err, size_t errcap);
/* Opens a UDP socket bound to port (0: any free port). NULL with a message on failure. */
net_socket *net_open(uint16_t port, char *err, size_t errcap);
void net_close(net_socket *s);
uint16_t net_local_port(const net_socket *s);
/* Sends one datagram now (after anything queued); false if the OS refused it. */
bool net_send(net_socket *s, const net_addr *to, const void *data, size_t len);
/* Queues one datagram to send soon; false only when it is too long to send at all.
 * Datagrams queued back to back for one address leave together in one system call where
 * the platform can (Linux UDP GSO: the kernel cuts one buffer into datagrams), else one by
 * one. Queued datagrams leave in order, at the latest at the next net_flush, net_send,
 * net_wait, net_close, or net_recv that has to read from the OS: an endpoint whose loop
 * ends in net_wait can queue everything it sends. */
bool net_queue(net_socket *s, const net_addr *to, const void *data, size_t len);
/* Sends what is queued now; false if the OS refused some of it (to the peer, a loss). */
bool net_flush(net_socket *s);
/* Receives one datagram without blocking: its length, 0 when none is waiting, -1 on error.
 * Empty datagrams, ones over NET_MAX_DATAGRAM and ones longer than cap are dropped, never
 * cut. A backend may read several datagrams per system call and hand them out one by one. */
int net_recv(net_socket *s, void *buf, size_t cap, net_addr *from);
/* Waits until a datagram is readable (or already read and not yet handed out by net_recv)
 * or timeout_ms passes. True when readable. */
bool net_wait(net_socket *s, int timeout_ms);

#endif
