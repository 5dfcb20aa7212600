/* cl_backoff.h — the reconnect schedule: exponential back-off with jitter.
 *
 * Attempt n (0-based) waits min * 2^n, at most max, times a random factor in
 * [1 - jitter, 1 + jitter] (and still at most max), so clients that lost the same server do
 * not all come back in the same millisecond. The random source is seeded, so a test can
 * replay a schedule. */
#ifndef PARLEY_CL_BACKOFF_H
#define PARLEY_CL_BACKOFF_H

#include <stdint.h>

/* Zero fields mean the default in brackets. */
typedef struct cl_backoff_config {
    double min;    /* [0.5 s] the first delay */
    double max;    /* [10 s] the longest delay */
    double jitter; /* [0.2] relative spread, 0..1; negative: none */
} cl_backoff_config;

typedef struct cl_backoff {
    cl_backoff_config cfg;
    uint32_t attempt; /* delays handed out since the last reset */
    uint64_t rng;
} cl_backoff;

void cl_backoff_init(cl_backoff *b, const cl_backoff_config *cfg, uint64_t seed);
/* The delay before the next attempt, in seconds; counts the attempt. */
double cl_backoff_next(cl_backoff *b);
/* The delay attempt n would get without jitter. */
double cl_backoff_nominal(const cl_backoff *b, uint32_t n);
/* After a success: the next delay is min again. */
void cl_backoff_reset(cl_backoff *b);

#endif
