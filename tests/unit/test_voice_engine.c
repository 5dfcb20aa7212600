/* The voice engine end to end, in one process: client A's "microphone" (a synthetic voice at
 * 48 kHz with silence around it) -> A's engine -> messages -> the server's relay step
 * (vw_relay) -> B's engine -> B's "speakers" at 48 kHz. Time advances in 10 ms steps as a
 * client loop would. Also: events, levels, the mic test, mute, deafen, push-to-talk, a file
 * as the source, volumes, a codec change in mid-stream, other device rates, bad messages.
 *
 * Correlation threshold for the whole chain: 0.75. The codec alone gives 0.92 on this kind
 * of signal in WB (test_voice_codec.c); the chain adds two resamplers (transparent: test_
 * audio_resample.c), noise suppression and AGC (gain changes, slight spectral shaping) and
 * concealment of the frames the hangover cuts at word ends. Measured: about 0.9. */
#include "voice_engine.h"
#include "voice_level.h"
#include "../test.h"
#include "../test_signal.h"

#include <math.h>
#include <stdlib.h>

#define PI   3.14159265358979323846
#define RATE 48000
#define STEP 480 /* 10 ms at 48 kHz */

/* Sample i at 48 kHz of a voice that talks during [on, off) seconds. */
static int16_t voice_at(size_t i, double on, double off, double amp)
{
    double t = (double)i / RATE;
    if (t < on || t >= off) return 0;
    /* Syllables: 220 ms at full level, 80 ms 26 dB down (the VAD's hangover bridges them). */
    amp *= fmod(t - on, 0.3) < 0.22 ? 1.0 : 0.05;
    double s = 0, f0 = 130 + 25 * sin(2 * PI * 0.9 * t);
    for (int h = 1; h * f0 < 3400; h++) {
        double f = h * f0;
        double w = 1.0 / (1 + pow((f - 650) / 150, 2)) + 0.6 / (1 + pow((f - 1250) / 200, 2)) +
                   0.3 / (1 + pow((f - 2500) / 300, 2)) + 0.02;
        s += 3500 * amp * w * sin(2 * PI * f * t + h);
    }
    return (int16_t)lrint(s);
}

typedef struct pair {
    vc_engine *a, *b;
    int16_t *in, *out; /* A's microphone, B's speakers */
    size_t n;
    size_t sent, bytes;
    double t;
} pair;

static void pair_make(pair *p, double seconds, double on, double off, const vc_engine_config *c)
{
    memset(p, 0, sizeof *p);
    p->a = vc_engine_create(c);
    p->b = vc_engine_create(c);
    CHECK(p->a && p->b);
    p->n = (size_t)(seconds * RATE);
    p->in = malloc(p->n * sizeof *p->in);
    p->out = calloc(p->n, sizeof *p->out);
    for (size_t i = 0; i < p->n; i++) p->in[i] = voice_at(i, on, off, 1.0);
}

/* Moves A's packets to B through the relay step, as user 7. */
static void pair_deliver(pair *p)
{
    uint8_t up[VW_MAX_UP], down[VW_MAX_DOWN];
    size_t len;
    while (vc_engine_pop_packet(p->a, up, sizeof up, &len)) {
        vw_target target;
        size_t n = vw_relay(up, len, 7, down, sizeof down, &target);
        CHECK(n == len + 1);
        p->sent++;
        p->bytes += len;
        CHECK(vc_engine_receive(p->b, down, n, p->t));
    }
}

/* Runs the loop from sample `from` to `to`. */
static void pair_run(pair *p, size_t from, size_t to)
{
    for (size_t at = from; at + STEP <= to; at += STEP) {
        p->t = (double)at / RATE;
        vc_engine_capture(p->a, p->in + at, STEP, p->t);
        pair_deliver(p);
        vc_engine_playback(p->b, p->out + at, STEP, p->t);
    }
}

static void pair_free(pair *p)
{
    vc_engine_destroy(p->a);
    vc_engine_destroy(p->b);
    free(p->in);
    free(p->out);
}

/* Best correlation of y against x over lags 0..max_lag (y has at least to + max_lag
 * samples): first on 1 ms loudness envelopes (robust: the waveform's own correlation peak is
 * a fraction of a millisecond wide), then sample by sample around the envelope's best. */
