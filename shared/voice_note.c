/* voice_note.c — builds and checks the voice-note container: see voice_note.h. */
#include "voice_note.h"

#include <assert.h>
#include <string.h>

static const uint8_t vn_magic[4] = {'P', 'V', 'N', '1'};

vn_error vn_parse_header(const uint8_t *data, size_t len, uint32_t *frames_out)
{
    if (!data || len < VN_HEADER) return VN_ERR_SHORT;
    if (memcmp(data, vn_magic, sizeof vn_magic) != 0) return VN_ERR_MAGIC;
    if (data[4] >= VW_MODE_COUNT || data[5] != VN_FRAME_MS) return VN_ERR_MODE;
    uint32_t frames = (uint32_t)data[6] | (uint32_t)data[7] << 8;
    if (frames_out) *frames_out = frames;
    if (frames == 0 || frames > VN_MAX_FRAMES) return VN_ERR_FRAMES;
    return VN_OK;
}

vn_error vn_parse(const uint8_t *data, size_t len, vn_info *out)
{
    if (len > VN_MAX_BYTES) return VN_ERR_TOO_BIG;
    uint32_t frames = 0;
    vn_error e = vn_parse_header(data, len, &frames);
    if (e != VN_OK) return e;
    size_t pos = VN_HEADER;
    for (uint32_t i = 0; i < frames; i++) {
        if (pos >= len) return VN_ERR_SHORT;
        size_t n = data[pos++];
        if (n == 0) return VN_ERR_FRAME_LEN;
        if (n > len - pos) return VN_ERR_SHORT;
        pos += n;
    }
    if (pos != len) return VN_ERR_TRAILING;
    if (out) {
        out->mode = (vw_mode)data[4];
        out->frames = frames;
        out->duration_ms = frames * VN_FRAME_MS;
    }
    return VN_OK;
}

const char *vn_error_str(vn_error e)
{
    switch (e) {
    case VN_OK:
        return "the voice note is valid";
    case VN_ERR_SHORT:
        return "the voice note is cut short";
    case VN_ERR_MAGIC:
        return "this is not a Parley voice note";
    case VN_ERR_MODE:
        return "the voice note uses an unknown codec mode";
    case VN_ERR_FRAMES:
        return "the voice note is empty or longer than one minute";
    case VN_ERR_FRAME_LEN:
        return "the voice note holds an empty frame";
    case VN_ERR_TRAILING:
        return "the voice note has stray bytes after its last frame";
    case VN_ERR_TOO_BIG:
        return "the voice note is larger than 256 KiB";
    }
    return "the voice note is malformed";
}

bool vn_next_frame(const uint8_t *data, size_t len, size_t *pos, const uint8_t **frame,
                   size_t *frame_len)
{
    assert(pos && frame && frame_len);
    if (*pos == 0) *pos = VN_HEADER;
    if (!data || *pos >= len) return false;
    size_t n = data[*pos];
    if (n == 0 || n > len - *pos - 1) return false;
    *frame = data + *pos + 1;
    *frame_len = n;
    *pos += 1 + n;
    return true;
}

bool vn_write_begin(vn_writer *w, uint8_t *buf, size_t cap, vw_mode mode)
{
    assert(w && (buf || cap == 0) && mode < VW_MODE_COUNT);
    memset(w, 0, sizeof *w);
    if (cap < VN_HEADER) return false;
    w->buf = buf;
    w->cap = cap > VN_MAX_BYTES ? VN_MAX_BYTES : cap;
    memcpy(buf, vn_magic, sizeof vn_magic);
    buf[4] = (uint8_t)mode;
    buf[5] = VN_FRAME_MS;
    buf[6] = buf[7] = 0;
    w->len = VN_HEADER;
    return true;
}

bool vn_write_frame(vn_writer *w, const uint8_t *frame, size_t len)
{
    assert(w && frame && len > 0);
    if (!w->buf || w->full || len > VN_FRAME_MAX || w->frames >= VN_MAX_FRAMES ||
        1 + len > w->cap - w->len) {
        w->full = true;
        return false;
    }
    w->buf[w->len] = (uint8_t)len;
    memcpy(w->buf + w->len + 1, frame, len);
    w->len += 1 + len;
    w->frames++;
    return true;
}

size_t vn_write_end(vn_writer *w)
{
    assert(w);
    if (!w->buf || w->frames == 0) return 0;
    w->buf[6] = (uint8_t)(w->frames & 0xff);
    w->buf[7] = (uint8_t)(w->frames >> 8);
    return w->len;
}
