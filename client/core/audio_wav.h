/* audio_wav.h — WAV files of 16-bit PCM, mono or stereo: read (validated), write.
 *
 * Used to stream a file into a room as a voice source, and to save and load voice notes.
 *
 * What a reader accepts (anything else is rejected with a reason a person can act on):
 *   "RIFF" size "WAVE", whose size does not run past the end of the file; then chunks
 *   (id, little-endian u32 size, body, a pad byte after an odd size), at most
 *   AUD_WAV_MAX_CHUNKS of them before the samples. Exactly one "fmt " chunk, before "data":
 *   format 1 (PCM) or 0xFFFE (extensible, with 16 valid bits and the PCM sub-format),
 *   1 or 2 channels, 8,000..192,000 Hz, 16 bits, block align = 2 x channels,
 *   byte rate = rate x block align. The first "data" chunk holds whole frames and lies
 *   inside the file. Unknown chunks (LIST, fact, ...) are skipped.
 * What a writer produces: the canonical 44-byte header (RIFF, fmt of 16 bytes, data), the
 * sizes patched when the file is finished; at most AUD_WAV_MAX_DATA bytes of samples.
 *
 * Samples are little-endian in the file and native in memory, interleaved by channel. */
#ifndef PARLEY_AUDIO_WAV_H
#define PARLEY_AUDIO_WAV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUD_WAV_HEADER_BYTES 44
#define AUD_WAV_MAX_CHUNKS   64
#define AUD_WAV_RATE_MIN     8000
#define AUD_WAV_RATE_MAX     192000
#define AUD_WAV_MAX_DATA     (UINT32_MAX - 36u) /* RIFF's size field must still fit */

typedef enum aud_wav_error {
    AUD_WAV_OK = 0,
    AUD_WAV_ERR_IO,              /* the file could not be opened, read or written */
    AUD_WAV_ERR_NOT_WAV,         /* no RIFF/WAVE header */
    AUD_WAV_ERR_TRUNCATED,       /* a size runs past the end of the file */
    AUD_WAV_ERR_NO_FORMAT,       /* no "fmt " chunk before "data", or two of them */
    AUD_WAV_ERR_ENCODING,        /* not integer PCM (e.g. float, A-law, ADPCM) */
    AUD_WAV_ERR_BITS,            /* not 16 bits per sample */
    AUD_WAV_ERR_CHANNELS,        /* not mono or stereo */
    AUD_WAV_ERR_RATE,            /* sample rate outside 8,000..192,000 Hz */
    AUD_WAV_ERR_INCONSISTENT,    /* sizes or rates in the header disagree */
    AUD_WAV_ERR_NO_DATA,         /* no "data" chunk */
    AUD_WAV_ERR_TOO_MANY_CHUNKS, /* more than AUD_WAV_MAX_CHUNKS before the samples */
    AUD_WAV_ERR_TOO_BIG,         /* writing more than AUD_WAV_MAX_DATA bytes */
} aud_wav_error;

typedef struct aud_wav_info {
    uint32_t rate;
    uint16_t channels;
    uint64_t frames;      /* sample frames (one sample per channel each) */
    uint64_t data_offset; /* where the samples start in the file */
} aud_wav_info;

/* Validates a whole WAV file held in memory. */
aud_wav_error aud_wav_parse(const uint8_t *data, size_t len, aud_wav_info *info);
/* Writes the canonical header for `frames` frames; false when the data would be too big
 * or the format is not one a reader accepts. */
bool aud_wav_header(uint8_t out[AUD_WAV_HEADER_BYTES], uint32_t rate, uint16_t channels,
                    uint64_t frames);

typedef struct aud_wav_reader aud_wav_reader;
/* Opens and validates a file; NULL with the reason in *err. */
aud_wav_reader *aud_wav_open(const char *path, aud_wav_info *info, aud_wav_error *err);
/* Reads up to `frames` interleaved frames; returns how many (0 at the end or on a read
 * error, see aud_wav_reader_error). */
size_t aud_wav_read(aud_wav_reader *r, int16_t *out, size_t frames);
/* The same, with the channels averaged to mono. */
size_t aud_wav_read_mono(aud_wav_reader *r, int16_t *out, size_t frames);
/* Back to the first frame (to loop a file). */
bool aud_wav_rewind(aud_wav_reader *r);
aud_wav_error aud_wav_reader_error(const aud_wav_reader *r);
void aud_wav_close(aud_wav_reader *r);

typedef struct aud_wav_writer aud_wav_writer;
aud_wav_writer *aud_wav_create(const char *path, uint32_t rate, uint16_t channels,
                               aud_wav_error *err);
aud_wav_error aud_wav_write(aud_wav_writer *w, const int16_t *pcm, size_t frames);
/* Patches the sizes into the header and closes the file; frees the writer either way. */
aud_wav_error aud_wav_finish(aud_wav_writer *w);

/* One sentence for a person, saying what is wrong and what to do. */
const char *aud_wav_error_str(aud_wav_error e);

#endif
