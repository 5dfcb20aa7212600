/* net_internal.h — what net_addr.c shares with the socket backends and nobody else.
 *
 * Exactly one backend compiles per build, chosen here from the platform: BSD sockets
 * (net_posix.c) where they exist, SDL2_net (net_sdl.c) elsewhere, i.e. on Windows.
 * -DPARLEY_NET_SDL forces SDL2_net, to compare the two or to test it on Linux. */
#ifndef PARLEY_NET_INTERNAL_H
#define PARLEY_NET_INTERNAL_H

#include "net.h"

#if !defined(PARLEY_NET_SDL) && (defined(__unix__) || defined(__APPLE__))
#define NET_BACKEND_POSIX 1
#define NET_BACKEND_SDL   0
#else
#define NET_BACKEND_POSIX 0
#define NET_BACKEND_SDL   1
#endif

#define NET_HOST_MAX 256 /* longest host name net_resolve accepts */

/* Formats a message into err (errcap bytes) when err is not NULL. */
void net_error(char *err, size_t errcap, const char *fmt, ...);
/* The backend's name lookup: the first IPv4 address of a host name (no port), host order. */
bool net_backend_lookup(const char *name, uint32_t *ip);

#endif
