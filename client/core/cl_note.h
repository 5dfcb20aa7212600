/* cl_note.h — voice notes on the client: recording PCM into the note container with one
 * Speex encoder pass, decoding a container back to PCM, and putting a fetched note together
 * from its NOTE_DATA chunks. No I/O: a front end feeds microphone or WAV samples in and plays
 * or saves what comes out (docs/VOICE.md "Voice notes").
 *
 * Typical use: cl_note_rec_create, cl_note_rec_push as samples arrive (false once the note is
 * full at VN_MAX_MS), cl_note_rec_finish, then cl_session_note_send with the bytes. To play,
 * cl_session_note_fetch, feed every NOTE_DATA event to cl_note_rx_feed until it says done,
 * then cl_note_decode. */
#ifndef PARLEY_CL_NOTE_H
#define PARLEY_CL_NOTE_H

#include "msg.h"
#include "voice_note.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_NOTE_QUALITY 8 /* Speex quality: WB 8 = 27.8 kbit/s, a minute is ~209 KB */

/* Recording. ---------------------------------------------------------------------------- */

typedef struct cl_note_rec cl_note_rec;

/* An encoder for samples at vc_codec_rate(mode) (16 kHz for WB), mono. quality 0 means
 * CL_NOTE_QUALITY. NULL when out of memory. */
cl_note_rec *cl_note_rec_create(vw_mode mode, int quality);
void cl_note_rec_destroy(cl_note_rec *r);
/* Appends samples; encodes each full 20 ms frame. False once the note is full (VN_MAX_MS or
 * VN_MAX_BYTES): the samples past the limit are not kept, and the caller should stop. */
bool cl_note_rec_push(cl_note_rec *r, const int16_t *pcm, size_t n);
/* Audio recorded so far, in ms (whole frames). */
uint32_t cl_note_rec_ms(const cl_note_rec *r);
/* Encodes the last partial frame padded with silence and returns the container (owned by r,
 * valid until it is destroyed); 0 when nothing was recorded. */
size_t cl_note_rec_finish(cl_note_rec *r, const uint8_t **data);
int cl_note_rec_rate(const cl_note_rec *r);

/* Playing. ------------------------------------------------------------------------------ */

/* Samples (at the note's own rate) cl_note_decode writes for a valid container; 0 if not. */
size_t cl_note_samples(const uint8_t *data, size_t len, int *rate);
/* Decodes a container to mono PCM at its own rate (*rate): out must hold cl_note_samples.
 * Every frame is checked (vc_codec_check_frame) before Speex sees it; a bad frame decodes as
 * concealment rather than garbage. False with *why (a sentence) for a container that is not
 * valid or an out that is too small. */
bool cl_note_decode(const uint8_t *data, size_t len, int16_t *out, size_t cap, size_t *samples,
                    int *rate, const char **why);

/* Fetching. ----------------------------------------------------------------------------- */

typedef enum cl_note_rx_state {
    CL_NOTE_RX_MORE = 0,  /* keep feeding */
    CL_NOTE_RX_DONE = 1,  /* data[0..total) is the note */
    CL_NOTE_RX_FAILED = 2, /* err says why (the server's, or BAD_NOTE for a broken stream) */
    CL_NOTE_RX_OTHER = 3, /* not this fetch's chunk: ignored */
} cl_note_rx_state;

/* One fetch being put together. Large (a whole note): allocate it, keep it for reuse. */
typedef struct cl_note_rx {
    uint32_t req;
    uint64_t server_id;
    uint32_t total, got, duration_ms;
    msg_err err;
    uint8_t data[VN_MAX_BYTES];
} cl_note_rx;

/* Starts waiting for the answer to the NOTE_FETCH with this req. */
void cl_note_rx_begin(cl_note_rx *rx, uint32_t req, uint64_t server_id);
cl_note_rx_state cl_note_rx_feed(cl_note_rx *rx, const msg_note_data *d);

#endif
