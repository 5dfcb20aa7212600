/* voice_engine.h — the voice engine the GUI, parley-cli and bots share: captured PCM in,
 * voice messages out; received voice messages in, PCM to play out.
 *
 * It does no I/O and keeps no clock: the caller passes samples, messages and `now`
 * (seconds, monotonic), and sends what vc_engine_pop_packet returns on CONN_CH_VOICE. With
 * real devices, voice_io.h does the pumping; tests and bots call these directly.
 *
 *   capture  vc_engine_capture(pcm at capture_rate) -> resample -> 20 ms frames -> vc_enc
 *            (echo canceller, noise suppression, VAD, AGC, Speex) -> VW_UP messages queued
 *            (nothing while silent, muted or deafened)            -> vc_engine_pop_packet
 *   receive  vc_engine_receive(VW_DOWN message) -> the sender's jitter buffer (vc_dec)
 *   playback vc_engine_playback(n samples at playback_rate): each 20 ms every talking sender
 *            is decoded (or concealed), mixed with its volume and the limiter (vc_mix),
 *            resampled; the mix is also the echo canceller's far end
 *
 * Modes and controls
 *   transmit     voice activation (default), push-to-talk (vc_engine_set_ptt), continuous
 *   mute         nothing is sent; the microphone is still measured
 *   deafen       nothing is played, and (as people expect) nothing is sent either
 *   mic test     your own frames, encoded and decoded, are played back to you and not sent
 *                (a loopback through the real codec and jitter buffer; mute does not apply)
 *   file source  a WAV file (or any PCM) replaces the microphone: vc_engine_source_start,
 *                then feed vc_engine_source_due(now) samples at a time; no echo cancelling,
 *                noise suppression or AGC, and only digital silence is skipped
 * Observing
 *   vc_engine_get_state: input level (dBFS and 0..1), talking, modes, counters
 *   vc_engine_senders / vc_engine_sender: per sender talking, level, volume, jitter delay,
 *   loss and concealment counters
 *   vc_engine_poll_event: talk start / stop of every sender and of this client (VC_SELF)
 *
 * Creating the engine and changing codec or rates allocate; capture, receive and playback do
 * not, except the state of a sender heard for the first time (voice_dec.h). */
#ifndef PARLEY_VOICE_ENGINE_H
#define PARLEY_VOICE_ENGINE_H

#include "voice_dec.h"
#include "voice_enc.h"
#include "voice_wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VC_ENGINE_OUTBOX 16 /* messages waiting to be sent; the oldest goes when full */
#define VC_ENGINE_EVENTS 64 /* events waiting to be polled; the oldest goes when full */
#define VC_SELF          0  /* the user id of this client in events (never on the wire) */

typedef struct vc_engine_config {
    vc_enc_config enc; /* codec mode and quality, processing, transmit mode */
    vc_dec_config dec; /* decode rate, senders, jitter buffer */
    int capture_rate;  /* 48000: rate of the PCM given to vc_engine_capture */
    int playback_rate; /* 48000: rate of the PCM vc_engine_playback makes */
    vw_target target;  /* VW_TARGET_ROOM: where this client's voice goes */
} vc_engine_config;

typedef enum vc_event_type { VC_EV_TALK_START = 1, VC_EV_TALK_STOP = 2 } vc_event_type;

typedef struct vc_event {
    vc_event_type type;
    uint32_t user; /* VC_SELF for this client */
    double time;   /* `now` of the call that noticed it */
} vc_event;

typedef struct vc_engine_state {
    float input_dbfs;  /* last 20 ms of microphone (or file) input, before processing */
    float input_meter; /* the same on 0..1 for a meter */
    bool talking;      /* frames are being sent (or looped back in the mic test) */
    bool muted, deafened, ptt, mic_test, source;
    vc_tx_mode tx;
    vw_mode mode;
    vw_target target;
    uint64_t frames;           /* 20 ms frames captured */
    uint64_t packets_sent;     /* messages queued for sending */
    uint64_t packets_dropped;  /* messages dropped because nobody popped them */
    uint64_t packets_received; /* valid voice messages received */
    uint64_t packets_rejected; /* malformed voice messages */
    uint64_t packets_refused;  /* valid but not buffered (late, duplicate, full) */
    uint64_t events_dropped;
    uint64_t limited_frames; /* mixed frames the limiter had to turn down */
} vc_engine_state;

