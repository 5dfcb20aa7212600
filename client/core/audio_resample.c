/* audio_resample.c — speexdsp resampler wrapper: see audio_resample.h. */
#include "audio_resample.h"

#include <assert.h>
#include <speex/speex_resampler.h>
#include <stdlib.h>
#include <string.h>

struct aud_resample {
    SpeexResamplerState *st; /* NULL when the rates are equal */
    int in_rate, out_rate;
};

aud_resample *aud_resample_create(int in_rate, int out_rate, int quality)
{
    if (in_rate < AUD_RATE_MIN || in_rate > AUD_RATE_MAX || out_rate < AUD_RATE_MIN ||
        out_rate > AUD_RATE_MAX || quality < SPEEX_RESAMPLER_QUALITY_MIN ||
        quality > SPEEX_RESAMPLER_QUALITY_MAX)
        return NULL;
    aud_resample *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->in_rate = in_rate;
    r->out_rate = out_rate;
    if (in_rate != out_rate) {
        int err = 0;
        r->st =
            speex_resampler_init(1, (spx_uint32_t)in_rate, (spx_uint32_t)out_rate, quality, &err);
        if (!r->st) {
            free(r);
            return NULL;
        }
        /* Without this the first output block starts with the filter's delay in zeros. */
        speex_resampler_skip_zeros(r->st);
    }
    return r;
}

void aud_resample_destroy(aud_resample *r)
{
    if (!r) return;
    if (r->st) speex_resampler_destroy(r->st);
    free(r);
}

size_t aud_resample_run(aud_resample *r, const int16_t *in, size_t *in_len, int16_t *out,
                        size_t out_cap)
{
    assert(r && in_len && (in || *in_len == 0) && (out || out_cap == 0));
    if (!r->st) {
        size_t n = *in_len < out_cap ? *in_len : out_cap;
        if (n) memcpy(out, in, n * sizeof *in);
        *in_len = n;
        return n;
    }
    size_t used = 0, made = 0;
    /* speexdsp counts in 32-bit lengths; feed big blocks in pieces. */
    while (used < *in_len && made < out_cap) {
        size_t want_in = *in_len - used, want_out = out_cap - made;
        spx_uint32_t ilen = (spx_uint32_t)(want_in > 65536 ? 65536 : want_in);
        spx_uint32_t olen = (spx_uint32_t)(want_out > 65536 ? 65536 : want_out);
        speex_resampler_process_int(r->st, 0, in + used, &ilen, out + made, &olen);
        if (ilen == 0 && olen == 0) break;
        used += ilen;
        made += olen;
    }
    *in_len = used;
    return made;
}

size_t aud_resample_out_max(const aud_resample *r, size_t n)
{
    return (size_t)(((uint64_t)n * (uint64_t)r->out_rate + (uint64_t)r->in_rate - 1) /
                    (uint64_t)r->in_rate) +
           1;
}

int aud_resample_delay(const aud_resample *r)
{
    return r->st ? speex_resampler_get_output_latency(r->st) : 0;
}

int aud_resample_in_rate(const aud_resample *r)
{
    return r->in_rate;
}

int aud_resample_out_rate(const aud_resample *r)
{
    return r->out_rate;
}

void aud_resample_reset(aud_resample *r)
{
    if (r->st) {
        speex_resampler_reset_mem(r->st);
        speex_resampler_skip_zeros(r->st);
    }
}
