/* cl_backoff.c — exponential back-off with jitter (see cl_backoff.h). */
#include "cl_backoff.h"

#include <assert.h>
#include <stddef.h>

void cl_backoff_init(cl_backoff *b, const cl_backoff_config *cfg, uint64_t seed)
{
    assert(b);
    cl_backoff_config c = cfg ? *cfg : (cl_backoff_config){0};
    if (c.min <= 0) c.min = 0.5;
    if (c.max <= 0) c.max = 10.0;
    if (c.max < c.min) c.max = c.min;
    if (c.jitter == 0) c.jitter = 0.2;
    if (c.jitter < 0) c.jitter = 0;
    if (c.jitter > 1) c.jitter = 1;
    b->cfg = c;
    b->attempt = 0;
    b->rng = seed;
}

/* splitmix64: small, seeded, good enough to spread retries. */
static double cl_backoff_unit(cl_backoff *b)
{
    uint64_t z = (b->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

double cl_backoff_nominal(const cl_backoff *b, uint32_t n)
{
    double d = b->cfg.min;
    for (uint32_t i = 0; i < n && d < b->cfg.max; i++) d *= 2;
    return d < b->cfg.max ? d : b->cfg.max;
}

double cl_backoff_next(cl_backoff *b)
{
    double d = cl_backoff_nominal(b, b->attempt);
    if (b->attempt < UINT32_MAX) b->attempt++;
    d *= 1.0 + b->cfg.jitter * (2.0 * cl_backoff_unit(b) - 1.0);
    return d < b->cfg.max ? d : b->cfg.max;
}

void cl_backoff_reset(cl_backoff *b)
{
    b->attempt = 0;
}
