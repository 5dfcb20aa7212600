/* voice_enc.c — echo cancelling, preprocessing, voice activity and Speex encoding of one
 * microphone: see voice_enc.h. */
#include "voice_enc.h"

#include "audio_ring.h"
#include "voice_level.h"
#include "voice_vad.h"

#include <assert.h>
#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>
#include <stdlib.h>
#include <string.h>

#define VC_ENC_FAR_CAP 8192 /* power of two >= VC_ENC_FAR_MAX * VC_MAX_FRAME */

struct vc_enc {
    vc_enc_config cfg;
    int rate;
    size_t frame;
    void *speex;
    SpeexBits bits;
    size_t sub;               /* processing block: half a frame, 10 ms */
    size_t lookahead;         /* Speex's, in samples */
    SpeexEchoState *echo;     /* NULL when off */
    SpeexPreprocessState *pp; /* denoise, AGC, residual echo; NULL when all are off */
    vc_vad vad;
    aud_ring far;
    int16_t far_buf[VC_ENC_FAR_CAP];
    int hangover_frames, ptt_hold_frames;
    int hang;     /* frames of hangover left */
    bool sending; /* the previous frame was sent */
    bool ptt, muted;
};

vc_enc_config vc_enc_default_config(void)
{
    return (vc_enc_config){
        .mode = VW_MODE_WB,
        .quality = 8,
        .complexity = 2,
        .tx = VC_TX_VOICE,
        .denoise = true,
        .noise_suppress_db = -25,
        .agc = true,
        .agc_level = 12000,
        .agc_max_gain_db = 20,
        .echo = true,
        .echo_tail_ms = 128,
        .vad_threshold_dbfs = -50.0f,
        .vad_margin_db = 10.0f,
        .hangover_ms = 300,
        .ptt_hold_ms = 100,
    };
}

static bool vc_enc_config_ok(const vc_enc_config *c)
{
    return vc_codec_valid(c->mode) && c->quality >= 0 && c->quality <= 10 && c->complexity >= 1 &&
           c->complexity <= 10 && c->tx >= VC_TX_VOICE && c->tx <= VC_TX_CONTINUOUS &&
           c->noise_suppress_db <= 0 && c->agc_level > 0 && c->agc_level <= 32767 &&
           c->agc_max_gain_db >= 0 && c->agc_max_gain_db <= 60 && c->echo_tail_ms >= VC_FRAME_MS &&
           c->echo_tail_ms <= 1000 && c->hangover_ms >= 0 && c->hangover_ms <= 5000 &&
           c->ptt_hold_ms >= 0 && c->ptt_hold_ms <= 5000;
}

vc_enc *vc_enc_create(const vc_enc_config *cfg)
{
    vc_enc_config def = vc_enc_default_config();
    if (!cfg) cfg = &def;
    if (!vc_enc_config_ok(cfg)) return NULL;
    vc_enc *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->cfg = *cfg;
    e->rate = vc_codec_rate(cfg->mode);
    e->frame = vc_codec_frame(cfg->mode);
    e->speex = speex_encoder_init(vc_codec_speex(cfg->mode));
    if (!e->speex) goto fail;
    speex_bits_init(&e->bits);
    int q = cfg->quality, cx = cfg->complexity, vbr = cfg->vbr;
    speex_encoder_ctl(e->speex, SPEEX_SET_QUALITY, &q);
    speex_encoder_ctl(e->speex, SPEEX_SET_COMPLEXITY, &cx);
    int la = 0;
    speex_encoder_ctl(e->speex, SPEEX_GET_LOOKAHEAD, &la);
    e->lookahead = la > 0 ? (size_t)la : 0;
    if (vbr) {
        float vq = (float)q;
        speex_encoder_ctl(e->speex, SPEEX_SET_VBR, &vbr);
        speex_encoder_ctl(e->speex, SPEEX_SET_VBR_QUALITY, &vq);
    }
    /* speex_preprocess_run delays its output by one block, so the echo canceller and the
     * preprocessor work on 10 ms blocks (the preprocessor needs the echo state's block size
     * for its residual-echo estimate): 10 ms of delay instead of 20. */
    e->sub = e->frame / 2;
    int sub = (int)e->sub;
    if (cfg->echo) {
        int taps = e->rate / 1000 * cfg->echo_tail_ms;
        e->echo = speex_echo_state_init(sub, taps);
        if (!e->echo) goto fail;
        int rate = e->rate;
        speex_echo_ctl(e->echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    }
    if (cfg->denoise || cfg->echo || cfg->agc) {
        e->pp = speex_preprocess_state_init(sub, e->rate);
        if (!e->pp) goto fail;
        int ns_on = cfg->denoise, agc_on = cfg->agc, off = 0, ns = cfg->noise_suppress_db;
        int gain = cfg->agc_max_gain_db;
        float level = (float)cfg->agc_level;
        speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_SET_DENOISE, &ns_on);
        speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &ns);
        speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_SET_DEREVERB, &off);
        speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_SET_AGC, &agc_on);
        if (agc_on) {
            speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_SET_AGC_LEVEL, &level);
            speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_SET_AGC_MAX_GAIN, &gain);
        }
        if (e->echo) speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_SET_ECHO_STATE, e->echo);
    }
    vc_vad_init(&e->vad, cfg->vad_threshold_dbfs, cfg->vad_margin_db);
    aud_ring_init(&e->far, e->far_buf, VC_ENC_FAR_CAP);
    e->hangover_frames = (cfg->hangover_ms + VC_FRAME_MS - 1) / VC_FRAME_MS;
    e->ptt_hold_frames = (cfg->ptt_hold_ms + VC_FRAME_MS - 1) / VC_FRAME_MS;
    return e;
