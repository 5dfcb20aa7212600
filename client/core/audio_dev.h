/* audio_dev.h — the microphone and the speakers: list them, open the chosen ones, move
 * samples, survive them going away. audio_sdl.c implements it with SDL2 audio.
 *
 * Samples are 16-bit mono at the device's own rate (aud_dev_rate; resample to the codec's
 * rate with audio_resample.h). SDL calls back from its audio threads; the callbacks only copy
 * between the device and a lock-free ring per direction (audio_ring.h), so the client loop
 * reads captured samples and writes samples to play without locks, at its own pace.
 *
 * Nothing here is fatal: with no sound system, no device, or a device unplugged, the status
 * says so (with a sentence for a person), reads return nothing, writes are accepted and
 * dropped, and aud_dev_update keeps trying to (re)open every `retry` seconds. A chosen
 * device that is missing is replaced by the system default (AUD_STATUS_FALLBACK) until it
 * comes back. Unplugging is noticed by polling the device's state in aud_dev_update, and at
 * once when the program passes SDL's audio device events to aud_dev_on_event.
 *
 * Testing without hardware: SDL_AUDIODRIVER=disk makes capture read raw S16 samples (the
 * opened rate, mono) from $SDL_DISKAUDIOFILEIN and playback write them to $SDL_DISKAUDIOFILE,
 * in real time; SDL_AUDIODRIVER=dummy has no capture device. */
#ifndef PARLEY_AUDIO_DEV_H
#define PARLEY_AUDIO_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUD_NAME_MAX    128
#define AUD_TEXT_MAX    256
#define AUD_MAX_DEVICES 64

typedef enum aud_dir { AUD_CAPTURE = 0, AUD_PLAYBACK = 1 } aud_dir;

typedef enum aud_status {
    AUD_STATUS_OFF = 0,   /* not wanted */
    AUD_STATUS_OK,        /* open and running */
    AUD_STATUS_FALLBACK,  /* the chosen device is missing: the system default plays instead */
    AUD_STATUS_NO_DRIVER, /* no sound system could start: retrying */
    AUD_STATUS_NO_DEVICE, /* nothing could be opened: retrying */
    AUD_STATUS_LOST,      /* the device went away: retrying */
} aud_status;

/* Zero fields mean the default in brackets. */
typedef struct aud_dev_config {
    int rate;             /* [48000] Hz asked for; the device may pick another */
    int period_ms;        /* [10] callback period asked for (SDL gets a power of two of
                             samples at least that long: 512 at 48 kHz, 10.7 ms); 5 ms
                             saves about 10 ms end to end (docs/VOICE.md) but is not yet
                             tried on real sound hardware */
    int ring_ms;          /* [500] capacity of each ring */
    const char *capture;  /* [NULL] device name; NULL or "": the system default */
    const char *playback; /* [NULL] */
    bool no_capture;      /* do not open a microphone */
    bool no_playback;     /* do not open speakers */
    double retry;         /* [1 s] between attempts to (re)open */
} aud_dev_config;

typedef struct aud_dev_stats {
    uint64_t overrun;  /* captured samples dropped: the loop did not read them in time */
    uint64_t underrun; /* samples played as silence: the loop did not write enough */
    uint64_t opens;    /* devices opened, both directions */
    uint64_t losses;   /* devices that went away */
} aud_dev_stats;

typedef struct aud_dev aud_dev;
union SDL_Event;

/* Starts SDL audio (reference-counted) and tries to open the devices. NULL only when out of
 * memory: a missing device or sound system is a status, not a failure. */
aud_dev *aud_dev_open(const aud_dev_config *cfg, double now);
void aud_dev_close(aud_dev *a);
/* Notices lost devices and retries opening; call once per loop iteration. */
void aud_dev_update(aud_dev *a, double now);
/* Optional: SDL_AUDIODEVICEADDED / SDL_AUDIODEVICEREMOVED from the program's event loop. */
void aud_dev_on_event(aud_dev *a, const union SDL_Event *ev, double now);
/* Switches to another device (NULL or "": the default); the status tells how it went. */
void aud_dev_select(aud_dev *a, aud_dir dir, const char *name, double now);

aud_status aud_dev_status(const aud_dev *a, aud_dir dir);
/* A sentence for a person about the device, e.g. what to do when it is missing. */
const char *aud_dev_status_text(const aud_dev *a, aud_dir dir);
const char *aud_dev_status_name(aud_status s);
/* The rate the open device runs at; 0 when none is open. */
int aud_dev_rate(const aud_dev *a, aud_dir dir);
/* Samples per callback of the open device; 0 when none is open. */
size_t aud_dev_period(const aud_dev *a, aud_dir dir);

/* Captured samples, up to n; 0 when none (or no microphone). */
size_t aud_dev_read(aud_dev *a, int16_t *pcm, size_t n);
/* Queues samples to play; returns how many were taken (all of them, dropped, when no
 * playback device is open). */
size_t aud_dev_write(aud_dev *a, const int16_t *pcm, size_t n);
/* Samples queued to play and not yet handed to the device. */
size_t aud_dev_queued(const aud_dev *a);
aud_dev_stats aud_dev_get_stats(const aud_dev *a);
/* The SDL audio device id in use (0: none), as SDL's device events name it. */
uint32_t aud_dev_sdl_id(const aud_dev *a, aud_dir dir);

/* Names of the devices the sound system lists (it may list none and still open a default).
 * Returns how many, at most cap; -1 when the sound system cannot start. */
int aud_dev_list(aud_dir dir, char names[][AUD_NAME_MAX], int cap);

#endif
