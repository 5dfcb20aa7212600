/* netsim.h — the netsim tool's options: parsed and checked in netsim_args.c, run by netsim.c. */
#ifndef PARLEY_NETSIM_H
#define PARLEY_NETSIM_H

#include "net.h"
#include "sim.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Limits. Delays are capped so that everything a client has in flight is delivered long
 * before it can be dropped as idle: 3 * (5 s + 5 s) of latency, jitter and reordering plus
 * at most 6 s of link queue stay well under NETSIM_IDLE_SECONDS. */
#define NETSIM_MAX_DELAY_MS    5000.0
#define NETSIM_MIN_KBPS        8.0
#define NETSIM_MAX_KBPS        10000000.0
#define NETSIM_QUEUE_SECONDS   0.25                   /* link queue, in time at the link rate ... */
#define NETSIM_QUEUE_MIN_BYTES (4 * NET_MAX_DATAGRAM) /* ... but room for a few datagrams */
#define NETSIM_MAX_DURATION_S  31536000.0
#define NETSIM_DEFAULT_CLIENTS 64
#define NETSIM_MAX_CLIENTS     512 /* SDL_net polls with select(): stay far from FD_SETSIZE */
#define NETSIM_IDLE_SECONDS    60.0

typedef struct netsim_options {
    uint16_t listen_port;
    net_addr target;
    double latency_ms, jitter_ms;
    double loss_pct, dup_pct, reorder_pct;
    double bandwidth_kbps; /* kilobits per second, 0: unlimited */
    bool seed_given;
    uint64_t seed;
    double duration_s; /* 0: until SIGINT or SIGTERM */
    int max_clients;
    bool allow_remote;
} netsim_options;

typedef enum netsim_args_result {
    NETSIM_ARGS_RUN,
    NETSIM_ARGS_HELP,
    NETSIM_ARGS_BAD, /* err says what is wrong */
} netsim_args_result;

netsim_args_result netsim_args_parse(int argc, char **argv, netsim_options *out, char *err,
                                     size_t errcap);
void netsim_args_usage(FILE *f);
/* The simulator settings for one direction of the proxy. */
sim_config netsim_args_sim_config(const netsim_options *o, uint64_t seed);

#endif
