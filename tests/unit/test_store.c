/* Store: every operation, its input rules, migration of old databases, reopening, batches,
 * and that committed messages survive the process being killed. */
#include "store.h"
#include "../test.h"
#include "../test_fs.h"

#include <dirent.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 1700000000000LL /* a fixed "now" */

/* Test helpers. --------------------------------------------------------------------------- */

static store_config fast_config(const char *dir)
{
    /* The cheapest Argon2id keeps the tests quick; production uses the interactive limits. */
    return (store_config){.data_dir = dir,
                          .pwhash_ops = crypto_pwhash_OPSLIMIT_MIN,
                          .pwhash_mem = crypto_pwhash_MEMLIMIT_MIN};
}

static store *open_fast(const char *dir, int64_t now)
{
    store_config cfg = fast_config(dir);
    store *st = NULL;
    store_err e = store_open(&cfg, now, &st);
    if (e != STORE_OK) fprintf(stderr, "  store_open: %s\n", store_err_str(e));
    return st;
}

static sqlite3 *raw_open(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, STORE_DB_FILE);
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "raw open failed\n");
        exit(2);
    }
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "  raw sql failed: %s\n  %s\n", msg ? msg : "?", sql);
        test_failed_checks++;
    }
    sqlite3_free(msg);
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void raw_text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

static store_account reg(store *st, const char *name, int64_t now)
{
    store_account a;
    memset(&a, 0, sizeof a);
    store_err e = store_register(st, name, NULL, "password123", now, &a);
    if (e != STORE_OK) fprintf(stderr, "  register %s: %s\n", name, store_err_str(e));
    CHECK_EQ(e, STORE_OK);
    return a;
}

static store_posted post_room(store *st, int64_t room, const char *sender, uint64_t cid,
                              int64_t time, const char *text)
{
    store_post p = {
        .room_id = room, .sender_name = sender, .client_id = cid, .time_ms = time, .text = text};
    store_posted out;
    CHECK_EQ(store_message_post(st, &p, &out), STORE_OK);
    return out;
}

/* Opening. -------------------------------------------------------------------------------- */

