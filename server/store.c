/* store.c — the server's SQLite store: schema and migrations, cached statements, and the
 * account, room, membership, ban and message operations of store.h. */
#include "store.h"

#include "bits.h"
#include "fsutil.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Prly": marks the file as Parley's, so another program's database is refused. */
#define STORE_APP_ID 0x50726c79

/* Schema history. Entry i takes a database from version i to i + 1; all pending steps run
 * in one transaction with the user_version bump, so an interrupted upgrade leaves the old
 * version intact. Never edit a released step: add a new one. */
static const char *const store_migrations[] = {
    /* v1: accounts, rooms, memberships, messages. */
    "PRAGMA application_id = 1349676153;"
    "CREATE TABLE accounts("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  email TEXT,"
    "  pwhash TEXT NOT NULL,"
    "  role INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL);"
    "CREATE TABLE rooms("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  topic TEXT NOT NULL DEFAULT '',"
    "  private INTEGER NOT NULL DEFAULT 0,"
    "  pwhash TEXT,"
    "  owner_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
    "  created_ms INTEGER NOT NULL);"
    "CREATE TABLE memberships("
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
    "  joined_ms INTEGER NOT NULL,"
    "  PRIMARY KEY(account_id, room_id)) WITHOUT ROWID;"
    "CREATE INDEX memberships_room ON memberships(room_id, account_id);"
    "CREATE TABLE messages("
    "  id INTEGER PRIMARY KEY,"
    "  room_id INTEGER REFERENCES rooms(id) ON DELETE CASCADE,"
    "  to_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,"
    "  sender_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
    "  sender_name TEXT NOT NULL COLLATE NOCASE,"
    "  client_id INTEGER NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  edited INTEGER NOT NULL DEFAULT 0,"
    "  deleted INTEGER NOT NULL DEFAULT 0,"
    "  pending INTEGER NOT NULL DEFAULT 0,"
    "  CHECK ((room_id IS NULL) <> (to_id IS NULL)),"
    "  UNIQUE(sender_name, client_id));"
    "CREATE INDEX messages_room ON messages(room_id, id);"
    "CREATE INDEX messages_dm ON messages(to_id, sender_id, id);"
    "CREATE INDEX messages_pending ON messages(to_id, id) WHERE pending = 1;",

    /* v2: moderation — account bans, address bans, room mutes. */
    "ALTER TABLE accounts ADD COLUMN banned INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE accounts ADD COLUMN ban_reason TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE address_bans("
    "  address TEXT PRIMARY KEY,"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  created_ms INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE mutes("
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
    "  until_ms INTEGER NOT NULL,"
    "  PRIMARY KEY(account_id, room_id)) WITHOUT ROWID;"
    "CREATE INDEX mutes_room ON mutes(room_id);",

    /* v3: voice notes — a message with a duration, its audio in a table of its own so
     * history pages never read the blobs. */
    "ALTER TABLE messages ADD COLUMN note_ms INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE notes("
    "  message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,"
    "  data BLOB NOT NULL);",
};
_Static_assert(sizeof store_migrations / sizeof store_migrations[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

#define STORE_ACCOUNT_COLS "id, name, email, role, created_ms, banned, ban_reason"
#define STORE_ROOM_COLS    "id, name, topic, private, owner_id, created_ms"
#define STORE_MESSAGE_COLS                                                                         \
    "id, room_id, to_id, sender_id, sender_name, client_id, time_ms, edited, deleted, pending, "   \
    "text, note_ms"

typedef enum store_q {
    STORE_Q_ACCOUNT_INSERT,
    STORE_Q_ACCOUNT_BY_NAME,
    STORE_Q_ACCOUNT_BY_ID,
    STORE_Q_ACCOUNT_LOGIN,
    STORE_Q_ACCOUNT_REHASH,
    STORE_Q_ACCOUNT_SEARCH,
    STORE_Q_ACCOUNT_SET_ROLE,
    STORE_Q_ACCOUNT_BAN,
    STORE_Q_ADDRESS_BAN,
    STORE_Q_ADDRESS_UNBAN,
    STORE_Q_ADDRESS_GET,
    STORE_Q_ROOM_INSERT,
    STORE_Q_ROOM_DELETE,
    STORE_Q_ROOM_BY_ID,
    STORE_Q_ROOM_BY_NAME,
    STORE_Q_ROOM_LIST,
    STORE_Q_ROOM_SET_TOPIC,
    STORE_Q_ROOM_PWHASH,
    STORE_Q_MEMBER_ADD,
    STORE_Q_MEMBER_REMOVE,
    STORE_Q_MEMBER_IS,
    STORE_Q_MEMBER_ROOMS,
    STORE_Q_ROOM_MEMBERS,
    STORE_Q_MUTE_SET,
    STORE_Q_MUTE_DELETE,
    STORE_Q_MUTE_GET,
    STORE_Q_MSG_INSERT,
    STORE_Q_MSG_BY_CLIENT,
    STORE_Q_MSG_GET,
    STORE_Q_MSG_EDIT,
    STORE_Q_MSG_DELETE,
    STORE_Q_HISTORY,
    STORE_Q_DM_HISTORY,
    STORE_Q_DM_PENDING,
    STORE_Q_DM_DELIVERED,
    STORE_Q_NOTE_INSERT,
    STORE_Q_NOTE_GET,
    STORE_Q_NOTE_DELETE,
    STORE_Q_COUNT
} store_q;

static const char *const store_sql[STORE_Q_COUNT] = {
    /* The first account of a store becomes its owner, decided inside the one INSERT so two
     * registrations cannot both see an empty table. */
    [STORE_Q_ACCOUNT_INSERT] = "INSERT INTO accounts(name, email, pwhash, role, created_ms) "
                               "VALUES(?1, ?2, ?3, CASE WHEN EXISTS(SELECT 1 FROM accounts) "
                               "THEN 1 ELSE 4 END, ?4)",
    [STORE_Q_ACCOUNT_BY_NAME] = "SELECT " STORE_ACCOUNT_COLS " FROM accounts WHERE name = ?1",
    [STORE_Q_ACCOUNT_BY_ID] = "SELECT " STORE_ACCOUNT_COLS " FROM accounts WHERE id = ?1",
    [STORE_Q_ACCOUNT_LOGIN] = "SELECT " STORE_ACCOUNT_COLS ", pwhash FROM accounts WHERE name = ?1",
    [STORE_Q_ACCOUNT_REHASH] = "UPDATE accounts SET pwhash = ?2 WHERE id = ?1",
    [STORE_Q_ACCOUNT_SEARCH] = "SELECT " STORE_ACCOUNT_COLS " FROM accounts "
                               "WHERE instr(lower(name), lower(?1)) > 0 "
                               "ORDER BY instr(lower(name), lower(?1)) <> 1, name LIMIT ?2",
    /* Refuses, in the same statement, to demote the last owner. */
    [STORE_Q_ACCOUNT_SET_ROLE] = "UPDATE accounts SET role = ?2 WHERE id = ?1 AND (role <> 4 "
                                 "OR ?2 = 4 OR (SELECT count(*) FROM accounts WHERE role = 4) > 1)",
    [STORE_Q_ACCOUNT_BAN] = "UPDATE accounts SET banned = ?2, ban_reason = ?3 WHERE id = ?1",
    [STORE_Q_ADDRESS_BAN] = "INSERT INTO address_bans(address, reason, created_ms) "
                            "VALUES(?1, ?2, ?3) "
                            "ON CONFLICT(address) DO UPDATE SET reason = excluded.reason",
    [STORE_Q_ADDRESS_UNBAN] = "DELETE FROM address_bans WHERE address = ?1",
    [STORE_Q_ADDRESS_GET] = "SELECT reason FROM address_bans WHERE address = ?1",
    [STORE_Q_ROOM_INSERT] = "INSERT INTO rooms(name, topic, private, pwhash, owner_id, created_ms) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [STORE_Q_ROOM_DELETE] = "DELETE FROM rooms WHERE id = ?1",
    [STORE_Q_ROOM_BY_ID] = "SELECT " STORE_ROOM_COLS " FROM rooms WHERE id = ?1",
    [STORE_Q_ROOM_BY_NAME] = "SELECT " STORE_ROOM_COLS " FROM rooms WHERE name = ?1",
    [STORE_Q_ROOM_LIST] = "SELECT " STORE_ROOM_COLS " FROM rooms WHERE id > ?1 ORDER BY id "
                          "LIMIT ?2",
    [STORE_Q_ROOM_SET_TOPIC] = "UPDATE rooms SET topic = ?2 WHERE id = ?1",
    [STORE_Q_ROOM_PWHASH] = "SELECT private, pwhash FROM rooms WHERE id = ?1",
    [STORE_Q_MEMBER_ADD] = "INSERT INTO memberships(account_id, room_id, joined_ms) "
                           "VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING",
    [STORE_Q_MEMBER_REMOVE] = "DELETE FROM memberships WHERE account_id = ?1 AND room_id = ?2",
    [STORE_Q_MEMBER_IS] = "SELECT 1 FROM memberships WHERE account_id = ?1 AND room_id = ?2",
    [STORE_Q_MEMBER_ROOMS] = "SELECT room_id FROM memberships WHERE account_id = ?1 "
                             "ORDER BY room_id LIMIT ?2",
    [STORE_Q_ROOM_MEMBERS] = "SELECT a.id, a.name, a.role FROM memberships m "
                             "JOIN accounts a ON a.id = m.account_id "
                             "WHERE m.room_id = ?1 AND m.account_id > ?2 "
                             "ORDER BY m.account_id LIMIT ?3",
    [STORE_Q_MUTE_SET] = "INSERT INTO mutes(account_id, room_id, until_ms) VALUES(?1, ?2, ?3) "
                         "ON CONFLICT(account_id, room_id) DO UPDATE SET until_ms = "
                         "excluded.until_ms",
    [STORE_Q_MUTE_DELETE] = "DELETE FROM mutes WHERE account_id = ?1 AND room_id = ?2",
    [STORE_Q_MUTE_GET] = "SELECT until_ms FROM mutes WHERE account_id = ?1 AND room_id = ?2 "
                         "AND until_ms > ?3",
    /* DO NOTHING on exactly the resend key: other constraint failures still report. */
    [STORE_Q_MSG_INSERT] = "INSERT INTO messages(room_id, to_id, sender_id, sender_name, "
                           "client_id, time_ms, text, pending, note_ms) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                           "ON CONFLICT(sender_name, client_id) DO NOTHING",
    [STORE_Q_MSG_BY_CLIENT] = "SELECT id, time_ms FROM messages WHERE sender_name = ?1 AND "
                              "client_id = ?2",
    [STORE_Q_MSG_GET] = "SELECT " STORE_MESSAGE_COLS " FROM messages WHERE id = ?1",
    [STORE_Q_MSG_EDIT] = "UPDATE messages SET text = ?2, edited = 1 WHERE id = ?1",
    [STORE_Q_MSG_DELETE] = "UPDATE messages SET text = '', deleted = 1 WHERE id = ?1",
    [STORE_Q_HISTORY] = "SELECT * FROM (SELECT " STORE_MESSAGE_COLS " FROM messages "
                        "WHERE room_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3) ORDER BY id",
    [STORE_Q_DM_HISTORY] = "SELECT * FROM (SELECT " STORE_MESSAGE_COLS " FROM messages "
                           "WHERE ((sender_id = ?1 AND to_id = ?2) OR (sender_id = ?2 AND "
                           "to_id = ?1)) AND id < ?3 ORDER BY id DESC LIMIT ?4) ORDER BY id",
    [STORE_Q_DM_PENDING] = "SELECT " STORE_MESSAGE_COLS " FROM messages "
                           "WHERE to_id = ?1 AND pending = 1 ORDER BY id LIMIT ?2",
    [STORE_Q_DM_DELIVERED] = "UPDATE messages SET pending = 0 WHERE to_id = ?1 AND pending = 1 "
                             "AND id <= ?2",
    [STORE_Q_NOTE_INSERT] = "INSERT INTO notes(message_id, data) VALUES(?1, ?2)",
    [STORE_Q_NOTE_GET] = "SELECT data FROM notes WHERE message_id = ?1",
    [STORE_Q_NOTE_DELETE] = "DELETE FROM notes WHERE message_id = ?1",
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *q[STORE_Q_COUNT];
    unsigned long long pwhash_ops;
    size_t pwhash_mem;
    bool in_batch;
    int last_rc;      /* SQLite's code for the last failure, extended */
    char detail[256]; /* SQLite's message for the last database error */
};

/* SQLite plumbing. ------------------------------------------------------------------------ */

/* Maps a failed SQLite call to a store_err and keeps SQLite's words for the log. */
static store_err store_fail(store *st, int rc)
{
    st->last_rc = rc;
    snprintf(st->detail, sizeof st->detail, "%s (%s)", sqlite3_errmsg(st->db), sqlite3_errstr(rc));
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STORE_ERR_BUSY;
    case SQLITE_FULL:
        return STORE_ERR_FULL;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return STORE_ERR_NOT_DB;
    case SQLITE_CANTOPEN:
        return STORE_ERR_OPEN;
    default:
        return STORE_ERR_DB;
    }
}

static store_err store_exec(store *st, const char *sql)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? STORE_OK : store_fail(st, rc);
}

/* A cached statement, ready for new bindings. Every user resets it again when done, so no
 * statement holds a read snapshot open (which would stall WAL checkpoints). */
static sqlite3_stmt *store_stmt(store *st, store_q id)
{
    sqlite3_stmt *s = st->q[id];
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

/* Binding fails only for a wrong index or a value over SQLite's limits, which checked
 * input never reaches: a bug, so it asserts. */
static void store_bind_i64(sqlite3_stmt *s, int i, int64_t v)
{
    int rc = sqlite3_bind_int64(s, i, v);
    assert(rc == SQLITE_OK);
    (void)rc;
}

/* 0 binds NULL: ids of 0 mean "none". */
static void store_bind_id(sqlite3_stmt *s, int i, int64_t id)
{
    int rc = id ? sqlite3_bind_int64(s, i, id) : sqlite3_bind_null(s, i);
    assert(rc == SQLITE_OK);
    (void)rc;
}

/* NULL binds NULL. The text must outlive the statement's use (it is not copied). */
static void store_bind_text(sqlite3_stmt *s, int i, const char *text)
{
    int rc = text ? sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
    assert(rc == SQLITE_OK);
    (void)rc;
}

/* Copies a text column; false when it does not fit cap or holds a NUL (a hand-edited or
 * damaged row), so callers report STORE_ERR_CORRUPT instead of truncating. */
static bool store_col_text(sqlite3_stmt *s, int col, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    int n = sqlite3_column_bytes(s, col);
    dst[0] = '\0';
    if (!t) return true;
    if (n < 0 || (size_t)n >= cap || memchr(t, '\0', (size_t)n)) return false;
    memcpy(dst, t, (size_t)n);
    dst[n] = '\0';
    return true;
}

static bool store_col_bool(sqlite3_stmt *s, int col)
{
    return sqlite3_column_int64(s, col) != 0;
}

/* Runs a statement that returns no rows; *changes gets the rows it touched (may be NULL). */
static store_err store_run(store *st, sqlite3_stmt *s, int *changes)
{
    int rc = sqlite3_step(s);
    store_err e = rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
    if (changes) *changes = e == STORE_OK ? sqlite3_changes(st->db) : 0;
    sqlite3_reset(s);
    return e;
}

static int64_t store_limit(size_t cap)
{
    return cap > (size_t)INT64_MAX ? INT64_MAX : (int64_t)cap;
}

/* Row readers. ---------------------------------------------------------------------------- */

static store_err store_read_account(sqlite3_stmt *s, store_account *a)
{
    a->id = sqlite3_column_int64(s, 0);
    int64_t role = sqlite3_column_int64(s, 3);
    a->created_ms = sqlite3_column_int64(s, 4);
    a->banned = store_col_bool(s, 5);
    if (!store_col_text(s, 1, a->name, sizeof a->name) ||
        !store_col_text(s, 2, a->email, sizeof a->email) ||
        !store_col_text(s, 6, a->ban_reason, sizeof a->ban_reason))
        return STORE_ERR_CORRUPT;
    if (role < STORE_ROLE_USER || role > STORE_ROLE_OWNER) return STORE_ERR_CORRUPT;
    a->role = (store_role)role;
    return STORE_OK;
}

static store_err store_read_room(sqlite3_stmt *s, store_room *r)
{
    r->id = sqlite3_column_int64(s, 0);
    r->is_private = store_col_bool(s, 3);
    r->owner_id = sqlite3_column_int64(s, 4); /* NULL reads as 0: no owner */
    r->created_ms = sqlite3_column_int64(s, 5);
    if (!store_col_text(s, 1, r->name, sizeof r->name) ||
        !store_col_text(s, 2, r->topic, sizeof r->topic))
        return STORE_ERR_CORRUPT;
    return STORE_OK;
}

static store_err store_read_message(sqlite3_stmt *s, store_message *m)
{
    m->id = sqlite3_column_int64(s, 0);
    m->room_id = sqlite3_column_int64(s, 1);
    m->to_id = sqlite3_column_int64(s, 2);
    m->sender_id = sqlite3_column_int64(s, 3);
    m->client_id = (uint64_t)sqlite3_column_int64(s, 5);
    m->time_ms = sqlite3_column_int64(s, 6);
    m->edited = store_col_bool(s, 7);
    m->deleted = store_col_bool(s, 8);
    m->pending = store_col_bool(s, 9);
    if (!store_col_text(s, 4, m->sender_name, sizeof m->sender_name) ||
        !store_col_text(s, 10, m->text, sizeof m->text))
        return STORE_ERR_CORRUPT;
    int64_t note_ms = sqlite3_column_int64(s, 11);
    if (note_ms < 0 || note_ms > STORE_NOTE_MAX_MS) return STORE_ERR_CORRUPT;
    m->note_ms = (uint32_t)note_ms;
    return STORE_OK;
}

/* Steps a statement expected to give at most one row: STORE_OK with the row read by
 * reader, or missing when there is none. */
typedef store_err (*store_reader)(sqlite3_stmt *s, void *out);

static store_err store_account_reader(sqlite3_stmt *s, void *out)
{
    return store_read_account(s, out);
}
static store_err store_room_reader(sqlite3_stmt *s, void *out)
{
    return store_read_room(s, out);
}
static store_err store_message_reader(sqlite3_stmt *s, void *out)
{
    return store_read_message(s, out);
}

static store_err store_one(store *st, sqlite3_stmt *s, store_reader reader, void *out,
                           store_err missing)
{
    int rc = sqlite3_step(s);
    store_err e;
    if (rc == SQLITE_ROW)
        e = reader(s, out);
    else if (rc == SQLITE_DONE)
        e = missing;
    else
        e = store_fail(st, rc);
    sqlite3_reset(s);
    return e;
}

/* Steps a statement whose rows fill out[0..cap), each elem bytes; LIMIT keeps it in cap. */
static store_err store_many(store *st, sqlite3_stmt *s, store_reader reader, void *out, size_t elem,
                            size_t cap, size_t *count)
{
    size_t n = 0;
    store_err e = STORE_OK;
    int rc = SQLITE_DONE;
    while (n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        e = reader(s, (char *)out + n * elem);
        if (e != STORE_OK) break;
        n++;
    }
    if (e == STORE_OK && n < cap && rc != SQLITE_DONE) e = store_fail(st, rc);
    sqlite3_reset(s);
    *count = e == STORE_OK ? n : 0;
    return e;
}

/* Input rules. ---------------------------------------------------------------------------- */

static bool store_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool store_is_name_char(char c)
{
    return store_is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

store_err store_check_name(const char *name)
{
    assert(name);
    size_t len = strlen(name);
    if (len < STORE_NAME_MIN) return STORE_ERR_NAME_SHORT;
    if (len > STORE_NAME_MAX) return STORE_ERR_NAME_LONG;
    if (!store_is_alpha(name[0])) return STORE_ERR_NAME_START;
    for (size_t i = 0; i < len; i++)
        if (!store_is_name_char(name[i])) return STORE_ERR_NAME_CHARS;
    return STORE_OK;
}

store_err store_check_room_name(const char *name)
{
    assert(name);
    size_t len = strlen(name);
    if (len == 0) return STORE_ERR_ROOM_NAME_EMPTY;
    if (len > STORE_ROOM_NAME_MAX) return STORE_ERR_ROOM_NAME_LONG;
    if (!store_is_alpha(name[0])) return STORE_ERR_ROOM_NAME_START;
    for (size_t i = 0; i < len; i++) {
        if (name[i] == ' ') {
            /* "Team  A" and "Team A " would look like "Team A" in every list. */
            if (i + 1 == len || name[i - 1] == ' ') return STORE_ERR_ROOM_NAME_SPACES;
        } else if (!store_is_name_char(name[i])) {
            return STORE_ERR_ROOM_NAME_CHARS;
        }
    }
    return STORE_OK;
}

static bool store_is_domain_char(char c)
{
    return store_is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

store_err store_check_email(const char *email)
{
    assert(email);
    size_t len = strlen(email);
    if (len > STORE_EMAIL_MAX) return STORE_ERR_EMAIL_LONG;
    const char *at = strchr(email, '@');
    if (!at || strchr(at + 1, '@')) return STORE_ERR_EMAIL;
    size_t local = (size_t)(at - email);
    const char *domain = at + 1;
    size_t dlen = strlen(domain);
    if (local == 0 || local > 64 || dlen == 0) return STORE_ERR_EMAIL;
    for (size_t i = 0; i < local; i++)
        if ((unsigned char)email[i] <= ' ' || (unsigned char)email[i] >= 0x7f)
            return STORE_ERR_EMAIL;
    if (!strchr(domain, '.') || domain[0] == '.' || domain[dlen - 1] == '.' || strstr(domain, ".."))
        return STORE_ERR_EMAIL;
    for (size_t i = 0; i < dlen; i++)
        if (!store_is_domain_char(domain[i])) return STORE_ERR_EMAIL;
    return STORE_OK;
}

store_err store_check_password(const char *password)
{
    assert(password);
    size_t len = strlen(password);
    if (len < STORE_PASSWORD_MIN) return STORE_ERR_PASSWORD_SHORT;
    if (len > STORE_PASSWORD_MAX) return STORE_ERR_PASSWORD_LONG;
    return STORE_OK;
}

store_err store_check_text(const char *text)
{
    assert(text);
    size_t len = strlen(text);
    if (len == 0) return STORE_ERR_TEXT_EMPTY;
    if (len > STORE_TEXT_MAX) return STORE_ERR_TEXT_LONG;
    if (!bits_utf8_valid(text, len)) return STORE_ERR_UTF8;
    return STORE_OK;
}

/* Optional free text (topic, reason): NULL counts as "". */
static store_err store_check_free_text(const char *text, size_t max, store_err too_long)
{
    if (!text) return STORE_OK;
    size_t len = strlen(text);
    if (len > max) return too_long;
    if (!bits_utf8_valid(text, len)) return STORE_ERR_UTF8;
    return STORE_OK;
}

/* An address in text form, lowercased into out so "::FFFF:…" and "::ffff:…" are one ban. */
static store_err store_norm_address(const char *address, char out[STORE_ADDRESS_MAX + 1])
{
    assert(address);
    size_t len = strlen(address);
    if (len < 2 || len > STORE_ADDRESS_MAX) return STORE_ERR_ADDRESS;
    bool sep = false;
    for (size_t i = 0; i < len; i++) {
        char c = address[i];
        if (c >= 'A' && c <= 'F') c = (char)(c - 'A' + 'a');
        if (c == '.' || c == ':')
            sep = true;
        else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return STORE_ERR_ADDRESS;
        out[i] = c;
    }
    out[len] = '\0';
    return sep ? STORE_OK : STORE_ERR_ADDRESS;
}

/* Password hashing. ----------------------------------------------------------------------- */

static store_err store_hash(store *st, const char *password, char out[crypto_pwhash_STRBYTES])
{
    if (crypto_pwhash_str(out, password, strlen(password), st->pwhash_ops, st->pwhash_mem) != 0)
        return STORE_ERR_HASH;
    return STORE_OK;
}

/* Opening, migrating, closing. ------------------------------------------------------------ */

static store_err store_pragma_int(store *st, const char *sql, int64_t *value)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK) return store_fail(st, rc);
    rc = sqlite3_step(s);
    store_err e = STORE_OK;
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int64(s, 0);
    else
        e = store_fail(st, rc);
    sqlite3_finalize(s);
    return e;
}

static store_err store_seed(store *st, int64_t now_ms)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "INSERT INTO rooms(id, name, topic, private, pwhash, owner_id, "
                                "created_ms) VALUES(?1, ?2, '', 0, NULL, NULL, ?3)",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) return store_fail(st, rc);
    store_bind_i64(s, 1, STORE_GENERAL_ID);
    store_bind_text(s, 2, STORE_GENERAL_NAME);
    store_bind_i64(s, 3, now_ms);
    rc = sqlite3_step(s);
    store_err e = rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
    sqlite3_finalize(s);
    return e;
}

