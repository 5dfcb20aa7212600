/* Network simulator: determinism, each impairment against its configured value, limits. */
#include "sim.h"
#include "../test.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define TSIM_MAX_SEQ 200000

static const net_addr tsim_a = {0x7f000001, 1000, 0};
static const net_addr tsim_b = {0x7f000001, 2000, 0};

/* Datagrams carry a 32-bit sequence number and are padded to len with a pattern of it. */
static void tsim_send_seq(sim *s, const net_addr *from, const net_addr *to, uint32_t seq,
                          size_t len, double now)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    memcpy(buf, &seq, sizeof seq);
    for (size_t i = sizeof seq; i < len; i++) buf[i] = (uint8_t)(seq * 31u + i);
    sim_send(s, from, to, buf, len, now);
}

/* Receives one datagram for 'to' and checks its padding; returns its sequence or -1. */
static long tsim_recv_seq(sim *s, const net_addr *to, net_addr *from, double now, size_t *len)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    size_t n = sim_recv(s, to, buf, sizeof buf, from, now);
    if (len) *len = n;
    if (n == 0) return -1;
    CHECK(n >= sizeof(uint32_t));
    uint32_t seq;
    memcpy(&seq, buf, sizeof seq);
    bool intact = true;
    for (size_t i = sizeof seq; i < n; i++) intact &= buf[i] == (uint8_t)(seq * 31u + i);
    CHECK(intact);
    return seq;
}

/* Every delivery of a run: sequence, time, in the order sim_recv returned them. */
typedef struct tsim_trace {
    uint32_t seq[2 * TSIM_MAX_SEQ];
    double at[2 * TSIM_MAX_SEQ];
    size_t n;
} tsim_trace;

/* Sends 'count' datagrams a->b, one every 'gap' seconds, and collects every delivery at its
 * exact time by following sim_next_time. */
static void tsim_run(sim *s, uint32_t count, double gap, size_t len, tsim_trace *t)
{
    t->n = 0;
    uint32_t next_seq = 0;
    for (;;) {
        double t_send = next_seq < count ? next_seq * gap : INFINITY;
        double t_due = sim_next_time(s);
        if (t_due < 0) t_due = INFINITY;
        if (isinf(t_send) && isinf(t_due)) break;
        if (t_send <= t_due) {
            tsim_send_seq(s, &tsim_a, &tsim_b, next_seq++, len, t_send);
            continue;
        }
        net_addr from;
        long seq;
        while ((seq = tsim_recv_seq(s, &tsim_b, &from, t_due, NULL)) >= 0) {
            CHECK(from.ip == tsim_a.ip && from.port == tsim_a.port);
            if (t->n < 2 * TSIM_MAX_SEQ) {
                t->seq[t->n] = (uint32_t)seq;
                t->at[t->n++] = t_due;
            }
        }
    }
}

static tsim_trace tsim_t1, tsim_t2;

static void test_rng(void)
{
    sim_rng a, b;
    sim_rng_seed(&a, 0);
    sim_rng_seed(&b, 0);
    uint64_t first = sim_rng_next(&a);
    CHECK(first != 0);
    CHECK_EQ(sim_rng_next(&b), first);
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = sim_rng_unit(&a);
        CHECK(u >= 0.0 && u < 1.0);
        sum += u;
    }
    CHECK(fabs(sum / 100000 - 0.5) < 0.01);
    sim_rng_seed(&b, 1);
    sim_rng_seed(&a, 0);
    CHECK(sim_rng_next(&a) != sim_rng_next(&b));
}

