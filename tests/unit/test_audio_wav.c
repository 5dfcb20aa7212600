/* WAV files: write -> read round trips (mono, stereo, to mono), the canonical header, odd
 * chunks skipped, and every kind of malformed header rejected with its reason. */
#include "audio_wav.h"
#include "../test.h"
#include "../test_fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static const char *tmp_path(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void test_round_trip_files(void)
{
    int16_t mono[5000], stereo[2 * 3000], back[2 * 5000];
    for (int i = 0; i < 5000; i++) mono[i] = (int16_t)(i * 13 - 32768 + (i & 1) * 32767);
    for (int i = 0; i < 3000; i++) {
        stereo[2 * i] = (int16_t)(i * 7);
        stereo[2 * i + 1] = (int16_t)(-i * 5 - 1);
    }
    aud_wav_error e;
    aud_wav_writer *w = aud_wav_create(tmp_path("mono.wav"), 16000, 1, &e);
    CHECK(w && e == AUD_WAV_OK);
    CHECK_EQ(aud_wav_write(w, mono, 2000), AUD_WAV_OK);
    CHECK_EQ(aud_wav_write(w, mono + 2000, 3000), AUD_WAV_OK);
    CHECK_EQ(aud_wav_finish(w), AUD_WAV_OK);

    aud_wav_info info;
    aud_wav_reader *r = aud_wav_open(tmp_path("mono.wav"), &info, &e);
    CHECK(r && e == AUD_WAV_OK);
    CHECK_EQ(info.rate, 16000);
    CHECK_EQ(info.channels, 1);
    CHECK_EQ(info.frames, 5000);
    CHECK_EQ(info.data_offset, AUD_WAV_HEADER_BYTES);
    CHECK_EQ(aud_wav_read(r, back, 1234), 1234);
    CHECK_EQ(aud_wav_read(r, back + 1234, 9999), 5000 - 1234);
    CHECK_EQ(aud_wav_read(r, back, 10), 0);
    CHECK(memcmp(back, mono, sizeof mono) == 0);
    CHECK(aud_wav_rewind(r));
    CHECK_EQ(aud_wav_read_mono(r, back, 10), 10);
    CHECK_EQ(back[9], mono[9]);
    CHECK_EQ(aud_wav_reader_error(r), AUD_WAV_OK);
    aud_wav_close(r);

    w = aud_wav_create(tmp_path("stereo.wav"), 44100, 2, &e);
    CHECK_EQ(aud_wav_write(w, stereo, 3000), AUD_WAV_OK);
    CHECK_EQ(aud_wav_finish(w), AUD_WAV_OK);
    r = aud_wav_open(tmp_path("stereo.wav"), &info, &e);
    CHECK(r != NULL);
    CHECK_EQ(info.channels, 2);
    CHECK_EQ(info.frames, 3000);
    CHECK_EQ(aud_wav_read(r, back, 3000), 3000);
    CHECK(memcmp(back, stereo, sizeof stereo) == 0);
    aud_wav_rewind(r);
    CHECK_EQ(aud_wav_read_mono(r, back, 3000), 3000);
    CHECK_EQ(back[100], (int16_t)((700 + -501) / 2));
    aud_wav_close(r);

    CHECK(aud_wav_open(tmp_path("missing.wav"), &info, &e) == NULL);
    CHECK_EQ(e, AUD_WAV_ERR_IO);
    CHECK(aud_wav_create(tmp_path("x.wav"), 16000, 3, &e) == NULL);
    CHECK_EQ(e, AUD_WAV_ERR_CHANNELS);
}

/* A file image built chunk by chunk. */
typedef struct img {
    uint8_t b[2048];
    size_t n;
} img;

static void put(img *m, const void *p, size_t n)
{
    if (m->n + n > sizeof m->b) abort();
    memcpy(m->b + m->n, p, n);
    m->n += n;
}
static void put32(img *m, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(m, x, 4);
}
static void put16(img *m, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put(m, x, 2);
}
static void fmt_chunk(img *m, uint16_t format, uint16_t ch, uint32_t rate, uint32_t byte_rate,
                      uint16_t block, uint16_t bits)
{
    put(m, "fmt ", 4);
    put32(m, 16);
    put16(m, format);
    put16(m, ch);
    put32(m, rate);
    put32(m, byte_rate);
    put16(m, block);
    put16(m, bits);
}
static void good_fmt(img *m)
{
    fmt_chunk(m, 1, 1, 16000, 32000, 2, 16);
}
static void data_chunk(img *m, uint32_t size, size_t actual)
{
    put(m, "data", 4);
    put32(m, size);
    memset(m->b + m->n, 0x11, actual);
    m->n += actual;
}
static void start(img *m)
{
    m->n = 0;
    put(m, "RIFF", 4);
    put32(m, 0); /* patched by finish */
    put(m, "WAVE", 4);
}
static aud_wav_error finish(img *m)
{
    uint32_t riff = (uint32_t)m->n - 8;
    uint8_t le[4] = {(uint8_t)riff, (uint8_t)(riff >> 8), (uint8_t)(riff >> 16), 0};
    memcpy(m->b + 4, le, 4);
    aud_wav_info info;
    return aud_wav_parse(m->b, m->n, &info);
}

