/* pb_loopback.c — protobench's section 4: reliable bulk goodput over real UDP sockets on
 * 127.0.0.1, against raw UDP through the same sockets in the same run.
 *
 * Every figure comes as bytes per wall-clock second and per second of CPU time. The machine
 * is shared, so when other work takes the core the wall-clock rate falls while the CPU rate
 * (what a core of its own would do) does not. Two layouts are measured:
 *   one thread    drives both endpoints: it pays both ends' encryption and system calls, so
 *                 it measures the sum of the two programs' costs, not either one;
 *   two threads   client and server each in their own thread, as they are in real use (two
 *                 programs); the pair is as fast as its busier end, so the CPU rate is the
 *                 bytes over that end's CPU seconds. */
#include "pb_loopback.h"

#include "conn.h"
#include "host.h"
#include "net.h"

#include <SDL.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PB_CONNECT_TIMEOUT 5.0 /* seconds for the handshake before a run gives up */
#define PB_WAIT_MS         1   /* a two-thread end's longest sleep when nothing arrives */
#define PB_CHUNK           (64 * 1024)

typedef struct pb_rate {
    double wall, cpu; /* bytes per second of each */
} pb_rate;

static double pb_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

/* CPU seconds of the calling thread (of the process where threads cannot be told apart). */
static double pb_cpu(void)
{
#if defined(CLOCK_THREAD_CPUTIME_ID)
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#endif
    return (double)clock() / CLOCKS_PER_SEC;
}

static pb_rate pb_rate_of(size_t bytes, double wall_s, double cpu_s)
{
    return (pb_rate){wall_s > 0 ? (double)bytes / wall_s : 0,
                     cpu_s > 0 ? (double)bytes / cpu_s : 0};
}

/* ---- the baseline: plain datagrams, no protocol ---- */

static pb_rate pb_raw_udp(size_t dgram, double seconds)
{
    char err[128];
    net_socket *a = net_open(0, err, sizeof err), *b = net_open(0, err, sizeof err);
    pb_rate rate = {0, 0};
    if (a && b) {
        net_addr to = net_addr_make(0x7f000001, net_local_port(b));
        uint8_t buf[NET_MAX_DATAGRAM] = {0};
        net_addr from;
        size_t got = 0;
        double start = pb_now(), cpu = pb_cpu();
        while (pb_now() - start < seconds) {
            for (int i = 0; i < 32; i++) net_send(a, &to, buf, dgram);
            int n;
            while ((n = net_recv(b, buf, sizeof buf, &from)) > 0) got += (size_t)n;
        }
        rate = pb_rate_of(got, pb_now() - start, pb_cpu() - cpu);
    } else {
        fprintf(stderr, "protobench: %s\n", err);
    }
    net_close(a);
    net_close(b);
    return rate;
}

/* ---- a Parley client and server on two sockets ---- */

typedef struct pb_pair {
    net_socket *ssock, *csock;
    host *h;
    conn *c;
    uint32_t handle;
    size_t got;        /* bulk bytes the server has read */
    double start, end; /* wall clock: connected, finished */
    double scpu, ccpu; /* CPU seconds each end spent between start and end */
    SDL_atomic_t done; /* two threads: the server's run is over */
} pb_pair;

static void pb_send_server(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    net_queue(((pb_pair *)user)->ssock, to, data, len);
}

static void pb_send_client(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    net_queue(((pb_pair *)user)->csock, to, data, len);
}

static bool pb_pair_open(pb_pair *p, uint32_t max_packet, double now)
{
    char err[128];
    memset(p, 0, sizeof *p);
    p->ssock = net_open(0, err, sizeof err);
    p->csock = p->ssock ? net_open(0, err, sizeof err) : NULL;
    if (!p->csock) {
        fprintf(stderr, "protobench: %s\n", err);
        return false;
    }
    host_config hc = {.max_conns = 4, .conn = {.max_packet = max_packet}};
    uint8_t pk[32];
    crypto_sign_keypair(pk, hc.identity_sk);
    p->h = host_create(&hc, pb_send_server, p);
    conn_config cc = {.max_packet = max_packet};
    net_addr saddr = net_addr_make(0x7f000001, net_local_port(p->ssock));
    p->c = conn_create_client(&cc, &saddr, pb_send_client, p, now);
    return p->h && p->c;
}

static void pb_pair_close(pb_pair *p)
{
    if (p->c && getenv("PROTOBENCH_VERBOSE")) {
        conn_stats st = conn_get_stats(p->c);
        fprintf(stderr,
                "  client: %llu packets sent, %llu lost, %llu fragments resent, cwnd %.0f B, "
                "rtt %.3f ms (min %.3f)\n",
                (unsigned long long)st.packets_sent, (unsigned long long)st.packets_lost,
                (unsigned long long)st.fragments_resent, st.cwnd, st.rtt * 1e3, st.min_rtt * 1e3);
    }
    if (p->c) conn_destroy(p->c);
    if (p->h) host_destroy(p->h);
    net_close(p->ssock);
    net_close(p->csock);
}

/* The server's share of one round: read datagrams, run timers, take connects, read bulk. */
static void pb_server_step(pb_pair *p, double now)
{
    static uint8_t out[CONN_MAX_MESSAGE]; /* only the server's thread touches it */
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    int n;
    while ((n = net_recv(p->ssock, buf, sizeof buf, &from)) > 0)
        host_on_packet(p->h, &from, buf, (size_t)n, now);
    host_update(p->h, now);
    host_event ev;
    while (host_poll(p->h, &ev))
        if (ev.type == HOST_EV_CONNECT) {
            p->handle = ev.handle;
            p->start = now;
        }
    conn *s = p->handle ? host_get(p->h, p->handle) : NULL;
    size_t len;
    while (s && conn_receive(s, CONN_CH_BULK, out, sizeof out, &len) == 1) p->got += len;
    net_flush(p->ssock); /* the acks this round queued */
}

