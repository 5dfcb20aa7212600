/* Voice frame message: write -> read -> compare in both directions, sizes, the relay, and
 * rejection of everything malformed. */
#include "voice_wire.h"
#include "../test.h"

static vw_frame sample(uint32_t mode, uint32_t target, uint32_t seq, size_t len)
{
    vw_frame f = {.mode = mode, .target = target, .seq = seq, .len = len};
    for (size_t i = 0; i < len; i++) f.payload[i] = (uint8_t)(i * 37 + seq);
    return f;
}

static bool same(const vw_frame *a, const vw_frame *b, vw_dir dir)
{
    return a->mode == b->mode && a->target == b->target && a->seq == b->seq &&
           (dir == VW_UP || a->sender == b->sender) && a->len == b->len &&
           memcmp(a->payload, b->payload, a->len) == 0;
}

static void test_round_trip_every_field(void)
{
    uint8_t buf[VW_MAX_DOWN];
    for (uint32_t mode = 0; mode < VW_MODE_COUNT; mode++)
        for (uint32_t target = 0; target <= 1; target++)
            for (uint32_t seq = 0; seq < VW_SEQ_MOD; seq++) {
                vw_frame a = sample(mode, target, seq, 1 + seq * 7), b;
                size_t n = vw_write(&a, VW_UP, buf, sizeof buf);
                CHECK_EQ(n, VW_HEADER_UP + a.len);
                CHECK_EQ(vw_measure(&a, VW_UP), n);
                CHECK(vw_read(buf, n, VW_UP, &b, NULL));
                CHECK(same(&a, &b, VW_UP));
                a.sender = seq * 1000003u + 1;
                n = vw_write(&a, VW_DOWN, buf, sizeof buf);
                CHECK(n > VW_HEADER_UP + a.len);
                CHECK_EQ(vw_measure(&a, VW_DOWN), n);
                CHECK(vw_read(buf, n, VW_DOWN, &b, NULL));
                CHECK(same(&a, &b, VW_DOWN));
            }
}

static void test_header_layout(void)
{
    /* mode WB (1), call (1), seq 21: bits 0-1 = 01, bit 2 = 1, bits 3-7 = 10101. */
    vw_frame a = sample(VW_MODE_WB, VW_TARGET_CALL, 21, 3);
    uint8_t buf[16];
    CHECK_EQ(vw_write(&a, VW_UP, buf, sizeof buf), 4);
    CHECK_EQ(buf[0], 0x01 | 0x04 | (21 << 3));
    CHECK(memcmp(buf + 1, a.payload, 3) == 0);
    a.sender = 300; /* varint: two groups, [1][0101100] [0][0000010] */
    CHECK_EQ(vw_write(&a, VW_DOWN, buf, sizeof buf), 6);
    CHECK_EQ(buf[0], 0x01 | 0x04 | (21 << 3));
    CHECK_EQ(buf[1], 1 | ((300 & 0x7f) << 1));
    CHECK_EQ(buf[2], (300 >> 7) << 1);
}

static void test_sizes_for_the_budget(void)
{
    /* Speex WB quality 8 is 70 bytes: 71 up, 72 down for a user id below 128. */
    vw_frame a = sample(VW_MODE_WB, VW_TARGET_ROOM, 0, 70);
    CHECK_EQ(vw_measure(&a, VW_UP), 71);
    a.sender = 127;
    CHECK_EQ(vw_measure(&a, VW_DOWN), 72);
    a.sender = 128;
    CHECK_EQ(vw_measure(&a, VW_DOWN), 73);
    a.sender = UINT32_MAX;
    a.len = VW_MAX_PAYLOAD;
    CHECK_EQ(vw_measure(&a, VW_DOWN), VW_MAX_DOWN);
}