static double best_corr(const int16_t *x, const int16_t *y, size_t from, size_t to, size_t max_lag,
                        size_t *lag_out)
{
    const size_t B = RATE / 1000;
    size_t nx = to / B, ny = (to + max_lag) / B;
    double *ex = calloc(ny + 1, sizeof *ex), *ey = calloc(ny + 1, sizeof *ey);
    for (size_t k = 0; k < ny; k++)
        for (size_t i = k * B; i < (k + 1) * B; i++) {
            if (k < nx) ex[k] += fabs((double)x[i]);
            ey[k] += fabs((double)y[i]);
        }
    double best_env = -2;
    size_t coarse = 0;
    for (size_t l = 0; l <= max_lag / B; l++) {
        double ab = 0, aa = 0, bb = 0;
        for (size_t k = from / B; k < nx; k++) {
            ab += ex[k] * ey[k + l];
            aa += ex[k] * ex[k];
            bb += ey[k + l] * ey[k + l];
        }
        double r = ab / sqrt(aa * bb + 1e-9);
        if (r > best_env) best_env = r, coarse = l * B;
    }
    free(ex);
    free(ey);
    double best = -2;
    size_t best_lag = 0;
    for (size_t lag = coarse > 2 * B ? coarse - 2 * B : 0; lag <= coarse + 2 * B && lag <= max_lag;
         lag++) {
        double r = test_signal_corr(x, y, from, to, lag);
        if (r > best) best = r, best_lag = lag;
    }
    if (lag_out) *lag_out = best_lag;
    return best;
}

static void test_a_to_b_through_the_relay(void)
{
    pair p;
    pair_make(&p, 5.0, 1.0, 3.0, NULL); /* silence, 2 s of voice, silence */
    pair_run(&p, 0, RATE);
    CHECK_EQ(p.sent, 0); /* silence sends nothing */
    vc_engine_state sa = vc_engine_get_state(p.a);
    CHECK(!sa.talking && sa.input_dbfs <= VC_LEVEL_SILENT);
    pair_run(&p, RATE, 2 * RATE);
    sa = vc_engine_get_state(p.a);
    CHECK(sa.talking);
    CHECK(sa.input_dbfs > -25 && sa.input_meter > 0.5f);
    vc_sender_info si;
    CHECK(vc_engine_sender(p.b, 7, &si));
    CHECK(si.talking && si.level_dbfs > -40);
    CHECK_EQ(si.mode, VW_MODE_WB);
    pair_run(&p, 2 * RATE, p.n);
    /* 2 s of voice = 100 frames, plus ~15 of hangover. */
    printf("  A sent %zu messages, %zu bytes of messages (%.1f per message)\n", p.sent, p.bytes,
           (double)p.bytes / (double)p.sent);
    CHECK(p.sent >= 110 && p.sent <= 120);
    CHECK_EQ(p.bytes, p.sent * 71); /* 1 header byte + 70 bytes of WB quality 8 */
    size_t lag;
    double r = best_corr(p.in, p.out, (size_t)(1.1 * RATE), (size_t)(2.9 * RATE), RATE / 10, &lag);
    printf("  B's output follows A's input: r = %.3f at %.1f ms (frame + codec + resampling; "
           "jitter buffer %.0f ms)\n",
           r, (double)lag / 48.0, si.delay_ms);
    CHECK(r >= 0.75);
    CHECK(lag < RATE / 10);
    /* B is quiet again before and after. */
    CHECK(vc_level_dbfs(p.out, RATE) <= VC_LEVEL_SILENT);
    CHECK(vc_level_dbfs(p.out + (size_t)(3.6 * RATE), RATE) <= VC_LEVEL_SILENT);

    /* Events: A saw itself start and stop, B saw user 7 start and stop. */
    vc_event ev;
    int a_start = 0, a_stop = 0, b_start = 0, b_stop = 0;
    while (vc_engine_poll_event(p.a, &ev)) {
        CHECK_EQ(ev.user, VC_SELF);
        a_start += ev.type == VC_EV_TALK_START;
        a_stop += ev.type == VC_EV_TALK_STOP;
    }
    double started = -1;
    while (vc_engine_poll_event(p.b, &ev)) {
        CHECK_EQ(ev.user, 7);
        if (ev.type == VC_EV_TALK_START) started = ev.time;
        b_start += ev.type == VC_EV_TALK_START;
        b_stop += ev.type == VC_EV_TALK_STOP;
    }
    CHECK(a_start == 1 && a_stop == 1 && b_start == 1 && b_stop == 1);
    CHECK(started >= 1.0 && started < 1.1);
    CHECK(!vc_engine_get_state(p.b).talking);
    pair_free(&p);
}

