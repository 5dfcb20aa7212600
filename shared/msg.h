/* msg.h — the application messages the server and its clients exchange (accounts, rooms,
 * presence, chat, moderation), each one a fixed-size struct in the tagged union `msg`.
 *
 * The transport (conn.h) carries each encoded message as one opaque byte string on a
 * channel; msg_channel() says which. Every message type has exactly one serialize function
 * in msg.c, used to write, read and measure it (see bits.h), so the tables below and the code
 * cannot disagree about the layout. docs/MESSAGES.md explains the same messages for people
 * writing clients: who sends what, when, and which errors come back.
 *
 * Conversation rules
 *   - A client request on CONTROL carries `req`, a request id the client picks (non-zero,
 *     unique among its pending requests). The server answers every such request with exactly
 *     one RESULT echoing `req`; data replies (SESSION, SERVER_INFO, ROOM_LIST_ITEMS,
 *     MEMBER_LIST, USER_SEARCH_RESULT) come before that RESULT with the same `req`.
 *     Messages the server sends on its own carry req = 0 or none at all.
 *   - Requests on CHAT are answered on CHAT, so answers stay ordered with the messages they
 *     refer to: CHAT_SEND / CHAT_DM / CHAT_EDIT / CHAT_DELETE by one CHAT_ACK with the same
 *     client_msg_id, HISTORY by its CHAT_MESSAGEs then one HISTORY_END with the same `req`.
 *     TYPING has no answer.
 *   - client_msg_id is chosen by the client, unique per account; the server deduplicates on
 *     (account, client_msg_id), so a resend after a reconnect is harmless (CHAT_ACK says
 *     `duplicate` and repeats the first answer).
 *
 * Encoding (bits.h): a message is its type, then its fields in table order, bit-packed
 * least-significant bit first, then zero bits up to the next byte boundary. Nothing may
 * follow. A reader rejects anything else, so every message has exactly one encoding.
 *
 *   type        u8: the msg_type value.
 *   v32, v64    varint: groups of [1 continuation bit][7 value bits], lowest group first,
 *               no over-long forms. v32 rejects values above 2^32-1 (or the stated max).
 *   u[a..b]     the value minus a, in the fewest bits that hold b-a (u[0..4] takes 3 bits).
 *   bool        1 bit.
 *   str<=N      byte length as u[0..N], zero bits to a byte boundary, then the bytes: UTF-8
 *               without NUL, overlongs or surrogates. The C field is char[N+1], NUL-ended.
 *   bytes[N]    zero bits to a byte boundary, then N bytes.
 *   list<=N X   count as u[0..N], then `count` entries of X.
 *
 * The limits and enum ranges are part of the wire format: changing one changes the layout,
 * so it goes together with a new MSG_PROTOCOL_VERSION. No message encodes to more than
 * MSG_MAX_SIZE bytes (tests/unit/test_msg.c checks each one filled to its limits).
 *
 * Limits are written without their MSG_ prefix (NAME_MAX is MSG_NAME_MAX).
 *
 * Example: CHAT_SEND {room_id 5, client_msg_id 300, text "hi"} is 8 bytes,
 *   30 | 0a | 59 04 | 02 00 | 68 69
 *   type 48 | v32 5 | v64 300 in two groups | u[0..4000] = 2 in 12 bits + 4 zero bits | "hi"
 *
 * Records shared by several messages
 *
 *   room (msg_room_info)          room_id v32 | owner_id v32 (0: none) |
 *                                 name str<=ROOM_NAME_MAX | topic str<=TOPIC_MAX |
 *                                 is_private bool | joined bool (receiver is a member) |
 *                                 online v32 | total v32
 *   member (msg_member)           user_id v32 | name str<=NAME_MAX | role u[0..4] |
 *                                 status u[0..3] offline..busy | muted bool (in this room) |
 *                                 status_text str<=STATUS_TEXT_MAX
 *   user (msg_user_info)          user_id v32 | name str<=NAME_MAX | role u[0..4] |
 *                                 status u[0..3] offline..busy
 *
 * Messages: id, name (direction, channel) — fields in wire order
 *
 *   Session                                     (C: client -> server, S: server -> client)
 *   1  HELLO (C, CONTROL)          req v32 | version v32 | client str<=CLIENT_NAME_MAX
 *   2  SERVER_INFO (S, CONTROL)    req v32 | version v32 | name str<=SERVER_NAME_MAX |
 *                                  server_version str<=VERSION_MAX | users_online v32 |
 *                                  users_max v32 | guests_allowed bool |
 *                                  register_allowed bool | motd str<=MOTD_MAX
 *   3  REGISTER (C, CONTROL)       req v32 | name str<=NAME_MAX | email str<=EMAIL_MAX
 *                                  (empty: none) | password str<=PASSWORD_MAX
 *   4  LOGIN (C, CONTROL)          req v32 | name str<=NAME_MAX | password str<=PASSWORD_MAX
 *   5  GUEST (C, CONTROL)          req v32 | name str<=NAME_MAX
 *   6  RESUME (C, CONTROL)         req v32 | token bytes[TOKEN_SIZE]
 *   7  LOGOUT (C, CONTROL)         req v32
 *   8  SESSION (S, CONTROL)        req v32 | user_id v32 | name str<=NAME_MAX |
 *                                  role u[0..4] | status u[1..4] online..invisible |
 *                                  resumed bool | token bytes[TOKEN_SIZE]
 *   9  RESULT (S, CONTROL)         req v32 | err u[0..MSG_ERR_COUNT-1] | id v32 |
 *                                  retry_after_ms v32<=RETRY_MAX_MS | text str<=ERROR_TEXT_MAX
 *   10 NOTICE (S, CONTROL)         kind u[0..NOTICE_KIND_COUNT-1] | room_id v32 |
 *                                  by str<=NAME_MAX | seconds v32<=SECONDS_MAX |
 *                                  retry_after_ms v32<=RETRY_MAX_MS | text str<=NOTICE_MAX
 *   Rooms
 *   16 ROOM_LIST (C, CONTROL)      req v32
 *   17 ROOM_LIST_ITEMS (S, CONTROL) req v32 | last bool | rooms list<=ROOMS_PER_MSG room
 *   18 ROOM_CREATE (C, CONTROL)    req v32 | name str<=ROOM_NAME_MAX | topic str<=TOPIC_MAX |
 *                                  is_private bool | password str<=PASSWORD_MAX
 *   19 ROOM_JOIN (C, CONTROL)      req v32 | room_id v32 (0: by name) |
 *                                  name str<=ROOM_NAME_MAX | password str<=PASSWORD_MAX
 *   20 ROOM_LEAVE (C, CONTROL)     req v32 | room_id v32
 *   21 ROOM_DELETE (C, CONTROL)    req v32 | room_id v32
 *   22 ROOM_UPDATE (C, CONTROL)    req v32 | room_id v32 | topic str<=TOPIC_MAX |
 *                                  is_private bool | password str<=PASSWORD_MAX
 *   23 ROOM_EVENT (S, CONTROL)     kind u[0..ROOM_EV_COUNT-1] | room
 *   Members, presence, search
 *   32 MEMBERS (C, CONTROL)        req v32 | room_id v32
 *   33 MEMBER_LIST (S, CONTROL)    req v32 | room_id v32 | last bool |
 *                                  members list<=MEMBERS_PER_MSG member
 *   34 MEMBER_EVENT (S, CONTROL)   kind u[0..MEMBER_EV_COUNT-1] | room_id v32 | member |
 *                                  by str<=NAME_MAX | seconds v32<=SECONDS_MAX |
 *                                  reason str<=REASON_MAX
 *   35 STATUS_SET (C, CONTROL)     req v32 | status u[1..4] online..invisible |
 *                                  text str<=STATUS_TEXT_MAX
 *   36 PRESENCE (S, CONTROL)       user_id v32 | name str<=NAME_MAX | status u[0..3] |
 *                                  text str<=STATUS_TEXT_MAX
 *   37 USER_SEARCH (C, CONTROL)    req v32 | query str<=QUERY_MAX
 *   38 USER_SEARCH_RESULT (S, CONTROL) req v32 | more bool | users list<=SEARCH_MAX user
 *   Chat
 *   48 CHAT_SEND (C, CHAT)         room_id v32 | client_msg_id v64 | text str<=TEXT_MAX
 *   49 CHAT_DM (C, CHAT)           to str<=NAME_MAX | client_msg_id v64 | text str<=TEXT_MAX
 *   50 CHAT_EDIT (C, CHAT)         client_msg_id v64 | server_id v64 | text str<=TEXT_MAX
 *   51 CHAT_DELETE (C, CHAT)       client_msg_id v64 | server_id v64
 *   52 CHAT_MESSAGE (S, CHAT)      server_id v64 | timestamp_ms v64 | client_msg_id v64 |
 *                                  room_id v32 (0: a DM) | sender_id v32 |
 *                                  sender str<=NAME_MAX | to_id v32 | to str<=NAME_MAX |
 *                                  dm bool | history bool | edited bool | deleted bool |
 *                                  text str<=TEXT_MAX | note_ms v32<=NOTE_MAX_MS
 *                                  note_ms: 0 for text; else the message is a voice note
 *                                  of that length (its id is server_id, text a summary)
 *   53 CHAT_ACK (S, CHAT)          client_msg_id v64 | err u[0..MSG_ERR_COUNT-1] |
 *                                  server_id v64 | timestamp_ms v64 | duplicate bool |
 *                                  retry_after_ms v32<=RETRY_MAX_MS
 *   54 HISTORY (C, CHAT)           req v32 | room_id v32 | peer_id v32 | before_id v64 |
 *                                  count u[1..HISTORY_PAGE]
 *   55 HISTORY_END (S, CHAT)       req v32 | room_id v32 | peer_id v32 |
 *                                  err u[0..MSG_ERR_COUNT-1] | more bool
 *   56 TYPING (C and S, CHAT)      room_id v32 | peer_id v32 | user_id v32 |
 *                                  name str<=NAME_MAX | on bool
 *   Moderation
 *   64 KICK (C, CONTROL)           req v32 | name str<=NAME_MAX | room_id v32 (0: server) |
 *                                  reason str<=REASON_MAX
 *   65 BAN (C, CONTROL)            req v32 | name str<=NAME_MAX |
 *                                  seconds v32<=SECONDS_MAX (0: for ever) | reason str<=REASON_MAX
 *   66 UNBAN (C, CONTROL)          req v32 | name str<=NAME_MAX
 *   67 MUTE (C, CONTROL)           req v32 | name str<=NAME_MAX | room_id v32 |
 *                                  seconds v32<=SECONDS_MAX (0: unmute) | reason str<=REASON_MAX
 *   68 ROLE_SET (C, CONTROL)       req v32 | name str<=NAME_MAX | role u[0..4]
 *
 *   Voice
 *   80 VOICE_STATE (C, CONTROL)    req v32 | room_id v32 (0: out of voice) | deafened bool
 *                                  The room whose voice this session is in: its CONN_CH_VOICE
 *                                  messages (shared/voice_wire.h) go to the other sessions
 *                                  in that room's voice, and it hears theirs unless deafened.
 *                                  RESULT(req): NOT_IN_ROOM when the user is not in the room.
 *
 *   1:1 calls (docs/VOICE.md "Calls"): one call per user at a time; its voice is CONN_CH_VOICE
 *   with tgt 1, relayed only to the call's other session and only while the call is active.
 *   81 CALL_START (C, CONTROL)     req v32 | name str<=NAME_MAX (the callee)
 *                                  RESULT(req): OK with id = the call id, then CALL_STATE
 *                                  ringing (or ended/busy when the callee is in a call);
 *                                  NO_SUCH_USER, USER_OFFLINE, IN_CALL (you are), BAD_REQUEST
 *                                  (yourself).
 *   82 CALL_ACCEPT (C, CONTROL)    req v32 | call_id v32 (0: the call ringing for you)
 *   83 CALL_DECLINE (C, CONTROL)   req v32 | call_id v32 (0: the call ringing for you)
 *   84 CALL_HANGUP (C, CONTROL)    req v32 | call_id v32 (0: your call, ringing or not)
 *                                  RESULT(req): OK, or NO_CALL when there is no such call.
 *   85 CALL_STATE (S, CONTROL)     call_id v32 | peer_id v32 | peer str<=NAME_MAX |
 *                                  state u[0..CALL_PHASE_COUNT-1] |
 *                                  reason u[0..CALL_REASON_COUNT-1] | outgoing bool |
 *                                  by_peer bool
 *                                  Sent to both sides on every change of a call.
 *
 *   Voice notes (docs/VOICE.md "Voice notes"): the container is shared/voice_note.h. A note
 *   travels in chunks of at most NOTE_CHUNK bytes on BULK, in order; the last chunk is the
 *   one with offset + its length = total.
 *   96 NOTE_SEND (C, BULK)         client_msg_id v64 | room_id v32 (0: a DM) |
 *                                  to str<=NAME_MAX (DM recipient) | total v32<=NOTE_MAX_BYTES |
 *                                  offset v32<=NOTE_MAX_BYTES | data blob<=NOTE_CHUNK
 *                                  One CHAT_ACK(client_msg_id) answers the whole note, after
 *                                  its last chunk or at the first refusal (later chunks of a
 *                                  refused note are dropped): TOO_LONG over NOTE_MAX_BYTES or
 *                                  NOTE_MAX_MS, BAD_NOTE for a malformed container or chunks
 *                                  out of order, and the chat errors (NOT_IN_ROOM, MUTED ...).
 *                                  Delivered as a CHAT_MESSAGE with note_ms, live and in history.
 *   97 NOTE_FETCH (C, BULK)        req v32 | server_id v64
 *   98 NOTE_DATA (S, BULK)         req v32 | server_id v64 | err u[0..MSG_ERR_COUNT-1] |
 *                                  duration_ms v32<=NOTE_MAX_MS | total v32<=NOTE_MAX_BYTES |
 *                                  offset v32<=NOTE_MAX_BYTES | data blob<=NOTE_CHUNK
 *                                  The answer to NOTE_FETCH: the note's chunks in order, or
 *                                  one NOTE_DATA with err NO_SUCH_MESSAGE (unknown, deleted,
 *                                  or not visible to the asker: a room it is not in, a DM it is
 *                                  no party to) and no data.
 *
 *   Reserved type ids: 86..95 calls, 99..111 voice, 112..127 video and streams, 128..143 files.
 *   0 and every id not listed is unknown and rejected. */