fail:
    vc_enc_destroy(e);
    return NULL;
}

void vc_enc_destroy(vc_enc *e)
{
    if (!e) return;
    if (e->speex) {
        speex_encoder_destroy(e->speex);
        speex_bits_destroy(&e->bits);
    }
    if (e->pp) speex_preprocess_state_destroy(e->pp);
    if (e->echo) speex_echo_state_destroy(e->echo);
    free(e);
}

vw_mode vc_enc_mode(const vc_enc *e)
{
    return e->cfg.mode;
}

int vc_enc_rate(const vc_enc *e)
{
    return e->rate;
}

size_t vc_enc_frame_size(const vc_enc *e)
{
    return e->frame;
}

size_t vc_enc_delay(const vc_enc *e)
{
    return (e->pp ? e->sub : 0) + e->lookahead;
}

void vc_enc_far_end(vc_enc *e, const int16_t *pcm, size_t n)
{
    if (!e->echo) return;
    size_t max = VC_ENC_FAR_MAX * e->frame;
    if (n > max) {
        pcm += n - max;
        n = max;
    }
    size_t queued = aud_ring_readable(&e->far);
    if (queued + n > max) aud_ring_skip(&e->far, queued + n - max);
    aud_ring_write(&e->far, pcm, n);
}

/* The transmit gate: whether this frame goes out. */
static bool vc_enc_gate(vc_enc *e, bool active, int hold)
{
    if (e->muted) {
        e->hang = 0;
        return false;
    }
    if (active) {
        e->hang = hold;
        return true;
    }
    if (e->hang > 0) {
        e->hang--;
        return true;
    }
    return false;
}

size_t vc_enc_process(vc_enc *e, const int16_t *pcm, bool raw, uint8_t *payload, size_t cap,
                      vc_enc_info *info)
{
    assert(e && pcm && payload && cap >= VW_MAX_PAYLOAD);
    int16_t x[VC_MAX_FRAME];
    vc_enc_info in = {.input_dbfs = vc_level_dbfs(pcm, e->frame)};
    memcpy(x, pcm, e->frame * sizeof *x);
    int32_t agc_db = 0;
    if (!raw) {
        for (size_t at = 0; at < e->frame; at += e->sub) {
            if (e->echo) {
                int16_t far[VC_MAX_FRAME / 2] = {0};
                aud_ring_read(&e->far, far, e->sub);
                speex_echo_cancellation(e->echo, pcm + at, far, x + at);
            }
            if (e->pp) speex_preprocess_run(e->pp, x + at);
        }
        if (e->pp && e->cfg.agc) {
            spx_int32_t g = 0;
            speex_preprocess_ctl(e->pp, SPEEX_PREPROCESS_GET_AGC_GAIN, &g);
            agc_db = g;
        }
    }
    /* The VAD judges the level before the AGC's gain, so the AGC raising a quiet room does
     * not make it sound like speech. */
    float level = vc_level_dbfs(x, e->frame);
    in.processed_dbfs = level <= VC_LEVEL_SILENT ? level : level - (float)agc_db;
    bool speech = vc_vad_update(&e->vad, in.processed_dbfs);

    bool active;
    int hold = e->hangover_frames;
    if (raw || e->cfg.tx == VC_TX_CONTINUOUS) {
        active = in.processed_dbfs > VC_ENC_SILENCE_DBFS;
        speech = active;
    } else if (e->cfg.tx == VC_TX_PTT) {
        active = e->ptt;
        hold = e->ptt_hold_frames;
    } else {
        active = speech;
    }
    in.speech = speech;
    in.send = vc_enc_gate(e, active, hold);
    if (in.send) {
        if (!e->sending) {
            speex_encoder_ctl(e->speex, SPEEX_RESET_STATE, NULL);
            in.start = true;
        }
        speex_bits_reset(&e->bits);
        speex_encode_int(e->speex, x, &e->bits);
        int n = speex_bits_write(&e->bits, (char *)payload, (int)cap);
        assert(n > 0 && (size_t)n <= VW_MAX_PAYLOAD);
        in.len = (size_t)n;
    }
    e->sending = in.send;
    if (info) *info = in;
    return in.len;
}

void vc_enc_set_tx(vc_enc *e, vc_tx_mode tx)
{
    assert(tx >= VC_TX_VOICE && tx <= VC_TX_CONTINUOUS);
    e->cfg.tx = tx;
    e->hang = 0;
}

vc_tx_mode vc_enc_tx(const vc_enc *e)
{
    return e->cfg.tx;
}

void vc_enc_set_ptt(vc_enc *e, bool down)
{
    e->ptt = down;
}

void vc_enc_set_mute(vc_enc *e, bool muted)
{
    e->muted = muted;
}

bool vc_enc_talking(const vc_enc *e)
{
    return e->sending;
}
