/* cl_note.c — voice-note recording, decoding and fetch assembly: see cl_note.h. */
#include "cl_note.h"

#include "voice_codec.h"

#include <assert.h>
#include <speex/speex.h>
#include <stdlib.h>
#include <string.h>

struct cl_note_rec {
    vw_mode mode;
    void *enc;
    SpeexBits bits;
    size_t frame; /* samples per frame */
    size_t fill;  /* samples waiting in pcm */
    int16_t pcm[VC_MAX_FRAME];
    vn_writer w;
    bool finished;
    uint8_t buf[VN_MAX_BYTES];
};

cl_note_rec *cl_note_rec_create(vw_mode mode, int quality)
{
    assert(vc_codec_valid(mode) && quality >= 0 && quality <= 10);
    cl_note_rec *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->mode = mode;
    r->enc = speex_encoder_init(vc_codec_speex(mode));
    if (!r->enc) {
        free(r);
        return NULL;
    }
    int q = quality ? quality : CL_NOTE_QUALITY;
    speex_encoder_ctl(r->enc, SPEEX_SET_QUALITY, &q);
    speex_bits_init(&r->bits);
    r->frame = vc_codec_frame(mode);
    vn_write_begin(&r->w, r->buf, sizeof r->buf, mode);
    return r;
}

void cl_note_rec_destroy(cl_note_rec *r)
{
    if (!r) return;
    speex_bits_destroy(&r->bits);
    speex_encoder_destroy(r->enc);
    free(r);
}

int cl_note_rec_rate(const cl_note_rec *r)
{
    assert(r);
    return vc_codec_rate(r->mode);
}

/* Encodes the frame in pcm; false when it does not fit the note. */
static bool cl_note_rec_frame(cl_note_rec *r)
{
    uint8_t out[VN_FRAME_MAX];
    speex_bits_reset(&r->bits);
    speex_encode_int(r->enc, r->pcm, &r->bits);
    int n = speex_bits_write(&r->bits, (char *)out, (int)sizeof out);
    r->fill = 0;
    return n > 0 && vn_write_frame(&r->w, out, (size_t)n);
}

bool cl_note_rec_push(cl_note_rec *r, const int16_t *pcm, size_t n)
{
    assert(r && (pcm || n == 0));
    if (r->finished || r->w.full) return false;
    while (n > 0) {
        size_t take = r->frame - r->fill < n ? r->frame - r->fill : n;
        memcpy(r->pcm + r->fill, pcm, take * sizeof *pcm);
        r->fill += take;
        pcm += take;
        n -= take;
        if (r->fill == r->frame && !cl_note_rec_frame(r)) return false;
    }
    return !r->w.full && r->w.frames < VN_MAX_FRAMES;
}

uint32_t cl_note_rec_ms(const cl_note_rec *r)
{
    assert(r);
    return r->w.frames * VN_FRAME_MS;
}

size_t cl_note_rec_finish(cl_note_rec *r, const uint8_t **data)
{
    assert(r && data);
    if (!r->finished && r->fill > 0 && !r->w.full) {
        memset(r->pcm + r->fill, 0, (r->frame - r->fill) * sizeof r->pcm[0]);
        cl_note_rec_frame(r);
    }
    r->finished = true;
    *data = r->buf;
    return vn_write_end(&r->w);
}

size_t cl_note_samples(const uint8_t *data, size_t len, int *rate)
{
    vn_info info;
    if (vn_parse(data, len, &info) != VN_OK) return 0;
    if (rate) *rate = vc_codec_rate(info.mode);
    return info.frames * vc_codec_frame(info.mode);
}

bool cl_note_decode(const uint8_t *data, size_t len, int16_t *out, size_t cap, size_t *samples,
                    int *rate, const char **why)
{
    assert(out && samples && rate);
    *samples = 0;
    vn_info info;
    vn_error ve = vn_parse(data, len, &info);
    if (ve != VN_OK) {
        if (why) *why = vn_error_str(ve);
        return false;
    }
    size_t frame = vc_codec_frame(info.mode);
    if (cap / frame < info.frames) {
        if (why) *why = "the buffer is too small for the voice note";
        return false;
    }
    void *dec = speex_decoder_init(vc_codec_speex(info.mode));
    if (!dec) {
        if (why) *why = "out of memory";
        return false;
    }
    SpeexBits sb;
    speex_bits_init(&sb);
    size_t pos = 0;
    const uint8_t *f;
    size_t flen;
    while (vn_next_frame(data, len, &pos, &f, &flen)) {
        if (vc_codec_check_frame(info.mode, f, flen)) {
            speex_bits_read_from(&sb, (const char *)f, (int)flen);
            speex_decode_int(dec, &sb, out + *samples);
        } else {
            speex_decode_int(dec, NULL, out + *samples); /* concealment */
        }
        *samples += frame;
    }
    speex_bits_destroy(&sb);
    speex_decoder_destroy(dec);
    *rate = vc_codec_rate(info.mode);
    return true;
}

