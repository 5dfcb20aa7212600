/* Connection: handshake, channels, fragmentation, limits, loss recovery, disconnects. */
#include "../pair.h"
#include "../test.h"

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(seed * 2654435761u + i * 40503u + (i >> 8));
}

static void test_handshake_and_identity(void)
{
    pair p;
    sim_config net = {.latency = 0.005};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 2.0));
    CHECK(conn_server_identity(p.client) != NULL);
    CHECK(memcmp(conn_server_identity(p.client), p.identity_pk, 32) == 0);
    CHECK(p.now < 0.1); /* two round trips plus the proving packet */
    pair_free(&p);
}

static void test_reliable_both_ways(void)
{
    pair p;
    sim_config net = {.latency = 0.01, .loss = 0.1, .seed = 7};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 5.0));
    conn *s = pair_server_conn(&p);
    static uint8_t big[100000], got[CONN_MAX_MESSAGE];
    fill(big, sizeof big, 3);
    CHECK_EQ(conn_send(p.client, CONN_CH_CHAT, "hello", 5), CONN_OK);
    CHECK_EQ(conn_send(p.client, CONN_CH_BULK, big, sizeof big), CONN_OK);
    CHECK_EQ(conn_send(s, CONN_CH_CONTROL, "", 0), CONN_OK); /* empty messages are messages */
    int chat = 0, bulk = 0, ctl = 0;
    size_t n;
    for (int i = 0; i < 5000 && !(chat && bulk && ctl); i++) {
        pair_step(&p, 0.001);
        if (conn_receive(s, CONN_CH_CHAT, got, sizeof got, &n) == 1) {
            CHECK_EQ(n, 5);
            CHECK(memcmp(got, "hello", 5) == 0);
            chat = 1;
        }
        if (conn_receive(s, CONN_CH_BULK, got, sizeof got, &n) == 1) {
            CHECK_EQ(n, sizeof big);
            CHECK(memcmp(got, big, sizeof big) == 0);
            bulk = 1;
        }
        if (conn_receive(p.client, CONN_CH_CONTROL, got, sizeof got, &n) == 1) {
            CHECK_EQ(n, 0);
            ctl = 1;
        }
    }
    CHECK(chat && bulk && ctl);
    pair_free(&p);
}

static void test_too_big_and_buffer(void)
{
    pair p;
    sim_config net = {.latency = 0.001};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 2.0));
    static uint8_t big[CONN_MAX_MESSAGE + 1];
    CHECK_EQ(conn_send(p.client, CONN_CH_BULK, big, sizeof big), CONN_ERR_TOO_BIG);
    CHECK_EQ(conn_send(p.client, CONN_CH_VOICE, big, CONN_MAX_UNRELIABLE + 1), CONN_ERR_TOO_BIG);
    CHECK_EQ(conn_send(p.client, 9, big, 1), CONN_ERR_CHANNEL);
    CHECK_EQ(conn_pending_bytes(p.client, CONN_CH_BULK), 0);
    /* the channel still works after the refusal */
    CHECK_EQ(conn_send(p.client, CONN_CH_BULK, "after", 5), CONN_OK);
    conn *s = pair_server_conn(&p);
    char out[8];
    size_t n = 0;
    for (int i = 0; i < 200 && n == 0; i++) {
        pair_step(&p, 0.001);
        if (conn_peek_size(s, CONN_CH_BULK) == 5) {
            CHECK_EQ(conn_receive(s, CONN_CH_BULK, out, 2, &n), CONN_ERR_BUFFER);
            CHECK_EQ(conn_receive(s, CONN_CH_BULK, out, sizeof out, &n), 1);
        }
    }
    CHECK_EQ(n, 5);
    pair_free(&p);
}

static void test_window_overflow_waits(void)
{
    /* far more messages than the id window: all accepted, all delivered in order */
    pair p;
    sim_config net = {.latency = 0.005, .loss = 0.05, .seed = 3};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 2.0));
    conn *s = pair_server_conn(&p);
    for (uint32_t i = 0; i < 2000; i++)
        CHECK_EQ(conn_send(s, CONN_CH_CONTROL, &i, sizeof i), CONN_OK);
    CHECK(conn_pending_bytes(s, CONN_CH_CONTROL) == 2000 * sizeof(uint32_t));
    uint32_t next = 0;
    for (int step = 0; step < 20000 && next < 2000; step++) {
        pair_step(&p, 0.001);
        uint32_t v;
        size_t n;
        while (conn_receive(p.client, CONN_CH_CONTROL, &v, sizeof v, &n) == 1) {
            CHECK_EQ(v, next);
            next++;
        }
    }
    CHECK_EQ(next, 2000);
    for (int step = 0; step < 500; step++) pair_step(&p, 0.001);
    CHECK_EQ(conn_pending_bytes(s, CONN_CH_CONTROL), 0);
    /* the byte budget still refuses */
    conn_config small = {.queue_bytes = 1000};
    pair q;
    CHECK(pair_init(&q, &net, &small));
    uint8_t blob[600] = {0};
    CHECK_EQ(conn_send(q.client, CONN_CH_CHAT, blob, sizeof blob), CONN_OK);
    CHECK_EQ(conn_send(q.client, CONN_CH_CHAT, blob, sizeof blob), CONN_ERR_FULL);
    pair_free(&q);
    pair_free(&p);
}

