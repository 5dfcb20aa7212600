/* UDP platform layer: address helpers, and real sockets on loopback only (127.0.0.1). */
#include "net.h"
#include "../test.h"

#include <stdint.h>

#if defined(__unix__)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#define TNET_LOOPBACK 0x7f000001u

static void test_addr_make_equal(void)
{
    net_addr a = net_addr_make(TNET_LOOPBACK, 80), b = net_addr_make(TNET_LOOPBACK, 80);
    net_addr c = net_addr_make(TNET_LOOPBACK, 81), d = net_addr_make(TNET_LOOPBACK + 1, 80);
    CHECK(net_addr_equal(&a, &b));
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    CHECK(!net_addr_equal(&a, &c));
    CHECK(!net_addr_equal(&a, &d));
    CHECK_EQ(a.pad_, 0);
    CHECK(net_addr_is_loopback(&a));
    net_addr e = net_addr_make(0x7fffffff, 1), f = net_addr_make(0x80000001, 1);
    net_addr g = net_addr_make(0xc0a80001, 1);
    CHECK(net_addr_is_loopback(&e));
    CHECK(!net_addr_is_loopback(&f));
    CHECK(!net_addr_is_loopback(&g));

    uint8_t bytes[6];
    net_addr h = net_addr_make(0x01020304, 0x0506);
    net_addr_bytes(&h, bytes);
    const uint8_t want[6] = {1, 2, 3, 4, 5, 6};
    CHECK(memcmp(bytes, want, 6) == 0);
}

