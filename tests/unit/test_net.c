/* UDP platform layer: address helpers, and real sockets on loopback only (127.0.0.1). */
#include "net.h"
#include "../test.h"

#include <stdint.h>

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

int main(void)
{
    TEST_RUN(test_addr_make_equal);
    TEST_RUN(test_addr_format_parse);
    TEST_RUN(test_addr_parse_rejects);
    TEST_RUN(test_resolve);
    TEST_RUN(test_loopback_exchange);
    return test_summary();
}