static store_err store_migrate_locked(store *st, int64_t now_ms)
{
    int64_t version = 0, app_id = 0, objects = 0;
    store_err e = store_pragma_int(st, "PRAGMA user_version", &version);
    if (e == STORE_OK) e = store_pragma_int(st, "PRAGMA application_id", &app_id);
    if (e == STORE_OK) e = store_pragma_int(st, "SELECT count(*) FROM sqlite_master", &objects);
    if (e != STORE_OK) return e;
    if ((app_id != 0 && app_id != STORE_APP_ID) || (version == 0 && objects != 0) || version < 0) {
        snprintf(st->detail, sizeof st->detail, "application_id %lld, user_version %lld",
                 (long long)app_id, (long long)version);
        return STORE_ERR_NOT_DB;
    }
    if (version > STORE_SCHEMA_VERSION) {
        snprintf(st->detail, sizeof st->detail, "schema version %lld, this server knows %d",
                 (long long)version, STORE_SCHEMA_VERSION);
        return STORE_ERR_SCHEMA_NEWER;
    }
    if (version == STORE_SCHEMA_VERSION) return STORE_OK;
    for (int64_t v = version; v < STORE_SCHEMA_VERSION && e == STORE_OK; v++)
        e = store_exec(st, store_migrations[v]);
    if (e == STORE_OK && version == 0) e = store_seed(st, now_ms);
    if (e == STORE_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
        e = store_exec(st, sql);
    }
    return e;
}

