/* voice_engine.c — the voice engine facade: resampling, framing, the outbox, mixing and
 * events around vc_enc, vc_dec and vc_mix. See voice_engine.h. */
#include "voice_engine.h"

#include "audio_resample.h"
#include "voice_level.h"
#include "voice_mix.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define VC_ENGINE_CHUNK    1024 /* samples resampled per step */
#define VC_ENGINE_PLAY     4096 /* a mixed block (at most 5 ms) at up to 192 kHz, and then some */
#define VC_ENGINE_BLOCK_MS 5    /* playback is mixed in blocks of at most this much */

typedef struct vc_packet {
    size_t len;
    uint8_t data[VW_MAX_UP];
} vc_packet;

struct vc_engine {
    vc_engine_config cfg;
    vc_enc *enc;
    vc_dec *dec;
    vc_mix mix;
    aud_resample *cap_rs;      /* capture rate -> encoder rate */
    aud_resample *play_rs;     /* decoder rate -> playback rate */
    aud_resample *far_rs;      /* decoder rate -> encoder rate; NULL when equal */
    aud_resample *src_rs;      /* source rate -> encoder rate; NULL without a source */
    int16_t acc[VC_MAX_FRAME]; /* encoder-rate samples of the frame being filled */
    size_t acc_len;
    int16_t play[VC_ENGINE_PLAY]; /* the last mixed block at the playback rate */
    size_t play_pos, play_len;
    uint32_t seq;
    double now; /* the latest `now` the caller passed */
    bool muted, deafened, mic_test, talking;
    float input_dbfs;
    double source_t0;    /* `now` the source's first sample corresponds to */
    uint64_t source_fed; /* samples fed since source_t0 */
    int source_rate;
    vc_packet outbox[VC_ENGINE_OUTBOX];
    size_t out_head, out_count;
    vc_event events[VC_ENGINE_EVENTS];
    size_t ev_head, ev_count;
    vc_engine_state st; /* counters */
};

vc_engine_config vc_engine_default_config(void)
{
    return (vc_engine_config){
        .enc = vc_enc_default_config(),
        .dec = vc_dec_default_config(),
        .capture_rate = 48000,
        .playback_rate = 48000,
        .target = VW_TARGET_ROOM,
    };
}

static void vc_engine_event(vc_engine *e, vc_event_type type, uint32_t user, double now)
{
    if (e->ev_count == VC_ENGINE_EVENTS) {
        e->ev_head = (e->ev_head + 1) % VC_ENGINE_EVENTS;
        e->ev_count--;
        e->st.events_dropped++;
    }
    e->events[(e->ev_head + e->ev_count++) % VC_ENGINE_EVENTS] = (vc_event){type, user, now};
}

/* The encoder's mute: muted or deafened, except in the mic test. */
static void vc_engine_apply_mute(vc_engine *e)
{
    vc_enc_set_mute(e->enc, (e->muted || e->deafened) && !e->mic_test);
}

/* Makes the resamplers that depend on the encoder's and devices' rates. */
static bool vc_engine_make_rs(vc_engine *e, vc_enc *enc, int capture_rate, int playback_rate,
                              aud_resample **cap, aud_resample **play, aud_resample **far,
                              aud_resample **src)
{
    int enc_rate = vc_enc_rate(enc), dec_rate = vc_dec_rate(e->dec);
    *cap = aud_resample_create(capture_rate, enc_rate, AUD_RESAMPLE_QUALITY);
    *play = aud_resample_create(dec_rate, playback_rate, AUD_RESAMPLE_QUALITY);
    *far =
        enc_rate == dec_rate ? NULL : aud_resample_create(dec_rate, enc_rate, AUD_RESAMPLE_QUALITY);
    *src =
        e->source_rate ? aud_resample_create(e->source_rate, enc_rate, AUD_RESAMPLE_QUALITY) : NULL;
    if (*cap && *play && (*far || enc_rate == dec_rate) && (*src || !e->source_rate)) return true;
    aud_resample_destroy(*cap);
    aud_resample_destroy(*play);
    aud_resample_destroy(*far);
    aud_resample_destroy(*src);
    return false;
}