#ifndef PARLEY_MSG_H
#define PARLEY_MSG_H

#include "bits.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bumped whenever any layout, limit or enum range below changes. */
#define MSG_PROTOCOL_VERSION 2u
/* No encoded message is longer; decoding rejects longer input. */
#define MSG_MAX_SIZE 16384u

/* String limits, in bytes of UTF-8 (not characters). */
#define MSG_NAME_MAX        32u /* user names, also guests */
#define MSG_ROOM_NAME_MAX   48u
#define MSG_PASSWORD_MAX    128u
#define MSG_PASSWORD_MIN    8u /* checked by the server (MSG_ERR_WEAK_PASSWORD) */
#define MSG_EMAIL_MAX       254u
#define MSG_TEXT_MAX        4000u /* one chat message */
#define MSG_TOPIC_MAX       200u
#define MSG_STATUS_TEXT_MAX 64u
#define MSG_REASON_MAX      200u /* kick, ban, mute reasons */
#define MSG_ERROR_TEXT_MAX  200u /* RESULT text */
#define MSG_NOTICE_MAX      1000u
#define MSG_MOTD_MAX        1000u
#define MSG_SERVER_NAME_MAX 64u
#define MSG_VERSION_MAX     32u /* "0.3.1" */
#define MSG_CLIENT_NAME_MAX 64u /* "parley-cli 0.3.1 (linux x86_64)" */
#define MSG_QUERY_MAX       32u /* user search */
#define MSG_TOKEN_SIZE      32u /* resume token */