static store_err store_migrate(store *st, int64_t now_ms)
{
    /* IMMEDIATE: two servers started on one data dir cannot both migrate. */
    store_err e = store_exec(st, "BEGIN IMMEDIATE");
    if (e != STORE_OK) return e;
    e = store_migrate_locked(st, now_ms);
    if (e == STORE_OK) e = store_exec(st, "COMMIT");
    if (e != STORE_OK) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return e;
}

static store_err store_configure(store *st, const store_config *cfg)
{
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db,
                         cfg->busy_timeout_ms > 0 ? cfg->busy_timeout_ms : STORE_BUSY_TIMEOUT_MS);
    /* Refuse SQL that could corrupt the file even if it ever came from a bug. */
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    /* WAL: readers (backups, an admin's sqlite3 shell) do not block the server's writes.
     * If the file system cannot do WAL, SQLite keeps a rollback journal, which is just as
     * durable, so that is not an error. */
    store_err e = store_exec(st, "PRAGMA journal_mode = WAL");
    /* FULL fsyncs the WAL on every commit, so an acknowledged message survives power loss as
     * well as kill -9 (NORMAL would survive only the latter). Batching a tick's writes with
     * store_begin/store_commit keeps the cost to one fsync per tick. */
    if (e == STORE_OK)
        e = store_exec(st, cfg->sync == STORE_SYNC_NORMAL ? "PRAGMA synchronous = NORMAL"
                                                          : "PRAGMA synchronous = FULL");
    if (e == STORE_OK) e = store_exec(st, "PRAGMA foreign_keys = ON");
    if (e == STORE_OK) e = store_exec(st, "PRAGMA trusted_schema = OFF");
    return e;
}

