/* voice_level.h — how loud a block of samples is, for meters, voice activity and limits.
 *
 * Levels are RMS in dB relative to a full-scale square wave (dBFS): a full-scale sine is
 * -3 dBFS, digital silence is VC_LEVEL_SILENT. */
#ifndef PARLEY_VOICE_LEVEL_H
#define PARLEY_VOICE_LEVEL_H

#include <stddef.h>
#include <stdint.h>

#define VC_LEVEL_SILENT (-120.0f)

float vc_level_dbfs(const int16_t *pcm, size_t n);
/* Largest absolute sample, 0..32768. */
int32_t vc_level_peak(const int16_t *pcm, size_t n);
/* Maps a level to 0..1 for a meter: -60 dBFS and below is 0, 0 dBFS is 1. */
float vc_level_meter(float dbfs);

#endif