static void test_relay(void)
{
    vw_frame a = sample(VW_MODE_UWB, VW_TARGET_CALL, 9, 74), b;
    uint8_t up[VW_MAX_UP], down[VW_MAX_DOWN];
    size_t n = vw_write(&a, VW_UP, up, sizeof up);
    vw_target t = VW_TARGET_ROOM;
    size_t m = vw_relay(up, n, 42, down, sizeof down, &t);
    CHECK_EQ(m, n + 1);
    CHECK_EQ(t, VW_TARGET_CALL);
    CHECK(vw_read(down, m, VW_DOWN, &b, NULL));
    CHECK_EQ(b.sender, 42);
    CHECK(same(&a, &b, VW_UP));
    /* A malformed message from a client is not relayed. */
    up[0] = 3; /* mode 3 */
    CHECK_EQ(vw_relay(up, n, 42, down, sizeof down, &t), 0);
    CHECK_EQ(vw_relay(up, 0, 42, down, sizeof down, &t), 0);
    /* Too little room for the result. */
    up[0] = 0;
    CHECK_EQ(vw_relay(up, n, 42, down, 10, &t), 0);
}

static void test_rejects_malformed(void)
{
    vw_frame f;
    bits_error why;
    uint8_t buf[VW_MAX_DOWN + 8] = {0};

    CHECK(!vw_read(buf, 0, VW_UP, &f, &why)); /* empty */
    CHECK_EQ(why, BITS_ERR_OVERFLOW);
    buf[0] = 0x01;
    CHECK(!vw_read(buf, 1, VW_UP, &f, &why)); /* header without payload */
    CHECK_EQ(why, BITS_ERR_RANGE);
    CHECK_EQ(f.len, 0);
    buf[0] = 0x03; /* reserved mode */
    CHECK(!vw_read(buf, 5, VW_UP, &f, &why));
    CHECK_EQ(why, BITS_ERR_RANGE);
    buf[0] = 0x01;
    CHECK(!vw_read(buf, VW_MAX_UP + 1, VW_UP, &f, &why)); /* payload too long */
    CHECK_EQ(why, BITS_ERR_RANGE);
    CHECK(vw_read(buf, VW_MAX_UP, VW_UP, &f, &why)); /* exactly the limit */

    buf[1] = 0x00; /* sender 0 */
    CHECK(!vw_read(buf, 4, VW_DOWN, &f, &why));
    CHECK_EQ(why, BITS_ERR_RANGE);
    buf[1] = 0x01 | (0 << 1); /* continuation, then a zero group: over-long */
    buf[2] = 0x00;
    CHECK(!vw_read(buf, 4, VW_DOWN, &f, &why));
    CHECK_EQ(why, BITS_ERR_NONCANON);
    buf[1] = 0x01 | (5 << 1); /* continuation with nothing after it */
    CHECK(!vw_read(buf, 2, VW_DOWN, &f, &why));
    CHECK(!vw_read(buf, 1, VW_DOWN, &f, &why));
    /* 5 groups with the top bits set: above 2^32-1. */
    uint8_t big[8] = {0x01, 0xff, 0xff, 0xff, 0xff, 0x7e, 0xaa, 0xbb};
    CHECK(!vw_read(big, sizeof big, VW_DOWN, &f, &why));
    CHECK_EQ(why, BITS_ERR_RANGE);
}

static void test_writer_refuses_small_buffers(void)
{
    vw_frame a = sample(VW_MODE_NB, VW_TARGET_ROOM, 1, 38);
    uint8_t buf[64];
    CHECK_EQ(vw_write(&a, VW_UP, buf, 38), 0);
    CHECK_EQ(vw_write(&a, VW_UP, buf, 39), 39);
    CHECK_STR(vw_mode_name(VW_MODE_WB), "wideband 16 kHz");
}

int main(void)
{
    TEST_RUN(test_round_trip_every_field);
    TEST_RUN(test_header_layout);
    TEST_RUN(test_sizes_for_the_budget);
    TEST_RUN(test_relay);
    TEST_RUN(test_rejects_malformed);
    TEST_RUN(test_writer_refuses_small_buffers);
    return test_summary();
}
