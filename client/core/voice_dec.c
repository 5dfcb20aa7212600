/* voice_dec.c — per-sender jitter buffers, decoding and concealment: see voice_dec.h. */
#include "voice_dec.h"

#include "voice_level.h"

#include <assert.h>
#include <math.h>
#include <speex/speex_jitter.h>
#include <stdlib.h>
#include <string.h>

#define VC_DEC_EXT_BASE   1024u /* first extended sequence of a spurt (a multiple of 32) */
#define VC_DEC_SEQ_WINDOW 64u   /* frames behind the newest that are still tracked */
/* Giving delay back sooner, in 5 ms steps (VC_DEC_STEP of a frame). speexdsp's buffer
 * moves its delay by whole frames and only in quiet moments (vc_dec_play), so one frame
 * that came a little late can cost 20 ms for the rest of a talk-spurt. When every frame of
 * a calm run of at least VC_DEC_RUN_MIN had a step to spare (vc_dec_spare), the first 5 ms
 * of a frame are skipped: in a quiet frame (Speex activity below VC_DEC_SKIP_ACTIVITY), or
 * in any after VC_DEC_RUN_MAX. */
#define VC_DEC_STEP          4 /* steps per frame */
#define VC_DEC_SPARE_S       0.002
#define VC_DEC_RUN_MIN       8
#define VC_DEC_RUN_MAX       25
#define VC_DEC_SKIP_ACTIVITY 50

typedef struct vc_slot {
    bool used;
    uint16_t len;
    uint64_t arrival; /* the decoder's sample clock when it arrived */
    double arrived;   /* and `now` */
    uint8_t data[VW_MAX_PAYLOAD];
} vc_slot;

typedef enum vc_state { VC_IDLE, VC_BUFFERING, VC_PLAYING } vc_state;

typedef struct vc_sender {
    uint32_t id;
    vc_state state;
    JitterBuffer *jb;
    void *speex;
    SpeexBits bits;
    double last_heard;   /* now at the latest frame */
    double newest_at;    /* now when the newest frame (newest_ext) arrived */
    uint32_t newest_ext; /* highest extended sequence of this spurt */
    uint64_t seen;       /* bit i: newest_ext - i was received */
    uint64_t start_at;   /* buffering: the sample clock at which it starts playing */
    int missing;         /* consecutive frames without a packet while playing */
    float prebuffer;     /* frames to wait at the next spurt's start */
    double delay_sum;    /* arrival-to-playout time over this spurt, in frames */
    double delay_min;    /* the shortest of them: the part every frame waited needlessly */
    uint32_t delay_n;
    double jitter_sum; /* the same waits with the steps given back added (see below) */
    double jitter_min;
    int steps;             /* 5 ms steps given back in this spurt (VC_DEC_STEP) */
    int spare_run;         /* consecutive frames that waited over a step + VC_DEC_SPARE_S */
    double run_lo, run_hi; /* the shortest and longest wait of that run, seconds */
    bool skip_step;        /* drop the first step of the frame just decoded */
    float level;
    float volume;
    vc_sender_info info;        /* counters, mode, target */
    int16_t fifo[VC_MAX_FRAME]; /* the decoded frame being played out */
    size_t fifo_pos, fifo_len;
    bool fifo_sound; /* it holds sound (not silence) */
    vc_slot slots[VC_DEC_SLOTS];
} vc_sender;

typedef struct vc_volume {
    uint32_t id;
    float volume;
} vc_volume;

struct vc_dec {
    vc_dec_config cfg;
    int rate;
    size_t frame;
    size_t lookahead; /* the Speex decoder's delay, samples */
    uint64_t clock;   /* samples played so far (the playback clock) */
    vc_sender *senders[VC_DEC_MAX_SENDERS];
    vc_volume volumes[VC_DEC_MAX_VOLUMES];
    size_t volume_count;
};

vc_dec_config vc_dec_default_config(void)
{
    return (vc_dec_config){
        .mode = VW_MODE_WB,
        .max_senders = 32,
        .timeout = 10.0,
        .idle_frames = 8,
        .plc_frames = 5,
        .max_prebuffer = 5,
        .max_late_percent = 4,
    };
}

