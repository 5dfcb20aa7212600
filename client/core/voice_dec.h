/* voice_dec.h — the receive path: per sender a jitter buffer, a Speex decoder with
 * packet-loss concealment, a volume; all senders in one table with time-outs.
 *
 * Time runs in two clocks, both the caller's: vc_dec_put takes `now` (seconds) for each
 * arriving frame, and vc_dec_pull plays the next n samples, so playback follows the device.
 * Each sender decodes a frame into its own FIFO whenever the previous one has been played
 * out, so its 20 ms frame boundaries start where its talk-spurt started: a first frame waits
 * only for the next pull (a few ms), not for a global 20 ms tick. speexdsp's JitterBuffer
 * measures how late frames arrive relative to these per-sender frame times and moves its
 * delay up (by playing a concealment frame) or down (by dropping a frame in a quiet moment)
 * so that at most ~4% of frames arrive too late. Having seen a burst of jitter, it keeps
 * the larger delay until that burst has left its statistics window (about 1,000 frames);
 * every talk-spurt starts afresh, with the jitter the previous spurt saw as prebuffer.
 *
 * A sender's life (talk-spurts, because silence is not sent):
 *   idle --frame--> buffering --prebuffer--> playing --idle_frames missing--> idle
 *   A new spurt starts with a reset jitter buffer and decoder. It waits `prebuffer` frames
 *   before playing: the jitter the previous spurt saw (twice the mean of its frames'
 *   arrival-to-playout waits above the shortest one; 0 on a quiet LAN), so a jittery link
 *   does not glitch at every first word, and a calm one does not inherit an old delay. While
 * playing, a missing frame is concealed by Speex (decode with no data) for plc_frames, then
 * silence; after idle_frames the spurt has ended. An idle sender not heard from for `timeout` is
 *   forgotten (its decoder freed).
 *
 * Frames carry a 5-bit sequence number (voice_wire.h). It is extended to a full counter by
 * predicting it from the arrival time since the newest frame (20 ms per frame), then taking
 * the value with the same low bits within ±16 frames of the prediction; duplicates and
 * frames more than 64 behind are dropped.
 *
 * Every sender is decoded at the decoder's own mode (a WB decoder plays NB and UWB frames
 * too), so all frames leave at one rate, ready to mix.
 *
 * Memory: a new sender allocates its state (decoder, jitter buffer, VC_DEC_SLOTS frame
 * slots); putting, playing and concealing frames never allocate. The jitter buffer holds
 * pointers into the sender's slots (its destroy callback frees a slot). */
#ifndef PARLEY_VOICE_DEC_H
#define PARLEY_VOICE_DEC_H

#include "voice_codec.h"
#include "voice_wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VC_DEC_MAX_SENDERS 64
#define VC_DEC_SLOTS       50  /* frames buffered per sender: 1 s */
#define VC_DEC_MAX_VOLUMES 128 /* senders with a volume other than 1 */
#define VC_DEC_MAX_VOLUME  4.0f

typedef struct vc_dec_config {
    vw_mode mode;         /* VW_MODE_WB: the rate every sender is decoded at */
    uint32_t max_senders; /* 32, at most VC_DEC_MAX_SENDERS */
    double timeout;       /* 10 s: an idle sender is forgotten after this long unheard */
    int idle_frames;      /* 8: missing frames that end a talk-spurt (1..20) */
    int plc_frames;       /* 5: missing frames concealed before silence */
    int max_prebuffer;    /* 5: frames a new spurt may wait before it plays */
    int max_late_percent; /* 4: share of frames the jitter buffer may let arrive too late */
} vc_dec_config;

typedef enum vc_put_result {
    VC_PUT_OK = 0,
    VC_PUT_DUPLICATE, /* this frame was already received */
    VC_PUT_LATE,      /* its time to play has passed */
    VC_PUT_FULL,      /* the sender's slots are full: it sends faster than real time */
    VC_PUT_NO_ROOM,   /* the sender table is full of talking senders */
    VC_PUT_INVALID,   /* the payload is not a Speex frame of its mode (vc_codec_check_frame) */
} vc_put_result;

typedef struct vc_sender_info {
    uint32_t id;
    bool talking;     /* in a talk-spurt (playing or about to) */
    vw_mode mode;     /* of its latest frame */
    vw_target target; /* of its latest frame */
    float level_dbfs; /* of what it played recently */
    float volume;
    float delay_ms; /* mean arrival-to-playout time in the jitter buffer, this/last spurt */
    uint64_t received, played, concealed, late, duplicate, full, invalid, inserted, spurts;
    uint64_t shrunk; /* 5 ms steps of delay given back early (voice_dec.c, VC_DEC_STEP) */
} vc_sender_info;

/* Where played frames and talking changes go during vc_dec_tick. Either may be NULL. */
typedef struct vc_dec_sink {
    void (*frame)(void *user, uint32_t sender, const int16_t *pcm, size_t n, float volume);
    void (*talk)(void *user, uint32_t sender, bool talking);
    void *user;
} vc_dec_sink;

typedef struct vc_dec vc_dec;

vc_dec_config vc_dec_default_config(void);
/* NULL when a setting is out of range or out of memory. */
vc_dec *vc_dec_create(const vc_dec_config *cfg);
void vc_dec_destroy(vc_dec *d);

int vc_dec_rate(const vc_dec *d);
size_t vc_dec_frame_size(const vc_dec *d);
/* The Speex decoder's own delay, in samples at the decoder's rate. */
size_t vc_dec_delay(const vc_dec *d);

/* Takes one received frame of `sender`. The payload is checked (an invalid one creates no
 * sender entry) and copied. */
vc_put_result vc_dec_put(vc_dec *d, uint32_t sender, const vw_frame *f, double now);
/* Plays the next n samples (n <= VC_MAX_FRAME) of every sender: sink->frame gets each
 * sender's n samples when any of them is sound (decoded or concealed), sink->talk each start
 * and end of a talk-spurt. Forgets senders idle and unheard for longer than the time-out. */
void vc_dec_pull(vc_dec *d, size_t n, double now, const vc_dec_sink *sink);
/* vc_dec_pull of one frame (20 ms). */
void vc_dec_tick(vc_dec *d, double now, const vc_dec_sink *sink);
/* Forgets every sender (leaving a room); volumes are kept. */
void vc_dec_clear(vc_dec *d);

/* Volume 0..VC_DEC_MAX_VOLUME (asserted), kept for the id even while it is not talking. */
void vc_dec_set_volume(vc_dec *d, uint32_t sender, float volume);
float vc_dec_volume(const vc_dec *d, uint32_t sender);

size_t vc_dec_count(const vc_dec *d);
/* Fills up to cap entries; returns how many senders there are. */
size_t vc_dec_senders(const vc_dec *d, vc_sender_info *out, size_t cap);
bool vc_dec_sender(const vc_dec *d, uint32_t id, vc_sender_info *out);

const char *vc_put_result_name(vc_put_result r);

#endif