static void test_unreliable_sequenced(void)
{
    pair p;
    sim_config net = {
        .latency = 0.01, .jitter = 0.03, .duplicate = 0.3, .reorder = 0.3, .loss = 0.1, .seed = 11};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 5.0));
    conn *s = pair_server_conn(&p);
    uint32_t last = 0, got = 0;
    bool any = false;
    for (uint32_t i = 1; i <= 2000; i++) {
        uint8_t frame[70];
        memset(frame, 0, sizeof frame);
        memcpy(frame, &i, sizeof i);
        CHECK_EQ(conn_send(p.client, CONN_CH_VOICE, frame, sizeof frame), CONN_OK);
        conn_flush(p.client, p.now);
        pair_step(&p, 0.002);
        size_t n;
        while (conn_receive(s, CONN_CH_VOICE, frame, sizeof frame, &n) == 1) {
            CHECK_EQ(n, sizeof frame);
            uint32_t v;
            memcpy(&v, frame, sizeof v);
            CHECK(!any || v > last); /* never twice, never backwards */
            last = v;
            any = true;
            got++;
        }
    }
    CHECK(got > 1000);
    CHECK(got < 2000);
    pair_free(&p);
}

static void test_disconnect_and_timeout(void)
{
    pair p;
    sim_config net = {.latency = 0.002};
    conn_config cc = {.timeout = 1.0};
    CHECK(pair_init(&p, &net, &cc));
    CHECK(pair_connect(&p, 2.0));
    conn_disconnect(p.client, p.now);
    CHECK_EQ(conn_get_state(p.client), CONN_DISCONNECTED);
    CHECK_EQ(conn_get_reason(p.client), CONN_REASON_CLOSED);
    uint32_t h = p.handle;
    bool gone = false;
    for (int i = 0; i < 100; i++) {
        pair_step(&p, 0.001);
        host_event ev;
        (void)ev;
        if (!host_get(p.server, h)) gone = true;
    }
    CHECK(gone);
    CHECK_EQ(conn_send(p.client, CONN_CH_CHAT, "x", 1), CONN_ERR_STATE);
    pair_free(&p);

    /* a server that goes silent times out */
    CHECK(pair_init(&p, &net, &cc));
    CHECK(pair_connect(&p, 2.0));
    sim_config dead = {.loss = 1.0};
    sim_set_config(p.net, &dead);
    for (int i = 0; i < 1500; i++) pair_step(&p, 0.001);
    CHECK_EQ(conn_get_state(p.client), CONN_DISCONNECTED);
    CHECK_EQ(conn_get_reason(p.client), CONN_REASON_TIMEOUT);
    pair_free(&p);

    /* nobody there: the handshake gives up */
    CHECK(pair_init(&p, &dead, &cc));
    for (int i = 0; i < 6000; i++) pair_step(&p, 0.001);
    CHECK_EQ(conn_get_reason(p.client), CONN_REASON_HANDSHAKE_TIMEOUT);
    pair_free(&p);
}

static void test_stats(void)
{
    pair p;
    sim_config net = {.latency = 0.02, .loss = 0.05, .seed = 5};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 2.0));
    for (int i = 0; i < 3000; i++) {
        if (i % 10 == 0) conn_send(p.client, CONN_CH_CHAT, "ping", 4);
        pair_step(&p, 0.001);
        char b[8];
        conn *s = pair_server_conn(&p);
        size_t n;
        while (conn_receive(s, CONN_CH_CHAT, b, sizeof b, &n) == 1) {
        }
    }
    conn_stats st = conn_get_stats(p.client);
    CHECK(st.rtt > 0.035 && st.rtt < 0.06);
    CHECK(st.loss > 0.01 && st.loss < 0.25);
    CHECK(st.packets_lost > 0);
    pair_free(&p);
}

/* Steps a one-way voice stream (a 70-byte frame from the client every 20 ms) for `ms`
 * milliseconds; returns the frames the client sent. */
