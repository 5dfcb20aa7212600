/* LAN discovery: probe and reply round trips, strict validation, no amplification. */
#include "../test.h"

#include "discovery.h"
#include "packet.h"
#include "sim.h"

static const uint8_t nonce[DISC_NONCE_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};

static void test_probe(void)
{
    uint8_t p[DISC_PROBE_SIZE + 8], got[DISC_NONCE_BYTES];
    CHECK_EQ(disc_write_probe(nonce, p, DISC_PROBE_SIZE - 1), 0);
    CHECK_EQ(disc_write_probe(nonce, p, sizeof p), DISC_PROBE_SIZE);
    CHECK_EQ(p[0], PKT_DISCOVER);
    CHECK(memcmp(p + 1, "PRLY", 4) == 0);
    CHECK(disc_read_probe(p, DISC_PROBE_SIZE, got));
    CHECK(memcmp(got, nonce, sizeof got) == 0);
    CHECK(!disc_read_probe(p, DISC_PROBE_SIZE - 1, got));
    CHECK(!disc_read_probe(p, DISC_PROBE_SIZE + 1, got));
    CHECK(!disc_read_probe(NULL, 0, got));
    for (size_t i = 0; i < DISC_PROBE_SIZE; i++) { /* every byte outside the nonce matters */
        if (i >= 5 && i < 5 + DISC_NONCE_BYTES) continue;
        p[i] ^= 0x01;
        CHECK(!disc_read_probe(p, DISC_PROBE_SIZE, got));
        p[i] ^= 0x01;
    }
}

static void test_reply_round_trip(void)
{
    disc_reply r = {.port = 7777, .users = 123456};
    memcpy(r.nonce, nonce, sizeof nonce);
    strcpy(r.name, "Office \xc3\xa9 server");
    strcpy(r.version, "0.1.0");
    uint8_t buf[DISC_PROBE_SIZE];
    size_t n = disc_write_reply(&r, buf, sizeof buf);
    CHECK(n >= DISC_REPLY_MIN && n <= DISC_PROBE_SIZE);
    CHECK_EQ(buf[0], PKT_DISCOVER_REPLY);
    disc_reply back;
    CHECK(disc_read_reply(buf, n, &back));
    CHECK(memcmp(&back, &r, sizeof r) == 0);
    CHECK(!disc_read_reply(buf, n - 1, &back));
    CHECK(back.name[0] == '\0'); /* zeroed on failure */
    uint8_t longer[DISC_PROBE_SIZE + 1];
    memcpy(longer, buf, n);
    longer[n] = 0;
    CHECK(!disc_read_reply(longer, n + 1, &back)); /* trailing byte */
    buf[0] = PKT_DISCOVER;
    CHECK(!disc_read_reply(buf, n, &back));
    buf[0] = PKT_DISCOVER_REPLY;
    /* the largest reply fits the probe exactly */
    memset(r.name, 'n', DISC_NAME_MAX);
    r.name[DISC_NAME_MAX] = '\0';
    memset(r.version, 'v', DISC_VERSION_MAX);
    r.version[DISC_VERSION_MAX] = '\0';
    CHECK_EQ(disc_write_reply(&r, buf, sizeof buf), DISC_PROBE_SIZE);
    CHECK(disc_read_reply(buf, DISC_PROBE_SIZE, &back));
    CHECK_EQ(disc_write_reply(&r, buf, DISC_PROBE_SIZE - 1), 0);
    /* minimal: one-byte name, no version */
    strcpy(r.name, "a");
    r.version[0] = '\0';
    CHECK_EQ(disc_write_reply(&r, buf, sizeof buf), DISC_REPLY_MIN);
    CHECK(disc_read_reply(buf, DISC_REPLY_MIN, &back));
}

