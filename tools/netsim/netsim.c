/* netsim.c — a UDP proxy that runs both directions through shared/sim.c's impairments.
 *
 * Clients send to the listen socket; each client gets an upstream socket of its own towards
 * the target, so the target sees one peer per client. Two simulators, one per direction,
 * hold datagrams until their delivery time:
 *   client -> target: sim 'up',   from = client address, to = the client's upstream key
 *   target -> client: sim 'down', from = target,         to = client address
 * where the upstream key is 127.0.0.1:<upstream socket's port>, a name only the sim uses. */
#include "netsim.h"

#include <SDL_timer.h>

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define NETSIM_POLL_MS 1   /* upstream sockets are polled: net_wait takes one socket */
#define NETSIM_IDLE_MS 100 /* longest sleep with no clients */
#define NETSIM_BATCH   256 /* datagrams read from one socket per turn, so none starves */

typedef struct netsim_client {
    bool used;
    net_addr addr;        /* the client, as seen on the listen socket */
    net_socket *upstream; /* its own socket towards the target */
    net_addr key;         /* the upstream socket's name inside sim 'up' */
    double last_active;   /* last datagram from or for this client */
} netsim_client;

typedef struct netsim_counts {
    uint64_t clients_seen, clients_idle, rejected, stray, send_failures, recv_errors;
} netsim_counts;

typedef struct netsim {
    netsim_options opt;
    net_socket *listen;
    sim *up, *down;
    netsim_client *clients; /* opt.max_clients of them */
    netsim_counts counts;
    uint64_t start_ticks;
} netsim;

static volatile sig_atomic_t netsim_stop_requested;

static void netsim_on_signal(int sig)
{
    (void)sig;
    netsim_stop_requested = 1;
}

static double netsim_now(const netsim *ns)
{
    uint64_t ticks = SDL_GetPerformanceCounter() - ns->start_ticks;
    return (double)ticks / (double)SDL_GetPerformanceFrequency();
}

static netsim_client *netsim_client_find(netsim *ns, const net_addr *addr)
{
    for (int i = 0; i < ns->opt.max_clients; i++)
        if (ns->clients[i].used && net_addr_equal(&ns->clients[i].addr, addr))
            return &ns->clients[i];
    return NULL;
}

static netsim_client *netsim_client_add(netsim *ns, const net_addr *addr, double now)
{
    char text[NET_ADDR_STR_MAX];
    netsim_client *c = NULL;
    for (int i = 0; i < ns->opt.max_clients && !c; i++)
        if (!ns->clients[i].used) c = &ns->clients[i];
    if (!c) {
        if (ns->counts.rejected++ == 0)
            fprintf(stderr,
                    "netsim: client limit (%d) reached, dropping datagrams from %s "
                    "and other new clients (raise --max-clients)\n",
                    ns->opt.max_clients, net_addr_str(addr, text));
        return NULL;
    }
    char err[128];
    net_socket *up = net_open(0, err, sizeof err);
    if (!up) {
        ns->counts.rejected++;
        fprintf(stderr, "netsim: no upstream socket for %s: %s\n", net_addr_str(addr, text), err);
        return NULL;
    }
    *c = (netsim_client){.used = true,
                         .addr = *addr,
                         .upstream = up,
                         .last_active = now,
                         .key = net_addr_make(0x7f000001, net_local_port(up))};
    ns->counts.clients_seen++;
    fprintf(stderr, "netsim: client %s via upstream port %u\n", net_addr_str(addr, text),
            (unsigned)net_local_port(up));
    return c;
}

static void netsim_client_remove(netsim_client *c)
{
    net_close(c->upstream);
    *c = (netsim_client){0};
}

