/* Security: forged, tampered, replayed and wrong-key datagrams are dropped; connection
 * floods from spoofed addresses allocate nothing; nothing sent before authentication is
 * larger than what the address sent; bad cookies and bad signatures are refused; malformed
 * sealed bodies are rejected without a crash. */
#include "../pair.h"
#include "../test.h"

static void deliver_to_server(pair *p, const uint8_t *data, size_t len)
{
    host_on_packet(p->server, &p->client_addr, data, len, p->now);
}

static void drain_chat(conn *c, int *count)
{
    uint8_t buf[256];
    size_t n;
    while (conn_receive(c, CONN_CH_CHAT, buf, sizeof buf, &n) == 1) (*count)++;
}

static void test_tampered_replayed_forged(void)
{
    pair p;
    sim_config net = {.latency = 0.001};
    CHECK(pair_init(&p, &net, NULL));
    CHECK(pair_connect(&p, 1.0));
    conn *s = pair_server_conn(&p);
    /* capture one sealed datagram carrying a chat message, but keep it from arriving */
    conn_send(p.client, CONN_CH_CHAT, "secret", 6);
    sim_config cut = {.loss = 1.0};
    sim_set_config(p.net, &cut);
    conn_flush(p.client, p.now);
    uint8_t pkt[NET_MAX_DATAGRAM];
    size_t len = p.tap.last_to_server_len;
    memcpy(pkt, p.tap.last_to_server, len);
    CHECK(len > PKT_OVERHEAD);
    uint64_t rejected = conn_get_stats(s).packets_rejected;
    int got = 0;

    /* tampered: every single-bit flip anywhere is refused */
    for (size_t i = 0; i < len; i++) {
        uint8_t bad[NET_MAX_DATAGRAM];
        memcpy(bad, pkt, len);
        bad[i] ^= 0x10;
        deliver_to_server(&p, bad, len);
    }
    drain_chat(s, &got);
    CHECK_EQ(got, 0);
    CHECK(conn_get_stats(s).packets_rejected >= rejected + len - 1);
    /* truncated and oversized */
    for (size_t n = 0; n < len; n++) deliver_to_server(&p, pkt, n);
    uint8_t huge[2000];
    memset(huge, 0, sizeof huge);
    memcpy(huge, pkt, len);
    deliver_to_server(&p, huge, sizeof huge);
    drain_chat(s, &got);
    CHECK_EQ(got, 0);

    /* the genuine one, twice: delivered once, the replay dropped */
    deliver_to_server(&p, pkt, len);
    uint64_t before_replay = conn_get_stats(s).packets_rejected;
    deliver_to_server(&p, pkt, len);
    drain_chat(s, &got);
    CHECK_EQ(got, 1);
    CHECK_EQ(conn_get_stats(s).packets_rejected, before_replay + 1);

    /* forged: sealed under a key the attacker made up */
    uint8_t key[PKT_KEY_BYTES], body[8] = {0};
    randombytes_buf(key, sizeof key);
    uint8_t forged[64];
    for (uint64_t seq = 0; seq < 100; seq++) {
        size_t n = pkt_seal(PKT_PAYLOAD, seq + 5, key, body, sizeof body, forged, sizeof forged);
        deliver_to_server(&p, forged, n);
    }
    /* a forged DISCONNECT does not close the connection */
    size_t n = pkt_seal(PKT_DISCONNECT, 900, key, body, 1, forged, sizeof forged);
    deliver_to_server(&p, forged, n);
    CHECK_EQ(conn_get_state(s), CONN_CONNECTED);
    /* datagrams from an address with no connection are dropped without reply */
    uint64_t replies = p.tap.datagrams_to_client;
    net_addr stranger = net_addr_make(0x7f000002, 999);
    host_on_packet(p.server, &stranger, pkt, len, p.now);
    CHECK_EQ(p.tap.datagrams_to_client, replies);
    drain_chat(s, &got);
    CHECK_EQ(got, 1);
    pair_free(&p);
}

/* Flood accounting: bytes in and out per spoofed address. */
typedef struct flood {
    uint64_t out_bytes[4096];
    uint64_t in_bytes[4096];
    uint64_t replies;
} flood;

static flood flood_state;