static void vc_engine_swap_rs(vc_engine *e, aud_resample *cap, aud_resample *play,
                              aud_resample *far, aud_resample *src)
{
    aud_resample_destroy(e->cap_rs);
    aud_resample_destroy(e->play_rs);
    aud_resample_destroy(e->far_rs);
    aud_resample_destroy(e->src_rs);
    e->cap_rs = cap;
    e->play_rs = play;
    e->far_rs = far;
    e->src_rs = src;
    e->acc_len = 0;
    e->play_pos = e->play_len = 0;
}

vc_engine *vc_engine_create(const vc_engine_config *cfg)
{
    vc_engine_config def = vc_engine_default_config();
    if (!cfg) cfg = &def;
    if (cfg->target != VW_TARGET_ROOM && cfg->target != VW_TARGET_CALL) return NULL;
    vc_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->cfg = *cfg;
    e->enc = vc_enc_create(&cfg->enc);
    e->dec = vc_dec_create(&cfg->dec);
    aud_resample *cap, *play, *far, *src;
    if (!e->enc || !e->dec ||
        !vc_engine_make_rs(e, e->enc, cfg->capture_rate, cfg->playback_rate, &cap, &play, &far,
                           &src)) {
        vc_engine_destroy(e);
        return NULL;
    }
    vc_engine_swap_rs(e, cap, play, far, src);
    vc_mix_init(&e->mix, vc_dec_rate(e->dec));
    e->input_dbfs = VC_LEVEL_SILENT;
    return e;
}

void vc_engine_destroy(vc_engine *e)
{
    if (!e) return;
    vc_enc_destroy(e->enc);
    vc_dec_destroy(e->dec);
    vc_engine_swap_rs(e, NULL, NULL, NULL, NULL);
    free(e);
}

static void vc_engine_queue(vc_engine *e, const uint8_t *msg, size_t len)
{
    if (e->out_count == VC_ENGINE_OUTBOX) {
        e->out_head = (e->out_head + 1) % VC_ENGINE_OUTBOX;
        e->out_count--;
        e->st.packets_dropped++;
    }
    vc_packet *p = &e->outbox[(e->out_head + e->out_count++) % VC_ENGINE_OUTBOX];
    memcpy(p->data, msg, len);
    p->len = len;
    e->st.packets_sent++;
}

/* One 20 ms frame at the encoder's rate. */
static void vc_engine_frame(vc_engine *e, const int16_t *pcm, bool raw, double now)
{
    vw_frame f = {.mode = vc_enc_mode(e->enc), .target = e->cfg.target, .seq = e->seq};
    vc_enc_info info;
    f.len = vc_enc_process(e->enc, pcm, raw, f.payload, sizeof f.payload, &info);
    e->seq = (e->seq + 1) & (VW_SEQ_MOD - 1);
    e->st.frames++;
    e->input_dbfs = info.input_dbfs;
    if (info.send) {
        if (e->mic_test) {
            vc_dec_put(e->dec, VC_SELF, &f, now);
        } else {
            uint8_t msg[VW_MAX_UP];
            size_t len = vw_write(&f, VW_UP, msg, sizeof msg);
            assert(len > 0);
            vc_engine_queue(e, msg, len);
        }
    }
    if (info.send != e->talking) {
        e->talking = info.send;
        vc_engine_event(e, info.send ? VC_EV_TALK_START : VC_EV_TALK_STOP, VC_SELF, now);
    }
}

/* Appends encoder-rate samples and processes every whole frame. */
static void vc_engine_push(vc_engine *e, const int16_t *pcm, size_t n, bool raw, double now)
{
    size_t frame = vc_enc_frame_size(e->enc);
    while (n > 0) {
        size_t take = frame - e->acc_len < n ? frame - e->acc_len : n;
        memcpy(e->acc + e->acc_len, pcm, take * sizeof *pcm);
        e->acc_len += take;
        pcm += take;
        n -= take;
        if (e->acc_len == frame) {
            vc_engine_frame(e, e->acc, raw, now);
            e->acc_len = 0;
        }
    }
}

