/* App voice notes: chunks in, the note stored and delivered to members only, fetch
 * permissions, refusals with a specific error, and a note surviving a restart. The app runs
 * without sockets; a fake send callback decodes and records what it sends. */
#include "app.h"
#include "conn.h"
#include "msg.h"
#include "store.h"
#include "voice_note.h"
#include "../test.h"
#include "../test_fs.h"

#include <sodium.h>
#include <stdlib.h>

#define T0 1700000000000LL

typedef struct rec_entry {
    uint32_t session;
    msg m;
} rec_entry;

#define REC_CAP 256
static rec_entry *rec;
static size_t rec_n;
static uint32_t next_req = 1;
static int64_t now_ms = T0; /* the time messages arrive at */

static void fake_send(void *user, uint32_t session, int channel, const uint8_t *data, size_t len)
{
    (void)user;
    CHECK(rec_n < REC_CAP);
    if (rec_n >= REC_CAP) return;
    bool ok = msg_decode(data, len, &rec[rec_n].m, NULL);
    CHECK(ok);
    if (!ok) return;
    CHECK_EQ(msg_channel(rec[rec_n].m.type), channel);
    rec[rec_n++].session = session;
}

static void fake_close(void *user, uint32_t session)
{
    (void)user, (void)session;
}

static void fake_log(void *user, int level, const char *text)
{
    (void)user;
    if (getenv("APP_TEST_LOG")) fprintf(stderr, "    log %d: %s\n", level, text);
}

static const msg *last_of(uint32_t s, msg_type t)
{
    const msg *r = NULL;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == t) r = &rec[i].m;
    return r;
}

static size_t count(uint32_t s, msg_type t)
{
    size_t n = 0;
    for (size_t i = 0; i < rec_n; i++) n += rec[i].session == s && rec[i].m.type == t;
    return n;
}

typedef struct fx {
    char dir[64];
    store *st;
    app *a;
} fx;

static app *fx_app(fx *f)
{
    app_config cfg = {.chat_rate = 1e6, .join_rate = 1e6, .login_rate = 1e6};
    cfg.st = f->st;
    cfg.send = fake_send;
    cfg.close = fake_close;
    cfg.log = fake_log;
    return app_create(&cfg);
}

static bool fx_open(fx *f)
{
    test_tmpdir(f->dir, sizeof f->dir);
    store_config sc = {.data_dir = f->dir,
                       .pwhash_ops = crypto_pwhash_OPSLIMIT_MIN,
                       .pwhash_mem = crypto_pwhash_MEMLIMIT_MIN};
    f->st = NULL;
    CHECK_EQ(store_open(&sc, T0, &f->st), STORE_OK);
    f->a = f->st ? fx_app(f) : NULL;
    CHECK(f->a != NULL);
    rec_n = 0;
    now_ms = T0;
    return f->a != NULL;
}

static void fx_close(fx *f)
{
    app_destroy(f->a);
    store_close(f->st);
    test_rmtree(f->dir);
}

static void send_msg(fx *f, uint32_t s, const msg *m)
{
    static uint8_t buf[MSG_MAX_SIZE];
    size_t len = 0;
    bool ok = msg_encode(m, buf, sizeof buf, &len);
    CHECK(ok);
    if (ok) app_on_message(f->a, s, msg_channel(m->type), buf, len, now_ms);
}

static msg_err request(fx *f, uint32_t s, msg *m, uint32_t *req)
{
    *req = next_req++;
    send_msg(f, s, m);
    const msg *r = NULL;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == MSG_RESULT && rec[i].m.result.req == *req)
            r = &rec[i].m;
    return r ? r->result.err : MSG_ERR_COUNT;
}

/* A connection that registers `name` (a new account) or logs in to it (another session). */
static void connect_as(fx *f, uint32_t s, const char *name, bool reg)
{
    net_addr addr = net_addr_make(0x7f000001, (uint16_t)(40000 + s));
    app_on_connect(f->a, s, &addr, now_ms);
    static msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_HELLO;
    m.hello.version = MSG_PROTOCOL_VERSION;
    CHECK_EQ(request(f, s, &m, &m.hello.req), MSG_OK);
    memset(&m, 0, sizeof m);
    if (reg) {
        m.type = MSG_REGISTER;
        snprintf(m.register_.name, sizeof m.register_.name, "%s", name);
        snprintf(m.register_.password, sizeof m.register_.password, "password123");
        CHECK_EQ(request(f, s, &m, &m.register_.req), MSG_OK);
    } else {
        m.type = MSG_LOGIN;
        snprintf(m.login.name, sizeof m.login.name, "%s", name);
        snprintf(m.login.password, sizeof m.login.password, "password123");
        CHECK_EQ(request(f, s, &m, &m.login.req), MSG_OK);
    }
}

