/* cl_session.h — one client's life with one server: the encrypted connection, HELLO, logging
 * in, requests and their answers, events, and staying connected without the user's help.
 *
 * What it does on its own
 *   - Pins the server's identity key (cl_known.h): the first connection records it, a changed
 *     key stops the session with a message saying how to trust the new key.
 *   - Reconnects after a drop or time-out with exponential back-off (cl_backoff.h), then
 *     RESUMEs with its token; if the server forgot the token it logs in again with the
 *     remembered credentials (or as the same guest), rejoins its rooms, restores its status
 *     and fetches the room history it missed (history already shown is flagged `seen`).
 *   - Every chat request goes to the outbox file first (cl_outbox.h) and is sent when the
 *     session is logged in; it leaves the outbox when its CHAT_ACK comes, and everything
 *     unacknowledged is sent again, in order, after each reconnect and on the next start.
 *     With the server's dedup on client_msg_id, each message appears exactly once.
 *
 * No clock, no blocking: the caller passes the time (seconds, monotonic) to every call that
 * needs it, runs cl_session_update from its loop and reads events with cl_session_poll.
 * I/O is either the session's own UDP socket (cl_session_wait waits on it) or, for tests, a
 * send callback plus cl_session_on_datagram. Nothing calls exit() or blocks.
 *
 * Events are kept in a bounded queue of encoded records: when it is full the session stops
 * reading messages from the connection (they wait there) until the caller polls. */
#ifndef PARLEY_CL_SESSION_H
#define PARLEY_CL_SESSION_H

#include "cl_event.h"
#include "cl_known.h"
#include "cl_rooms.h"
#include "conn.h"
#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_VERSION      "0.1.0"
#define CL_DEFAULT_PORT 7777
#define CL_MAX_PENDING  256 /* requests waiting for their answer */

typedef enum cl_err {
    CL_OK = 0,
    CL_ERR_NOT_CONNECTED, /* no connection right now (the session is reconnecting) */
    CL_ERR_NOT_LOGGED_IN,
    CL_ERR_LOGGED_IN, /* log out first */
    CL_ERR_INVALID,   /* an argument is empty, too long or not UTF-8 */
    CL_ERR_BUSY,      /* too many requests wait for answers */
    CL_ERR_FULL,      /* the outbox is full */
    CL_ERR_IO,        /* the outbox cannot be written (see the ERROR event) */
    CL_ERR_STOPPED,   /* the session stopped (see the STOPPED event) */
} cl_err;

typedef enum cl_state {
    CL_STATE_CONNECTING,     /* transport handshake */
    CL_STATE_GREETING,       /* HELLO sent */
    CL_STATE_AUTHENTICATING, /* RESUME / LOGIN / GUEST / REGISTER sent by the session */
    CL_STATE_RESTORING,      /* logged in again; rejoining rooms */
    CL_STATE_READY,          /* connected; logged in, or no log-in configured */
    CL_STATE_WAITING,        /* disconnected; the next attempt is scheduled */
    CL_STATE_STOPPED,        /* given up for good (see cl_stop) */
} cl_state;

typedef enum cl_auth_mode {
    CL_AUTH_NONE = 0, /* connect without logging in */
    CL_AUTH_GUEST,
    CL_AUTH_LOGIN,
    CL_AUTH_REGISTER, /* register once; later reconnects log in */
} cl_auth_mode;

typedef struct cl_auth {
    cl_auth_mode mode;
    char name[MSG_NAME_MAX + 1];
    char password[MSG_PASSWORD_MAX + 1];
    char email[MSG_EMAIL_MAX + 1];
} cl_auth;

/* Sends a datagram (tests); the session owns a UDP socket when this is NULL. */
typedef void (*cl_send_fn)(void *user, const net_addr *to, const uint8_t *data, size_t len);
/* A log line for developers (level: 0 debug, 1 info, 2 warn, 3 error). */
typedef void (*cl_log_fn)(void *user, int level, const char *text);

