/* Bit stream: round trips in every mode, and rejection of bad input. */
#include "bits.h"
#include "../test.h"

typedef struct sample {
    bool flag;
    uint32_t small, ranged, raw;
    uint64_t big, zero;
    char name[33];
    uint8_t blob[16];
    size_t blob_len;
} sample;

static bool sample_serialize(bits *b, sample *s)
{
    bits_bool(b, &s->flag);
    bits_uint(b, &s->small, 0, 5);
    bits_uint(b, &s->ranged, 1000, 1015);
    bits_raw(b, &s->raw, 32);
    bits_varint(b, &s->big);
    bits_varint(b, &s->zero);
    bits_string(b, s->name, sizeof s->name, 32);
    bits_blob(b, s->blob, &s->blob_len, sizeof s->blob);
    return bits_end(b);
}

static void test_round_trip(void)
{
    sample a = {true, 5, 1007, 0xdeadbeef, UINT64_MAX, 0, "héllo wörld", {1, 2, 3}, 3};
    uint8_t buf[128];
    bits w, m, r;
    bits_write_init(&w, buf, sizeof buf);
    CHECK(sample_serialize(&w, &a));
    bits_measure_init(&m);
    CHECK(sample_serialize(&m, &a));
    CHECK_EQ(bits_bytes_used(&m), bits_bytes_used(&w));
    sample b;
    memset(&b, 0xaa, sizeof b);
    bits_read_init(&r, buf, bits_bytes_used(&w));
    CHECK(sample_serialize(&r, &b));
    CHECK_EQ(b.flag, 1);
    CHECK_EQ(b.small, 5);
    CHECK_EQ(b.ranged, 1007);
    CHECK_EQ(b.raw, 0xdeadbeef);
    CHECK(b.big == UINT64_MAX);
    CHECK_EQ(b.zero, 0);
    CHECK_STR(b.name, "héllo wörld");
    CHECK_EQ(b.blob_len, 3);
    CHECK(memcmp(b.blob, a.blob, 3) == 0);
}

static void test_ranged_width(void)
{
    CHECK_EQ(bits_width(0), 0);
    CHECK_EQ(bits_width(1), 1);
    CHECK_EQ(bits_width(255), 8);
    CHECK_EQ(bits_width(256), 9);
    uint8_t buf[4];
    bits w;
    bits_write_init(&w, buf, sizeof buf);
    uint32_t v = 7;
    bits_uint(&w, &v, 7, 7); /* a one-value range costs nothing */
    CHECK_EQ(w.pos, 0);
    v = 3;
    CHECK(!bits_uint(&w, &v, 4, 9)); /* writer out of range fails */
    CHECK_EQ(w.err, BITS_ERR_RANGE);
}

static void test_read_out_of_range(void)
{
    uint8_t buf[1] = {7}; /* 3 bits: 7, but range 0..5 */
    bits r;
    bits_read_init(&r, buf, 1);
    uint32_t v = 99;
    CHECK(!bits_uint(&r, &v, 0, 5));
    CHECK_EQ(v, 0);
    CHECK_EQ(r.err, BITS_ERR_RANGE);
    /* sticky: the next read yields zero and stays failed */
    bool f = true;
    CHECK(!bits_bool(&r, &f));
    CHECK(!f);
}

static void test_truncated(void)
{
    uint8_t buf[2] = {0xff, 0xff};
    bits r;
    bits_read_init(&r, buf, 2);
    uint32_t v = 1;
    CHECK(!bits_raw(&r, &v, 32));
    CHECK_EQ(v, 0);
    CHECK_EQ(r.err, BITS_ERR_OVERFLOW);
    /* an unterminated varint */
    bits_read_init(&r, buf, 2);
    uint64_t x = 5;
    CHECK(!bits_varint(&r, &x));
    CHECK(x == 0);
}

