/* voicebench — what one voice stream costs: CPU per 20 ms frame for each stage and codec
 * mode (next to a baseline measured in the same run: copying the frame), bytes per second
 * on the wire with every header counted, and the latency the engine's own pipeline adds.
 *
 *   make && ./build/release/voicebench           # about 20 s
 *   ./build/release/voicebench --quick           # fewer repetitions
 *   ./build/release/voicebench --e2e --spawn build/release/parley-server   # through the
 *       real server: latency, wire and CPU per stream (vb_e2e.h), about 90 s
 *
 * CPU: each stage runs over the same synthetic voice (a harmonic vowel with formants, plus
 * quiet noise) for N frames; the figure is the best of 5 runs (the least disturbed by other
 * processes on a shared machine), in microseconds per 20 ms frame and as a share of one core
 * (20,000 us of real time per frame).
 * Wire: the real encoder's payload sizes for that signal + Parley's headers (voice_wire.h:
 * 1 byte up, +1 for a user id below 128 down; the transport: 1 prefix + 2 sequence + 1
 * flags + 16 tag, packet.h) + IPv4 (20) + UDP (8), at 50 packets per second.
 * Latency: engine A's capture to engine B's playback in one process, no devices, no
 * network, 1 ms steps, measured by cross-correlation: framing + preprocessing + codec +
 * resampling + jitter buffer. */
#include "packet.h"
#include "voice_dec.h"
#include "voice_enc.h"
#include "voice_engine.h"
#include "voice_mix.h"
#include "audio_resample.h"
#include "vb_e2e.h"
#include "vb_signal.h"

#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IP4_UDP   28
#define IP6_UDP   48
#define TRANSPORT (PKT_HEADER_BYTES + 1 + PKT_TAG_BYTES) /* prefix, seq, flags, tag */

static int vb_frames = 1000;

typedef void (*vb_fn)(void *ctx, int frame);

/* Best of 5 runs of `frames` calls, in microseconds per call. */
static double vb_time(vb_fn fn, void *ctx, int frames)
{
    double best = 1e9;
    for (int run = 0; run < 5; run++) {
        double t0 = vb_now();
        for (int i = 0; i < frames; i++) fn(ctx, i);
        double us = (vb_now() - t0) * 1e6 / frames;
        if (us < best) best = us;
    }
    return best;
}

typedef struct vb_copy {
    const int16_t *src;
    int16_t dst[VC_MAX_FRAME];
    size_t frame;
    int frames;
    volatile int16_t sink;
} vb_copy;

static void vb_copy_fn(void *ctx, int i)
{
    vb_copy *c = ctx;
    memcpy(c->dst, c->src + (size_t)(i % c->frames) * c->frame, c->frame * sizeof *c->dst);
    c->sink = c->dst[i % (int)c->frame];
}

typedef struct vb_enc {
    vc_enc *e;
    const int16_t *pcm;
    const int16_t *far; /* what the speakers play: unrelated to the voice */
    size_t frame;
    int frames;
    uint8_t payload[VW_MAX_PAYLOAD];
    uint64_t bytes, sent;
} vb_enc;

static void vb_enc_fn(void *ctx, int i)
{
    vb_enc *b = ctx;
    const int16_t *x = b->pcm + (size_t)(i % b->frames) * b->frame;
    vc_enc_far_end(b->e, b->far + (size_t)(i % b->frames) * b->frame, b->frame);
    size_t n = vc_enc_process(b->e, x, false, b->payload, sizeof b->payload, NULL);
    b->bytes += n;
    b->sent += n > 0;
}

typedef struct vb_dec {
    vc_dec *d;
    vw_frame *frames;
    int count;
    double t;
    bool lose; /* every frame lost: concealment only */
} vb_dec;

static void vb_dec_fn(void *ctx, int i)
{
    vb_dec *b = ctx;
    vw_frame *f = &b->frames[i % b->count];
    f->seq = (uint32_t)i % VW_SEQ_MOD;
    b->t += 0.02;
    if (!b->lose || i < 2) vc_dec_put(b->d, 1, f, b->t);
    vc_dec_tick(b->d, b->t + 0.001, NULL);
}

typedef struct vb_mix {
    vc_mix m;
    const int16_t *pcm;
    size_t frame;
    int senders;
    int16_t out[VC_MAX_FRAME];
} vb_mix;

static void vb_mix_fn(void *ctx, int i)
{
    vb_mix *b = ctx;
    vc_mix_begin(&b->m, b->frame);
    for (int s = 0; s < b->senders; s++)
        vc_mix_add(&b->m, b->pcm + (size_t)((i + s * 7) % 50) * b->frame, 0.8f);
    vc_mix_end(&b->m, b->out, false);
}

typedef struct vb_rs {
    aud_resample *r;
    const int16_t *in;
    size_t n;
    int16_t out[4096];
} vb_rs;

static void vb_rs_fn(void *ctx, int i)
{
    vb_rs *b = ctx;
    size_t used = b->n;
    (void)i;
    aud_resample_run(b->r, b->in, &used, b->out, 4096);
}

