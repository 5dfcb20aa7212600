/* protobench — the protocol's numbers, printed with their baselines from the same run.
 *
 *   protobench [--quick | --loopback]      (--loopback: section 4 alone, for profiling)
 *
 * 1. Header bytes around a 70-byte voice payload (exact, from a real sealed datagram).
 * 2. Reliable bulk goodput through the simulator, 50 ms RTT, at 0%, 5% and 20% loss, in
 *    virtual time (deterministic), against ENet 1.3.17's figures from DESIGN.md.
 * 3. The one-way latency a 50 packet/s voice stream gains while a bulk transfer shares a
 *    100 Mbit/s link (simulator), p50 and p99, against the same stream alone.
 * 4. Bulk goodput over real UDP sockets on 127.0.0.1, against raw UDP datagrams of the
 *    same size pushed through the same sockets in the same run (pb_loopback.c). */
#include "conn.h"
#include "host.h"
#include "net.h"
#include "pb_loopback.h"
#include "sim.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an in-process client/server pair through the simulator ---- */

typedef struct bench_pair {
    sim *net;
    host *server;
    conn *client;
    net_addr saddr, caddr;
    uint32_t handle;
    double now;
} bench_pair;

typedef struct bench_side {
    bench_pair *p;
    int side;
} bench_side;

static bench_side bench_client_side, bench_server_side;

static void bench_send(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    bench_side *s = user;
    sim_send(s->p->net, s->side ? &s->p->saddr : &s->p->caddr, to, data, len, s->p->now);
}

static bool bench_pair_init(bench_pair *p, const sim_config *net)
{
    memset(p, 0, sizeof *p);
    p->net = sim_create(net);
    p->saddr = net_addr_make(0x7f000001, 1);
    p->caddr = net_addr_make(0x7f000001, 2);
    bench_client_side = (bench_side){p, 0};
    bench_server_side = (bench_side){p, 1};
    host_config hc = {.max_conns = 4};
    uint8_t pk[32];
    crypto_sign_keypair(pk, hc.identity_sk);
    p->server = host_create(&hc, bench_send, &bench_server_side);
    p->client = conn_create_client(NULL, &p->saddr, bench_send, &bench_client_side, 0);
    for (int i = 0; i < 10000 && !p->handle; i++) {
        uint8_t buf[NET_MAX_DATAGRAM];
        net_addr from;
        size_t n;
        while ((n = sim_recv(p->net, &p->saddr, buf, sizeof buf, &from, p->now)) > 0)
            host_on_packet(p->server, &from, buf, n, p->now);
        while ((n = sim_recv(p->net, &p->caddr, buf, sizeof buf, &from, p->now)) > 0)
            conn_on_packet(p->client, buf, n, p->now);
        host_update(p->server, p->now);
        conn_update(p->client, p->now);
        host_event ev;
        while (host_poll(p->server, &ev))
            if (ev.type == HOST_EV_CONNECT) p->handle = ev.handle;
        p->now += 0.001;
    }
    return p->handle != 0;
}

static void bench_pair_step(bench_pair *p, double dt)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    size_t n;
    while ((n = sim_recv(p->net, &p->saddr, buf, sizeof buf, &from, p->now)) > 0)
        host_on_packet(p->server, &from, buf, n, p->now);
    while ((n = sim_recv(p->net, &p->caddr, buf, sizeof buf, &from, p->now)) > 0)
        conn_on_packet(p->client, buf, n, p->now);
    host_update(p->server, p->now);
    conn_update(p->client, p->now);
    p->now += dt;
}

static void bench_pair_free(bench_pair *p)
{
    conn_destroy(p->client);
    host_destroy(p->server);
    sim_destroy(p->net);
}

/* ---- 1. header bytes ---- */

static size_t bench_last_len;
static void bench_capture(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    (void)user, (void)to, (void)data;
    bench_last_len = len;
}