static void test_latency_breakdown_matches_measurement(void)
{
    /* With 1 ms steps, the measured capture-to-playback lag is the declared sum (the
     * frame, preprocessing, both Speex delays and both resamplers) to within the step and
     * the 1 ms mixing block. */
    for (int m = 0; m < 3; m++) {
        vc_engine_config c = vc_engine_default_config();
        c.enc.mode = c.dec.mode = (vw_mode)m;
        pair p;
        pair_make(&p, 1.5, 0.0, 1.5, &c);
        const size_t step = RATE / 1000;
        for (size_t at = 0; at + step <= p.n; at += step) {
            p.t = (double)at / RATE;
            vc_engine_capture(p.a, p.in + at, step, p.t);
            pair_deliver(&p);
            vc_engine_playback(p.b, p.out + at, step, p.t);
        }
        size_t lag;
        double r = best_corr(p.in, p.out, RATE / 4, (size_t)(1.3 * RATE), RATE / 10, &lag);
        vc_engine_latency l = vc_engine_get_latency(p.a);
        double ms = (double)lag / 48.0;
        printf("  %s: measured %.1f ms (r %.2f); declared %.1f = frame %.0f + encoder %.1f + "
               "decoder %.1f + resampling %.1f\n",
               vw_mode_name((vw_mode)m), ms, r, l.total_ms, l.frame_ms, l.encoder_ms, l.decoder_ms,
               l.resample_ms);
        CHECK(fabs(ms - l.total_ms) <= 2.0);
        pair_free(&p);
    }
}

static void test_mic_test_loops_back(void)
{
    pair p;
    pair_make(&p, 2.0, 0.2, 1.6, NULL);
    vc_engine_set_mic_test(p.a, true);
    vc_engine_set_mute(p.a, true); /* the mic test works while muted */
    for (size_t at = 0; at + STEP <= p.n; at += STEP) {
        double t = (double)at / RATE;
        vc_engine_capture(p.a, p.in + at, STEP, t);
        vc_engine_playback(p.a, p.out + at, STEP, t);
    }
    uint8_t buf[VW_MAX_UP];
    size_t len;
    CHECK(!vc_engine_pop_packet(p.a, buf, sizeof buf, &len)); /* nothing for the network */
    vc_engine_state s = vc_engine_get_state(p.a);
    CHECK(s.mic_test && s.frames > 90);
    CHECK_EQ(s.packets_sent, 0);
    double r = best_corr(p.in, p.out, (size_t)(0.3 * RATE), (size_t)(1.5 * RATE), RATE / 10, NULL);
    printf("  loopback correlation %.3f\n", r);
    CHECK(r >= 0.75);
    pair_free(&p);
}

