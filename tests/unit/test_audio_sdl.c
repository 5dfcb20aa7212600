/* Audio devices through the real SDL2 audio code, without hardware:
 *   - the "disk" driver: a known sine is captured from $SDL_DISKAUDIOFILEIN and another is
 *     played into $SDL_DISKAUDIOFILE, both in real time through the callbacks and rings;
 *   - a device that goes away (SDL_AUDIODEVICEREMOVED) is reported and reopened; a chosen
 *     device that is missing falls back to the default;
 *   - no sound system at all: a status, no crash, reads empty, writes accepted and
 *     dropped. */
#include "audio_dev.h"
#include "voice_level.h"
#include "../test.h"
#include "../test_signal.h"
#include "../test_fs.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#define PI   3.14159265358979323846
#define RATE 48000

static char dir[64], in_path[128], out_path[128];

static double now_s(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static int16_t sine_at(size_t i, double freq, double amp)
{
    return (int16_t)lrint(amp * 32767 * sin(2 * PI * freq * (double)i / RATE));
}

static void test_disk_driver_capture_and_playback(void)
{
    /* 3 s of a 440 Hz sine to capture. */
    FILE *f = fopen(in_path, "wb");
    for (size_t i = 0; i < 3 * RATE; i++) {
        int16_t s = sine_at(i, 440, 0.5);
        fwrite(&s, sizeof s, 1, f);
    }
    fclose(f);
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILEIN", in_path, 1);
    setenv("SDL_DISKAUDIOFILE", out_path, 1);

    char names[AUD_MAX_DEVICES][AUD_NAME_MAX];
    CHECK(aud_dev_list(AUD_CAPTURE, names, AUD_MAX_DEVICES) >= 1);
    CHECK(aud_dev_list(AUD_PLAYBACK, names, AUD_MAX_DEVICES) >= 1);

    aud_dev_config cfg = {.rate = RATE, .period_ms = 10};
    aud_dev *a = aud_dev_open(&cfg, now_s());
    CHECK(a != NULL);
    CHECK_EQ(aud_dev_status(a, AUD_CAPTURE), AUD_STATUS_OK);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_OK);
    CHECK_EQ(aud_dev_rate(a, AUD_CAPTURE), RATE);
    CHECK_EQ(aud_dev_rate(a, AUD_PLAYBACK), RATE);
    CHECK(aud_dev_period(a, AUD_PLAYBACK) > 0);
    printf("  %s / %s\n", aud_dev_status_text(a, AUD_CAPTURE),
           aud_dev_status_text(a, AUD_PLAYBACK));

    /* 1.5 s: read what is captured, keep ~40 ms of a 1 kHz sine queued for playback. */
    size_t cap_n = 0, play_n = 0, cap_max = 2 * RATE;
    int16_t *cap = malloc(cap_max * sizeof *cap);
    double t0 = now_s();
    while (now_s() - t0 < 1.5) {
        aud_dev_update(a, now_s());
        int16_t buf[1024];
        size_t got;
        while ((got = aud_dev_read(a, buf, 1024)) > 0 && cap_n + got <= cap_max) {
            memcpy(cap + cap_n, buf, got * sizeof *buf);
            cap_n += got;
        }
        while (aud_dev_queued(a) < RATE / 25) {
            for (size_t i = 0; i < 256; i++) buf[i] = sine_at(play_n + i, 1000, 0.25);
            CHECK_EQ(aud_dev_write(a, buf, 256), 256);
            play_n += 256;
        }
        SDL_Delay(5);
    }
    aud_dev_stats st = aud_dev_get_stats(a);
    aud_dev_close(a);

    /* Captured: the 440 Hz sine, sample for sample (skipping nothing: the disk driver
     * starts at the file's first byte). */
    printf("  captured %zu samples in 1.5 s; played %zu; overrun %llu underrun %llu\n", cap_n,
           play_n, (unsigned long long)st.overrun, (unsigned long long)st.underrun);
    CHECK(cap_n >= RATE);
    CHECK(fabs(test_signal_freq(cap, cap_n, RATE) - 440) < 0.5);
    size_t same = 0;
    for (size_t i = 0; i < cap_n; i++) same += cap[i] == sine_at(i, 440, 0.5);
    CHECK_EQ(same, cap_n);

    /* Played: the output file holds the 1 kHz sine exactly as written, with silence
     * wherever the device ran dry (before the first write, and where a loaded machine let
     * the loop fall behind). Silence removed, what is left must be the written stream. */
    f = fopen(out_path, "rb");
    CHECK(f != NULL);
    int16_t *out = malloc(3 * RATE * sizeof *out);
    size_t out_n = f ? fread(out, sizeof *out, 3 * RATE, f) : 0;
    if (f) fclose(f);
    size_t kept = 0, gaps = 0;
    for (size_t i = 0; i < out_n;) {
        size_t z = i;
        while (z < out_n && out[z] == 0) z++;
        if (z - i >= 2 || (i == 0 && z > 0)) { /* a run of silence (a lone 0 is the sine) */
            gaps += i > 0 && z < out_n;
            i = z;
            continue;
        }
        out[kept++] = out[i++];
    }
    /* sine_at(0) is 0 and went with the leading silence. */
    size_t run = 0;
    while (run < kept && run + 1 < play_n && out[run] == sine_at(run + 1, 1000, 0.25)) run++;
    printf("  output file: %zu samples, %zu after removing silence (%zu gaps), the first %zu "
           "match the written sine bit for bit\n",
           out_n, kept, gaps, run);
    CHECK(out_n >= RATE);
    CHECK(run >= RATE);
    CHECK(run + 2 >= kept); /* nothing else was played */
    CHECK(fabs(test_signal_freq(out, run, RATE) - 1000) < 0.5);
    free(cap);
    free(out);
}

