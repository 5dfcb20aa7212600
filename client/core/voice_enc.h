/* voice_enc.h — the send path for one microphone: 20 ms frames in, Speex frames out.
 *
 * Per frame, at the codec's rate, in two 10 ms blocks:
 *   microphone -> echo canceller -> preprocessor -------------> AGC'd frame -> Speex
 *                 (speex_echo, fed  (speex_preprocess: noise       |
 *                  what was played)  suppression, residual echo,   level before the AGC's
 *                                    AGC)                          gain -> VAD (voice_vad.h)
 * and a transmit gate decides whether the frame is sent:
 *   VC_TX_VOICE       voice activation: VAD speech, plus a hangover after the last speech
 *                     frame so word ends are not clipped
 *   VC_TX_PTT         while push-to-talk is held, plus a short hold after release
 *   VC_TX_CONTINUOUS  every frame that is not digital silence
 * Muted: nothing is sent, but the frame is still processed and measured (meters, echo
 * canceller). Silence produces no packets at all (discontinuous transmission); the first
 * frame after a pause resets the Speex encoder, as the receiver resets its decoder.
 *
 * Why 10 ms blocks: speex_preprocess_run returns each block one block late (overlap-add),
 * so 10 ms blocks cost 10 ms of latency where 20 ms blocks would cost 20. (5 ms blocks
 * would save 5 more, but the echo canceller then reached 38 dB instead of 85 dB on the
 * test signal in tests/unit/test_voice_enc.c and let echo through the gate, and noise
 * suppression lost 5 dB.) The preprocessor's residual-echo estimate needs the echo
 * canceller's block size, so both use the same.
 *
 * A "raw" frame (a file being streamed as the voice source) skips the echo canceller and
 * the preprocessor, and is gated by the continuous rule whatever the mode.
 *
 * Far end: the echo canceller must see what the speakers played. Pass everything mixed for
 * playback to vc_enc_far_end at the codec rate; each processed microphone block consumes
 * the same amount of it (silence when none is queued). The queue is kept at most
 * VC_ENC_FAR_MAX frames deep, so capture and playback clocks that drift apart cost a brief
 * re-convergence, never an unbounded delay.
 *
 * Creating an encoder allocates (Speex and speexdsp states); processing frames does not. */
#ifndef PARLEY_VOICE_ENC_H
#define PARLEY_VOICE_ENC_H

#include "voice_codec.h"
#include "voice_wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VC_ENC_FAR_MAX      6      /* frames of far-end signal kept queued at most */
#define VC_ENC_SILENCE_DBFS -80.0f /* quieter frames are "digital silence" */

typedef enum vc_tx_mode {
    VC_TX_VOICE = 0,
    VC_TX_PTT = 1,
    VC_TX_CONTINUOUS = 2,
} vc_tx_mode;

typedef struct vc_enc_config {
    vw_mode mode;             /* VW_MODE_WB */
    int quality;              /* 8: Speex quality 0..10 (WB 8 = 27.8 kbit/s) */
    int complexity;           /* 2: Speex encoder complexity 1..10 */
    bool vbr;                 /* false */
    vc_tx_mode tx;            /* VC_TX_VOICE */
    bool denoise;             /* true */
    int noise_suppress_db;    /* -25: attenuation of noise, dB (negative) */
    bool agc;                 /* true */
    int agc_level;            /* 12000: AGC target RMS (of 32768) */
    int agc_max_gain_db;      /* 20: how far the AGC may raise a quiet voice */
    bool echo;                /* true */
    int echo_tail_ms;         /* 128: echo path length the canceller models */
    float vad_threshold_dbfs; /* -50 */
    float vad_margin_db;      /* 10 */
    int hangover_ms;          /* 300: voice activation keeps sending this long after speech */
    int ptt_hold_ms;          /* 100: push-to-talk keeps sending this long after release */
} vc_enc_config;

typedef struct vc_enc_info {
    float input_dbfs;     /* the frame as captured */
    float processed_dbfs; /* after echo cancelling and noise suppression, before the AGC's
                             gain (what the VAD judges) */
    bool speech;          /* VAD verdict (for raw frames: not digital silence) */
    bool send;            /* a payload was produced */
    bool start;           /* ...and it is the first of a talk-spurt */
    size_t len;           /* payload bytes */
} vc_enc_info;

typedef struct vc_enc vc_enc;

vc_enc_config vc_enc_default_config(void);
/* NULL when a setting is out of range (logged nowhere: the caller's config) or out of
 * memory. */
vc_enc *vc_enc_create(const vc_enc_config *cfg);
void vc_enc_destroy(vc_enc *e);

vw_mode vc_enc_mode(const vc_enc *e);
int vc_enc_rate(const vc_enc *e);
size_t vc_enc_frame_size(const vc_enc *e);
/* The delay the send path adds beyond filling the frame, in samples at its rate:
 * preprocessing (one 10 ms block when any of it is on) plus Speex's lookahead. */
size_t vc_enc_delay(const vc_enc *e);

/* Processes one frame of vc_enc_frame_size samples. When it is to be sent, writes the Speex
 * frame to payload (cap >= VW_MAX_PAYLOAD) and returns its length; otherwise returns 0. */
size_t vc_enc_process(vc_enc *e, const int16_t *pcm, bool raw, uint8_t *payload, size_t cap,
                      vc_enc_info *info);
/* Queues what the speakers played (codec rate, any length). */
void vc_enc_far_end(vc_enc *e, const int16_t *pcm, size_t n);

void vc_enc_set_tx(vc_enc *e, vc_tx_mode tx);
vc_tx_mode vc_enc_tx(const vc_enc *e);
void vc_enc_set_ptt(vc_enc *e, bool down);
void vc_enc_set_mute(vc_enc *e, bool muted);
/* True while frames are being sent (including hangover). */
bool vc_enc_talking(const vc_enc *e);

#endif