static void test_invalid_config(void)
{
    const sim_config bad[] = {
        {.loss = -0.1},        {.loss = 1.5},      {.loss = NAN},         {.duplicate = 2},
        {.reorder = -1},       {.latency = -0.01}, {.latency = INFINITY}, {.jitter = -1},
        {.reorder_delay = -1}, {.bandwidth = -1},  {.jitter = NAN},       {.capacity = SIZE_MAX},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sim *s = sim_create(&bad[i]);
        CHECK(s == NULL);
        sim_destroy(s);
    }
    sim_config ok = {.loss = 1, .duplicate = 1, .reorder = 0, .capacity = 4};
    sim *s = sim_create(&ok);
    CHECK(s != NULL);
    if (!s) return;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK(!sim_set_config(s, &bad[i]));
    /* The rejected configs left loss = 1 in place. */
    tsim_send_seq(s, &tsim_a, &tsim_b, 1, 10, 0);
    CHECK_EQ(sim_get_stats(s).dropped_loss, 1);
    sim_config none = {0};
    CHECK(sim_set_config(s, &none));
    tsim_send_seq(s, &tsim_a, &tsim_b, 2, 10, 0);
    net_addr from;
    CHECK_EQ(tsim_recv_seq(s, &tsim_b, &from, 0, NULL), 2);
    sim_destroy(s);
}

static void test_perfect_link(void)
{
    sim_config cfg = {0};
    sim *s = sim_create(&cfg);
    CHECK(s != NULL);
    if (!s) return;
    CHECK(sim_next_time(s) < 0);
    for (uint32_t i = 0; i < 3; i++) tsim_send_seq(s, &tsim_a, &tsim_b, i, 100 + i, 1.0);
    net_addr from;
    size_t len;
    CHECK_EQ(tsim_recv_seq(s, &tsim_a, &from, 1.0, NULL), -1); /* nothing for a */
    for (uint32_t i = 0; i < 3; i++) {
        CHECK_EQ(tsim_recv_seq(s, &tsim_b, &from, 1.0, &len), i);
        CHECK_EQ(len, 100 + i);
        CHECK(net_addr_equal(&from, &tsim_a));
    }
    CHECK_EQ(tsim_recv_seq(s, &tsim_b, &from, 1.0, NULL), -1);
    sim_stats st = sim_get_stats(s);
    CHECK_EQ(st.sent, 3);
    CHECK_EQ(st.delivered, 3);
    CHECK_EQ(st.bytes_sent, 303);
    CHECK_EQ(st.bytes_delivered, 303);
    CHECK(sim_next_time(s) < 0);
    sim_destroy(s);
}

static void test_next_time(void)
{
    sim_config cfg = {.latency = 0.1};
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_send_seq(s, &tsim_a, &tsim_b, 7, 10, 0.0);
    CHECK(fabs(sim_next_time(s) - 0.1) < 1e-12);
    net_addr from;
    CHECK_EQ(tsim_recv_seq(s, &tsim_b, &from, 0.099, NULL), -1);
    /* A poll for another address moves b's datagram out of the heap; it stays pending. */
    CHECK_EQ(tsim_recv_seq(s, &tsim_a, &from, 0.2, NULL), -1);
    CHECK(fabs(sim_next_time(s) - 0.1) < 1e-12);
    CHECK_EQ(tsim_recv_seq(s, &tsim_b, &from, 0.2, NULL), 7);
    CHECK(sim_next_time(s) < 0);
    sim_destroy(s);
}

/* Delay of every delivery of tsim_t1, sent one per 'gap': within [latency, latency + jitter],
 * and its extremes in *lo, *hi. */
static bool tsim_delays_within(double gap, double latency, double jitter, double *lo, double *hi)
{
    bool in_bounds = true;
    *lo = INFINITY;
    *hi = 0;
    for (size_t i = 0; i < tsim_t1.n; i++) {
        double delay = tsim_t1.at[i] - tsim_t1.seq[i] * gap;
        in_bounds &= delay >= latency - 1e-9 && delay <= latency + jitter + 1e-9;
        *lo = fmin(*lo, delay);
        *hi = fmax(*hi, delay);
    }
    return in_bounds;
}

