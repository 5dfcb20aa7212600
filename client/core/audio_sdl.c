/* audio_sdl.c — audio_dev.h on SDL2 audio: devices, callbacks into lock-free rings, hot-plug
 * and retries. */
#include "audio_dev.h"

#include "audio_ring.h"

#include <SDL.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct aud_side {
    aud_dev *dev;
    aud_dir dir;
    bool wanted;
    char want[AUD_NAME_MAX]; /* "" is the system default */
    SDL_AudioDeviceID id;    /* 0 when closed */
    int rate;
    size_t period;
    aud_status status;
    double next_try;
    aud_ring ring;
    int16_t *buf;
    size_t buf_cap;
    SDL_atomic_t xrun;   /* samples the callback could not move, since the last fold */
    uint64_t xrun_total; /* folded in by the client loop */
    char text[AUD_TEXT_MAX];
} aud_side;

struct aud_dev {
    aud_dev_config cfg;
    bool sdl; /* the audio subsystem is up */
    double next_sdl_try;
    aud_side side[2];
    uint64_t opens, losses;
};

static const char *aud_dev_what(aud_dir dir)
{
    return dir == AUD_CAPTURE ? "microphone" : "speakers";
}

static void aud_dev_say(aud_side *s, aud_status status, const char *fmt, ...)
{
    va_list ap;
    s->status = status;
    va_start(ap, fmt);
    vsnprintf(s->text, sizeof s->text, fmt, ap);
    va_end(ap);
}

static void SDLCALL aud_dev_capture_cb(void *user, Uint8 *stream, int len)
{
    aud_side *s = user;
    size_t n = (size_t)len / sizeof(int16_t);
    size_t put = aud_ring_write(&s->ring, (const int16_t *)(const void *)stream, n);
    if (put < n) SDL_AtomicAdd(&s->xrun, (int)(n - put));
}

static void SDLCALL aud_dev_playback_cb(void *user, Uint8 *stream, int len)
{
    aud_side *s = user;
    size_t n = (size_t)len / sizeof(int16_t);
    int16_t *out = (int16_t *)(void *)stream;
    size_t got = aud_ring_read(&s->ring, out, n);
    if (got < n) {
        memset(out + got, 0, (n - got) * sizeof *out);
        SDL_AtomicAdd(&s->xrun, (int)(n - got));
    }
}

static size_t aud_dev_pow2(size_t n)
{
    size_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

static void aud_dev_close_side(aud_side *s)
{
    if (s->id) SDL_CloseAudioDevice(s->id); /* waits for a running callback */
    s->id = 0;
    s->rate = 0;
    s->period = 0;
}

/* Opens one device (name NULL: the default); true when it runs. */
static bool aud_dev_try(aud_dev *a, aud_side *s, const char *name)
{
    SDL_AudioSpec want = {0}, have = {0};
    int iscapture = s->dir == AUD_CAPTURE;
    want.freq = a->cfg.rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = (Uint16)aud_dev_pow2((size_t)(a->cfg.rate * a->cfg.period_ms / 1000));
    want.callback = iscapture ? aud_dev_capture_cb : aud_dev_playback_cb;
    want.userdata = s;
    SDL_AudioDeviceID id =
        SDL_OpenAudioDevice(name, iscapture, &want, &have,
                            SDL_AUDIO_ALLOW_FREQUENCY_CHANGE | SDL_AUDIO_ALLOW_SAMPLES_CHANGE);
    if (!id) return false;
    size_t cap = aud_dev_pow2((size_t)have.freq * (size_t)a->cfg.ring_ms / 1000);
    if (cap > s->buf_cap) {
        int16_t *buf = realloc(s->buf, cap * sizeof *buf);
        if (!buf) {
            SDL_CloseAudioDevice(id);
            return false;
        }
        s->buf = buf;
        s->buf_cap = cap;
    }
    aud_ring_init(&s->ring, s->buf, cap);
    s->id = id;
    s->rate = have.freq;
    s->period = have.samples;
    a->opens++;
    SDL_PauseAudioDevice(id, 0);
    return true;
}

/* One attempt to get a device for this side: the chosen one, else the default. */
static void aud_dev_attempt(aud_dev *a, aud_side *s, double now)
{
    const char *what = aud_dev_what(s->dir);
    s->next_try = now + a->cfg.retry;
    if (s->want[0] && aud_dev_try(a, s, s->want)) {
        aud_dev_say(s, AUD_STATUS_OK, "%s: %s", what, s->want);
        return;
    }
    if (aud_dev_try(a, s, NULL)) {
        if (s->want[0])
            aud_dev_say(s, AUD_STATUS_FALLBACK,
                        "%s \"%s\" not found; using the system default until it is back", what,
                        s->want);
        else
            aud_dev_say(s, AUD_STATUS_OK, "%s: system default", what);
        return;
    }
    if (s->status == AUD_STATUS_LOST) return; /* keep saying what was lost */
    aud_dev_say(s, AUD_STATUS_NO_DEVICE,
                "no %s found (%s); plug one in or choose another in the settings, Parley keeps "
                "trying",
                what, SDL_GetError());
}

static void aud_dev_lost(aud_dev *a, aud_side *s, double now)
{
    aud_dev_close_side(s);
    a->losses++;
    const char *what = aud_dev_what(s->dir);
    if (s->want[0])
        aud_dev_say(s, AUD_STATUS_LOST, "%s \"%s\" was disconnected; waiting for it to come back",
                    what, s->want);
    else
        aud_dev_say(s, AUD_STATUS_LOST, "the %s went away; waiting for a device", what);
    aud_dev_attempt(a, s, now); /* the default may take over at once */
}

static bool aud_dev_sdl_start(aud_dev *a, double now)
{
    if (a->sdl) return true;
    a->next_sdl_try = now + a->cfg.retry;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        for (int d = 0; d < 2; d++) {
            aud_side *s = &a->side[d];
            if (s->wanted)
                aud_dev_say(s, AUD_STATUS_NO_DRIVER,
                            "no sound system (%s); voice is off, everything else works",
                            SDL_GetError());
        }
        return false;
    }
    a->sdl = true;
    return true;
}

