/* store.h — the server's persistent store: accounts, rooms, memberships, mutes, bans and
 * messages in one SQLite database, DATA_DIR/parley.db.
 *
 * Durability: each call that writes commits before it returns (WAL mode, synchronous=FULL
 * by default), so whatever the server acknowledges after a successful call survives
 * kill -9 and power loss alike. To pay one fsync per server tick instead of one per message,
 * wrap a tick's writes in store_begin() / store_commit() and acknowledge only after
 * store_commit() succeeds.
 *
 * Errors: anything that comes from a person, the network or the database file gets a
 * specific store_err, and store_err_str() says what to do about it; the store is left
 * unchanged by a refused call. A caller's bug (NULL store, zero-capacity buffer) asserts.
 * All SQL uses bound parameters.
 *
 * Time is a parameter: every *_ms value is milliseconds since the Unix epoch, supplied by
 * the caller. Ids are positive; 0 means "none" (no owner, a guest sender, not a DM).
 * One store belongs to one thread. */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_SCHEMA_VERSION  3
#define STORE_DB_FILE         "parley.db"
#define STORE_NAME_MIN        2 /* account names, bytes */
#define STORE_NAME_MAX        32
#define STORE_EMAIL_MAX       254
#define STORE_PASSWORD_MIN    8
#define STORE_PASSWORD_MAX    128
#define STORE_ROOM_NAME_MAX   48
#define STORE_TOPIC_MAX       256
#define STORE_REASON_MAX      200  /* ban reasons */
#define STORE_ADDRESS_MAX     45   /* textual IPv6 is at most 45 characters */
#define STORE_TEXT_MAX        4000 /* message text, bytes of UTF-8 */
#define STORE_HISTORY_PAGE    50   /* messages in one history page */
#define STORE_BUSY_TIMEOUT_MS 5000
#define STORE_GENERAL_ID      1 /* the room every fresh store has; it cannot be deleted */
#define STORE_GENERAL_NAME    "General"
#define STORE_NOTE_MAX        (256 * 1024) /* a voice note's audio, bytes (MSG_NOTE_MAX_BYTES) */
#define STORE_NOTE_MAX_MS     60000        /* a voice note's duration (MSG_NOTE_MAX_MS) */

typedef enum store_err {
    STORE_OK = 0,
    /* opening, and the database itself */
    STORE_ERR_CONFIG,       /* password hashing limits out of libsodium's range */
    STORE_ERR_CRYPTO,       /* libsodium could not start */
    STORE_ERR_PATH_LONG,    /* the data dir path is too long */
    STORE_ERR_DATA_DIR,     /* the data dir cannot be created (errno says why) */
    STORE_ERR_OPEN,         /* SQLite cannot open the database file */
    STORE_ERR_NOT_DB,       /* the file is damaged or not a Parley database */
    STORE_ERR_SCHEMA_NEWER, /* written by a newer Parley */
    STORE_ERR_CORRUPT,      /* a stored value does not fit the rules (edited by hand?) */
    STORE_ERR_BUSY,         /* another program holds the database lock */
    STORE_ERR_FULL,         /* the disk is full */
    STORE_ERR_DB,           /* any other SQLite error; store_last_error() has details */
    STORE_ERR_HASH,         /* Argon2id could not run (out of memory) */
    /* accounts */
    STORE_ERR_NAME_SHORT,
    STORE_ERR_NAME_LONG,
    STORE_ERR_NAME_START,
    STORE_ERR_NAME_CHARS,
    STORE_ERR_NAME_TAKEN,
    STORE_ERR_EMAIL,
    STORE_ERR_EMAIL_LONG,
    STORE_ERR_PASSWORD_SHORT,
    STORE_ERR_PASSWORD_LONG,
    STORE_ERR_NO_ACCOUNT,
    STORE_ERR_WRONG_PASSWORD,
    STORE_ERR_BANNED,
    STORE_ERR_ROLE,
    STORE_ERR_LAST_OWNER,
    STORE_ERR_REASON_LONG,
    STORE_ERR_ADDRESS,
    STORE_ERR_QUERY_LONG,
    /* rooms */
    STORE_ERR_ROOM_NAME_EMPTY,
    STORE_ERR_ROOM_NAME_LONG,
    STORE_ERR_ROOM_NAME_START,
    STORE_ERR_ROOM_NAME_CHARS,
    STORE_ERR_ROOM_NAME_SPACES,
    STORE_ERR_ROOM_TAKEN,
    STORE_ERR_NO_ROOM,
    STORE_ERR_ROOM_PROTECTED,
    STORE_ERR_TOPIC_LONG,
    STORE_ERR_ROOM_PASSWORD,
    STORE_ERR_NOT_MEMBER,
    /* messages */
    STORE_ERR_TEXT_EMPTY,
    STORE_ERR_TEXT_LONG,
    STORE_ERR_UTF8,
    STORE_ERR_DM_TARGET,
    STORE_ERR_NO_MESSAGE,
    STORE_ERR_MESSAGE_DELETED,
    STORE_ERR_NOTE,  /* a voice note without audio or duration, or over the limits */
    STORE_ERR_COUNT_ /* not an error: the number of codes */
} store_err;