static void flood_send(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    (void)user;
    (void)data;
    flood_state.out_bytes[to->port % 4096] += len;
    flood_state.replies++;
}

static void test_request_flood(void)
{
    host_config hc = {.max_conns = 64};
    uint8_t pk[32];
    crypto_sign_keypair(pk, hc.identity_sk);
    host *h = host_create(&hc, flood_send, NULL);
    CHECK(h != NULL);
    memset(&flood_state, 0, sizeof flood_state);
    uint8_t req[PKT_REQUEST_SIZE], resp[PKT_REQUEST_SIZE];
    pkt_hello hello = {.version = PKT_VERSION};
    double now = 1.0;
    for (uint32_t i = 0; i < 4096; i++) {
        net_addr from = net_addr_make(0x0a000000u + i * 7919u, (uint16_t)i);
        randombytes_buf(hello.client_pk, sizeof hello.client_pk);
        size_t n = pkt_write_hello(PKT_REQUEST, &hello, req, sizeof req);
        host_on_packet(h, &from, req, n, now);
        flood_state.in_bytes[i] += n;
        /* a spoofer cannot see the cookie, so it guesses one */
        randombytes_buf(hello.cookie, sizeof hello.cookie);
        n = pkt_write_hello(PKT_RESPONSE, &hello, resp, sizeof resp);
        host_on_packet(h, &from, resp, n, now);
        flood_state.in_bytes[i] += n;
        /* short and junk requests get nothing at all */
        host_on_packet(h, &from, req, 100, now);
        host_on_packet(h, &from, (const uint8_t *)"\x01junk", 5, now);
        flood_state.in_bytes[i] += 105;
    }
    host_update(h, now);
    host_stats st = host_get_stats(h);
    CHECK_EQ(st.conns, 0);
    CHECK_EQ(st.pending, 0);
    CHECK_EQ(st.accepts, 0);
    CHECK_EQ(st.bad_cookies, 4096);
    CHECK_EQ(st.challenges, 4096);
    uint64_t worst_ratio_num = 0, worst_ratio_den = 1;
    for (int i = 0; i < 4096; i++) {
        CHECK(flood_state.out_bytes[i] <= flood_state.in_bytes[i]);
        if (flood_state.out_bytes[i] * worst_ratio_den >
            worst_ratio_num * flood_state.in_bytes[i]) {
            worst_ratio_num = flood_state.out_bytes[i];
            worst_ratio_den = flood_state.in_bytes[i];
        }
    }
    printf("flood: 4096 spoofed addresses, %llu replies, worst reply/request byte ratio %.3f\n",
           (unsigned long long)flood_state.replies,
           (double)worst_ratio_num / (double)worst_ratio_den);
    host_destroy(h);
}

static void test_cookie_rules(void)
{
    uint8_t secret[PKT_KEY_BYTES], pk[PKT_PK_BYTES], cookie[PKT_COOKIE_BYTES];
    randombytes_buf(secret, sizeof secret);
    randombytes_buf(pk, sizeof pk);
    net_addr a = net_addr_make(0x7f000001, 5000), b = net_addr_make(0x7f000001, 5001);
    pkt_cookie_make(secret, &a, pk, 10000, cookie);
    CHECK(pkt_cookie_check(secret, &a, pk, cookie, 10500, 10000));
    CHECK(!pkt_cookie_check(secret, &b, pk, cookie, 10500, 10000)); /* other address */
    CHECK(!pkt_cookie_check(secret, &a, pk, cookie, 30001, 10000)); /* expired */
    CHECK(!pkt_cookie_check(secret, &a, pk, cookie, 9999, 10000));  /* from the future */
    uint8_t other[PKT_PK_BYTES];
    randombytes_buf(other, sizeof other);
    CHECK(!pkt_cookie_check(secret, &a, other, cookie, 10500, 10000)); /* other key */
    cookie[20] ^= 1;
    CHECK(!pkt_cookie_check(secret, &a, pk, cookie, 10500, 10000)); /* tampered */
}