static void test_fresh_store(void)
{
    char dir[64], nested[128];
    test_tmpdir(dir, sizeof dir);
    snprintf(nested, sizeof nested, "%s/a/b", dir); /* the data dir is created, parents too */
    store *st = open_fast(nested, T0);
    CHECK(st != NULL);
    if (!st) return;
    CHECK_EQ(store_schema_version(st), STORE_SCHEMA_VERSION);
    CHECK_STR(store_last_error(st), "");

    store_room r;
    CHECK_EQ(store_room_by_id(st, STORE_GENERAL_ID, &r), STORE_OK);
    CHECK_STR(r.name, "General");
    CHECK(!r.is_private);
    CHECK_EQ(r.owner_id, 0);
    CHECK_EQ(r.created_ms, T0);
    CHECK_EQ(store_room_by_name(st, "general", &r), STORE_OK);
    CHECK_EQ(r.id, STORE_GENERAL_ID);
    store_room list[4];
    size_t n = 0;
    CHECK_EQ(store_room_list(st, 0, list, 4, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_EQ(store_room_delete(st, STORE_GENERAL_ID), STORE_ERR_ROOM_PROTECTED);
    CHECK_EQ(store_room_check_password(st, STORE_GENERAL_ID, NULL), STORE_OK);
    store_close(st);

    /* WAL mode sticks to the file; the folder is private to the server's user. */
    sqlite3 *db = raw_open(nested);
    char mode[16];
    raw_text(db, "PRAGMA journal_mode", mode, sizeof mode);
    CHECK_STR(mode, "wal");
    CHECK_EQ(raw_int(db, "PRAGMA application_id"), 0x50726c79);
    sqlite3_close(db);
    struct stat sb;
    CHECK(stat(nested, &sb) == 0 && (sb.st_mode & 0777) == 0700);
    test_rmtree(dir);
}

static void test_open_errors(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    static int sentinel;
    store *st = (store *)&sentinel; /* must be reset to NULL on failure */

    store_config bad = fast_config(dir);
    bad.pwhash_mem = 1;
    CHECK_EQ(store_open(&bad, T0, &st), STORE_ERR_CONFIG);
    CHECK(st == NULL);

    char longdir[2048];
    memset(longdir, 'x', sizeof longdir - 1);
    longdir[sizeof longdir - 1] = '\0';
    store_config lc = fast_config(longdir);
    CHECK_EQ(store_open(&lc, T0, &st), STORE_ERR_PATH_LONG);

    /* A data dir path through a regular file cannot be created. */
    char file[128], below[160];
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *f = fopen(file, "w");
    fclose(f);
    snprintf(below, sizeof below, "%s/plain/data", dir);
    store_config fc = fast_config(below);
    CHECK_EQ(store_open(&fc, T0, &st), STORE_ERR_DATA_DIR);

    /* Garbage where the database should be. */
    char gdir[128], gpath[160];
    snprintf(gdir, sizeof gdir, "%s/garbage", dir);
    CHECK(mkdir(gdir, 0700) == 0);
    snprintf(gpath, sizeof gpath, "%s/%s", gdir, STORE_DB_FILE);
    f = fopen(gpath, "w");
    for (int i = 0; i < 256; i++) fputs("this is not a database. ", f);
    fclose(f);
    store_config gc = fast_config(gdir);
    CHECK_EQ(store_open(&gc, T0, &st), STORE_ERR_NOT_DB);
    CHECK(st == NULL);

    /* Another program's SQLite database. */
    char odir[128];
    snprintf(odir, sizeof odir, "%s/other", dir);
    CHECK(mkdir(odir, 0700) == 0);
    sqlite3 *db = raw_open(odir);
    raw_exec(db, "CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT)");
    sqlite3_close(db);
    store_config oc = fast_config(odir);
    CHECK_EQ(store_open(&oc, T0, &st), STORE_ERR_NOT_DB);

    /* A Parley database from the future. */
    char ndir[128];
    snprintf(ndir, sizeof ndir, "%s/newer", dir);
    st = open_fast(ndir, T0);
    store_close(st);
    db = raw_open(ndir);
    raw_exec(db, "PRAGMA user_version = 99");
    sqlite3_close(db);
    store_config nc = fast_config(ndir);
    CHECK_EQ(store_open(&nc, T0, &st), STORE_ERR_SCHEMA_NEWER);
    test_rmtree(dir);
}

/* Accounts. ------------------------------------------------------------------------------- */

static void test_name_rules(void)
{
    CHECK_EQ(store_check_name("al"), STORE_OK);
    CHECK_EQ(store_check_name("Alice_B-2.x"), STORE_OK);
    CHECK_EQ(store_check_name("abcdefghijklmnopqrstuvwxyz012345"), STORE_OK); /* 32 */
    CHECK_EQ(store_check_name(""), STORE_ERR_NAME_SHORT);
    CHECK_EQ(store_check_name("a"), STORE_ERR_NAME_SHORT);
    CHECK_EQ(store_check_name("abcdefghijklmnopqrstuvwxyz0123456"), STORE_ERR_NAME_LONG);
    CHECK_EQ(store_check_name("1alice"), STORE_ERR_NAME_START);
    CHECK_EQ(store_check_name("_alice"), STORE_ERR_NAME_START);
    CHECK_EQ(store_check_name("al ice"), STORE_ERR_NAME_CHARS);
    CHECK_EQ(store_check_name("al@ice"), STORE_ERR_NAME_CHARS);
    CHECK_EQ(store_check_name("al'; DROP TABLE accounts;--"), STORE_ERR_NAME_CHARS);
    CHECK_EQ(store_check_name("j\xc3\xb6rg"), STORE_ERR_NAME_CHARS);

    CHECK_EQ(store_check_room_name("R"), STORE_OK);
    CHECK_EQ(store_check_room_name("Team A 2.0"), STORE_OK);
    CHECK_EQ(store_check_room_name(""), STORE_ERR_ROOM_NAME_EMPTY);
    CHECK_EQ(store_check_room_name("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"), STORE_OK);
    CHECK_EQ(store_check_room_name("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw"),
             STORE_ERR_ROOM_NAME_LONG);
    CHECK_EQ(store_check_room_name(" Team"), STORE_ERR_ROOM_NAME_START);
    CHECK_EQ(store_check_room_name("9lives"), STORE_ERR_ROOM_NAME_START);
    CHECK_EQ(store_check_room_name("Team "), STORE_ERR_ROOM_NAME_SPACES);
    CHECK_EQ(store_check_room_name("Team  A"), STORE_ERR_ROOM_NAME_SPACES);
    CHECK_EQ(store_check_room_name("Team\tA"), STORE_ERR_ROOM_NAME_CHARS);
    CHECK_EQ(store_check_room_name("Team/A"), STORE_ERR_ROOM_NAME_CHARS);
}

static void test_email_rules(void)
{
    CHECK_EQ(store_check_email("a@b.co"), STORE_OK);
    CHECK_EQ(store_check_email("first.last+tag@mail.example.org"), STORE_OK);
    const char *bad[] = {"",          "plain",     "@example.org", "a@",          "a@b",
                         "a@@b.org",  "a@b@c.org", "a@.b.org",     "a@b.org.",    "a@b..org",
                         "a b@c.org", "a@b c.org", "a@b_c.org",    "a\x01@b.org", "\xc3\xa4@b.org"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (store_check_email(bad[i]) != STORE_ERR_EMAIL)
            fprintf(stderr, "  accepted bad e-mail #%zu\n", i);
        CHECK_EQ(store_check_email(bad[i]), STORE_ERR_EMAIL);
    }
    char local65[80];
    memset(local65, 'a', 65);
    snprintf(local65 + 65, sizeof local65 - 65, "@b.org");
    CHECK_EQ(store_check_email(local65), STORE_ERR_EMAIL);
    char huge[300];
    memset(huge, 'd', sizeof huge);
    memcpy(huge, "a@", 2);
    memcpy(huge + 250, ".org", 5); /* 254 bytes */
    CHECK_EQ(store_check_email(huge), STORE_OK);
    memcpy(huge + 250, "x.org", 6); /* 255 bytes */
    CHECK_EQ(store_check_email(huge), STORE_ERR_EMAIL_LONG);

    CHECK_EQ(store_check_password("1234567"), STORE_ERR_PASSWORD_SHORT);
    CHECK_EQ(store_check_password("12345678"), STORE_OK);
    char pw[200];
    memset(pw, 'p', sizeof pw);
    pw[128] = '\0';
    CHECK_EQ(store_check_password(pw), STORE_OK);
    pw[128] = 'p';
    pw[129] = '\0';
    CHECK_EQ(store_check_password(pw), STORE_ERR_PASSWORD_LONG);
}

static void test_register(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account a, b;
    CHECK_EQ(store_register(st, "Alice", "alice@example.org", "correct horse", T0 + 1, &a),
             STORE_OK);
    CHECK(a.id > 0);
    CHECK_STR(a.name, "Alice");
    CHECK_STR(a.email, "alice@example.org");
    CHECK_EQ(a.role, STORE_ROLE_OWNER); /* the first account owns the server */
    CHECK_EQ(a.created_ms, T0 + 1);
    CHECK(!a.banned);

    CHECK_EQ(store_register(st, "bob", "", "password123", T0 + 2, &b), STORE_OK);
    CHECK_EQ(b.role, STORE_ROLE_USER);
    CHECK_STR(b.email, "");
    CHECK(b.id != a.id);

    /* Taken names, in any case; every refusal changes nothing. */
    CHECK_EQ(store_register(st, "alice", NULL, "password123", T0, &b), STORE_ERR_NAME_TAKEN);
    CHECK_EQ(store_register(st, "ALICE", NULL, "password123", T0, &b), STORE_ERR_NAME_TAKEN);
    CHECK_EQ(store_register(st, "x", NULL, "password123", T0, &b), STORE_ERR_NAME_SHORT);
    CHECK_EQ(store_register(st, "9x", NULL, "password123", T0, &b), STORE_ERR_NAME_START);
    CHECK_EQ(store_register(st, "carol", "carol@", "password123", T0, &b), STORE_ERR_EMAIL);
    CHECK_EQ(store_register(st, "carol", "carol.example.org", "password123", T0, &b),
             STORE_ERR_EMAIL);
    CHECK_EQ(store_register(st, "carol", NULL, "short", T0, &b), STORE_ERR_PASSWORD_SHORT);
    store_account list[8];
    size_t n = 0;
    CHECK_EQ(store_account_search(st, "", list, 8, &n), STORE_OK);
    CHECK_EQ(n, 2);
    store_close(st);
    test_rmtree(dir);
}

static void test_login(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account a, out;
    CHECK_EQ(store_register(st, "Alice", NULL, "correct horse", T0, &a), STORE_OK);
    CHECK_EQ(store_login(st, "Alice", "correct horse", &out), STORE_OK);
    CHECK_EQ(out.id, a.id);
    CHECK_EQ(store_login(st, "aLiCe", "correct horse", &out), STORE_OK);
    CHECK_STR(out.name, "Alice"); /* the name as registered */
    CHECK_EQ(store_login(st, "Alice", "Correct horse", &out), STORE_ERR_WRONG_PASSWORD);
    CHECK_EQ(store_login(st, "Alice", "", &out), STORE_ERR_WRONG_PASSWORD);
    char huge[300];
    memset(huge, 'h', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    CHECK_EQ(store_login(st, "Alice", huge, &out), STORE_ERR_WRONG_PASSWORD);
    CHECK_EQ(store_login(st, "nobody", "correct horse", &out), STORE_ERR_NO_ACCOUNT);
    CHECK_EQ(store_login(st, "not a name!", "correct horse", &out), STORE_ERR_NO_ACCOUNT);

    /* A banned account proves its password, then learns why it is banned. */
    CHECK_EQ(store_ban(st, a.id, "spam"), STORE_OK);
    memset(&out, 0, sizeof out);
    CHECK_EQ(store_login(st, "Alice", "correct horse", &out), STORE_ERR_BANNED);
    CHECK(out.banned);
    CHECK_STR(out.ban_reason, "spam");
    CHECK_EQ(store_login(st, "Alice", "wrong password", &out), STORE_ERR_WRONG_PASSWORD);
    CHECK_EQ(store_unban(st, a.id), STORE_OK);
    CHECK_EQ(store_login(st, "Alice", "correct horse", &out), STORE_OK);
    CHECK(!out.banned);
    CHECK_STR(out.ban_reason, "");
    store_close(st);
    test_rmtree(dir);
}

static void test_rehash_on_login(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store_config cfg = fast_config(dir);
    cfg.pwhash_ops = crypto_pwhash_OPSLIMIT_MIN + 1;
    store *st = NULL;
    CHECK_EQ(store_open(&cfg, T0, &st), STORE_OK);
    if (!st) return;
    store_account a;
    CHECK_EQ(store_register(st, "alice", NULL, "password123", T0, &a), STORE_OK);
    store_close(st);

    /* Reopened with other limits: the next login re-hashes with them. */
    st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    CHECK_EQ(store_login(st, "alice", "password123", &a), STORE_OK);
    sqlite3 *db = raw_open(dir);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "SELECT pwhash FROM accounts", -1, &s, NULL);
    CHECK_EQ(sqlite3_step(s), SQLITE_ROW);
    const char *hash = (const char *)sqlite3_column_text(s, 0);
    CHECK(hash && strstr(hash, "$argon2id$") == hash);
    CHECK(hash && strstr(hash, "t=1,") != NULL);
    sqlite3_finalize(s);
    sqlite3_close(db);
    CHECK_EQ(store_login(st, "alice", "password123", &a), STORE_OK);
    store_close(st);
    test_rmtree(dir);
}

static void test_lookup_and_search(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account alice = reg(st, "alice", T0);
    reg(st, "Malika", T0);
    reg(st, "bob", T0);
    reg(st, "Alan", T0);
    reg(st, "al_x", T0);

    store_account a;
    CHECK_EQ(store_account_by_name(st, "ALICE", &a), STORE_OK);
    CHECK_EQ(a.id, alice.id);
    CHECK_EQ(store_account_by_id(st, alice.id, &a), STORE_OK);
    CHECK_STR(a.name, "alice");
    CHECK_EQ(store_account_by_name(st, "carol", &a), STORE_ERR_NO_ACCOUNT);
    CHECK_EQ(store_account_by_name(st, "", &a), STORE_ERR_NO_ACCOUNT);
    CHECK_EQ(store_account_by_id(st, 999, &a), STORE_ERR_NO_ACCOUNT);
    CHECK_EQ(store_account_by_id(st, -1, &a), STORE_ERR_NO_ACCOUNT);

    /* "al": names starting with it first (by name), then the ones containing it. */
    store_account list[8];
    size_t n = 0;
    CHECK_EQ(store_account_search(st, "AL", list, 8, &n), STORE_OK);
    CHECK_EQ(n, 4);
    if (n == 4) {
        CHECK_STR(list[0].name, "al_x");
        CHECK_STR(list[1].name, "Alan");
        CHECK_STR(list[2].name, "alice");
        CHECK_STR(list[3].name, "Malika");
    }
    CHECK_EQ(store_account_search(st, "al", list, 2, &n), STORE_OK);
    CHECK_EQ(n, 2); /* bounded by the caller's capacity */
    /* '_' is an ordinary character here, not a wildcard. */
    CHECK_EQ(store_account_search(st, "_", list, 8, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_EQ(store_account_search(st, "%", list, 8, &n), STORE_OK);
    CHECK_EQ(n, 0);
    CHECK_EQ(store_account_search(st, "zzz", list, 8, &n), STORE_OK);
    CHECK_EQ(n, 0);
    CHECK_EQ(store_account_search(st, "abcdefghijklmnopqrstuvwxyz0123456", list, 8, &n),
             STORE_ERR_QUERY_LONG);
    CHECK_EQ(store_account_search(st, "\xff", list, 8, &n), STORE_ERR_UTF8);
    store_close(st);
    test_rmtree(dir);
}

static void test_roles(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account owner = reg(st, "owner", T0);
    store_account bob = reg(st, "bob", T0);
    store_account a;
    CHECK_EQ(store_set_role(st, bob.id, STORE_ROLE_ADMIN), STORE_OK);
    CHECK_EQ(store_account_by_id(st, bob.id, &a), STORE_OK);
    CHECK_EQ(a.role, STORE_ROLE_ADMIN);
    CHECK_EQ(store_set_role(st, bob.id, STORE_ROLE_MODERATOR), STORE_OK);
    CHECK_EQ(store_set_role(st, bob.id, STORE_ROLE_MODERATOR), STORE_OK); /* same again */
    CHECK_EQ(store_set_role(st, bob.id, STORE_ROLE_GUEST), STORE_ERR_ROLE);
    CHECK_EQ(store_set_role(st, bob.id, (store_role)7), STORE_ERR_ROLE);
    CHECK_EQ(store_set_role(st, 999, STORE_ROLE_USER), STORE_ERR_NO_ACCOUNT);

    /* The last owner cannot step down until there is another. */
    CHECK_EQ(store_set_role(st, owner.id, STORE_ROLE_ADMIN), STORE_ERR_LAST_OWNER);
    CHECK_EQ(store_account_by_id(st, owner.id, &a), STORE_OK);
    CHECK_EQ(a.role, STORE_ROLE_OWNER);
    CHECK_EQ(store_set_role(st, owner.id, STORE_ROLE_OWNER), STORE_OK);
    CHECK_EQ(store_set_role(st, bob.id, STORE_ROLE_OWNER), STORE_OK);
    CHECK_EQ(store_set_role(st, owner.id, STORE_ROLE_USER), STORE_OK);
    CHECK_EQ(store_set_role(st, bob.id, STORE_ROLE_USER), STORE_ERR_LAST_OWNER);

    /* Later registrations stay users even once the first owner stepped down. */
    store_account c = reg(st, "carol", T0);
    CHECK_EQ(c.role, STORE_ROLE_USER);

    CHECK_STR(store_role_name(STORE_ROLE_OWNER), "owner");
    CHECK_STR(store_role_name(STORE_ROLE_GUEST), "guest");
    CHECK_STR(store_role_name((store_role)42), "unknown");
    store_role r = STORE_ROLE_USER;
    CHECK(store_role_parse("Moderator", &r));
    CHECK_EQ(r, STORE_ROLE_MODERATOR);
    CHECK(store_role_parse("admin", &r));
    CHECK_EQ(r, STORE_ROLE_ADMIN);
    CHECK(!store_role_parse("god", &r));
    CHECK_EQ(r, STORE_ROLE_ADMIN);
    store_close(st);
    test_rmtree(dir);
}

static void test_bans(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account bob = reg(st, "bob", T0);
    store_account a;
    CHECK_EQ(store_ban(st, bob.id, NULL), STORE_OK);
    CHECK_EQ(store_account_by_id(st, bob.id, &a), STORE_OK);
    CHECK(a.banned);
    CHECK_STR(a.ban_reason, "");
    CHECK_EQ(store_ban(st, bob.id, "flooding \xe2\x9c\x8b"), STORE_OK); /* UTF-8 reasons */
    CHECK_EQ(store_account_by_id(st, bob.id, &a), STORE_OK);
    CHECK_STR(a.ban_reason, "flooding \xe2\x9c\x8b");
    char reason[256];
    memset(reason, 'r', sizeof reason);
    reason[STORE_REASON_MAX + 1] = '\0';
    CHECK_EQ(store_ban(st, bob.id, reason), STORE_ERR_REASON_LONG);
    CHECK_EQ(store_ban(st, bob.id, "bad \xc3"), STORE_ERR_UTF8);
    CHECK_EQ(store_ban(st, 999, "x"), STORE_ERR_NO_ACCOUNT);
    CHECK_EQ(store_unban(st, 999), STORE_ERR_NO_ACCOUNT);
    CHECK_EQ(store_unban(st, bob.id), STORE_OK);
    CHECK_EQ(store_account_by_id(st, bob.id, &a), STORE_OK);
    CHECK(!a.banned);

    /* Address bans. */
    bool banned = true;
    char why[STORE_REASON_MAX + 1];
    CHECK_EQ(store_address_banned(st, "192.168.1.5", &banned, why, sizeof why), STORE_OK);
    CHECK(!banned);
    CHECK_EQ(store_ban_address(st, "192.168.1.5", "brute force", T0), STORE_OK);
    CHECK_EQ(store_address_banned(st, "192.168.1.5", &banned, why, sizeof why), STORE_OK);
    CHECK(banned);
    CHECK_STR(why, "brute force");
    CHECK_EQ(store_address_banned(st, "192.168.1.6", &banned, NULL, 0), STORE_OK);
    CHECK(!banned);
    CHECK_EQ(store_ban_address(st, "192.168.1.5", "again", T0), STORE_OK); /* replaces */
    CHECK_EQ(store_address_banned(st, "192.168.1.5", &banned, why, sizeof why), STORE_OK);
    CHECK_STR(why, "again");
    CHECK_EQ(store_ban_address(st, "FE80::1", NULL, T0), STORE_OK);
    CHECK_EQ(store_address_banned(st, "fe80::1", &banned, NULL, 0), STORE_OK);
    CHECK(banned);
    CHECK_EQ(store_ban_address(st, "example.org", NULL, T0), STORE_ERR_ADDRESS);
    CHECK_EQ(store_ban_address(st, "", NULL, T0), STORE_ERR_ADDRESS);
    CHECK_EQ(store_ban_address(st, "1234", NULL, T0), STORE_ERR_ADDRESS);
    CHECK_EQ(store_ban_address(st, "1.2.3.4; --", NULL, T0), STORE_ERR_ADDRESS);
    CHECK_EQ(store_address_banned(st, "nope", &banned, NULL, 0), STORE_ERR_ADDRESS);
    CHECK_EQ(store_unban_address(st, "192.168.1.5"), STORE_OK);
    CHECK_EQ(store_address_banned(st, "192.168.1.5", &banned, why, sizeof why), STORE_OK);
    CHECK(!banned);
    CHECK_EQ(store_unban_address(st, "bad address"), STORE_ERR_ADDRESS);
    store_close(st);
    test_rmtree(dir);
}

/* Rooms. ---------------------------------------------------------------------------------- */

static void test_rooms(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account alice = reg(st, "alice", T0);
    store_room pub, priv, r;
    CHECK_EQ(store_room_create(st, "Team A", "standup at 10", NULL, alice.id, T0 + 5, &pub),
             STORE_OK);
    CHECK(pub.id > STORE_GENERAL_ID);
    CHECK_STR(pub.name, "Team A");
    CHECK_STR(pub.topic, "standup at 10");
    CHECK(!pub.is_private);
    CHECK_EQ(pub.owner_id, alice.id);
    CHECK_EQ(pub.created_ms, T0 + 5);
    CHECK_EQ(store_room_create(st, "Secret", NULL, "hunter2hunter2", alice.id, T0, &priv),
             STORE_OK);
    CHECK(priv.is_private);
    CHECK_STR(priv.topic, "");

    /* Rules and refusals. */
    CHECK_EQ(store_room_create(st, "team a", NULL, NULL, 0, T0, &r), STORE_ERR_ROOM_TAKEN);
    CHECK_EQ(store_room_create(st, "GENERAL", NULL, NULL, 0, T0, &r), STORE_ERR_ROOM_TAKEN);
    CHECK_EQ(store_room_create(st, "", NULL, NULL, 0, T0, &r), STORE_ERR_ROOM_NAME_EMPTY);
    CHECK_EQ(store_room_create(st, "Team  B", NULL, NULL, 0, T0, &r), STORE_ERR_ROOM_NAME_SPACES);
    CHECK_EQ(store_room_create(st, "#chat", NULL, NULL, 0, T0, &r), STORE_ERR_ROOM_NAME_START);
    CHECK_EQ(store_room_create(st, "Nope", NULL, "short", 0, T0, &r), STORE_ERR_PASSWORD_SHORT);
    CHECK_EQ(store_room_create(st, "Nope", "\xc0\xaf", NULL, 0, T0, &r), STORE_ERR_UTF8);
    char topic[300];
    memset(topic, 't', sizeof topic);
    topic[STORE_TOPIC_MAX + 1] = '\0';
    CHECK_EQ(store_room_create(st, "Nope", topic, NULL, 0, T0, &r), STORE_ERR_TOPIC_LONG);
    CHECK_EQ(store_room_create(st, "Nope", NULL, NULL, 999, T0, &r), STORE_ERR_NO_ACCOUNT);
    CHECK_EQ(store_room_by_name(st, "Nope", &r), STORE_ERR_NO_ROOM);
    /* An empty password means a public room. */
    CHECK_EQ(store_room_create(st, "Open", NULL, "", 0, T0, &r), STORE_OK);
    CHECK(!r.is_private);
    CHECK_EQ(r.owner_id, 0);

    /* Lookups. */
    CHECK_EQ(store_room_by_name(st, "TEAM A", &r), STORE_OK);
    CHECK_EQ(r.id, pub.id);
    CHECK_EQ(store_room_by_id(st, priv.id, &r), STORE_OK);
    CHECK_STR(r.name, "Secret");
    CHECK_EQ(store_room_by_id(st, 999, &r), STORE_ERR_NO_ROOM);
    CHECK_EQ(store_room_by_name(st, "  bad", &r), STORE_ERR_NO_ROOM);

    /* Topic. */
    CHECK_EQ(store_room_set_topic(st, pub.id, "retro on Friday"), STORE_OK);
    CHECK_EQ(store_room_by_id(st, pub.id, &r), STORE_OK);
    CHECK_STR(r.topic, "retro on Friday");
    CHECK_EQ(store_room_set_topic(st, pub.id, topic), STORE_ERR_TOPIC_LONG);
    CHECK_EQ(store_room_set_topic(st, 999, "x"), STORE_ERR_NO_ROOM);

    /* Passwords. */
    CHECK_EQ(store_room_check_password(st, pub.id, "anything"), STORE_OK);
    CHECK_EQ(store_room_check_password(st, priv.id, "hunter2hunter2"), STORE_OK);
    CHECK_EQ(store_room_check_password(st, priv.id, "hunter3hunter3"), STORE_ERR_ROOM_PASSWORD);
    CHECK_EQ(store_room_check_password(st, priv.id, ""), STORE_ERR_ROOM_PASSWORD);
    CHECK_EQ(store_room_check_password(st, priv.id, NULL), STORE_ERR_ROOM_PASSWORD);
    CHECK_EQ(store_room_check_password(st, 999, "x"), STORE_ERR_NO_ROOM);

    /* List pages by id. */
    store_room list[2];
    size_t n = 0;
    CHECK_EQ(store_room_list(st, 0, list, 2, &n), STORE_OK);
    CHECK_EQ(n, 2);
    CHECK_EQ(list[0].id, STORE_GENERAL_ID);
    CHECK_EQ(list[1].id, pub.id);
    CHECK_EQ(store_room_list(st, list[1].id, list, 2, &n), STORE_OK);
    CHECK_EQ(n, 2);
    CHECK_STR(list[0].name, "Secret");
    CHECK_STR(list[1].name, "Open");
    CHECK_EQ(store_room_list(st, list[1].id, list, 2, &n), STORE_OK);
    CHECK_EQ(n, 0);

    /* Delete. */
    CHECK_EQ(store_room_delete(st, pub.id), STORE_OK);
    CHECK_EQ(store_room_by_id(st, pub.id, &r), STORE_ERR_NO_ROOM);
    CHECK_EQ(store_room_delete(st, pub.id), STORE_ERR_NO_ROOM);
    CHECK_EQ(store_room_delete(st, STORE_GENERAL_ID), STORE_ERR_ROOM_PROTECTED);
    /* The name is free again. */
    CHECK_EQ(store_room_create(st, "team a", NULL, NULL, 0, T0, &r), STORE_OK);
    store_close(st);
    test_rmtree(dir);
}

static void test_memberships_and_mutes(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account alice = reg(st, "alice", T0);
    store_account bob = reg(st, "bob", T0);
    store_account carol = reg(st, "carol", T0);
    store_room dev;
    CHECK_EQ(store_room_create(st, "dev", NULL, NULL, alice.id, T0, &dev), STORE_OK);

    CHECK_EQ(store_member_add(st, alice.id, STORE_GENERAL_ID, T0), STORE_OK);
    CHECK_EQ(store_member_add(st, alice.id, dev.id, T0), STORE_OK);
    CHECK_EQ(store_member_add(st, alice.id, dev.id, T0), STORE_OK); /* again: no error */
    CHECK_EQ(store_member_add(st, bob.id, dev.id, T0), STORE_OK);
    CHECK_EQ(store_member_add(st, carol.id, dev.id, T0), STORE_OK);
    CHECK_EQ(store_member_add(st, alice.id, 999, T0), STORE_ERR_NO_ROOM);
    CHECK_EQ(store_member_add(st, 999, dev.id, T0), STORE_ERR_NO_ACCOUNT);

    bool member = false;
    CHECK_EQ(store_is_member(st, bob.id, dev.id, &member), STORE_OK);
    CHECK(member);
    CHECK_EQ(store_is_member(st, bob.id, STORE_GENERAL_ID, &member), STORE_OK);
    CHECK(!member);

    int64_t rooms[4];
    size_t n = 0;
    CHECK_EQ(store_member_rooms(st, alice.id, rooms, 4, &n), STORE_OK);
    CHECK_EQ(n, 2);
    CHECK_EQ(rooms[0], STORE_GENERAL_ID);
    CHECK_EQ(rooms[1], dev.id);
    CHECK_EQ(store_member_rooms(st, alice.id, rooms, 1, &n), STORE_OK);
    CHECK_EQ(n, 1);

    store_member members[2];
    CHECK_EQ(store_room_members(st, dev.id, 0, members, 2, &n), STORE_OK);
    CHECK_EQ(n, 2);
    CHECK_STR(members[0].name, "alice");
    CHECK_EQ(members[0].role, STORE_ROLE_OWNER);
    CHECK_STR(members[1].name, "bob");
    CHECK_EQ(store_room_members(st, dev.id, members[1].account_id, members, 2, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_STR(members[0].name, "carol");

    CHECK_EQ(store_member_remove(st, bob.id, dev.id), STORE_OK);
    CHECK_EQ(store_member_remove(st, bob.id, dev.id), STORE_ERR_NOT_MEMBER);
    CHECK_EQ(store_is_member(st, bob.id, dev.id, &member), STORE_OK);
    CHECK(!member);

    /* Mutes end at their time; a new mute replaces the old one. */
    int64_t until = -1;
    CHECK_EQ(store_muted_until(st, bob.id, dev.id, T0, &until), STORE_OK);
    CHECK_EQ(until, 0);
    CHECK_EQ(store_mute(st, bob.id, dev.id, T0 + 60000), STORE_OK);
    CHECK_EQ(store_muted_until(st, bob.id, dev.id, T0 + 59999, &until), STORE_OK);
    CHECK_EQ(until, T0 + 60000);
    CHECK_EQ(store_muted_until(st, bob.id, dev.id, T0 + 60000, &until), STORE_OK);
    CHECK_EQ(until, 0);
    CHECK_EQ(store_muted_until(st, bob.id, STORE_GENERAL_ID, T0, &until), STORE_OK);
    CHECK_EQ(until, 0); /* mutes are per room */
    CHECK_EQ(store_mute(st, bob.id, dev.id, INT64_MAX), STORE_OK);
    CHECK_EQ(store_muted_until(st, bob.id, dev.id, T0 + 999999999, &until), STORE_OK);
    CHECK_EQ(until, INT64_MAX);
    CHECK_EQ(store_unmute(st, bob.id, dev.id), STORE_OK);
    CHECK_EQ(store_muted_until(st, bob.id, dev.id, T0, &until), STORE_OK);
    CHECK_EQ(until, 0);
    CHECK_EQ(store_mute(st, bob.id, 999, T0), STORE_ERR_NO_ROOM);
    CHECK_EQ(store_mute(st, 999, dev.id, T0), STORE_ERR_NO_ACCOUNT);

    /* Deleting a room takes its memberships and mutes with it. */
    CHECK_EQ(store_mute(st, carol.id, dev.id, INT64_MAX), STORE_OK);
    CHECK_EQ(store_room_delete(st, dev.id), STORE_OK);
    CHECK_EQ(store_member_rooms(st, alice.id, rooms, 4, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_EQ(store_muted_until(st, carol.id, dev.id, T0, &until), STORE_OK);
    CHECK_EQ(until, 0);
    store_close(st);
    test_rmtree(dir);
}

/* Messages. ------------------------------------------------------------------------------- */

static void test_message_post(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account alice = reg(st, "alice", T0);
    store_post p = {.room_id = STORE_GENERAL_ID,
                    .sender_id = alice.id,
                    .sender_name = "alice",
                    .client_id = 42,
                    .time_ms = T0 + 10,
                    .text = "hello \xf0\x9f\x91\x8b"};
    store_posted first, again;
    CHECK_EQ(store_message_post(st, &p, &first), STORE_OK);
    CHECK(first.id > 0);
    CHECK_EQ(first.time_ms, T0 + 10);
    CHECK(!first.duplicate);

    /* A resend (later, even with the name in another case) is the same message. */
    p.time_ms = T0 + 5000;
    p.sender_name = "ALICE";
    CHECK_EQ(store_message_post(st, &p, &again), STORE_OK);
    CHECK(again.duplicate);
    CHECK_EQ(again.id, first.id);
    CHECK_EQ(again.time_ms, T0 + 10);
    store_message m;
    CHECK_EQ(store_message_get(st, first.id, &m), STORE_OK);
    CHECK_EQ(m.room_id, STORE_GENERAL_ID);
    CHECK_EQ(m.to_id, 0);
    CHECK_EQ(m.sender_id, alice.id);
    CHECK_STR(m.sender_name, "alice");
    CHECK_EQ(m.client_id, 42);
    CHECK_EQ(m.time_ms, T0 + 10);
    CHECK_STR(m.text, "hello \xf0\x9f\x91\x8b");
    CHECK(!m.edited && !m.deleted && !m.pending);

    /* The same client id from another sender is another message. A guest has no account. */
    store_posted g;
    store_post gp = {.room_id = STORE_GENERAL_ID,
                     .sender_name = "guest1",
                     .client_id = 42,
                     .time_ms = T0,
                     .text = "hi"};
    CHECK_EQ(store_message_post(st, &gp, &g), STORE_OK);
    CHECK(!g.duplicate);
    CHECK(g.id != first.id);
    CHECK_EQ(store_message_get(st, g.id, &m), STORE_OK);
    CHECK_EQ(m.sender_id, 0);
    CHECK_STR(m.sender_name, "guest1");

    /* Client ids use all 64 bits. */
    gp.client_id = UINT64_MAX;
    CHECK_EQ(store_message_post(st, &gp, &g), STORE_OK);
    CHECK_EQ(store_message_get(st, g.id, &m), STORE_OK);
    CHECK(m.client_id == UINT64_MAX);
    CHECK_EQ(store_message_post(st, &gp, &again), STORE_OK);
    CHECK(again.duplicate);

    /* Refusals. */
    store_post bad = gp;
    bad.client_id = 7;
    bad.text = "";
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_TEXT_EMPTY);
    bad.text = "bad \xed\xa0\x80 surrogate";
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_UTF8);
    static char big[STORE_TEXT_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    bad.text = big;
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_TEXT_LONG);
    big[STORE_TEXT_MAX] = '\0';
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_OK); /* exactly the limit */
    bad.client_id = 8;
    bad.text = "ok";
    bad.sender_name = "no spaces please";
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_NAME_CHARS);
    bad.sender_name = "guest1";
    bad.room_id = 999;
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_NO_ROOM);
    bad.room_id = 0;
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_DM_TARGET);
    bad.room_id = STORE_GENERAL_ID;
    bad.to_id = alice.id;
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_DM_TARGET);
    bad.room_id = 0;
    bad.to_id = 999;
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_NO_ACCOUNT);
    bad.to_id = 0;
    bad.room_id = STORE_GENERAL_ID;
    bad.sender_id = 999;
    CHECK_EQ(store_message_post(st, &bad, &g), STORE_ERR_NO_ACCOUNT);

    store_message page[8];
    size_t n = 0;
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, 0, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 4); /* alice's, two of guest1's and the 4000-byte one; no refused ones */
    CHECK_EQ(strlen(page[3].text), STORE_TEXT_MAX);
    store_close(st);
    test_rmtree(dir);
}