static void user(fx *f, uint32_t s, const char *name)
{
    connect_as(f, s, name, true);
}

static void login(fx *f, uint32_t s, const char *name)
{
    connect_as(f, s, name, false);
}

static msg_err create_room(fx *f, uint32_t s, const char *name, uint32_t *id)
{
    static msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_ROOM_CREATE;
    snprintf(m.room_create.name, sizeof m.room_create.name, "%s", name);
    msg_err e = request(f, s, &m, &m.room_create.req);
    const msg *r = last_of(s, MSG_RESULT);
    *id = r ? r->result.id : 0;
    return e;
}

/* A container of `frames` frames of `flen` bytes each (not real Speex: the server never
 * decodes). */
static size_t make_note(uint8_t *buf, size_t cap, uint32_t frames, size_t flen)
{
    vn_writer w;
    if (!vn_write_begin(&w, buf, cap, VW_MODE_WB)) return 0;
    uint8_t frame[VN_FRAME_MAX];
    for (size_t i = 0; i < flen; i++) frame[i] = (uint8_t)(i * 7 + 1);
    for (uint32_t i = 0; i < frames; i++) vn_write_frame(&w, frame, flen);
    return vn_write_end(&w);
}

/* Sends a note in chunks; returns the CHAT_ACK's error (MSG_ERR_COUNT when none came). */
static msg_err send_note(fx *f, uint32_t s, uint32_t room, const char *to, uint64_t id,
                         const uint8_t *data, size_t len, uint64_t *server_id)
{
    static msg m;
    size_t before = count(s, MSG_CHAT_ACK);
    size_t off = 0;
    do {
        memset(&m, 0, sizeof m);
        m.type = MSG_NOTE_SEND;
        m.note_send.client_msg_id = id;
        m.note_send.room_id = room;
        snprintf(m.note_send.to, sizeof m.note_send.to, "%s", to);
        m.note_send.total = (uint32_t)len;
        m.note_send.offset = (uint32_t)off;
        size_t n = len - off < MSG_NOTE_CHUNK ? len - off : MSG_NOTE_CHUNK;
        m.note_send.len = (uint32_t)n;
        memcpy(m.note_send.data, data + off, n);
        send_msg(f, s, &m);
        off += n;
    } while (off < len);
    if (count(s, MSG_CHAT_ACK) != before + 1) return MSG_ERR_COUNT;
    const msg *ack = last_of(s, MSG_CHAT_ACK);
    CHECK_EQ(ack->chat_ack.client_msg_id, id);
    if (server_id) *server_id = ack->chat_ack.server_id;
    return ack->chat_ack.err;
}

/* Fetches a note; returns NOTE_DATA's error and reassembles the audio into out. */
static msg_err fetch(fx *f, uint32_t s, uint64_t server_id, uint8_t *out, size_t cap, size_t *len,
                     uint32_t *ms)
{
    static msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_NOTE_FETCH;
    m.note_fetch.req = next_req++;
    m.note_fetch.server_id = server_id;
    rec_n = 0;
    send_msg(f, s, &m);
    msg_err err = MSG_ERR_COUNT;
    *len = 0;
    for (size_t i = 0; i < rec_n; i++) {
        const msg_note_data *d = &rec[i].m.note_data;
        if (rec[i].session != s || rec[i].m.type != MSG_NOTE_DATA || d->req != m.note_fetch.req)
            continue;
        err = d->err;
        if (ms) *ms = d->duration_ms;
        CHECK_EQ(d->offset, *len); /* in order, no gaps */
        if (d->offset + d->len <= cap) memcpy(out + d->offset, d->data, d->len);
        *len = d->offset + d->len;
    }
    return err;
}

static uint8_t note[VN_MAX_BYTES], got[VN_MAX_BYTES];