static void test_latency_jitter_bounds(void)
{
    const double latency = 0.05, jitter = 0.02;
    sim_config cfg = {.latency = latency, .jitter = jitter, .seed = 3};
    double lo, hi;
    /* Sent further apart than the jitter: each delay is its own uniform draw. */
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_run(s, 10000, 0.025, 64, &tsim_t1);
    CHECK_EQ(tsim_t1.n, 10000);
    CHECK(tsim_delays_within(0.025, latency, jitter, &lo, &hi));
    CHECK(lo < latency + jitter * 0.01);
    CHECK(hi > latency + jitter * 0.99);
    sim_destroy(s);

    /* Sent closer than the jitter: a datagram may wait for an earlier, slower one (links keep
     * order), yet never beyond latency + jitter. */
    s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_run(s, 20000, 0.001, 64, &tsim_t1);
    CHECK_EQ(tsim_t1.n, 20000);
    CHECK(tsim_delays_within(0.001, latency, jitter, &lo, &hi));
    sim_destroy(s);
}

static void test_deterministic(void)
{
    sim_config cfg = {.latency = 0.03,
                      .jitter = 0.01,
                      .loss = 0.1,
                      .duplicate = 0.05,
                      .reorder = 0.05,
                      .bandwidth = 200000,
                      .queue_bytes = 20000,
                      .seed = 42};
    sim *s1 = sim_create(&cfg);
    sim *s2 = sim_create(&cfg);
    cfg.seed = 43;
    sim *s3 = sim_create(&cfg);
    if (!s1 || !s2 || !s3) {
        CHECK(s1 && s2 && s3);
        sim_destroy(s1);
        sim_destroy(s2);
        sim_destroy(s3);
        return;
    }
    tsim_run(s1, 20000, 0.0005, 200, &tsim_t1);
    tsim_run(s2, 20000, 0.0005, 200, &tsim_t2);
    CHECK_EQ(tsim_t1.n, tsim_t2.n);
    CHECK(memcmp(tsim_t1.seq, tsim_t2.seq, tsim_t1.n * sizeof tsim_t1.seq[0]) == 0);
    CHECK(memcmp(tsim_t1.at, tsim_t2.at, tsim_t1.n * sizeof tsim_t1.at[0]) == 0);
    sim_stats a = sim_get_stats(s1), b = sim_get_stats(s2);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    CHECK(a.dropped_loss > 0 && a.duplicated > 0 && a.reordered > 0 && a.dropped_queue > 0);

    tsim_run(s3, 20000, 0.0005, 200, &tsim_t2);
    bool same = tsim_t1.n == tsim_t2.n &&
                memcmp(tsim_t1.seq, tsim_t2.seq, tsim_t1.n * sizeof tsim_t1.seq[0]) == 0;
    CHECK(!same);
    sim_destroy(s1);
    sim_destroy(s2);
    sim_destroy(s3);
}

static void test_loss_rate(void)
{
    sim_config cfg = {.latency = 0.01, .loss = 0.1, .seed = 9};
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_run(s, 100000, 0.0001, 32, &tsim_t1);
    sim_stats st = sim_get_stats(s);
    CHECK_EQ(st.sent, 100000);
    /* Binomial(100000, 0.1): sd ~95, so +-1000 is ten sd. */
    CHECK(st.dropped_loss > 9000 && st.dropped_loss < 11000);
    CHECK_EQ(st.delivered, st.sent - st.dropped_loss);
    CHECK_EQ(tsim_t1.n, st.delivered);
    sim_destroy(s);
}

