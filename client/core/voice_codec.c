/* voice_codec.c — codec mode tables: see voice_codec.h. */
#include "voice_codec.h"

#include <assert.h>

bool vc_codec_valid(vw_mode m)
{
    return m == VW_MODE_NB || m == VW_MODE_WB || m == VW_MODE_UWB;
}

int vc_codec_rate(vw_mode m)
{
    assert(vc_codec_valid(m));
    return 8000 << (int)m;
}

size_t vc_codec_frame(vw_mode m)
{
    assert(vc_codec_valid(m));
    return (size_t)160 << (int)m;
}

const SpeexMode *vc_codec_speex(vw_mode m)
{
    switch (m) {
    case VW_MODE_NB:
        return &speex_nb_mode;
    case VW_MODE_WB:
        return &speex_wb_mode;
    case VW_MODE_UWB:
        return &speex_uwb_mode;
    case VW_MODE_COUNT:
        break;
    }
    assert(!"invalid codec mode");
    return &speex_wb_mode;
}

/* Speex packs bits most-significant first. */
static uint32_t vc_codec_bits(const uint8_t *p, size_t pos, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++, pos++) v = v << 1 | ((p[pos >> 3] >> (7 - (pos & 7))) & 1u);
    return v;
}

bool vc_codec_check_frame(vw_mode m, const uint8_t *payload, size_t len)
{
    static const SpeexMode *const layers[3] = {&speex_nb_mode, &speex_wb_mode, &speex_uwb_mode};
    if (!vc_codec_valid(m) || !payload || len == 0 || len > VW_MAX_PAYLOAD) return false;
    size_t total = len * 8, pos = 0;
    for (int layer = 0; layer <= (int)m; layer++) {
        unsigned sub_bits = layer == 0 ? 4 : 3;
        if (pos + 1 + sub_bits > total) return false;
        uint32_t wideband = vc_codec_bits(payload, pos, 1);
        if (wideband != (layer == 0 ? 0u : 1u)) return false;
        int sub = (int)vc_codec_bits(payload, pos + 1, sub_bits);
        if (layer == 0 && sub > 8) return false; /* 13..15: in-band signalling, not sent */
        int nbits = sub;
        if (speex_mode_query(layers[layer], SPEEX_SUBMODE_BITS_PER_FRAME, &nbits) != 0 ||
            nbits <= 0 || (size_t)nbits > total - pos)
            return false;
        pos += (size_t)nbits;
    }
    size_t pad = total - pos;
    if (pad >= 8) return false;
    /* The terminator: a zero, then ones up to the byte boundary. */
    return pad == 0 || vc_codec_bits(payload, pos, (unsigned)pad) == (1u << (pad - 1)) - 1;
}
