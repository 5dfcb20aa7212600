/* Mixer: exact when quiet, never clips or wraps when loud, recovers after, volumes, deafen. */
#include "voice_mix.h"
#include "../test.h"

#include <math.h>
#include <stdlib.h>

#define PI 3.14159265358979323846
#define N  320

static void sine(int16_t *x, size_t frame, double freq, double amp)
{
    for (size_t i = 0; i < N; i++)
        x[i] = (int16_t)lrint(amp * 32767 * sin(2 * PI * freq * (double)(frame * N + i) / 16000));
}

static void test_quiet_mix_is_exact(void)
{
    vc_mix m;
    vc_mix_init(&m, 16000);
    int16_t a[N], b[N], out[N];
    for (size_t f = 0; f < 20; f++) {
        sine(a, f, 440, 0.3);
        sine(b, f, 660, 0.3);
        vc_mix_begin(&m, N);
        vc_mix_add(&m, a, 1.0f);
        vc_mix_end(&m, out, false);
        CHECK(memcmp(out, a, sizeof a) == 0); /* one sender at volume 1: bit-exact */
        vc_mix_begin(&m, N);
        vc_mix_add(&m, a, 1.0f);
        vc_mix_add(&m, b, 1.0f);
        vc_mix_end(&m, out, false);
        for (size_t i = 0; i < N; i++) CHECK_EQ(out[i], a[i] + b[i]); /* peak 0.6 < knee */
    }
    CHECK_EQ(m.limited, 0);
}

static void test_loud_mix_is_limited_not_clipped(void)
{
    /* Three senders at 0.7 of full scale: the plain sum peaks near 2.1 x full scale. */
    vc_mix m;
    vc_mix_init(&m, 16000);
    int16_t a[N], b[N], c[N], out[N];
    double ab = 0, aa = 0, bb = 0;
    int32_t peak = 0;
    size_t near_full = 0, wrong_sign = 0;
    for (size_t f = 0; f < 100; f++) {
        sine(a, f, 300, 0.7);
        sine(b, f, 450, 0.7);
        sine(c, f, 700, 0.7);
        vc_mix_begin(&m, N);
        vc_mix_add(&m, a, 1.0f);
        vc_mix_add(&m, b, 1.0f);
        vc_mix_add(&m, c, 1.0f);
        vc_mix_end(&m, out, false);
        for (size_t i = 0; i < N; i++) {
            double sum = (double)a[i] + b[i] + c[i];
            if (f >= 2) {
                ab += sum * out[i];
                aa += sum * sum;
                bb += (double)out[i] * out[i];
                if (abs(out[i]) > peak) peak = abs(out[i]);
                near_full += abs(out[i]) >= 32700;
            }
            if (fabs(sum) > 1000 && (sum > 0) != (out[i] > 0)) wrong_sign++;
        }
    }
    double r = ab / sqrt(aa * bb);
    printf("  peak %d (%.2f of full scale), samples >= 32700: %zu, correlation with the sum "
           "%.4f, gain now %.2f\n",
           peak, peak / 32767.0, near_full, r, m.gain);
    CHECK_EQ(wrong_sign, 0);     /* nothing wrapped around */
    CHECK(peak <= 32767 * 0.95); /* the limiter holds peaks under its ceiling */
    CHECK_EQ(near_full, 0);      /* nothing sits at the rail, as clipping would */
    CHECK(r >= 0.99);            /* the shape of the sum is kept: only the gain moved */
    CHECK(m.gain < 0.5f && m.limited >= 98);
}

static void test_limiter_recovers(void)
{
    vc_mix m;
    vc_mix_init(&m, 16000);
    int16_t a[N], out[N];
    for (size_t f = 0; f < 10; f++) {
        sine(a, f, 300, 0.9);
        vc_mix_begin(&m, N);
        vc_mix_add(&m, a, 2.0f); /* 1.8 x full scale */
        vc_mix_end(&m, out, false);
    }
    CHECK(m.gain < 0.55f);
    /* -6 dB of gain back at 0.5 dB per frame: 12 frames, 240 ms. */
    int frames = 0;
    while (m.gain < 1.0f && frames < 100) {
        sine(a, 10 + (size_t)frames, 300, 0.1);
        vc_mix_begin(&m, N);
        vc_mix_add(&m, a, 1.0f);
        vc_mix_end(&m, out, false);
        frames++;
    }
    printf("  back to unity gain after %d frames\n", frames);
    CHECK(frames >= 10 && frames <= 16);
    vc_mix_begin(&m, N);
    vc_mix_add(&m, a, 1.0f);
    vc_mix_end(&m, out, false);
    CHECK(memcmp(out, a, sizeof a) == 0);
}

static void test_many_noisy_senders(void)
{
    /* 16 senders of full-scale noise: worst case for wrap-around. */
    vc_mix m;
    vc_mix_init(&m, 16000);
    int16_t x[N], out[N];
    uint32_t rng = 1;
    for (int f = 0; f < 50; f++) {
        vc_mix_begin(&m, N);
        for (int s = 0; s < 16; s++) {
            for (size_t i = 0; i < N; i++) {
                rng = rng * 1664525u + 1013904223u;
                x[i] = (int16_t)(rng >> 16);
            }
            vc_mix_add(&m, x, 4.0f); /* the largest volume a listener can set */
        }
        vc_mix_end(&m, out, false);
        for (size_t i = 0; i < N; i++) CHECK(out[i] > -32768); /* symmetric: never the rail */
    }
}

static void test_volume_and_deafen(void)
{
    vc_mix m;
    vc_mix_init(&m, 16000);
    int16_t a[N], out[N];
    sine(a, 0, 500, 0.5);
    vc_mix_begin(&m, N);
    vc_mix_add(&m, a, 0.5f);
    vc_mix_end(&m, out, false);
    for (size_t i = 0; i < N; i++) CHECK(abs(out[i] - a[i] / 2) <= 1);
    vc_mix_begin(&m, N);
    vc_mix_add(&m, a, 1.0f);
    vc_mix_end(&m, out, true);
    for (size_t i = 0; i < N; i++) CHECK_EQ(out[i], 0);
    vc_mix_begin(&m, N);
    vc_mix_end(&m, out, false); /* nobody talking */
    for (size_t i = 0; i < N; i++) CHECK_EQ(out[i], 0);
}

int main(void)
{
    TEST_RUN(test_quiet_mix_is_exact);
    TEST_RUN(test_loud_mix_is_limited_not_clipped);
    TEST_RUN(test_limiter_recovers);
    TEST_RUN(test_many_noisy_senders);
    TEST_RUN(test_volume_and_deafen);
    return test_summary();
}