/* Counts and numeric limits. */
#define MSG_HISTORY_PAGE    50u        /* messages per HISTORY request, and on join */
#define MSG_SEARCH_MAX      20u        /* users per USER_SEARCH_RESULT */
#define MSG_ROOMS_PER_MSG   50u        /* rooms per ROOM_LIST_ITEMS */
#define MSG_MEMBERS_PER_MSG 100u       /* members per MEMBER_LIST */
#define MSG_SECONDS_MAX     316224000u /* ten years: mute and ban durations */
#define MSG_RETRY_MAX_MS    3600000u   /* one hour: retry-after hints */

/* Voice notes (shared/voice_note.h defines the same limits for the container). */
#define MSG_NOTE_CHUNK     12288u         /* bytes of a note per NOTE_SEND / NOTE_DATA */
#define MSG_NOTE_MAX_BYTES (256u * 1024u) /* one note's container */
#define MSG_NOTE_MAX_MS    60000u         /* one note's duration */

typedef enum msg_type {
    MSG_NONE = 0, /* never on the wire */
    /* session */
    MSG_HELLO = 1,
    MSG_SERVER_INFO = 2,
    MSG_REGISTER = 3,
    MSG_LOGIN = 4,
    MSG_GUEST = 5,
    MSG_RESUME = 6,
    MSG_LOGOUT = 7,
    MSG_SESSION = 8,
    MSG_RESULT = 9,
    MSG_NOTICE = 10,
    /* rooms */
    MSG_ROOM_LIST = 16,
    MSG_ROOM_LIST_ITEMS = 17,
    MSG_ROOM_CREATE = 18,
    MSG_ROOM_JOIN = 19,
    MSG_ROOM_LEAVE = 20,
    MSG_ROOM_DELETE = 21,
    MSG_ROOM_UPDATE = 22,
    MSG_ROOM_EVENT = 23,
    /* members, presence, search */
    MSG_MEMBERS = 32,
    MSG_MEMBER_LIST = 33,
    MSG_MEMBER_EVENT = 34,
    MSG_STATUS_SET = 35,
    MSG_PRESENCE = 36,
    MSG_USER_SEARCH = 37,
    MSG_USER_SEARCH_RESULT = 38,
    /* chat */
    MSG_CHAT_SEND = 48,
    MSG_CHAT_DM = 49,
    MSG_CHAT_EDIT = 50,
    MSG_CHAT_DELETE = 51,
    MSG_CHAT_MESSAGE = 52,
    MSG_CHAT_ACK = 53,
    MSG_HISTORY = 54,
    MSG_HISTORY_END = 55,
    MSG_TYPING = 56,
    /* moderation */
    MSG_KICK = 64,
    MSG_BAN = 65,
    MSG_UNBAN = 66,
    MSG_MUTE = 67,
    MSG_ROLE_SET = 68,

    MSG_VOICE_STATE = 80,
    /* 1:1 calls */
    MSG_CALL_START = 81,
    MSG_CALL_ACCEPT = 82,
    MSG_CALL_DECLINE = 83,
    MSG_CALL_HANGUP = 84,
    MSG_CALL_STATE = 85,
    /* voice notes */
    MSG_NOTE_SEND = 96,
    MSG_NOTE_FETCH = 97,
    MSG_NOTE_DATA = 98,
    /* 86..95 calls, 99..111 voice, 112..127 video and streams, 128..143 files: reserved */
} msg_type;