/* Zero fields mean the default in brackets. */
typedef struct cl_session_config {
    const char *server;      /* "HOST[:PORT]", required; port [CL_DEFAULT_PORT] */
    const char *home;        /* the client's folder (cl_home_resolve), required */
    const char *client_name; /* HELLO's client string ["parley-core " CL_VERSION] */
    cl_auth auth;            /* how to log in once connected */
    bool trust_new_key;      /* accept (and record) a changed server key */
    const char *trust_hint;  /* how a person trusts a changed key, for the STOPPED text
                                ["call cl_session_trust_new_key()"] */
    double backoff_min;      /* [0.5 s] */
    double backoff_max;      /* [10 s] */
    uint32_t chat_window;    /* [8] chat requests on the wire before their acks. After a
                                RATE_LIMITED ack the session sends one at a time and widens
                                again by one per success, so resends are not wasted and
                                messages keep their order */
    uint64_t seed;           /* [random] back-off jitter */
    conn_config conn;        /* transport settings (conn.h defaults) */
    cl_send_fn send;         /* [own socket] */
    void *send_user;
    cl_log_fn log;
    void *log_user;
} cl_session_config;

typedef struct cl_session cl_session;

/* Starts connecting at once. NULL with a message in err when the address cannot be resolved,
 * the socket cannot be opened or the home folder is unusable. */
cl_session *cl_session_create(const cl_session_config *cfg, double now, char *err, size_t errcap);
void cl_session_destroy(cl_session *s);

/* Timers, the own socket's datagrams, reconnects, outbox sends. Call often (every 10-50 ms,
 * or after cl_session_wait). */
void cl_session_update(cl_session *s, double now);
/* One datagram (injected I/O); anything not from the server is ignored. */
void cl_session_on_datagram(cl_session *s, const net_addr *from, const uint8_t *data, size_t len,
                            double now);
/* Own socket: waits until a datagram arrives or timeout_ms passes. */
bool cl_session_wait(cl_session *s, int timeout_ms);
/* The next event into ev; false when none. */
bool cl_session_poll(cl_session *s, cl_event *ev);

/* Says goodbye to the server and stops (a STOPPED event follows). */
void cl_session_close(cl_session *s, double now);
/* After CL_STOP_IDENTITY: trust the server's new key, record it and connect again. */
void cl_session_trust_new_key(cl_session *s, double now);
/* Skips the rest of the back-off wait. */
void cl_session_reconnect_now(cl_session *s, double now);

/* Requests. Each sets *req (may be NULL) to the id its RESULT will carry. */
cl_err cl_session_request(cl_session *s, msg *m, uint32_t *req); /* any CONTROL/CHAT request */
cl_err cl_session_login(cl_session *s, const char *name, const char *password, uint32_t *req);
cl_err cl_session_register(cl_session *s, const char *name, const char *email, const char *password,
                           uint32_t *req);
cl_err cl_session_guest(cl_session *s, const char *name, uint32_t *req);
cl_err cl_session_logout(cl_session *s, uint32_t *req);
cl_err cl_session_list_rooms(cl_session *s, uint32_t *req);
/* password NULL or "": a public room. */
cl_err cl_session_create_room(cl_session *s, const char *name, const char *topic,
                              const char *password, uint32_t *req);
/* room_id 0: by name. */
cl_err cl_session_join(cl_session *s, uint32_t room_id, const char *name, const char *password,
                       uint32_t *req);
cl_err cl_session_leave(cl_session *s, uint32_t room_id, uint32_t *req);
cl_err cl_session_delete_room(cl_session *s, uint32_t room_id, uint32_t *req);
cl_err cl_session_members(cl_session *s, uint32_t room_id, uint32_t *req);
cl_err cl_session_set_status(cl_session *s, msg_status status, const char *text, uint32_t *req);
cl_err cl_session_search(cl_session *s, const char *query, uint32_t *req);
/* Older messages of a room (peer_id 0) or a DM conversation (room_id 0); before_id 0: the
 * newest. */
cl_err cl_session_history(cl_session *s, uint32_t room_id, uint32_t peer_id, uint64_t before_id,
                          uint32_t count, uint32_t *req);
/* room_id 0: from the server. */
cl_err cl_session_kick(cl_session *s, const char *name, uint32_t room_id, const char *reason,
                       uint32_t *req);
/* seconds 0: for ever. */
cl_err cl_session_ban(cl_session *s, const char *name, uint32_t seconds, const char *reason,
                      uint32_t *req);
/* seconds 0: unmute. */
cl_err cl_session_mute(cl_session *s, const char *name, uint32_t room_id, uint32_t seconds,
                       const char *reason, uint32_t *req);