/* Encoder per mode: payloads for the wire figures and for the decoder benchmark. */
static void vb_mode(vw_mode mode, double base_us)
{
    int rate = vc_codec_rate(mode);
    size_t frame = vc_codec_frame(mode);
    int frames = 250;
    int16_t *pcm = malloc((size_t)frames * frame * sizeof *pcm);
    vb_voice(pcm, (size_t)frames * frame, rate);

    /* The far end: noise at about -40 dBFS, so the echo canceller has work but does not
     * cancel the voice (which would make the encoder's job, and so the figure, different). */
    int16_t *far = malloc((size_t)frames * frame * sizeof *far);
    uint32_t rng = 99;
    for (size_t i = 0; i < (size_t)frames * frame; i++) {
        rng = rng * 1664525u + 1013904223u;
        far[i] = (int16_t)((int32_t)(rng >> 16) / 100 - 163);
    }
    vc_enc_config c = vc_enc_default_config();
    c.mode = mode;
    c.tx = VC_TX_CONTINUOUS;
    vb_enc full = {vc_enc_create(&c), pcm, far, frame, frames, {0}, 0, 0};
    c.denoise = c.agc = c.echo = false;
    vb_enc bare = {vc_enc_create(&c), pcm, far, frame, frames, {0}, 0, 0};
    double us_full = vb_time(vb_enc_fn, &full, vb_frames);
    double us_bare = vb_time(vb_enc_fn, &bare, vb_frames);

    /* Frames to decode. */
    vw_frame *fr = calloc((size_t)frames, sizeof *fr);
    vc_enc_config cc = c;
    vc_enc *e = vc_enc_create(&cc);
    for (int i = 0; i < frames; i++) {
        fr[i].mode = mode;
        fr[i].len = vc_enc_process(e, pcm + (size_t)i * frame, false, fr[i].payload,
                                   sizeof fr[i].payload, NULL);
    }
    vc_enc_destroy(e);
    vc_dec_config dc = vc_dec_default_config();
    dc.mode = mode;
    vb_dec dec = {vc_dec_create(&dc), fr, frames, 0, false};
    double us_dec = vb_time(vb_dec_fn, &dec, vb_frames);
    vb_dec plc = {vc_dec_create(&dc), fr, frames, 0, true};
    dc.plc_frames = 1000; /* keep concealing */
    vc_dec_destroy(plc.d);
    dc.idle_frames = 20;
    plc.d = vc_dec_create(&dc);
    double us_plc = vb_time(vb_dec_fn, &plc, 15); /* within one spurt */

    double payload = (double)bare.bytes / (double)bare.sent;
    double up = payload + VW_HEADER_UP + TRANSPORT, down = up + 1;
    printf("%-4s %2d kHz | encode %6.1f us (%5.2f%% core, %6.0fx copy) | +echo/denoise/AGC/VAD "
           "%6.1f us (%5.2f%%) | decode %5.1f us | conceal %5.1f us\n",
           mode == VW_MODE_NB   ? "NB"
           : mode == VW_MODE_WB ? "WB"
                                : "UWB",
           rate / 1000, us_bare, us_bare / 200.0, us_bare / base_us, us_full, us_full / 200.0,
           us_dec, us_plc);
    printf("         payload %.0f B/frame (%.1f kbit/s) | on the wire per talker, IPv4: up %.0f B "
           "= %.1f kbit/s, down %.0f B = %.1f kbit/s | IPv6: up %.1f kbit/s\n",
           payload, payload * 8 * 50 / 1000, up + IP4_UDP, (up + IP4_UDP) * 8 * 50 / 1000,
           down + IP4_UDP, (down + IP4_UDP) * 8 * 50 / 1000, (up + IP6_UDP) * 8 * 50 / 1000);
    vc_enc_destroy(full.e);
    vc_enc_destroy(bare.e);
    vc_dec_destroy(dec.d);
    vc_dec_destroy(plc.d);
    free(fr);
    free(far);
    free(pcm);
}

/* Capture-to-playback lag through two engines, in ms. */
static double vb_latency(vw_mode mode, bool processing, int device_rate, double *r_out)
{
    vc_engine_config c = vc_engine_default_config();
    c.enc.mode = mode;
    c.dec.mode = mode;
    c.capture_rate = c.playback_rate = device_rate;
    c.enc.tx = VC_TX_CONTINUOUS;
    if (!processing) c.enc.denoise = c.enc.agc = c.enc.echo = false;
    vc_engine *a = vc_engine_create(&c), *b = vc_engine_create(&c);
    size_t n = (size_t)device_rate * 2, step = (size_t)device_rate / 1000;
    int16_t *in = malloc(n * sizeof *in), *out = calloc(n, sizeof *out);
    vb_voice(in, n, device_rate);
    uint8_t up[VW_MAX_UP], down[VW_MAX_DOWN];
    size_t len;
    for (size_t at = 0; at + step <= n; at += step) {
        double t = (double)at / device_rate;
        vc_engine_capture(a, in + at, step, t);
        while (vc_engine_pop_packet(a, up, sizeof up, &len)) {
            size_t m = vw_relay(up, len, 2, down, sizeof down, NULL);
            vc_engine_receive(b, down, m, t);
        }
        vc_engine_playback(b, out + at, step, t);
    }
    double best = -2;
    size_t lag = 0, from = n / 4, to = n * 3 / 4;
    for (size_t l = 0; l < (size_t)device_rate / 8; l++) {
        double r = vb_corr(in, out, from, to, l);
        if (r > best) best = r, lag = l;
    }
    *r_out = best;
    vc_engine_destroy(a);
    vc_engine_destroy(b);
    free(in);
    free(out);
    return (double)lag * 1000.0 / device_rate;
}