static uint64_t voice_stream(pair *p, int ms, uint64_t *got)
{
    uint8_t frame[70] = {0};
    uint64_t frames = 0;
    for (int i = 0; i < ms; i++) {
        if (i % 20 == 0 && conn_send(p->client, CONN_CH_VOICE, frame, sizeof frame) == CONN_OK) {
            conn_flush(p->client, p->now);
            frames++;
        }
        pair_step(p, 0.001);
        conn *s = pair_server_conn(p); /* NULL once the server has dropped the client */
        size_t n;
        while (s && conn_receive(s, CONN_CH_VOICE, frame, sizeof frame, &n) == 1) (*got)++;
    }
    return frames;
}

/* The talker's case. Once the first round trips are over, a one-way voice stream is all the
 * talker sends: its pings and its acks ride on the voice datagrams. The other side sends
 * only the answers to those pings, one per keep-alive (0.25 s; 0.26 here, the first voice
 * frame after the ping fell due), each carrying its own ping.
 * Round trips are still measured both ways, reliable data is still acked at once, and a
 * silent or dead peer is still noticed. */
static void test_voice_carries_pings_and_acks(void)
{
    pair p;
    sim_config net = {.latency = 0.005};
    conn_config cc = {.timeout = 1.0};
    CHECK(pair_init(&p, &net, &cc));
    CHECK(pair_connect(&p, 2.0));
    conn *s = pair_server_conn(&p);
    uint64_t got = 0;
    voice_stream(&p, 500, &got); /* the first round trips */
    conn_stats c0 = conn_get_stats(p.client), s0 = conn_get_stats(s);
    uint64_t frames = voice_stream(&p, 5000, &got);
    conn_stats c1 = conn_get_stats(p.client), s1 = conn_get_stats(s);
    CHECK_EQ(frames, 250);
    CHECK_EQ(c1.packets_sent - c0.packets_sent, frames); /* voice and nothing else */
    /* 5 s / 0.25 s = 20 answers to the talker's pings (+1 for where the phases fall) */
    CHECK(s1.packets_sent - s0.packets_sent >= 18);
    CHECK(s1.packets_sent - s0.packets_sent <= 21);
    CHECK(got >= 250 + 20);
    /* the talker's pings are answered at once; the server's ride on the next voice frame,
     * so its figure may include up to one frame interval (20 ms) */
    CHECK(c1.rtt > 0.009 && c1.rtt < 0.015);
    CHECK(s1.rtt > 0.009 && s1.rtt < 0.035);

    /* reliable data in the middle of the stream is acked within a round trip, not a frame */
    CHECK_EQ(conn_send(p.client, CONN_CH_CHAT, "x", 1), CONN_OK);
    conn_flush(p.client, p.now);
    for (int i = 0; i < 14; i++) pair_step(&p, 0.001);
    CHECK_EQ(conn_pending_bytes(p.client, CONN_CH_CHAT), 0);

    /* the stream stops: keep-alives take over */
    voice_stream(&p, 10, &got);
    for (int i = 0; i < 500; i++) pair_step(&p, 0.001);
    c0 = conn_get_stats(p.client);
    s0 = conn_get_stats(s);
    for (int i = 0; i < 3000; i++) pair_step(&p, 0.001);
    c1 = conn_get_stats(p.client);
    s1 = conn_get_stats(s);
    /* each side sends something at least every keep-alive + ride wait (0.28 s: >= 10 in
     * 3 s), and at most a ping and an ack per keep-alive (24; the old scheme's rate) */
    CHECK(c1.packets_sent - c0.packets_sent >= 10 && c1.packets_sent - c0.packets_sent <= 24);
    CHECK(s1.packets_sent - s0.packets_sent >= 10 && s1.packets_sent - s0.packets_sent <= 24);
    CHECK_EQ(conn_get_state(p.client), CONN_CONNECTED);

    /* a talker that dies mid-stream is noticed by the server within its time-out */
    uint32_t h = p.handle;
    sim_config dead = {.loss = 1.0};
    voice_stream(&p, 100, &got);
    sim_set_config(p.net, &dead);
    voice_stream(&p, 1200, &got);
    CHECK(host_get(p.server, h) == NULL);
    CHECK_EQ(conn_get_state(p.client), CONN_DISCONNECTED);
    pair_free(&p);
}

int main(void)
{
    TEST_RUN(test_handshake_and_identity);
    TEST_RUN(test_reliable_both_ways);
    TEST_RUN(test_too_big_and_buffer);
    TEST_RUN(test_window_overflow_waits);
    TEST_RUN(test_unreliable_sequenced);
    TEST_RUN(test_disconnect_and_timeout);
    TEST_RUN(test_stats);
    TEST_RUN(test_voice_carries_pings_and_acks);
    return test_summary();
}
