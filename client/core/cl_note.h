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
    CL_NOTE_RX_MORE = 0,   /* keep feeding */
    CL_NOTE_RX_DONE = 1,   /* data[0..total) is the note */
    CL_NOTE_RX_FAILED = 2, /* err says why (the server's, or BAD_NOTE for a broken stream) */
    CL_NOTE_RX_OTHER = 3,  /* not this fetch's chunk: ignored */
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

/* Sending. ------------------------------------------------------------------------------ */

/* Notes waiting for their CHAT_ACK, kept (in memory, bounded) so that a note the link lost
 * is sent again after the reconnect; the server stores it once (dedup on client_msg_id).
 * Notes go out one after the other, in NOTE_SEND chunks, as the caller asks for the next
 * chunk (cl_session streams them as the bulk channel drains, so a refusal stops the rest). */
#define CL_NOTE_TX_MAX 4 /* notes kept at once: at most 1 MiB of audio */

typedef struct cl_note_out {
    uint64_t id; /* client_msg_id; 0: a free slot */
    uint32_t room_id;
    char to[MSG_NAME_MAX + 1];
    uint32_t len;
    uint32_t next;     /* offset of the next chunk to send; len once all went out */
    double not_before; /* send nothing of it before this time (rate limits) */
    uint8_t *data;     /* a copy of the container */
} cl_note_out;

typedef struct cl_note_tx {
    uint32_t count;
    cl_note_out v[CL_NOTE_TX_MAX]; /* in the order they were added */
} cl_note_tx;

/* Keeps a copy of a container (already checked by the caller). False when CL_NOTE_TX_MAX
 * notes wait already or memory is out. */
bool cl_note_tx_add(cl_note_tx *tx, uint64_t id, uint32_t room_id, const char *to,
                    const uint8_t *data, size_t len);
cl_note_out *cl_note_tx_find(cl_note_tx *tx, uint64_t id);
/* Forgets a note (stored, or refused for good). False when there is none. */
bool cl_note_tx_remove(cl_note_tx *tx, uint64_t id);
/* Sends a note again from its first chunk, not before `not_before`, and the notes after it
 * too: its new first chunk makes the server drop whatever note it was receiving. */
void cl_note_tx_restart(cl_note_tx *tx, cl_note_out *o, double not_before);
/* The link dropped: every note goes out again from its first chunk. */
void cl_note_tx_restart_all(cl_note_tx *tx);
/* Fills *out with the next chunk to send now (the first note not fully sent; a later one
 * waits, as the server takes one note at a time). False when there is none. Call
 * cl_note_tx_advance once it was handed to the transport. */
bool cl_note_tx_next(const cl_note_tx *tx, double now, msg_note_send *out);
void cl_note_tx_advance(cl_note_tx *tx, const msg_note_send *sent);
void cl_note_tx_free(cl_note_tx *tx);

#endif