static store_err store_prepare_all(store *st)
{
    for (int i = 0; i < STORE_Q_COUNT; i++) {
        assert(store_sql[i]);
        int rc = sqlite3_prepare_v3(st->db, store_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->q[i],
                                    NULL);
        if (rc != SQLITE_OK) return store_fail(st, rc);
    }
    return STORE_OK;
}

store_err store_open(const store_config *cfg, int64_t now_ms, store **out)
{
    assert(cfg && cfg->data_dir && out);
    *out = NULL;
    if (sodium_init() < 0) return STORE_ERR_CRYPTO;
    unsigned long long ops = cfg->pwhash_ops ? cfg->pwhash_ops : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = cfg->pwhash_mem ? cfg->pwhash_mem : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (ops < crypto_pwhash_opslimit_min() || ops > crypto_pwhash_opslimit_max() ||
        mem < crypto_pwhash_memlimit_min() || mem > crypto_pwhash_memlimit_max())
        return STORE_ERR_CONFIG;

    char path[FSU_PATH_MAX];
    if (!fsu_join(path, sizeof path, cfg->data_dir, STORE_DB_FILE)) return STORE_ERR_PATH_LONG;
    fsu_err fe = fsu_mkdir_p(cfg->data_dir, 0700);
    if (fe == FSU_ERR_PATH_LONG) return STORE_ERR_PATH_LONG;
    if (fe != FSU_OK) return STORE_ERR_DATA_DIR;

    store *st = calloc(1, sizeof *st);
    if (!st) return STORE_ERR_DB;
    st->pwhash_ops = ops;
    st->pwhash_mem = mem;
    int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    store_err e = STORE_OK;
    if (rc != SQLITE_OK) {
        e = st->db ? store_fail(st, rc) : STORE_ERR_DB;
        if (e == STORE_ERR_DB) e = STORE_ERR_OPEN;
    }
    if (e == STORE_OK) e = store_configure(st, cfg);
    if (e == STORE_OK) e = store_migrate(st, now_ms);
    if (e == STORE_OK) e = store_prepare_all(st);
    if (e != STORE_OK) {
        store_close(st);
        return e;
    }
    *out = st;
    return STORE_OK;
}

void store_close(store *st)
{
    if (!st) return;
    if (st->in_batch) store_rollback(st);
    for (int i = 0; i < STORE_Q_COUNT; i++) sqlite3_finalize(st->q[i]);
    sqlite3_close(st->db);
    free(st);
}