static void test_room_note(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    user(&f, 3, "carol");
    uint32_t room = 0;
    CHECK_EQ(create_room(&f, 1, "Notes", &room), MSG_OK);
    static msg j;
    memset(&j, 0, sizeof j);
    j.type = MSG_ROOM_JOIN;
    j.room_join.room_id = room;
    CHECK_EQ(request(&f, 2, &j, &j.room_join.req), MSG_OK);
    /* 615 frames of 70 bytes: 12.3 s, several chunks */
    size_t len = make_note(note, sizeof note, 615, 70);
    CHECK(len > 3 * MSG_NOTE_CHUNK);
    rec_n = 0;
    uint64_t id = 0;
    CHECK_EQ(send_note(&f, 1, room, "", 77, note, len, &id), MSG_OK);
    CHECK(id != 0);
    /* delivered live to the members, as a chat message with its duration */
    const msg *cm = last_of(2, MSG_CHAT_MESSAGE);
    CHECK(cm && cm->chat_message.note_ms == 12300 && cm->chat_message.server_id == id);
    CHECK(cm && strcmp(cm->chat_message.text, "voice note, 12.3 s") == 0);
    CHECK(last_of(1, MSG_CHAT_MESSAGE) != NULL);
    CHECK_EQ(count(3, MSG_CHAT_MESSAGE), 0u); /* carol is not in the room */
    /* members fetch the same bytes */
    size_t n = 0;
    uint32_t ms = 0;
    CHECK_EQ(fetch(&f, 2, id, got, sizeof got, &n, &ms), MSG_OK);
    CHECK(n == len && memcmp(got, note, len) == 0 && ms == 12300);
    /* a non-member's fetch is refused as if the note did not exist */
    CHECK_EQ(fetch(&f, 3, id, got, sizeof got, &n, &ms), MSG_ERR_NO_SUCH_MESSAGE);
    CHECK_EQ(n, 0u);
    CHECK_EQ(fetch(&f, 2, id + 1000, got, sizeof got, &n, &ms), MSG_ERR_NO_SUCH_MESSAGE);
    /* a resend is a duplicate, stored once */
    rec_n = 0;
    CHECK_EQ(send_note(&f, 1, room, "", 77, note, len, NULL), MSG_OK);
    CHECK(last_of(1, MSG_CHAT_ACK)->chat_ack.duplicate);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0u);
    /* the note's summary cannot be edited; deleting drops the audio */
    static msg e;
    memset(&e, 0, sizeof e);
    e.type = MSG_CHAT_EDIT;
    e.chat_edit.client_msg_id = 78;
    e.chat_edit.server_id = id;
    snprintf(e.chat_edit.text, sizeof e.chat_edit.text, "not a note");
    send_msg(&f, 1, &e);
    CHECK_EQ(last_of(1, MSG_CHAT_ACK)->chat_ack.err, MSG_ERR_NO_SUCH_MESSAGE);
    memset(&e, 0, sizeof e);
    e.type = MSG_CHAT_DELETE;
    e.chat_delete.client_msg_id = 79;
    e.chat_delete.server_id = id;
    send_msg(&f, 1, &e);
    CHECK_EQ(last_of(1, MSG_CHAT_ACK)->chat_ack.err, MSG_OK);
    CHECK_EQ(fetch(&f, 2, id, got, sizeof got, &n, &ms), MSG_ERR_NO_SUCH_MESSAGE);
    fx_close(&f);
}

static void test_dm_note(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    user(&f, 3, "carol");
    size_t len = make_note(note, sizeof note, 50, 40);
    rec_n = 0;
    uint64_t id = 0;
    CHECK_EQ(send_note(&f, 1, 0, "bob", 5, note, len, &id), MSG_OK);
    const msg *cm = last_of(2, MSG_CHAT_MESSAGE);
    CHECK(cm && cm->chat_message.dm && cm->chat_message.note_ms == 1000);
    CHECK_EQ(count(3, MSG_CHAT_MESSAGE), 0u);
    size_t n = 0;
    uint32_t ms = 0;
    CHECK_EQ(fetch(&f, 2, id, got, sizeof got, &n, &ms), MSG_OK);
    CHECK(n == len && memcmp(got, note, len) == 0);
    CHECK_EQ(fetch(&f, 1, id, got, sizeof got, &n, &ms), MSG_OK);
    CHECK_EQ(fetch(&f, 3, id, got, sizeof got, &n, &ms), MSG_ERR_NO_SUCH_MESSAGE);
    /* to nobody */
    CHECK_EQ(send_note(&f, 1, 0, "nobody", 6, note, len, NULL), MSG_ERR_NO_SUCH_USER);
    fx_close(&f);
}