vc_dec *vc_dec_create(const vc_dec_config *cfg)
{
    vc_dec_config def = vc_dec_default_config();
    if (!cfg) cfg = &def;
    if (!vc_codec_valid(cfg->mode) || cfg->max_senders < 1 ||
        cfg->max_senders > VC_DEC_MAX_SENDERS || !(cfg->timeout > 0) || cfg->idle_frames < 1 ||
        cfg->idle_frames > 20 || cfg->plc_frames < 0 || cfg->max_prebuffer < 0 ||
        cfg->max_prebuffer > VC_DEC_SLOTS / 2 || cfg->max_late_percent < 1 ||
        cfg->max_late_percent > 50)
        return NULL;
    vc_dec *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->cfg = *cfg;
    d->rate = vc_codec_rate(cfg->mode);
    d->frame = vc_codec_frame(cfg->mode);
    void *probe = speex_decoder_init(vc_codec_speex(cfg->mode));
    if (!probe) {
        free(d);
        return NULL;
    }
    int la = 0;
    speex_decoder_ctl(probe, SPEEX_GET_LOOKAHEAD, &la);
    speex_decoder_destroy(probe);
    d->lookahead = la > 0 ? (size_t)la : 0;
    return d;
}

static void vc_dec_free_sender(vc_sender *s)
{
    if (!s) return;
    if (s->jb) jitter_buffer_destroy(s->jb);
    if (s->speex) {
        speex_decoder_destroy(s->speex);
        speex_bits_destroy(&s->bits);
    }
    free(s);
}

void vc_dec_clear(vc_dec *d)
{
    for (size_t i = 0; i < VC_DEC_MAX_SENDERS; i++) {
        vc_dec_free_sender(d->senders[i]);
        d->senders[i] = NULL;
    }
}

void vc_dec_destroy(vc_dec *d)
{
    if (!d) return;
    vc_dec_clear(d);
    free(d);
}

int vc_dec_rate(const vc_dec *d)
{
    return d->rate;
}

size_t vc_dec_frame_size(const vc_dec *d)
{
    return d->frame;
}

size_t vc_dec_delay(const vc_dec *d)
{
    return d->lookahead;
}

/* The jitter buffer's destroy callback: it holds pointers into our slots. */
static void vc_dec_slot_release(void *data)
{
    vc_slot *slot = (vc_slot *)(void *)((char *)data - offsetof(vc_slot, data));
    slot->used = false;
}

static float vc_dec_lookup_volume(const vc_dec *d, uint32_t id)
{
    for (size_t i = 0; i < d->volume_count; i++)
        if (d->volumes[i].id == id) return d->volumes[i].volume;
    return 1.0f;
}

static vc_sender *vc_dec_new_sender(vc_dec *d, uint32_t id)
{
    vc_sender *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->id = id;
    s->jb = jitter_buffer_init((int)d->frame);
    s->speex = speex_decoder_init(vc_codec_speex(d->cfg.mode));
    if (!s->jb || !s->speex) {
        if (s->speex) speex_decoder_destroy(s->speex);
        if (s->jb) jitter_buffer_destroy(s->jb);
        free(s);
        return NULL;
    }
    speex_bits_init(&s->bits);
    jitter_buffer_ctl(s->jb, JITTER_BUFFER_SET_DESTROY_CALLBACK, (void *)vc_dec_slot_release);
    spx_int32_t late = d->cfg.max_late_percent;
    jitter_buffer_ctl(s->jb, JITTER_BUFFER_SET_MAX_LATE_RATE, &late);
    /* Calling update_delay once turns the buffer's per-tick automatic adjustment off: it
     * then moves only in quiet moments (vc_dec_play) or when a frame is missing. */
    jitter_buffer_update_delay(s->jb, NULL, NULL);
    s->volume = vc_dec_lookup_volume(d, id);
    s->level = VC_LEVEL_SILENT;
    s->info.id = id;
    return s;
}

/* The sender's entry, made when it is new. When the table is full the idle sender heard
 * longest ago makes room; NULL when every entry is talking (or out of memory). */
