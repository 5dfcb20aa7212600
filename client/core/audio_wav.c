/* audio_wav.c — WAV reading with validation, and writing: see audio_wav.h. */
#include "audio_wav.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUD_WAV_FORMAT_PCM        1
#define AUD_WAV_FORMAT_EXTENSIBLE 0xfffe
#define AUD_WAV_IO_FRAMES         1024

/* Where a header is walked from: memory or a file, both with a known size. */
typedef struct aud_wav_src {
    const uint8_t *mem;
    FILE *f;
    uint64_t size;
} aud_wav_src;

struct aud_wav_reader {
    FILE *f;
    aud_wav_info info;
    uint64_t left; /* frames not yet read */
    aud_wav_error err;
};

struct aud_wav_writer {
    FILE *f;
    uint32_t rate;
    uint16_t channels;
    uint64_t frames;
    aud_wav_error err;
};

static uint16_t aud_wav_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t aud_wav_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void aud_wav_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void aud_wav_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static bool aud_wav_src_read(const aud_wav_src *s, uint64_t off, void *buf, size_t n)
{
    if (off > s->size || n > s->size - off) return false;
    if (s->mem) {
        memcpy(buf, s->mem + off, n);
        return true;
    }
    if (off > (uint64_t)LONG_MAX || fseek(s->f, (long)off, SEEK_SET) != 0) return false;
    return fread(buf, 1, n, s->f) == n;
}

static aud_wav_error aud_wav_fmt(const uint8_t *b, uint32_t size, aud_wav_info *info)
{
    static const uint8_t pcm_guid_tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                              0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
    if (size < 16) return AUD_WAV_ERR_INCONSISTENT;
    uint16_t format = aud_wav_get16(b), channels = aud_wav_get16(b + 2);
    uint32_t rate = aud_wav_get32(b + 4), byte_rate = aud_wav_get32(b + 8);
    uint16_t block = aud_wav_get16(b + 12), bits = aud_wav_get16(b + 14);
    if (format == AUD_WAV_FORMAT_EXTENSIBLE) {
        if (size < 40 || aud_wav_get16(b + 16) < 22) return AUD_WAV_ERR_INCONSISTENT;
        if (aud_wav_get16(b + 24) != AUD_WAV_FORMAT_PCM || memcmp(b + 26, pcm_guid_tail, 14))
            return AUD_WAV_ERR_ENCODING;
        if (aud_wav_get16(b + 18) != 16) return AUD_WAV_ERR_BITS; /* valid bits */
    } else if (format != AUD_WAV_FORMAT_PCM) {
        return AUD_WAV_ERR_ENCODING;
    }
    if (bits != 16) return AUD_WAV_ERR_BITS;
    if (channels < 1 || channels > 2) return AUD_WAV_ERR_CHANNELS;
    if (rate < AUD_WAV_RATE_MIN || rate > AUD_WAV_RATE_MAX) return AUD_WAV_ERR_RATE;
    if (block != 2 * channels || byte_rate != rate * block) return AUD_WAV_ERR_INCONSISTENT;
    info->rate = rate;
    info->channels = channels;
    return AUD_WAV_OK;
}

static aud_wav_error aud_wav_walk(const aud_wav_src *s, aud_wav_info *info)
{
    uint8_t head[12];
    if (!aud_wav_src_read(s, 0, head, sizeof head) || memcmp(head, "RIFF", 4) ||
        memcmp(head + 8, "WAVE", 4))
        return AUD_WAV_ERR_NOT_WAV;
    uint64_t end = 8 + (uint64_t)aud_wav_get32(head + 4);
    if (end > s->size) return AUD_WAV_ERR_TRUNCATED;
    bool have_fmt = false;
    uint64_t off = 12;
    for (int chunks = 0;; chunks++) {
        if (chunks == AUD_WAV_MAX_CHUNKS) return AUD_WAV_ERR_TOO_MANY_CHUNKS;
        uint8_t ch[8];
        if (off + 8 > end) return have_fmt ? AUD_WAV_ERR_NO_DATA : AUD_WAV_ERR_NO_FORMAT;
        if (!aud_wav_src_read(s, off, ch, sizeof ch)) return AUD_WAV_ERR_IO;
        uint64_t size = aud_wav_get32(ch + 4), body = off + 8;
        if (size > end - body) return AUD_WAV_ERR_TRUNCATED;
        if (!memcmp(ch, "fmt ", 4)) {
            if (have_fmt) return AUD_WAV_ERR_NO_FORMAT;
            uint8_t fmt[40] = {0};
            size_t want = size < sizeof fmt ? (size_t)size : sizeof fmt;
            if (!aud_wav_src_read(s, body, fmt, want)) return AUD_WAV_ERR_IO;
            aud_wav_error e = aud_wav_fmt(fmt, (uint32_t)size, info);
            if (e != AUD_WAV_OK) return e;
            have_fmt = true;
        } else if (!memcmp(ch, "data", 4)) {
            if (!have_fmt) return AUD_WAV_ERR_NO_FORMAT;
            uint32_t block = 2u * info->channels;
            if (size % block) return AUD_WAV_ERR_INCONSISTENT;
            info->frames = size / block;
            info->data_offset = body;
            return AUD_WAV_OK;
        }
        off = body + size + (size & 1);
    }
}