int store_schema_version(store *st)
{
    assert(st);
    int64_t v = 0;
    if (store_pragma_int(st, "PRAGMA user_version", &v) != STORE_OK) return -1;
    return (int)v;
}

const char *store_last_error(const store *st)
{
    assert(st);
    return st->detail;
}

store_err store_begin(store *st)
{
    assert(st && !st->in_batch);
    /* IMMEDIATE takes the write lock now, so contention shows here and not mid-tick. */
    store_err e = store_exec(st, "BEGIN IMMEDIATE");
    st->in_batch = e == STORE_OK;
    return e;
}

store_err store_commit(store *st)
{
    assert(st && st->in_batch);
    st->in_batch = false;
    /* An I/O error or full disk inside the batch can make SQLite roll it back on its own. */
    if (sqlite3_get_autocommit(st->db)) {
        snprintf(st->detail, sizeof st->detail, "the batch was rolled back by an earlier error");
        return STORE_ERR_DB;
    }
    store_err e = store_exec(st, "COMMIT");
    if (e != STORE_OK) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return e;
}

void store_rollback(store *st)
{
    assert(st && st->in_batch);
    st->in_batch = false;
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Accounts. ------------------------------------------------------------------------------- */

store_err store_account_by_id(store *st, int64_t id, store_account *out)
{
    assert(st && out);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_BY_ID);
    store_bind_i64(s, 1, id);
    return store_one(st, s, store_account_reader, out, STORE_ERR_NO_ACCOUNT);
}

store_err store_account_by_name(store *st, const char *name, store_account *out)
{
    assert(st && name && out);
    if (store_check_name(name) != STORE_OK) return STORE_ERR_NO_ACCOUNT;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_BY_NAME);
    store_bind_text(s, 1, name);
    return store_one(st, s, store_account_reader, out, STORE_ERR_NO_ACCOUNT);
}

store_err store_register(store *st, const char *name, const char *email, const char *password,
                         int64_t now_ms, store_account *out)
{
    assert(st && name && password && out);
    if (email && !email[0]) email = NULL;
    store_err e = store_check_name(name);
    if (e == STORE_OK && email) e = store_check_email(email);
    if (e == STORE_OK) e = store_check_password(password);
    if (e != STORE_OK) return e;

    /* Checked before hashing so a taken name costs no Argon2 run; the UNIQUE constraint
     * still decides if another process registers the name meanwhile. */
    store_account existing;
    e = store_account_by_name(st, name, &existing);
    if (e == STORE_OK) return STORE_ERR_NAME_TAKEN;
    if (e != STORE_ERR_NO_ACCOUNT) return e;

    char hash[crypto_pwhash_STRBYTES];
    e = store_hash(st, password, hash);
    if (e != STORE_OK) return e;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_INSERT);
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, email);
    store_bind_text(s, 3, hash);
    store_bind_i64(s, 4, now_ms);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        e = STORE_ERR_NAME_TAKEN;
    else if (rc != SQLITE_DONE)
        e = store_fail(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    sqlite3_reset(s);
    sodium_memzero(hash, sizeof hash);
    if (e != STORE_OK) return e;
    return store_account_by_id(st, id, out);
}

/* Re-hashes with the current limits when the stored hash used others. The login has
 * already succeeded, so a failure here only postpones the upgrade to the next login. */
static void store_maybe_rehash(store *st, int64_t id, const char *hash, const char *password)
{
    if (crypto_pwhash_str_needs_rehash(hash, st->pwhash_ops, st->pwhash_mem) == 0) return;
    char fresh[crypto_pwhash_STRBYTES];
    if (store_hash(st, password, fresh) != STORE_OK) return;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_REHASH);
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, fresh);
    store_run(st, s, NULL);
    sodium_memzero(fresh, sizeof fresh);
}

store_err store_login(store *st, const char *name, const char *password, store_account *out)
{
    assert(st && name && password && out);
    if (store_check_name(name) != STORE_OK) return STORE_ERR_NO_ACCOUNT;
    char hash[crypto_pwhash_STRBYTES];
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_LOGIN);
    store_bind_text(s, 1, name);
    int rc = sqlite3_step(s);
    store_err e = STORE_OK;
    if (rc == SQLITE_ROW) {
        e = store_read_account(s, out);
        if (e == STORE_OK && !store_col_text(s, 7, hash, sizeof hash)) e = STORE_ERR_CORRUPT;
    } else {
        e = rc == SQLITE_DONE ? STORE_ERR_NO_ACCOUNT : store_fail(st, rc);
    }
    sqlite3_reset(s);
    if (e != STORE_OK) return e;

    /* Longer than any password we accept: cannot match, and not worth an Argon2 run. */
    size_t len = strlen(password);
    if (len > STORE_PASSWORD_MAX || crypto_pwhash_str_verify(hash, password, len) != 0)
        return STORE_ERR_WRONG_PASSWORD;
    store_maybe_rehash(st, out->id, hash, password);
    return out->banned ? STORE_ERR_BANNED : STORE_OK;
}

store_err store_account_search(store *st, const char *query, store_account *out, size_t cap,
                               size_t *count)
{
    assert(st && query && out && cap && count);
    *count = 0;
    store_err e = store_check_free_text(query, STORE_NAME_MAX, STORE_ERR_QUERY_LONG);
    if (e != STORE_OK) return e;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_SEARCH);
    store_bind_text(s, 1, query);
    store_bind_i64(s, 2, store_limit(cap));
    return store_many(st, s, store_account_reader, out, sizeof *out, cap, count);
}

store_err store_set_role(store *st, int64_t account_id, store_role role)
{
    assert(st);
    if (role < STORE_ROLE_USER || role > STORE_ROLE_OWNER) return STORE_ERR_ROLE;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_SET_ROLE);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, (int64_t)role);
    int changes = 0;
    store_err e = store_run(st, s, &changes);
    if (e != STORE_OK || changes) return e;
    /* Nothing changed: either no such account or it is the last owner. */
    store_account a;
    e = store_account_by_id(st, account_id, &a);
    return e == STORE_OK ? STORE_ERR_LAST_OWNER : e;
}

static store_err store_set_ban(store *st, int64_t account_id, bool banned, const char *reason)
{
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ACCOUNT_BAN);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, banned);
    store_bind_text(s, 3, reason ? reason : "");
    int changes = 0;
    store_err e = store_run(st, s, &changes);
    if (e == STORE_OK && !changes) e = STORE_ERR_NO_ACCOUNT;
    return e;
}

store_err store_ban(store *st, int64_t account_id, const char *reason)
{
    assert(st);
    store_err e = store_check_free_text(reason, STORE_REASON_MAX, STORE_ERR_REASON_LONG);
    return e == STORE_OK ? store_set_ban(st, account_id, true, reason) : e;
}

store_err store_unban(store *st, int64_t account_id)
{
    assert(st);
    return store_set_ban(st, account_id, false, "");
}

/* Address bans. --------------------------------------------------------------------------- */

store_err store_ban_address(store *st, const char *address, const char *reason, int64_t now_ms)
{
    assert(st && address);
    char norm[STORE_ADDRESS_MAX + 1];
    store_err e = store_norm_address(address, norm);
    if (e == STORE_OK) e = store_check_free_text(reason, STORE_REASON_MAX, STORE_ERR_REASON_LONG);
    if (e != STORE_OK) return e;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ADDRESS_BAN);
    store_bind_text(s, 1, norm);
    store_bind_text(s, 2, reason ? reason : "");
    store_bind_i64(s, 3, now_ms);
    return store_run(st, s, NULL);
}