static vc_sender *vc_dec_find_or_add(vc_dec *d, uint32_t id)
{
    int free_at = -1, oldest = -1;
    for (uint32_t i = 0; i < d->cfg.max_senders; i++) {
        vc_sender *s = d->senders[i];
        if (!s) {
            if (free_at < 0) free_at = (int)i;
            continue;
        }
        if (s->id == id) return s;
        if (s->state == VC_IDLE && (oldest < 0 || s->last_heard < d->senders[oldest]->last_heard))
            oldest = (int)i;
    }
    if (free_at < 0) {
        if (oldest < 0) return NULL;
        vc_dec_free_sender(d->senders[oldest]);
        d->senders[oldest] = NULL;
        free_at = oldest;
    }
    d->senders[free_at] = vc_dec_new_sender(d, id);
    return d->senders[free_at];
}

static vc_sender *vc_dec_find(const vc_dec *d, uint32_t id)
{
    for (uint32_t i = 0; i < d->cfg.max_senders; i++)
        if (d->senders[i] && d->senders[i]->id == id) return d->senders[i];
    return NULL;
}

/* Extends a 5-bit sequence number to the spurt's counter (see voice_dec.h). */
static uint32_t vc_dec_extend(const vc_sender *s, uint32_t seq, double now)
{
    double elapsed = now - s->newest_at;
    uint32_t ahead = 0;
    if (elapsed > 0) {
        double frames = floor(elapsed * 1000.0 / VC_FRAME_MS + 0.5);
        ahead = frames > 1e6 ? 1000000u : (uint32_t)frames;
    }
    uint32_t predicted = s->newest_ext + ahead;
    int32_t diff = (int32_t)((seq - predicted) & (VW_SEQ_MOD - 1));
    if (diff >= (int32_t)(VW_SEQ_MOD / 2)) diff -= (int32_t)VW_SEQ_MOD;
    return predicted + (uint32_t)diff;
}

vc_put_result vc_dec_put(vc_dec *d, uint32_t id, const vw_frame *f, double now)
{
    assert(d && f && f->len >= 1 && f->len <= VW_MAX_PAYLOAD && f->seq < VW_SEQ_MOD);
    if (!vc_codec_check_frame((vw_mode)f->mode, f->payload, f->len)) {
        vc_sender *known = vc_dec_find(d, id);
        if (known) known->info.invalid++;
        return VC_PUT_INVALID;
    }
    vc_sender *s = vc_dec_find_or_add(d, id);
    if (!s) return VC_PUT_NO_ROOM;
    s->info.received++;
    s->info.mode = (vw_mode)f->mode;
    s->info.target = (vw_target)f->target;
    s->last_heard = now;

    uint32_t ext;
    if (s->state == VC_IDLE) {
        ext = VC_DEC_EXT_BASE + f->seq;
        s->newest_ext = ext;
        s->newest_at = now;
        s->seen = 1;
        s->missing = 0;
        s->delay_sum = 0;
        s->delay_min = 1e9;
        s->delay_n = 0;
        s->jitter_sum = 0;
        s->jitter_min = 1e9;
        s->steps = 0;
        s->spare_run = 0;
        s->skip_step = false;
        s->start_at = d->clock + (uint64_t)lroundf(s->prebuffer * (float)d->frame);
        s->fifo_pos = s->fifo_len = 0;
        s->state = VC_BUFFERING;
        s->info.spurts++;
        speex_decoder_ctl(s->speex, SPEEX_RESET_STATE, NULL);
    } else {
        ext = vc_dec_extend(s, f->seq, now);
        if ((int32_t)(ext - s->newest_ext) > 0) {
            uint32_t shift = ext - s->newest_ext;
            s->seen = shift >= 64 ? 1 : (s->seen << shift) | 1;
            s->newest_ext = ext;
            s->newest_at = now;
        } else {
            uint32_t back = s->newest_ext - ext;
            if (back >= VC_DEC_SEQ_WINDOW) {
                s->info.late++;
                return VC_PUT_LATE;
            }
            if (s->seen & ((uint64_t)1 << back)) {
                s->info.duplicate++;
                return VC_PUT_DUPLICATE;
            }
            s->seen |= (uint64_t)1 << back;
        }
    }

    spx_uint32_t ts = ext * (spx_uint32_t)d->frame;
    if (s->state == VC_PLAYING) {
        /* The jitter buffer silently ignores a frame this late; its slot must not leak. */
        spx_uint32_t pointer = (spx_uint32_t)jitter_buffer_get_pointer_timestamp(s->jb);
        if ((spx_int32_t)(ts + 2 * (spx_uint32_t)d->frame - pointer) < 0) {
            s->info.late++;
            return VC_PUT_LATE;
        }
    }
    vc_slot *slot = NULL;
    for (size_t i = 0; i < VC_DEC_SLOTS; i++) {
        if (!s->slots[i].used) {
            slot = &s->slots[i];
            break;
        }
    }
    if (!slot) {
        s->info.full++;
        return VC_PUT_FULL;
    }
    slot->used = true;
    slot->len = (uint16_t)f->len;
    slot->arrival = d->clock;
    slot->arrived = now;
    memcpy(slot->data, f->payload, f->len);
    JitterBufferPacket p = {
        .data = (char *)slot->data,
        .len = (spx_uint32_t)f->len,
        .timestamp = ts,
        .span = (spx_uint32_t)d->frame,
    };
    jitter_buffer_put(s->jb, &p);
    return VC_PUT_OK;
}