/* Transport channel ids (conn.h): where a message type travels. */
typedef enum msg_ch {
    MSG_CH_CONTROL = 0, /* reliable, ordered */
    MSG_CH_CHAT = 1,    /* reliable, ordered, separate from CONTROL */
    MSG_CH_BULK = 4,    /* reliable, ordered, paced: voice notes (conn.h CONN_CH_BULK) */
} msg_ch;

/* Who may send a type: a server drops (and reports) a type a client may not send. */
enum {
    MSG_FROM_CLIENT = 1,
    MSG_FROM_SERVER = 2,
};

/* Error codes (RESULT, CHAT_ACK, HISTORY_END). Wire values: append only. */
typedef enum msg_err {
    MSG_OK = 0,
    MSG_ERR_BAD_REQUEST, /* malformed, or a message this side may not send */
    MSG_ERR_NOT_LOGGED_IN,
    MSG_ERR_NAME_TAKEN,
    MSG_ERR_BAD_CREDENTIALS,
    MSG_ERR_THROTTLED, /* too many failed logins; retry_after_ms says when */
    MSG_ERR_NO_SUCH_ROOM,
    MSG_ERR_WRONG_PASSWORD, /* a private room's password */
    MSG_ERR_NOT_PERMITTED,  /* the role does not allow it */
    MSG_ERR_BANNED,
    MSG_ERR_MUTED,
    MSG_ERR_RATE_LIMITED, /* retry_after_ms says when */
    MSG_ERR_TOO_LONG,
    MSG_ERR_INVALID_NAME,
    MSG_ERR_INVALID_EMAIL,
    MSG_ERR_WEAK_PASSWORD,
    MSG_ERR_NOT_IN_ROOM,
    MSG_ERR_NO_SUCH_USER,
    MSG_ERR_ALREADY_EXISTS,
    MSG_ERR_SERVER_FULL,
    MSG_ERR_INTERNAL,
    MSG_ERR_VERSION,   /* HELLO with a protocol version the server does not speak */
    MSG_ERR_BAD_TOKEN, /* RESUME with an unknown or expired token */
    MSG_ERR_ALREADY_LOGGED_IN,
    MSG_ERR_GUESTS_DISABLED,
    MSG_ERR_NO_SUCH_MESSAGE, /* CHAT_EDIT / CHAT_DELETE of an unknown server_id */
    MSG_ERR_INVALID_TEXT,    /* empty text, or a control character where none may be */
    MSG_ERR_USER_OFFLINE,    /* CALL_START: the user is not online */
    MSG_ERR_IN_CALL,         /* CALL_START: you are in a call (or one rings for you) */
    MSG_ERR_NO_CALL,         /* CALL_ACCEPT / DECLINE / HANGUP: no such call of yours */
    MSG_ERR_BAD_NOTE, /* NOTE_SEND: not a valid voice-note container, or chunks out of order */
    MSG_ERR_COUNT
} msg_err;

