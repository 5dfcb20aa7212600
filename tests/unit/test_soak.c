/* Soak: 20,000 reliable messages of 1 B..64 KiB each way through 25% loss, 25% duplicates,
 * 10% reordering and 100 ms jitter, plus a voice-like unreliable stream. Every reliable
 * message must arrive exactly once, in order, byte-identical; no unreliable message may
 * arrive twice or backwards. Seeded and bounded in virtual and wall time. */
#include "../pair.h"
#include "../test.h"

#include <math.h>
#include <time.h>

#define SOAK_MESSAGES 20000
#define SOAK_MAX_SIZE 65536

static const int soak_channels[3] = {CONN_CH_CONTROL, CONN_CH_CHAT, CONN_CH_BULK};

/* Message k of direction dir: its channel, size and bytes all follow from (dir, k). */
static uint64_t soak_hash(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

static size_t soak_size(int dir, uint32_t k)
{
    double u = (double)(soak_hash((uint64_t)dir << 40 | k) >> 11) / 9007199254740992.0;
    size_t n = (size_t)exp(u * log((double)SOAK_MAX_SIZE)); /* log-uniform over 1..64 KiB */
    return n < 1 ? 1 : n > SOAK_MAX_SIZE ? SOAK_MAX_SIZE : n;
}

static int soak_channel(int dir, uint32_t k)
{
    return soak_channels[soak_hash((uint64_t)dir << 40 | k | 1u << 31) % 3];
}

static void soak_fill(int dir, uint32_t k, uint8_t *p, size_t n)
{
    uint64_t x = soak_hash((uint64_t)dir << 40 | k | 1ull << 33);
    for (size_t i = 0; i < n; i++) {
        if ((i & 7) == 0) x = soak_hash(x);
        p[i] = (uint8_t)(x >> (8 * (i & 7)));
    }
}

typedef struct soak_side {
    conn *c;
    int dir;                           /* what this side sends */
    uint32_t next_send;                /* next message index to queue */
    uint32_t next_recv[CONN_CH_COUNT]; /* per channel, index into the peer's sequence */
    uint32_t received, bad;
    uint32_t expect_k[CONN_CH_COUNT]; /* next message index the peer sent on this channel */
    uint32_t voice_sent, voice_recv, voice_bad;
    uint32_t voice_last;
} soak_side;

/* The peer's k-th message on channel ch is the next k' >= expect_k with that channel. */
static uint32_t soak_next_on_channel(int dir, int ch, uint32_t from)
{
    while (from < SOAK_MESSAGES && soak_channel(dir, from) != ch) from++;
    return from;
}

static void soak_pump(soak_side *s, double now)
{
    static uint8_t buf[SOAK_MAX_SIZE], want[SOAK_MAX_SIZE];
    while (s->next_send < SOAK_MESSAGES) {
        size_t n = soak_size(s->dir, s->next_send);
        soak_fill(s->dir, s->next_send, buf, n);
        int r = conn_send(s->c, soak_channel(s->dir, s->next_send), buf, n);
        if (r == CONN_ERR_FULL) break;
        if (r != CONN_OK) {
            s->bad++;
            break;
        }
        s->next_send++;
    }
    for (int i = 0; i < 3; i++) {
        int ch = soak_channels[i];
        size_t n;
        while (conn_receive(s->c, ch, buf, sizeof buf, &n) == 1) {
            int peer = !s->dir;
            uint32_t k = soak_next_on_channel(peer, ch, s->expect_k[ch]);
            size_t wn = k < SOAK_MESSAGES ? soak_size(peer, k) : 0;
            if (k < SOAK_MESSAGES) soak_fill(peer, k, want, wn);
            if (k >= SOAK_MESSAGES || n != wn || memcmp(buf, want, n) != 0) s->bad++;
            s->expect_k[ch] = k + 1;
            s->received++;
        }
    }
    size_t n;
    uint8_t v[80];
    while (conn_receive(s->c, CONN_CH_VOICE, v, sizeof v, &n) == 1) {
        uint32_t seq;
        memcpy(&seq, v, sizeof seq);
        if (n != sizeof v || seq <= s->voice_last) s->voice_bad++;
        s->voice_last = seq;
        s->voice_recv++;
    }
    (void)now;
}

static void soak_voice(soak_side *s)
{
    uint8_t v[80] = {0};
    uint32_t seq = ++s->voice_sent;
    memcpy(v, &seq, sizeof seq);
    conn_send(s->c, CONN_CH_VOICE, v, sizeof v);
}

static void test_soak(void)
{
    pair p;
    sim_config net = {.latency = 0.01,
                      .jitter = 0.1,
                      .loss = 0.25,
                      .duplicate = 0.25,
                      .reorder = 0.10,
                      .seed = 20261122};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 30.0));
    soak_side a = {.c = p.client, .dir = 0}, b = {.c = pair_server_conn(&p), .dir = 1};
    CHECK(b.c != NULL);
    if (!b.c) return;
    clock_t start = clock();
    double wall = 0;
    uint32_t step = 0;
    while ((a.received < SOAK_MESSAGES || b.received < SOAK_MESSAGES) && p.now < 4000.0 &&
           wall < 400.0) {
        soak_pump(&a, p.now);
        soak_pump(&b, p.now);
        if (step % 20 == 0) { /* 50 voice frames a second each way */
            soak_voice(&a);
            soak_voice(&b);
        }
        conn_flush(a.c, p.now);
        conn_flush(b.c, p.now);
        pair_step(&p, 0.001);
        if (++step % 1000 == 0) wall = (double)(clock() - start) / CLOCKS_PER_SEC;
        if (getenv("SOAK_VERBOSE") && step % 5000 == 0)
            fprintf(stderr, "t=%.0f cpu=%.1f a=%u/%u b=%u/%u cwnd=%.0f/%.0f rtt=%.0f\n", p.now,
                    wall, a.received, a.next_send, b.received, b.next_send,
                    conn_get_stats(a.c).cwnd, conn_get_stats(b.c).cwnd,
                    conn_get_stats(a.c).rtt * 1000);
        if (conn_get_state(a.c) != CONN_CONNECTED || conn_get_state(b.c) != CONN_CONNECTED) break;
    }
    conn_stats sa = conn_get_stats(a.c), sb = conn_get_stats(b.c);
    sim_stats ns = sim_get_stats(p.net);
    printf("soak: virtual %.1f s, cpu %.1f s; client got %u/%d (bad %u), server got %u/%d (bad "
           "%u)\n",
           p.now, wall, a.received, SOAK_MESSAGES, a.bad, b.received, SOAK_MESSAGES, b.bad);
    printf("soak: voice client %u/%u bad %u, server %u/%u bad %u\n", a.voice_recv, b.voice_sent,
           a.voice_bad, b.voice_recv, a.voice_sent, b.voice_bad);
    printf("soak: datagrams %llu sent, %llu lost, %llu duplicated, %llu reordered; resent "
           "fragments %llu + %llu; rtt %.0f ms\n",
           (unsigned long long)ns.sent, (unsigned long long)ns.dropped_loss,
           (unsigned long long)ns.duplicated, (unsigned long long)ns.reordered,
           (unsigned long long)sa.fragments_resent, (unsigned long long)sb.fragments_resent,
           sa.rtt * 1000);
    CHECK_EQ(a.received, SOAK_MESSAGES);
    CHECK_EQ(b.received, SOAK_MESSAGES);
    CHECK_EQ(a.bad, 0);
    CHECK_EQ(b.bad, 0);
    CHECK_EQ(a.voice_bad, 0);
    CHECK_EQ(b.voice_bad, 0);
    CHECK(a.voice_recv > a.voice_sent / 4); /* voice kept flowing during the transfer */
    CHECK(ns.duplicated > 0 && ns.reordered > 0 && ns.dropped_loss > 0);
    pair_free(&p);
}

int main(void)
{
    TEST_RUN(test_soak);
    return test_summary();
}