static void test_history_pages(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_room other;
    CHECK_EQ(store_room_create(st, "other", NULL, NULL, 0, T0, &other), STORE_OK);
    int64_t ids[120];
    CHECK_EQ(store_begin(st), STORE_OK); /* one fsync for the lot */
    for (int i = 0; i < 120; i++) {
        char text[32];
        snprintf(text, sizeof text, "message %d", i);
        ids[i] = post_room(st, STORE_GENERAL_ID, "guest", (uint64_t)i, T0 + i, text).id;
        if (i % 10 == 0) post_room(st, other.id, "guest", 1000u + (uint64_t)i, T0, "elsewhere");
    }
    CHECK_EQ(store_commit(st), STORE_OK);

    static store_message page[STORE_HISTORY_PAGE];
    size_t n = 0;
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, 0, page, STORE_HISTORY_PAGE, &n), STORE_OK);
    CHECK_EQ(n, 50);
    CHECK_EQ(page[0].id, ids[70]); /* the newest 50, oldest first */
    CHECK_EQ(page[49].id, ids[119]);
    CHECK_STR(page[49].text, "message 119");
    for (size_t i = 1; i < n; i++) CHECK(page[i].id > page[i - 1].id);

    CHECK_EQ(store_history(st, STORE_GENERAL_ID, page[0].id, page, STORE_HISTORY_PAGE, &n),
             STORE_OK);
    CHECK_EQ(n, 50);
    CHECK_EQ(page[0].id, ids[20]);
    CHECK_EQ(page[49].id, ids[69]);
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, page[0].id, page, STORE_HISTORY_PAGE, &n),
             STORE_OK);
    CHECK_EQ(n, 20);
    CHECK_EQ(page[0].id, ids[0]);
    CHECK_EQ(page[19].id, ids[19]);
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, page[0].id, page, STORE_HISTORY_PAGE, &n),
             STORE_OK);
    CHECK_EQ(n, 0);

    CHECK_EQ(store_history(st, other.id, 0, page, STORE_HISTORY_PAGE, &n), STORE_OK);
    CHECK_EQ(n, 12);
    for (size_t i = 0; i < n; i++) CHECK_STR(page[i].text, "elsewhere");
    CHECK_EQ(store_history(st, 999, 0, page, STORE_HISTORY_PAGE, &n), STORE_OK);
    CHECK_EQ(n, 0);

    /* Deleting the room deletes its messages. */
    int64_t kept = ids[0];
    CHECK_EQ(store_room_delete(st, other.id), STORE_OK);
    CHECK_EQ(store_history(st, other.id, 0, page, STORE_HISTORY_PAGE, &n), STORE_OK);
    CHECK_EQ(n, 0);
    CHECK_EQ(store_message_get(st, kept, &page[0]), STORE_OK);
    store_close(st);
    test_rmtree(dir);
}

