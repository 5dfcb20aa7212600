/* Resampler: a tone keeps its frequency and level across rate changes (integer and
 * fractional ratios), tones above the new Nyquist frequency are removed, the output length
 * matches the ratio, and block size does not matter. */
#include "audio_resample.h"
#include "voice_level.h"
#include "../test.h"
#include "../test_signal.h"

#include <math.h>
#include <stdlib.h>

#define PI 3.14159265358979323846

static int16_t *tone(size_t n, int rate, double freq, double amp)
{
    int16_t *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (int16_t)lrint(amp * 32767 * sin(2 * PI * freq * (double)i / rate));
    return x;
}

static size_t convert_all(aud_resample *r, const int16_t *in, size_t n, int16_t *out, size_t cap,
                          size_t block)
{
    size_t made = 0, pos = 0;
    while (pos < n) {
        size_t len = n - pos < block ? n - pos : block;
        size_t used = len;
        made += aud_resample_run(r, in + pos, &used, out + made, cap - made);
        CHECK_EQ(used, len); /* enough room: everything is used */
        pos += used;
    }
    return made;
}

static void check_tone(int in_rate, int out_rate, double freq)
{
    size_t n = (size_t)in_rate * 2; /* 2 s */
    int16_t *in = tone(n, in_rate, freq, 0.5);
    size_t cap = (size_t)out_rate * 3;
    int16_t *out = malloc(cap * sizeof *out);
    aud_resample *r = aud_resample_create(in_rate, out_rate, AUD_RESAMPLE_QUALITY);
    CHECK(r != NULL);
    size_t made = convert_all(r, in, n, out, cap, 441);
    double expect = (double)n * out_rate / in_rate;
    double f = test_signal_freq(out + out_rate / 10, made - (size_t)out_rate / 5, out_rate);
    float lin = vc_level_dbfs(in, n);
    float lout = vc_level_dbfs(out + out_rate / 10, made - (size_t)out_rate / 5);
    printf("  %d -> %d Hz: %.0f Hz tone came out at %.3f Hz, %.2f dB level change, %zu of %.0f "
           "samples (delay %d)\n",
           in_rate, out_rate, freq, f, lout - lin, made, expect, aud_resample_delay(r));
    CHECK(fabs(f - freq) < freq * 0.001);
    CHECK(fabsf(lout - lin) < 0.2f);
    /* What is missing from the output is still in the filter (its delay). */
    CHECK(made <= (size_t)expect + 1);
    CHECK(made + (size_t)aud_resample_delay(r) + 2 >= (size_t)expect);
    aud_resample_destroy(r);
    free(in);
    free(out);
}

static void test_frequency_and_level_kept(void)
{
    check_tone(48000, 16000, 1000);
    check_tone(16000, 48000, 3000);
    check_tone(44100, 16000, 1000); /* fractional ratio 441:160 */
    check_tone(8000, 44100, 440);
    check_tone(32000, 48000, 7000);
}

static void test_removes_what_the_new_rate_cannot_hold(void)
{
    /* 10 kHz cannot exist at 16 kHz (Nyquist 8 kHz); it must not fold down to 6 kHz. */
    size_t n = 96000;
    int16_t *in = tone(n, 48000, 10000, 0.5), *out = malloc(40000 * sizeof *out);
    aud_resample *r = aud_resample_create(48000, 16000, AUD_RESAMPLE_QUALITY);
    size_t made = convert_all(r, in, n, out, 40000, 960);
    float lin = vc_level_dbfs(in, n), lout = vc_level_dbfs(out + 1600, made - 3200);
    printf("  10 kHz into 16 kHz: %.1f dB down\n", lin - lout);
    CHECK(lin - lout > 60.0f);
    aud_resample_destroy(r);
    free(in);
    free(out);
}

static void test_block_size_does_not_matter(void)
{
    size_t n = 48000;
    int16_t *in = tone(n, 48000, 1234, 0.4);
    int16_t *a = malloc(20000 * sizeof *a), *b = malloc(20000 * sizeof *b);
    aud_resample *r1 = aud_resample_create(48000, 16000, 3);
    aud_resample *r2 = aud_resample_create(48000, 16000, 3);
    size_t na = convert_all(r1, in, n, a, 20000, n);
    size_t nb = convert_all(r2, in, n, b, 20000, 7);
    CHECK_EQ(na, nb);
    CHECK(memcmp(a, b, na * sizeof *a) == 0);
    /* A small output buffer: the input is taken only as far as it fits. */
    aud_resample_reset(r1);
    size_t used = 3000;
    size_t made = aud_resample_run(r1, in, &used, a, 100);
    CHECK_EQ(made, 100);
    CHECK(used < 3000 && used >= 290);
    CHECK(aud_resample_out_max(r1, 960) >= 320);
    aud_resample_destroy(r1);
    aud_resample_destroy(r2);
    free(in);
    free(a);
    free(b);
}

static void test_same_rate_and_bad_rates(void)
{
    aud_resample *r = aud_resample_create(16000, 16000, AUD_RESAMPLE_QUALITY);
    int16_t in[100], out[100];
    for (int i = 0; i < 100; i++) in[i] = (int16_t)(i * 300 - 15000);
    size_t used = 100;
    CHECK_EQ(aud_resample_run(r, in, &used, out, 60), 60);
    CHECK_EQ(used, 60);
    CHECK(memcmp(in, out, 60 * sizeof *in) == 0);
    CHECK_EQ(aud_resample_delay(r), 0);
    CHECK_EQ(aud_resample_in_rate(r), 16000);
    CHECK_EQ(aud_resample_out_rate(r), 16000);
    aud_resample_destroy(r);
    CHECK(aud_resample_create(0, 16000, 5) == NULL);
    CHECK(aud_resample_create(16000, 400000, 5) == NULL);
    CHECK(aud_resample_create(16000, 48000, 11) == NULL);
}

int main(void)
{
    TEST_RUN(test_frequency_and_level_kept);
    TEST_RUN(test_removes_what_the_new_rate_cannot_hold);
    TEST_RUN(test_block_size_does_not_matter);
    TEST_RUN(test_same_rate_and_bad_rates);
    return test_summary();
}