static void vc_engine_resample_push(vc_engine *e, aud_resample *rs, const int16_t *pcm, size_t n,
                                    bool raw, double now)
{
    int16_t tmp[VC_ENGINE_CHUNK];
    while (n > 0) {
        size_t used = n;
        size_t made = aud_resample_run(rs, pcm, &used, tmp, VC_ENGINE_CHUNK);
        vc_engine_push(e, tmp, made, raw, now);
        pcm += used;
        n -= used;
        if (used == 0 && made == 0) break;
    }
}

void vc_engine_capture(vc_engine *e, const int16_t *pcm, size_t n, double now)
{
    assert(pcm || n == 0);
    e->now = now;
    if (e->src_rs) return;
    vc_engine_resample_push(e, e->cap_rs, pcm, n, false, now);
}

bool vc_engine_pop_packet(vc_engine *e, uint8_t *buf, size_t cap, size_t *len)
{
    assert(buf && len && cap >= VW_MAX_UP);
    if (e->out_count == 0) return false;
    vc_packet *p = &e->outbox[e->out_head];
    memcpy(buf, p->data, p->len);
    *len = p->len;
    e->out_head = (e->out_head + 1) % VC_ENGINE_OUTBOX;
    e->out_count--;
    return true;
}

bool vc_engine_receive(vc_engine *e, const uint8_t *msg, size_t len, double now)
{
    vw_frame f;
    e->now = now;
    if (!vw_read(msg, len, VW_DOWN, &f, NULL)) {
        e->st.packets_rejected++;
        return false;
    }
    e->st.packets_received++;
    if (vc_dec_put(e->dec, f.sender, &f, now) != VC_PUT_OK) {
        e->st.packets_refused++;
        return false;
    }
    return true;
}

static void vc_engine_sink_frame(void *user, uint32_t sender, const int16_t *pcm, size_t n,
                                 float volume)
{
    vc_engine *e = user;
    (void)sender;
    (void)n;
    vc_mix_add(&e->mix, pcm, volume);
}

static void vc_engine_sink_talk(void *user, uint32_t sender, bool talking)
{
    vc_engine *e = user;
    if (sender == VC_SELF) return; /* the mic test's loopback; the encoder reports VC_SELF */
    vc_engine_event(e, talking ? VC_EV_TALK_START : VC_EV_TALK_STOP, sender, e->now);
}

/* Mixes the next block, sized for `want` samples at the playback rate (at most
 * VC_ENGINE_BLOCK_MS, so a sender that starts talking is heard within that), and resamples
 * it into e->play. */
static void vc_engine_mix(vc_engine *e, size_t want, double now)
{
    int16_t block[VC_MAX_FRAME];
    int dec_rate = vc_dec_rate(e->dec), play_rate = e->cfg.playback_rate;
    size_t n = (size_t)(((uint64_t)want * (uint64_t)dec_rate + (uint64_t)play_rate - 1) /
                        (uint64_t)play_rate);
    size_t max = (size_t)dec_rate * VC_ENGINE_BLOCK_MS / 1000;
    if (n > max) n = max;
    if (n == 0) n = 1;
    e->now = now;
    vc_dec_sink sink = {vc_engine_sink_frame, vc_engine_sink_talk, e};
    vc_mix_begin(&e->mix, n);
    vc_dec_pull(e->dec, n, now, &sink);
    vc_mix_end(&e->mix, block, e->deafened);
    if (e->far_rs) {
        int16_t far[VC_MAX_FRAME + 8];
        size_t used = n;
        size_t made = aud_resample_run(e->far_rs, block, &used, far, sizeof far / sizeof far[0]);
        vc_enc_far_end(e->enc, far, made);
    } else {
        vc_enc_far_end(e->enc, block, n);
    }
    size_t used = n;
    e->play_len = aud_resample_run(e->play_rs, block, &used, e->play, VC_ENGINE_PLAY);
    e->play_pos = 0;
}

