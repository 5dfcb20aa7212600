/* Send path: silence sends nothing, speech opens the gate at once and the hangover keeps it
 * open, steady noise stops counting as speech, push-to-talk, mute, raw sources, and the
 * echo canceller keeps played sound from being sent back. */
#include "voice_enc.h"
#include "voice_level.h"
#include "../test.h"

#include <math.h>
#include <stdlib.h>

#define PI 3.14159265358979323846
#define WB 320 /* samples per WB frame */

static uint32_t rng_state = 99;
static double rng_uniform(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

/* Frame `index` of a voiced sound at 16 kHz, amplitude scale `amp` (1: about -15 dBFS). */
static void vowel_frame(int16_t *x, size_t index, double amp)
{
    for (size_t i = 0; i < WB; i++) {
        double t = (double)(index * WB + i) / 16000.0, s = 0;
        double f0 = 140 + 20 * sin(2 * PI * 1.5 * t);
        for (int h = 1; h * f0 < 3400; h++) {
            double f = h * f0;
            double w = 1.0 / (1 + pow((f - 700) / 150, 2)) + 0.6 / (1 + pow((f - 1200) / 200, 2)) +
                       0.3 / (1 + pow((f - 2600) / 300, 2)) + 0.02;
            s += 4000 * amp * w * sin(2 * PI * f * t + h);
        }
        x[i] = (int16_t)lrint(s);
    }
}

static void noise_frame(int16_t *x, double amp)
{
    for (size_t i = 0; i < WB; i++) x[i] = (int16_t)lrint(amp * 32767 * rng_uniform());
}

static vc_enc *make(vc_tx_mode tx, bool processing)
{
    vc_enc_config c = vc_enc_default_config();
    c.tx = tx;
    if (!processing) c.denoise = c.agc = c.echo = false;
    vc_enc *e = vc_enc_create(&c);
    CHECK(e != NULL);
    CHECK_EQ(vc_enc_frame_size(e), WB);
    return e;
}

static bool send_frame(vc_enc *e, const int16_t *x, vc_enc_info *info)
{
    uint8_t p[VW_MAX_PAYLOAD];
    vc_enc_info tmp;
    size_t n = vc_enc_process(e, x, false, p, sizeof p, info ? info : &tmp);
    return n > 0;
}

static void test_silence_sends_nothing(void)
{
    int16_t zero[WB] = {0};
    for (int tx = VC_TX_VOICE; tx <= VC_TX_CONTINUOUS; tx++) {
        vc_enc *e = make((vc_tx_mode)tx, true);
        int sent = 0;
        for (int i = 0; i < 500; i++) sent += send_frame(e, zero, NULL); /* 10 s */
        CHECK_EQ(sent, 0);
        CHECK(!vc_enc_talking(e));
        vc_enc_destroy(e);
    }
}

static void test_speech_opens_gate_and_hangover_closes_it(void)
{
    vc_enc *e = make(VC_TX_VOICE, true);
    int16_t x[WB], zero[WB] = {0};
    vc_enc_info info;
    for (int i = 0; i < 50; i++) CHECK(!send_frame(e, zero, NULL));
    /* 1 s of speech: the first frame already goes out, marked as a spurt start. */
    int first = -1, sent = 0;
    for (int i = 0; i < 50; i++) {
        vowel_frame(x, (size_t)i, 1.0);
        if (send_frame(e, x, &info)) {
            if (first < 0) {
                first = i;
                CHECK(info.start);
            } else {
                CHECK(!info.start);
            }
            sent++;
        }
    }
    CHECK_EQ(first, 0);
    CHECK_EQ(sent, 50);
    /* Then silence: the 300 ms hangover (15 frames) goes out, then nothing. */
    int tail = 0;
    for (int i = 0; i < 100; i++) tail += send_frame(e, zero, &info);
    printf("  hangover frames: %d\n", tail);
    CHECK(tail >= 15 && tail <= 17);
    CHECK(!vc_enc_talking(e));
    /* Speech again starts a new spurt. */
    vowel_frame(x, 0, 1.0);
    CHECK(send_frame(e, x, &info));
    CHECK(info.start && info.speech);
    vc_enc_destroy(e);

    /* No hangover: stops within a frame or two of the speech. */
    vc_enc_config c = vc_enc_default_config();
    c.hangover_ms = 0;
    e = vc_enc_create(&c);
    for (int i = 0; i < 25; i++) {
        vowel_frame(x, (size_t)i, 1.0);
        send_frame(e, x, NULL);
    }
    tail = 0;
    for (int i = 0; i < 50; i++) tail += send_frame(e, zero, NULL);
    CHECK(tail <= 2);
    vc_enc_destroy(e);
}

static void test_quiet_speech_is_not_clipped_by_the_word_ends(void)
{
    /* A word that fades out over 200 ms keeps the gate open to its end (hysteresis, then
     * hangover), so the receiver hears the whole fade. */
    vc_enc *e = make(VC_TX_VOICE, true);
    int16_t x[WB];
    for (int i = 0; i < 25; i++) {
        vowel_frame(x, (size_t)i, 1.0);
        send_frame(e, x, NULL);
    }
    for (int i = 0; i < 10; i++) {
        vowel_frame(x, (size_t)(25 + i), pow(10, -2.0 * i / 10)); /* -40 dB over 10 frames */
        CHECK(send_frame(e, x, NULL));
    }
    vc_enc_destroy(e);
}

static void test_steady_noise_stops_counting_as_speech(void)
{
    vc_enc *e = make(VC_TX_VOICE, true);
    int16_t x[WB];
    vc_enc_info info;
    /* Noise at about -35 dBFS: louder than the -50 dBFS threshold. */
    int sent_late = 0;
    for (int i = 0; i < 300; i++) { /* 6 s */
        noise_frame(x, 0.03);
        bool s = send_frame(e, x, &info);
        if (i >= 200) sent_late += s;
    }
    printf("  noise: %.1f dBFS in, %.1f after suppression; frames sent in the last 2 s: %d\n",
           info.input_dbfs, info.processed_dbfs, sent_late);
    CHECK_EQ(sent_late, 0);
    /* Speech over the noise is still heard. */
    int sent = 0;
    for (int i = 0; i < 25; i++) {
        int16_t v[WB];
        vowel_frame(v, (size_t)i, 1.0);
        noise_frame(x, 0.03);
        for (int k = 0; k < WB; k++) v[k] = (int16_t)(v[k] + x[k]);
        sent += send_frame(e, v, NULL);
    }
    CHECK(sent >= 24);
    vc_enc_destroy(e);
}

static void test_push_to_talk(void)
{
    vc_enc *e = make(VC_TX_PTT, true);
    int16_t x[WB], zero[WB] = {0};
    int sent = 0;
    for (int i = 0; i < 25; i++) {
        vowel_frame(x, (size_t)i, 1.0);
        sent += send_frame(e, x, NULL);
    }
    CHECK_EQ(sent, 0); /* speech, but the key is up */
    vc_enc_set_ptt(e, true);
    sent = 0;
    for (int i = 0; i < 10; i++) sent += send_frame(e, zero, NULL);
    CHECK_EQ(sent, 10); /* key down: everything goes, even silence */
    CHECK(vc_enc_talking(e));
    vc_enc_set_ptt(e, false);
    sent = 0;
    for (int i = 0; i < 20; i++) sent += send_frame(e, zero, NULL);
    CHECK_EQ(sent, 5); /* 100 ms hold after release */
    vc_enc_destroy(e);
}

static void test_mute(void)
{
    vc_enc *e = make(VC_TX_VOICE, true);
    int16_t x[WB];
    vc_enc_info info;
    vc_enc_set_mute(e, true);
    int sent = 0;
    for (int i = 0; i < 25; i++) {
        vowel_frame(x, (size_t)i, 1.0);
        sent += send_frame(e, x, &info);
    }
    CHECK_EQ(sent, 0);
    CHECK(info.speech);           /* still analysed... */
    CHECK(info.input_dbfs > -30); /* ...and measured */
    vc_enc_set_mute(e, false);
    vowel_frame(x, 25, 1.0);
    CHECK(send_frame(e, x, &info));
    CHECK(info.start);
    /* Muting in the middle of a spurt cuts the hangover too. */
    vc_enc_set_mute(e, true);
    int16_t zero[WB] = {0};
    CHECK(!send_frame(e, zero, NULL));
    vc_enc_destroy(e);
}

static void test_raw_source_and_continuous(void)
{
    vc_enc *e = make(VC_TX_VOICE, true);
    int16_t x[WB], zero[WB] = {0};
    uint8_t p[VW_MAX_PAYLOAD];
    vc_enc_info info;
    /* A raw frame of quiet noise (-60 dBFS, below the VAD threshold) is still sent... */
    noise_frame(x, 0.001);
    CHECK(vc_enc_process(e, x, true, p, sizeof p, &info) > 0);
    /* ...and it was not processed: the AGC would have raised it. */
    CHECK(fabsf(info.processed_dbfs - info.input_dbfs) < 0.01f);
    /* Digital silence is not sent, after the hangover. */
    int sent = 0;
    for (int i = 0; i < 40; i++) sent += vc_enc_process(e, zero, true, p, sizeof p, &info) > 0;
    CHECK_EQ(sent, 15);
    vc_enc_destroy(e);

    e = make(VC_TX_CONTINUOUS, false);
    noise_frame(x, 0.001);
    CHECK(send_frame(e, x, NULL));
    vc_enc_set_tx(e, VC_TX_VOICE);
    CHECK_EQ(vc_enc_tx(e), VC_TX_VOICE);
    CHECK(!send_frame(e, x, NULL)); /* -60 dBFS is below the VAD threshold */
    vc_enc_destroy(e);
}

static void test_echo_is_cancelled_not_sent(void)
{
    /* The speakers play noise; the microphone hears it 4 ms later at half amplitude. After
     * the canceller has converged, the echo is at least 15 dB down and opens no gate. */
    vc_enc *e = make(VC_TX_VOICE, true);
    const size_t delay = 64;
    int16_t far[WB], mic[WB], prev[WB] = {0};
    vc_enc_info info;
    int sent_late = 0;
    double in_sum = 0, out_sum = 0;
    for (int i = 0; i < 250; i++) { /* 5 s */
        noise_frame(far, 0.25);
        for (size_t k = 0; k < WB; k++) {
            int16_t src = k < delay ? prev[WB - delay + k] : far[k - delay];
            mic[k] = (int16_t)(src / 2);
        }
        memcpy(prev, far, sizeof far);
        vc_enc_far_end(e, far, WB);
        bool s = send_frame(e, mic, &info);
        if (i >= 150) {
            sent_late += s;
            in_sum += pow(10, info.input_dbfs / 10);
            out_sum += pow(10, info.processed_dbfs / 10);
        }
    }
    double erle = 10 * log10(in_sum / out_sum);
    printf("  echo return loss enhancement after 3 s: %.1f dB; frames sent: %d\n", erle, sent_late);
    CHECK(erle >= 15.0);
    CHECK_EQ(sent_late, 0);
    vc_enc_destroy(e);
}

int main(void)
{
    TEST_RUN(test_silence_sends_nothing);
    TEST_RUN(test_speech_opens_gate_and_hangover_closes_it);
    TEST_RUN(test_quiet_speech_is_not_clipped_by_the_word_ends);
    TEST_RUN(test_steady_noise_stops_counting_as_speech);
    TEST_RUN(test_push_to_talk);
    TEST_RUN(test_mute);
    TEST_RUN(test_raw_source_and_continuous);
    TEST_RUN(test_echo_is_cancelled_not_sent);
    return test_summary();
}
