/* cl_discover.h — finding Parley servers on the LAN (the client side of discovery.h).
 *
 * The caller owns the socket and the clock: it sends cl_discover_probe's bytes to the
 * broadcast address (or one server), feeds every datagram that comes back to
 * cl_discover_on_datagram for about a second, and shows each new server. Replies must echo
 * this search's nonce, so stray or replayed replies are ignored; each server is listed once. */
#ifndef PARLEY_CL_DISCOVER_H
#define PARLEY_CL_DISCOVER_H

#include "discovery.h"
#include "net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_DISCOVER_MAX 64 /* servers one search lists; more are counted, not listed */

typedef struct cl_found {
    net_addr addr; /* where to connect: the reply's source address with the port it names */
    disc_reply info;
} cl_found;

typedef struct cl_discover {
    uint8_t nonce[DISC_NONCE_BYTES];
    cl_found found[CL_DISCOVER_MAX];
    size_t count;
    uint32_t ignored;  /* malformed replies, wrong nonces */
    uint32_t overflow; /* servers beyond CL_DISCOVER_MAX */
} cl_discover;

/* Starts a search with a fresh random nonce. */
void cl_discover_init(cl_discover *d);
/* The probe datagram (DISC_PROBE_SIZE bytes); 0 when cap is too small. */
size_t cl_discover_probe(const cl_discover *d, uint8_t *out, size_t cap);
/* A datagram arrived from 'from': the server it names when it is a new one, else NULL. */
const cl_found *cl_discover_on_datagram(cl_discover *d, const net_addr *from, const uint8_t *data,
                                        size_t len);

#endif