static int vb_usage(void)
{
    fprintf(stderr, "usage: voicebench [--quick]\n"
                    "       voicebench --e2e (--spawn PARLEY_SERVER | --server 127.0.0.1:PORT) "
                    "[--quick] [--period MS] [--plain]\n"
                    "         --plain: echo canceller, noise suppression and AGC off\n");
    return 2;
}

int main(int argc, char **argv)
{
    bool e2e = false;
    vb_e2e_opts eo = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--quick")) {
            vb_frames = 200;
            eo.quick = true;
        } else if (!strcmp(a, "--e2e")) {
            e2e = true;
        } else if (!strcmp(a, "--spawn") && v) {
            eo.spawn = argv[++i];
        } else if (!strcmp(a, "--server") && v) {
            eo.server = argv[++i];
        } else if (!strcmp(a, "--plain")) {
            eo.plain = true;
        } else if (!strcmp(a, "--period") && v) {
            char *end;
            long ms = strtol(argv[++i], &end, 10);
            if (*end || ms < 1 || ms > 100) {
                fprintf(stderr, "voicebench: --period takes 1..100 (ms), not %s\n", v);
                return 2;
            }
            eo.period_ms = (int)ms;
        } else {
            return vb_usage();
        }
    }
    if (e2e) {
        if (!eo.spawn == !eo.server) return vb_usage();
        return vb_e2e_run(&eo);
    }
    if (eo.spawn || eo.server || eo.period_ms || eo.plain) return vb_usage();
    printf("voicebench: %d frames per figure, best of 5 runs\n\n", vb_frames);

    int16_t *pcm = malloc(50 * VC_MAX_FRAME * sizeof *pcm);
    vb_voice(pcm, 50 * VC_MAX_FRAME, 32000);
    vb_copy cp = {pcm, {0}, 320, 50, 0};
    double base = vb_time(vb_copy_fn, &cp, vb_frames * 100);
    printf("baseline: copying one WB frame (640 bytes): %.3f us\n\n", base);

    printf("CPU per stream and wire cost per talker, quality 8, one 20 ms frame per packet:\n");
    vb_mode(VW_MODE_NB, base);
    vb_mode(VW_MODE_WB, base);
    vb_mode(VW_MODE_UWB, base);

    printf("\nmixing (WB frames, limiter included): ");
    for (int s = 1; s <= 16; s *= 4) {
        vb_mix mx = {.pcm = pcm, .frame = 320, .senders = s};
        vc_mix_init(&mx.m, 16000);
        printf("%d sender%s %.2f us%s", s, s > 1 ? "s" : "", vb_time(vb_mix_fn, &mx, vb_frames),
               s < 16 ? ", " : "\n");
    }
    printf("resampling one 20 ms frame: ");
    struct {
        int in, out;
    } rs[] = {{48000, 16000}, {16000, 48000}, {44100, 16000}, {48000, 32000}};
    for (size_t i = 0; i < 4; i++) {
        int16_t *x = malloc((size_t)rs[i].in / 50 * sizeof *x);
        vb_voice(x, (size_t)rs[i].in / 50, rs[i].in);
        vb_rs r = {aud_resample_create(rs[i].in, rs[i].out, AUD_RESAMPLE_QUALITY),
                   x,
                   (size_t)rs[i].in / 50,
                   {0}};
        printf("%d->%d %.1f us (delay %.1f ms)%s", rs[i].in, rs[i].out,
               vb_time(vb_rs_fn, &r, vb_frames), aud_resample_delay(r.r) * 1000.0 / rs[i].out,
               i < 3 ? ", " : "\n");
        aud_resample_destroy(r.r);
        free(x);
    }

    printf("\nengine pipeline latency, capture to playback (no devices, no network, "
           "48 kHz devices):\n");
    for (int m = 0; m < 3; m++) {
        double r1, r2;
        double with = vb_latency((vw_mode)m, true, 48000, &r1);
        double without = vb_latency((vw_mode)m, false, 48000, &r2);
        printf("  %-3s with echo/denoise/AGC %.1f ms (r %.2f), without %.1f ms (r %.2f)\n",
               m == 0   ? "NB"
               : m == 1 ? "WB"
                        : "UWB",
               with, r1, without, r2);
    }
    free(pcm);
    return 0;
}