void vc_engine_playback(vc_engine *e, int16_t *out, size_t n, double now)
{
    assert(out || n == 0);
    while (n > 0) {
        if (e->play_pos == e->play_len) {
            vc_engine_mix(e, n, now);
            if (e->play_len == 0) continue; /* the resampler is still filling its filter */
        }
        size_t take = e->play_len - e->play_pos < n ? e->play_len - e->play_pos : n;
        memcpy(out, e->play + e->play_pos, take * sizeof *out);
        e->play_pos += take;
        out += take;
        n -= take;
    }
}

bool vc_engine_source_start(vc_engine *e, int rate, double now)
{
    aud_resample *rs = aud_resample_create(rate, vc_enc_rate(e->enc), AUD_RESAMPLE_QUALITY);
    if (!rs) return false;
    aud_resample_destroy(e->src_rs);
    e->src_rs = rs;
    e->source_rate = rate;
    e->source_t0 = now;
    e->source_fed = 0;
    e->acc_len = 0;
    return true;
}

size_t vc_engine_source_due(vc_engine *e, double now)
{
    if (!e->src_rs || now <= e->source_t0) return 0;
    double should = (now - e->source_t0) * e->source_rate;
    if (should - (double)e->source_fed > e->source_rate) {
        /* Fell more than a second behind: skip ahead instead of bursting. */
        e->source_t0 = now - ((double)e->source_fed + e->source_rate / 10.0) / e->source_rate;
        should = (double)e->source_fed + e->source_rate / 10.0;
    }
    double due = floor(should) - (double)e->source_fed;
    return due > 0 ? (size_t)due : 0;
}

void vc_engine_source_feed(vc_engine *e, const int16_t *pcm, size_t n, double now)
{
    assert(pcm || n == 0);
    if (!e->src_rs) return;
    e->source_fed += n;
    vc_engine_resample_push(e, e->src_rs, pcm, n, true, now);
}

void vc_engine_source_stop(vc_engine *e, double now)
{
    (void)now;
    aud_resample_destroy(e->src_rs);
    e->src_rs = NULL;
    e->source_rate = 0;
    e->acc_len = 0;
}

void vc_engine_set_mute(vc_engine *e, bool on)
{
    e->muted = on;
    vc_engine_apply_mute(e);
}

void vc_engine_set_deafen(vc_engine *e, bool on)
{
    e->deafened = on;
    vc_engine_apply_mute(e);
}

void vc_engine_set_ptt(vc_engine *e, bool down)
{
    vc_enc_set_ptt(e->enc, down);
    e->st.ptt = down;
}

void vc_engine_set_tx(vc_engine *e, vc_tx_mode tx)
{
    vc_enc_set_tx(e->enc, tx);
    e->cfg.enc.tx = tx;
}

void vc_engine_set_target(vc_engine *e, vw_target target)
{
    assert(target == VW_TARGET_ROOM || target == VW_TARGET_CALL);
    e->cfg.target = target;
}

void vc_engine_set_mic_test(vc_engine *e, bool on)
{
    e->mic_test = on;
    vc_engine_apply_mute(e);
}

void vc_engine_set_volume(vc_engine *e, uint32_t user, float volume)
{
    vc_dec_set_volume(e->dec, user, volume);
}