static void test_varint_noncanonical(void)
{
    /* 1 encoded in two groups: more=1 group=1, then more=0 group=0 */
    uint8_t buf[2] = {0x03, 0x00};
    bits r;
    bits_read_init(&r, buf, 2);
    uint64_t x;
    CHECK(!bits_varint(&r, &x));
    CHECK_EQ(r.err, BITS_ERR_NONCANON);
    /* the canonical one-group form reads */
    uint8_t ok[1] = {0x02};
    bits_read_init(&r, ok, 1);
    CHECK(bits_varint(&r, &x));
    CHECK(x == 1);
    /* 11 groups: too long */
    uint8_t longv[11];
    memset(longv, 0xff, sizeof longv);
    bits_read_init(&r, longv, sizeof longv);
    CHECK(!bits_varint(&r, &x));
    /* every width round-trips */
    for (int shift = 0; shift < 64; shift++) {
        uint8_t buf2[16];
        uint64_t v = (uint64_t)1 << shift, back = 0;
        bits w;
        bits_write_init(&w, buf2, sizeof buf2);
        bits_varint(&w, &v);
        bits_read_init(&r, buf2, bits_bytes_used(&w));
        CHECK(bits_varint(&r, &back) && back == v);
    }
}

static void test_padding_and_trailing(void)
{
    uint8_t buf[2] = {0x81, 0x00}; /* bit0 = 1, padding bit7 = 1: non-canonical */
    bits r;
    bits_read_init(&r, buf, 1);
    bool f;
    bits_bool(&r, &f);
    CHECK(!bits_end(&r));
    CHECK_EQ(r.err, BITS_ERR_NONCANON);
    /* trailing bytes after the message */
    bits_read_init(&r, buf + 1, 1);
    buf[0] = 0x01;
    bits_read_init(&r, buf, 2);
    bits_bool(&r, &f);
    CHECK(!bits_end(&r));
}

static void test_utf8(void)
{
    CHECK(bits_utf8_valid("plain", 5));
    CHECK(bits_utf8_valid("\xe2\x82\xac", 3));
    CHECK(bits_utf8_valid("\xf0\x9f\x98\x80", 4));
    CHECK(!bits_utf8_valid("\xc0\xaf", 2));         /* overlong */
    CHECK(!bits_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    CHECK(!bits_utf8_valid("\xe2\x82", 2));         /* truncated */
    CHECK(!bits_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    CHECK(!bits_utf8_valid("a\0b", 3));             /* NUL */
    CHECK(!bits_utf8_valid("\x80", 1));
    /* a string field with bad bytes is rejected on read */
    uint8_t buf[8];
    bits w, r;
    bits_write_init(&w, buf, sizeof buf);
    uint32_t len = 2;
    bits_uint(&w, &len, 0, 10);
    bits_bytes(&w, "\xc0\xaf", 2);
    char s[11];
    bits_read_init(&r, buf, bits_bytes_used(&w));
    CHECK(!bits_string(&r, s, sizeof s, 10));
    CHECK_EQ(r.err, BITS_ERR_UTF8);
    CHECK_STR(s, "");
    /* too long on write */
    bits_write_init(&w, buf, sizeof buf);
    CHECK(!bits_string(&w, "0123456789ab", 13, 10));
}

static void test_fuzzish_random_reads(void)
{
    /* Random bytes through a serializer must never crash or read outside. */
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 20000; i++) {
        uint8_t buf[64];
        size_t n = (size_t)(i % 64);
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[k] = (uint8_t)x;
        }
        sample s;
        bits r;
        bits_read_init(&r, buf, n);
        sample_serialize(&r, &s);
        if (!bits_ok(&r)) CHECK(s.name[0] == '\0' || bits_utf8_valid(s.name, strlen(s.name)));
    }
}

int main(void)
{
    TEST_RUN(test_round_trip);
    TEST_RUN(test_ranged_width);
    TEST_RUN(test_read_out_of_range);
    TEST_RUN(test_truncated);
    TEST_RUN(test_varint_noncanonical);
    TEST_RUN(test_padding_and_trailing);
    TEST_RUN(test_utf8);
    TEST_RUN(test_fuzzish_random_reads);
    return test_summary();
}