store_err store_unban_address(store *st, const char *address)
{
    assert(st && address);
    char norm[STORE_ADDRESS_MAX + 1];
    store_err e = store_norm_address(address, norm);
    if (e != STORE_OK) return e;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ADDRESS_UNBAN);
    store_bind_text(s, 1, norm);
    return store_run(st, s, NULL);
}

store_err store_address_banned(store *st, const char *address, bool *banned, char *reason,
                               size_t reason_cap)
{
    assert(st && address && banned && (!reason || reason_cap));
    *banned = false;
    if (reason) reason[0] = '\0';
    char norm[STORE_ADDRESS_MAX + 1];
    store_err e = store_norm_address(address, norm);
    if (e != STORE_OK) return e;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ADDRESS_GET);
    store_bind_text(s, 1, norm);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *banned = true;
        if (reason && !store_col_text(s, 0, reason, reason_cap)) e = STORE_ERR_CORRUPT;
    } else if (rc != SQLITE_DONE) {
        e = store_fail(st, rc);
    }
    sqlite3_reset(s);
    return e;
}

/* Rooms. ---------------------------------------------------------------------------------- */

store_err store_room_by_id(store *st, int64_t room_id, store_room *out)
{
    assert(st && out);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_BY_ID);
    store_bind_i64(s, 1, room_id);
    return store_one(st, s, store_room_reader, out, STORE_ERR_NO_ROOM);
}

store_err store_room_by_name(store *st, const char *name, store_room *out)
{
    assert(st && name && out);
    if (store_check_room_name(name) != STORE_OK) return STORE_ERR_NO_ROOM;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_BY_NAME);
    store_bind_text(s, 1, name);
    return store_one(st, s, store_room_reader, out, STORE_ERR_NO_ROOM);
}

store_err store_room_create(store *st, const char *name, const char *topic, const char *password,
                            int64_t owner_id, int64_t now_ms, store_room *out)
{
    assert(st && name && out);
    if (password && !password[0]) password = NULL;
    store_err e = store_check_room_name(name);
    if (e == STORE_OK) e = store_check_free_text(topic, STORE_TOPIC_MAX, STORE_ERR_TOPIC_LONG);
    if (e == STORE_OK && password) e = store_check_password(password);
    if (e != STORE_OK) return e;
    store_room existing;
    e = store_room_by_name(st, name, &existing);
    if (e == STORE_OK) return STORE_ERR_ROOM_TAKEN;
    if (e != STORE_ERR_NO_ROOM) return e;
    e = STORE_OK;
    if (owner_id) {
        store_account owner;
        e = store_account_by_id(st, owner_id, &owner);
        if (e != STORE_OK) return e;
    }

    char hash[crypto_pwhash_STRBYTES];
    if (password && (e = store_hash(st, password, hash)) != STORE_OK) return e;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_INSERT);
    store_bind_text(s, 1, name);
    store_bind_text(s, 2, topic ? topic : "");
    store_bind_i64(s, 3, password != NULL);
    store_bind_text(s, 4, password ? hash : NULL);
    store_bind_id(s, 5, owner_id);
    store_bind_i64(s, 6, now_ms);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        e = STORE_ERR_ROOM_TAKEN;
    else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        e = STORE_ERR_NO_ACCOUNT;
    else if (rc != SQLITE_DONE)
        e = store_fail(st, rc);
    int64_t id = sqlite3_last_insert_rowid(st->db);
    sqlite3_reset(s);
    if (password) sodium_memzero(hash, sizeof hash);
    if (e != STORE_OK) return e;
    return store_room_by_id(st, id, out);
}

store_err store_room_delete(store *st, int64_t room_id)
{
    assert(st);
    if (room_id == STORE_GENERAL_ID) return STORE_ERR_ROOM_PROTECTED;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_DELETE);
    store_bind_i64(s, 1, room_id);
    int changes = 0;
    store_err e = store_run(st, s, &changes); /* ON DELETE CASCADE takes the rest */
    if (e == STORE_OK && !changes) e = STORE_ERR_NO_ROOM;
    return e;
}

store_err store_room_list(store *st, int64_t after_id, store_room *out, size_t cap, size_t *count)
{
    assert(st && out && cap && count);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_LIST);
    store_bind_i64(s, 1, after_id);
    store_bind_i64(s, 2, store_limit(cap));
    return store_many(st, s, store_room_reader, out, sizeof *out, cap, count);
}

store_err store_room_set_topic(store *st, int64_t room_id, const char *topic)
{
    assert(st && topic);
    store_err e = store_check_free_text(topic, STORE_TOPIC_MAX, STORE_ERR_TOPIC_LONG);
    if (e != STORE_OK) return e;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_SET_TOPIC);
    store_bind_i64(s, 1, room_id);
    store_bind_text(s, 2, topic);
    int changes = 0;
    e = store_run(st, s, &changes);
    if (e == STORE_OK && !changes) e = STORE_ERR_NO_ROOM;
    return e;
}

store_err store_room_check_password(store *st, int64_t room_id, const char *password)
{
    assert(st);
    char hash[crypto_pwhash_STRBYTES];
    bool is_private = false, has_hash = false;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_PWHASH);
    store_bind_i64(s, 1, room_id);
    int rc = sqlite3_step(s);
    store_err e = STORE_OK;
    if (rc == SQLITE_ROW) {
        is_private = store_col_bool(s, 0);
        has_hash = sqlite3_column_type(s, 1) != SQLITE_NULL;
        if (!store_col_text(s, 1, hash, sizeof hash)) e = STORE_ERR_CORRUPT;
    } else {
        e = rc == SQLITE_DONE ? STORE_ERR_NO_ROOM : store_fail(st, rc);
    }
    sqlite3_reset(s);
    if (e != STORE_OK || !is_private) return e;
    size_t len = password ? strlen(password) : 0;
    /* A private room without a hash admits by invitation only, never by password. */
    if (!has_hash || !password || len > STORE_PASSWORD_MAX ||
        crypto_pwhash_str_verify(hash, password, len) != 0)
        return STORE_ERR_ROOM_PASSWORD;
    return STORE_OK;
}

/* Memberships and mutes. ------------------------------------------------------------------ */

/* A foreign key failed: says which side is missing. */
static store_err store_missing(store *st, int64_t account_id, int64_t room_id)
{
    store_room r;
    store_err e = store_room_by_id(st, room_id, &r);
    if (e != STORE_OK) return e;
    store_account a;
    e = store_account_by_id(st, account_id, &a);
    return e != STORE_OK ? e : STORE_ERR_DB;
}

store_err store_member_add(store *st, int64_t account_id, int64_t room_id, int64_t now_ms)
{
    assert(st);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MEMBER_ADD);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, room_id);
    store_bind_i64(s, 3, now_ms);
    store_err e = store_run(st, s, NULL);
    if (e == STORE_ERR_DB && st->last_rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        e = store_missing(st, account_id, room_id);
    return e;
}

store_err store_member_remove(store *st, int64_t account_id, int64_t room_id)
{
    assert(st);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MEMBER_REMOVE);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, room_id);
    int changes = 0;
    store_err e = store_run(st, s, &changes);
    if (e == STORE_OK && !changes) e = STORE_ERR_NOT_MEMBER;
    return e;
}

store_err store_is_member(store *st, int64_t account_id, int64_t room_id, bool *member)
{
    assert(st && member);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MEMBER_IS);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, room_id);
    int rc = sqlite3_step(s);
    store_err e = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_fail(st, rc);
    *member = rc == SQLITE_ROW;
    sqlite3_reset(s);
    return e;
}

