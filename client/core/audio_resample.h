/* audio_resample.h — sample-rate conversion between the codec's rate and a device's or a
 * file's rate (speexdsp's resampler, mono 16-bit).
 *
 * Streaming: each call converts as much of the input as fits in the output and says how
 * much input it used; the filter's state carries over between calls, so blocks of any size
 * join without clicks. When the two rates are equal the samples are copied. Creating one
 * allocates; converting does not. */
#ifndef PARLEY_AUDIO_RESAMPLE_H
#define PARLEY_AUDIO_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#define AUD_RATE_MIN         4000
#define AUD_RATE_MAX         192000
#define AUD_RESAMPLE_QUALITY 5 /* speexdsp's "desktop" quality: -80 dB stop band */

typedef struct aud_resample aud_resample;

/* NULL when a rate is outside AUD_RATE_MIN..AUD_RATE_MAX, quality outside 0..10, or out of
 * memory. */
aud_resample *aud_resample_create(int in_rate, int out_rate, int quality);
void aud_resample_destroy(aud_resample *r);
/* Converts from in[0..*in_len) into out[0..out_cap); sets *in_len to the samples used and
 * returns the samples written. */
size_t aud_resample_run(aud_resample *r, const int16_t *in, size_t *in_len, int16_t *out,
                        size_t out_cap);
/* Output samples a block of n input samples becomes, rounded up (for sizing buffers). */
size_t aud_resample_out_max(const aud_resample *r, size_t n);
/* The filter's delay, in output samples. */
int aud_resample_delay(const aud_resample *r);
int aud_resample_in_rate(const aud_resample *r);
int aud_resample_out_rate(const aud_resample *r);
/* Forgets the filter history (after a gap in the stream). */
void aud_resample_reset(aud_resample *r);

#endif