/* Chat: written to the outbox (a QUEUED event), sent when possible. Works while the link is
 * down, as long as the session knows the account (logged in before, or configured). */
cl_err cl_session_say(cl_session *s, uint32_t room_id, const char *text, uint64_t *id, double now);
cl_err cl_session_dm(cl_session *s, const char *to, const char *text, uint64_t *id, double now);

/* Voice (shared/voice_wire.h, CONN_CH_VOICE, unreliable). Which room's voice the server
 * relays to and from is set with a VOICE_STATE request (cl_session_request); it belongs to
 * the connection, so send it again after a SESSION event that followed a reconnect.
 * A message goes out with the next flush: cl_session_voice_flush sends at once. */
cl_err cl_session_voice_send(cl_session *s, const uint8_t *data, size_t len);
/* The next voice message from the server into buf; false when none waits. */
bool cl_session_voice_receive(cl_session *s, uint8_t *buf, size_t cap, size_t *len);
void cl_session_voice_flush(cl_session *s, double now);

/* Voice notes (cl_note.h builds and plays them; docs/VOICE.md "Voice notes").
 * note_send keeps a copy of a container (vn_parse must accept it) for a room (to NULL or "")
 * or a DM (room_id 0) and streams it on the bulk channel in NOTE_SEND chunks as the channel
 * drains; *id is its client_msg_id, which the CHAT_ACK (a CL_EV_MSG, chat_type
 * MSG_NOTE_SEND) echoes. Like chat it survives a dropped link: the note is kept (memory
 * only, CL_NOTE_TX_MAX at once) until the server acknowledges it and sent again from its
 * start after each reconnect; the server stores it once. A refusal stops its chunks at once.
 * Works while the link is down for an account the session logs in again. INVALID for a bad
 * target or container, FULL when CL_NOTE_TX_MAX notes wait already.
 * note_fetch asks for a note's audio; the answer is NOTE_DATA events (CL_EV_MSG) with *req,
 * to feed to cl_note_rx_feed. A fetch with no chunk for CL_NOTE_FETCH_TIMEOUT seconds, or
 * cut by a dropped link, ends with a REQUEST_LOST event (req_type MSG_NOTE_FETCH, a
 * sentence in text); fetch again. BUSY when CL_NOTE_FETCH_MAX fetches wait already. */
#define CL_NOTE_FETCH_MAX     8
#define CL_NOTE_FETCH_TIMEOUT 30.0 /* seconds without a chunk */
cl_err cl_session_note_send(cl_session *s, uint32_t room_id, const char *to, const uint8_t *data,
                            size_t len, uint64_t *id, double now);
cl_err cl_session_note_fetch(cl_session *s, uint64_t server_id, uint32_t *req, double now);
/* Notes kept until the server acknowledges them. */
size_t cl_session_notes_waiting(const cl_session *s);

/* State. */
cl_state cl_session_state(const cl_session *s);
cl_stop cl_session_stop_reason(const cl_session *s);
const char *cl_state_name(cl_state st); /* "connecting" ... */
const char *cl_stop_name(cl_stop st);   /* "closed" ... */
const char *cl_err_str(cl_err err);     /* a sentence for people */
bool cl_session_logged_in(const cl_session *s);
/* The latest SESSION (token zeroed), or NULL before the first log-in. */
const msg_session *cl_session_me(const cl_session *s);
/* The latest SERVER_INFO, or NULL. */
const msg_server_info *cl_session_server_info(const cl_session *s);
const char *cl_session_server(const cl_session *s); /* "host:port" as pinned */
size_t cl_session_outbox_count(const cl_session *s);
const char *cl_session_outbox_path(const cl_session *s); /* NULL when none is open */
/* Requests of the caller (not the session's own) still waiting for an answer. */
uint32_t cl_session_pending(const cl_session *s);
/* When the next reconnect attempt is due (CL_STATE_WAITING). */
double cl_session_retry_at(const cl_session *s);

/* Rooms: by id, by name (ASCII case-insensitive), or all. */
const cl_room *cl_session_room(const cl_session *s, uint32_t room_id);
const cl_room *cl_session_room_named(const cl_session *s, const char *name);
size_t cl_session_room_count(const cl_session *s);
const cl_room *cl_session_room_at(const cl_session *s, size_t i);

#endif
