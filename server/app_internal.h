/* app_internal.h — what the app_*.c files share and nobody else sees: the session table,
 * the online-user table, the room cache, and the helpers one file offers the others.
 *
 * Model
 *   session  one transport connection (handle from host.h). Logged in, it points at a user.
 *   user     someone logged in: an account or a guest. Several sessions may share one
 *            (an account on two machines); status and rooms belong to the user. A user whose
 *            last session dropped stays in the table, offline, while a resume token for it is
 *            alive (resume_ttl_ms), so RESUME can restore rooms and status.
 *   room     a cache of every stored room with its live counts; the app is the store's only
 *            writer, so the cache cannot drift from it.
 * All tables are allocated once, in app_create. Roles are store_role values (guest 0 ..
 * owner 4, higher is more powerful), plus APP_ROLE_CONSOLE for the server console. */
#ifndef PARLEY_APP_INTERNAL_H
#define PARLEY_APP_INTERNAL_H

#include "app.h"
#include "log.h"
#include "msg.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#define APP_SERVER_VERSION    "0.1.0"
#define APP_DEFAULT_NAME      "Parley"
#define APP_ROOMS_PER_USER    64   /* rooms one user is in at once */
#define APP_SESSIONS_PER_USER 8    /* sessions of one account at once */
#define APP_GUEST_MUTES       8    /* mutes a guest keeps after leaving their rooms */
#define APP_ROOMS_HEADROOM    1024 /* room cache: the stored rooms plus this many new ones */
#define APP_THROTTLE_SLOTS    1024 /* failed-login counters (names and addresses) */
#define APP_TIMED_BANS        256  /* bans with an end time, kept in memory */
#define APP_COUNT_EVENT_MS    1000 /* at most one live-count ROOM_EVENT per room this often */
#define APP_REQUEST_RATE      20.0 /* other requests per second per session, burst below */
#define APP_REQUEST_BURST     40.0
#define APP_CHAT_BURST        10.0
#define APP_JOIN_BURST        5.0
#define APP_LOGIN_BURST       5.0
#define APP_HISTORY_SCRATCH   (MSG_HISTORY_PAGE + 1) /* one page plus one to learn "more" */
#define APP_GUEST_ID_BASE     0x80000000u            /* guest user ids; account ids stay below */
#define APP_ROLE_CONSOLE      (STORE_ROLE_OWNER + 1)
#define APP_VOICE_RATE        60.0 /* voice messages per second per session (50 while talking) */
#define APP_VOICE_BURST       30.0 /* a network hiccup may deliver a bunch at once */
/* Voice-note fetches are metered in bytes, so one session cannot make the server queue more
 * than about two whole notes for it at a time; past that NOTE_DATA says RATE_LIMITED. */
#define APP_NOTE_FETCH_RATE  (512.0 * 1024.0)           /* bytes per second */
#define APP_NOTE_FETCH_BURST (2.0 * MSG_NOTE_MAX_BYTES) /* two notes of the largest size */

typedef enum app_state {
    APP_S_FREE = 0,
    APP_S_CONNECTED, /* waiting for HELLO */
    APP_S_HELLO,     /* HELLO done: may log in */
    APP_S_LOGGED_IN,
    APP_S_CLOSING, /* kicked, banned or superseded: waiting for app_on_disconnect */
} app_state;

typedef struct app_bucket {
    double tokens;
    int64_t last_ms;
} app_bucket;

typedef struct app_session {
    uint32_t handle;
    app_state state;
    net_addr addr;
    int32_t user; /* user slot, -1 when not logged in */
    uint8_t token[MSG_TOKEN_SIZE];
    app_bucket chat, join, login, req, voice;
    app_bucket note_fetch; /* bytes of voice notes sent by NOTE_FETCH (app_note.c) */
    int64_t since_ms;
    uint32_t voice_room; /* the room whose voice this session is in; 0: none (VOICE_STATE) */
    bool voice_deaf;     /* in voice but hears nothing */
    uint32_t call;       /* the 1:1 call this session carries: its slot + 1; 0: none */
    struct app_note_up *note_up; /* a voice note arriving in chunks (app_note.c), or NULL */
} app_session;

typedef struct app_user_room {
    uint32_t room_id;
    int64_t muted_until; /* 0: not muted; INT64_MAX: until unmuted */
} app_user_room;

