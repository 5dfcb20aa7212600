/* voice_vad.h — voice activity: is this 20 ms frame speech?
 *
 * speexdsp 1.2's own detector calls nearly everything speech (it says so: "The VAD has been
 * replaced by a hack"), so Parley decides from levels measured after noise suppression. A
 * frame is speech when it is louder than an absolute threshold and at least margin_db above
 * the noise floor. The floor is the quietest frame of the last 3 s (minimum statistics over
 * VC_VAD_BLOCKS blocks of 0.5 s): the pauses between words keep it at the noise level while
 * someone talks, and steady sound (a fan, hum, a held tone) stops counting as speech within
 * 3 s. Until 3 s have passed the floor is assumed to be threshold - margin. Once speech
 * starts, 3 dB of hysteresis keeps soft word ends; the hangover (sending a little longer
 * after speech ends) is the encoder's job. */
#ifndef PARLEY_VOICE_VAD_H
#define PARLEY_VOICE_VAD_H

#include <stdbool.h>

#define VC_VAD_BLOCKS       6
#define VC_VAD_BLOCK_FRAMES 25
#define VC_VAD_HYSTERESIS   3.0f

typedef struct vc_vad {
    float threshold; /* dBFS */
    float margin;    /* dB */
    float block_min[VC_VAD_BLOCKS];
    int block; /* the block being filled */
    int frames_in_block;
    float floor;
    bool speech;
} vc_vad;

void vc_vad_init(vc_vad *v, float threshold_dbfs, float margin_db);
/* Takes one frame's level (dBFS) and returns whether it is speech. */
bool vc_vad_update(vc_vad *v, float level_dbfs);

#endif