void cl_note_rx_begin(cl_note_rx *rx, uint32_t req, uint64_t server_id)
{
    assert(rx);
    rx->req = req;
    rx->server_id = server_id;
    rx->total = rx->got = rx->duration_ms = 0;
    rx->err = MSG_OK;
}

cl_note_rx_state cl_note_rx_feed(cl_note_rx *rx, const msg_note_data *d)
{
    assert(rx && d);
    if (d->req != rx->req || d->server_id != rx->server_id) return CL_NOTE_RX_OTHER;
    if (d->err != MSG_OK) {
        rx->err = d->err;
        return CL_NOTE_RX_FAILED;
    }
    if (d->offset == 0) {
        rx->total = d->total;
        rx->got = 0;
        rx->duration_ms = d->duration_ms;
    }
    /* msg_decode keeps offset + len within total; the stream must also be in order. */
    if (d->offset != rx->got || d->total != rx->total || d->total > sizeof rx->data) {
        rx->err = MSG_ERR_BAD_NOTE;
        return CL_NOTE_RX_FAILED;
    }
    memcpy(rx->data + rx->got, d->data, d->len);
    rx->got += d->len;
    if (rx->got < rx->total) return CL_NOTE_RX_MORE;
    if (vn_parse(rx->data, rx->total, NULL) == VN_OK) return CL_NOTE_RX_DONE;
    rx->err = MSG_ERR_BAD_NOTE;
    return CL_NOTE_RX_FAILED;
}

bool cl_note_tx_add(cl_note_tx *tx, uint64_t id, uint32_t room_id, const char *to,
                    const uint8_t *data, size_t len)
{
    assert(tx && id && data && len > 0 && len <= VN_MAX_BYTES);
    assert(!to || strlen(to) <= MSG_NAME_MAX);
    if (tx->count >= CL_NOTE_TX_MAX) return false;
    uint8_t *copy = malloc(len);
    if (!copy) return false;
    memcpy(copy, data, len);
    cl_note_out *o = &tx->v[tx->count++];
    memset(o, 0, sizeof *o);
    o->id = id;
    o->room_id = room_id;
    if (to) memcpy(o->to, to, strlen(to) + 1);
    o->len = (uint32_t)len;
    o->data = copy;
    return true;
}

cl_note_out *cl_note_tx_find(cl_note_tx *tx, uint64_t id)
{
    assert(tx);
    for (uint32_t i = 0; i < tx->count && id; i++)
        if (tx->v[i].id == id) return &tx->v[i];
    return NULL;
}

bool cl_note_tx_remove(cl_note_tx *tx, uint64_t id)
{
    cl_note_out *o = cl_note_tx_find(tx, id);
    if (!o) return false;
    free(o->data);
    size_t i = (size_t)(o - tx->v);
    memmove(o, o + 1, (tx->count - i - 1) * sizeof *o); /* keep the order */
    tx->count--;
    memset(&tx->v[tx->count], 0, sizeof tx->v[0]);
    return true;
}

void cl_note_tx_restart(cl_note_tx *tx, cl_note_out *o, double not_before)
{
    assert(tx && o >= tx->v && o < tx->v + tx->count);
    for (; o < tx->v + tx->count; o++) {
        o->next = 0;
        if (o->not_before < not_before) o->not_before = not_before;
    }
}

void cl_note_tx_restart_all(cl_note_tx *tx)
{
    assert(tx);
    for (uint32_t i = 0; i < tx->count; i++) tx->v[i].next = 0;
}

bool cl_note_tx_next(const cl_note_tx *tx, double now, msg_note_send *out)
{
    assert(tx && out);
    const cl_note_out *o = NULL;
    for (uint32_t i = 0; i < tx->count && !o; i++)
        if (tx->v[i].next < tx->v[i].len) o = &tx->v[i];
    if (!o || now < o->not_before) return false;
    memset(out, 0, offsetof(msg_note_send, data));
    out->client_msg_id = o->id;
    out->room_id = o->room_id;
    memcpy(out->to, o->to, sizeof out->to);
    out->total = o->len;
    out->offset = o->next;
    out->len = o->len - o->next < MSG_NOTE_CHUNK ? o->len - o->next : MSG_NOTE_CHUNK;
    memcpy(out->data, o->data + o->next, out->len);
    return true;
}

void cl_note_tx_advance(cl_note_tx *tx, const msg_note_send *sent)
{
    cl_note_out *o = cl_note_tx_find(tx, sent->client_msg_id);
    if (o && o->next == sent->offset) o->next += sent->len;
}

void cl_note_tx_free(cl_note_tx *tx)
{
    if (!tx) return;
    for (uint32_t i = 0; i < tx->count; i++) free(tx->v[i].data);
    memset(tx, 0, sizeof *tx);
}