static void test_refused(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 3, "carol");
    uint32_t room = 0;
    CHECK_EQ(create_room(&f, 1, "Notes", &room), MSG_OK);
    /* over the time limit: 3001 frames (60.02 s) of 1 byte */
    size_t len = make_note(note, sizeof note, VN_MAX_FRAMES, 1);
    CHECK(len > 0);
    note[len] = 1, note[len + 1] = 9; /* one more frame, by hand */
    uint32_t frames = VN_MAX_FRAMES + 1;
    note[6] = (uint8_t)frames, note[7] = (uint8_t)(frames >> 8);
    CHECK_EQ(send_note(&f, 1, room, "", 10, note, len + 2, NULL), MSG_ERR_TOO_LONG);
    /* malformed: bad magic; cut short; trailing bytes */
    len = make_note(note, sizeof note, 100, 30);
    note[0] = 'X';
    CHECK_EQ(send_note(&f, 1, room, "", 11, note, len, NULL), MSG_ERR_BAD_NOTE);
    note[0] = 'P';
    CHECK_EQ(send_note(&f, 1, room, "", 12, note, len - 1, NULL), MSG_ERR_BAD_NOTE);
    CHECK_EQ(send_note(&f, 1, room, "", 13, note, len + 1, NULL), MSG_ERR_BAD_NOTE);
    /* not a member of the room */
    CHECK_EQ(send_note(&f, 3, room, "", 14, note, len, NULL), MSG_ERR_NOT_IN_ROOM);
    /* chunks out of order: a second chunk that skips ahead */
    static msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_NOTE_SEND;
    m.note_send.client_msg_id = 15;
    m.note_send.room_id = room;
    m.note_send.total = 3 * MSG_NOTE_CHUNK;
    m.note_send.len = MSG_NOTE_CHUNK;
    send_msg(&f, 1, &m);
    m.note_send.offset = 2 * MSG_NOTE_CHUNK;
    send_msg(&f, 1, &m);
    CHECK_EQ(last_of(1, MSG_CHAT_ACK)->chat_ack.err, MSG_ERR_BAD_NOTE);
    /* the rest of the refused note is dropped without another answer */
    size_t acks = count(1, MSG_CHAT_ACK);
    m.note_send.offset = MSG_NOTE_CHUNK;
    send_msg(&f, 1, &m);
    CHECK_EQ(count(1, MSG_CHAT_ACK), acks);
    /* a note over the wire's byte limit does not even decode */
    CHECK(!msg_measure(&(msg){.type = MSG_NOTE_SEND,
                              .note_send = {.room_id = 1, .total = MSG_NOTE_MAX_BYTES + 1}}));
    /* a half-sent note is dropped with its session */
    m.note_send.client_msg_id = 16;
    m.note_send.offset = 0;
    send_msg(&f, 1, &m);
    app_on_disconnect(f.a, 1, T0);
    fx_close(&f); /* ASan reports the buffer if it leaked */
}

static void test_restart(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    size_t len = make_note(note, sizeof note, 100, 60);
    uint64_t id = 0;
    CHECK_EQ(send_note(&f, 1, STORE_GENERAL_ID, "", 20, note, len, &id), MSG_OK);
    app_destroy(f.a);
    f.a = fx_app(&f);
    CHECK(f.a != NULL);
    if (!f.a) return;
    rec_n = 0;
    user(&f, 2, "bob");
    static msg j;
    memset(&j, 0, sizeof j);
    j.type = MSG_ROOM_JOIN;
    j.room_join.room_id = STORE_GENERAL_ID;
    request(&f, 2, &j, &j.room_join.req); /* the join sends recent history */
    const msg *cm = NULL;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == 2 && rec[i].m.type == MSG_CHAT_MESSAGE &&
            rec[i].m.chat_message.server_id == id)
            cm = &rec[i].m;
    CHECK(cm && cm->chat_message.history && cm->chat_message.note_ms == 2000);
    size_t n = 0;
    uint32_t ms = 0;
    CHECK_EQ(fetch(&f, 2, id, got, sizeof got, &n, &ms), MSG_OK);
    CHECK(n == len && memcmp(got, note, len) == 0);
    fx_close(&f);
}

