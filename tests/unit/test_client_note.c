/* Voice notes on the client (cl_note) and their container (voice_note): synthetic signals
 * encoded, decoded and correlated; the one-minute limit; malformed containers; fetch
 * assembly from NOTE_DATA chunks. */
#include "cl_note.h"
#include "voice_note.h"
#include "../test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RATE 16000

/* Best normalised correlation of b against a over lags 0..max_lag (b delayed). */
static double best_corr(const int16_t *a, const int16_t *b, size_t n, size_t max_lag)
{
    double best = -1;
    for (size_t lag = 0; lag <= max_lag; lag++) {
        double ab = 0, aa = 0, bb = 0;
        for (size_t i = 0; i + lag < n; i++) {
            ab += (double)a[i] * b[i + lag];
            aa += (double)a[i] * a[i];
            bb += (double)b[i + lag] * b[i + lag];
        }
        double c = aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
        if (c > best) best = c;
    }
    return best;
}

static int16_t *signal_make(size_t n, bool sweep)
{
    int16_t *s = malloc(n * sizeof *s);
    if (!s) return NULL;
    double phase = 0;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE;
        double f = sweep ? 200.0 + 3000.0 * t / ((double)n / RATE) : 440.0;
        phase += 2 * M_PI * f / RATE;
        s[i] = (int16_t)(8000 * sin(phase));
    }
    return s;
}

static void round_trip(bool sweep, double min_corr)
{
    const size_t n = 2 * RATE; /* 2 s */
    int16_t *in = signal_make(n, sweep);
    cl_note_rec *r = cl_note_rec_create(VW_MODE_WB, 0);
    CHECK(in && r);
    if (!in || !r) return;
    CHECK_EQ(cl_note_rec_rate(r), RATE);
    /* in uneven pieces, as a device delivers them */
    for (size_t off = 0; off < n;) {
        size_t k = n - off < 333 ? n - off : 333;
        CHECK(cl_note_rec_push(r, in + off, k));
        off += k;
    }
    const uint8_t *data = NULL;
    size_t len = cl_note_rec_finish(r, &data);
    CHECK(len > VN_HEADER);
    vn_info info;
    CHECK_EQ(vn_parse(data, len, &info), VN_OK);
    CHECK_EQ(info.duration_ms, 2000u);
    CHECK_EQ(info.mode, VW_MODE_WB);
    /* WB quality 8: 70 bytes a frame plus its length byte */
    CHECK(len <= VN_HEADER + info.frames * 71u);
    int rate = 0;
    size_t samples = cl_note_samples(data, len, &rate);
    CHECK_EQ(samples, n);
    int16_t *out = malloc(samples * sizeof *out);
    size_t got = 0;
    const char *why = NULL;
    CHECK(out && cl_note_decode(data, len, out, samples, &got, &rate, &why));
    CHECK_EQ(got, n);
    CHECK_EQ(rate, RATE);
    /* Speex's delay is well under 20 ms; skip the first 100 ms while the codec settles */
    double c = best_corr(in + RATE / 10, out + RATE / 10, n - RATE / 5, 400);
    printf("  %s: correlation %.3f\n", sweep ? "sweep" : "tone", c);
    CHECK(c > min_corr);
    /* too small a buffer is refused, not overrun */
    CHECK(!cl_note_decode(data, len, out, samples - 1, &got, &rate, &why) && why);
    free(out);
    free(in);
    cl_note_rec_destroy(r);
}

static void test_tone(void)
{
    round_trip(false, 0.9);
}

static void test_sweep(void)
{
    round_trip(true, 0.8);
}

static void test_limit(void)
{
    cl_note_rec *r = cl_note_rec_create(VW_MODE_WB, 0);
    if (!r) return;
    int16_t *in = signal_make(RATE, true);
    if (!in) return;
    bool more = true;
    int seconds = 0;
    for (; seconds < 70 && more; seconds++) more = cl_note_rec_push(r, in, RATE);
    CHECK(!more);
    CHECK_EQ(seconds, 60); /* stops at the documented minute */
    CHECK_EQ(cl_note_rec_ms(r), VN_MAX_MS);
    CHECK(!cl_note_rec_push(r, in, 10));
    const uint8_t *data;
    size_t len = cl_note_rec_finish(r, &data);
    CHECK(len <= VN_MAX_BYTES && len <= MSG_NOTE_MAX_BYTES);
    vn_info info;
    CHECK_EQ(vn_parse(data, len, &info), VN_OK);
    CHECK_EQ(info.duration_ms, VN_MAX_MS);
    free(in);
    cl_note_rec_destroy(r);
    /* nothing recorded: no note */
    r = cl_note_rec_create(VW_MODE_NB, 4);
    CHECK_EQ(cl_note_rec_finish(r, &data), 0u);
    cl_note_rec_destroy(r);
}