/* Lower is more powerful. */
typedef enum msg_role {
    MSG_ROLE_OWNER = 0,
    MSG_ROLE_ADMIN,
    MSG_ROLE_MODERATOR,
    MSG_ROLE_USER,
    MSG_ROLE_GUEST,
    MSG_ROLE_COUNT
} msg_role;

/* What others see is never MSG_STATUS_INVISIBLE: such a user is sent as offline. */
typedef enum msg_status {
    MSG_STATUS_OFFLINE = 0,
    MSG_STATUS_ONLINE,
    MSG_STATUS_AWAY,
    MSG_STATUS_BUSY,
    MSG_STATUS_INVISIBLE,
    MSG_STATUS_COUNT
} msg_status;

typedef enum msg_room_event_kind {
    MSG_ROOM_EV_CREATED = 0,
    MSG_ROOM_EV_UPDATED, /* topic, privacy, owner or live counts changed */
    MSG_ROOM_EV_DELETED,
    MSG_ROOM_EV_COUNT
} msg_room_event_kind;

typedef enum msg_member_event_kind {
    MSG_MEMBER_EV_JOINED = 0,
    MSG_MEMBER_EV_LEFT,
    MSG_MEMBER_EV_ROLE,   /* member.role is the new role */
    MSG_MEMBER_EV_KICKED, /* from this room (or the server, if it was server-wide) */
    MSG_MEMBER_EV_MUTED,  /* for `seconds` */
    MSG_MEMBER_EV_UNMUTED,
    MSG_MEMBER_EV_BANNED,
    MSG_MEMBER_EV_COUNT
} msg_member_event_kind;

typedef enum msg_notice_kind {
    MSG_NOTICE_BROADCAST = 0, /* text from an admin or the server console */
    MSG_NOTICE_KICKED,        /* you were kicked from room_id (0: the server); text: reason */
    MSG_NOTICE_BANNED,        /* for `seconds` (0: for ever); text: reason */
    MSG_NOTICE_MUTED,         /* in room_id for `seconds` (0: unmuted); text: reason */
    MSG_NOTICE_RATE_LIMITED,  /* traffic was refused; retry after retry_after_ms */
    MSG_NOTICE_SHUTDOWN,      /* the server is going down; text: why */
    MSG_NOTICE_KIND_COUNT
} msg_notice_kind;

/* 1:1 calls: where a call is (CALL_STATE.state) and why it got there. */
typedef enum msg_call_phase {
    MSG_CALL_RINGING = 0,  /* outgoing: waiting for the callee; incoming: answer it */
    MSG_CALL_ACTIVE,       /* both in the call: call voice flows */
    MSG_CALL_RECONNECTING, /* a side's link dropped; it has the resume window to come back */
    MSG_CALL_ENDED,        /* over; the call id is not used again */
    MSG_CALL_PHASE_COUNT
} msg_call_phase;

typedef enum msg_call_reason {
    MSG_CALL_R_NONE = 0,
    MSG_CALL_R_DECLINED,
    MSG_CALL_R_BUSY,    /* the callee is already in a call or ringing */
    MSG_CALL_R_TIMEOUT, /* nobody answered in time (the server's call time-out) */
    MSG_CALL_R_HANGUP,  /* by_peer says which side */
    MSG_CALL_R_CONNECTION_LOST,
    MSG_CALL_R_RESUMED,            /* a dropped side came back: the call goes on */
    MSG_CALL_R_ANSWERED_ELSEWHERE, /* another session of the same account took it */
    MSG_CALL_R_LOGGED_OUT,
    MSG_CALL_R_COUNT
} msg_call_reason;