static void test_addr_format_parse(void)
{
    const struct {
        uint32_t ip;
        uint16_t port;
        const char *text;
    } cases[] = {
        {0x7f000001, 9000, "127.0.0.1:9000"},
        {0, 0, "0.0.0.0:0"},
        {0xffffffff, 65535, "255.255.255.255:65535"},
        {0x0a000102, 1, "10.0.1.2:1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[NET_ADDR_STR_MAX];
        net_addr a = net_addr_make(cases[i].ip, cases[i].port), b;
        CHECK_STR(net_addr_str(&a, buf), cases[i].text);
        CHECK(strlen(buf) < NET_ADDR_STR_MAX);
        CHECK(net_addr_parse(buf, 7, &b));
        CHECK(net_addr_equal(&a, &b));
        CHECK(memcmp(&a, &b, sizeof a) == 0);
    }
    net_addr a;
    CHECK(net_addr_parse("192.168.1.20", 4000, &a)); /* default port */
    CHECK_EQ(a.ip, 0xc0a80114);
    CHECK_EQ(a.port, 4000);
    CHECK(net_addr_parse("1.2.3.4:0", 4000, &a));
    CHECK_EQ(a.port, 0);
}

static void test_addr_parse_rejects(void)
{
    const char *bad[] = {"",
                         "1.2.3",
                         "256.1.1.1",
                         "1.2.3.4:",
                         "1.2.3.4:70000",
                         "1.2.3.4x",
                         "1.2.3.4:80x",
                         "1.2.3.4.5",
                         "1..2.3",
                         ".1.2.3",
                         "1.2.3.",
                         " 1.2.3.4",
                         "1.2.3.4 ",
                         "-1.2.3.4",
                         "+1.2.3.4",
                         "1.2.3.4:-1",
                         "1.2.3.4:+80",
                         "01.2.3.4",
                         "1.2.3.4:080",
                         "1.2.3.4:65536",
                         "1234.1.1.1",
                         "1.2.3.4:123456",
                         "localhost",
                         "a.b.c.d",
                         "1.2.3.4::80",
                         "0x7f.0.0.1",
                         "1.2.3.4:80:90",
                         "1.2.3.4:99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        net_addr a = net_addr_make(0x01010101, 11), keep = a;
        bool parsed = net_addr_parse(bad[i], 80, &a);
        if (parsed) fprintf(stderr, "  accepted '%s'\n", bad[i]);
        CHECK(!parsed);
        CHECK(net_addr_equal(&a, &keep)); /* left alone */
    }
    net_addr a;
    CHECK(!net_addr_parse(NULL, 80, &a));
}

static void test_resolve(void)
{
    char err[128] = "";
    net_addr a;
    CHECK(net_resolve("127.0.0.1:5000", 1, &a, err, sizeof err));
    CHECK_EQ(a.ip, TNET_LOOPBACK);
    CHECK_EQ(a.port, 5000);
    CHECK(net_resolve("localhost", 6000, &a, err, sizeof err));
    CHECK(net_addr_is_loopback(&a));
    CHECK_EQ(a.port, 6000);
    CHECK(net_resolve("localhost:6001", 6000, &a, err, sizeof err));
    CHECK_EQ(a.port, 6001);
    const char *bad[] = {
        "", "1.2.3", "256.1.1.1:80", "localhost:", "localhost:70000", "localhost:12x", ":80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECK(!net_resolve(bad[i], 80, &a, err, sizeof err));
        CHECK(err[0] != '\0');
    }
}

/* Two sockets on free ports exchange datagrams over 127.0.0.1. */
static void test_loopback_exchange(void)
{
    char err[128] = "";
    CHECK(net_init(err, sizeof err));
    CHECK(net_init(err, sizeof err)); /* idempotent: a second start is fine */
    net_socket *a = net_open(0, err, sizeof err);
    net_socket *b = net_open(0, err, sizeof err);
    CHECK(a && b);
    if (!a || !b) {
        fprintf(stderr, "  net_open: %s\n", err);
        net_close(a);
        net_close(b);
        net_quit();
        net_quit();
        return;
    }
    uint16_t pa = net_local_port(a), pb = net_local_port(b);
    CHECK(pa != 0 && pb != 0 && pa != pb);
    net_addr to_a = net_addr_make(TNET_LOOPBACK, pa), to_b = net_addr_make(TNET_LOOPBACK, pb);

    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    CHECK_EQ(net_recv(b, buf, sizeof buf, &from), 0); /* nothing yet, and no blocking */
    CHECK(!net_wait(b, 20));                          /* times out */

    uint8_t msg[NET_MAX_DATAGRAM];
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 7);
    CHECK(net_send(a, &to_b, msg, 5));
    CHECK(net_send(a, &to_b, msg, sizeof msg)); /* the largest datagram */
    CHECK(!net_send(a, &to_b, msg, NET_MAX_DATAGRAM + 1));
    CHECK(net_wait(b, 2000));
    CHECK_EQ(net_recv(b, buf, sizeof buf, &from), 5);
    CHECK(memcmp(buf, msg, 5) == 0);
    CHECK(net_addr_equal(&from, &to_a));
    CHECK(net_wait(b, 2000));
    CHECK_EQ(net_recv(b, buf, sizeof buf, &from), NET_MAX_DATAGRAM);
    CHECK(memcmp(buf, msg, sizeof msg) == 0);
    CHECK_EQ(net_recv(b, buf, sizeof buf, &from), 0);

    /* Reply the other way. */
    CHECK(net_send(b, &from, "pong", 4));
    CHECK(net_wait(a, 2000));
    CHECK_EQ(net_recv(a, buf, sizeof buf, &from), 4);
    CHECK(memcmp(buf, "pong", 4) == 0);
    CHECK(net_addr_equal(&from, &to_b));

    /* A datagram longer than the caller's buffer is dropped, not cut. */
    CHECK(net_send(a, &to_b, msg, 100));
    CHECK(net_send(a, &to_b, msg, 10));
    CHECK(net_wait(b, 2000));
    int n = 0;
    for (int tries = 0; tries < 100 && n == 0; tries++) {
        n = net_recv(b, buf, 50, &from);
        if (n == 0) net_wait(b, 10);
    }
    CHECK_EQ(n, 10);

    /* A burst is received whole and in order (loopback does not lose below its buffer). */
    for (uint32_t i = 0; i < 100; i++) CHECK(net_send(a, &to_b, &i, sizeof i));
    uint32_t expect = 0;
    for (int tries = 0; tries < 200 && expect < 100; tries++) {
        net_wait(b, 10);
        while ((n = net_recv(b, buf, sizeof buf, &from)) > 0) {
            uint32_t got;
            CHECK_EQ(n, sizeof got);
            memcpy(&got, buf, sizeof got);
            CHECK_EQ(got, expect);
            expect++;
        }
    }
    CHECK_EQ(expect, 100);

    /* The port stays taken while open. */
    net_socket *dup = net_open(pb, err, sizeof err);
    CHECK(dup == NULL);
    CHECK(err[0] != '\0');
    net_close(dup);

    net_close(a);
    net_close(b);
    net_close(NULL);
    net_quit();
    net_quit();
    net_quit(); /* one too many: harmless */
}

/* ---- batches: queued trains out, batched (and coalesced) receive in ---- */

static void tnet_fill(uint8_t *d, size_t len, uint32_t id)
{
    memcpy(d, &id, sizeof id);
    for (size_t k = sizeof id; k < len; k++) d[k] = (uint8_t)(id * 31 + k);
}