static void test_mute_deafen_ptt(void)
{
    pair p;
    pair_make(&p, 3.0, 0.0, 3.0, NULL);
    vc_engine_set_mute(p.a, true);
    pair_run(&p, 0, RATE / 2);
    CHECK_EQ(p.sent, 0);
    CHECK(vc_engine_get_state(p.a).input_dbfs > -25); /* the meter still moves */
    vc_engine_set_mute(p.a, false);
    pair_run(&p, RATE / 2, RATE);
    CHECK(p.sent >= 20);
    /* B deafened: hears nothing, and sends nothing itself. */
    vc_engine_set_deafen(p.b, true);
    size_t before = p.sent;
    memset(p.out, 0, p.n * sizeof *p.out);
    pair_run(&p, RATE, 2 * RATE);
    CHECK(p.sent > before);
    /* (The 20 ms mixed before deafening still plays out.) */
    CHECK(vc_level_dbfs(p.out + RATE + RATE / 40, RATE - RATE / 40) <= VC_LEVEL_SILENT);
    CHECK(vc_engine_get_state(p.b).deafened);
    vc_engine_capture(p.b, p.in + RATE, RATE / 2, 2.0);
    uint8_t buf[VW_MAX_UP];
    size_t len;
    CHECK(!vc_engine_pop_packet(p.b, buf, sizeof buf, &len));
    /* Push-to-talk: the voice goes out only while the key is held. */
    vc_engine_set_tx(p.a, VC_TX_PTT);
    before = p.sent;
    pair_run(&p, 2 * RATE, (size_t)(2.5 * RATE));
    CHECK_EQ(p.sent, before);
    vc_engine_set_ptt(p.a, true);
    pair_run(&p, (size_t)(2.5 * RATE), 3 * RATE);
    CHECK(p.sent >= before + 24);
    CHECK(vc_engine_get_state(p.a).ptt);
    /* Leaving the room while A talks: B forgets A, and says A stopped. */
    vc_event ev;
    while (vc_engine_poll_event(p.b, &ev)) {
    }
    vc_engine_clear(p.b);
    CHECK(vc_engine_poll_event(p.b, &ev));
    CHECK(ev.type == VC_EV_TALK_STOP && ev.user == 7);
    CHECK_EQ(vc_engine_senders(p.b, NULL, 0), 0);
    pair_free(&p);
}

static void test_file_source(void)
{
    vc_engine *e = vc_engine_create(NULL);
    /* A 44.1 kHz stereo file would be read as mono by aud_wav_read_mono; here: mono. */
    CHECK(vc_engine_source_start(e, 44100, 10.0));
    CHECK(vc_engine_get_state(e).source);
    CHECK_EQ(vc_engine_source_due(e, 10.0), 0);
    size_t due = vc_engine_source_due(e, 10.5);
    CHECK_EQ(due, 22050);
    int16_t *pcm = malloc(44100 * sizeof *pcm);
    for (size_t i = 0; i < 44100; i++)
        pcm[i] = (int16_t)lrint(300 * sin(2 * PI * 220 * (double)i / 44100)); /* -40 dBFS */
    vc_engine_source_feed(e, pcm, due, 10.5);
    CHECK_EQ(vc_engine_source_due(e, 10.5), 0);
    /* The microphone is ignored meanwhile. */
    int16_t mic[STEP] = {0};
    vc_engine_capture(e, mic, STEP, 10.5);
    uint8_t buf[VW_MAX_UP];
    size_t len, count = 0;
    while (vc_engine_pop_packet(e, buf, sizeof buf, &len)) count++;
    /* A quiet tone the VAD would ignore is sent: every frame of 0.5 s (one still in the
     * resampler's filter), but the outbox holds only the latest 16. */
    vc_engine_state s = vc_engine_get_state(e);
    printf("  file: %llu frames, %llu messages, %llu dropped unpopped\n",
           (unsigned long long)s.frames, (unsigned long long)s.packets_sent,
           (unsigned long long)s.packets_dropped);
    CHECK(s.frames >= 24 && s.frames <= 25);
    CHECK_EQ(s.packets_sent, s.frames);
    CHECK_EQ(count, VC_ENGINE_OUTBOX);
    /* Falling far behind skips ahead instead of bursting. */
    due = vc_engine_source_due(e, 20.0);
    CHECK(due <= 44100 / 10 + 1);
    vc_engine_source_stop(e, 20.0);
    CHECK(!vc_engine_get_state(e).source);
    CHECK(!vc_engine_source_start(e, 1000, 20.0)); /* no such rate */
    free(pcm);
    vc_engine_destroy(e);
}