/* Shared records. */
typedef struct msg_room_info {
    uint32_t room_id;
    uint32_t owner_id; /* 0: no owner (e.g. "General") */
    char name[MSG_ROOM_NAME_MAX + 1];
    char topic[MSG_TOPIC_MAX + 1];
    bool is_private;
    bool joined;     /* the receiver is a member; always false in ROOM_EVENT */
    uint32_t online; /* members online now (invisible ones not counted) */
    uint32_t total;  /* members */
} msg_room_info;

typedef struct msg_member {
    uint32_t user_id;
    char name[MSG_NAME_MAX + 1];
    msg_role role;
    msg_status status; /* offline..busy; online means status != offline */
    bool muted;        /* in this room */
    char status_text[MSG_STATUS_TEXT_MAX + 1];
} msg_member;

typedef struct msg_user_info {
    uint32_t user_id;
    char name[MSG_NAME_MAX + 1];
    msg_role role;
    msg_status status; /* offline..busy */
} msg_user_info;

/* One struct per message (some shapes are shared; see the union). */
typedef struct msg_request { /* LOGOUT, ROOM_LIST */
    uint32_t req;
} msg_request;

typedef struct msg_room_request { /* ROOM_LEAVE, ROOM_DELETE, MEMBERS */
    uint32_t req;
    uint32_t room_id;
} msg_room_request;

typedef struct msg_hello {
    uint32_t req;
    uint32_t version; /* MSG_PROTOCOL_VERSION */
    char client[MSG_CLIENT_NAME_MAX + 1];
} msg_hello;

typedef struct msg_server_info {
    uint32_t req;
    uint32_t version; /* the server's MSG_PROTOCOL_VERSION */
    char name[MSG_SERVER_NAME_MAX + 1];
    char server_version[MSG_VERSION_MAX + 1];
    uint32_t users_online;
    uint32_t users_max; /* connections the server accepts */
    bool guests_allowed;
    bool register_allowed;
    char motd[MSG_MOTD_MAX + 1];
} msg_server_info;

typedef struct msg_register {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
    char email[MSG_EMAIL_MAX + 1]; /* "" when not given */
    char password[MSG_PASSWORD_MAX + 1];
} msg_register;

typedef struct msg_login {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
    char password[MSG_PASSWORD_MAX + 1];
} msg_login;

typedef struct msg_guest {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
} msg_guest;

typedef struct msg_resume {
    uint32_t req;
    uint8_t token[MSG_TOKEN_SIZE];
} msg_resume;

typedef struct msg_session {
    uint32_t req;
    uint32_t user_id;
    char name[MSG_NAME_MAX + 1];
    msg_role role;
    msg_status status;             /* online..invisible: this user's own status */
    bool resumed;                  /* answer to RESUME: rooms and status carried over */
    uint8_t token[MSG_TOKEN_SIZE]; /* for the next RESUME; replaces any earlier one */
} msg_session;

typedef struct msg_result {
    uint32_t req;
    msg_err err;
    uint32_t id;             /* what the request made or found: room id, user id; else 0 */
    uint32_t retry_after_ms; /* THROTTLED, RATE_LIMITED; else 0 */
    char text[MSG_ERROR_TEXT_MAX + 1]; /* for people; "" means msg_err_str(err) */
} msg_result;

typedef struct msg_notice {
    msg_notice_kind kind;
    uint32_t room_id;
    char by[MSG_NAME_MAX + 1]; /* who did it; "" for the server */
    uint32_t seconds;
    uint32_t retry_after_ms;
    char text[MSG_NOTICE_MAX + 1];
} msg_notice;

typedef struct msg_room_list_items {
    uint32_t req;
    bool last; /* no more ROOM_LIST_ITEMS follow for this request */
    uint32_t count;
    msg_room_info rooms[MSG_ROOMS_PER_MSG];
} msg_room_list_items;

typedef struct msg_room_create {
    uint32_t req;
    char name[MSG_ROOM_NAME_MAX + 1];
    char topic[MSG_TOPIC_MAX + 1];
    bool is_private;
    char password[MSG_PASSWORD_MAX + 1]; /* private rooms: needed to join */
} msg_room_create;

typedef struct msg_room_join {
    uint32_t req;
    uint32_t room_id;                 /* 0: join by name */
    char name[MSG_ROOM_NAME_MAX + 1]; /* used when room_id is 0 */
    char password[MSG_PASSWORD_MAX + 1];
} msg_room_join;

typedef struct msg_room_update {
    uint32_t req;
    uint32_t room_id;
    char topic[MSG_TOPIC_MAX + 1];
    bool is_private;
    char password[MSG_PASSWORD_MAX + 1]; /* private: "" keeps the current one */
} msg_room_update;

typedef struct msg_room_event {
    msg_room_event_kind kind;
    msg_room_info room;
} msg_room_event;

typedef struct msg_member_list {
    uint32_t req;
    uint32_t room_id;
    bool last; /* no more MEMBER_LIST follow for this request */
    uint32_t count;
    msg_member members[MSG_MEMBERS_PER_MSG];
} msg_member_list;

