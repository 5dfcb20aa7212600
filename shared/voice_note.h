/* voice_note.h — the voice-note container: Speex frames with their lengths, as sent, stored
 * and fetched. Shared because the server validates what it stores and clients build and
 * play it (client/core/cl_note.h does the Speex part).
 *
 * Layout (all integers little-endian), one encoding per note:
 *
 *   +------+------+----------+----------+-----------------------------------------+
 *   | PVN1 | mode | frame_ms | frames   | frames x ( len u8 | len bytes of Speex ) |
 *   +------+------+----------+----------+-----------------------------------------+
 *    0..3    4      5          6..7       8 .. end
 *
 *   magic     "PVN1" (Parley voice note, version 1)
 *   mode      vw_mode: 0 narrowband 8 kHz, 1 wideband 16 kHz, 2 ultra-wideband 32 kHz
 *   frame_ms  20: every frame is 20 ms of audio
 *   frames    1..VN_MAX_FRAMES; the duration is frames * 20 ms
 *   len       1..VN_FRAME_MAX bytes: one Speex frame each; silence is encoded, not skipped,
 *             so frame k always starts at k * 20 ms
 *
 * The lengths must add up to the buffer exactly: nothing may follow the last frame. A reader
 * checks every length against what is left before touching the bytes. */
#ifndef PARLEY_VOICE_NOTE_H
#define PARLEY_VOICE_NOTE_H

#include "voice_wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VN_HEADER     8
#define VN_FRAME_MS   20
#define VN_MAX_MS     60000u /* the documented limit of one note: one minute */
#define VN_MAX_FRAMES (VN_MAX_MS / VN_FRAME_MS)
#define VN_FRAME_MAX  255u           /* Speex's largest frame (UWB, quality 10) is 106 bytes */
#define VN_MAX_BYTES  (256u * 1024u) /* one minute of UWB at quality 10 would not fit; WB does */

typedef enum vn_error {
    VN_OK = 0,
    VN_ERR_SHORT,     /* shorter than its header or its frames say */
    VN_ERR_MAGIC,     /* not "PVN1" */
    VN_ERR_MODE,      /* an unknown codec mode or frame length in ms */
    VN_ERR_FRAMES,    /* no frames, or more than VN_MAX_FRAMES (over a minute) */
    VN_ERR_FRAME_LEN, /* a frame of zero bytes */
    VN_ERR_TRAILING,  /* bytes after the last frame */
    VN_ERR_TOO_BIG,   /* over VN_MAX_BYTES */
} vn_error;

typedef struct vn_info {
    vw_mode mode;
    uint32_t frames;
    uint32_t duration_ms; /* frames * VN_FRAME_MS */
} vn_info;

/* Checks only the header (the first VN_HEADER bytes: a note's first chunk), so a receiver can
 * refuse a note early; *frames (may be NULL) gets the frame count even when it is out of
 * range (VN_ERR_FRAMES), to tell a note over a minute from a damaged one. */
vn_error vn_parse_header(const uint8_t *data, size_t len, uint32_t *frames);
/* Checks a whole container; fills *out (may be NULL) when valid. */
vn_error vn_parse(const uint8_t *data, size_t len, vn_info *out);
/* A sentence for people: "the voice note is cut short". */
const char *vn_error_str(vn_error e);

/* Walks the frames of a container vn_parse accepted: start with *pos = 0; false after the
 * last frame (or at anything malformed, so a caller that skipped vn_parse is still safe). */
bool vn_next_frame(const uint8_t *data, size_t len, size_t *pos, const uint8_t **frame,
                   size_t *frame_len);

/* Builds a container in a caller-owned buffer. */
typedef struct vn_writer {
    uint8_t *buf;
    size_t cap, len;
    uint32_t frames;
    bool full; /* a frame did not fit (buffer, VN_MAX_BYTES or VN_MAX_FRAMES): note ends */
} vn_writer;

/* False when cap is below VN_HEADER. */
bool vn_write_begin(vn_writer *w, uint8_t *buf, size_t cap, vw_mode mode);
/* Appends one frame; false (and w->full set) when it does not fit. */
bool vn_write_frame(vn_writer *w, const uint8_t *frame, size_t len);
/* Writes the frame count; returns the container's length (0 when it has no frames). */
size_t vn_write_end(vn_writer *w);

#endif