/* Where the time between a sound reaching vc_engine_capture and leaving
 * vc_engine_playback goes (besides the network and each sender's jitter buffer delay,
 * vc_sender_info.delay_ms). The sum is what tools/voicebench measures for two engines. */
typedef struct vc_engine_latency {
    double frame_ms;     /* 20: a sample waits for its frame to fill */
    double encoder_ms;   /* preprocessing (10 when on) + Speex lookahead (5 / 8.9 / 10.9) */
    double decoder_ms;   /* Speex decoder delay (5 in every mode) */
    double resample_ms;  /* the capture and playback resamplers' filters (2.5 ms each) */
    double mix_block_ms; /* at most this long before a newly arrived frame is mixed */
    double total_ms;     /* the sum */
} vc_engine_latency;

typedef struct vc_engine vc_engine;

vc_engine_config vc_engine_default_config(void);
/* NULL when a setting is out of range or out of memory. */
vc_engine *vc_engine_create(const vc_engine_config *cfg);
void vc_engine_destroy(vc_engine *e);

/* Microphone samples (mono, capture_rate), any count. Ignored while a file source plays. */
void vc_engine_capture(vc_engine *e, const int16_t *pcm, size_t n, double now);
/* The next message to send on CONN_CH_VOICE (cap >= VW_MAX_UP); false when none. */
bool vc_engine_pop_packet(vc_engine *e, uint8_t *buf, size_t cap, size_t *len);

/* A message received on CONN_CH_VOICE. False when it is malformed (dropped and counted;
 * the network's fault, not the caller's) or could not be buffered. */
bool vc_engine_receive(vc_engine *e, const uint8_t *msg, size_t len, double now);
/* Makes n samples to play (mono, playback_rate). */
void vc_engine_playback(vc_engine *e, int16_t *out, size_t n, double now);

/* A file (any rate 4,000..192,000 Hz, mono) becomes the voice source. False on a bad rate
 * or out of memory. */
bool vc_engine_source_start(vc_engine *e, int rate, double now);
/* Samples of the source that are due by `now` to keep it in real time (at most 1 s; a
 * caller that fell further behind skips ahead). */
size_t vc_engine_source_due(vc_engine *e, double now);
void vc_engine_source_feed(vc_engine *e, const int16_t *pcm, size_t n, double now);
void vc_engine_source_stop(vc_engine *e, double now);

void vc_engine_set_mute(vc_engine *e, bool on);
void vc_engine_set_deafen(vc_engine *e, bool on);
void vc_engine_set_ptt(vc_engine *e, bool down);
void vc_engine_set_tx(vc_engine *e, vc_tx_mode tx);
void vc_engine_set_target(vc_engine *e, vw_target target);
void vc_engine_set_mic_test(vc_engine *e, bool on);
/* Volume of one sender, 0..VC_DEC_MAX_VOLUME (1 = as sent). */
void vc_engine_set_volume(vc_engine *e, uint32_t user, float volume);
/* Changes the codec mode and quality this client sends with; false (nothing changed) when
 * out of range or out of memory. */
bool vc_engine_set_codec(vc_engine *e, vw_mode mode, int quality);
/* The devices' rates changed (another device was opened); false as above. */
bool vc_engine_set_rates(vc_engine *e, int capture_rate, int playback_rate);
/* Forgets every sender (after leaving a room or ending a call); those talking get a
 * VC_EV_TALK_STOP. */
void vc_engine_clear(vc_engine *e);

vc_engine_state vc_engine_get_state(const vc_engine *e);
size_t vc_engine_senders(const vc_engine *e, vc_sender_info *out, size_t cap);
bool vc_engine_sender(const vc_engine *e, uint32_t user, vc_sender_info *out);
bool vc_engine_poll_event(vc_engine *e, vc_event *ev);
vc_engine_latency vc_engine_get_latency(const vc_engine *e);
int vc_engine_capture_rate(const vc_engine *e);
int vc_engine_playback_rate(const vc_engine *e);

#endif