/* Ordered by power, so "role >= STORE_ROLE_MODERATOR" reads as it should. Guests exist only
 * in a session; the store never holds STORE_ROLE_GUEST. */
typedef enum store_role {
    STORE_ROLE_GUEST = 0,
    STORE_ROLE_USER = 1,
    STORE_ROLE_MODERATOR = 2,
    STORE_ROLE_ADMIN = 3,
    STORE_ROLE_OWNER = 4,
} store_role;

typedef enum store_sync {
    STORE_SYNC_FULL = 0, /* fsync on every commit: survives power loss (default) */
    STORE_SYNC_NORMAL,   /* fsync at checkpoints: survives kill -9, may lose the last
                            commits on power loss; for benchmarks and throwaway servers */
} store_sync;

/* Zero means default for every field but data_dir. */
typedef struct store_config {
    const char *data_dir;          /* created with mode 0700 when missing */
    unsigned long long pwhash_ops; /* Argon2id opslimit; 0: crypto_pwhash_OPSLIMIT_INTERACTIVE */
    size_t pwhash_mem;             /* Argon2id bytes; 0: crypto_pwhash_MEMLIMIT_INTERACTIVE */
    int busy_timeout_ms;           /* 0: STORE_BUSY_TIMEOUT_MS */
    store_sync sync;
} store_config;

typedef struct store store;

typedef struct store_account {
    int64_t id;
    char name[STORE_NAME_MAX + 1];
    char email[STORE_EMAIL_MAX + 1]; /* "" when none was given */
    store_role role;
    int64_t created_ms;
    bool banned;
    char ban_reason[STORE_REASON_MAX + 1];
} store_account;

typedef struct store_room {
    int64_t id;
    char name[STORE_ROOM_NAME_MAX + 1];
    char topic[STORE_TOPIC_MAX + 1];
    bool is_private;  /* joining needs the password */
    int64_t owner_id; /* 0: the server's own room (General) */
    int64_t created_ms;
} store_room;

typedef struct store_member {
    int64_t account_id;
    char name[STORE_NAME_MAX + 1];
    store_role role;
} store_member;

/* A message to store. Exactly one of room_id and to_id is non-zero. */
typedef struct store_post {
    int64_t room_id;         /* the room, or 0 for a DM */
    int64_t to_id;           /* the DM's recipient account, or 0 */
    int64_t sender_id;       /* the sender's account, 0 for a guest */
    const char *sender_name; /* follows the account name rules */
    uint64_t client_id;      /* chosen by the client; a resend repeats it */
    int64_t time_ms;
    const char *text; /* UTF-8, 1..STORE_TEXT_MAX bytes */
    bool delivered;   /* DM handed to an online recipient now; false leaves it pending */
    uint32_t note_ms; /* store_note_post only: the voice note's duration */
} store_post;

/* What store_message_post stored, or found already stored. */
typedef struct store_posted {
    int64_t id;
    int64_t time_ms;
    bool duplicate; /* the same sender and client id was stored before; nothing changed */
} store_posted;