static void test_edit_delete(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_posted p = post_room(st, STORE_GENERAL_ID, "guest", 1, T0, "teh typo");
    store_message m;
    CHECK_EQ(store_message_edit(st, p.id, "the typo"), STORE_OK);
    CHECK_EQ(store_message_get(st, p.id, &m), STORE_OK);
    CHECK_STR(m.text, "the typo");
    CHECK(m.edited);
    CHECK(!m.deleted);
    CHECK_EQ(store_message_edit(st, p.id, ""), STORE_ERR_TEXT_EMPTY);
    CHECK_EQ(store_message_edit(st, p.id, "\x80"), STORE_ERR_UTF8);
    CHECK_EQ(store_message_edit(st, 999, "x"), STORE_ERR_NO_MESSAGE);

    CHECK_EQ(store_message_delete(st, p.id), STORE_OK);
    CHECK_EQ(store_message_get(st, p.id, &m), STORE_OK);
    CHECK(m.deleted);
    CHECK_STR(m.text, "");
    CHECK_EQ(store_message_edit(st, p.id, "back"), STORE_ERR_MESSAGE_DELETED);
    CHECK_EQ(store_message_delete(st, p.id), STORE_OK); /* deleting twice is harmless */
    CHECK_EQ(store_message_delete(st, 999), STORE_ERR_NO_MESSAGE);
    CHECK_EQ(store_message_get(st, 999, &m), STORE_ERR_NO_MESSAGE);

    /* The tombstone keeps its place in history; a resend still finds it. */
    store_message page[4];
    size_t n = 0;
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, 0, page, 4, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK(page[0].deleted);
    store_post again = {.room_id = STORE_GENERAL_ID,
                        .sender_name = "guest",
                        .client_id = 1,
                        .time_ms = T0,
                        .text = "teh typo"};
    store_posted dup;
    CHECK_EQ(store_message_post(st, &again, &dup), STORE_OK);
    CHECK(dup.duplicate);
    CHECK_EQ(dup.id, p.id);
    store_close(st);
    test_rmtree(dir);
}