static void test_volume_codec_change_and_rates(void)
{
    /* Without AGC, so the level B hears changes only with the volume. */
    vc_engine_config c = vc_engine_default_config();
    c.enc.agc = false;
    pair p;
    pair_make(&p, 4.0, 0.0, 4.0, &c);
    pair_run(&p, 0, RATE);
    /* Output level relative to the input's over the same half second. */
    float full =
        vc_level_dbfs(p.out + RATE / 2, RATE / 2) - vc_level_dbfs(p.in + RATE / 2, RATE / 2);
    vc_engine_set_volume(p.b, 7, 0.5f);
    pair_run(&p, RATE, 2 * RATE);
    float half = vc_level_dbfs(p.out + (size_t)(1.5 * RATE), RATE / 2) -
                 vc_level_dbfs(p.in + (size_t)(1.5 * RATE), RATE / 2);
    printf("  volume 0.5: %.1f dB\n", half - full);
    CHECK(fabsf(half - full + 6.0f) < 0.5f);
    vc_engine_set_volume(p.b, 7, 1.0f);

    /* A switches to narrowband in mid-stream; B keeps decoding at its own rate. */
    CHECK(vc_engine_set_codec(p.a, VW_MODE_NB, 8));
    CHECK(!vc_engine_set_codec(p.a, VW_MODE_NB, 42));
    CHECK_EQ(vc_engine_get_state(p.a).mode, VW_MODE_NB);
    size_t before = p.bytes, sent = p.sent;
    pair_run(&p, 2 * RATE, 3 * RATE);
    CHECK(p.sent > sent);
    CHECK_EQ(p.bytes - before, (p.sent - sent) * 39); /* 1 + 38 bytes of NB quality 8 */
    vc_sender_info si;
    CHECK(vc_engine_sender(p.b, 7, &si));
    CHECK_EQ(si.mode, VW_MODE_NB);
    double r = best_corr(p.in, p.out, (size_t)(2.3 * RATE), (size_t)(2.9 * RATE), RATE / 10, NULL);
    CHECK(r >= 0.6);

    /* Devices at other rates: 44.1 kHz microphone, 32 kHz speakers. */
    CHECK(vc_engine_set_rates(p.a, 44100, 32000));
    CHECK(!vc_engine_set_rates(p.a, 44100, 1));
    CHECK_EQ(vc_engine_capture_rate(p.a), 44100);
    CHECK_EQ(vc_engine_playback_rate(p.a), 32000);
    int16_t *mic = malloc(44100 * sizeof *mic), spk[3200];
    for (size_t i = 0; i < 44100; i++) mic[i] = voice_at(i * RATE / 44100, 0, 2, 1.0);
    size_t got = 0;
    uint8_t buf[VW_MAX_UP];
    size_t len;
    for (size_t at = 0; at + 441 <= 44100; at += 441) {
        vc_engine_capture(p.a, mic + at, 441, 5.0 + (double)at / 44100);
        while (vc_engine_pop_packet(p.a, buf, sizeof buf, &len)) got++;
        vc_engine_playback(p.a, spk, 320, 5.0 + (double)at / 44100);
    }
    CHECK(got >= 45 && got <= 50); /* 1 s of voice in 20 ms frames */
    free(mic);
    pair_free(&p);
}

static void test_bad_messages(void)
{
    vc_engine *e = vc_engine_create(NULL);
    uint8_t junk[8] = {0x03, 1, 2, 3, 4, 5, 6, 7};
    CHECK(!vc_engine_receive(e, junk, sizeof junk, 0));
    CHECK(!vc_engine_receive(e, junk, 0, 0));
    junk[0] = 0x01; /* well-formed message, but the payload is no Speex frame */
    CHECK(!vc_engine_receive(e, junk, sizeof junk, 0));
    vc_engine_state s = vc_engine_get_state(e);
    CHECK_EQ(s.packets_rejected, 2);
    CHECK_EQ(s.packets_received, 1);
    CHECK_EQ(s.packets_refused, 1);
    CHECK_EQ(vc_engine_senders(e, NULL, 0), 0);
    vc_engine_config c = vc_engine_default_config();
    c.capture_rate = 1;
    CHECK(vc_engine_create(&c) == NULL);
    vc_engine_destroy(e);
}

int main(void)
{
    TEST_RUN(test_a_to_b_through_the_relay);
    TEST_RUN(test_latency_breakdown_matches_measurement);
    TEST_RUN(test_mic_test_loops_back);
    TEST_RUN(test_mute_deafen_ptt);
    TEST_RUN(test_file_source);
    TEST_RUN(test_volume_codec_change_and_rates);
    TEST_RUN(test_bad_messages);
    return test_summary();
}