static void test_header_and_odd_chunks(void)
{
    uint8_t h[AUD_WAV_HEADER_BYTES + 8] = {0};
    CHECK(aud_wav_header(h, 8000, 1, 4));
    aud_wav_info info;
    CHECK_EQ(aud_wav_parse(h, sizeof h, &info), AUD_WAV_OK);
    CHECK_EQ(info.frames, 4);
    CHECK(memcmp(h, "RIFF", 4) == 0 && h[4] == 44 && memcmp(h + 8, "WAVEfmt ", 8) == 0);
    CHECK(!aud_wav_header(h, 8000, 0, 4));
    CHECK(!aud_wav_header(h, 200000, 1, 4));
    CHECK(!aud_wav_header(h, 8000, 2, (uint64_t)AUD_WAV_MAX_DATA));

    /* An odd-sized LIST chunk (with its pad byte) and a fact chunk are skipped. */
    img m;
    start(&m);
    put(&m, "LIST", 4);
    put32(&m, 5);
    put(&m, "abcde", 5);
    put(&m, "\0", 1);
    good_fmt(&m);
    put(&m, "fact", 4);
    put32(&m, 4);
    put32(&m, 3);
    data_chunk(&m, 6, 6);
    CHECK_EQ(finish(&m), AUD_WAV_OK);
    CHECK_EQ(aud_wav_parse(m.b, m.n, &info), AUD_WAV_OK);
    CHECK_EQ(info.frames, 3);

    /* WAVE_FORMAT_EXTENSIBLE with the PCM sub-format is plain PCM. */
    static const uint8_t pcm_guid[16] = {1,    0, 0, 0,    0, 0,    0x10, 0,
                                         0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71};
    start(&m);
    put(&m, "fmt ", 4);
    put32(&m, 40);
    put16(&m, 0xfffe);
    put16(&m, 2);
    put32(&m, 48000);
    put32(&m, 192000);
    put16(&m, 4);
    put16(&m, 16);
    put16(&m, 22);
    put16(&m, 16);
    put32(&m, 3);
    put(&m, pcm_guid, 16);
    data_chunk(&m, 8, 8);
    CHECK_EQ(finish(&m), AUD_WAV_OK);
    m.b[20 + 24] = 3; /* sub-format IEEE float */
    CHECK_EQ(finish(&m), AUD_WAV_ERR_ENCODING);
}

