/* voice_mix.c — summing with a limiter and a soft knee: see voice_mix.h. */
#include "voice_mix.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#define VC_MIX_FULL 32767.0f

void vc_mix_init(vc_mix *m, int rate)
{
    assert(rate > 0);
    memset(m, 0, sizeof *m);
    m->rate = rate;
    m->gain = 1.0f;
}

/* The release step for a block of n samples: VC_MIX_RELEASE_DB per 20 ms. */
static float vc_mix_release(const vc_mix *m)
{
    float frames = (float)m->n * 50.0f / (float)m->rate;
    return powf(10.0f, VC_MIX_RELEASE_DB * frames / 20.0f);
}

void vc_mix_begin(vc_mix *m, size_t n)
{
    assert(n <= VC_MAX_FRAME);
    m->n = n;
    m->inputs = 0;
    memset(m->acc, 0, n * sizeof m->acc[0]);
}

void vc_mix_add(vc_mix *m, const int16_t *pcm, float volume)
{
    assert(pcm && volume >= 0.0f);
    for (size_t i = 0; i < m->n; i++) m->acc[i] += (float)pcm[i] * volume;
    m->inputs++;
}

static int16_t vc_mix_knee(float y)
{
    const float knee = VC_MIX_KNEE * VC_MIX_FULL, room = VC_MIX_FULL - knee;
    float a = fabsf(y);
    if (a > knee) a = knee + room * tanhf((a - knee) / room);
    float v = y < 0 ? -a : a;
    return (int16_t)lrintf(v);
}

void vc_mix_end(vc_mix *m, int16_t *out, bool deafened)
{
    if (deafened || m->inputs == 0) {
        memset(out, 0, m->n * sizeof *out);
        m->gain *= vc_mix_release(m);
        if (m->gain > 1.0f) m->gain = 1.0f;
        return;
    }
    float peak = 0;
    for (size_t i = 0; i < m->n; i++) {
        float a = fabsf(m->acc[i]);
        if (a > peak) peak = a;
    }
    const float ceiling = VC_MIX_CEILING * VC_MIX_FULL;
    float from = m->gain, to;
    if (peak * from > ceiling) {
        to = ceiling / peak;
    } else {
        to = from * vc_mix_release(m);
        if (to > 1.0f) to = 1.0f;
        if (peak * to > ceiling) to = ceiling / peak;
    }
    /* Falling gain ramps quickly; rising gain over the whole frame. */
    size_t ramp = to < from ? (m->n < VC_MIX_ATTACK ? m->n : VC_MIX_ATTACK) : m->n;
    bool acted = to < 1.0f || from < 1.0f;
    for (size_t i = 0; i < m->n; i++) {
        float g = i < ramp ? from + (to - from) * (float)(i + 1) / (float)ramp : to;
        float y = m->acc[i] * g;
        if (fabsf(y) > VC_MIX_KNEE * VC_MIX_FULL) acted = true;
        out[i] = vc_mix_knee(y);
    }
    m->gain = to;
    if (acted) m->limited++;
}