store_err store_member_rooms(store *st, int64_t account_id, int64_t *room_ids, size_t cap,
                             size_t *count)
{
    assert(st && room_ids && cap && count);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MEMBER_ROOMS);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, store_limit(cap));
    size_t n = 0;
    int rc = SQLITE_DONE;
    while (n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW)
        room_ids[n++] = sqlite3_column_int64(s, 0);
    store_err e = n < cap && rc != SQLITE_DONE ? store_fail(st, rc) : STORE_OK;
    sqlite3_reset(s);
    *count = e == STORE_OK ? n : 0;
    return e;
}

static store_err store_member_reader(sqlite3_stmt *s, void *out)
{
    store_member *m = out;
    m->account_id = sqlite3_column_int64(s, 0);
    int64_t role = sqlite3_column_int64(s, 2);
    if (!store_col_text(s, 1, m->name, sizeof m->name)) return STORE_ERR_CORRUPT;
    if (role < STORE_ROLE_USER || role > STORE_ROLE_OWNER) return STORE_ERR_CORRUPT;
    m->role = (store_role)role;
    return STORE_OK;
}

store_err store_room_members(store *st, int64_t room_id, int64_t after_id, store_member *out,
                             size_t cap, size_t *count)
{
    assert(st && out && cap && count);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_ROOM_MEMBERS);
    store_bind_i64(s, 1, room_id);
    store_bind_i64(s, 2, after_id);
    store_bind_i64(s, 3, store_limit(cap));
    return store_many(st, s, store_member_reader, out, sizeof *out, cap, count);
}

store_err store_mute(store *st, int64_t account_id, int64_t room_id, int64_t until_ms)
{
    assert(st);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MUTE_SET);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, room_id);
    store_bind_i64(s, 3, until_ms);
    store_err e = store_run(st, s, NULL);
    if (e == STORE_ERR_DB && st->last_rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        e = store_missing(st, account_id, room_id);
    return e;
}

store_err store_unmute(store *st, int64_t account_id, int64_t room_id)
{
    assert(st);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MUTE_DELETE);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, room_id);
    return store_run(st, s, NULL);
}

store_err store_muted_until(store *st, int64_t account_id, int64_t room_id, int64_t now_ms,
                            int64_t *until_ms)
{
    assert(st && until_ms);
    *until_ms = 0;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MUTE_GET);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, room_id);
    store_bind_i64(s, 3, now_ms);
    int rc = sqlite3_step(s);
    store_err e = STORE_OK;
    if (rc == SQLITE_ROW)
        *until_ms = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        e = store_fail(st, rc);
    sqlite3_reset(s);
    return e;
}

/* Messages. ------------------------------------------------------------------------------- */

static store_err store_find_resend(store *st, const store_post *p, store_posted *out)
{
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MSG_BY_CLIENT);
    store_bind_text(s, 1, p->sender_name);
    store_bind_i64(s, 2, (int64_t)p->client_id);
    int rc = sqlite3_step(s);
    store_err e = STORE_OK;
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->time_ms = sqlite3_column_int64(s, 1);
        out->duplicate = true;
    } else {
        e = rc == SQLITE_DONE ? STORE_ERR_DB : store_fail(st, rc);
    }
    sqlite3_reset(s);
    return e;
}

store_err store_message_post(store *st, const store_post *p, store_posted *out)
{
    assert(st && p && p->sender_name && p->text && out);
    *out = (store_posted){0};
    if ((p->room_id != 0) == (p->to_id != 0)) return STORE_ERR_DM_TARGET;
    store_err e = store_check_name(p->sender_name);
    if (e == STORE_OK) e = store_check_text(p->text);
    if (e != STORE_OK) return e;

    sqlite3_stmt *s = store_stmt(st, STORE_Q_MSG_INSERT);
    store_bind_id(s, 1, p->room_id);
    store_bind_id(s, 2, p->to_id);
    store_bind_id(s, 3, p->sender_id);
    store_bind_text(s, 4, p->sender_name);
    /* SQLite integers are signed: ids above INT64_MAX wrap to negatives and back. */
    store_bind_i64(s, 5, (int64_t)p->client_id);
    store_bind_i64(s, 6, p->time_ms);
    store_bind_text(s, 7, p->text);
    store_bind_i64(s, 8, p->to_id != 0 && !p->delivered);
    store_bind_i64(s, 9, p->note_ms);
    int rc = sqlite3_step(s);
    int changes = rc == SQLITE_DONE ? sqlite3_changes(st->db) : 0;
    int64_t id = sqlite3_last_insert_rowid(st->db);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        sqlite3_reset(s);
        /* Which reference dangled: the room, the recipient or the sender. */
        store_room r;
        store_account a;
        if (p->room_id && (e = store_room_by_id(st, p->room_id, &r)) != STORE_OK) return e;
        if (p->to_id && (e = store_account_by_id(st, p->to_id, &a)) != STORE_OK) return e;
        return STORE_ERR_NO_ACCOUNT;
    }
    if (rc != SQLITE_DONE) e = store_fail(st, rc);
    sqlite3_reset(s);
    if (e != STORE_OK) return e;
    if (changes == 0) return store_find_resend(st, p, out);
    out->id = id;
    out->time_ms = p->time_ms;
    return STORE_OK;
}

store_err store_message_get(store *st, int64_t id, store_message *out)
{
    assert(st && out);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MSG_GET);
    store_bind_i64(s, 1, id);
    return store_one(st, s, store_message_reader, out, STORE_ERR_NO_MESSAGE);
}

store_err store_message_edit(store *st, int64_t id, const char *text)
{
    assert(st && text);
    store_err e = store_check_text(text);
    if (e != STORE_OK) return e;
    /* The row is read first only to tell "no such message" from "deleted"; an edit is rare. */
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MSG_GET);
    store_bind_i64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        e = store_col_bool(s, 8) ? STORE_ERR_MESSAGE_DELETED : STORE_OK;
    else
        e = rc == SQLITE_DONE ? STORE_ERR_NO_MESSAGE : store_fail(st, rc);
    sqlite3_reset(s);
    if (e != STORE_OK) return e;
    s = store_stmt(st, STORE_Q_MSG_EDIT);
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, text);
    return store_run(st, s, NULL);
}

store_err store_message_delete(store *st, int64_t id)
{
    assert(st);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_MSG_DELETE);
    store_bind_i64(s, 1, id);
    int changes = 0;
    store_err e = store_run(st, s, &changes);
    if (e == STORE_OK && !changes) e = STORE_ERR_NO_MESSAGE;
    if (e == STORE_OK) { /* a deleted voice note keeps no audio */
        s = store_stmt(st, STORE_Q_NOTE_DELETE);
        store_bind_i64(s, 1, id);
        e = store_run(st, s, NULL);
    }
    return e;
}

static int64_t store_before(int64_t before_id)
{
    return before_id > 0 ? before_id : INT64_MAX;
}

store_err store_history(store *st, int64_t room_id, int64_t before_id, store_message *out,
                        size_t cap, size_t *count)
{
    assert(st && out && cap && count);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_HISTORY);
    store_bind_i64(s, 1, room_id);
    store_bind_i64(s, 2, store_before(before_id));
    store_bind_i64(s, 3, store_limit(cap));
    return store_many(st, s, store_message_reader, out, sizeof *out, cap, count);
}

store_err store_dm_history(store *st, int64_t a, int64_t b, int64_t before_id, store_message *out,
                           size_t cap, size_t *count)
{
    assert(st && out && cap && count);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_DM_HISTORY);
    store_bind_i64(s, 1, a);
    store_bind_i64(s, 2, b);
    store_bind_i64(s, 3, store_before(before_id));
    store_bind_i64(s, 4, store_limit(cap));
    return store_many(st, s, store_message_reader, out, sizeof *out, cap, count);
}

store_err store_dm_pending(store *st, int64_t account_id, store_message *out, size_t cap,
                           size_t *count)
{
    assert(st && out && cap && count);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_DM_PENDING);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, store_limit(cap));
    return store_many(st, s, store_message_reader, out, sizeof *out, cap, count);
}

