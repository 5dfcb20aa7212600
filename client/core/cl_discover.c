/* cl_discover.c — LAN discovery, client side (see cl_discover.h). */
#include "cl_discover.h"

#include "packet.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

void cl_discover_init(cl_discover *d)
{
    assert(d);
    memset(d, 0, sizeof *d);
    pkt_crypto_init();
    randombytes_buf(d->nonce, sizeof d->nonce);
}

size_t cl_discover_probe(const cl_discover *d, uint8_t *out, size_t cap)
{
    return disc_write_probe(d->nonce, out, cap);
}

const cl_found *cl_discover_on_datagram(cl_discover *d, const net_addr *from, const uint8_t *data,
                                        size_t len)
{
    assert(d && from && (data || len == 0));
    disc_reply r;
    if (!disc_read_reply(data, len, &r) || sodium_memcmp(r.nonce, d->nonce, DISC_NONCE_BYTES)) {
        d->ignored++;
        return NULL;
    }
    net_addr addr = net_addr_make(from->ip, r.port);
    for (size_t i = 0; i < d->count; i++)
        if (net_addr_equal(&d->found[i].addr, &addr)) return NULL;
    if (d->count == CL_DISCOVER_MAX) {
        d->overflow++;
        return NULL;
    }
    cl_found *f = &d->found[d->count++];
    f->addr = addr;
    f->info = r;
    return f;
}