/* A note cut by a dropped link is sent again whole on a new connection and stored once; a
 * resend after a server restart (the ack was lost) is a duplicate, not a second note. */
static void test_resend(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    size_t len = make_note(note, sizeof note, 600, 60);
    CHECK(len > 2 * MSG_NOTE_CHUNK);
    /* the first chunk only, then the link drops */
    static msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_NOTE_SEND;
    m.note_send.client_msg_id = 40;
    m.note_send.room_id = STORE_GENERAL_ID;
    m.note_send.total = (uint32_t)len;
    m.note_send.len = MSG_NOTE_CHUNK;
    memcpy(m.note_send.data, note, MSG_NOTE_CHUNK);
    rec_n = 0;
    send_msg(&f, 1, &m);
    CHECK_EQ(count(1, MSG_CHAT_ACK), 0u);
    app_on_disconnect(f.a, 1, now_ms);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0u); /* nothing half-sent is stored */
    /* the client sends it again, whole, on its next connection */
    login(&f, 3, "alice");
    uint64_t id = 0;
    CHECK_EQ(send_note(&f, 3, STORE_GENERAL_ID, "", 40, note, len, &id), MSG_OK);
    CHECK(!last_of(3, MSG_CHAT_ACK)->chat_ack.duplicate);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 1u);
    /* the ack was lost with the link and the server restarted: the resend is a duplicate */
    app_destroy(f.a);
    f.a = fx_app(&f);
    CHECK(f.a != NULL);
    if (!f.a) return;
    rec_n = 0;
    login(&f, 4, "alice");
    login(&f, 5, "bob");
    static msg j;
    memset(&j, 0, sizeof j);
    j.type = MSG_ROOM_JOIN;
    j.room_join.room_id = STORE_GENERAL_ID;
    request(&f, 5, &j, &j.room_join.req);
    rec_n = 0;
    uint64_t again = 0;
    CHECK_EQ(send_note(&f, 4, STORE_GENERAL_ID, "", 40, note, len, &again), MSG_OK);
    CHECK(last_of(4, MSG_CHAT_ACK)->chat_ack.duplicate);
    CHECK_EQ(again, id);
    CHECK_EQ(count(5, MSG_CHAT_MESSAGE), 0u); /* not delivered twice */
    fx_close(&f);
}

/* Fetches are metered in bytes: a session gets about two whole notes at once, then a clear
 * RATE_LIMITED with no data, and more again as time passes. */
static void test_fetch_budget(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    size_t len = make_note(note, sizeof note, 3000, 80); /* 60 s, 243 KB */
    CHECK(len > 240000 && len <= VN_MAX_BYTES);
    uint64_t id = 0;
    CHECK_EQ(send_note(&f, 1, STORE_GENERAL_ID, "", 50, note, len, &id), MSG_OK);
    size_t n = 0;
    uint32_t ms = 0;
    CHECK_EQ(fetch(&f, 1, id, got, sizeof got, &n, &ms), MSG_OK);
    CHECK(n == len && memcmp(got, note, len) == 0);
    CHECK_EQ(fetch(&f, 1, id, got, sizeof got, &n, &ms), MSG_OK);
    CHECK_EQ(fetch(&f, 1, id, got, sizeof got, &n, &ms), MSG_ERR_RATE_LIMITED);
    CHECK_EQ(n, 0u); /* one answer, no audio queued */
    CHECK_EQ(rec_n, 1u);
    /* another session has its own budget */
    login(&f, 2, "alice");
    CHECK_EQ(fetch(&f, 2, id, got, sizeof got, &n, &ms), MSG_OK);
    /* half a second later a whole note fits again */
    now_ms += 500;
    CHECK_EQ(fetch(&f, 1, id, got, sizeof got, &n, &ms), MSG_OK);
    CHECK(n == len && memcmp(got, note, len) == 0);
    fx_close(&f);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    rec = calloc(REC_CAP, sizeof *rec);
    if (!rec) return 1;
    TEST_RUN(test_room_note);
    TEST_RUN(test_dm_note);
    TEST_RUN(test_refused);
    TEST_RUN(test_restart);
    TEST_RUN(test_resend);
    TEST_RUN(test_fetch_budget);
    free(rec);
    return test_summary();
}