typedef struct store_message {
    int64_t id;
    int64_t room_id;
    int64_t to_id;
    int64_t sender_id;
    char sender_name[STORE_NAME_MAX + 1];
    uint64_t client_id;
    int64_t time_ms;
    bool edited;
    bool deleted; /* text is "" once deleted */
    bool pending; /* a DM not yet delivered */
    char text[STORE_TEXT_MAX + 1];
    uint32_t note_ms; /* 0: a text message; else a voice note this long (store_note_get) */
} store_message;

/* Opening and closing. ------------------------------------------------------------------ */

/* Opens (creating and migrating as needed) the store in cfg->data_dir. A fresh store gets
 * the General room, created at now_ms. On error *out is NULL. */
store_err store_open(const store_config *cfg, int64_t now_ms, store **out);
void store_close(store *st);
/* The schema version of the open database (STORE_SCHEMA_VERSION after store_open). */
int store_schema_version(store *st);
/* SQLite's message for the last STORE_ERR_DB/BUSY/FULL/NOT_DB, for the log; "" if none. */
const char *store_last_error(const store *st);

/* Groups writes into one transaction (one fsync). Nothing inside is durable until
 * store_commit returns STORE_OK; store_rollback undoes all of it. Not nestable. */
store_err store_begin(store *st);
store_err store_commit(store *st);
void store_rollback(store *st);

/* Rules, for checking input before it reaches the store (the store checks again). ------ */

/* Account names: STORE_NAME_MIN..MAX bytes of ASCII letters, digits, '_', '-', '.',
 * starting with a letter. Compared without regard to case. Guests follow the same rule. */
store_err store_check_name(const char *name);
/* Room names: 1..STORE_ROOM_NAME_MAX bytes, the account name characters plus single spaces
 * inside, starting with a letter. */
store_err store_check_room_name(const char *name);
/* One '@' between a non-empty local part and a domain with a dot; at most 254 bytes. */
store_err store_check_email(const char *email);
store_err store_check_password(const char *password);
/* Message text: non-empty valid UTF-8 of at most STORE_TEXT_MAX bytes. */
store_err store_check_text(const char *text);

const char *store_err_str(store_err err);
/* "owner", "admin", "moderator", "user", "guest". */
const char *store_role_name(store_role role);
/* Parses a role name (any case) into *role; false when unknown. */
bool store_role_parse(const char *name, store_role *role);

/* Accounts. ---------------------------------------------------------------------------- */

/* Creates an account (email may be NULL or ""). The first account of a store is its
 * owner, every later one a user. */
store_err store_register(store *st, const char *name, const char *email, const char *password,
                         int64_t now_ms, store_account *out);
/* Checks name and password. A banned account gets STORE_ERR_BANNED with *out filled, so
 * the caller can show the reason. Hashes made with older limits are upgraded here. */
store_err store_login(store *st, const char *name, const char *password, store_account *out);
store_err store_account_by_name(store *st, const char *name, store_account *out);
store_err store_account_by_id(store *st, int64_t id, store_account *out);
/* Accounts whose name contains query (any case; "" matches all), names starting with it
 * first, then by name; at most cap of them. */
store_err store_account_search(store *st, const char *query, store_account *out, size_t cap,
                               size_t *count);
/* Refuses STORE_ROLE_GUEST, and demoting the last owner. */
store_err store_set_role(store *st, int64_t account_id, store_role role);
store_err store_ban(store *st, int64_t account_id, const char *reason);
store_err store_unban(store *st, int64_t account_id);

/* Address bans (an IPv4 or IPv6 address in text form, without port). ------------------ */

store_err store_ban_address(store *st, const char *address, const char *reason, int64_t now_ms);
store_err store_unban_address(store *st, const char *address);
/* *banned, and the reason into reason[reason_cap] when reason is not NULL. */
store_err store_address_banned(store *st, const char *address, bool *banned, char *reason,
                               size_t reason_cap);

/* Rooms. ------------------------------------------------------------------------------- */

/* A password (not NULL or "") makes the room private. owner_id 0: owned by the server. */
store_err store_room_create(store *st, const char *name, const char *topic, const char *password,
                            int64_t owner_id, int64_t now_ms, store_room *out);