static void test_device_removed_and_fallback(void)
{
    setenv("SDL_AUDIODRIVER", "disk", 1);
    aud_dev_config cfg = {.rate = 16000, .no_capture = true, .retry = 0.05};
    double t = now_s();
    aud_dev *a = aud_dev_open(&cfg, t);
    CHECK_EQ(aud_dev_status(a, AUD_CAPTURE), AUD_STATUS_OFF);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_OK);
    CHECK_EQ(aud_dev_rate(a, AUD_CAPTURE), 0);

    /* The device goes away: SDL says so with an event. It is reported as lost and, the
     * default being there again, reopened at once. */
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_AUDIODEVICEREMOVED;
    ev.adevice.which = aud_dev_sdl_id(a, AUD_PLAYBACK);
    ev.adevice.iscapture = 0;
    aud_dev_on_event(a, &ev, t);
    aud_dev_stats st = aud_dev_get_stats(a);
    CHECK_EQ(st.losses, 1);
    CHECK_EQ(st.opens, 2);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_OK);
    CHECK(aud_dev_sdl_id(a, AUD_PLAYBACK) != 0);
    /* An event for another device changes nothing. */
    ev.adevice.which = 999;
    aud_dev_on_event(a, &ev, t);
    CHECK_EQ(aud_dev_get_stats(a).losses, 1);

    aud_dev_close(a);

    /* A chosen device that is not there: the default plays meanwhile. (The disk driver
     * would take the name for a file name, so this part uses the dummy driver.) */
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    a = aud_dev_open(&cfg, t);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_OK);
    aud_dev_select(a, AUD_PLAYBACK, "USB headset that is not plugged in", t);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_FALLBACK);
    printf("  %s\n", aud_dev_status_text(a, AUD_PLAYBACK));
    CHECK(strstr(aud_dev_status_text(a, AUD_PLAYBACK), "not found") != NULL);
    aud_dev_update(a, t + 1);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_FALLBACK);
    /* Choosing a listed device works. */
    char names[AUD_MAX_DEVICES][AUD_NAME_MAX];
    int n = aud_dev_list(AUD_PLAYBACK, names, AUD_MAX_DEVICES);
    CHECK(n >= 1);
    if (n >= 1) {
        aud_dev_select(a, AUD_PLAYBACK, names[0], t + 2);
        CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_OK);
    }
    aud_dev_close(a);
}

static void test_no_sound_system(void)
{
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    double t = now_s();
    aud_dev *a = aud_dev_open(NULL, t);
    CHECK(a != NULL);
    CHECK_EQ(aud_dev_status(a, AUD_CAPTURE), AUD_STATUS_NO_DRIVER);
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_NO_DRIVER);
    printf("  %s\n", aud_dev_status_text(a, AUD_PLAYBACK));
    int16_t buf[64] = {0};
    CHECK_EQ(aud_dev_read(a, buf, 64), 0);
    CHECK_EQ(aud_dev_write(a, buf, 64), 64); /* accepted and dropped */
    CHECK_EQ(aud_dev_queued(a), 0);
    aud_dev_update(a, t + 5); /* retries, still nothing */
    CHECK_EQ(aud_dev_status(a, AUD_PLAYBACK), AUD_STATUS_NO_DRIVER);
    CHECK_EQ(aud_dev_rate(a, AUD_PLAYBACK), 0);
    aud_dev_close(a);
    char names[4][AUD_NAME_MAX];
    CHECK_EQ(aud_dev_list(AUD_CAPTURE, names, 4), -1);

    CHECK_STR(aud_dev_status_name(AUD_STATUS_LOST), "lost");
}

int main(void)
{
    test_tmpdir(dir, sizeof dir);
    snprintf(in_path, sizeof in_path, "%s/in.raw", dir);
    snprintf(out_path, sizeof out_path, "%s/out.raw", dir);
    TEST_RUN(test_disk_driver_capture_and_playback);
    TEST_RUN(test_device_removed_and_fallback);
    TEST_RUN(test_no_sound_system);
    test_rmtree(dir);
    return test_summary();
}