typedef struct app_user {
    bool used;
    uint32_t id;        /* on the wire: the account id, or a guest id */
    int64_t account_id; /* 0 for a guest */
    char name[MSG_NAME_MAX + 1];
    int role;          /* store_role */
    msg_status status; /* ONLINE..INVISIBLE: what the user chose */
    char status_text[MSG_STATUS_TEXT_MAX + 1];
    uint32_t nsessions;
    int32_t sessions[APP_SESSIONS_PER_USER];
    uint32_t resumes; /* live resume tokens that point here */
    uint32_t nrooms;
    app_user_room rooms[APP_ROOMS_PER_USER];
    /* A guest's mutes outlive its leaving the room (accounts keep theirs in the store), so
     * leaving and joining again does not lift one. */
    app_user_room guest_mutes[APP_GUEST_MUTES];
} app_user;

/* A dropped session's token, good until expires_ms. */
typedef struct app_resume {
    bool used;
    uint8_t token[MSG_TOKEN_SIZE];
    int32_t user;
    int64_t expires_ms;
} app_resume;

typedef struct app_room {
    uint32_t id;
    uint32_t owner_id; /* account id; 0: the server's */
    char name[MSG_ROOM_NAME_MAX + 1];
    char topic[STORE_TOPIC_MAX + 1];
    bool is_private;
    uint32_t total;  /* stored memberships plus guests in it */
    uint32_t online; /* users in it whose visible status is not offline */
    bool counts_dirty;
    int64_t counts_sent_ms;
} app_room;

/* Failed logins for one name ("n:bob") or address ("a:127.0.0.1"). */
typedef struct app_throttle {
    bool used;
    char key[48];
    uint32_t fails;
    int64_t last_fail_ms;
    int64_t locked_until_ms;
} app_throttle;

typedef struct app_timed_ban {
    int64_t account_id;
    int64_t until_ms;
} app_timed_ban;

/* Open addressing from a key's hash to a table slot; the caller compares keys. */
typedef struct app_index_entry {
    uint32_t hash;
    int32_t slot; /* -1: empty */
} app_index_entry;

typedef struct app_index {
    app_index_entry *e;
    uint32_t mask;
} app_index;

/* Who does a moderation act: a user, or the console (user -1, name ""). */
typedef struct app_actor {
    int32_t user;
    int role;
    const char *name;
} app_actor;

/* One encoded message, sent to many receivers without encoding again. */
typedef struct app_wire {
    uint8_t buf[MSG_MAX_SIZE];
    size_t len;
    int channel;
} app_wire;

/* 1:1 calls (app_call.c). Side 0 called, side 1 was called. */
typedef struct app_call_side {
    int32_t user; /* user slot, checked against user_id before use */
    uint32_t user_id;
    char name[MSG_NAME_MAX + 1];
    int32_t session; /* the session in the call; -1: not answered yet, or its link dropped */
    int64_t
        lost_ms;  /* when its link dropped (0: it did not): it may resume until the window ends */
    bool pending; /* ended while lost: tell it on resume */
    bool pending_by_peer;
    msg_call_reason pending_reason;
} app_call_side;

typedef struct app_call {
    uint32_t id; /* 0: a free slot */
    msg_call_phase phase;
    bool ended;       /* kept only until a lost side has heard the end */
    int64_t since_ms; /* ringing since, or active since */
    app_call_side side[2];
} app_call;

struct app {
    app_config cfg; /* defaults filled in */
    store *st;
    app_stats stats;
    int64_t now_ms; /* the time of the call being handled */

    app_session *sessions;
    uint32_t session_cap;
    app_index session_index; /* handle -> session slot */
    app_user *users;
    uint32_t user_cap, user_hi, users_used; /* user_hi: one past the highest used slot */
    app_index user_index;                   /* lowercase name -> user slot */
    app_resume *resumes;
    uint32_t resume_cap;
    app_room *rooms; /* sorted by id */
    uint32_t room_count, room_cap;
    app_throttle throttles[APP_THROTTLE_SLOTS];
    app_timed_ban bans[APP_TIMED_BANS];
    uint32_t ban_count;

    uint32_t next_guest;

    /* Scratch space for store reads, so requests do not allocate. */
    store_message *history;  /* APP_HISTORY_SCRATCH */
    uint8_t *note_buf;       /* MSG_NOTE_MAX_BYTES: the voice note a fetch is sending */
    store_member *members;   /* MSG_MEMBERS_PER_MSG */
    store_account *accounts; /* MSG_SEARCH_MAX + 1 */
    uint32_t *voice_targets; /* session_cap handles: listeners of one voice message */
    app_call *calls;         /* call_cap: every user in at most one call */
    uint32_t call_cap, next_call_id;
};

/* Zeroes the type and the union member in use and sets the type: a msg is ~13 KB, nearly
 * all of it list space the small messages never touch, and replies are on the hot path. */
static inline void app_msg_init(msg *m, msg_type type, size_t member_size)
{
    memset(m, 0, offsetof(msg, hello) + member_size);
    m->type = type;
}