static void vc_dec_end_spurt(vc_dec *d, vc_sender *s, const vc_dec_sink *sink)
{
    /* The next spurt waits for the jitter this one saw, not for the delay it settled at: the
     * delay includes this spurt's own prebuffer and the frames the buffer inserted, so
     * carrying it over would only ever ratchet up (each spurt starting where the last one
     * ended, never lower). The spread of the waits above the shortest one is the jitter;
     * twice its mean covers the whole spread of uniform jitter. On a quiet LAN it is 0. */
    if (s->delay_n) {
        float spread = (float)(2.0 * (s->jitter_sum / s->delay_n - s->jitter_min));
        s->prebuffer = spread > (float)d->cfg.max_prebuffer ? (float)d->cfg.max_prebuffer : spread;
    }
    jitter_buffer_reset(s->jb); /* frees the slots it still holds */
    s->state = VC_IDLE;
    s->level = VC_LEVEL_SILENT;
    if (sink && sink->talk) sink->talk(sink->user, s->id, false);
}

/* Decodes the frame the jitter buffer returned and frees its slot. Returns how long it
 * waited between arrival and playout in frames (decoder clock) and, in *waited, seconds
 * until `t`, the pull that needed it. */
static double vc_dec_decode(vc_dec *d, vc_sender *s, const JitterBufferPacket *p, int16_t *pcm,
                            double t, double *waited)
{
    vc_slot *slot = (vc_slot *)(void *)(p->data - offsetof(vc_slot, data));
    double wait = (double)(d->clock - slot->arrival) / (double)d->frame;
    *waited = t - slot->arrived;
    speex_bits_read_from(&s->bits, (char *)slot->data, slot->len);
    slot->used = false;
    if (speex_decode_int(s->speex, &s->bits, pcm) != 0) {
        s->info.invalid++; /* not expected after vc_codec_check_frame */
        speex_decode_int(s->speex, NULL, pcm);
    } else {
        s->info.played++;
    }
    return wait;
}

/* Counts the run of calm frames with spare (see VC_DEC_STEP): each waited at least `need`
 * + VC_DEC_SPARE_S, and the waits of the run spread over no more than `need` (a jittery
 * link is left to the jitter buffer's own statistics: a short run of early frames there
 * says nothing about the next late one). */
static void vc_dec_spare(vc_sender *s, double waited, double need)
{
    if (waited < need + VC_DEC_SPARE_S) {
        s->spare_run = 0;
        return;
    }
    double lo = s->spare_run && s->run_lo < waited ? s->run_lo : waited;
    double hi = s->spare_run && s->run_hi > waited ? s->run_hi : waited;
    if (hi - lo > need) {
        s->spare_run = 0; /* start a new run here */
        lo = hi = waited;
    }
    s->run_lo = lo;
    s->run_hi = hi;
    s->spare_run++;
}