/* Reads what clients sent to the listen socket into sim 'up'. */
static void netsim_read_clients(netsim *ns, double now)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    for (int i = 0; i < NETSIM_BATCH; i++) {
        int n = net_recv(ns->listen, buf, sizeof buf, &from);
        if (n < 0) ns->counts.recv_errors++;
        if (n <= 0) return;
        netsim_client *c = netsim_client_find(ns, &from);
        if (!c) c = netsim_client_add(ns, &from, now);
        if (!c) continue;
        c->last_active = now;
        sim_send(ns->up, &c->addr, &c->key, buf, (size_t)n, now);
    }
}

/* Reads the target's replies on each upstream socket into sim 'down'. */
static void netsim_read_target(netsim *ns, double now)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    for (int k = 0; k < ns->opt.max_clients; k++) {
        netsim_client *c = &ns->clients[k];
        for (int i = 0; c->used && i < NETSIM_BATCH; i++) {
            int n = net_recv(c->upstream, buf, sizeof buf, &from);
            if (n < 0) ns->counts.recv_errors++;
            if (n <= 0) break;
            if (!net_addr_equal(&from, &ns->opt.target)) {
                ns->counts.stray++; /* only the target may answer through netsim */
                continue;
            }
            c->last_active = now;
            sim_send(ns->down, &ns->opt.target, &c->addr, buf, (size_t)n, now);
        }
    }
}

/* Sends on whatever the simulators have due, and forgets clients idle too long. */
static void netsim_deliver(netsim *ns, double now)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    size_t n;
    for (int k = 0; k < ns->opt.max_clients; k++) {
        netsim_client *c = &ns->clients[k];
        if (!c->used) continue;
        while ((n = sim_recv(ns->up, &c->key, buf, sizeof buf, &from, now)) > 0)
            if (!net_send(c->upstream, &ns->opt.target, buf, n)) ns->counts.send_failures++;
        while ((n = sim_recv(ns->down, &c->addr, buf, sizeof buf, &from, now)) > 0)
            if (!net_send(ns->listen, &c->addr, buf, n)) ns->counts.send_failures++;
        /* The delay limits in netsim.h make sure nothing of this client is still in flight. */
        if (now - c->last_active > NETSIM_IDLE_SECONDS) {
            char text[NET_ADDR_STR_MAX];
            fprintf(stderr, "netsim: client %s idle for %.0f s, forgotten\n",
                    net_addr_str(&c->addr, text), NETSIM_IDLE_SECONDS);
            ns->counts.clients_idle++;
            netsim_client_remove(c);
        }
    }
}

/* How long to sleep: until the next delivery, the end of the run, or the next poll. */
static int netsim_wait_ms(const netsim *ns, double now, double end)
{
    bool any_client = false;
    for (int k = 0; k < ns->opt.max_clients && !any_client; k++) any_client = ns->clients[k].used;
    double wait = any_client ? NETSIM_POLL_MS / 1000.0 : NETSIM_IDLE_MS / 1000.0;
    double next[3] = {sim_next_time(ns->up), sim_next_time(ns->down), end};
    for (int i = 0; i < 3; i++)
        if (next[i] >= 0 && next[i] - now < wait) wait = next[i] - now;
    return wait <= 0 ? 0 : (int)ceil(wait * 1000.0);
}

static void netsim_print_direction(const char *name, const sim *s)
{
    sim_stats st = sim_get_stats(s);
    uint64_t dropped = st.dropped_loss + st.dropped_queue + st.dropped_full;
    uint64_t in_flight = st.sent + st.duplicated - dropped - st.delivered;
    fprintf(stderr,
            "netsim: %s: sent %llu, delivered %llu, dropped %llu (loss %llu, queue %llu, "
            "full %llu), duplicated %llu, reordered %llu, in flight %llu\n",
            name, (unsigned long long)st.sent, (unsigned long long)st.delivered,
            (unsigned long long)dropped, (unsigned long long)st.dropped_loss,
            (unsigned long long)st.dropped_queue, (unsigned long long)st.dropped_full,
            (unsigned long long)st.duplicated, (unsigned long long)st.reordered,
            (unsigned long long)in_flight);
}