static void test_reply_rejects(void)
{
    disc_reply r = {.port = 1};
    uint8_t buf[DISC_PROBE_SIZE];
    CHECK_EQ(disc_write_reply(&r, buf, sizeof buf), 0); /* empty name */
    strcpy(r.name, "bad\x1b[2Jname");
    CHECK_EQ(disc_write_reply(&r, buf, sizeof buf), 0); /* control character */
    strcpy(r.name, "bad \xc2\x9b csi");
    CHECK_EQ(disc_write_reply(&r, buf, sizeof buf), 0); /* C1 control */
    strcpy(r.name, "bad \xff");
    CHECK_EQ(disc_write_reply(&r, buf, sizeof buf), 0); /* not UTF-8 */
    strcpy(r.name, "ok");
    strcpy(r.version, "del\x7f");
    CHECK_EQ(disc_write_reply(&r, buf, sizeof buf), 0);
    r.version[0] = '\0';
    size_t n = disc_write_reply(&r, buf, sizeof buf);
    CHECK(n > 0);
    disc_reply back;
    /* hand-made replies with lengths that lie */
    uint8_t bad[DISC_PROBE_SIZE];
    memcpy(bad, buf, n);
    bad[1 + DISC_NONCE_BYTES] = 0; /* empty name */
    CHECK(!disc_read_reply(bad, n, &back));
    bad[1 + DISC_NONCE_BYTES] = 40; /* longer than the datagram */
    CHECK(!disc_read_reply(bad, n, &back));
    memcpy(bad, buf, n);
    bad[n - 1] = 5; /* version length past the end */
    CHECK(!disc_read_reply(bad, n, &back));
    memcpy(bad, buf, n);
    bad[1 + DISC_NONCE_BYTES + 1] = '\n'; /* control in the name */
    CHECK(!disc_read_reply(bad, n, &back));
}

static void test_build_reply(void)
{
    uint8_t probe[DISC_PROBE_SIZE], out[DISC_PROBE_SIZE * 2];
    disc_write_probe(nonce, probe, sizeof probe);
    disc_info info = {.name = "Parley", .port = 7777, .users = 3, .version = "0.1.0"};
    size_t n = disc_build_reply(probe, sizeof probe, &info, out, sizeof out);
    CHECK(n > 0 && n <= sizeof probe);
    disc_reply r;
    CHECK(disc_read_reply(out, n, &r));
    CHECK(memcmp(r.nonce, nonce, sizeof nonce) == 0);
    CHECK_STR(r.name, "Parley");
    CHECK_EQ(r.port, 7777);
    CHECK_EQ(r.users, 3);
    CHECK_STR(r.version, "0.1.0");
    /* not a probe: no answer */
    CHECK_EQ(disc_build_reply(probe, sizeof probe - 1, &info, out, sizeof out), 0);
    CHECK_EQ(disc_build_reply(out, n, &info, out, sizeof out), 0);
    /* a long name is cut at a character boundary, and disc_fits tells beforehand */
    char name[80];
    memset(name, 'a', 31);
    strcpy(name + 31, "\xc3\xa9 and more"); /* the 2-byte character straddles byte 32 */
    info.name = name;
    CHECK(!disc_fits(name, DISC_NAME_MAX));
    CHECK(disc_fits("short", DISC_NAME_MAX));
    n = disc_build_reply(probe, sizeof probe, &info, out, sizeof out);
    CHECK(disc_read_reply(out, n, &r));
    CHECK_EQ(strlen(r.name), 31);
    info.version = "0.1.0-a-very-long-prerelease";
    n = disc_build_reply(probe, sizeof probe, &info, out, sizeof out);
    CHECK(disc_read_reply(out, n, &r));
    CHECK_EQ(strlen(r.version), DISC_VERSION_MAX);
    info.name = "";
    CHECK_EQ(disc_build_reply(probe, sizeof probe, &info, out, sizeof out), 0);
}

static void test_random_input(void)
{
    sim_rng rng;
    sim_rng_seed(&rng, 42);
    uint8_t buf[128], nonce_out[DISC_NONCE_BYTES], out[DISC_PROBE_SIZE];
    disc_reply r;
    disc_info info = {.name = "x", .port = 1};
    for (int i = 0; i < 200000; i++) {
        size_t len = (size_t)(sim_rng_next(&rng) % sizeof buf);
        for (size_t k = 0; k < len; k++) buf[k] = (uint8_t)sim_rng_next(&rng);
        if (len && i % 2) buf[0] = (uint8_t)(PKT_DISCOVER + (i % 4 == 1));
        if (disc_read_probe(buf, len, nonce_out)) CHECK_EQ(len, DISC_PROBE_SIZE);
        if (disc_read_reply(buf, len, &r)) CHECK(len <= DISC_PROBE_SIZE);
        size_t n = disc_build_reply(buf, len, &info, out, sizeof out);
        CHECK(n <= len);
    }
}

int main(void)
{
    TEST_RUN(test_probe);
    TEST_RUN(test_reply_round_trip);
    TEST_RUN(test_reply_rejects);
    TEST_RUN(test_build_reply);
    TEST_RUN(test_random_input);
    return test_summary();
}
