/* voice_level.c — levels of PCM blocks: see voice_level.h. */
#include "voice_level.h"

#include <math.h>

float vc_level_dbfs(const int16_t *pcm, size_t n)
{
    if (n == 0) return VC_LEVEL_SILENT;
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += (double)pcm[i] * pcm[i];
    double ms = sum / (double)n / (32768.0 * 32768.0);
    if (ms <= 1e-12) return VC_LEVEL_SILENT;
    return (float)(10.0 * log10(ms));
}

int32_t vc_level_peak(const int16_t *pcm, size_t n)
{
    int32_t peak = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t a = pcm[i] < 0 ? -(int32_t)pcm[i] : pcm[i];
        if (a > peak) peak = a;
    }
    return peak;
}

float vc_level_meter(float dbfs)
{
    if (dbfs <= -60.0f) return 0.0f;
    if (dbfs >= 0.0f) return 1.0f;
    return (dbfs + 60.0f) / 60.0f;
}