static void netsim_print_stats(const netsim *ns)
{
    netsim_print_direction("client->target", ns->up);
    netsim_print_direction("target->client", ns->down);
    const netsim_counts *c = &ns->counts;
    fprintf(stderr,
            "netsim: clients seen %llu, forgotten idle %llu; datagrams rejected (client limit) "
            "%llu, stray %llu; send failures %llu, receive errors %llu\n",
            (unsigned long long)c->clients_seen, (unsigned long long)c->clients_idle,
            (unsigned long long)c->rejected, (unsigned long long)c->stray,
            (unsigned long long)c->send_failures, (unsigned long long)c->recv_errors);
}

static void netsim_run(netsim *ns)
{
    double end = ns->opt.duration_s > 0 ? ns->opt.duration_s : -1.0;
    while (!netsim_stop_requested) {
        double now = netsim_now(ns);
        if (end >= 0 && now >= end) break;
        netsim_read_clients(ns, now);
        netsim_read_target(ns, now);
        netsim_deliver(ns, now);
        net_wait(ns->listen, netsim_wait_ms(ns, netsim_now(ns), end));
    }
}

static void netsim_close(netsim *ns)
{
    for (int k = 0; ns->clients && k < ns->opt.max_clients; k++)
        if (ns->clients[k].used) netsim_client_remove(&ns->clients[k]);
    free(ns->clients);
    sim_destroy(ns->up);
    sim_destroy(ns->down);
    net_close(ns->listen);
}

int main(int argc, char **argv)
{
    netsim ns = {0};
    char err[256] = "";
    switch (netsim_args_parse(argc, argv, &ns.opt, err, sizeof err)) {
    case NETSIM_ARGS_HELP:
        netsim_args_usage(stdout);
        return 0;
    case NETSIM_ARGS_BAD:
        fprintf(stderr, "netsim: %s\n", err);
        return 2;
    case NETSIM_ARGS_RUN:
        break;
    }
    ns.start_ticks = SDL_GetPerformanceCounter();
    uint64_t seed = ns.opt.seed_given ? ns.opt.seed : ns.start_ticks;
    if (!ns.opt.seed_given) fprintf(stderr, "netsim: seed %llu\n", (unsigned long long)seed);
    /* Two independent random streams, both fixed by the one seed. */
    sim_config up_cfg = netsim_args_sim_config(&ns.opt, seed);
    sim_config down_cfg = netsim_args_sim_config(&ns.opt, seed ^ 0x9e3779b97f4a7c15u);
    ns.up = sim_create(&up_cfg);
    ns.down = sim_create(&down_cfg);
    ns.clients = calloc((size_t)ns.opt.max_clients, sizeof *ns.clients);
    if (!ns.up || !ns.down || !ns.clients) {
        fprintf(stderr, "netsim: out of memory\n");
        netsim_close(&ns);
        return 1;
    }
    if (!net_init(err, sizeof err)) {
        fprintf(stderr, "netsim: %s\n", err);
        netsim_close(&ns);
        return 1;
    }
    ns.listen = net_open(ns.opt.listen_port, err, sizeof err);
    if (!ns.listen) {
        fprintf(stderr, "netsim: %s (is another program on port %u?)\n", err,
                (unsigned)ns.opt.listen_port);
        netsim_close(&ns);
        net_quit();
        return 1;
    }
    signal(SIGINT, netsim_on_signal);
    signal(SIGTERM, netsim_on_signal);

    char text[NET_ADDR_STR_MAX];
    printf("netsim listening on port %u -> %s\n", (unsigned)net_local_port(ns.listen),
           net_addr_str(&ns.opt.target, text));
    fflush(stdout);
    netsim_run(&ns);
    netsim_print_stats(&ns);
    netsim_close(&ns);
    net_quit();
    return 0;
}