/* app.c */
int32_t app_session_find(const app *a, uint32_t handle); /* -1: unknown */
PARLEY_PRINTF(3, 4)
void app_logf(app *a, int level, const char *fmt, ...);
/* The one answer to a request that failed: RESULT, CHAT_ACK or HISTORY_END as the type
 * needs (TYPING gets none). text may be NULL for msg_err_str's sentence. */
void app_fail(app *a, int32_t s, const msg *req, msg_err err, uint32_t retry_ms, const char *text);
void app_result(app *a, int32_t s, uint32_t req, msg_err err, uint32_t id, const char *text);
msg_err app_err_from_store(store_err e);
/* Rejects control characters (but "\n" and "\t" where multiline is true). */
bool app_text_clean(const char *text, bool multiline);
void app_copy(char *dst, size_t cap, const char *src); /* cuts at a UTF-8 boundary */
msg_role app_msg_role(int role);
bool app_take(app_bucket *b, double rate, double burst, int64_t now, uint32_t *retry_ms);
/* The same for a cost of several tokens (cost <= burst). */
bool app_take_n(app_bucket *b, double rate, double burst, double cost, int64_t now,
                uint32_t *retry_ms);

/* app_index.c */
bool app_index_init(app_index *ix, uint32_t max_items);
void app_index_free(app_index *ix);
typedef bool (*app_index_eq)(const app *a, int32_t slot, const void *key);
int32_t app_index_find(const app_index *ix, uint32_t hash, app_index_eq eq, const app *a,
                       const void *key);
void app_index_insert(app_index *ix, uint32_t hash, int32_t slot);
void app_index_remove(app_index *ix, uint32_t hash, int32_t slot);
uint32_t app_hash_u32(uint32_t x);
uint32_t app_hash_name(const char *name);       /* ASCII case-insensitive */
bool app_name_eq(const char *x, const char *y); /* the same, without regard to ASCII case */

/* app_send.c */
bool app_wire_encode(app *a, const msg *m, app_wire *w);
void app_wire_to_session(app *a, int32_t s, const app_wire *w);
void app_wire_to_user(app *a, int32_t u, const app_wire *w, int32_t except_session);
void app_send(app *a, int32_t s, const msg *m);
void app_send_user(app *a, int32_t u, const msg *m);
/* To every online user in the room, but except_user (-1: none). */
void app_send_room(app *a, uint32_t room_id, const msg *m, int32_t except_user);
/* To every logged-in session; a private room's events only to its members. */
void app_send_lobby(app *a, const app_room *r, const msg *m);
/* Once to every other online user who shares a room with u. */
void app_send_sharers(app *a, int32_t u, const msg *m);
msg_status app_visible(const app *a, int32_t u);
void app_room_info(const app *a, const app_room *r, bool joined, msg_room_info *out);
void app_member_of(const app *a, int32_t u, uint32_t room_id, msg_member *out);
void app_chat_from_store(const store_message *sm, const char *to_name, bool history,
                         msg_chat_message *out);

/* app_account.c */
void app_on_hello(app *a, int32_t s, const msg_hello *m);
void app_on_register(app *a, int32_t s, const msg_register *m);
void app_on_login(app *a, int32_t s, const msg_login *m);
void app_on_guest(app *a, int32_t s, const msg_guest *m);
void app_on_resume(app *a, int32_t s, const msg_resume *m);
void app_on_logout(app *a, int32_t s, const msg_request *m);
/* The session leaves its user: keep_token turns its token into a resume entry. */
void app_session_detach(app *a, int32_t s, bool keep_token);
void app_user_release(app *a, int32_t u); /* frees it when nothing holds it any more */
int32_t app_user_by_name(const app *a, const char *name);
void app_drop_resumes(app *a, int32_t u); /* tokens of u stop working */
void app_accounts_tick(app *a);

/* app_presence.c */
/* A change to u's visible status (before: what others saw): live counts and PRESENCE. */
void app_visibility_changed(app *a, int32_t u, msg_status before);
void app_send_member_list(app *a, int32_t s, uint32_t req, const app_room *r);
void app_on_members(app *a, int32_t s, const msg_room_request *m);
void app_on_status_set(app *a, int32_t s, const msg_status_set *m);
void app_on_user_search(app *a, int32_t s, const msg_user_search *m);

/* app_room.c */
bool app_rooms_load(app *a);
app_room *app_room_find(app *a, uint32_t room_id);
int app_user_room_index(const app *a, int32_t u, uint32_t room_id); /* -1: not in it */
/* Adds or removes a room of a user, keeping counts and the store in step; events too. */
msg_err app_room_enter(app *a, int32_t u, app_room *r, bool announce);
void app_room_exit(app *a, int32_t u, app_room *r, bool persist, bool announce);
/* The room's live counts changed: a ROOM_EVENT now, or at a tick when one went out less
 * than APP_COUNT_EVENT_MS ago. */