static bool tnet_intact(const uint8_t *d, size_t len, uint32_t id)
{
    uint8_t want[NET_MAX_DATAGRAM];
    tnet_fill(want, len, id);
    return memcmp(d, want, len) == 0;
}

/* Receives n datagrams on s, waiting a bounded time, and checks they are ids first.. in
 * order with length len_of(id) and intact contents. Returns how many matched. */
static uint32_t tnet_expect(net_socket *s, uint32_t first, uint32_t n, size_t (*len_of)(uint32_t))
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    uint32_t got = 0;
    bool ok = true;
    for (int tries = 0; tries < 300 && got < n && ok; tries++) {
        int len;
        while (got < n && (len = net_recv(s, buf, sizeof buf, &from)) > 0) {
            uint32_t id = first + got, seen;
            memcpy(&seen, buf, sizeof seen);
            ok = seen == id && (size_t)len == len_of(id) && tnet_intact(buf, (size_t)len, id);
            if (!ok) {
                fprintf(stderr, "  datagram %u: got id %u, %d bytes\n", id, seen, len);
                break;
            }
            got++;
        }
        if (got < n && ok) net_wait(s, 10);
    }
    return got;
}

static size_t tnet_len_full(uint32_t id)
{
    (void)id;
    return 1200;
}

/* Every tenth datagram is short, which ends a train. */
static size_t tnet_len_mixed(uint32_t id)
{
    return id % 10 == 9 ? 100 + id % 97 : 1200;
}

#define TNET_ROUND 75u

static void test_queue_batches(void)
{
    char err[128] = "";
    CHECK(net_init(err, sizeof err));
    net_socket *a = net_open(0, err, sizeof err), *b = net_open(0, err, sizeof err);
    net_socket *c = net_open(0, err, sizeof err);
    CHECK(a && b && c);
    if (!a || !b || !c) {
        fprintf(stderr, "  net_open: %s\n", err);
        net_close(a), net_close(b), net_close(c);
        net_quit();
        return;
    }
    net_addr to_b = net_addr_make(TNET_LOOPBACK, net_local_port(b));
    net_addr to_c = net_addr_make(TNET_LOOPBACK, net_local_port(c));
    uint8_t d[NET_MAX_DATAGRAM];

    /* Rounds of 75 datagrams: more than one train and more than one receive batch each, yet
     * small enough for a receive buffer of the OS's default size (SDL2_net keeps that).
     * Equal ones first, which also turn a posix socket on Linux to coalesced receive. */
    for (uint32_t first = 0; first < 150; first += TNET_ROUND) {
        for (uint32_t id = first; id < first + TNET_ROUND; id++) {
            tnet_fill(d, 1200, id);
            CHECK(net_queue(a, &to_b, d, 1200));
        }
        CHECK(net_flush(a));
        CHECK(net_flush(a)); /* nothing left: fine */
        CHECK_EQ(tnet_expect(b, first, TNET_ROUND, tnet_len_full), TNET_ROUND);
    }

    /* mixed sizes, and every 25th datagram to another address: trains break at both */
    uint32_t to_c_count = 0;
    for (uint32_t first = 150; first < 300; first += TNET_ROUND) {
        uint32_t to_c_first = to_c_count;
        for (uint32_t id = first; id < first + TNET_ROUND; id++) {
            size_t len = tnet_len_mixed(id);
            tnet_fill(d, len, id);
            CHECK(net_queue(a, &to_b, d, len));
            if (id % 25 == 0) {
                tnet_fill(d, 1200, 1000 + to_c_count);
                CHECK(net_queue(a, &to_c, d, 1200));
                to_c_count++;
            }
        }
        CHECK(net_flush(a));
        CHECK_EQ(tnet_expect(b, first, TNET_ROUND, tnet_len_mixed), TNET_ROUND);
        CHECK_EQ(tnet_expect(c, 1000 + to_c_first, to_c_count - to_c_first, tnet_len_full),
                 to_c_count - to_c_first);
    }

    /* net_send goes after what was queued; net_wait and net_close send what is queued */
    tnet_fill(d, 1200, 300);
    CHECK(net_queue(a, &to_b, d, 1200));
    tnet_fill(d, 1200, 301);
    CHECK(net_send(a, &to_b, d, 1200));
    tnet_fill(d, 1200, 302);
    CHECK(net_queue(a, &to_b, d, 1200));
    net_wait(a, 0);
    CHECK_EQ(tnet_expect(b, 300, 3, tnet_len_full), 3);
    net_socket *e = net_open(0, err, sizeof err);
    CHECK(e != NULL);
    if (e) {
        tnet_fill(d, 1200, 303);
        CHECK(net_queue(e, &to_b, d, 1200));
        net_close(e);
        CHECK_EQ(tnet_expect(b, 303, 1, tnet_len_full), 1);
    }

    /* net_wait reports datagrams a batch already read from the OS */
    for (uint32_t id = 304; id < 306; id++) {
        tnet_fill(d, 1200, id);
        CHECK(net_send(a, &to_b, d, 1200));
    }
    CHECK(net_wait(b, 2000));
    CHECK_EQ(tnet_expect(b, 304, 1, tnet_len_full), 1);
    CHECK(net_wait(b, 0));
    CHECK_EQ(tnet_expect(b, 305, 1, tnet_len_full), 1);

    /* errors: too long is refused at once; a bad address by the send that meets the OS,
     * which for a queueing backend is the flush */
    CHECK(!net_queue(a, &to_b, d, NET_MAX_DATAGRAM + 1));
    net_addr nowhere = net_addr_make(TNET_LOOPBACK, 0);
    CHECK(!net_send(a, &nowhere, d, 100));
    if (strcmp(net_backend(), "posix") == 0) {
        CHECK(net_queue(a, &nowhere, d, 100));
        CHECK(net_queue(a, &nowhere, d, 100));
        CHECK(!net_flush(a));
    }
    /* and the socket goes on working */
    tnet_fill(d, 1200, 306);
    CHECK(net_queue(a, &to_b, d, 1200));
    tnet_fill(d, 1200, 307);
    CHECK(net_queue(a, &to_b, d, 1200));
    CHECK(net_flush(a));
    CHECK_EQ(tnet_expect(b, 306, 2, tnet_len_full), 2);

    net_close(a);
    net_close(b);
    net_close(c);
    net_quit();
}