aud_wav_error aud_wav_parse(const uint8_t *data, size_t len, aud_wav_info *info)
{
    assert(info && (data || len == 0));
    aud_wav_info tmp = {0};
    aud_wav_src s = {.mem = data, .size = len};
    aud_wav_error e = len ? aud_wav_walk(&s, &tmp) : AUD_WAV_ERR_NOT_WAV;
    *info = e == AUD_WAV_OK ? tmp : (aud_wav_info){0};
    return e;
}

bool aud_wav_header(uint8_t out[AUD_WAV_HEADER_BYTES], uint32_t rate, uint16_t channels,
                    uint64_t frames)
{
    if (channels < 1 || channels > 2 || rate < AUD_WAV_RATE_MIN || rate > AUD_WAV_RATE_MAX)
        return false;
    uint32_t block = 2u * channels;
    if (frames > AUD_WAV_MAX_DATA / block) return false;
    uint32_t data = (uint32_t)frames * block;
    memcpy(out, "RIFF", 4);
    aud_wav_put32(out + 4, 36 + data);
    memcpy(out + 8, "WAVEfmt ", 8);
    aud_wav_put32(out + 16, 16);
    aud_wav_put16(out + 20, AUD_WAV_FORMAT_PCM);
    aud_wav_put16(out + 22, channels);
    aud_wav_put32(out + 24, rate);
    aud_wav_put32(out + 28, rate * block);
    aud_wav_put16(out + 32, (uint16_t)block);
    aud_wav_put16(out + 34, 16);
    memcpy(out + 36, "data", 4);
    aud_wav_put32(out + 40, data);
    return true;
}

aud_wav_reader *aud_wav_open(const char *path, aud_wav_info *info, aud_wav_error *err)
{
    aud_wav_error e = AUD_WAV_OK;
    aud_wav_reader *r = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        e = AUD_WAV_ERR_IO;
        goto out;
    }
    aud_wav_src s = {.f = f};
    if (fseek(f, 0, SEEK_END) != 0) {
        e = AUD_WAV_ERR_IO;
        goto out;
    }
    long size = ftell(f); /* files past LONG_MAX (2 GiB where long is 32-bit) fail here */
    if (size < 0) {
        e = AUD_WAV_ERR_IO;
        goto out;
    }
    s.size = (uint64_t)size;
    aud_wav_info tmp = {0};
    e = aud_wav_walk(&s, &tmp);
    if (e != AUD_WAV_OK) goto out;
    r = calloc(1, sizeof *r);
    if (!r) {
        e = AUD_WAV_ERR_IO;
        goto out;
    }
    r->f = f;
    r->info = tmp;
    if (!aud_wav_rewind(r)) {
        free(r);
        r = NULL;
        e = AUD_WAV_ERR_IO;
        goto out;
    }
    f = NULL;
    if (info) *info = tmp;
out:
    if (f) fclose(f);
    if (err) *err = e;
    return r;
}

bool aud_wav_rewind(aud_wav_reader *r)
{
    r->left = r->info.frames;
    r->err = AUD_WAV_OK;
    if (r->info.data_offset > (uint64_t)LONG_MAX ||
        fseek(r->f, (long)r->info.data_offset, SEEK_SET) != 0) {
        r->err = AUD_WAV_ERR_IO;
        return false;
    }
    return true;
}

size_t aud_wav_read(aud_wav_reader *r, int16_t *out, size_t frames)
{
    uint8_t buf[AUD_WAV_IO_FRAMES * 4];
    size_t ch = r->info.channels, done = 0;
    if (frames > r->left) frames = (size_t)r->left;
    while (done < frames && r->err == AUD_WAV_OK) {
        size_t n = frames - done;
        if (n > AUD_WAV_IO_FRAMES) n = AUD_WAV_IO_FRAMES;
        if (fread(buf, 2 * ch, n, r->f) != n) {
            r->err = AUD_WAV_ERR_IO;
            break;
        }
        for (size_t i = 0; i < n * ch; i++)
            out[done * ch + i] = (int16_t)aud_wav_get16(buf + 2 * i);
        done += n;
    }
    r->left -= done;
    return done;
}

size_t aud_wav_read_mono(aud_wav_reader *r, int16_t *out, size_t frames)
{
    if (r->info.channels == 1) return aud_wav_read(r, out, frames);
    int16_t pair[AUD_WAV_IO_FRAMES * 2];
    size_t done = 0;
    while (done < frames) {
        size_t want = frames - done < AUD_WAV_IO_FRAMES ? frames - done : AUD_WAV_IO_FRAMES;
        size_t n = aud_wav_read(r, pair, want);
        for (size_t i = 0; i < n; i++)
            out[done + i] = (int16_t)(((int32_t)pair[2 * i] + pair[2 * i + 1]) / 2);
        done += n;
        if (n < want) break;
    }
    return done;
}

