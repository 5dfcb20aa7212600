/* voice_io.c — device and file pumping for the voice engine: see voice_io.h. */
#include "voice_io.h"

#include <math.h>
#include <stdlib.h>

#define VC_IO_CHUNK    1024
#define VC_IO_MARGIN_S 0.002 /* callbacks and pumps a little off their rhythm */

struct vc_io {
    vc_engine *e;
    aud_dev *a;
    int fixed_target_ms; /* 0: adaptive */
    double target_ms;
    double last_pump; /* `now` of the previous pump; < 0 before the first */
    double gap_max;   /* longest recent gap between pumps, s (decays slowly) */
    aud_wav_reader *wav;
    uint64_t wav_frames;
    bool loop;
    double idle_t0;       /* no playback device: when pacing started */
    uint64_t idle_pulled; /* samples pulled since idle_t0 */
    bool idle;
};

vc_io *vc_io_create(vc_engine *e, aud_dev *a, const vc_io_config *cfg, double now)
{
    vc_io *io = calloc(1, sizeof *io);
    if (!io) return NULL;
    io->e = e;
    io->a = a;
    io->fixed_target_ms = cfg && cfg->target_ms > 0 ? cfg->target_ms : 0;
    io->target_ms = io->fixed_target_ms ? io->fixed_target_ms : 30;
    io->last_pump = -1;
    io->idle_t0 = now;
    return io;
}

void vc_io_destroy(vc_io *io)
{
    if (!io) return;
    aud_wav_close(io->wav);
    free(io);
}

static void vc_io_follow_rates(vc_io *io)
{
    int cap = aud_dev_rate(io->a, AUD_CAPTURE), play = aud_dev_rate(io->a, AUD_PLAYBACK);
    if (!cap) cap = vc_engine_capture_rate(io->e);
    if (!play) play = vc_engine_playback_rate(io->e);
    /* Only fails out of memory; the engine then keeps its old rates. */
    vc_engine_set_rates(io->e, cap, play);
}

static void vc_io_feed_wav(vc_io *io, double now)
{
    int16_t buf[VC_IO_CHUNK];
    size_t due = vc_engine_source_due(io->e, now);
    while (due > 0 && io->wav) {
        size_t want = due < VC_IO_CHUNK ? due : VC_IO_CHUNK;
        size_t got = aud_wav_read_mono(io->wav, buf, want);
        vc_engine_source_feed(io->e, buf, got, now);
        due -= got;
        if (got < want) {
            if (io->loop && io->wav_frames > 0 && aud_wav_reader_error(io->wav) == AUD_WAV_OK &&
                aud_wav_rewind(io->wav))
                continue;
            vc_io_stop_wav(io, now);
        }
    }
}

double vc_io_queue_target(double period_s, double gap_s)
{
    if (period_s <= 0) return gap_s + VC_IO_MARGIN_S; /* no device blocks: cover the loop */
    return period_s * (floor((gap_s + VC_IO_MARGIN_S) / period_s) + 1);
}

/* Adaptive queue target: see vc_io_queue_target. */
static void vc_io_update_target(vc_io *io, double now)
{
    if (io->last_pump >= 0 && now > io->last_pump) {
        double gap = now - io->last_pump;
        if (gap > 0.5) gap = 0.5; /* a stall, not the loop's rhythm */
        io->gap_max = gap > io->gap_max ? gap : io->gap_max + (gap - io->gap_max) * 0.005;
    }
    io->last_pump = now;
    if (io->fixed_target_ms) return;
    int rate = aud_dev_rate(io->a, AUD_PLAYBACK);
    double period = rate ? (double)aud_dev_period(io->a, AUD_PLAYBACK) / rate : 0;
    double t = vc_io_queue_target(period, io->gap_max) * 1000.0;
    io->target_ms = t < 5 ? 5 : t > 100 ? 100 : t;
}

void vc_io_pump(vc_io *io, double now)
{
    vc_io_update_target(io, now);
    vc_io_follow_rates(io);
    int16_t buf[VC_IO_CHUNK];
    size_t got;
    while ((got = aud_dev_read(io->a, buf, VC_IO_CHUNK)) > 0)
        vc_engine_capture(io->e, buf, got, now);
    if (io->wav) vc_io_feed_wav(io, now);

    int rate = vc_engine_playback_rate(io->e);
    if (aud_dev_rate(io->a, AUD_PLAYBACK)) {
        io->idle = false;
        /* rounded: a target of whole periods must not come out a sample short */
        size_t target = (size_t)llround((double)rate * io->target_ms / 1000.0);
        size_t queued = aud_dev_queued(io->a);
        while (queued < target) {
            size_t n = target - queued < VC_IO_CHUNK ? target - queued : VC_IO_CHUNK;
            vc_engine_playback(io->e, buf, n, now);
            size_t put = aud_dev_write(io->a, buf, n);
            queued += n;
            if (put < n) break; /* ring full: the device stalled */
        }
        return;
    }
    /* No speakers: pull at real-time pace and drop the sound. */
    if (!io->idle) {
        io->idle = true;
        io->idle_t0 = now;
        io->idle_pulled = 0;
    }
    double should = (now - io->idle_t0) * rate;
    if (should - (double)io->idle_pulled > rate) { /* a stalled loop does not catch up */
        io->idle_t0 = now - (double)io->idle_pulled / rate;
        should = (double)io->idle_pulled;
    }
    while ((double)io->idle_pulled + VC_IO_CHUNK <= should) {
        vc_engine_playback(io->e, buf, VC_IO_CHUNK, now);
        io->idle_pulled += VC_IO_CHUNK;
    }
}

bool vc_io_play_wav(vc_io *io, const char *path, bool loop, double now, aud_wav_error *err)
{
    aud_wav_info info;
    aud_wav_reader *r = aud_wav_open(path, &info, err);
    if (!r) return false;
    if (!vc_engine_source_start(io->e, (int)info.rate, now)) {
        aud_wav_close(r);
        if (err) *err = AUD_WAV_ERR_RATE;
        return false;
    }
    aud_wav_close(io->wav);
    io->wav = r;
    io->wav_frames = info.frames;
    io->loop = loop;
    return true;
}

void vc_io_stop_wav(vc_io *io, double now)
{
    if (!io->wav) return;
    aud_wav_close(io->wav);
    io->wav = NULL;
    vc_engine_source_stop(io->e, now);
}

bool vc_io_wav_playing(const vc_io *io)
{
    return io->wav != NULL;
}

double vc_io_target_ms(const vc_io *io)
{
    return io->target_ms;
}

double vc_io_queued_ms(const vc_io *io)
{
    int rate = aud_dev_rate(io->a, AUD_PLAYBACK);
    return rate ? (double)aud_dev_queued(io->a) * 1000.0 / rate : 0;
}