static void bench_header(void)
{
    uint8_t rx[32] = {1}, tx[32] = {2}, pk[32] = {3};
    net_addr peer = net_addr_make(0x7f000001, 9);
    conn *c = conn_create_accepted(NULL, &peer, pk, rx, tx, (const uint8_t *)"", 0, bench_capture,
                                   NULL, 0);
    /* prove keys so it can send: feed it one packet sealed with its receive key */
    uint8_t ping = 0x02, wire[64];
    size_t n = pkt_seal(PKT_PAYLOAD, 0, rx, &ping, 1, wire, sizeof wire);
    conn_on_packet(c, wire, n, 0.0);
    conn_flush(c, 0.0005); /* the ack it owes goes out first */
    uint8_t voice[70] = {0};
    /* 50 frames a second for 10 s, as a talking client would send them */
    double total = 0, min = 1e9, max = 0;
    int frames = 500;
    for (int i = 0; i < frames; i++) {
        double now = 0.02 * (i + 1);
        conn_send(c, CONN_CH_VOICE, voice, sizeof voice);
        bench_last_len = 0;
        conn_flush(c, now);
        double over = (double)bench_last_len - sizeof voice - PKT_TAG_BYTES;
        total += over;
        if (over < min) min = over;
        if (over > max) max = over;
        if (i % 10 == 0) { /* the peer sends something back now and then */
            n = pkt_seal(PKT_PAYLOAD, (uint64_t)(i / 10 + 1), rx, &ping, 1, wire, sizeof wire);
            conn_on_packet(c, wire, n, now + 0.001);
        }
    }
    conn_destroy(c);
    printf("voice header: %.0f bytes (min) / %.2f (mean over %d frames, acks and keep-alive "
           "pings included) / %.0f (max) + %d-byte tag around a %zu-byte payload; target <= 4\n",
           min, total / frames, frames, max, PKT_TAG_BYTES, sizeof voice);
    printf("voice wire rate at 50 frames/s: %.1f kbit/s with IPv4+UDP headers (28 B)\n",
           (total / frames + PKT_TAG_BYTES + 70 + 28) * 8 * 50 / 1000);
}

/* ---- 2. bulk goodput through the simulator ---- */

static double bench_goodput(double loss, size_t total_bytes, double *virtual_s)
{
    bench_pair p;
    sim_config net = {.latency = 0.025, .loss = loss, .seed = 42};
    *virtual_s = 0;
    if (!bench_pair_init(&p, &net)) return 0;
    conn *s = host_get(p.server, p.handle);
    static uint8_t chunk[64 * 1024], out[CONN_MAX_MESSAGE];
    size_t queued = 0, got = 0;
    double start = p.now;
    while (got < total_bytes && p.now - start < 600) {
        while (queued < total_bytes &&
               conn_send(p.client, CONN_CH_BULK, chunk, sizeof chunk) == CONN_OK)
            queued += sizeof chunk;
        conn_flush(p.client, p.now);
        bench_pair_step(&p, 0.0005);
        size_t n;
        while (conn_receive(s, CONN_CH_BULK, out, sizeof out, &n) == 1) got += n;
    }
    *virtual_s = p.now - start;
    bench_pair_free(&p);
    return (double)got / *virtual_s;
}