void app_counts_changed(app *a, app_room *r);
app_room *app_room_by_name(app *a, const char *name);
void app_rooms_tick(app *a);
void app_on_room_list(app *a, int32_t s, const msg_request *m);
void app_on_room_create(app *a, int32_t s, const msg_room_create *m);
void app_on_room_join(app *a, int32_t s, const msg_room_join *m);
void app_on_room_leave(app *a, int32_t s, const msg_room_request *m);
void app_on_room_delete(app *a, int32_t s, const msg_room_request *m);
void app_on_room_update(app *a, int32_t s, const msg_room_update *m);
/* Sends the newest `count` messages of a room older than before_id (0: the newest), then
 * HISTORY_END(req). */
void app_send_history(app *a, int32_t s, uint32_t req, uint32_t room_id, uint64_t before_id,
                      uint32_t count);

/* app_chat.c */
void app_on_chat_send(app *a, int32_t s, const msg_chat_send *m);
void app_on_chat_dm(app *a, int32_t s, const msg_chat_dm *m);
void app_on_chat_edit(app *a, int32_t s, const msg_chat_edit *m);
void app_on_chat_delete(app *a, int32_t s, const msg_chat_delete *m);
void app_on_history(app *a, int32_t s, const msg_history *m);
void app_on_typing(app *a, int32_t s, const msg_typing *m);
void app_deliver_pending(app *a, int32_t s);

/* app_chat.c: the one path for room messages and DMs, text or voice note (note: NULL for
 * text), answering with CHAT_ACK and delivering a CHAT_MESSAGE. */
typedef struct app_note_audio {
    const uint8_t *data; /* a container vn_parse accepted */
    size_t len;
    uint32_t ms;
} app_note_audio;
void app_chat_post_room(app *a, int32_t s, uint32_t room_id, uint64_t client_id, const char *text,
                        const app_note_audio *note);
void app_chat_post_dm(app *a, int32_t s, const char *to_name, uint64_t client_id, const char *text,
                      const app_note_audio *note);

/* app_note.c */
void app_on_note_send(app *a, int32_t s, const msg_note_send *m);
void app_on_note_fetch(app *a, int32_t s, const msg_note_fetch *m);
/* Drops a half-received note (the session ends). */
void app_note_session_end(app *a, int32_t s);

/* app_voice.c */ /* app_voice.c */
void app_on_voice_state(app *a, int32_t s, const msg_voice_state *m);

/* app_call.c */
void app_on_call_start(app *a, int32_t s, const msg_call_start *m);
/* CALL_ACCEPT (accept true) and CALL_DECLINE. */
void app_on_call_answer(app *a, int32_t s, const msg_call_request *m, bool accept);
void app_on_call_hangup(app *a, int32_t s, const msg_call_request *m);
/* The session that hears s's call voice now: the other side of s's active call; -1: none. */
int32_t app_call_peer_session(const app *a, int32_t s);
/* s, logged in, lost its link (it may resume): its call waits for the resume window. */
void app_call_session_lost(app *a, int32_t s);
/* s is leaving for good (logout): its call ends with `why`. */
void app_call_session_end(app *a, int32_t s, msg_call_reason why);
/* s just RESUMEd: a call of its user continues (both sides told), or it hears how it ended. */
void app_call_session_resumed(app *a, int32_t s);
/* Ring time-outs, resume windows that passed, sessions closed by moderators. */
void app_calls_tick(app *a);

/* app_mod.c */
msg_err app_kick(app *a, const app_actor *by, const char *name, uint32_t room_id,
                 const char *reason, const char **why);
msg_err app_ban(app *a, const app_actor *by, const char *name, uint32_t seconds, const char *reason,
                const char **why);
msg_err app_unban(app *a, const app_actor *by, const char *name, const char **why);
msg_err app_role_set(app *a, const app_actor *by, const char *name, int role, const char **why);
void app_on_kick(app *a, int32_t s, const msg_kick *m);
void app_on_ban(app *a, int32_t s, const msg_ban *m);
void app_on_unban(app *a, int32_t s, const msg_unban *m);
void app_on_mute(app *a, int32_t s, const msg_mute *m);
void app_on_role_set(app *a, int32_t s, const msg_role_set *m);
void app_mod_tick(app *a);
/* Closes every session of u after a NOTICE, without a resume token. */
void app_user_close(app *a, int32_t u, const msg *notice);

#endif