static void test_duplicate(void)
{
    sim_config cfg = {.latency = 0.01, .jitter = 0.005, .duplicate = 0.2, .seed = 5};
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    const uint32_t count = 50000;
    tsim_run(s, count, 0.0002, 32, &tsim_t1);
    sim_stats st = sim_get_stats(s);
    CHECK(st.duplicated > 9000 && st.duplicated < 11000);
    CHECK_EQ(st.delivered, st.sent + st.duplicated);
    CHECK_EQ(tsim_t1.n, st.delivered);
    static uint8_t copies[TSIM_MAX_SEQ];
    memset(copies, 0, sizeof copies);
    bool in_order = true;
    for (size_t i = 0; i < tsim_t1.n; i++) {
        copies[tsim_t1.seq[i]]++;
        if (i > 0) in_order &= tsim_t1.seq[i] >= tsim_t1.seq[i - 1];
    }
    uint64_t twice = 0;
    bool one_or_two = true;
    for (uint32_t i = 0; i < count; i++) {
        one_or_two &= copies[i] == 1 || copies[i] == 2;
        twice += copies[i] == 2;
    }
    CHECK(one_or_two);
    CHECK_EQ(twice, st.duplicated);
    CHECK(in_order); /* a copy follows its original; duplication alone never reorders */
    sim_destroy(s);
}

static size_t tsim_out_of_order(const tsim_trace *t)
{
    size_t n = 0;
    uint32_t highest = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (i > 0 && t->seq[i] < highest) n++;
        if (t->seq[i] > highest) highest = t->seq[i];
    }
    return n;
}

static void test_reorder(void)
{
    /* Jitter far above the send gap: without the reorder setting, order still holds. */
    sim_config cfg = {.latency = 0.02, .jitter = 0.05, .duplicate = 0.1, .seed = 11};
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_run(s, 20000, 0.001, 32, &tsim_t1);
    CHECK_EQ(tsim_out_of_order(&tsim_t1), 0);
    CHECK_EQ(sim_get_stats(s).reordered, 0);
    sim_destroy(s);

    cfg.reorder = 0.1;
    s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_run(s, 20000, 0.001, 32, &tsim_t1);
    sim_stats st = sim_get_stats(s);
    CHECK(st.reordered > 1700 && st.reordered < 2300);
    CHECK(tsim_out_of_order(&tsim_t1) >= st.reordered / 2);
    CHECK_EQ(tsim_t1.n, st.sent + st.duplicated);
    sim_destroy(s);
}

static void test_bandwidth(void)
{
    const double bw = 100000, latency = 0.02;
    sim_config cfg = {.latency = latency, .bandwidth = bw, .queue_bytes = 1000000};
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    /* A burst of 200 x 1000 bytes at t=0 leaves the link one every 10 ms. */
    tsim_run(s, 200, 0.0, 1000, &tsim_t1);
    CHECK_EQ(tsim_t1.n, 200);
    bool on_time = true;
    for (size_t i = 0; i < tsim_t1.n; i++) {
        on_time &= tsim_t1.seq[i] == i;
        on_time &= fabs(tsim_t1.at[i] - ((double)(i + 1) * 1000 / bw + latency)) < 1e-9;
    }
    CHECK(on_time);
    sim_destroy(s);

    /* Offered at twice the link rate for 10 s: delivered at the link rate, the rest tail-
     * dropped once the 20000-byte queue is full. */
    cfg.queue_bytes = 20000;
    s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_run(s, 2000, 0.005, 1000, &tsim_t1);
    sim_stats st = sim_get_stats(s);
    double span = tsim_t1.at[tsim_t1.n - 1] - latency;
    double rate = (double)st.bytes_delivered / span;
    CHECK(fabs(rate - bw) < bw * 0.01);
    CHECK(st.dropped_queue > 900 && st.dropped_queue < 1100);
    CHECK_EQ(st.delivered + st.dropped_queue, st.sent);
    sim_destroy(s);

    /* A burst into an empty 10000-byte queue: ten fit, the other forty are dropped. */
    cfg.queue_bytes = 10000;
    s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    tsim_run(s, 50, 0.0, 1000, &tsim_t1);
    CHECK_EQ(sim_get_stats(s).dropped_queue, 40);
    CHECK_EQ(tsim_t1.n, 10);
    sim_destroy(s);
}