aud_wav_error aud_wav_reader_error(const aud_wav_reader *r)
{
    return r->err;
}

void aud_wav_close(aud_wav_reader *r)
{
    if (!r) return;
    fclose(r->f);
    free(r);
}

aud_wav_writer *aud_wav_create(const char *path, uint32_t rate, uint16_t channels,
                               aud_wav_error *err)
{
    uint8_t head[AUD_WAV_HEADER_BYTES];
    aud_wav_error e = AUD_WAV_OK;
    aud_wav_writer *w = NULL;
    if (!aud_wav_header(head, rate, channels, 0)) {
        e = channels < 1 || channels > 2 ? AUD_WAV_ERR_CHANNELS : AUD_WAV_ERR_RATE;
        goto out;
    }
    w = calloc(1, sizeof *w);
    if (!w || !(w->f = fopen(path, "wb")) || fwrite(head, 1, sizeof head, w->f) != sizeof head) {
        if (w && w->f) fclose(w->f);
        free(w);
        w = NULL;
        e = AUD_WAV_ERR_IO;
        goto out;
    }
    w->rate = rate;
    w->channels = channels;
out:
    if (err) *err = e;
    return w;
}

aud_wav_error aud_wav_write(aud_wav_writer *w, const int16_t *pcm, size_t frames)
{
    uint8_t buf[AUD_WAV_IO_FRAMES * 4];
    size_t ch = w->channels;
    if (w->err != AUD_WAV_OK) return w->err;
    if (frames > (AUD_WAV_MAX_DATA / (2 * ch)) - w->frames) return w->err = AUD_WAV_ERR_TOO_BIG;
    for (size_t done = 0; done < frames;) {
        size_t n = frames - done < AUD_WAV_IO_FRAMES ? frames - done : AUD_WAV_IO_FRAMES;
        for (size_t i = 0; i < n * ch; i++)
            aud_wav_put16(buf + 2 * i, (uint16_t)pcm[done * ch + i]);
        if (fwrite(buf, 2 * ch, n, w->f) != n) return w->err = AUD_WAV_ERR_IO;
        done += n;
        w->frames += n;
    }
    return AUD_WAV_OK;
}

aud_wav_error aud_wav_finish(aud_wav_writer *w)
{
    uint8_t head[AUD_WAV_HEADER_BYTES];
    aud_wav_error e = w->err;
    if (e == AUD_WAV_OK) {
        bool ok = aud_wav_header(head, w->rate, w->channels, w->frames);
        assert(ok);
        (void)ok;
        if (fseek(w->f, 0, SEEK_SET) != 0 || fwrite(head, 1, sizeof head, w->f) != sizeof head)
            e = AUD_WAV_ERR_IO;
    }
    if (fclose(w->f) != 0 && e == AUD_WAV_OK) e = AUD_WAV_ERR_IO;
    free(w);
    return e;
}

const char *aud_wav_error_str(aud_wav_error e)
{
    switch (e) {
    case AUD_WAV_OK:
        return "ok";
    case AUD_WAV_ERR_IO:
        return "the file could not be read or written; check the path and "
               "permissions";
    case AUD_WAV_ERR_NOT_WAV:
        return "not a WAV file (no RIFF/WAVE header)";
    case AUD_WAV_ERR_TRUNCATED:
        return "the WAV file is cut short; it may still be downloading "
               "or was damaged";
    case AUD_WAV_ERR_NO_FORMAT:
        return "the WAV file has no single format chunk before its "
               "samples";
    case AUD_WAV_ERR_ENCODING:
        return "the WAV file is not plain PCM; convert it to 16-bit PCM "
               "(e.g. sox in.wav -e signed -b 16 out.wav)";
    case AUD_WAV_ERR_BITS:
        return "the WAV file is not 16-bit; convert it to 16-bit PCM "
               "(e.g. sox in.wav -b 16 out.wav)";
    case AUD_WAV_ERR_CHANNELS:
        return "only mono and stereo WAV files are supported; mix it "
               "down (e.g. sox in.wav -c 1 out.wav)";
    case AUD_WAV_ERR_RATE:
        return "the WAV file's sample rate is outside 8,000-192,000 Hz";
    case AUD_WAV_ERR_INCONSISTENT:
        return "the WAV header contradicts itself (sizes or rates); "
               "re-save the file with an audio editor";
    case AUD_WAV_ERR_NO_DATA:
        return "the WAV file has no samples (no data chunk)";
    case AUD_WAV_ERR_TOO_MANY_CHUNKS:
        return "the WAV file has too many chunks before its "
               "samples";
    case AUD_WAV_ERR_TOO_BIG:
        return "the recording is too long for a WAV file (4 GiB)";
    }
    return "unknown WAV error";
}