/* Deletes a room with its memberships, mutes and messages. General is refused. */
store_err store_room_delete(store *st, int64_t room_id);
store_err store_room_by_id(store *st, int64_t room_id, store_room *out);
store_err store_room_by_name(store *st, const char *name, store_room *out);
/* Rooms with id > after_id in id order, at most cap; page on with the last id seen. */
store_err store_room_list(store *st, int64_t after_id, store_room *out, size_t cap, size_t *count);
store_err store_room_set_topic(store *st, int64_t room_id, const char *topic);
/* STORE_OK for a public room or the right password, STORE_ERR_ROOM_PASSWORD otherwise. */
store_err store_room_check_password(store *st, int64_t room_id, const char *password);

/* Memberships of registered accounts (kept across restarts) and room mutes. ------------ */

/* Adding a membership that exists is not an error. */
store_err store_member_add(store *st, int64_t account_id, int64_t room_id, int64_t now_ms);
store_err store_member_remove(store *st, int64_t account_id, int64_t room_id);
store_err store_is_member(store *st, int64_t account_id, int64_t room_id, bool *member);
/* The rooms an account belongs to, in id order, at most cap. */
store_err store_member_rooms(store *st, int64_t account_id, int64_t *room_ids, size_t cap,
                             size_t *count);
/* Members of a room with account id > after_id in id order, at most cap. */
store_err store_room_members(store *st, int64_t room_id, int64_t after_id, store_member *out,
                             size_t cap, size_t *count);
/* Mutes account_id in room_id until until_ms (INT64_MAX: until unmuted); replaces any
 * earlier mute there. */
store_err store_mute(store *st, int64_t account_id, int64_t room_id, int64_t until_ms);
store_err store_unmute(store *st, int64_t account_id, int64_t room_id);
/* *until_ms is when the mute ends, or 0 when not muted at now_ms. */
store_err store_muted_until(store *st, int64_t account_id, int64_t room_id, int64_t now_ms,
                            int64_t *until_ms);

/* Messages. ---------------------------------------------------------------------------- */

/* Stores a room message or DM. A resend (same sender name and client id) stores nothing
 * and returns the first copy's id and time with duplicate set. */
store_err store_message_post(store *st, const store_post *post, store_posted *out);
store_err store_message_get(store *st, int64_t id, store_message *out);
/* Replaces the text and sets edited. Who may edit is the caller's decision. */
store_err store_message_edit(store *st, int64_t id, const char *text);
/* Marks deleted and drops the text; the message stays as a tombstone in history. */
store_err store_message_delete(store *st, int64_t id);
/* The newest messages of a room with id < before_id (0: the newest of all), at most cap,
 * oldest first. A full page (count == cap) means older ones may exist: ask again with
 * before_id = out[0].id. */
store_err store_history(store *st, int64_t room_id, int64_t before_id, store_message *out,
                        size_t cap, size_t *count);
/* The same for the DMs between accounts a and b, both directions. */
store_err store_dm_history(store *st, int64_t a, int64_t b, int64_t before_id, store_message *out,
                           size_t cap, size_t *count);
/* Undelivered DMs to account_id, oldest first, at most cap. */
store_err store_dm_pending(store *st, int64_t account_id, store_message *out, size_t cap,
                           size_t *count);
/* Marks the DMs to account_id with id <= up_to_id delivered (call once they are sent). */
store_err store_dm_mark_delivered(store *st, int64_t account_id, int64_t up_to_id);

/* Voice notes. -------------------------------------------------------------------------- */

/* Stores a voice note: a message (post->text is its summary, post->note_ms its duration,
 * 1..) and its audio container (1..STORE_NOTE_MAX bytes; the caller has validated it), both
 * or neither. A resend stores nothing, as with store_message_post. Deleting the message
 * drops the audio. */
store_err store_note_post(store *st, const store_post *post, const uint8_t *data, size_t len,
                          store_posted *out);
/* Copies a note's audio into buf: STORE_ERR_NO_MESSAGE when id has none (a text message,
 * deleted, or unknown); STORE_ERR_CORRUPT when it does not fit cap. */
store_err store_note_get(store *st, int64_t id, uint8_t *buf, size_t cap, size_t *len);

#endif
