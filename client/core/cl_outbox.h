/* cl_outbox.h — chat requests waiting for their CHAT_ACK, kept in a file so that nothing a
 * person sent is lost when the link drops, the server restarts or the client crashes.
 *
 * Each CHAT_SEND / CHAT_DM / CHAT_EDIT / CHAT_DELETE is appended (and fsync'ed) before it is
 * sent, and an ack record is appended when its CHAT_ACK comes. Opening the file replays it,
 * keeps the entries without an ack, in order, and rewrites the file with only those
 * (compaction). Resending an entry is harmless: the server deduplicates on client_msg_id.
 *
 * File: "PRLYOBX1", then records
 *    +---------+---------------+----------------+---------------------------------+
 *    | kind u8 | length u32 LE | payload        | CRC-32 u32 LE of kind|len|payload |
 *    +---------+---------------+----------------+---------------------------------+
 *    kind 'A': payload = the encoded message (msg.h); kind 'K': payload = client_msg_id
 *    u64 LE. Reading stops at the first record that is short, fails its CRC or does not
 *    decode (a write cut by a crash): that tail is dropped and reported.
 *
 * Ack records are not fsync'ed: losing one only means a harmless resend.
 * One process uses a file at a time: opening takes an advisory lock (PATH.lock). */
#ifndef PARLEY_CL_OUTBOX_H
#define PARLEY_CL_OUTBOX_H

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_OUTBOX_MAX           10000     /* entries; more are refused (CL_ERR_FULL) */
#define CL_OUTBOX_COMPACT_BYTES (1 << 20) /* dead bytes that trigger a compaction */

typedef struct cl_outbox_entry {
    uint64_t id;   /* client_msg_id */
    msg_type type; /* CHAT_SEND, CHAT_DM, CHAT_EDIT or CHAT_DELETE */
    uint32_t len;
    uint8_t *data; /* the encoded message */
    /* the owner's bookkeeping, not stored: */
    bool sent;         /* on the wire since the last (re)connect */
    double not_before; /* do not send before this time (rate limits) */
} cl_outbox_entry;

typedef struct cl_outbox_report {
    uint32_t loaded;        /* entries without an ack found in the file */
    uint64_t dropped_bytes; /* a damaged tail that was cut off */
    bool moved_aside;       /* the file was not an outbox: renamed to PATH.bad */
} cl_outbox_report;

typedef struct cl_outbox cl_outbox;

/* Opens (or creates) the outbox at path: replays, compacts, locks. NULL with *busy = true
 * when another process holds it, or with a message in err. rep may be NULL. */
cl_outbox *cl_outbox_open(const char *path, cl_outbox_report *rep, bool *busy, char *err,
                          size_t errcap);
void cl_outbox_close(cl_outbox *o);

/* Appends a chat request (its client_msg_id must be non-zero and not already queued) and
 * syncs it to disk. False with a message when it cannot be encoded, the outbox is full or
 * the write failed; then nothing was queued. */
bool cl_outbox_add(cl_outbox *o, const msg *m, char *err, size_t errcap);
/* Removes the entry with this id (an ack). False when there is none. */
bool cl_outbox_ack(cl_outbox *o, uint64_t id);

size_t cl_outbox_count(const cl_outbox *o);
cl_outbox_entry *cl_outbox_at(cl_outbox *o, size_t i); /* in the order they were added */
cl_outbox_entry *cl_outbox_find(cl_outbox *o, uint64_t id);
/* Decodes an entry back into a message. */
bool cl_outbox_decode(const cl_outbox_entry *e, msg *out);

/* Rewrites the file with only the live entries. */
bool cl_outbox_compact(cl_outbox *o, char *err, size_t errcap);
uint64_t cl_outbox_file_size(const cl_outbox *o);
const char *cl_outbox_path(const cl_outbox *o);

/* The client_msg_id of a chat request; 0 for any other message. */
uint64_t cl_outbox_msg_id(const msg *m);

#endif