static void test_direct_messages(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account alice = reg(st, "alice", T0);
    store_account bob = reg(st, "bob", T0);
    store_account carol = reg(st, "carol", T0);
    int64_t ids[6];
    for (int i = 0; i < 4; i++) {
        /* bob is offline for the first three, online for the fourth. */
        store_post p = {.to_id = bob.id,
                        .sender_id = alice.id,
                        .sender_name = "alice",
                        .client_id = (uint64_t)i,
                        .time_ms = T0 + i,
                        .text = "psst",
                        .delivered = i == 3};
        store_posted out;
        CHECK_EQ(store_message_post(st, &p, &out), STORE_OK);
        ids[i] = out.id;
    }
    store_post reply = {.to_id = alice.id,
                        .sender_id = bob.id,
                        .sender_name = "bob",
                        .client_id = 1,
                        .time_ms = T0 + 9,
                        .text = "yes?",
                        .delivered = true};
    store_posted out;
    CHECK_EQ(store_message_post(st, &reply, &out), STORE_OK);
    ids[4] = out.id;
    store_post aside = {.to_id = carol.id,
                        .sender_id = alice.id,
                        .sender_name = "alice",
                        .client_id = 99,
                        .time_ms = T0,
                        .text = "not for bob"};
    CHECK_EQ(store_message_post(st, &aside, &out), STORE_OK);
    ids[5] = out.id;

    store_message page[8];
    size_t n = 0;
    CHECK_EQ(store_dm_pending(st, bob.id, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 3);
    CHECK_EQ(page[0].id, ids[0]);
    CHECK_EQ(page[2].id, ids[2]);
    CHECK(page[0].pending);
    CHECK_EQ(page[0].to_id, bob.id);
    CHECK_EQ(page[0].room_id, 0);
    CHECK_EQ(store_dm_pending(st, bob.id, page, 2, &n), STORE_OK);
    CHECK_EQ(n, 2); /* bounded, oldest first */
    CHECK_EQ(store_dm_pending(st, alice.id, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 0);

    /* Marked delivered up to an id, as the server sends them out. */
    CHECK_EQ(store_dm_mark_delivered(st, bob.id, ids[1]), STORE_OK);
    CHECK_EQ(store_dm_pending(st, bob.id, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_EQ(page[0].id, ids[2]);
    CHECK_EQ(store_dm_mark_delivered(st, bob.id, INT64_MAX), STORE_OK);
    CHECK_EQ(store_dm_pending(st, bob.id, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 0);
    CHECK_EQ(store_dm_pending(st, carol.id, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 1); /* other recipients untouched */

    /* The conversation, both directions, from either side; nothing else. */
    CHECK_EQ(store_dm_history(st, alice.id, bob.id, 0, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 5);
    CHECK_EQ(page[0].id, ids[0]);
    CHECK_EQ(page[4].id, ids[4]);
    CHECK_STR(page[4].text, "yes?");
    CHECK_EQ(store_dm_history(st, bob.id, alice.id, ids[4], page, 2, &n), STORE_OK);
    CHECK_EQ(n, 2);
    CHECK_EQ(page[0].id, ids[2]);
    CHECK_EQ(page[1].id, ids[3]);
    /* DMs are not room history. */
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, 0, page, 8, &n), STORE_OK);
    CHECK_EQ(n, 0);
    store_close(st);
    test_rmtree(dir);
}

/* Persistence. ---------------------------------------------------------------------------- */

static void test_reopen_keeps_everything(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account alice = reg(st, "alice", T0);
    store_account bob = reg(st, "bob", T0);
    store_room dev;
    CHECK_EQ(store_room_create(st, "dev", "topic", "roompass1", alice.id, T0, &dev), STORE_OK);
    CHECK_EQ(store_member_add(st, bob.id, dev.id, T0), STORE_OK);
    CHECK_EQ(store_mute(st, bob.id, dev.id, T0 + 1000), STORE_OK);
    CHECK_EQ(store_ban(st, bob.id, "reason"), STORE_OK);
    CHECK_EQ(store_set_role(st, bob.id, STORE_ROLE_MODERATOR), STORE_OK);
    CHECK_EQ(store_ban_address(st, "10.0.0.9", "x", T0), STORE_OK);
    store_posted msg = post_room(st, dev.id, "alice", 5, T0 + 3, "persist me");
    store_post dm = {.to_id = bob.id,
                     .sender_id = alice.id,
                     .sender_name = "alice",
                     .client_id = 6,
                     .time_ms = T0,
                     .text = "later"};
    store_posted dmout;
    CHECK_EQ(store_message_post(st, &dm, &dmout), STORE_OK);
    store_close(st);

    st = open_fast(dir, T0 + 99999);
    CHECK(st != NULL);
    if (!st) return;
    CHECK_EQ(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_account a;
    CHECK_EQ(store_login(st, "alice", "password123", &a), STORE_OK);
    CHECK_EQ(a.role, STORE_ROLE_OWNER);
    CHECK_EQ(store_login(st, "bob", "password123", &a), STORE_ERR_BANNED);
    CHECK_EQ(a.role, STORE_ROLE_MODERATOR);
    CHECK_STR(a.ban_reason, "reason");
    store_room r;
    CHECK_EQ(store_room_by_id(st, STORE_GENERAL_ID, &r), STORE_OK);
    CHECK_EQ(r.created_ms, T0); /* not re-created */
    CHECK_EQ(store_room_by_name(st, "dev", &r), STORE_OK);
    CHECK(r.is_private);
    CHECK_STR(r.topic, "topic");
    CHECK_EQ(store_room_check_password(st, r.id, "roompass1"), STORE_OK);
    store_room list[8];
    size_t n = 0;
    CHECK_EQ(store_room_list(st, 0, list, 8, &n), STORE_OK);
    CHECK_EQ(n, 2);
    int64_t rooms[4];
    CHECK_EQ(store_member_rooms(st, bob.id, rooms, 4, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_EQ(rooms[0], dev.id);
    int64_t until = 0;
    CHECK_EQ(store_muted_until(st, bob.id, dev.id, T0, &until), STORE_OK);
    CHECK_EQ(until, T0 + 1000);
    bool banned = false;
    CHECK_EQ(store_address_banned(st, "10.0.0.9", &banned, NULL, 0), STORE_OK);
    CHECK(banned);
    store_message page[4];
    CHECK_EQ(store_history(st, dev.id, 0, page, 4, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_EQ(page[0].id, msg.id);
    CHECK_STR(page[0].text, "persist me");
    CHECK_EQ(store_dm_pending(st, bob.id, page, 4, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_EQ(page[0].id, dmout.id);
    /* Ids continue after the old ones; resends across restarts are still caught. */
    store_posted dup = post_room(st, dev.id, "alice", 5, T0 + 50, "persist me");
    CHECK(dup.duplicate);
    CHECK_EQ(dup.id, msg.id);
    store_posted next = post_room(st, dev.id, "alice", 7, T0 + 50, "new");
    CHECK(next.id > dmout.id);
    store_close(st);
    test_rmtree(dir);
}

/* Messages committed before a kill -9 must be there after it. */
static void test_survives_kill(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_close(st);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        store *child = open_fast(dir, T0);
        if (!child) _exit(3);
        for (uint64_t i = 0; i < 20; i++) {
            store_post p = {.room_id = STORE_GENERAL_ID,
                            .sender_name = "guest",
                            .client_id = i,
                            .time_ms = T0,
                            .text = "acked"};
            store_posted out;
            if (store_message_post(child, &p, &out) != STORE_OK) _exit(4);
        }
        /* A batch that never commits must vanish. */
        if (store_begin(child) != STORE_OK) _exit(5);
        store_post p = {.room_id = STORE_GENERAL_ID,
                        .sender_name = "guest",
                        .client_id = 999,
                        .time_ms = T0,
                        .text = "never acked"};
        store_posted out;
        if (store_message_post(child, &p, &out) != STORE_OK) _exit(6);
        kill(getpid(), SIGKILL);
        _exit(7);
    }
    int status = 0;
    CHECK(pid > 0);
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_message page[32];
    size_t n = 0;
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, 0, page, 32, &n), STORE_OK);
    CHECK_EQ(n, 20);
    for (size_t i = 0; i < n; i++) CHECK_STR(page[i].text, "acked");
    store_close(st);
    test_rmtree(dir);
}

static void test_batches(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store_config cfg = fast_config(dir);
    cfg.busy_timeout_ms = 50; /* the lock waits below are expected to give up */
    store *st = NULL;
    CHECK_EQ(store_open(&cfg, T0, &st), STORE_OK);
    if (!st) return;
    CHECK_EQ(store_begin(st), STORE_OK);
    post_room(st, STORE_GENERAL_ID, "guest", 1, T0, "undone");
    store_account a = reg(st, "alice", T0);
    store_rollback(st);
    store_message page[4];
    size_t n = 0;
    CHECK_EQ(store_history(st, STORE_GENERAL_ID, 0, page, 4, &n), STORE_OK);
    CHECK_EQ(n, 0);
    CHECK_EQ(store_account_by_id(st, a.id, &a), STORE_ERR_NO_ACCOUNT);

    /* While one store holds a batch, a second opener times out with a clear error. */
    CHECK_EQ(store_begin(st), STORE_OK);
    post_room(st, STORE_GENERAL_ID, "guest", 2, T0, "kept");
    store *other = NULL;
    CHECK_EQ(store_open(&cfg, T0, &other), STORE_ERR_BUSY);
    CHECK(other == NULL);
    CHECK_EQ(store_commit(st), STORE_OK);
    CHECK_EQ(store_open(&cfg, T0, &other), STORE_OK);
    if (other) {
        CHECK_EQ(store_history(other, STORE_GENERAL_ID, 0, page, 4, &n), STORE_OK);
        CHECK_EQ(n, 1);
        /* Now the second store writes while the first tries to. */
        CHECK_EQ(store_begin(other), STORE_OK);
        store_posted out;
        store_post p = {.room_id = STORE_GENERAL_ID,
                        .sender_name = "guest",
                        .client_id = 3,
                        .time_ms = T0,
                        .text = "blocked"};
        CHECK_EQ(store_message_post(st, &p, &out), STORE_ERR_BUSY);
        CHECK(strlen(store_last_error(st)) > 0);
        store_rollback(other);
        CHECK_EQ(store_message_post(st, &p, &out), STORE_OK);
        store_close(other);
    }
    store_close(st);
    test_rmtree(dir);
}

/* A hand-edited database that breaks the rules is reported, never overflowed. */
static void test_corrupt_rows(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account alice = reg(st, "alice", T0);
    store_account bob = reg(st, "bob", T0);
    sqlite3 *db = raw_open(dir);
    raw_exec(db, "UPDATE accounts SET role = 9 WHERE name = 'alice'");
    raw_exec(db, "UPDATE accounts SET name = 'bobbobbobbobbobbobbobbobbobbobbobbob' "
                 "WHERE name = 'bob'");
    raw_exec(db, "UPDATE rooms SET topic = replace(hex(zeroblob(300)), '0', 'x') WHERE id = 1");
    sqlite3_close(db);
    store_account a;
    CHECK_EQ(store_account_by_id(st, alice.id, &a), STORE_ERR_CORRUPT);
    CHECK_EQ(store_account_by_id(st, bob.id, &a), STORE_ERR_CORRUPT);
    store_room r;
    CHECK_EQ(store_room_by_id(st, STORE_GENERAL_ID, &r), STORE_ERR_CORRUPT);
    store_room list[4];
    size_t n = 9;
    CHECK_EQ(store_room_list(st, 0, list, 4, &n), STORE_ERR_CORRUPT);
    CHECK_EQ(n, 0);
    store_close(st);
    test_rmtree(dir);
}

/* Migration. ------------------------------------------------------------------------------ */

/* The v1 schema exactly as released, frozen here: a real v1 database must keep upgrading
 * even after store.c moves on. */
static const char v1_schema[] =
    "PRAGMA application_id = 1349676153;"
    "CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  email TEXT, pwhash TEXT NOT NULL, role INTEGER NOT NULL, created_ms INTEGER NOT NULL);"
    "CREATE TABLE rooms(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  topic TEXT NOT NULL DEFAULT '', private INTEGER NOT NULL DEFAULT 0, pwhash TEXT,"
    "  owner_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
    "  created_ms INTEGER NOT NULL);"
    "CREATE TABLE memberships("
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
    "  joined_ms INTEGER NOT NULL, PRIMARY KEY(account_id, room_id)) WITHOUT ROWID;"
    "CREATE INDEX memberships_room ON memberships(room_id, account_id);"
    "CREATE TABLE messages(id INTEGER PRIMARY KEY,"
    "  room_id INTEGER REFERENCES rooms(id) ON DELETE CASCADE,"
    "  to_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,"
    "  sender_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
    "  sender_name TEXT NOT NULL COLLATE NOCASE, client_id INTEGER NOT NULL,"
    "  time_ms INTEGER NOT NULL, text TEXT NOT NULL, edited INTEGER NOT NULL DEFAULT 0,"
    "  deleted INTEGER NOT NULL DEFAULT 0, pending INTEGER NOT NULL DEFAULT 0,"
    "  CHECK ((room_id IS NULL) <> (to_id IS NULL)), UNIQUE(sender_name, client_id));"
    "CREATE INDEX messages_room ON messages(room_id, id);"
    "CREATE INDEX messages_dm ON messages(to_id, sender_id, id);"
    "CREATE INDEX messages_pending ON messages(to_id, id) WHERE pending = 1;"
    "INSERT INTO rooms(id, name, created_ms) VALUES(1, 'General', 1600000000000);"
    "PRAGMA user_version = 1;";

static void test_migrate_v1(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    char hash[crypto_pwhash_STRBYTES];
    CHECK(crypto_pwhash_str(hash, "old password", 12, crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);
    sqlite3 *db = raw_open(dir);
    raw_exec(db, v1_schema);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO accounts(id, name, email, pwhash, role, created_ms) "
             "VALUES(1, 'Oldtimer', 'old@example.org', '%s', 4, 1600000000001);",
             hash);
    raw_exec(db, sql);
    raw_exec(db, "INSERT INTO rooms(id, name, topic, owner_id, created_ms) "
                 "VALUES(2, 'Lounge', 'old topic', 1, 1600000000002);"
                 "INSERT INTO memberships VALUES(1, 2, 1600000000003);"
                 "INSERT INTO messages(room_id, sender_id, sender_name, client_id, time_ms, text)"
                 "  VALUES(2, 1, 'Oldtimer', 77, 1600000000004, 'from v1');");
    CHECK_EQ(raw_int(db, "PRAGMA user_version"), 1);
    sqlite3_close(db);

    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    CHECK_EQ(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_account a;
    CHECK_EQ(store_login(st, "oldtimer", "old password", &a), STORE_OK);
    CHECK_EQ(a.id, 1);
    CHECK_STR(a.email, "old@example.org");
    CHECK_EQ(a.role, STORE_ROLE_OWNER);
    CHECK(!a.banned); /* the v2 column's default */
    CHECK_EQ(a.created_ms, 1600000000001);
    store_room r;
    CHECK_EQ(store_room_by_id(st, STORE_GENERAL_ID, &r), STORE_OK);
    CHECK_EQ(r.created_ms, 1600000000000); /* General is not re-seeded */
    CHECK_EQ(store_room_by_name(st, "lounge", &r), STORE_OK);
    CHECK_STR(r.topic, "old topic");
    int64_t rooms[2];
    size_t n = 0;
    CHECK_EQ(store_member_rooms(st, 1, rooms, 2, &n), STORE_OK);
    CHECK_EQ(n, 1);
    store_message page[2];
    CHECK_EQ(store_history(st, 2, 0, page, 2, &n), STORE_OK);
    CHECK_EQ(n, 1);
    CHECK_STR(page[0].text, "from v1");
    CHECK_EQ(page[0].client_id, 77);
    CHECK_EQ(page[0].note_ms, 0u); /* the v3 column's default: old messages are text */

    /* What v2 added works on the upgraded data. */
    store_account b = reg(st, "newcomer", T0);
    CHECK_EQ(b.role, STORE_ROLE_USER); /* the store was not fresh */
    CHECK_EQ(store_ban(st, b.id, "v2 column"), STORE_OK);
    CHECK_EQ(store_mute(st, 1, 2, T0 + 5), STORE_OK);
    CHECK_EQ(store_ban_address(st, "10.1.1.1", NULL, T0), STORE_OK);
    /* And what v3 added: voice notes. */
    static const uint8_t audio[] = {1, 2, 3};
    store_post np = {.room_id = 2,
                     .sender_id = 1,
                     .sender_name = "Oldtimer",
                     .client_id = 78,
                     .time_ms = T0,
                     .text = "voice note, 1.0 s",
                     .note_ms = 1000};
    store_posted pp;
    CHECK_EQ(store_note_post(st, &np, audio, sizeof audio, &pp), STORE_OK);
    store_close(st);

    db = raw_open(dir);
    CHECK_EQ(raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_EQ(raw_int(db, "SELECT count(*) FROM rooms WHERE name = 'General'"), 1);
    sqlite3_close(db);
    test_rmtree(dir);
}

/* Voice notes. ----------------------------------------------------------------------------- */

static void test_notes(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store *st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (!st) return;
    store_account a = reg(st, "alice", T0);
    static uint8_t audio[STORE_NOTE_MAX], out[STORE_NOTE_MAX];
    for (size_t i = 0; i < sizeof audio; i++) audio[i] = (uint8_t)(i * 13 + 5);
    store_post p = {.room_id = STORE_GENERAL_ID,
                    .sender_id = a.id,
                    .sender_name = "alice",
                    .client_id = 1,
                    .time_ms = T0,
                    .text = "voice note, 60.0 s",
                    .note_ms = STORE_NOTE_MAX_MS};
    store_posted got;
    CHECK_EQ(store_note_post(st, &p, audio, sizeof audio, &got), STORE_OK);
    CHECK(got.id > 0 && !got.duplicate);
    size_t len = 0;
    CHECK_EQ(store_note_get(st, got.id, out, sizeof out, &len), STORE_OK);
    CHECK(len == sizeof audio && memcmp(out, audio, len) == 0);
    CHECK_EQ(store_note_get(st, got.id, out, 10, &len), STORE_ERR_CORRUPT); /* cap too small */
    store_message m;
    CHECK_EQ(store_message_get(st, got.id, &m), STORE_OK);
    CHECK_EQ(m.note_ms, (uint32_t)STORE_NOTE_MAX_MS);
    CHECK_STR(m.text, "voice note, 60.0 s");
    /* a resend stores nothing */
    store_posted again;
    CHECK_EQ(store_note_post(st, &p, audio, 3, &again), STORE_OK);
    CHECK(again.duplicate && again.id == got.id);
    CHECK_EQ(store_note_get(st, got.id, out, sizeof out, &len), STORE_OK);
    CHECK_EQ(len, sizeof audio);
    /* limits, and nothing half-stored when the message cannot be posted */
    p.client_id = 2;
    CHECK_EQ(store_note_post(st, &p, audio, sizeof audio + 1, &again), STORE_ERR_NOTE);
    CHECK_EQ(store_note_post(st, &p, audio, 0, &again), STORE_ERR_NOTE);
    p.note_ms = STORE_NOTE_MAX_MS + 1;
    CHECK_EQ(store_note_post(st, &p, audio, 3, &again), STORE_ERR_NOTE);
    p.note_ms = 100;
    p.room_id = 999; /* no such room */
    CHECK(store_note_post(st, &p, audio, 3, &again) != STORE_OK);
    p.room_id = STORE_GENERAL_ID;
    CHECK_EQ(store_note_post(st, &p, audio, 3, &again), STORE_OK); /* client id 2 still free */
    /* text messages have no audio; deleting a note drops it */
    store_post t = {.room_id = STORE_GENERAL_ID,
                    .sender_id = a.id,
                    .sender_name = "alice",
                    .client_id = 3,
                    .time_ms = T0,
                    .text = "hi"};
    store_posted tp;
    CHECK_EQ(store_message_post(st, &t, &tp), STORE_OK);
    CHECK_EQ(store_note_get(st, tp.id, out, sizeof out, &len), STORE_ERR_NO_MESSAGE);
    CHECK_EQ(store_message_delete(st, got.id), STORE_OK);
    CHECK_EQ(store_note_get(st, got.id, out, sizeof out, &len), STORE_ERR_NO_MESSAGE);
    /* inside a batch too, and across a reopen */
    CHECK_EQ(store_begin(st), STORE_OK);
    p.client_id = 4;
    CHECK_EQ(store_note_post(st, &p, audio, 5, &got), STORE_OK);
    CHECK_EQ(store_commit(st), STORE_OK);
    store_close(st);
    st = open_fast(dir, T0);
    CHECK(st != NULL);
    if (st) {
        CHECK_EQ(store_note_get(st, got.id, out, sizeof out, &len), STORE_OK);
        CHECK_EQ(len, 5u);
        store_message page[8];
        size_t n = 0;
        CHECK_EQ(store_history(st, STORE_GENERAL_ID, 0, page, 8, &n), STORE_OK);
        CHECK(n >= 1 && page[n - 1].id == got.id && page[n - 1].note_ms == 100);
        store_close(st);
    }
    test_rmtree(dir);
}

/* Error messages. ------------------------------------------------------------------------- */

static void test_err_strings(void)
{
    for (int i = 0; i < STORE_ERR_COUNT_; i++) {
        const char *s = store_err_str((store_err)i);
        CHECK(s && strlen(s) > 1);
        CHECK(strcmp(s, "unknown store error") != 0);
        for (int j = 0; j < i; j++) CHECK(strcmp(s, store_err_str((store_err)j)) != 0);
    }
    CHECK_STR(store_err_str(STORE_ERR_NAME_TAKEN), "name already taken");
    CHECK_STR(store_err_str(STORE_ERR_PASSWORD_SHORT), "password must be at least 8 characters");
    CHECK_STR(store_err_str((store_err)999), "unknown store error");
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    TEST_RUN(test_fresh_store);
    TEST_RUN(test_open_errors);
    TEST_RUN(test_name_rules);
    TEST_RUN(test_email_rules);
    TEST_RUN(test_register);
    TEST_RUN(test_login);
    TEST_RUN(test_rehash_on_login);
    TEST_RUN(test_lookup_and_search);
    TEST_RUN(test_roles);
    TEST_RUN(test_bans);
    TEST_RUN(test_rooms);
    TEST_RUN(test_memberships_and_mutes);
    TEST_RUN(test_message_post);
    TEST_RUN(test_history_pages);
    TEST_RUN(test_edit_delete);
    TEST_RUN(test_direct_messages);
    TEST_RUN(test_reopen_keeps_everything);
    TEST_RUN(test_survives_kill);
    TEST_RUN(test_batches);
    TEST_RUN(test_corrupt_rows);
    TEST_RUN(test_migrate_v1);
    TEST_RUN(test_notes);
    TEST_RUN(test_err_strings);
    return test_summary();
}