/* ---- 3. voice latency under a bulk transfer ---- */

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void bench_voice_latency(bool with_bulk, double *p50, double *p99, double *bulk_rate)
{
    bench_pair p;
    sim_config net = {.latency = 0.002, .bandwidth = 12.5e6, .queue_bytes = 1 << 20, .seed = 9};
    bench_pair_init(&p, &net);
    conn *s = host_get(p.server, p.handle);
    static uint8_t chunk[64 * 1024], out[CONN_MAX_MESSAGE];
    enum { FRAMES = 500 };
    static double lat[FRAMES];
    int nlat = 0, sent = 0;
    double next_voice = p.now + 2.0; /* let the transfer reach its steady state first */
    double start = p.now;
    size_t bulk = 0;
    while (nlat < FRAMES && p.now - start < 60) {
        if (with_bulk)
            while (conn_send(p.client, CONN_CH_BULK, chunk, sizeof chunk) == CONN_OK) {
            }
        if (p.now >= next_voice && sent < FRAMES) {
            uint8_t v[70] = {0};
            memcpy(v, &p.now, sizeof p.now);
            conn_send(p.client, CONN_CH_VOICE, v, sizeof v);
            next_voice += 0.02;
            sent++;
        }
        conn_flush(p.client, p.now);
        bench_pair_step(&p, 0.0001);
        uint8_t v[80];
        size_t n;
        while (conn_receive(s, CONN_CH_VOICE, v, sizeof v, &n) == 1) {
            double t;
            memcpy(&t, v, sizeof t);
            lat[nlat++] = p.now - t;
        }
        while (conn_receive(s, CONN_CH_BULK, out, sizeof out, &n) == 1)
            if (p.now > start + 2.0) bulk += n;
    }
    qsort(lat, (size_t)nlat, sizeof lat[0], bench_cmp);
    *p50 = nlat ? lat[nlat / 2] : 0;
    *p99 = nlat ? lat[(nlat * 99) / 100] : 0;
    *bulk_rate = (double)bulk / (p.now - start - 2.0);
    bench_pair_free(&p);
}

int main(int argc, char **argv)
{
    bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    bool loopback_only = argc > 1 && strcmp(argv[1], "--loopback") == 0;
    if (argc > 2 || (argc > 1 && !quick && !loopback_only)) {
        fprintf(stderr, "usage: protobench [--quick | --loopback]\n");
        return 2;
    }
    char err[128] = "libsodium did not start";
    if (sodium_init() < 0 || !net_init(err, sizeof err)) {
        fprintf(stderr, "protobench: cannot start: %s\n", err);
        return 1;
    }
    if (loopback_only) {
        bool ok = pb_loopback_section(3.0);
        net_quit();
        return ok ? 0 : 1;
    }
    printf("== protocol header\n");
    bench_header();

    printf("== reliable bulk goodput, simulator, 50 ms RTT (ENet 1.3.17 from DESIGN.md)\n");
    static const double losses[3] = {0.0, 0.05, 0.20};
    static const double enet[3] = {1.23e6, 0.77e6, 0.10e6};
    for (int i = 0; i < 3; i++) {
        double vs = 0;
        size_t bytes = (size_t)((quick ? 4 : 16) * (i == 2 ? 0.5 : 1.0) * 1024 * 1024);
        double g = bench_goodput(losses[i], bytes, &vs);
        printf("loss %2.0f%%: %6.2f MB/s over %.1f virtual s = %5.1fx ENet (%.2f MB/s); target "
               ">= 10x\n",
               losses[i] * 100, g / 1e6, vs, g / enet[i], enet[i] / 1e6);
    }

    printf("== voice latency added by a concurrent bulk transfer (100 Mbit/s link, 4 ms RTT)\n");
    double a50, a99, b50, b99, r0, r1;
    bench_voice_latency(false, &a50, &a99, &r0);
    bench_voice_latency(true, &b50, &b99, &r1);
    printf("voice alone:     p50 %.2f ms  p99 %.2f ms\n", a50 * 1000, a99 * 1000);
    printf("with bulk:       p50 %.2f ms  p99 %.2f ms  (bulk ran at %.2f MB/s of 12.5)\n",
           b50 * 1000, b99 * 1000, r1 / 1e6);
    printf("added latency:   p50 %+.2f ms  p99 %+.2f ms; target: a few ms\n", (b50 - a50) * 1000,
           (b99 - a99) * 1000);

    pb_loopback_section(quick ? 1.0 : 3.0);
    net_quit();
    return 0;
}