/* One tick of a playing sender; true when pcm holds sound. */
static bool vc_dec_play(vc_dec *d, vc_sender *s, int16_t *pcm, double now, double pull_s)
{
    JitterBufferPacket p = {0};
    spx_int32_t offset = 0;
    int r = jitter_buffer_get(s->jb, &p, (spx_int32_t)d->frame, &offset);
    bool sound = true;
    if (r == JITTER_BUFFER_OK) {
        double waited;
        double wait = vc_dec_decode(d, s, &p, pcm, now, &waited);
        s->delay_sum += wait;
        s->delay_min = wait < s->delay_min ? wait : s->delay_min;
        s->delay_n++;
        /* Every step given back shortens the later waits by design; the jitter estimate
         * (the next spurt's prebuffer) must see only what the network did. */
        double schedule = wait + (double)s->steps / VC_DEC_STEP;
        s->jitter_sum += schedule;
        s->jitter_min = schedule < s->jitter_min ? schedule : s->jitter_min;
        /* A step given back makes the next frame due a step earlier, and due at the start
         * of the pull that reaches it: so it needs a step and a pull of spare. */
        double step_s = VC_FRAME_MS / 1000.0 / VC_DEC_STEP;
        vc_dec_spare(s, waited, step_s + pull_s);
        s->missing = 0;
    } else if (r == JITTER_BUFFER_INSERTION) {
        /* The buffer grows its delay by one frame: conceal rather than go silent. */
        speex_decode_int(s->speex, NULL, pcm);
        s->info.inserted++;
        s->spare_run = 0;
    } else {
        s->missing++;
        if (s->missing <= d->cfg.plc_frames) {
            speex_decode_int(s->speex, NULL, pcm);
            s->info.concealed++;
        } else {
            sound = false;
        }
    }
    /* As speexdsp's own wrapper does: move the delay only while the voice is quiet. */
    spx_int32_t activity = 100;
    speex_decoder_ctl(s->speex, SPEEX_GET_ACTIVITY, &activity);
    if (activity < 30) jitter_buffer_update_delay(s->jb, NULL, NULL);
    if (r == JITTER_BUFFER_OK && s->spare_run >= VC_DEC_RUN_MIN &&
        (activity < VC_DEC_SKIP_ACTIVITY || s->spare_run >= VC_DEC_RUN_MAX)) {
        s->skip_step = true;
        s->spare_run = 0;
    }
    jitter_buffer_tick(s->jb);
    return sound;
}

/* Fills out[0..n) with the sender's next samples, decoding frames as its FIFO runs dry.
 * Returns whether any of it is sound; the spurt may end on the way. */
static bool vc_dec_drain(vc_dec *d, vc_sender *s, int16_t *out, size_t n, double now,
                         const vc_dec_sink *sink)
{
    bool any = false;
    size_t got = 0;
    while (got < n) {
        if (s->fifo_pos == s->fifo_len) {
            s->fifo_sound = vc_dec_play(d, s, s->fifo, now, (double)n / d->rate);
            s->fifo_pos = 0;
            s->fifo_len = d->frame;
            if (s->skip_step) {
                s->fifo_pos = d->frame / VC_DEC_STEP;
                s->skip_step = false;
                s->steps++;
                s->info.shrunk++;
            }
            if (s->missing >= d->cfg.idle_frames) {
                vc_dec_end_spurt(d, s, sink);
                break;
            }
        }
        size_t take = s->fifo_len - s->fifo_pos < n - got ? s->fifo_len - s->fifo_pos : n - got;
        if (s->fifo_sound) {
            memcpy(out + got, s->fifo + s->fifo_pos, take * sizeof *out);
            any = true;
        } else {
            memset(out + got, 0, take * sizeof *out);
        }
        s->fifo_pos += take;
        got += take;
    }
    if (got < n) memset(out + got, 0, (n - got) * sizeof *out);
    return any;
}