static void test_capacity(void)
{
    sim_config cfg = {.latency = 1.0, .duplicate = 0, .capacity = 16};
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    for (uint32_t i = 0; i < 20; i++) tsim_send_seq(s, &tsim_a, &tsim_b, i, 100, 0.0);
    CHECK_EQ(sim_get_stats(s).dropped_full, 4);
    uint8_t big[NET_MAX_DATAGRAM + 1] = {0};
    sim_send(s, &tsim_a, &tsim_b, big, sizeof big, 0.0); /* oversized: dropped, counted */
    CHECK_EQ(sim_get_stats(s).dropped_full, 5);
    net_addr from;
    for (uint32_t i = 0; i < 16; i++) CHECK_EQ(tsim_recv_seq(s, &tsim_b, &from, 1.0, NULL), i);
    /* Slots come back once delivered. */
    for (uint32_t i = 0; i < 16; i++) tsim_send_seq(s, &tsim_a, &tsim_b, 100 + i, 100, 1.0);
    CHECK_EQ(sim_get_stats(s).dropped_full, 5);
    for (uint32_t i = 0; i < 16; i++)
        CHECK_EQ(tsim_recv_seq(s, &tsim_b, &from, 2.0, NULL), 100 + i);
    sim_destroy(s);
}

/* Many endpoints with random traffic: every datagram arrives once, intact, from the right
 * sender and, per (from, to) pair, in order; the link and destination tables churn. */
static void test_many_endpoints(void)
{
    enum { N = 300, COUNT = 100000 };
    sim_config cfg = {.latency = 0.01, .jitter = 0.03, .capacity = 4096, .seed = 77};
    sim *s = sim_create(&cfg);
    if (!s) {
        CHECK(s != NULL);
        return;
    }
    static uint32_t next_sent[N][N], next_recv[N][N];
    memset(next_sent, 0, sizeof next_sent);
    memset(next_recv, 0, sizeof next_recv);
    sim_rng rng;
    sim_rng_seed(&rng, 1);
    double now = 0;
    uint64_t received = 0;
    bool ok = true;
    for (int i = 0; i <= COUNT; i++) {
        if (i < COUNT) {
            uint32_t f = (uint32_t)(sim_rng_next(&rng) % N), t = (uint32_t)(sim_rng_next(&rng) % N);
            net_addr from = net_addr_make(0x0a000000 + f, (uint16_t)(5000 + f));
            net_addr to = net_addr_make(0x0a000000 + t, (uint16_t)(5000 + t));
            tsim_send_seq(s, &from, &to, next_sent[f][t]++ * N + f, 20 + f, now);
            now += 0.00005;
        } else {
            now += 10.0;
        }
        /* Poll a few random destinations, everyone at the end. */
        for (uint32_t k = 0; k < (i < COUNT ? 3u : N); k++) {
            uint32_t t = i < COUNT ? (uint32_t)(sim_rng_next(&rng) % N) : k;
            net_addr to = net_addr_make(0x0a000000 + t, (uint16_t)(5000 + t));
            net_addr from;
            size_t len;
            long seq;
            while ((seq = tsim_recv_seq(s, &to, &from, now, &len)) >= 0) {
                uint32_t f = (uint32_t)seq % N;
                ok &= from.ip == 0x0a000000 + f && from.port == 5000 + f && len == 20 + f;
                ok &= (uint32_t)seq / N == next_recv[f][t]++;
                received++;
            }
        }
    }
    CHECK(ok);
    sim_stats st = sim_get_stats(s);
    CHECK_EQ(st.dropped_full, 0);
    CHECK_EQ(received, COUNT);
    CHECK(sim_next_time(s) < 0);
    sim_destroy(s);
}

int main(void)
{
    TEST_RUN(test_rng);
    TEST_RUN(test_invalid_config);
    TEST_RUN(test_perfect_link);
    TEST_RUN(test_next_time);
    TEST_RUN(test_latency_jitter_bounds);
    TEST_RUN(test_deterministic);
    TEST_RUN(test_loss_rate);
    TEST_RUN(test_duplicate);
    TEST_RUN(test_reorder);
    TEST_RUN(test_bandwidth);
    TEST_RUN(test_capacity);
    TEST_RUN(test_many_endpoints);
    return test_summary();
}