#if defined(__unix__)
/* A plain socket, to send what net.h refuses to: empty and oversize datagrams. */
static int tnet_raw_open(void)
{
    return socket(AF_INET, SOCK_DGRAM, 0);
}

static void tnet_raw_send(int fd, uint16_t port, const void *data, size_t len)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(TNET_LOOPBACK);
    sa.sin_port = htons(port);
    ssize_t n = sendto(fd, data, len, 0, (const struct sockaddr *)&sa, sizeof sa);
    CHECK_EQ(n, (ssize_t)len);
}

/* Empty and oversize datagrams (one of them cut by the receive buffer) are dropped whole and
 * the next good one is delivered, before and after the socket turns to coalesced receive. */
static void test_oversize_dropped(void)
{
    char err[128] = "";
    CHECK(net_init(err, sizeof err));
    net_socket *b = net_open(0, err, sizeof err);
    int raw = tnet_raw_open();
    CHECK(b && raw >= 0);
    if (!b || raw < 0) {
        net_close(b);
        if (raw >= 0) close(raw);
        net_quit();
        return;
    }
    uint16_t pb = net_local_port(b);
    static uint8_t big[9000];
    memset(big, 0xab, sizeof big);
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    for (int round = 0; round < 2; round++) {
        tnet_raw_send(raw, pb, big, 0);
        tnet_raw_send(raw, pb, big, NET_MAX_DATAGRAM + 1);
        tnet_raw_send(raw, pb, big, sizeof big);
        tnet_raw_send(raw, pb, "ok", 2);
        int n = 0;
        for (int tries = 0; tries < 200 && n == 0; tries++) {
            n = net_recv(b, buf, sizeof buf, &from);
            if (n == 0) net_wait(b, 10);
        }
        CHECK_EQ(n, 2);
        CHECK(memcmp(buf, "ok", 2) == 0);
        CHECK_EQ(net_recv(b, buf, sizeof buf, &from), 0);
        /* a run of equal datagrams turns coalesced receive on (posix backend, Linux) */
        for (uint32_t id = 0; round == 0 && id < 80; id++) {
            tnet_fill(buf, 1200, id);
            tnet_raw_send(raw, pb, buf, 1200);
        }
        if (round == 0) CHECK_EQ(tnet_expect(b, 0, 80, tnet_len_full), 80);
    }
    close(raw);
    net_close(b);
    net_quit();
}
#endif

int main(void)
{
    TEST_RUN(test_addr_make_equal);
    TEST_RUN(test_addr_format_parse);
    TEST_RUN(test_addr_parse_rejects);
    TEST_RUN(test_resolve);
    TEST_RUN(test_loopback_exchange);
    TEST_RUN(test_queue_batches);
#if defined(__unix__)
    TEST_RUN(test_oversize_dropped);
#endif
    return test_summary();
}