typedef struct msg_member_event {
    msg_member_event_kind kind;
    uint32_t room_id;
    msg_member member;
    char by[MSG_NAME_MAX + 1]; /* who kicked, muted or changed the role; "" for the server */
    uint32_t seconds;          /* MUTED: duration; BANNED: duration, 0 for ever */
    char reason[MSG_REASON_MAX + 1];
} msg_member_event;

typedef struct msg_status_set {
    uint32_t req;
    msg_status status; /* online..invisible */
    char text[MSG_STATUS_TEXT_MAX + 1];
} msg_status_set;

typedef struct msg_presence {
    uint32_t user_id;
    char name[MSG_NAME_MAX + 1];
    msg_status status; /* offline..busy: an invisible user is sent as offline */
    char text[MSG_STATUS_TEXT_MAX + 1];
} msg_presence;

typedef struct msg_user_search {
    uint32_t req;
    char query[MSG_QUERY_MAX + 1];
} msg_user_search;

typedef struct msg_user_search_result {
    uint32_t req;
    bool more; /* more users matched than fit */
    uint32_t count;
    msg_user_info users[MSG_SEARCH_MAX];
} msg_user_search_result;

typedef struct msg_chat_send {
    uint32_t room_id;
    uint64_t client_msg_id;
    char text[MSG_TEXT_MAX + 1];
} msg_chat_send;

typedef struct msg_chat_dm {
    char to[MSG_NAME_MAX + 1];
    uint64_t client_msg_id;
    char text[MSG_TEXT_MAX + 1];
} msg_chat_dm;

typedef struct msg_chat_edit {
    uint64_t client_msg_id; /* a fresh id for this edit, so a resend is recognised */
    uint64_t server_id;     /* the message to change; only the sender's own */
    char text[MSG_TEXT_MAX + 1];
} msg_chat_edit;

typedef struct msg_chat_delete {
    uint64_t client_msg_id;
    uint64_t server_id;
} msg_chat_delete;

typedef struct msg_chat_message {
    uint64_t server_id;    /* increasing in each room and each DM conversation */
    uint64_t timestamp_ms; /* server clock, ms since 1970 */
    uint64_t client_msg_id;
    uint32_t room_id; /* 0 for a DM */
    uint32_t sender_id;
    char sender[MSG_NAME_MAX + 1];
    uint32_t to_id; /* DM: the recipient; else 0 */
    char to[MSG_NAME_MAX + 1];
    bool dm;
    bool history; /* sent from the store (join or HISTORY), not live */
    bool edited;
    bool deleted; /* text is "" */
    char text[MSG_TEXT_MAX + 1];
    uint32_t note_ms; /* 0: a text message; else a voice note this long (fetch by server_id) */
} msg_chat_message;

typedef struct msg_chat_ack {
    uint64_t client_msg_id;
    msg_err err;
    uint64_t server_id; /* MSG_OK: the message's server id (the target for edit/delete) */
    uint64_t timestamp_ms;
    bool duplicate;          /* already had this client_msg_id; the first answer repeated */
    uint32_t retry_after_ms; /* RATE_LIMITED: resend after this */
} msg_chat_ack;

typedef struct msg_history {
    uint32_t req;
    uint32_t room_id;   /* a room's history, or 0 and: */
    uint32_t peer_id;   /* the DM conversation with this user */
    uint64_t before_id; /* messages with smaller server ids; 0: the newest */
    uint32_t count;     /* 1..MSG_HISTORY_PAGE */
} msg_history;

typedef struct msg_history_end {
    uint32_t req; /* the HISTORY request, or the ROOM_JOIN that delivered recent history */
    uint32_t room_id;
    uint32_t peer_id;
    msg_err err;
    bool more; /* older messages exist */
} msg_history_end;

typedef struct msg_typing {
    uint32_t room_id;
    uint32_t peer_id; /* DM: the other user (client -> server: recipient) */
    uint32_t user_id; /* server -> client: who types; client -> server: 0 */
    char name[MSG_NAME_MAX + 1];
    bool on;
} msg_typing;

typedef struct msg_kick {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
    uint32_t room_id; /* 0: disconnect from the server */
    char reason[MSG_REASON_MAX + 1];
} msg_kick;

typedef struct msg_ban {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
    uint32_t seconds; /* 0: for ever */
    char reason[MSG_REASON_MAX + 1];
} msg_ban;

typedef struct msg_unban {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
} msg_unban;

typedef struct msg_mute {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
    uint32_t room_id;
    uint32_t seconds; /* 0: unmute */
    char reason[MSG_REASON_MAX + 1];
} msg_mute;

typedef struct msg_role_set {
    uint32_t req;
    char name[MSG_NAME_MAX + 1];
    msg_role role;
} msg_role_set;

typedef struct msg_voice_state {
    uint32_t req;
    uint32_t room_id; /* 0: leave voice */
    bool deafened;    /* hears nothing (and, as the client does, sends nothing) */
} msg_voice_state;

typedef struct msg_call_start {
    uint32_t req;
    char name[MSG_NAME_MAX + 1]; /* the user to call */
} msg_call_start;