bool vc_engine_set_codec(vc_engine *e, vw_mode mode, int quality)
{
    vc_enc_config c = e->cfg.enc;
    c.mode = mode;
    c.quality = quality;
    c.tx = vc_enc_tx(e->enc);
    vc_enc *enc = vc_enc_create(&c);
    if (!enc) return false;
    aud_resample *cap, *play, *far, *src;
    if (!vc_engine_make_rs(e, enc, e->cfg.capture_rate, e->cfg.playback_rate, &cap, &play, &far,
                           &src)) {
        vc_enc_destroy(enc);
        return false;
    }
    vc_enc_set_ptt(enc, e->st.ptt);
    vc_enc_destroy(e->enc);
    e->enc = enc;
    e->cfg.enc = c;
    vc_engine_apply_mute(e);
    vc_engine_swap_rs(e, cap, play, far, src);
    if (e->talking) {
        e->talking = false;
        vc_engine_event(e, VC_EV_TALK_STOP, VC_SELF, e->now);
    }
    return true;
}

bool vc_engine_set_rates(vc_engine *e, int capture_rate, int playback_rate)
{
    if (capture_rate == e->cfg.capture_rate && playback_rate == e->cfg.playback_rate) return true;
    aud_resample *cap, *play, *far, *src;
    if (!vc_engine_make_rs(e, e->enc, capture_rate, playback_rate, &cap, &play, &far, &src))
        return false;
    vc_engine_swap_rs(e, cap, play, far, src);
    e->cfg.capture_rate = capture_rate;
    e->cfg.playback_rate = playback_rate;
    return true;
}

void vc_engine_clear(vc_engine *e)
{
    vc_sender_info info[VC_DEC_MAX_SENDERS];
    size_t n = vc_dec_senders(e->dec, info, VC_DEC_MAX_SENDERS);
    for (size_t i = 0; i < n && i < VC_DEC_MAX_SENDERS; i++)
        if (info[i].talking && info[i].id != VC_SELF)
            vc_engine_event(e, VC_EV_TALK_STOP, info[i].id, e->now);
    vc_dec_clear(e->dec);
}

vc_engine_state vc_engine_get_state(const vc_engine *e)
{
    vc_engine_state s = e->st;
    s.input_dbfs = e->input_dbfs;
    s.input_meter = vc_level_meter(e->input_dbfs);
    s.talking = e->talking;
    s.muted = e->muted;
    s.deafened = e->deafened;
    s.mic_test = e->mic_test;
    s.source = e->src_rs != NULL;
    s.tx = vc_enc_tx(e->enc);
    s.mode = vc_enc_mode(e->enc);
    s.target = e->cfg.target;
    s.limited_frames = e->mix.limited;
    return s;
}

size_t vc_engine_senders(const vc_engine *e, vc_sender_info *out, size_t cap)
{
    return vc_dec_senders(e->dec, out, cap);
}

bool vc_engine_sender(const vc_engine *e, uint32_t user, vc_sender_info *out)
{
    return vc_dec_sender(e->dec, user, out);
}

bool vc_engine_poll_event(vc_engine *e, vc_event *ev)
{
    if (e->ev_count == 0) return false;
    *ev = e->events[e->ev_head];
    e->ev_head = (e->ev_head + 1) % VC_ENGINE_EVENTS;
    e->ev_count--;
    return true;
}

int vc_engine_capture_rate(const vc_engine *e)
{
    return e->cfg.capture_rate;
}

int vc_engine_playback_rate(const vc_engine *e)
{
    return e->cfg.playback_rate;
}

vc_engine_latency vc_engine_get_latency(const vc_engine *e)
{
    vc_engine_latency l = {.frame_ms = VC_FRAME_MS, .mix_block_ms = VC_ENGINE_BLOCK_MS};
    l.encoder_ms = (double)vc_enc_delay(e->enc) * 1000.0 / vc_enc_rate(e->enc);
    l.decoder_ms = (double)vc_dec_delay(e->dec) * 1000.0 / vc_dec_rate(e->dec);
    l.resample_ms = (double)aud_resample_delay(e->cap_rs) * 1000.0 / vc_enc_rate(e->enc) +
                    (double)aud_resample_delay(e->play_rs) * 1000.0 / e->cfg.playback_rate;
    l.total_ms = l.frame_ms + l.encoder_ms + l.decoder_ms + l.resample_ms;
    return l;
}