/* The client's share: read acks, keep the bulk queue full, run timers (which send). */
static void pb_client_step(pb_pair *p, double now)
{
    static const uint8_t chunk[PB_CHUNK];
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    int n;
    while ((n = net_recv(p->csock, buf, sizeof buf, &from)) > 0)
        conn_on_packet(p->c, buf, (size_t)n, now);
    if (conn_get_state(p->c) == CONN_CONNECTED)
        while (conn_send(p->c, CONN_CH_BULK, chunk, sizeof chunk) == CONN_OK) {
        }
    conn_update(p->c, now);
    net_flush(p->csock);
}

/* Both ends in this thread, polling each other's socket in turn. */
static pb_rate pb_one_thread(double seconds, uint32_t max_packet)
{
    pb_pair p;
    double t0 = pb_now(), cpu = 0;
    pb_rate rate = {0, 0};
    if (pb_pair_open(&p, max_packet, t0)) {
        for (;;) {
            double now = pb_now();
            if (p.start ? now - p.start > seconds : now - t0 > PB_CONNECT_TIMEOUT) break;
            bool was_connected = p.start > 0;
            pb_server_step(&p, now);
            if (!was_connected && p.start > 0) cpu = pb_cpu();
            pb_client_step(&p, now);
        }
        if (p.start) rate = pb_rate_of(p.got, pb_now() - p.start, pb_cpu() - cpu);
    }
    pb_pair_close(&p);
    return rate;
}

/* The server end of the two-thread layout: sleeps in net_wait when nothing arrives. */
static int pb_server_thread(void *arg)
{
    pb_pair *p = arg;
    double t0 = pb_now(), seconds = p->end, cpu = 0; /* p->end carries the duration in */
    for (;;) {
        double now = pb_now();
        if (p->start ? now - p->start > seconds : now - t0 > PB_CONNECT_TIMEOUT) break;
        bool was_connected = p->start > 0;
        pb_server_step(p, now);
        if (!was_connected && p->start > 0) cpu = pb_cpu();
        net_wait(p->ssock, PB_WAIT_MS);
    }
    p->end = pb_now();
    p->scpu = p->start ? pb_cpu() - cpu : 0;
    SDL_AtomicSet(&p->done, 1);
    return 0;
}

/* Client in this thread, server in another. */
static pb_rate pb_two_threads(double seconds, uint32_t max_packet, pb_rate *per_end)
{
    pb_pair p;
    pb_rate rate = {0, 0};
    *per_end = rate;
    if (pb_pair_open(&p, max_packet, pb_now())) {
        p.end = seconds;
        SDL_Thread *t = SDL_CreateThread(pb_server_thread, "pb-server", &p);
        if (!t) {
            fprintf(stderr, "protobench: cannot start a thread: %s\n", SDL_GetError());
        } else {
            double cpu = -1;
            while (!SDL_AtomicGet(&p.done)) {
                double now = pb_now();
                if (cpu < 0 && conn_get_state(p.c) == CONN_CONNECTED) cpu = pb_cpu();
                pb_client_step(&p, now);
                net_wait(p.csock, PB_WAIT_MS);
            }
            p.ccpu = cpu >= 0 ? pb_cpu() - cpu : 0;
            SDL_WaitThread(t, NULL);
            if (p.start) {
                double busier = p.scpu > p.ccpu ? p.scpu : p.ccpu;
                rate = pb_rate_of(p.got, p.end - p.start, busier);
                *per_end = pb_rate_of(p.got, p.scpu, p.ccpu); /* server, client */
            }
        }
    }
    pb_pair_close(&p);
    return rate;
}

bool pb_loopback_section(double secs)
{
    printf("== bare loopback, real UDP sockets (%s backend)\n", net_backend());
    pb_rate raw = pb_raw_udp(1200, secs);
    pb_rate one = pb_one_thread(secs, 1200);
    pb_rate big = pb_one_thread(secs, PKT_MAX_SIZE);
    pb_rate ends, ends_big;
    pb_rate two = pb_two_threads(secs, 1200, &ends);
    pb_rate two_big = pb_two_threads(secs, PKT_MAX_SIZE, &ends_big);
    printf("raw UDP, 1200-byte datagrams, one thread: %7.1f MB/s (%6.1f per CPU s) baseline\n",
           raw.wall / 1e6, raw.cpu / 1e6);
    printf("parley bulk, 1200-byte packets, one thread: %7.1f MB/s (%6.1f per CPU s) = %.2f of "
           "raw UDP per CPU s\n",
           one.wall / 1e6, one.cpu / 1e6, raw.cpu > 0 ? one.cpu / raw.cpu : 0);
    printf("parley bulk, %d-byte packets, one thread: %7.1f MB/s (%6.1f per CPU s)\n", PKT_MAX_SIZE,
           big.wall / 1e6, big.cpu / 1e6);
    printf("parley bulk, 1200-byte packets, two threads: %7.1f MB/s (%6.1f per CPU s of the "
           "busier end; server %.1f, client %.1f); target >= 200 MB/s, ENet 62 MB/s\n",
           two.wall / 1e6, two.cpu / 1e6, ends.wall / 1e6, ends.cpu / 1e6);
    printf("parley bulk, %d-byte packets, two threads: %7.1f MB/s (%6.1f per CPU s of the "
           "busier end; server %.1f, client %.1f)\n",
           PKT_MAX_SIZE, two_big.wall / 1e6, two_big.cpu / 1e6, ends_big.wall / 1e6,
           ends_big.cpu / 1e6);
    return one.wall > 0 && two.wall > 0;
}
