/* cl_event.h — what a session tells its user, and the bounded queue that holds it.
 *
 * The queue stores each event as one record: the fixed fields, the used part of the two
 * texts, and the message in its wire encoding (decoded again when popped), so a queue of
 * CL_EVENT_BYTES holds hundreds of events without reserving a msg for each. */
#ifndef PARLEY_CL_EVENT_H
#define PARLEY_CL_EVENT_H

#include "cl_known.h"
#include "conn.h"
#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_EVENT_BYTES (1 << 20) /* default queue size */
#define CL_TEXT_MAX    1024      /* cl_event.text */

typedef enum cl_stop {
    CL_STOP_NONE = 0,
    CL_STOP_CLOSED,   /* cl_session_close */
    CL_STOP_IDENTITY, /* the server's key changed (cl_session_trust_new_key resumes) */
    CL_STOP_VERSION,  /* the server speaks another protocol version */
    CL_STOP_KICKED,   /* kicked from the server */
    CL_STOP_BANNED,
    CL_STOP_FILES, /* known_servers cannot be read */
} cl_stop;

typedef enum cl_event_type {
    CL_EV_NONE = 0,
    CL_EV_CONNECTING,    /* a connection attempt started: attempt */
    CL_EV_IDENTITY,      /* the server key was recorded or changed: known, key, old_key, text */
    CL_EV_CONNECTED,     /* HELLO answered: m is the SERVER_INFO */
    CL_EV_SESSION,       /* logged in (or resumed): m is the SESSION, its token zeroed */
    CL_EV_AUTH_FAILED,   /* the configured log-in was refused for good: err, text */
    CL_EV_MSG,           /* a message from the server: m, and for answers the request (req_*) */
    CL_EV_QUEUED,        /* a chat request was written to the outbox: client_msg_id, chat_* */
    CL_EV_REQUEST_LOST,  /* the link dropped before this request was answered: req, req_type */
    CL_EV_DISCONNECTED,  /* reason, text */
    CL_EV_RECONNECTING,  /* the next attempt in delay seconds: attempt */
    CL_EV_STOPPED,       /* no more attempts: stop, text */
    CL_EV_ERROR,         /* a local problem for a person: text */
    CL_EV_OUTBOX_LOADED, /* unacknowledged chat from an earlier run: pending, text */
} cl_event_type;

/* One event. Large (it holds a msg): keep one and reuse it. */
typedef struct cl_event {
    cl_event_type type;
    /* answers to requests (RESULT and the data before it, HISTORY_END), REQUEST_LOST */
    uint32_t req;
    msg_type req_type; /* MSG_NONE: not an answer to this session's request */
    bool internal;     /* the session sent the request itself (rejoin, catch-up, refresh) */
    uint32_t req_room; /* the room the request named, 0 if none */
    char req_name[MSG_ROOM_NAME_MAX + 1]; /* the room or user it named */
    /* chat requests: QUEUED, and CL_EV_MSG with a CHAT_ACK for an outbox entry */
    uint64_t client_msg_id;
    msg_type chat_type; /* MSG_CHAT_SEND, MSG_CHAT_DM ...; MSG_NONE when unknown */
    uint32_t chat_room;
    char chat_to[MSG_NAME_MAX + 1];
    bool retrying;    /* CHAT_ACK: kept in the outbox, sent again later */
    uint32_t pending; /* outbox entries after this event */
    /* CHAT_MESSAGE */
    bool seen; /* history that was delivered before (after a reconnect): skip showing it */
    /* connection */
    uint32_t attempt;
    double delay;
    conn_reason reason;
    cl_stop stop;
    cl_known_result known;
    uint8_t key[CL_KEY_BYTES], old_key[CL_KEY_BYTES];
    msg_err err;
    /* variable parts (after this point the queue stores only what is used) */
    char text[CL_TEXT_MAX];           /* a sentence for people */
    char chat_text[MSG_TEXT_MAX + 1]; /* QUEUED / CHAT_ACK: the message */
    msg m;
} cl_event;

typedef struct cl_evq {
    uint8_t *buf;
    size_t cap, head, tail; /* records live in buf[head..tail) */
    uint32_t count;
    uint64_t dropped; /* events that did not fit */
} cl_evq;

bool cl_evq_init(cl_evq *q, size_t cap);
void cl_evq_free(cl_evq *q);
/* Bytes a record for ev with a message of msg_len bytes takes. */
size_t cl_evq_record_size(const cl_event *ev, size_t msg_len);
size_t cl_evq_free_bytes(const cl_evq *q);
/* Appends ev (its m is ignored) with the message as encoded bytes (NULL, 0: none). False
 * (and counted in dropped) when it does not fit. */
bool cl_evq_push(cl_evq *q, const cl_event *ev, const uint8_t *msg_bytes, size_t msg_len);
/* Pops the oldest event into ev; m is decoded (type MSG_NONE when the event has none). */
bool cl_evq_pop(cl_evq *q, cl_event *ev);

#endif