typedef struct msg_call_request { /* CALL_ACCEPT, CALL_DECLINE, CALL_HANGUP */
    uint32_t req;
    uint32_t call_id; /* 0: the receiver's current call */
} msg_call_request;

typedef struct msg_call_state {
    uint32_t call_id;
    uint32_t peer_id;            /* the other side's user id */
    char peer[MSG_NAME_MAX + 1]; /* and name */
    msg_call_phase state;
    msg_call_reason reason;
    bool outgoing; /* the receiver placed the call */
    bool by_peer;  /* the other side caused this change (hung up, declined) */
} msg_call_state;

/* Voice notes. */
typedef struct msg_note_send {
    uint64_t client_msg_id; /* the same in every chunk of one note */
    uint32_t room_id;       /* 0: a DM to `to` */
    char to[MSG_NAME_MAX + 1];
    uint32_t total;  /* container bytes of the whole note */
    uint32_t offset; /* where this chunk starts */
    uint32_t len;    /* bytes in data, 0..MSG_NOTE_CHUNK */
    uint8_t data[MSG_NOTE_CHUNK];
} msg_note_send;

typedef struct msg_note_fetch {
    uint32_t req;
    uint64_t server_id; /* the note's message id */
} msg_note_fetch;

typedef struct msg_note_data {
    uint32_t req; /* the NOTE_FETCH */
    uint64_t server_id;
    msg_err err;
    uint32_t duration_ms;
    uint32_t total;
    uint32_t offset;
    uint32_t len;
    uint8_t data[MSG_NOTE_CHUNK];
} msg_note_data;

/* A message: `type` says which member is in use. Zero-initialise before filling, so the
 * unused list entries and string tails are zero and two equal messages compare equal. */
typedef struct msg {
    msg_type type;
    union {
        msg_hello hello;
        msg_server_info server_info;
        msg_register register_; /* `register` is a keyword */
        msg_login login;
        msg_guest guest;
        msg_resume resume;
        msg_request logout;
        msg_session session;
        msg_result result;
        msg_notice notice;
        msg_request room_list;
        msg_room_list_items room_list_items;
        msg_room_create room_create;
        msg_room_join room_join;
        msg_room_request room_leave;
        msg_room_request room_delete;
        msg_room_update room_update;
        msg_room_event room_event;
        msg_room_request members;
        msg_member_list member_list;
        msg_member_event member_event;
        msg_status_set status_set;
        msg_presence presence;
        msg_user_search user_search;
        msg_user_search_result user_search_result;
        msg_chat_send chat_send;
        msg_chat_dm chat_dm;
        msg_chat_edit chat_edit;
        msg_chat_delete chat_delete;
        msg_chat_message chat_message;
        msg_chat_ack chat_ack;
        msg_history history;
        msg_history_end history_end;
        msg_typing typing;
        msg_kick kick;
        msg_ban ban;
        msg_unban unban;
        msg_mute mute;
        msg_role_set role_set;
        msg_voice_state voice_state;
        msg_call_start call_start;
        msg_call_request call_accept;
        msg_call_request call_decline;
        msg_call_request call_hangup;
        msg_call_state call_state;
        msg_note_send note_send;
        msg_note_fetch note_fetch;
        msg_note_data note_data;
    };
} msg;

/* Encodes m into buf. False (and *len untouched) when buf is too small or a field is
 * invalid: out of range, over its limit, not UTF-8, a list count past its capacity, an
 * unknown type. A sender treats false as its own bug or a limit to report to the user. */
bool msg_encode(const msg *m, uint8_t *buf, size_t cap, size_t *len);
/* Decodes exactly one message from data[0..len). False on anything but a canonical
 * encoding of a known type (truncated, trailing bytes, out-of-range values, over-long or
 * invalid UTF-8 strings); then *out is zeroed (type MSG_NONE) and *why (may be NULL) says
 * which check failed. */
bool msg_decode(const uint8_t *data, size_t len, msg *out, bits_error *why);
/* Bytes msg_encode would produce; 0 for an unknown type or a list count past capacity. */
size_t msg_measure(const msg *m);

/* "CHAT_SEND"; "UNKNOWN" for a value that is not a message type. */
const char *msg_type_name(msg_type type);
/* The msg_ch the type travels on; -1 for an unknown type. */
int msg_channel(msg_type type);
/* MSG_FROM_CLIENT and/or MSG_FROM_SERVER; 0 for an unknown type. */
unsigned msg_senders(msg_type type);
/* True for the types msg_decode accepts. */
bool msg_type_known(msg_type type);

/* "NAME_TAKEN": a stable id for logs and JSON. "UNKNOWN" outside the enum. */
const char *msg_err_name(msg_err err);
/* A sentence for people that says what happened and what to do. */
const char *msg_err_str(msg_err err);
const char *msg_role_name(msg_role role);            /* "owner" ... "guest" */
const char *msg_status_name(msg_status status);      /* "offline" ... "invisible" */
const char *msg_call_phase_name(msg_call_phase p);   /* "ringing" ... "ended" */
const char *msg_call_reason_name(msg_call_reason r); /* "none", "busy", "connection_lost" ... */

#endif
