/* sim.h — an in-process network simulator for deterministic protocol tests.
 *
 * Endpoints hand datagrams to sim_send with the current time; sim_recv gives back those
 * whose delivery time has come. Impairments are applied per datagram from a seeded PRNG, so
 * a run with the same seed and the same call sequence is the same run. No sockets, no clock:
 * time is always a parameter (seconds, double). */
#ifndef PARLEY_SIM_H
#define PARLEY_SIM_H

#include "net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_config {
    double latency;       /* one-way base delay, seconds */
    double jitter;        /* extra delay, uniform in [0, jitter] seconds */
    double loss;          /* probability a datagram is dropped, 0..1 */
    double duplicate;     /* probability a datagram is delivered twice, 0..1 */
    double reorder;       /* probability a datagram gets an extra delay of reorder_delay */
    double reorder_delay; /* 0: 2 * (latency + jitter) + 1 ms */
    double bandwidth;     /* bytes per second of the link per direction, 0: unlimited */
    size_t queue_bytes;   /* link queue limit when bandwidth is set (tail drop); 0: 256 KiB */
    uint64_t seed;        /* 0 is a valid seed */
    size_t capacity;      /* datagrams in flight at most; 0: 65536. Beyond it: dropped, counted */
} sim_config;

typedef struct sim_stats {
    uint64_t sent, delivered, dropped_loss, dropped_queue, dropped_full, duplicated, reordered;
    uint64_t bytes_sent, bytes_delivered;
} sim_stats;

typedef struct sim sim;

/* NULL if the configuration is invalid (probabilities outside 0..1, negative delays). */
sim *sim_create(const sim_config *cfg);
void sim_destroy(sim *s);
/* Changes impairments mid-run (the queue and in-flight datagrams stay). */
bool sim_set_config(sim *s, const sim_config *cfg);
/* Queues a datagram from 'from' to 'to' (len <= NET_MAX_DATAGRAM, else dropped). */
void sim_send(sim *s, const net_addr *from, const net_addr *to, const void *data, size_t len,
              double now);
/* Pops the next datagram for 'to' due by 'now' (earliest delivery time first). Returns its
 * length and fills *from, or 0 when none is due. cap must be >= NET_MAX_DATAGRAM. */
size_t sim_recv(sim *s, const net_addr *to, void *buf, size_t cap, net_addr *from, double now);
/* Earliest pending delivery time for any address, or a negative value when idle. */
double sim_next_time(const sim *s);
sim_stats sim_get_stats(const sim *s);

/* The PRNG the simulator uses, exposed for tests that want reproducible random data. */
typedef struct sim_rng {
    uint64_t state;
} sim_rng;
void sim_rng_seed(sim_rng *r, uint64_t seed);
uint64_t sim_rng_next(sim_rng *r);
double sim_rng_unit(sim_rng *r); /* [0, 1) */

#endif
