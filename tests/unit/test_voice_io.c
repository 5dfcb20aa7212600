/* The voice engine on real SDL devices (the disk driver: files instead of a microphone and
 * speakers), a WAV file as the voice source, and a machine without any sound system.
 *
 * The mic test loops a synthetic voice from $SDL_DISKAUDIOFILEIN through capture, the
 * engine (preprocessing, Speex, jitter buffer, mixer) and playback into $SDL_DISKAUDIOFILE;
 * the output must match the input (threshold 0.75, as in test_voice_engine.c: the same chain
 * plus two lossless device rings). The lag printed is this machine's capture-to-playback
 * latency without a network: disk driver periods, framing, codec and the playback queue. */
#include "voice_io.h"
#include "voice_level.h"
#include "../test.h"
#include "../test_signal.h"
#include "../test_fs.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define PI   3.14159265358979323846
#define RATE 48000

static char dir[64];

static const char *tmp_path(const char *name)
{
    static char path[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
    return path[k];
}

static double now_s(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static int16_t voice_at(size_t i, int rate, double on, double off)
{
    double t = (double)i / rate;
    if (t < on || t >= off) return 0;
    double amp = fmod(t - on, 0.3) < 0.22 ? 1.0 : 0.05; /* syllables */
    double s = 0, f0 = 130 + 25 * sin(2 * PI * 0.9 * t);
    for (int h = 1; h * f0 < 3400; h++) {
        double f = h * f0;
        double w = 1.0 / (1 + pow((f - 650) / 150, 2)) + 0.6 / (1 + pow((f - 1250) / 200, 2)) +
                   0.3 / (1 + pow((f - 2500) / 300, 2)) + 0.02;
        s += 3500 * amp * w * sin(2 * PI * f * t + h);
    }
    return (int16_t)lrint(s);
}

static void sort_doubles(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

/* Best correlation of out against in[from, to) over lags up to 250 ms: on 1 ms loudness
 * envelopes first, then sample by sample around the best. */
static double window_corr(const int16_t *in, const int16_t *out, size_t got, size_t from, size_t to,
                          size_t *lag_out)
{
    const size_t B = RATE / 1000;
    double best = -2, best_env = -2;
    size_t coarse = 0;
    for (size_t l = 0; l < 250 && to + (l + 2) * B < got; l++) {
        double ab = 0, aa = 0, bb = 0;
        for (size_t k = from / B; k < to / B; k++) {
            double ex = 0, ey = 0;
            for (size_t i = k * B; i < (k + 1) * B; i++) {
                ex += fabs((double)in[i]);
                ey += fabs((double)out[i + l * B]);
            }
            ab += ex * ey;
            aa += ex * ex;
            bb += ey * ey;
        }
        double r = ab / sqrt(aa * bb + 1e-9);
        if (r > best_env) best_env = r, coarse = l * B;
    }
    *lag_out = coarse;
    for (size_t l = coarse > 2 * B ? coarse - 2 * B : 0; l <= coarse + 2 * B && to + l < got; l++) {
        double r = test_signal_corr(in, out, from, to, l);
        if (r > best) best = r, *lag_out = l;
    }
    return best;
}

/* The queue target is whole device periods: one while the loop comes back within a
 * period, more as its gaps span more callbacks. A model of a device taking a period per
 * callback and a loop pumping at random gaps up to `gap` never runs dry at that target. */
static void test_queue_target_in_whole_periods(void)
{
    CHECK(fabs(vc_io_queue_target(0.010, 0.001) - 0.010) < 1e-9);
    CHECK(fabs(vc_io_queue_target(0.010, 0.005) - 0.010) < 1e-9);
    CHECK(fabs(vc_io_queue_target(0.010, 0.009) - 0.020) < 1e-9);
    CHECK(fabs(vc_io_queue_target(0.005, 0.001) - 0.005) < 1e-9);
    CHECK(fabs(vc_io_queue_target(0.005, 0.012) - 0.015) < 1e-9);
    CHECK(fabs(vc_io_queue_target(0, 0.005) - 0.007) < 1e-9); /* no device: the loop only */
    static const double periods[] = {0.00267, 0.00533, 0.01067}, gaps[] = {0.001, 0.005, 0.03};
    uint32_t rng = 3;
    size_t dry = 0;
    for (size_t p = 0; p < 3; p++) {
        for (size_t g = 0; g < 3; g++) {
            double P = periods[p], target = vc_io_queue_target(P, gaps[g]);
            double t = 0, next_cb = P * 0.37, queued = 0;
            for (int pumps = 0; pumps < 20000; pumps++) {
                queued = target; /* the pump tops the queue up */
                rng = rng * 1664525u + 1013904223u;
                t += gaps[g] * (double)(rng >> 8) / 16777216.0;
                for (; next_cb <= t; next_cb += P) {
                    if (queued < P - 1e-9) dry++;
                    queued -= P;
                }
            }
        }
    }
    CHECK_EQ(dry, 0);
}

static void test_mic_test_through_sdl_disk_devices(void)
{
    const size_t n = 3 * RATE;
    FILE *f = fopen(tmp_path("in.raw"), "wb");
    int16_t *in = malloc(n * sizeof *in);
    for (size_t i = 0; i < n; i++) in[i] = voice_at(i, RATE, 0.3, 2.3);
    fwrite(in, sizeof *in, n, f);
    fclose(f);
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILEIN", tmp_path("in.raw"), 1);
    setenv("SDL_DISKAUDIOFILE", tmp_path("out.raw"), 1);

    double t0 = now_s();
    aud_dev_config dc = {.rate = RATE, .period_ms = 5};
    aud_dev *a = aud_dev_open(&dc, t0);
    /* As with headphones: no echo canceller. With one, the loopback is its far end, and a
     * synthetic vowel, being periodic, is partly "predicted" from its own delayed copy
     * (r drops to about 0.85; real speech is far less periodic). */
    vc_engine_config ec = vc_engine_default_config();
    ec.enc.echo = false;
    vc_engine *e = vc_engine_create(&ec);
    vc_io *io = vc_io_create(e, a, NULL, t0);
    CHECK(a && e && io);
    vc_engine_set_mic_test(e, true);
    /* 2.6 s of real time, longer while SDL's disk thread (itself real-time) has written less
     * than the 2.3 s judged below: a loaded machine slows it down, not the code under test */
    const char *out_path = tmp_path("out.raw");
    struct stat os;
    while (now_s() - t0 < 2.6 || (now_s() - t0 < 10.0 && (stat(out_path, &os) != 0 ||
                                                          os.st_size < (off_t)(2.4 * RATE) * 2))) {
        double t = now_s();
        aud_dev_update(a, t);
        vc_io_pump(io, t);
        SDL_Delay(1);
    }
    vc_engine_state s = vc_engine_get_state(e);
    aud_dev_stats st = aud_dev_get_stats(a);
    printf("  playback queue target %.1f ms (device period %zu samples)\n", vc_io_target_ms(io),
           aud_dev_period(a, AUD_PLAYBACK));
    vc_io_destroy(io);
    vc_engine_destroy(e);
    aud_dev_close(a);

    int16_t *out = calloc(n, sizeof *out);
    f = fopen(tmp_path("out.raw"), "rb");
    size_t got = f ? fread(out, sizeof *out, n, f) : 0;
    if (f) fclose(f);
    /* A loaded machine can make the real-time devices glitch (an underrun inserts silence
     * and shifts what follows), so the output is judged in 250 ms windows, each at its own
     * best lag, and the median window must match. */
    double r_win[8], lag_win[8];
    int windows = 0;
    for (size_t from = RATE / 2; from + RATE / 4 <= (size_t)(2.2 * RATE) && windows < 8;
         from += RATE / 4) {
        size_t lag;
        r_win[windows] = window_corr(in, out, got, from, from + RATE / 4, &lag);
        lag_win[windows++] = (double)lag / 48.0;
    }
    sort_doubles(r_win, windows);
    sort_doubles(lag_win, windows);
    double r = r_win[windows / 2], lag_ms = lag_win[windows / 2];
    printf("  %llu frames; output %zu samples; median of %d windows: r = %.3f (worst %.3f) at "
           "%.1f ms capture-to-playback; underrun %llu\n",
           (unsigned long long)s.frames, got, windows, r, r_win[0], lag_ms,
           (unsigned long long)st.underrun);
    CHECK(got >= (size_t)(2.3 * RATE));
    CHECK(r >= 0.75);
    CHECK(lag_ms < 200);
    free(in);
    free(out);
}

static void test_wav_file_as_the_voice(void)
{
    /* One second of voice at 22.05 kHz, stereo. */
    const uint32_t rate = 22050;
    aud_wav_error err;
    aud_wav_writer *w = aud_wav_create(tmp_path("voice.wav"), rate, 2, &err);
    CHECK(w != NULL);
    for (size_t i = 0; i < rate; i++) {
        int16_t v = voice_at(i, (int)rate, 0, 1), lr[2] = {v, v};
        aud_wav_write(w, lr, 1);
    }
    CHECK_EQ(aud_wav_finish(w), AUD_WAV_OK);

    setenv("SDL_AUDIODRIVER", "dummy", 1);
    double t0 = 100.0;
    aud_dev *a = aud_dev_open(NULL, t0);
    vc_engine *e = vc_engine_create(NULL);
    vc_io *io = vc_io_create(e, a, NULL, t0);
    CHECK(!vc_io_play_wav(io, tmp_path("missing.wav"), false, t0, &err));
    CHECK_EQ(err, AUD_WAV_ERR_IO);
    CHECK(vc_io_play_wav(io, tmp_path("voice.wav"), false, t0, &err));
    CHECK(vc_io_wav_playing(io));
    size_t packets = 0, at_half = 0;
    uint8_t buf[VW_MAX_UP];
    size_t len;
    /* Simulated time: the file is fed at its own pace, not all at once. */
    for (int step = 1; step <= 150; step++) {
        double t = t0 + step * 0.01;
        vc_io_pump(io, t);
        while (vc_engine_pop_packet(e, buf, sizeof buf, &len)) packets++;
        if (step == 50) at_half = packets;
    }
    printf("  %zu messages after 0.5 s, %zu after 1.5 s\n", at_half, packets);
    CHECK(at_half >= 23 && at_half <= 25);
    CHECK(packets >= 48 && packets <= 50 + 16); /* 1 s of voice (+ hangover, if captured) */
    CHECK(!vc_io_wav_playing(io));              /* it ended by itself */
    CHECK(!vc_engine_get_state(e).source);

    /* Looping goes on past the end. */
    CHECK(vc_io_play_wav(io, tmp_path("voice.wav"), true, t0 + 2, &err));
    for (int step = 1; step <= 250; step++) vc_io_pump(io, t0 + 2 + step * 0.01);
    CHECK(vc_io_wav_playing(io));
    vc_io_stop_wav(io, t0 + 5);
    CHECK(!vc_io_wav_playing(io));
    vc_io_destroy(io);
    vc_engine_destroy(e);
    aud_dev_close(a);
}

static void test_no_sound_system_still_hears_talkers(void)
{
    /* Without any device, received voice is still played into the void at real-time pace:
     * the sender shows as talking, then stops. */
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    double t0 = 50.0;
    aud_dev *a = aud_dev_open(NULL, t0);
    vc_engine *rx = vc_engine_create(NULL), *tx = vc_engine_create(NULL);
    vc_io *io = vc_io_create(rx, a, NULL, t0);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_NO_DRIVER);
    int16_t mic[480];
    uint8_t up[VW_MAX_UP], down[VW_MAX_DOWN];
    size_t len;
    int starts = 0, stops = 0;
    for (int step = 0; step < 200; step++) { /* 2 s, talking for the first second */
        double t = t0 + step * 0.01;
        for (size_t i = 0; i < 480; i++) mic[i] = voice_at((size_t)step * 480 + i, RATE, 0, 1);
        vc_engine_capture(tx, mic, 480, t);
        while (vc_engine_pop_packet(tx, up, sizeof up, &len)) {
            size_t n = vw_relay(up, len, 3, down, sizeof down, NULL);
            vc_engine_receive(rx, down, n, t);
        }
        vc_io_pump(io, t);
        vc_event ev;
        while (vc_engine_poll_event(rx, &ev)) {
            starts += ev.type == VC_EV_TALK_START;
            stops += ev.type == VC_EV_TALK_STOP;
        }
    }
    vc_sender_info si;
    CHECK(vc_engine_sender(rx, 3, &si));
    printf("  talk start %d stop %d; %llu frames played into the void\n", starts, stops,
           (unsigned long long)si.played);
    CHECK(starts == 1 && stops == 1);
    CHECK(si.played >= 45);
    vc_io_destroy(io);
    vc_engine_destroy(rx);
    vc_engine_destroy(tx);
    aud_dev_close(a);
}

int main(void)
{
    test_tmpdir(dir, sizeof dir);
    TEST_RUN(test_queue_target_in_whole_periods);
    TEST_RUN(test_mic_test_through_sdl_disk_devices);
    TEST_RUN(test_wav_file_as_the_voice);
    TEST_RUN(test_no_sound_system_still_hears_talkers);
    test_rmtree(dir);
    return test_summary();
}