store_err store_dm_mark_delivered(store *st, int64_t account_id, int64_t up_to_id)
{
    assert(st);
    sqlite3_stmt *s = store_stmt(st, STORE_Q_DM_DELIVERED);
    store_bind_i64(s, 1, account_id);
    store_bind_i64(s, 2, up_to_id);
    return store_run(st, s, NULL);
}

/* Names for people. ----------------------------------------------------------------------- */

const char *store_err_str(store_err err)
{
    switch (err) {
    case STORE_OK:
        return "ok";
    case STORE_ERR_CONFIG:
        return "password hashing limits in the configuration are out of range";
    case STORE_ERR_CRYPTO:
        return "cannot start the crypto library (libsodium)";
    case STORE_ERR_PATH_LONG:
        return "data folder path is too long";
    case STORE_ERR_DATA_DIR:
        return "cannot create the data folder; check its path and permissions";
    case STORE_ERR_OPEN:
        return "cannot open the database file; check the data folder's permissions";
    case STORE_ERR_NOT_DB:
        return "the database file is damaged or is not a Parley database; restore it from a "
               "backup or choose another data folder";
    case STORE_ERR_SCHEMA_NEWER:
        return "the database was made by a newer Parley server; run that version or newer";
    case STORE_ERR_CORRUPT:
        return "the database holds a value Parley cannot read (edited by hand?)";
    case STORE_ERR_BUSY:
        return "the database is locked by another program; close it and try again";
    case STORE_ERR_FULL:
        return "the disk is full; free some space";
    case STORE_ERR_DB:
        return "database error; see the server log";
    case STORE_ERR_HASH:
        return "not enough memory to hash the password; try again";
    case STORE_ERR_NAME_SHORT:
        return "name must be at least 2 characters";
    case STORE_ERR_NAME_LONG:
        return "name must be at most 32 characters";
    case STORE_ERR_NAME_START:
        return "name must start with a letter";
    case STORE_ERR_NAME_CHARS:
        return "name may only contain letters, digits, _ - and .";
    case STORE_ERR_NAME_TAKEN:
        return "name already taken";
    case STORE_ERR_EMAIL:
        return "e-mail address is not valid (expected name@example.org)";
    case STORE_ERR_EMAIL_LONG:
        return "e-mail address must be at most 254 characters";
    case STORE_ERR_PASSWORD_SHORT:
        return "password must be at least 8 characters";
    case STORE_ERR_PASSWORD_LONG:
        return "password must be at most 128 characters";
    case STORE_ERR_NO_ACCOUNT:
        return "no account with that name";
    case STORE_ERR_WRONG_PASSWORD:
        return "wrong password";
    case STORE_ERR_BANNED:
        return "this account is banned";
    case STORE_ERR_ROLE:
        return "not a role an account can have (owner, admin, moderator, user)";
    case STORE_ERR_LAST_OWNER:
        return "the server needs at least one owner; make another owner first";
    case STORE_ERR_REASON_LONG:
        return "reason must be at most 200 bytes";
    case STORE_ERR_ADDRESS:
        return "not an IP address";
    case STORE_ERR_QUERY_LONG:
        return "search text must be at most 32 characters";
    case STORE_ERR_ROOM_NAME_EMPTY:
        return "room name cannot be empty";
    case STORE_ERR_ROOM_NAME_LONG:
        return "room name must be at most 48 characters";
    case STORE_ERR_ROOM_NAME_START:
        return "room name must start with a letter";
    case STORE_ERR_ROOM_NAME_CHARS:
        return "room name may only contain letters, digits, spaces, _ - and .";
    case STORE_ERR_ROOM_NAME_SPACES:
        return "room name cannot end with a space or have two spaces in a row";
    case STORE_ERR_ROOM_TAKEN:
        return "a room with that name already exists";
    case STORE_ERR_NO_ROOM:
        return "no such room";
    case STORE_ERR_ROOM_PROTECTED:
        return "the General room cannot be deleted";
    case STORE_ERR_TOPIC_LONG:
        return "topic must be at most 256 bytes";
    case STORE_ERR_ROOM_PASSWORD:
        return "wrong room password";
    case STORE_ERR_NOT_MEMBER:
        return "not a member of that room";
    case STORE_ERR_TEXT_EMPTY:
        return "message is empty";
    case STORE_ERR_TEXT_LONG:
        return "message must be at most 4000 bytes";
    case STORE_ERR_UTF8:
        return "text is not valid UTF-8";
    case STORE_ERR_DM_TARGET:
        return "a message must go to exactly one room or one person";
    case STORE_ERR_NO_MESSAGE:
        return "no such message";
    case STORE_ERR_MESSAGE_DELETED:
        return "that message was deleted";
    case STORE_ERR_NOTE:
        return "a voice note must hold 1 byte to 256 KiB of audio lasting up to 60 s";
    case STORE_ERR_COUNT_:
        break;
    }
    return "unknown store error";
}

static const char *const store_role_names[] = {"guest", "user", "moderator", "admin", "owner"};

const char *store_role_name(store_role role)
{
    if ((int)role < 0 || role > STORE_ROLE_OWNER) return "unknown";
    return store_role_names[role];
}

bool store_role_parse(const char *name, store_role *role)
{
    assert(name && role);
    for (int i = 0; i <= STORE_ROLE_OWNER; i++) {
        if (sqlite3_stricmp(name, store_role_names[i]) == 0) {
            *role = (store_role)i;
            return true;
        }
    }
    return false;
}

/* Voice notes. ---------------------------------------------------------------------------- */

store_err store_note_post(store *st, const store_post *post, const uint8_t *data, size_t len,
                          store_posted *out)
{
    assert(st && post && data && out);
    *out = (store_posted){0};
    if (post->note_ms == 0 || post->note_ms > STORE_NOTE_MAX_MS || len == 0 || len > STORE_NOTE_MAX)
        return STORE_ERR_NOTE;
    /* A savepoint nests inside a tick's batch and works outside one: message and audio are
     * stored together or not at all. */
    store_err e = store_exec(st, "SAVEPOINT note");
    if (e != STORE_OK) return e;
    e = store_message_post(st, post, out);
    if (e == STORE_OK && !out->duplicate) {
        sqlite3_stmt *s = store_stmt(st, STORE_Q_NOTE_INSERT);
        store_bind_i64(s, 1, out->id);
        int rc = sqlite3_bind_blob(s, 2, data, (int)len, SQLITE_STATIC);
        assert(rc == SQLITE_OK);
        (void)rc;
        e = store_run(st, s, NULL);
    }
    if (e != STORE_OK) {
        sqlite3_exec(st->db, "ROLLBACK TO note", NULL, NULL, NULL);
        *out = (store_posted){0};
    }
    sqlite3_exec(st->db, "RELEASE note", NULL, NULL, NULL);
    return e;
}

store_err store_note_get(store *st, int64_t id, uint8_t *buf, size_t cap, size_t *len)
{
    assert(st && buf && len);
    *len = 0;
    sqlite3_stmt *s = store_stmt(st, STORE_Q_NOTE_GET);
    store_bind_i64(s, 1, id);
    int rc = sqlite3_step(s);
    store_err e = STORE_OK;
    if (rc == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(s, 0);
        int n = sqlite3_column_bytes(s, 0);
        if (!blob || n <= 0 || (size_t)n > cap) {
            e = STORE_ERR_CORRUPT;
        } else {
            memcpy(buf, blob, (size_t)n);
            *len = (size_t)n;
        }
    } else {
        e = rc == SQLITE_DONE ? STORE_ERR_NO_MESSAGE : store_fail(st, rc);
    }
    sqlite3_reset(s);
    return e;
}