static void test_rejects_malformed(void)
{
    img m;
    aud_wav_info info;
    CHECK_EQ(aud_wav_parse(NULL, 0, &info), AUD_WAV_ERR_NOT_WAV);
    CHECK_EQ(aud_wav_parse((const uint8_t *)"RIFF", 4, &info), AUD_WAV_ERR_NOT_WAV);

    start(&m);
    good_fmt(&m);
    data_chunk(&m, 4, 4);
    CHECK_EQ(finish(&m), AUD_WAV_OK);
    m.b[0] = 'X';
    CHECK_EQ(aud_wav_parse(m.b, m.n, &info), AUD_WAV_ERR_NOT_WAV);
    m.b[0] = 'R';
    m.b[8] = 'X'; /* not WAVE */
    CHECK_EQ(aud_wav_parse(m.b, m.n, &info), AUD_WAV_ERR_NOT_WAV);
    m.b[8] = 'W';
    CHECK_EQ(aud_wav_parse(m.b, m.n - 1, &info), AUD_WAV_ERR_TRUNCATED); /* RIFF size too big */
    CHECK_EQ(info.frames, 0);

    start(&m);
    good_fmt(&m);
    data_chunk(&m, 400, 4); /* data runs past the end */
    CHECK_EQ(finish(&m), AUD_WAV_ERR_TRUNCATED);

    start(&m);
    data_chunk(&m, 4, 4); /* data before fmt */
    good_fmt(&m);
    CHECK_EQ(finish(&m), AUD_WAV_ERR_NO_FORMAT);

    start(&m);
    good_fmt(&m);
    good_fmt(&m); /* two fmt chunks */
    data_chunk(&m, 4, 4);
    CHECK_EQ(finish(&m), AUD_WAV_ERR_NO_FORMAT);

    start(&m);
    good_fmt(&m); /* no data */
    CHECK_EQ(finish(&m), AUD_WAV_ERR_NO_DATA);

    start(&m);
    CHECK_EQ(finish(&m), AUD_WAV_ERR_NO_FORMAT);

    struct {
        uint16_t format, ch;
        uint32_t rate, byte_rate;
        uint16_t block, bits;
        aud_wav_error want;
    } bad[] = {
        {3, 1, 16000, 64000, 4, 32, AUD_WAV_ERR_ENCODING},     /* float */
        {6, 1, 8000, 8000, 1, 8, AUD_WAV_ERR_ENCODING},        /* A-law */
        {1, 1, 16000, 48000, 3, 24, AUD_WAV_ERR_BITS},         /* 24-bit */
        {1, 1, 16000, 16000, 1, 8, AUD_WAV_ERR_BITS},          /* 8-bit */
        {1, 3, 16000, 96000, 6, 16, AUD_WAV_ERR_CHANNELS},     /* 3 channels */
        {1, 0, 16000, 0, 0, 16, AUD_WAV_ERR_CHANNELS},         /* none */
        {1, 1, 4000, 8000, 2, 16, AUD_WAV_ERR_RATE},           /* too low */
        {1, 1, 384000, 768000, 2, 16, AUD_WAV_ERR_RATE},       /* too high */
        {1, 2, 16000, 64000, 2, 16, AUD_WAV_ERR_INCONSISTENT}, /* block align */
        {1, 1, 16000, 31999, 2, 16, AUD_WAV_ERR_INCONSISTENT}, /* byte rate */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        start(&m);
        fmt_chunk(&m, bad[i].format, bad[i].ch, bad[i].rate, bad[i].byte_rate, bad[i].block,
                  bad[i].bits);
        data_chunk(&m, 12, 12);
        aud_wav_error e = finish(&m);
        if (e != bad[i].want) printf("  case %zu: got %d\n", i, e);
        CHECK_EQ(e, bad[i].want);
    }

    start(&m);
    good_fmt(&m);
    data_chunk(&m, 3, 3); /* half a frame */
    CHECK_EQ(finish(&m), AUD_WAV_ERR_INCONSISTENT);

    start(&m); /* fmt chunk too short */
    put(&m, "fmt ", 4);
    put32(&m, 8);
    put32(&m, 0x00010001);
    put32(&m, 16000);
    data_chunk(&m, 4, 4);
    CHECK_EQ(finish(&m), AUD_WAV_ERR_INCONSISTENT);

    start(&m); /* endless empty chunks */
    for (int i = 0; i < AUD_WAV_MAX_CHUNKS + 1; i++) {
        put(&m, "junk", 4);
        put32(&m, 0);
    }
    good_fmt(&m);
    data_chunk(&m, 4, 4);
    CHECK_EQ(finish(&m), AUD_WAV_ERR_TOO_MANY_CHUNKS);

    /* The same checks apply to files. */
    start(&m);
    fmt_chunk(&m, 1, 1, 16000, 48000, 3, 24);
    data_chunk(&m, 6, 6);
    finish(&m);
    FILE *f = fopen(tmp_path("bad.wav"), "wb");
    fwrite(m.b, 1, m.n, f);
    fclose(f);
    aud_wav_error e;
    CHECK(aud_wav_open(tmp_path("bad.wav"), &info, &e) == NULL);
    CHECK_EQ(e, AUD_WAV_ERR_BITS);
    f = fopen(tmp_path("cut.wav"), "wb");
    fwrite(m.b, 1, 30, f);
    fclose(f);
    CHECK(aud_wav_open(tmp_path("cut.wav"), &info, &e) == NULL);
    CHECK_EQ(e, AUD_WAV_ERR_TRUNCATED);

    for (int i = AUD_WAV_OK; i <= AUD_WAV_ERR_TOO_BIG; i++)
        CHECK(strlen(aud_wav_error_str((aud_wav_error)i)) > 1);
}

int main(void)
{
    test_tmpdir(dir, sizeof dir);
    TEST_RUN(test_round_trip_files);
    TEST_RUN(test_header_and_odd_chunks);
    TEST_RUN(test_rejects_malformed);
    test_rmtree(dir);
    return test_summary();
}