void vc_dec_pull(vc_dec *d, size_t n, double now, const vc_dec_sink *sink)
{
    assert(n <= VC_MAX_FRAME);
    int16_t pcm[VC_MAX_FRAME];
    for (uint32_t i = 0; i < d->cfg.max_senders; i++) {
        vc_sender *s = d->senders[i];
        if (!s) continue;
        if (s->state == VC_IDLE) {
            if (now - s->last_heard > d->cfg.timeout) {
                vc_dec_free_sender(s);
                d->senders[i] = NULL;
            }
            continue;
        }
        if (s->state == VC_BUFFERING) {
            if ((int64_t)(d->clock - s->start_at) < 0) continue;
            s->state = VC_PLAYING;
            if (sink && sink->talk) sink->talk(sink->user, s->id, true);
        }
        if (!vc_dec_drain(d, s, pcm, n, now, sink)) continue;
        float level = vc_level_dbfs(pcm, n);
        s->level = level > s->level ? level : s->level + 0.2f * (level - s->level);
        if (sink && sink->frame) sink->frame(sink->user, s->id, pcm, n, s->volume);
    }
    d->clock += n;
}

void vc_dec_tick(vc_dec *d, double now, const vc_dec_sink *sink)
{
    vc_dec_pull(d, d->frame, now, sink);
}

void vc_dec_set_volume(vc_dec *d, uint32_t id, float volume)
{
    assert(volume >= 0.0f && volume <= VC_DEC_MAX_VOLUME);
    vc_sender *s = vc_dec_find(d, id);
    if (s) s->volume = volume;
    for (size_t i = 0; i < d->volume_count; i++) {
        if (d->volumes[i].id != id) continue;
        if (volume == 1.0f)
            d->volumes[i] = d->volumes[--d->volume_count];
        else
            d->volumes[i].volume = volume;
        return;
    }
    if (volume == 1.0f) return;
    if (d->volume_count == VC_DEC_MAX_VOLUMES) {
        /* Full: forget the oldest setting (the table keeps insertion order). */
        memmove(d->volumes, d->volumes + 1, (VC_DEC_MAX_VOLUMES - 1) * sizeof d->volumes[0]);
        d->volume_count--;
    }
    d->volumes[d->volume_count++] = (vc_volume){id, volume};
}

float vc_dec_volume(const vc_dec *d, uint32_t id)
{
    return vc_dec_lookup_volume(d, id);
}

static void vc_dec_fill_info(const vc_dec *d, const vc_sender *s, vc_sender_info *out)
{
    *out = s->info;
    out->talking = s->state != VC_IDLE;
    out->level_dbfs = s->level;
    out->volume = s->volume;
    double mean = s->delay_n ? s->delay_sum / s->delay_n : s->prebuffer;
    out->delay_ms = (float)(mean * VC_FRAME_MS);
    (void)d;
}

size_t vc_dec_count(const vc_dec *d)
{
    size_t n = 0;
    for (uint32_t i = 0; i < d->cfg.max_senders; i++) n += d->senders[i] != NULL;
    return n;
}

size_t vc_dec_senders(const vc_dec *d, vc_sender_info *out, size_t cap)
{
    size_t n = 0;
    for (uint32_t i = 0; i < d->cfg.max_senders; i++) {
        if (!d->senders[i]) continue;
        if (n < cap) vc_dec_fill_info(d, d->senders[i], &out[n]);
        n++;
    }
    return n;
}

bool vc_dec_sender(const vc_dec *d, uint32_t id, vc_sender_info *out)
{
    const vc_sender *s = vc_dec_find(d, id);
    if (!s) return false;
    vc_dec_fill_info(d, s, out);
    return true;
}

const char *vc_put_result_name(vc_put_result r)
{
    switch (r) {
    case VC_PUT_OK:
        return "ok";
    case VC_PUT_DUPLICATE:
        return "duplicate";
    case VC_PUT_LATE:
        return "late";
    case VC_PUT_FULL:
        return "sender buffer full";
    case VC_PUT_NO_ROOM:
        return "sender table full";
    case VC_PUT_INVALID:
        return "not a Speex frame";
    }
    return "unknown";
}