static void test_bad_signature(void)
{
    /* A man in the middle swaps the server's key exchange key: the signature no longer
     * covers it and the client refuses to connect. */
    pair p;
    sim_config net = {.latency = 0.02};
    CHECK(pair_init(&p, &net, NULL));
    /* request and challenge are through; the genuine accept is still on its way */
    for (int i = 0; i < 200 && conn_get_state(p.client) != CONN_RESPONDING; i++)
        pair_step(&p, 0.001);
    CHECK_EQ(conn_get_state(p.client), CONN_RESPONDING);
    pkt_accept a;
    randombytes_buf(&a, sizeof a);
    memcpy(a.identity_pk, p.identity_pk, 32);
    uint8_t buf[PKT_ACCEPT_SIZE];
    size_t n = pkt_write_accept(&a, buf, sizeof buf);
    conn_on_packet(p.client, buf, n, p.now);
    CHECK_EQ(conn_get_state(p.client), CONN_DISCONNECTED);
    CHECK_EQ(conn_get_reason(p.client), CONN_REASON_BAD_SIGNATURE);
    pair_free(&p);

    /* a genuine accept signed by another identity is reported as that identity */
    uint8_t sk[64], pk[32], cpk[32];
    crypto_sign_keypair(pk, sk);
    randombytes_buf(cpk, sizeof cpk);
    randombytes_buf(a.server_pk, sizeof a.server_pk);
    pkt_accept_sign(&a, cpk, sk);
    CHECK(pkt_accept_verify(&a, cpk));
    CHECK(memcmp(a.identity_pk, pk, 32) == 0);
    cpk[0] ^= 1;
    CHECK(!pkt_accept_verify(&a, cpk)); /* bound to the client's key */
}

/* Sealed but malformed bodies, sent under the real key. */
static void test_malformed_bodies(void)
{
    uint8_t rx[PKT_KEY_BYTES], tx[PKT_KEY_BYTES], cpk[PKT_PK_BYTES];
    randombytes_buf(rx, sizeof rx);
    randombytes_buf(tx, sizeof tx);
    randombytes_buf(cpk, sizeof cpk);
    net_addr peer = net_addr_make(0x7f000001, 7000);
    memset(&flood_state, 0, sizeof flood_state);
    conn *c = conn_create_accepted(NULL, &peer, cpk, rx, tx, (const uint8_t *)"", 0, flood_send,
                                   NULL, 0.0);
    CHECK(c != NULL);
    static const struct {
        const char *what;
        uint8_t body[16];
        size_t len;
    } cases[] = {
        {"channel 7 does not exist", {0x00 | (7 << 2) | (1 << 5)}, 1},
        {"ack bitfield over-wide (16 bits holding 0x01)",
         {0x01, 0x00, 0x00 | (2 << 1), 0x02, 0x00},
         5},
        {"non-zero padding after header", {0x80}, 1},
        {"length runs past the end", {0x00 | (1 << 2), 0x7f, 0x10}, 3},
        {"fragment index beyond count", {0x04, 0x00, 0x00, 0x0f, 0x01, 0x00}, 6},
        {"unmarked last message", {0x00 | (2 << 2), 0x01, 0xaa}, 3},
        {"empty body", {0}, 0},
    };
    uint64_t seq = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t wire[64];
        size_t n = pkt_seal(PKT_PAYLOAD, seq++, rx, cases[i].body, cases[i].len, wire, sizeof wire);
        uint64_t before = conn_get_stats(c).packets_rejected;
        conn_on_packet(c, wire, n, 0.01);
        if (conn_get_stats(c).packets_rejected != before + 1)
            fprintf(stderr, "  accepted: %s\n", cases[i].what);
        CHECK_EQ(conn_get_stats(c).packets_rejected, before + 1);
    }
    /* a well-formed keep-alive under the same key is accepted, proving the key was right */
    uint8_t ping = 0x02, wire[64];
    size_t n = pkt_seal(PKT_PAYLOAD, seq++, rx, &ping, 1, wire, sizeof wire);
    conn_on_packet(c, wire, n, 0.02);
    CHECK_EQ(conn_get_state(c), CONN_CONNECTED);
    conn_destroy(c);
}

int main(void)
{
    TEST_RUN(test_tampered_replayed_forged);
    TEST_RUN(test_request_flood);
    TEST_RUN(test_cookie_rules);
    TEST_RUN(test_bad_signature);
    TEST_RUN(test_malformed_bodies);
    return test_summary();
}
