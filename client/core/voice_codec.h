/* voice_codec.h — what each codec mode means: sample rate, frame size and Speex mode.
 *
 * Every mode uses 20 ms frames of 16-bit mono samples: 160 (NB, 8 kHz), 320 (WB, 16 kHz) or
 * 640 (UWB, 32 kHz). A Speex decoder of any mode decodes frames of every mode (a wideband
 * decoder plays a narrowband frame at 16 kHz, and drops the top band of an ultra-wideband
 * one), so a receiver decodes all its senders at one rate of its choosing. */
#ifndef PARLEY_VOICE_CODEC_H
#define PARLEY_VOICE_CODEC_H

#include "voice_wire.h"

#include <speex/speex.h>
#include <stddef.h>

#define VC_FRAME_MS  20
#define VC_MAX_FRAME 640 /* samples in the largest frame (UWB) */
#define VC_MAX_RATE  32000

int vc_codec_rate(vw_mode m);
size_t vc_codec_frame(vw_mode m);
const SpeexMode *vc_codec_speex(vw_mode m);
/* True for the three real modes. */
bool vc_codec_valid(vw_mode m);
/* True when payload is exactly one Speex frame of mode m: a narrowband layer, then one
 * (WB) or two (UWB) wideband layers, each with a valid sub-mode, the sizes adding up to the
 * payload with only Speex's terminator bits as padding. Receivers check this before
 * decoding, so garbage from the network never reaches the decoder (which would also print
 * to stderr). */
bool vc_codec_check_frame(vw_mode m, const uint8_t *payload, size_t len);

#endif
