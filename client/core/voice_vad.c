/* voice_vad.c — level-based voice activity with a minimum-statistics noise floor: see
 * voice_vad.h. */
#include "voice_vad.h"

void vc_vad_init(vc_vad *v, float threshold_dbfs, float margin_db)
{
    *v = (vc_vad){.threshold = threshold_dbfs, .margin = margin_db};
    for (int i = 0; i < VC_VAD_BLOCKS; i++) v->block_min[i] = threshold_dbfs - margin_db;
    v->floor = threshold_dbfs - margin_db;
}

bool vc_vad_update(vc_vad *v, float level)
{
    if (v->frames_in_block == VC_VAD_BLOCK_FRAMES) {
        v->block = (v->block + 1) % VC_VAD_BLOCKS;
        v->frames_in_block = 0;
    }
    if (v->frames_in_block == 0 || level < v->block_min[v->block]) v->block_min[v->block] = level;
    v->frames_in_block++;
    float floor = v->block_min[0];
    for (int i = 1; i < VC_VAD_BLOCKS; i++)
        if (v->block_min[i] < floor) floor = v->block_min[i];
    v->floor = floor;
    float slack = v->speech ? VC_VAD_HYSTERESIS : 0.0f;
    v->speech = level >= v->threshold - slack && level >= floor + v->margin - slack;
    return v->speech;
}
