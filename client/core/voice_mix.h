/* voice_mix.h — sums the senders' 20 ms frames into the one that is played, without
 * clipping; deafen.
 *
 * Blocks of any size up to a frame are summed in float, each times its volume. The sum then
 * passes a limiter: when its peak would go over VC_MIX_CEILING the gain drops at once (a
 * ramp over the first VC_MIX_ATTACK samples of the block) and comes back slowly
 * (VC_MIX_RELEASE_DB per 20 ms),
 * so loud moments get quieter rather than distorted. Whatever still lies above VC_MIX_KNEE
 * is bent smoothly (tanh) towards full scale, so no sample is ever clipped or wraps. A mix
 * that stays under the knee passes unchanged: one sender at volume 1 is bit-exact.
 *
 * The caller owns the vc_mix; nothing allocates. */
#ifndef PARLEY_VOICE_MIX_H
#define PARLEY_VOICE_MIX_H

#include "voice_codec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VC_MIX_KNEE       0.75f /* of full scale */
#define VC_MIX_CEILING    0.90f /* of full scale: the limiter's target for peaks */
#define VC_MIX_ATTACK     32    /* samples */
#define VC_MIX_RELEASE_DB 0.5f  /* per 20 ms */

typedef struct vc_mix {
    int rate;         /* samples per second, for the release time */
    size_t n;         /* samples in the block being mixed */
    uint32_t inputs;  /* frames added to it */
    float gain;       /* the limiter's gain at the end of the last frame, <= 1 */
    uint64_t limited; /* blocks where the limiter or the knee acted */
    float acc[VC_MAX_FRAME];
} vc_mix;

void vc_mix_init(vc_mix *m, int rate);
/* Starts a block of n samples (n <= VC_MAX_FRAME). */
void vc_mix_begin(vc_mix *m, size_t n);
/* Adds one sender's block (n samples) times volume. */
void vc_mix_add(vc_mix *m, const int16_t *pcm, float volume);
/* Writes the mixed block: silence when deafened or when nothing was added. */
void vc_mix_end(vc_mix *m, int16_t *out, bool deafened);

#endif