aud_dev *aud_dev_open(const aud_dev_config *cfg, double now)
{
    aud_dev *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    if (cfg) a->cfg = *cfg;
    if (a->cfg.rate <= 0) a->cfg.rate = 48000;
    if (a->cfg.period_ms <= 0) a->cfg.period_ms = 10;
    if (a->cfg.ring_ms <= 0) a->cfg.ring_ms = 500;
    if (!(a->cfg.retry > 0)) a->cfg.retry = 1.0;
    a->cfg.capture = a->cfg.playback = NULL; /* copied below; the caller's strings may go */
    for (int d = 0; d < 2; d++) {
        aud_side *s = &a->side[d];
        const char *name =
            d == AUD_CAPTURE ? (cfg ? cfg->capture : NULL) : (cfg ? cfg->playback : NULL);
        s->dev = a;
        s->dir = (aud_dir)d;
        s->wanted = d == AUD_CAPTURE ? !a->cfg.no_capture : !a->cfg.no_playback;
        if (name) snprintf(s->want, sizeof s->want, "%s", name);
        SDL_AtomicSet(&s->xrun, 0);
        aud_dev_say(s, AUD_STATUS_OFF, "%s: off", aud_dev_what(s->dir));
    }
    if (aud_dev_sdl_start(a, now))
        for (int d = 0; d < 2; d++)
            if (a->side[d].wanted) aud_dev_attempt(a, &a->side[d], now);
    return a;
}

void aud_dev_close(aud_dev *a)
{
    if (!a) return;
    for (int d = 0; d < 2; d++) {
        aud_dev_close_side(&a->side[d]);
        free(a->side[d].buf);
    }
    if (a->sdl) SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(a);
}

/* True when the sound system lists a device of this name. */
static bool aud_dev_listed(aud_dir dir, const char *name)
{
    int n = SDL_GetNumAudioDevices(dir == AUD_CAPTURE);
    for (int i = 0; i < n; i++) {
        const char *got = SDL_GetAudioDeviceName(i, dir == AUD_CAPTURE);
        if (got && strcmp(got, name) == 0) return true;
    }
    return false;
}

/* Moves the callbacks' counts into 64-bit totals (on the loop's thread). */
static void aud_dev_fold(aud_dev *a)
{
    for (int d = 0; d < 2; d++)
        a->side[d].xrun_total += (uint32_t)SDL_AtomicSet(&a->side[d].xrun, 0);
}

void aud_dev_update(aud_dev *a, double now)
{
    aud_dev_fold(a);
    if (!a->sdl) {
        if (now < a->next_sdl_try || !aud_dev_sdl_start(a, now)) return;
        for (int d = 0; d < 2; d++)
            if (a->side[d].wanted) aud_dev_attempt(a, &a->side[d], now);
    }
    for (int d = 0; d < 2; d++) {
        aud_side *s = &a->side[d];
        if (!s->wanted) continue;
        if (s->id && SDL_GetAudioDeviceStatus(s->id) == SDL_AUDIO_STOPPED) aud_dev_lost(a, s, now);
        if (now < s->next_try) continue;
        if (!s->id) {
            aud_dev_attempt(a, s, now);
        } else if (s->status == AUD_STATUS_FALLBACK) {
            s->next_try = now + a->cfg.retry;
            if (aud_dev_listed(s->dir, s->want)) {
                aud_dev_close_side(s);
                aud_dev_attempt(a, s, now);
            }
        }
    }
}