static void test_malformed(void)
{
    uint8_t buf[64];
    vn_writer w;
    CHECK(vn_write_begin(&w, buf, sizeof buf, VW_MODE_WB));
    const uint8_t f[3] = {1, 2, 3};
    CHECK(vn_write_frame(&w, f, 3) && vn_write_frame(&w, f, 2));
    size_t len = vn_write_end(&w);
    CHECK_EQ(len, (size_t)VN_HEADER + 4 + 3);
    CHECK_EQ(vn_parse(buf, len, NULL), VN_OK);
    for (size_t cut = 0; cut < len; cut++) CHECK(vn_parse(buf, cut, NULL) != VN_OK);
    uint8_t bad[64];
    memcpy(bad, buf, len);
    bad[len] = 0;
    CHECK_EQ(vn_parse(bad, len + 1, NULL), VN_ERR_TRAILING);
    bad[0] = 'Q';
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_MAGIC);
    memcpy(bad, buf, len);
    bad[4] = 3;
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_MODE);
    memcpy(bad, buf, len);
    bad[6] = 0;
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_FRAMES);
    memcpy(bad, buf, len);
    bad[VN_HEADER] = 0;
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_FRAME_LEN);
    memcpy(bad, buf, len);
    bad[VN_HEADER] = 200; /* a length past the end */
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_SHORT);
    /* the frame walk stops there too, even without vn_parse */
    size_t pos = 0;
    const uint8_t *fr;
    size_t fl;
    CHECK(!vn_next_frame(bad, len, &pos, &fr, &fl));
    /* garbage frames decode as concealment, not as whatever Speex makes of them */
    int16_t out[2 * 320];
    size_t got = 0;
    int rate = 0;
    CHECK(cl_note_decode(buf, len, out, 640, &got, &rate, NULL));
    CHECK_EQ(got, 640u);
    const char *why = NULL;
    CHECK(!cl_note_decode(bad, len, out, 640, &got, &rate, &why) && why);
    /* a full writer refuses more frames */
    CHECK(vn_write_begin(&w, buf, VN_HEADER + 4, VW_MODE_WB));
    CHECK(vn_write_frame(&w, f, 3));
    CHECK(!vn_write_frame(&w, f, 1) && w.full);
}

static void test_rx(void)
{
    static cl_note_rx rx;
    static uint8_t note[3 * MSG_NOTE_CHUNK];
    vn_writer w;
    vn_write_begin(&w, note, sizeof note, VW_MODE_WB);
    uint8_t f[70];
    memset(f, 0x5a, sizeof f);
    while (vn_write_frame(&w, f, sizeof f)) {}
    size_t len = vn_write_end(&w);
    static msg_note_data d;
    cl_note_rx_begin(&rx, 9, 44);
    d.req = 8;
    CHECK_EQ(cl_note_rx_feed(&rx, &d), CL_NOTE_RX_OTHER);
    d.req = 9;
    d.server_id = 44;
    d.total = (uint32_t)len;
    d.duration_ms = w.frames * 20;
    cl_note_rx_state st = CL_NOTE_RX_MORE;
    for (size_t off = 0; off < len; off += MSG_NOTE_CHUNK) {
        d.offset = (uint32_t)off;
        d.len = (uint32_t)(len - off < MSG_NOTE_CHUNK ? len - off : MSG_NOTE_CHUNK);
        memcpy(d.data, note + off, d.len);
        st = cl_note_rx_feed(&rx, &d);
        CHECK(st == (off + d.len < len ? CL_NOTE_RX_MORE : CL_NOTE_RX_DONE));
    }
    CHECK(rx.got == len && memcmp(rx.data, note, len) == 0);
    /* out of order fails */
    cl_note_rx_begin(&rx, 9, 44);
    d.offset = MSG_NOTE_CHUNK;
    CHECK_EQ(cl_note_rx_feed(&rx, &d), CL_NOTE_RX_FAILED);
    CHECK_EQ(rx.err, MSG_ERR_BAD_NOTE);
    /* the server's refusal */
    cl_note_rx_begin(&rx, 9, 44);
    memset(&d, 0, sizeof d);
    d.req = 9, d.server_id = 44, d.err = MSG_ERR_NO_SUCH_MESSAGE;
    CHECK_EQ(cl_note_rx_feed(&rx, &d), CL_NOTE_RX_FAILED);
    CHECK_EQ(rx.err, MSG_ERR_NO_SUCH_MESSAGE);
}

int main(void)
{
    TEST_RUN(test_tone);
    TEST_RUN(test_sweep);
    TEST_RUN(test_limit);
    TEST_RUN(test_malformed);
    TEST_RUN(test_rx);
    return test_summary();
}