void aud_dev_on_event(aud_dev *a, const SDL_Event *ev, double now)
{
    if (!a->sdl) return;
    if (ev->type == SDL_AUDIODEVICEREMOVED) {
        for (int d = 0; d < 2; d++) {
            aud_side *s = &a->side[d];
            if (s->id && s->id == ev->adevice.which &&
                (int)s->dir == (ev->adevice.iscapture ? 0 : 1))
                aud_dev_lost(a, s, now);
        }
    } else if (ev->type == SDL_AUDIODEVICEADDED) {
        for (int d = 0; d < 2; d++) {
            aud_side *s = &a->side[d];
            if (s->wanted && (!s->id || s->status == AUD_STATUS_FALLBACK)) s->next_try = now;
        }
    }
}

void aud_dev_select(aud_dev *a, aud_dir dir, const char *name, double now)
{
    aud_side *s = &a->side[dir];
    snprintf(s->want, sizeof s->want, "%s", name ? name : "");
    s->wanted = true;
    aud_dev_close_side(s);
    s->status = AUD_STATUS_NO_DEVICE;
    if (a->sdl) aud_dev_attempt(a, s, now);
}

aud_status aud_dev_status(const aud_dev *a, aud_dir dir)
{
    return a->side[dir].status;
}

const char *aud_dev_status_text(const aud_dev *a, aud_dir dir)
{
    return a->side[dir].text;
}

const char *aud_dev_status_name(aud_status s)
{
    switch (s) {
    case AUD_STATUS_OFF:
        return "off";
    case AUD_STATUS_OK:
        return "ok";
    case AUD_STATUS_FALLBACK:
        return "fallback";
    case AUD_STATUS_NO_DRIVER:
        return "no-driver";
    case AUD_STATUS_NO_DEVICE:
        return "no-device";
    case AUD_STATUS_LOST:
        return "lost";
    }
    return "unknown";
}

int aud_dev_rate(const aud_dev *a, aud_dir dir)
{
    return a->side[dir].id ? a->side[dir].rate : 0;
}

size_t aud_dev_period(const aud_dev *a, aud_dir dir)
{
    return a->side[dir].id ? a->side[dir].period : 0;
}

size_t aud_dev_read(aud_dev *a, int16_t *pcm, size_t n)
{
    aud_side *s = &a->side[AUD_CAPTURE];
    if (!s->id) return 0;
    return aud_ring_read(&s->ring, pcm, n);
}

size_t aud_dev_write(aud_dev *a, const int16_t *pcm, size_t n)
{
    aud_side *s = &a->side[AUD_PLAYBACK];
    if (!s->id) return n;
    return aud_ring_write(&s->ring, pcm, n);
}

size_t aud_dev_queued(const aud_dev *a)
{
    const aud_side *s = &a->side[AUD_PLAYBACK];
    return s->id ? aud_ring_readable(&s->ring) : 0;
}

aud_dev_stats aud_dev_get_stats(const aud_dev *a)
{
    aud_dev_stats st = {.opens = a->opens, .losses = a->losses};
    st.overrun = a->side[AUD_CAPTURE].xrun_total +
                 (uint32_t)SDL_AtomicGet((SDL_atomic_t *)&a->side[AUD_CAPTURE].xrun);
    st.underrun = a->side[AUD_PLAYBACK].xrun_total +
                  (uint32_t)SDL_AtomicGet((SDL_atomic_t *)&a->side[AUD_PLAYBACK].xrun);
    return st;
}

uint32_t aud_dev_sdl_id(const aud_dev *a, aud_dir dir)
{
    return a->side[dir].id;
}

int aud_dev_list(aud_dir dir, char names[][AUD_NAME_MAX], int cap)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return -1;
    int n = SDL_GetNumAudioDevices(dir == AUD_CAPTURE), got = 0;
    for (int i = 0; i < n && got < cap; i++) {
        const char *name = SDL_GetAudioDeviceName(i, dir == AUD_CAPTURE);
        if (!name) continue;
        snprintf(names[got++], AUD_NAME_MAX, "%s", name);
    }
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return got;
}
