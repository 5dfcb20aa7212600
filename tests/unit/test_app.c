/* App: the server's application logic driven without sockets. A fake send callback decodes
 * every message the app sends and records it per session; a fake close records closes.
 * Each test opens a fresh store (cheapest Argon2 limits) in a temp dir and a fresh app. */
#include "app.h"
#include "conn.h"
#include "msg.h"
#include "store.h"
#include "voice_wire.h"
#include "../test.h"
#include "../test_fs.h"

#include <dirent.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define T0 1700000000000LL /* a fixed "now" */

/* The recorder. --------------------------------------------------------------------------- */

typedef struct rec_entry {
    uint32_t session;
    int channel;
    msg m;
} rec_entry;

/* Allocated once, so pointers into it stay valid while a test goes on sending. */
#define REC_CAP 4096
static rec_entry *rec;
static size_t rec_n;
static uint32_t closed[256];
static size_t nclosed;
static int64_t now_ms = T0;

/* Voice messages the app relayed: not msg encodings, so kept apart. */
typedef struct voice_entry {
    uint32_t session;
    size_t len;
    uint8_t data[VW_MAX_DOWN];
} voice_entry;
static voice_entry voice_rec[64];
static size_t voice_n;

static void fake_send(void *user, uint32_t session, int channel, const uint8_t *data, size_t len)
{
    (void)user;
    if (channel == CONN_CH_VOICE) {
        CHECK(len <= VW_MAX_DOWN);
        if (voice_n < sizeof voice_rec / sizeof voice_rec[0] && len <= VW_MAX_DOWN) {
            voice_rec[voice_n].session = session;
            voice_rec[voice_n].len = len;
            memcpy(voice_rec[voice_n].data, data, len);
            voice_n++;
        }
        return;
    }
    CHECK(rec_n < REC_CAP); /* a test that needs more clears in between */
    if (rec_n >= REC_CAP) return;
    rec_entry *e = &rec[rec_n];
    e->session = session;
    e->channel = channel;
    bool ok = msg_decode(data, len, &e->m, NULL);
    CHECK(ok); /* everything the app sends decodes */
    if (!ok) return;
    CHECK_EQ(msg_channel(e->m.type), channel); /* and travels on its own channel */
    CHECK(msg_senders(e->m.type) & MSG_FROM_SERVER);
    rec_n++;
}

static void fake_close(void *user, uint32_t session)
{
    (void)user;
    if (nclosed < sizeof closed / sizeof closed[0]) closed[nclosed++] = session;
}

static void fake_log(void *user, int level, const char *text)
{
    (void)user;
    if (getenv("APP_TEST_LOG")) fprintf(stderr, "    log %d: %s\n", level, text);
}

static void rec_clear(void)
{
    rec_n = 0;
    nclosed = 0;
}

static bool was_closed(uint32_t s)
{
    for (size_t i = 0; i < nclosed; i++)
        if (closed[i] == s) return true;
    return false;
}

/* The nth (0-based) message of a type a session received since the last clear. */
static const msg *nth(uint32_t s, msg_type t, size_t n)
{
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == t && n-- == 0) return &rec[i].m;
    return NULL;
}

static size_t count(uint32_t s, msg_type t)
{
    size_t n = 0;
    for (size_t i = 0; i < rec_n; i++) n += rec[i].session == s && rec[i].m.type == t;
    return n;
}

static size_t count_all(uint32_t s)
{
    size_t n = 0;
    for (size_t i = 0; i < rec_n; i++) n += rec[i].session == s;
    return n;
}

/* The index in the log of a session's first message of a type, or SIZE_MAX. */
static size_t where(uint32_t s, msg_type t)
{
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == t) return i;
    return SIZE_MAX;
}

/* The first ROOM_EVENT of a kind about a room a session received. */
static const msg *room_event(uint32_t s, msg_room_event_kind kind, uint32_t room)
{
    for (size_t i = 0; i < rec_n; i++) {
        const msg *m = &rec[i].m;
        if (rec[i].session == s && m->type == MSG_ROOM_EVENT && m->room_event.kind == kind &&
            m->room_event.room.room_id == room)
            return m;
    }
    return NULL;
}

/* Fixture. -------------------------------------------------------------------------------- */

typedef struct fx {
    char dir[64];
    store *st;
    app *a;
} fx;

static bool fx_open_cfg(fx *f, app_config cfg)
{
    now_ms = T0;
    test_tmpdir(f->dir, sizeof f->dir);
    store_config sc = {.data_dir = f->dir,
                       .pwhash_ops = crypto_pwhash_OPSLIMIT_MIN,
                       .pwhash_mem = crypto_pwhash_MEMLIMIT_MIN};
    f->st = NULL;
    CHECK_EQ(store_open(&sc, now_ms, &f->st), STORE_OK);
    cfg.st = f->st;
    cfg.send = fake_send;
    cfg.close = fake_close;
    cfg.log = fake_log;
    f->a = f->st ? app_create(&cfg) : NULL;
    CHECK(f->a != NULL);
    rec_clear();
    return f->a != NULL;
}

/* Rates high enough that only the rate-limit tests meet them. */
static app_config fast_rates(void)
{
    return (app_config){.chat_rate = 1e6, .join_rate = 1e6, .login_rate = 1e6};
}

static bool fx_open(fx *f)
{
    return fx_open_cfg(f, fast_rates());
}

static void fx_close(fx *f)
{
    app_destroy(f->a);
    store_close(f->st);
    test_rmtree(f->dir);
}

/* Driving the app. ------------------------------------------------------------------------ */

static uint32_t next_req = 1;

static void send_on(fx *f, uint32_t s, int channel, const msg *m)
{
    uint8_t buf[MSG_MAX_SIZE];
    size_t len = 0;
    bool ok = msg_encode(m, buf, sizeof buf, &len);
    CHECK(ok);
    if (ok) app_on_message(f->a, s, channel, buf, len, now_ms);
}

static void send_msg(fx *f, uint32_t s, const msg *m)
{
    send_on(f, s, msg_channel(m->type), m);
}

/* The error of the last RESULT for req on session s; MSG_ERR_COUNT when none came. */
static msg_err result_err(uint32_t s, uint32_t req)
{
    msg_err err = MSG_ERR_COUNT;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == MSG_RESULT && rec[i].m.result.req == req)
            err = rec[i].m.result.err;
    return err;
}

static const msg *result_of(uint32_t s, uint32_t req)
{
    const msg *r = NULL;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == MSG_RESULT && rec[i].m.result.req == req)
            r = &rec[i].m;
    return r;
}

static void connect_as(fx *f, uint32_t s, uint32_t ip)
{
    net_addr addr = net_addr_make(ip, (uint16_t)(40000 + s % 1000));
    app_on_connect(f->a, s, &addr, now_ms);
}

static void connect_(fx *f, uint32_t s)
{
    connect_as(f, s, 0x7f000001);
}

static msg_err hello(fx *f, uint32_t s)
{
    msg m = {.type = MSG_HELLO};
    m.hello.req = next_req++;
    m.hello.version = MSG_PROTOCOL_VERSION;
    snprintf(m.hello.client, sizeof m.hello.client, "test_app");
    send_msg(f, s, &m);
    return result_err(s, m.hello.req);
}

static msg_err reg_on(fx *f, uint32_t s, const char *name, const char *email, const char *pw)
{
    msg m = {.type = MSG_REGISTER};
    m.register_.req = next_req++;
    snprintf(m.register_.name, sizeof m.register_.name, "%s", name);
    snprintf(m.register_.email, sizeof m.register_.email, "%s", email);
    snprintf(m.register_.password, sizeof m.register_.password, "%s", pw);
    send_msg(f, s, &m);
    return result_err(s, m.register_.req);
}

static msg_err login(fx *f, uint32_t s, const char *name, const char *pw)
{
    msg m = {.type = MSG_LOGIN};
    m.login.req = next_req++;
    snprintf(m.login.name, sizeof m.login.name, "%s", name);
    snprintf(m.login.password, sizeof m.login.password, "%s", pw);
    send_msg(f, s, &m);
    return result_err(s, m.login.req);
}

static msg_err guest(fx *f, uint32_t s, const char *name)
{
    msg m = {.type = MSG_GUEST};
    m.guest.req = next_req++;
    snprintf(m.guest.name, sizeof m.guest.name, "%s", name);
    send_msg(f, s, &m);
    return result_err(s, m.guest.req);
}

static msg_err resume(fx *f, uint32_t s, const uint8_t *token)
{
    msg m = {.type = MSG_RESUME};
    m.resume.req = next_req++;
    memcpy(m.resume.token, token, MSG_TOKEN_SIZE);
    send_msg(f, s, &m);
    return result_err(s, m.resume.req);
}

static msg_err simple(fx *f, uint32_t s, msg_type t)
{
    msg m = {.type = t};
    m.logout.req = next_req++; /* LOGOUT and ROOM_LIST share msg_request */
    send_msg(f, s, &m);
    return result_err(s, m.logout.req);
}

/* Connects, says HELLO and registers: the usual start of a test user. */
static void user(fx *f, uint32_t s, const char *name)
{
    connect_(f, s);
    CHECK_EQ(hello(f, s), MSG_OK);
    CHECK_EQ(reg_on(f, s, name, "", "password123"), MSG_OK);
}

static void guest_user(fx *f, uint32_t s, const char *name)
{
    connect_(f, s);
    CHECK_EQ(hello(f, s), MSG_OK);
    CHECK_EQ(guest(f, s, name), MSG_OK);
}

static const msg_session *last_session(uint32_t s)
{
    const msg_session *r = NULL;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == MSG_SESSION) r = &rec[i].m.session;
    return r;
}

static msg_err create(fx *f, uint32_t s, const char *name, bool priv, const char *pw, uint32_t *id)
{
    msg m = {.type = MSG_ROOM_CREATE};
    m.room_create.req = next_req++;
    snprintf(m.room_create.name, sizeof m.room_create.name, "%s", name);
    snprintf(m.room_create.topic, sizeof m.room_create.topic, "about %s", name);
    m.room_create.is_private = priv;
    snprintf(m.room_create.password, sizeof m.room_create.password, "%s", pw);
    send_msg(f, s, &m);
    const msg *r = result_of(s, m.room_create.req);
    if (id) *id = r ? r->result.id : 0;
    return r ? r->result.err : MSG_ERR_COUNT;
}

static uint32_t join_req;

static msg_err join(fx *f, uint32_t s, uint32_t room, const char *name, const char *pw)
{
    msg m = {.type = MSG_ROOM_JOIN};
    m.room_join.req = join_req = next_req++;
    m.room_join.room_id = room;
    snprintf(m.room_join.name, sizeof m.room_join.name, "%s", name);
    snprintf(m.room_join.password, sizeof m.room_join.password, "%s", pw);
    send_msg(f, s, &m);
    return result_err(s, m.room_join.req);
}

static msg_err room_req(fx *f, uint32_t s, msg_type t, uint32_t room)
{
    msg m = {.type = t};
    m.room_leave.req = next_req++;
    m.room_leave.room_id = room;
    send_msg(f, s, &m);
    return result_err(s, m.room_leave.req);
}

static msg_err status_set(fx *f, uint32_t s, msg_status st, const char *text)
{
    msg m = {.type = MSG_STATUS_SET};
    m.status_set.req = next_req++;
    m.status_set.status = st;
    snprintf(m.status_set.text, sizeof m.status_set.text, "%s", text);
    send_msg(f, s, &m);
    return result_err(s, m.status_set.req);
}

/* The CHAT_ACK for a client id (the last one), or NULL. */
static const msg_chat_ack *ack_of(uint32_t s, uint64_t cid)
{
    const msg_chat_ack *r = NULL;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == MSG_CHAT_ACK &&
            rec[i].m.chat_ack.client_msg_id == cid)
            r = &rec[i].m.chat_ack;
    return r;
}

static msg_err say(fx *f, uint32_t s, uint32_t room, uint64_t cid, const char *text)
{
    msg m = {.type = MSG_CHAT_SEND};
    m.chat_send.room_id = room;
    m.chat_send.client_msg_id = cid;
    snprintf(m.chat_send.text, sizeof m.chat_send.text, "%s", text);
    send_msg(f, s, &m);
    const msg_chat_ack *a = ack_of(s, cid);
    return a ? a->err : MSG_ERR_COUNT;
}

static msg_err dm(fx *f, uint32_t s, const char *to, uint64_t cid, const char *text)
{
    msg m = {.type = MSG_CHAT_DM};
    snprintf(m.chat_dm.to, sizeof m.chat_dm.to, "%s", to);
    m.chat_dm.client_msg_id = cid;
    snprintf(m.chat_dm.text, sizeof m.chat_dm.text, "%s", text);
    send_msg(f, s, &m);
    const msg_chat_ack *a = ack_of(s, cid);
    return a ? a->err : MSG_ERR_COUNT;
}

static msg_err kick(fx *f, uint32_t s, const char *name, uint32_t room)
{
    msg m = {.type = MSG_KICK};
    m.kick.req = next_req++;
    snprintf(m.kick.name, sizeof m.kick.name, "%s", name);
    m.kick.room_id = room;
    snprintf(m.kick.reason, sizeof m.kick.reason, "be nice");
    send_msg(f, s, &m);
    return result_err(s, m.kick.req);
}

static msg_err ban(fx *f, uint32_t s, const char *name, uint32_t seconds)
{
    msg m = {.type = MSG_BAN};
    m.ban.req = next_req++;
    snprintf(m.ban.name, sizeof m.ban.name, "%s", name);
    m.ban.seconds = seconds;
    snprintf(m.ban.reason, sizeof m.ban.reason, "spam");
    send_msg(f, s, &m);
    return result_err(s, m.ban.req);
}

static msg_err unban(fx *f, uint32_t s, const char *name)
{
    msg m = {.type = MSG_UNBAN};
    m.unban.req = next_req++;
    snprintf(m.unban.name, sizeof m.unban.name, "%s", name);
    send_msg(f, s, &m);
    return result_err(s, m.unban.req);
}

static msg_err mute(fx *f, uint32_t s, const char *name, uint32_t room, uint32_t seconds)
{
    msg m = {.type = MSG_MUTE};
    m.mute.req = next_req++;
    snprintf(m.mute.name, sizeof m.mute.name, "%s", name);
    m.mute.room_id = room;
    m.mute.seconds = seconds;
    snprintf(m.mute.reason, sizeof m.mute.reason, "calm down");
    send_msg(f, s, &m);
    return result_err(s, m.mute.req);
}

static msg_err role_set(fx *f, uint32_t s, const char *name, msg_role role)
{
    msg m = {.type = MSG_ROLE_SET};
    m.role_set.req = next_req++;
    snprintf(m.role_set.name, sizeof m.role_set.name, "%s", name);
    m.role_set.role = role;
    send_msg(f, s, &m);
    return result_err(s, m.role_set.req);
}

static void tick(fx *f, int64_t advance_ms)
{
    now_ms += advance_ms;
    app_tick(f->a, now_ms);
}

/* The room record for id in the session's last ROOM_LIST answer, or NULL. */
static const msg_room_info *listed(fx *f, uint32_t s, uint32_t room)
{
    rec_clear();
    CHECK_EQ(simple(f, s, MSG_ROOM_LIST), MSG_OK);
    for (size_t i = 0; i < rec_n; i++) {
        if (rec[i].session != s || rec[i].m.type != MSG_ROOM_LIST_ITEMS) continue;
        const msg_room_list_items *li = &rec[i].m.room_list_items;
        for (uint32_t k = 0; k < li->count; k++)
            if (li->rooms[k].room_id == room) return &li->rooms[k];
    }
    return NULL;
}

/* The member named `name` in a MEMBERS answer, or NULL. */
static const msg_member *member_in(fx *f, uint32_t s, uint32_t room, const char *name)
{
    rec_clear();
    CHECK_EQ(room_req(f, s, MSG_MEMBERS, room), MSG_OK);
    for (size_t i = 0; i < rec_n; i++) {
        if (rec[i].session != s || rec[i].m.type != MSG_MEMBER_LIST) continue;
        const msg_member_list *ml = &rec[i].m.member_list;
        for (uint32_t k = 0; k < ml->count; k++)
            if (!strcmp(ml->members[k].name, name)) return &ml->members[k];
    }
    return NULL;
}

/* Session. -------------------------------------------------------------------------------- */

static void test_hello_and_order(void)
{
    fx f;
    if (!fx_open(&f)) return;
    connect_(&f, 1);
    /* Before HELLO: logging in is refused, anything else needs a session. */
    CHECK_EQ(guest(&f, 1, "early"), MSG_ERR_BAD_REQUEST);
    CHECK_EQ(simple(&f, 1, MSG_ROOM_LIST), MSG_ERR_NOT_LOGGED_IN);

    rec_clear();
    msg m = {.type = MSG_HELLO};
    m.hello.req = 77;
    m.hello.version = MSG_PROTOCOL_VERSION + 1;
    send_msg(&f, 1, &m);
    CHECK(where(1, MSG_SERVER_INFO) < where(1, MSG_RESULT));
    CHECK_EQ(result_err(1, 77), MSG_ERR_VERSION);
    CHECK_EQ(guest(&f, 1, "early"), MSG_ERR_BAD_REQUEST); /* still no HELLO that counted */

    rec_clear();
    CHECK_EQ(hello(&f, 1), MSG_OK);
    const msg *si = nth(1, MSG_SERVER_INFO, 0);
    CHECK(si != NULL);
    if (si) {
        CHECK_STR(si->server_info.name, "Parley");
        CHECK_EQ(si->server_info.version, MSG_PROTOCOL_VERSION);
        CHECK_EQ(si->server_info.users_max, 4096);
        CHECK(si->server_info.guests_allowed);
        CHECK(si->server_info.register_allowed);
    }
    CHECK_EQ(simple(&f, 1, MSG_ROOM_LIST), MSG_ERR_NOT_LOGGED_IN);
    CHECK_EQ(simple(&f, 1, MSG_LOGOUT), MSG_ERR_NOT_LOGGED_IN);
    fx_close(&f);
}

static void test_register_and_login(void)
{
    fx f;
    if (!fx_open(&f)) return;
    connect_(&f, 1);
    hello(&f, 1);
    rec_clear();
    CHECK_EQ(reg_on(&f, 1, "Alice", "alice@example.org", "password123"), MSG_OK);
    const msg_session *ss = last_session(1);
    CHECK(ss != NULL);
    if (ss) {
        CHECK_STR(ss->name, "Alice");
        CHECK_EQ(ss->role, MSG_ROLE_OWNER); /* the first account owns the server */
        CHECK_EQ(ss->status, MSG_STATUS_ONLINE);
        CHECK(!ss->resumed);
        CHECK(where(1, MSG_SESSION) < where(1, MSG_RESULT));
        CHECK_EQ(nth(1, MSG_RESULT, 0)->result.id, ss->user_id);
    }
    CHECK_EQ(reg_on(&f, 1, "other", "", "password123"), MSG_ERR_ALREADY_LOGGED_IN);

    connect_(&f, 2);
    hello(&f, 2);
    CHECK_EQ(reg_on(&f, 2, "ALICE", "", "password123"), MSG_ERR_NAME_TAKEN);
    CHECK_EQ(reg_on(&f, 2, "9lives", "", "password123"), MSG_ERR_INVALID_NAME);
    CHECK_EQ(reg_on(&f, 2, "x", "", "password123"), MSG_ERR_INVALID_NAME);
    CHECK_EQ(reg_on(&f, 2, "bob", "not-an-email", "password123"), MSG_ERR_INVALID_EMAIL);
    CHECK_EQ(reg_on(&f, 2, "bob", "", "short"), MSG_ERR_WEAK_PASSWORD);
    CHECK_EQ(reg_on(&f, 2, "bob", "", "password123"), MSG_OK);
    CHECK_EQ(last_session(2)->role, MSG_ROLE_USER);

    /* Log out, log in again: wrong password, unknown name, then right. */
    CHECK_EQ(simple(&f, 2, MSG_LOGOUT), MSG_OK);
    CHECK_EQ(simple(&f, 2, MSG_ROOM_LIST), MSG_ERR_NOT_LOGGED_IN);
    CHECK_EQ(login(&f, 2, "bob", "password124"), MSG_ERR_BAD_CREDENTIALS);
    CHECK_EQ(login(&f, 2, "nobody", "password123"), MSG_ERR_BAD_CREDENTIALS);
    rec_clear();
    CHECK_EQ(login(&f, 2, "BOB", "password123"), MSG_OK);
    CHECK_STR(last_session(2)->name, "bob"); /* the name as stored */
    CHECK_EQ(login(&f, 2, "bob", "password123"), MSG_ERR_ALREADY_LOGGED_IN);

    /* The same account on a second connection is allowed. */
    connect_(&f, 3);
    hello(&f, 3);
    CHECK_EQ(login(&f, 3, "bob", "password123"), MSG_OK);
    app_stats st = app_get_stats(f.a);
    CHECK_EQ(st.logged_in, 3);
    CHECK_EQ(st.sessions, 3);
    fx_close(&f);
}

static void test_registration_closed(void)
{
    fx f;
    app_config cfg = fast_rates();
    cfg.register_disabled = true;
    cfg.guests_disabled = true;
    cfg.server_name = "Lan";
    cfg.motd = "hi all";
    if (!fx_open_cfg(&f, cfg)) return;
    connect_(&f, 1);
    CHECK_EQ(hello(&f, 1), MSG_OK);
    const msg *si = nth(1, MSG_SERVER_INFO, 0);
    CHECK(si && !si->server_info.guests_allowed && !si->server_info.register_allowed);
    CHECK(si && !strcmp(si->server_info.motd, "hi all") && !strcmp(si->server_info.name, "Lan"));
    CHECK_EQ(reg_on(&f, 1, "alice", "", "password123"), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(guest(&f, 1, "alice"), MSG_ERR_GUESTS_DISABLED);
    fx_close(&f);
}

static void test_login_throttle(void)
{
    fx f;
    app_config cfg = fast_rates();
    cfg.login_fail_limit = 3;
    cfg.login_lockout_ms = 10000;
    if (!fx_open_cfg(&f, cfg)) return;
    user(&f, 1, "alice");
    connect_as(&f, 2, 0x0a000002);
    hello(&f, 2);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(login(&f, 2, "alice", "wrongpass1"), MSG_ERR_BAD_CREDENTIALS);
    /* Locked: even the right password waits, and says for how long. */
    rec_clear();
    CHECK_EQ(login(&f, 2, "alice", "password123"), MSG_ERR_THROTTLED);
    const msg *r = nth(2, MSG_RESULT, 0);
    CHECK(r && r->result.retry_after_ms > 0 && r->result.retry_after_ms <= 10000);
    /* From another address the name is still locked. */
    connect_as(&f, 3, 0x0a000003);
    hello(&f, 3);
    CHECK_EQ(login(&f, 3, "alice", "password123"), MSG_ERR_THROTTLED);
    now_ms += 10001;
    CHECK_EQ(login(&f, 3, "alice", "password123"), MSG_OK);

    /* Per address: failures on different names from one address lock the address. */
    connect_as(&f, 4, 0x0a000004);
    hello(&f, 4);
    CHECK_EQ(login(&f, 4, "carol", "password123"), MSG_ERR_BAD_CREDENTIALS);
    CHECK_EQ(login(&f, 4, "dave", "password123"), MSG_ERR_BAD_CREDENTIALS);
    CHECK_EQ(login(&f, 4, "erin", "password123"), MSG_ERR_BAD_CREDENTIALS);
    CHECK_EQ(login(&f, 4, "alice", "password123"), MSG_ERR_THROTTLED);
    CHECK_EQ(guest(&f, 4, "frank"), MSG_ERR_THROTTLED);
    tick(&f, 10001);
    CHECK_EQ(guest(&f, 4, "frank"), MSG_OK);
    fx_close(&f);
}

static void test_guests(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    connect_(&f, 2);
    hello(&f, 2);
    rec_clear();
    CHECK_EQ(guest(&f, 2, "ALICE"), MSG_ERR_NAME_TAKEN); /* a registered name, any case */
    CHECK_EQ(guest(&f, 2, "-bad"), MSG_ERR_INVALID_NAME);
    CHECK_EQ(guest(&f, 2, "visitor"), MSG_OK);
    const msg_session *ss = last_session(2);
    CHECK(ss && ss->role == MSG_ROLE_GUEST && ss->user_id >= 0x80000000u);
    connect_(&f, 3);
    hello(&f, 3);
    CHECK_EQ(guest(&f, 3, "Visitor"), MSG_ERR_NAME_TAKEN); /* in use by an online guest */
    CHECK_EQ(reg_on(&f, 3, "visitor", "", "password123"), MSG_ERR_NAME_TAKEN);

    /* Fewer rights: no rooms, no DMs either way, not invisible, no moderation. */
    CHECK_EQ(create(&f, 2, "Guests", false, "", NULL), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(dm(&f, 2, "alice", 1, "hello"), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(dm(&f, 1, "visitor", 2, "hello"), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(status_set(&f, 2, MSG_STATUS_INVISIBLE, ""), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(status_set(&f, 2, MSG_STATUS_AWAY, "brb"), MSG_OK);
    CHECK_EQ(kick(&f, 2, "alice", 0), MSG_ERR_NOT_PERMITTED);
    /* But a guest chats in General. */
    CHECK_EQ(say(&f, 2, 1, 10, "hi from a guest"), MSG_OK);
    /* A guest cannot be banned (no account) and its name frees up when it leaves. */
    CHECK_EQ(ban(&f, 1, "visitor", 0), MSG_ERR_NO_SUCH_USER);
    CHECK_EQ(simple(&f, 2, MSG_LOGOUT), MSG_OK);
    CHECK_EQ(guest(&f, 3, "visitor"), MSG_OK);
    CHECK_EQ(app_get_stats(f.a).guests, 1);
    fx_close(&f);
}

static void test_server_full(void)
{
    fx f;
    app_config cfg = fast_rates();
    cfg.max_users = 2;
    if (!fx_open_cfg(&f, cfg)) return;
    user(&f, 1, "alice");
    guest_user(&f, 2, "g1");
    connect_(&f, 3);
    CHECK_EQ(hello(&f, 3), MSG_ERR_SERVER_FULL);
    CHECK_EQ(guest(&f, 3, "g2"), MSG_ERR_SERVER_FULL);
    CHECK_EQ(login(&f, 3, "alice", "password123"), MSG_ERR_SERVER_FULL);
    app_on_disconnect(f.a, 2, now_ms);
    CHECK_EQ(guest(&f, 3, "g2"), MSG_OK);
    fx_close(&f);
}

/* Rooms. ---------------------------------------------------------------------------------- */

static void test_rooms(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    guest_user(&f, 3, "gina");

    /* Create: the lobby hears of it, the creator is in it. */
    rec_clear();
    uint32_t dev = 0;
    CHECK_EQ(create(&f, 1, "Dev Talk", false, "", &dev), MSG_OK);
    CHECK(dev > 1);
    const msg *ev = room_event(3, MSG_ROOM_EV_CREATED, dev);
    CHECK(ev != NULL);
    CHECK(ev && ev->room_event.room.total == 1 && ev->room_event.room.online == 1);
    CHECK(ev && !ev->room_event.room.joined);
    CHECK_EQ(create(&f, 2, "dev talk", false, "", NULL), MSG_ERR_ALREADY_EXISTS);
    CHECK_EQ(create(&f, 2, "Dev  Talk", false, "", NULL), MSG_ERR_INVALID_NAME);
    CHECK_EQ(create(&f, 2, " Lead", false, "", NULL), MSG_ERR_INVALID_NAME);
    CHECK_EQ(create(&f, 2, "Secret", true, "", NULL), MSG_ERR_WEAK_PASSWORD);
    CHECK_EQ(create(&f, 2, "Open", false, "password1", NULL), MSG_ERR_BAD_REQUEST);

    /* Join by name: the room, its members, RESULT, then history on CHAT. */
    rec_clear();
    CHECK_EQ(join(&f, 2, 0, "DEV TALK", ""), MSG_OK);
    CHECK_EQ(result_of(2, join_req)->result.id, dev);
    size_t li = where(2, MSG_ROOM_LIST_ITEMS), ml = where(2, MSG_MEMBER_LIST),
           res = where(2, MSG_RESULT), he = where(2, MSG_HISTORY_END);
    CHECK(li < ml && ml < res && res < he && he != SIZE_MAX);
    const msg *item = nth(2, MSG_ROOM_LIST_ITEMS, 0);
    CHECK(item && item->room_list_items.count == 1 && item->room_list_items.rooms[0].joined);
    CHECK(item && item->room_list_items.last && item->room_list_items.req == join_req);
    const msg *mlist = nth(2, MSG_MEMBER_LIST, 0);
    CHECK(mlist && mlist->member_list.count == 2 && mlist->member_list.last);
    const msg *end = nth(2, MSG_HISTORY_END, 0);
    CHECK(end && end->history_end.req == join_req && !end->history_end.more);
    const msg *joined = nth(1, MSG_MEMBER_EVENT, 0);
    CHECK(joined && joined->member_event.kind == MSG_MEMBER_EV_JOINED &&
          !strcmp(joined->member_event.member.name, "bob"));
    CHECK_EQ(count(2, MSG_MEMBER_EVENT), 0); /* not about oneself */

    /* Live counts reach the lobby (coalesced to one event a second per room). */
    rec_clear();
    tick(&f, 1000);
    ev = room_event(3, MSG_ROOM_EV_UPDATED, dev);
    CHECK(ev && ev->room_event.room.total == 2 && ev->room_event.room.online == 2);
    const msg_room_info *info = listed(&f, 3, dev);
    CHECK(info && info->total == 2 && info->online == 2 && !info->joined);
    info = listed(&f, 1, dev);
    CHECK(info && info->joined);

    /* A guest joins, then everyone leaves in turn. */
    CHECK_EQ(join(&f, 3, dev, "", ""), MSG_OK);
    CHECK_EQ(join(&f, 3, dev, "", ""), MSG_OK); /* again: answered, nothing changes */
    info = listed(&f, 3, dev);
    CHECK(info && info->total == 3);
    rec_clear();
    CHECK_EQ(room_req(&f, 2, MSG_ROOM_LEAVE, dev), MSG_OK);
    const msg *left = nth(1, MSG_MEMBER_EVENT, 0);
    CHECK(left && left->member_event.kind == MSG_MEMBER_EV_LEFT);
    CHECK_EQ(room_req(&f, 2, MSG_ROOM_LEAVE, dev), MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(room_req(&f, 2, MSG_ROOM_LEAVE, 999), MSG_ERR_NO_SUCH_ROOM);
    CHECK_EQ(say(&f, 2, dev, 5, "still here?"), MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(join(&f, 2, 999, "", ""), MSG_ERR_NO_SUCH_ROOM);
    CHECK_EQ(join(&f, 2, 0, "Nowhere", ""), MSG_ERR_NO_SUCH_ROOM);

    /* Delete: not General, not by others, yes by the owner. */
    CHECK_EQ(room_req(&f, 1, MSG_ROOM_DELETE, 1), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(room_req(&f, 3, MSG_ROOM_DELETE, dev), MSG_ERR_NOT_PERMITTED);
    uint32_t bobs = 0;
    CHECK_EQ(create(&f, 2, "Bobs", false, "", &bobs), MSG_OK);
    CHECK_EQ(room_req(&f, 1, MSG_ROOM_DELETE, bobs), MSG_OK); /* the server owner may */
    rec_clear();
    CHECK_EQ(room_req(&f, 1, MSG_ROOM_DELETE, dev), MSG_OK);
    CHECK(room_event(2, MSG_ROOM_EV_DELETED, dev) != NULL);
    CHECK_EQ(say(&f, 3, dev, 6, "hello?"), MSG_ERR_NO_SUCH_ROOM);
    CHECK(listed(&f, 1, dev) == NULL);
    CHECK_EQ(app_get_stats(f.a).rooms, 1);
    fx_close(&f);
}

static void test_private_rooms(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    user(&f, 3, "carol");
    user(&f, 4, "dave");
    CHECK_EQ(role_set(&f, 1, "carol", MSG_ROLE_ADMIN), MSG_OK);
    rec_clear();
    uint32_t id = 0;
    CHECK_EQ(create(&f, 2, "Hideout", true, "sesame123", &id), MSG_OK);
    CHECK_EQ(count(4, MSG_ROOM_EVENT), 0); /* private: only its members hear of it */
    CHECK_EQ(count(2, MSG_ROOM_EVENT), 1);
    CHECK(listed(&f, 4, id) == NULL);
    CHECK(listed(&f, 3, id) != NULL); /* admins see every room */
    CHECK_EQ(join(&f, 4, id, "", ""), MSG_ERR_WRONG_PASSWORD);
    CHECK_EQ(join(&f, 4, id, "", "sesame124"), MSG_ERR_WRONG_PASSWORD);
    CHECK(listed(&f, 4, id) == NULL);
    CHECK_EQ(say(&f, 4, id, 1, "let me in"), MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(join(&f, 4, 0, "hideout", "sesame123"), MSG_OK);
    const msg_room_info *info = listed(&f, 4, id);
    CHECK(info && info->is_private && info->joined && info->total == 2);
    CHECK_EQ(join(&f, 3, id, "", ""), MSG_OK); /* admins need no password */

    /* Only the topic of a room can change, by its owner. */
    msg m = {.type = MSG_ROOM_UPDATE};
    m.room_update.req = 900;
    m.room_update.room_id = id;
    m.room_update.is_private = true;
    snprintf(m.room_update.topic, sizeof m.room_update.topic, "new topic");
    send_msg(&f, 4, &m);
    CHECK_EQ(result_err(4, 900), MSG_ERR_NOT_PERMITTED);
    rec_clear();
    m.room_update.req = 901;
    send_msg(&f, 2, &m);
    CHECK_EQ(result_err(2, 901), MSG_OK);
    const msg *ev = room_event(4, MSG_ROOM_EV_UPDATED, id);
    CHECK(ev && !strcmp(ev->room_event.room.topic, "new topic"));
    m.room_update.req = 902;
    m.room_update.is_private = false;
    send_msg(&f, 2, &m);
    CHECK_EQ(result_err(2, 902), MSG_ERR_BAD_REQUEST);
    fx_close(&f);
}

static void test_rejoin_at_login(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    uint32_t id = 0;
    CHECK_EQ(create(&f, 1, "Team", false, "", &id), MSG_OK);
    CHECK_EQ(join(&f, 2, id, "", ""), MSG_OK);
    CHECK_EQ(room_req(&f, 2, MSG_ROOM_LEAVE, 1), MSG_OK); /* leaves General */
    app_on_disconnect(f.a, 2, now_ms);
    tick(&f, 1000);

    /* The member list shows bob, offline, and his counts stay. */
    const msg_member *mb = member_in(&f, 1, id, "bob");
    CHECK(mb && mb->status == MSG_STATUS_OFFLINE && mb->role == MSG_ROLE_USER);
    const msg_room_info *info = listed(&f, 1, id);
    CHECK(info && info->total == 2 && info->online == 1);

    /* A fresh login (not a resume) puts him back in his rooms and in General. */
    connect_(&f, 3);
    hello(&f, 3);
    rec_clear();
    CHECK_EQ(login(&f, 3, "bob", "password123"), MSG_OK);
    const msg *p = nth(1, MSG_PRESENCE, 0);
    CHECK(p && !strcmp(p->presence.name, "bob") && p->presence.status == MSG_STATUS_ONLINE);
    CHECK(where(3, MSG_SESSION) < where(3, MSG_ROOM_EVENT) || where(3, MSG_ROOM_EVENT) == SIZE_MAX);
    CHECK_EQ(say(&f, 3, id, 1, "back"), MSG_OK);
    CHECK_EQ(say(&f, 3, 1, 2, "back in general"), MSG_OK);
    info = listed(&f, 3, id);
    CHECK(info && info->joined);
    mb = member_in(&f, 1, id, "bob");
    CHECK(mb && mb->status == MSG_STATUS_ONLINE);
    fx_close(&f);
}

static void test_history_paging(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    uint32_t id = 0;
    CHECK_EQ(create(&f, 1, "Log", false, "", &id), MSG_OK);
    char text[32];
    for (int i = 1; i <= 120; i++) {
        snprintf(text, sizeof text, "line %d", i);
        CHECK_EQ(say(&f, 1, id, (uint64_t)i, text), MSG_OK);
        now_ms++;
    }
    user(&f, 2, "bob");
    rec_clear();
    CHECK_EQ(join(&f, 2, id, "", ""), MSG_OK);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 50);
    const msg *first = nth(2, MSG_CHAT_MESSAGE, 0), *last = nth(2, MSG_CHAT_MESSAGE, 49);
    CHECK(first && !strcmp(first->chat_message.text, "line 71") && first->chat_message.history);
    CHECK(last && !strcmp(last->chat_message.text, "line 120"));
    CHECK(first && first->chat_message.sender_id != 0 && first->chat_message.room_id == id);
    const msg *end = nth(2, MSG_HISTORY_END, 0);
    CHECK(end && end->history_end.more && end->history_end.req == join_req);
    CHECK(where(2, MSG_HISTORY_END) > where(2, MSG_CHAT_MESSAGE));

    /* Older pages. */
    uint64_t before = first ? first->chat_message.server_id : 0;
    for (int page = 0; page < 2; page++) {
        rec_clear();
        msg h = {.type = MSG_HISTORY};
        h.history.req = 500 + (uint32_t)page;
        h.history.room_id = id;
        h.history.before_id = before;
        h.history.count = 50;
        send_msg(&f, 2, &h);
        size_t want = page == 0 ? 50 : 20;
        CHECK_EQ(count(2, MSG_CHAT_MESSAGE), want);
        first = nth(2, MSG_CHAT_MESSAGE, 0);
        CHECK(first && !strcmp(first->chat_message.text, page == 0 ? "line 21" : "line 1"));
        end = nth(2, MSG_HISTORY_END, 0);
        CHECK(end && end->history_end.req == 500u + (uint32_t)page &&
              end->history_end.err == MSG_OK);
        CHECK(end && end->history_end.more == (page == 0));
        before = first ? first->chat_message.server_id : 0;
    }
    /* Errors come in HISTORY_END. */
    rec_clear();
    msg h = {.type = MSG_HISTORY};
    h.history.req = 600;
    h.history.room_id = id;
    h.history.peer_id = 5;
    h.history.count = 10;
    send_msg(&f, 2, &h);
    end = nth(2, MSG_HISTORY_END, 0);
    CHECK(end && end->history_end.err == MSG_ERR_BAD_REQUEST && end->history_end.req == 600);
    CHECK_EQ(room_req(&f, 2, MSG_ROOM_LEAVE, id), MSG_OK);
    rec_clear();
    h.history.peer_id = 0;
    send_msg(&f, 2, &h);
    end = nth(2, MSG_HISTORY_END, 0);
    CHECK(end && end->history_end.err == MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0);
    fx_close(&f);
}

/* Presence. ------------------------------------------------------------------------------- */

static void test_presence(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    user(&f, 3, "carol");
    CHECK_EQ(room_req(&f, 3, MSG_ROOM_LEAVE, 1), MSG_OK); /* carol shares no room */
    rec_clear();
    CHECK_EQ(status_set(&f, 1, MSG_STATUS_BUSY, "in a meeting"), MSG_OK);
    const msg *p = nth(2, MSG_PRESENCE, 0);
    CHECK(p && p->presence.status == MSG_STATUS_BUSY && !strcmp(p->presence.text, "in a meeting"));
    CHECK_EQ(count(3, MSG_PRESENCE), 0);
    CHECK_EQ(count(1, MSG_PRESENCE), 0);
    const msg_member *mb = member_in(&f, 2, 1, "alice");
    CHECK(mb && mb->status == MSG_STATUS_BUSY && !strcmp(mb->status_text, "in a meeting"));

    /* Going offline is presence too. */
    rec_clear();
    app_on_disconnect(f.a, 1, now_ms);
    p = nth(2, MSG_PRESENCE, 0);
    CHECK(p && p->presence.status == MSG_STATUS_OFFLINE && !p->presence.text[0]);

    /* Search: by part of the name, any case, guests included. */
    guest_user(&f, 4, "alfred");
    rec_clear();
    msg q = {.type = MSG_USER_SEARCH};
    q.user_search.req = 700;
    snprintf(q.user_search.query, sizeof q.user_search.query, "AL");
    send_msg(&f, 2, &q);
    const msg *r = nth(2, MSG_USER_SEARCH_RESULT, 0);
    CHECK(r && r->user_search_result.count == 2 && !r->user_search_result.more);
    if (r && r->user_search_result.count == 2) {
        CHECK_STR(r->user_search_result.users[0].name, "alice");
        CHECK_EQ(r->user_search_result.users[0].status, MSG_STATUS_OFFLINE);
        CHECK_STR(r->user_search_result.users[1].name, "alfred");
        CHECK_EQ(r->user_search_result.users[1].role, MSG_ROLE_GUEST);
        CHECK_EQ(r->user_search_result.users[1].status, MSG_STATUS_ONLINE);
    }
    CHECK_EQ(result_err(2, 700), MSG_OK);
    CHECK_EQ(status_set(&f, 2, MSG_STATUS_AWAY, "tab\there"), MSG_ERR_INVALID_TEXT);
    fx_close(&f);
}

/* Does anything bob received show alice as anything but offline? */
static bool leaked(uint32_t s, uint32_t alice_id)
{
    for (size_t i = 0; i < rec_n; i++) {
        if (rec[i].session != s) continue;
        const msg *m = &rec[i].m;
        switch (m->type) {
        case MSG_PRESENCE:
            if (m->presence.user_id == alice_id && m->presence.status != MSG_STATUS_OFFLINE)
                return true;
            break;
        case MSG_MEMBER_LIST:
            for (uint32_t k = 0; k < m->member_list.count; k++)
                if (m->member_list.members[k].user_id == alice_id &&
                    m->member_list.members[k].status != MSG_STATUS_OFFLINE)
                    return true;
            break;
        case MSG_MEMBER_EVENT:
            if (m->member_event.member.user_id == alice_id) return true;
            break;
        case MSG_USER_SEARCH_RESULT:
            for (uint32_t k = 0; k < m->user_search_result.count; k++)
                if (m->user_search_result.users[k].user_id == alice_id &&
                    m->user_search_result.users[k].status != MSG_STATUS_OFFLINE)
                    return true;
            break;
        default:
            break;
        }
    }
    return false;
}

static void test_invisible(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    uint32_t alice = last_session(1)->user_id;
    uint8_t token[MSG_TOKEN_SIZE];
    memcpy(token, last_session(1)->token, sizeof token);
    user(&f, 2, "bob");
    uint32_t id = 0;
    CHECK_EQ(create(&f, 2, "Lounge", false, "", &id), MSG_OK);
    tick(&f, 1000);
    const msg_room_info *info = listed(&f, 2, 1);
    uint32_t online_before = info ? info->online : 0;

    rec_clear();
    CHECK_EQ(status_set(&f, 1, MSG_STATUS_INVISIBLE, "secret"), MSG_OK);
    const msg *p = nth(2, MSG_PRESENCE, 0);
    CHECK(p && p->presence.status == MSG_STATUS_OFFLINE && !p->presence.text[0]);
    tick(&f, 1000);
    info = listed(&f, 2, 1);
    CHECK(info && info->online == online_before - 1);

    /* Lists, search, joins, leaves, reconnects: offline everywhere, nothing announced. */
    rec_clear();
    CHECK_EQ(join(&f, 1, id, "", ""), MSG_OK);
    CHECK_EQ(room_req(&f, 2, MSG_MEMBERS, id), MSG_OK);
    msg q = {.type = MSG_USER_SEARCH};
    q.user_search.req = 800;
    snprintf(q.user_search.query, sizeof q.user_search.query, "ali");
    send_msg(&f, 2, &q);
    CHECK_EQ(result_err(2, 800), MSG_OK);
    CHECK_EQ(room_req(&f, 1, MSG_ROOM_LEAVE, id), MSG_OK);
    CHECK_EQ(join(&f, 1, id, "", ""), MSG_OK);
    CHECK_EQ(room_req(&f, 2, MSG_MEMBERS, id), MSG_OK);
    app_on_disconnect(f.a, 1, now_ms);
    connect_(&f, 5);
    hello(&f, 5);
    CHECK_EQ(resume(&f, 5, token), MSG_OK);
    CHECK_EQ(last_session(5)->status, MSG_STATUS_INVISIBLE); /* she knows */
    tick(&f, 1000);
    CHECK(!leaked(2, alice));
    const msg_member *mb = member_in(&f, 2, id, "alice");
    CHECK(mb && mb->status == MSG_STATUS_OFFLINE && !mb->status_text[0]);
    CHECK(!leaked(2, alice));
    info = listed(&f, 2, id);
    CHECK(info && info->online == 1 && info->total == 2);

    /* Visible again: one PRESENCE. */
    rec_clear();
    CHECK_EQ(status_set(&f, 5, MSG_STATUS_ONLINE, ""), MSG_OK);
    p = nth(2, MSG_PRESENCE, 0);
    CHECK(p && p->presence.status == MSG_STATUS_ONLINE && p->presence.user_id == alice);
    fx_close(&f);
}

/* Chat. ----------------------------------------------------------------------------------- */

static void test_chat_and_duplicates(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    user(&f, 3, "carol");
    CHECK_EQ(room_req(&f, 3, MSG_ROOM_LEAVE, 1), MSG_OK);
    rec_clear();
    CHECK_EQ(say(&f, 1, 1, 9001, "hello\nworld"), MSG_OK);
    const msg_chat_ack *ack = ack_of(1, 9001);
    CHECK(ack && ack->server_id > 0 && ack->timestamp_ms == (uint64_t)now_ms && !ack->duplicate);
    const msg *cm = nth(2, MSG_CHAT_MESSAGE, 0);
    CHECK(cm && !strcmp(cm->chat_message.text, "hello\nworld") && !cm->chat_message.history);
    CHECK(cm && ack && cm->chat_message.server_id == ack->server_id);
    CHECK(cm && cm->chat_message.client_msg_id == 9001 &&
          !strcmp(cm->chat_message.sender, "alice"));
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 1); /* the sender too */
    CHECK_EQ(count(3, MSG_CHAT_MESSAGE), 0); /* not in the room */
    CHECK_EQ(app_get_stats(f.a).chat_messages, 1);

    /* A resend (say after a reconnect) is acknowledged again, delivered never again. */
    uint64_t first_id = ack ? ack->server_id : 0;
    rec_clear();
    now_ms += 5000;
    CHECK_EQ(say(&f, 1, 1, 9001, "hello\nworld"), MSG_OK);
    ack = ack_of(1, 9001);
    CHECK(ack && ack->duplicate && ack->server_id == first_id && ack->timestamp_ms == (uint64_t)T0);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0);
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 0);
    /* Even from a new session of the same account. */
    connect_(&f, 4);
    hello(&f, 4);
    CHECK_EQ(login(&f, 4, "alice", "password123"), MSG_OK);
    rec_clear();
    CHECK_EQ(say(&f, 4, 1, 9001, "hello\nworld"), MSG_OK);
    CHECK(ack_of(4, 9001) && ack_of(4, 9001)->duplicate);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0);
    /* Another account may use the same id. */
    CHECK_EQ(say(&f, 2, 1, 9001, "mine"), MSG_OK);
    CHECK(!ack_of(2, 9001)->duplicate);
    /* The same id for another room is a client bug, refused. */
    uint32_t id = 0;
    CHECK_EQ(create(&f, 1, "Side", false, "", &id), MSG_OK);
    CHECK_EQ(say(&f, 1, id, 9001, "elsewhere"), MSG_ERR_BAD_REQUEST);

    /* Bad text: changes nothing. */
    rec_clear();
    CHECK_EQ(say(&f, 1, 1, 9002, ""), MSG_ERR_INVALID_TEXT);
    CHECK_EQ(say(&f, 1, 1, 9003, "bell\a"), MSG_ERR_INVALID_TEXT);
    CHECK_EQ(say(&f, 1, 1, 9004, "esc \x1b[2J"), MSG_ERR_INVALID_TEXT);
    CHECK_EQ(say(&f, 1, 1, 9005, "c1 \xc2\x9b"), MSG_ERR_INVALID_TEXT);
    CHECK_EQ(say(&f, 1, 999, 9006, "nowhere"), MSG_ERR_NO_SUCH_ROOM);
    CHECK_EQ(say(&f, 3, 1, 9007, "not in general"), MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0);
    char big[MSG_TEXT_MAX + 1];
    memset(big, 'x', MSG_TEXT_MAX);
    big[MSG_TEXT_MAX] = '\0';
    CHECK_EQ(say(&f, 1, 1, 9008, big), MSG_OK); /* exactly the limit is fine */

    /* Typing goes to the others in the room. */
    rec_clear();
    msg t = {.type = MSG_TYPING};
    t.typing.room_id = 1;
    t.typing.on = true;
    send_msg(&f, 2, &t);
    const msg *ty = nth(1, MSG_TYPING, 0);
    CHECK(ty && ty->typing.on && !strcmp(ty->typing.name, "bob") && ty->typing.room_id == 1);
    CHECK_EQ(count(2, MSG_TYPING), 0);
    CHECK_EQ(count(3, MSG_TYPING), 0);
    t.typing.room_id = id; /* not bob's room: dropped, unanswered */
    send_msg(&f, 2, &t);
    CHECK_EQ(count(1, MSG_TYPING), 1);
    CHECK_EQ(count_all(2), 0);
    fx_close(&f);
}

static void test_edit_delete(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    user(&f, 3, "carol");
    CHECK_EQ(role_set(&f, 1, "carol", MSG_ROLE_MODERATOR), MSG_OK);
    CHECK_EQ(say(&f, 2, 1, 1, "tpyo"), MSG_OK);
    uint64_t sid = ack_of(2, 1)->server_id;

    rec_clear();
    msg e = {.type = MSG_CHAT_EDIT};
    e.chat_edit.client_msg_id = 2;
    e.chat_edit.server_id = sid;
    snprintf(e.chat_edit.text, sizeof e.chat_edit.text, "typo");
    send_msg(&f, 2, &e);
    const msg_chat_ack *ack = ack_of(2, 2);
    CHECK(ack && ack->err == MSG_OK && ack->server_id == sid && !ack->duplicate);
    const msg *cm = nth(1, MSG_CHAT_MESSAGE, 0);
    CHECK(cm && cm->chat_message.edited && cm->chat_message.server_id == sid &&
          !strcmp(cm->chat_message.text, "typo"));
    rec_clear();
    send_msg(&f, 2, &e); /* resent */
    CHECK(ack_of(2, 2) && ack_of(2, 2)->duplicate);
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 0);
    e.chat_edit.client_msg_id = 3; /* someone else's message */
    send_msg(&f, 1, &e);
    CHECK(ack_of(1, 3) && ack_of(1, 3)->err == MSG_ERR_NO_SUCH_MESSAGE);
    e.chat_edit.server_id = 99999;
    e.chat_edit.client_msg_id = 4;
    send_msg(&f, 2, &e);
    CHECK(ack_of(2, 4) && ack_of(2, 4)->err == MSG_ERR_NO_SUCH_MESSAGE);

    /* Delete: not by a plain user, yes by a moderator, resend is a duplicate. */
    msg d = {.type = MSG_CHAT_DELETE};
    d.chat_delete.client_msg_id = 5;
    d.chat_delete.server_id = sid;
    CHECK_EQ(say(&f, 3, 1, 6, "moderator's own"), MSG_OK);
    uint64_t mod_sid = ack_of(3, 6)->server_id;
    d.chat_delete.server_id = mod_sid;
    send_msg(&f, 2, &d);
    CHECK(ack_of(2, 5) && ack_of(2, 5)->err == MSG_ERR_NOT_PERMITTED);
    rec_clear();
    d.chat_delete.server_id = sid;
    d.chat_delete.client_msg_id = 7;
    send_msg(&f, 3, &d);
    CHECK(ack_of(3, 7) && ack_of(3, 7)->err == MSG_OK);
    cm = nth(1, MSG_CHAT_MESSAGE, 0);
    CHECK(cm && cm->chat_message.deleted && !cm->chat_message.text[0]);
    rec_clear();
    d.chat_delete.client_msg_id = 8;
    send_msg(&f, 2, &d); /* already gone */
    CHECK(ack_of(2, 8) && ack_of(2, 8)->duplicate);
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 0);
    /* An edit of a deleted message: no such message. */
    e.chat_edit.server_id = sid;
    e.chat_edit.client_msg_id = 9;
    send_msg(&f, 2, &e);
    CHECK(ack_of(2, 9) && ack_of(2, 9)->err == MSG_ERR_NO_SUCH_MESSAGE);
    fx_close(&f);
}

static void test_direct_messages(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    uint32_t alice = last_session(1)->user_id;
    user(&f, 2, "bob");
    uint32_t bob = last_session(2)->user_id;
    CHECK_EQ(simple(&f, 2, MSG_LOGOUT), MSG_OK);

    /* Offline: stored, acknowledged, waiting. */
    rec_clear();
    CHECK_EQ(dm(&f, 1, "Bob", 100, "are you there?"), MSG_OK);
    CHECK_EQ(dm(&f, 1, "bob", 101, "ping"), MSG_OK);
    CHECK_EQ(dm(&f, 1, "bob", 101, "ping"), MSG_OK); /* resent */
    CHECK(ack_of(1, 101)->duplicate);
    CHECK_EQ(dm(&f, 1, "nobody", 102, "hello?"), MSG_ERR_NO_SUCH_USER);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0);
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 0); /* the sending session has its ACK */

    /* Next login: both, once, in order. */
    rec_clear();
    CHECK_EQ(login(&f, 2, "bob", "password123"), MSG_OK);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 2);
    const msg *m0 = nth(2, MSG_CHAT_MESSAGE, 0), *m1 = nth(2, MSG_CHAT_MESSAGE, 1);
    CHECK(m0 && m0->chat_message.dm && !strcmp(m0->chat_message.text, "are you there?"));
    CHECK(m0 && m0->chat_message.to_id == bob && !strcmp(m0->chat_message.to, "bob"));
    CHECK(m0 && !strcmp(m0->chat_message.sender, "alice") && m0->chat_message.room_id == 0);
    CHECK(m1 && !strcmp(m1->chat_message.text, "ping"));
    CHECK(where(2, MSG_RESULT) < where(2, MSG_CHAT_MESSAGE));
    rec_clear();
    CHECK_EQ(simple(&f, 2, MSG_LOGOUT), MSG_OK);
    CHECK_EQ(login(&f, 2, "bob", "password123"), MSG_OK);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 0); /* exactly once */

    /* Online: at once, to every session of the recipient and the sender's others. */
    connect_(&f, 3);
    hello(&f, 3);
    CHECK_EQ(login(&f, 3, "alice", "password123"), MSG_OK);
    rec_clear();
    CHECK_EQ(dm(&f, 1, "bob", 103, "live"), MSG_OK);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 1);
    CHECK_EQ(count(3, MSG_CHAT_MESSAGE), 1);
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 0);

    /* DM history from either side. */
    rec_clear();
    msg h = {.type = MSG_HISTORY};
    h.history.req = 42;
    h.history.peer_id = alice;
    h.history.count = 50;
    send_msg(&f, 2, &h);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 3);
    const msg *end = nth(2, MSG_HISTORY_END, 0);
    CHECK(end && end->history_end.req == 42 && end->history_end.err == MSG_OK &&
          !end->history_end.more);
    const msg *hm = nth(2, MSG_CHAT_MESSAGE, 2);
    CHECK(hm && hm->chat_message.history && !strcmp(hm->chat_message.text, "live"));
    h.history.peer_id = 7777;
    rec_clear();
    send_msg(&f, 2, &h);
    end = nth(2, MSG_HISTORY_END, 0);
    CHECK(end && end->history_end.err == MSG_ERR_NO_SUCH_USER);

    /* Typing to a DM peer. */
    rec_clear();
    msg t = {.type = MSG_TYPING};
    t.typing.peer_id = bob;
    t.typing.on = true;
    send_msg(&f, 1, &t);
    const msg *ty = nth(2, MSG_TYPING, 0);
    CHECK(ty && ty->typing.peer_id == bob && !strcmp(ty->typing.name, "alice"));
    fx_close(&f);
}

/* Resume. --------------------------------------------------------------------------------- */

static void test_resume(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    uint32_t alice = last_session(1)->user_id;
    user(&f, 2, "bob");
    uint32_t id = 0;
    CHECK_EQ(create(&f, 1, "Ops", false, "", &id), MSG_OK);
    CHECK_EQ(join(&f, 2, id, "", ""), MSG_OK);
    CHECK_EQ(status_set(&f, 1, MSG_STATUS_AWAY, "lunch"), MSG_OK);
    CHECK_EQ(say(&f, 2, id, 1, "seen before the drop"), MSG_OK);
    uint8_t token[MSG_TOKEN_SIZE];
    memcpy(token, last_session(1)->token, sizeof token);

    /* The link drops: bob sees alice go offline and says things she misses. */
    rec_clear();
    app_on_disconnect(f.a, 1, now_ms);
    const msg *p = nth(2, MSG_PRESENCE, 0);
    CHECK(p && p->presence.user_id == alice && p->presence.status == MSG_STATUS_OFFLINE);
    CHECK_EQ(say(&f, 2, id, 2, "missed one"), MSG_OK);
    CHECK_EQ(say(&f, 2, id, 3, "missed two"), MSG_OK);
    CHECK_EQ(dm(&f, 2, "alice", 4, "a DM while away"), MSG_OK);
    now_ms += 60000;

    /* Back: identity, rooms and status restored, the waiting DM delivered; the room
     * messages missed the client fetches with HISTORY (it knows what reached it). */
    connect_(&f, 11);
    hello(&f, 11);
    rec_clear();
    msg_err err = resume(&f, 11, token);
    CHECK_EQ(err, MSG_OK);
    const msg_session *ss = last_session(11);
    CHECK(ss && ss->resumed && ss->user_id == alice && ss->status == MSG_STATUS_AWAY);
    CHECK(ss && memcmp(ss->token, token, MSG_TOKEN_SIZE) != 0); /* a fresh token */
    CHECK_EQ(count(11, MSG_CHAT_MESSAGE), 1);
    const msg *dmm = nth(11, MSG_CHAT_MESSAGE, 0);
    CHECK(dmm && dmm->chat_message.dm && !strcmp(dmm->chat_message.text, "a DM while away"));
    CHECK(where(11, MSG_RESULT) < where(11, MSG_CHAT_MESSAGE));
    p = nth(2, MSG_PRESENCE, 0);
    CHECK(p && p->presence.status == MSG_STATUS_AWAY && !strcmp(p->presence.text, "lunch"));
    uint8_t fresh[MSG_TOKEN_SIZE];
    memcpy(fresh, ss ? ss->token : token, sizeof fresh);
    rec_clear();
    msg h = {.type = MSG_HISTORY};
    h.history.req = 77;
    h.history.room_id = id; /* still a member: no join needed */
    h.history.count = 2;
    send_msg(&f, 11, &h);
    const msg *c0 = nth(11, MSG_CHAT_MESSAGE, 0);
    CHECK(c0 && c0->chat_message.history && !strcmp(c0->chat_message.text, "missed one"));
    const msg *end = nth(11, MSG_HISTORY_END, 0);
    CHECK(end && end->history_end.err == MSG_OK && end->history_end.more);
    CHECK_EQ(say(&f, 11, id, 50, "back without joining"), MSG_OK);

    /* The old token is spent; the new one works once more after another drop. */
    connect_(&f, 12);
    hello(&f, 12);
    CHECK_EQ(resume(&f, 12, token), MSG_ERR_BAD_TOKEN);
    memcpy(token, fresh, sizeof token);
    rec_clear();
    app_on_disconnect(f.a, 11, now_ms);
    CHECK_EQ(resume(&f, 12, token), MSG_OK);
    CHECK_EQ(count(12, MSG_CHAT_MESSAGE), 0); /* the DM was delivered before: not twice */

    /* A client that comes back before its old link timed out takes over from it. */
    memcpy(token, last_session(12)->token, sizeof token);
    connect_(&f, 13);
    hello(&f, 13);
    rec_clear();
    CHECK_EQ(resume(&f, 13, token), MSG_OK);
    CHECK(was_closed(12));
    CHECK_EQ(count(2, MSG_PRESENCE), 0);                                /* no flicker */
    CHECK_EQ(say(&f, 12, id, 51, "from the dead link"), MSG_ERR_COUNT); /* ignored */
    app_on_disconnect(f.a, 12, now_ms);

    /* Expired after resume_ttl_ms. */
    memcpy(token, last_session(13)->token, sizeof token);
    app_on_disconnect(f.a, 13, now_ms);
    tick(&f, 120001);
    connect_(&f, 14);
    hello(&f, 14);
    CHECK_EQ(resume(&f, 14, token), MSG_ERR_BAD_TOKEN);
    /* Logging out also ends the token. */
    CHECK_EQ(login(&f, 14, "alice", "password123"), MSG_OK);
    memcpy(token, last_session(14)->token, sizeof token);
    CHECK_EQ(simple(&f, 14, MSG_LOGOUT), MSG_OK);
    CHECK_EQ(resume(&f, 14, token), MSG_ERR_BAD_TOKEN);
    fx_close(&f);
}

static void test_guest_resume(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    guest_user(&f, 2, "gus");
    uint32_t id = 0;
    CHECK_EQ(create(&f, 1, "Fun", false, "", &id), MSG_OK);
    CHECK_EQ(join(&f, 2, id, "", ""), MSG_OK);
    uint8_t token[MSG_TOKEN_SIZE];
    memcpy(token, last_session(2)->token, sizeof token);
    app_on_disconnect(f.a, 2, now_ms);
    /* The name stays reserved while the guest may come back. */
    connect_(&f, 3);
    hello(&f, 3);
    CHECK_EQ(guest(&f, 3, "gus"), MSG_ERR_NAME_TAKEN);
    CHECK_EQ(resume(&f, 3, token), MSG_OK);
    CHECK_EQ(say(&f, 3, id, 1, "still in Fun"), MSG_OK);
    /* Once the token expires a guest is gone, and so are its rooms. */
    app_on_disconnect(f.a, 3, now_ms);
    rec_clear();
    tick(&f, 120001);
    const msg *left = nth(1, MSG_MEMBER_EVENT, 0);
    CHECK(left && left->member_event.kind == MSG_MEMBER_EV_LEFT);
    const msg_room_info *info = listed(&f, 1, id);
    CHECK(info && info->total == 1);
    CHECK_EQ(app_get_stats(f.a).guests, 0);
    connect_(&f, 4);
    hello(&f, 4);
    CHECK_EQ(guest(&f, 4, "gus"), MSG_OK);
    fx_close(&f);
}

/* Moderation. ----------------------------------------------------------------------------- */

static void test_kick(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "owner");
    user(&f, 2, "mod");
    user(&f, 3, "admin");
    user(&f, 4, "pleb");
    CHECK_EQ(role_set(&f, 1, "mod", MSG_ROLE_MODERATOR), MSG_OK);
    CHECK_EQ(role_set(&f, 1, "admin", MSG_ROLE_ADMIN), MSG_OK);
    uint8_t token[MSG_TOKEN_SIZE];
    memcpy(token, last_session(4)->token, sizeof token);

    /* Who may: not a user, not on an equal or higher role. */
    CHECK_EQ(kick(&f, 4, "mod", 1), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(kick(&f, 2, "admin", 1), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(kick(&f, 2, "mod", 1), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(kick(&f, 2, "ghost", 1), MSG_ERR_NO_SUCH_USER);
    CHECK_EQ(kick(&f, 2, "pleb", 999), MSG_ERR_NO_SUCH_ROOM);

    /* From a room: a notice, an event for the room, and the room is gone for him. */
    rec_clear();
    CHECK_EQ(kick(&f, 2, "pleb", 1), MSG_OK);
    const msg *n = nth(4, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_KICKED && n->notice.room_id == 1 &&
          !strcmp(n->notice.by, "mod") && !strcmp(n->notice.text, "be nice"));
    const msg *ev = nth(1, MSG_MEMBER_EVENT, 0);
    CHECK(ev && ev->member_event.kind == MSG_MEMBER_EV_KICKED &&
          !strcmp(ev->member_event.by, "mod"));
    CHECK_EQ(say(&f, 4, 1, 1, "hey"), MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(kick(&f, 2, "pleb", 1), MSG_ERR_NOT_IN_ROOM);
    CHECK(!was_closed(4));

    /* From the server: a notice, then the close; nothing it sends counts any more. */
    rec_clear();
    CHECK_EQ(kick(&f, 2, "pleb", 0), MSG_OK);
    n = nth(4, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_KICKED && n->notice.room_id == 0);
    CHECK(was_closed(4));
    rec_clear();
    CHECK_EQ(join(&f, 4, 1, "", ""), MSG_ERR_COUNT); /* ignored: no answer */
    CHECK_EQ(count_all(4), 0);
    app_on_disconnect(f.a, 4, now_ms);
    connect_(&f, 5);
    hello(&f, 5);
    CHECK_EQ(resume(&f, 5, token), MSG_ERR_BAD_TOKEN);     /* a kick ends the session for good */
    CHECK_EQ(login(&f, 5, "pleb", "password123"), MSG_OK); /* but may come back */
    fx_close(&f);
}

static void test_ban(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "owner");
    user(&f, 2, "admin");
    user(&f, 3, "troll");
    user(&f, 4, "pleb");
    CHECK_EQ(role_set(&f, 1, "admin", MSG_ROLE_ADMIN), MSG_OK);
    CHECK_EQ(ban(&f, 4, "troll", 0), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(ban(&f, 2, "owner", 0), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(ban(&f, 2, "nobody", 0), MSG_ERR_NO_SUCH_USER);

    rec_clear();
    CHECK_EQ(ban(&f, 2, "troll", 0), MSG_OK);
    const msg *n = nth(3, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_BANNED && !strcmp(n->notice.text, "spam") &&
          n->notice.seconds == 0);
    CHECK(was_closed(3));
    const msg *ev = nth(4, MSG_MEMBER_EVENT, 0);
    CHECK(ev && ev->member_event.kind == MSG_MEMBER_EV_BANNED &&
          !strcmp(ev->member_event.member.name, "troll"));
    rec_clear();
    CHECK_EQ(say(&f, 3, 1, 1, "acting while banned"), MSG_ERR_COUNT); /* nothing heard */
    CHECK_EQ(count(4, MSG_CHAT_MESSAGE), 0);
    app_on_disconnect(f.a, 3, now_ms);
    connect_(&f, 5);
    hello(&f, 5);
    rec_clear();
    CHECK_EQ(login(&f, 5, "troll", "password123"), MSG_ERR_BANNED);
    const msg *r = nth(5, MSG_RESULT, 0);
    CHECK(r && strstr(r->result.text, "spam") != NULL);
    CHECK_EQ(login(&f, 5, "troll", "wrongpass1"), MSG_ERR_BAD_CREDENTIALS); /* no hint */
    CHECK_EQ(unban(&f, 4, "troll"), MSG_ERR_NOT_PERMITTED);
    CHECK_EQ(unban(&f, 2, "troll"), MSG_OK);
    CHECK_EQ(login(&f, 5, "troll", "password123"), MSG_OK);

    /* A timed ban ends by itself. */
    CHECK_EQ(ban(&f, 2, "troll", 60), MSG_OK);
    app_on_disconnect(f.a, 5, now_ms);
    connect_(&f, 6);
    hello(&f, 6);
    rec_clear();
    CHECK_EQ(login(&f, 6, "troll", "password123"), MSG_ERR_BANNED);
    r = nth(6, MSG_RESULT, 0);
    CHECK(r && r->result.retry_after_ms > 0 && r->result.retry_after_ms <= 60000);
    tick(&f, 60001);
    CHECK_EQ(login(&f, 6, "troll", "password123"), MSG_OK);
    fx_close(&f);
}

static void test_mute(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "owner");
    user(&f, 2, "mod");
    user(&f, 3, "loud");
    guest_user(&f, 4, "noisy");
    CHECK_EQ(role_set(&f, 1, "mod", MSG_ROLE_MODERATOR), MSG_OK);
    uint32_t id = 0;
    CHECK_EQ(create(&f, 1, "Quiet", false, "", &id), MSG_OK);
    CHECK_EQ(join(&f, 3, id, "", ""), MSG_OK);

    CHECK_EQ(mute(&f, 3, "mod", 1, 60), MSG_ERR_NOT_PERMITTED);
    rec_clear();
    CHECK_EQ(mute(&f, 2, "loud", 1, 60), MSG_OK);
    const msg *n = nth(3, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_MUTED && n->notice.seconds == 60 &&
          n->notice.room_id == 1);
    const msg *ev = nth(1, MSG_MEMBER_EVENT, 0);
    CHECK(ev && ev->member_event.kind == MSG_MEMBER_EV_MUTED && ev->member_event.member.muted &&
          ev->member_event.seconds == 60);
    rec_clear();
    CHECK_EQ(say(&f, 3, 1, 1, "let me speak"), MSG_ERR_MUTED);
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 0);
    CHECK_EQ(say(&f, 3, id, 2, "elsewhere I may"), MSG_OK);
    const msg_member *mb = member_in(&f, 1, 1, "loud");
    CHECK(mb && mb->muted);
    /* Logging in again does not lift it (it is stored). */
    CHECK_EQ(simple(&f, 3, MSG_LOGOUT), MSG_OK);
    CHECK_EQ(login(&f, 3, "loud", "password123"), MSG_OK);
    CHECK_EQ(say(&f, 3, 1, 3, "now?"), MSG_ERR_MUTED);
    /* It ends at its time, with a notice. */
    rec_clear();
    tick(&f, 60001);
    n = nth(3, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_MUTED && n->notice.seconds == 0);
    ev = nth(1, MSG_MEMBER_EVENT, 0);
    CHECK(ev && ev->member_event.kind == MSG_MEMBER_EV_UNMUTED);
    CHECK_EQ(say(&f, 3, 1, 4, "finally"), MSG_OK);

    /* Guests: leaving and joining again does not lift a mute; an unmute does. */
    CHECK_EQ(mute(&f, 2, "noisy", 1, 600), MSG_OK);
    CHECK_EQ(room_req(&f, 4, MSG_ROOM_LEAVE, 1), MSG_OK);
    CHECK_EQ(join(&f, 4, 1, "", ""), MSG_OK);
    CHECK_EQ(say(&f, 4, 1, 1, "sneaky"), MSG_ERR_MUTED);
    CHECK_EQ(mute(&f, 2, "noisy", 1, 0), MSG_OK);
    CHECK_EQ(say(&f, 4, 1, 2, "thanks"), MSG_OK);
    /* Offline members can be muted too; those not in the room cannot. */
    CHECK_EQ(simple(&f, 3, MSG_LOGOUT), MSG_OK);
    CHECK_EQ(mute(&f, 2, "loud", id, 60), MSG_OK);
    CHECK_EQ(mute(&f, 1, "mod", id, 60), MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(login(&f, 3, "loud", "password123"), MSG_OK);
    CHECK_EQ(say(&f, 3, id, 5, "muted here now"), MSG_ERR_MUTED);
    fx_close(&f);
}

static void test_roles(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "owner");
    user(&f, 2, "admin");
    user(&f, 3, "pleb");
    CHECK_EQ(role_set(&f, 3, "admin", MSG_ROLE_MODERATOR), MSG_ERR_NOT_PERMITTED);
    rec_clear();
    CHECK_EQ(role_set(&f, 1, "admin", MSG_ROLE_ADMIN), MSG_OK);
    const msg *ev = nth(3, MSG_MEMBER_EVENT, 0);
    CHECK(ev && ev->member_event.kind == MSG_MEMBER_EV_ROLE &&
          ev->member_event.member.role == MSG_ROLE_ADMIN && !strcmp(ev->member_event.by, "owner"));
    CHECK_EQ(role_set(&f, 2, "pleb", MSG_ROLE_OWNER), MSG_ERR_NOT_PERMITTED); /* above own */
    CHECK_EQ(role_set(&f, 2, "owner", MSG_ROLE_USER), MSG_ERR_NOT_PERMITTED); /* on higher */
    CHECK_EQ(role_set(&f, 2, "pleb", MSG_ROLE_GUEST), MSG_ERR_BAD_REQUEST);
    CHECK_EQ(role_set(&f, 2, "nobody", MSG_ROLE_USER), MSG_ERR_NO_SUCH_USER);
    CHECK_EQ(role_set(&f, 2, "pleb", MSG_ROLE_MODERATOR), MSG_OK);
    CHECK_EQ(role_set(&f, 1, "owner", MSG_ROLE_USER), MSG_ERR_NOT_PERMITTED); /* oneself */
    /* The change is live: pleb may now kick in rooms. */
    guest_user(&f, 4, "gg");
    CHECK_EQ(kick(&f, 3, "gg", 1), MSG_OK);
    fx_close(&f);
}

/* Limits and validation. ------------------------------------------------------------------ */

static void test_rate_limits(void)
{
    fx f;
    app_config cfg = {
        0}; /* the defaults: chat 5/s burst 10, joins 2/s burst 5, logins 1/s burst 5 */
    if (!fx_open_cfg(&f, cfg)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    rec_clear();
    for (uint64_t i = 1; i <= 10; i++) CHECK_EQ(say(&f, 1, 1, i, "burst"), MSG_OK);
    CHECK_EQ(say(&f, 1, 1, 11, "one too many"), MSG_ERR_RATE_LIMITED);
    const msg_chat_ack *ack = ack_of(1, 11);
    CHECK(ack && ack->retry_after_ms > 0 && ack->retry_after_ms <= 200);
    CHECK_EQ(count(2, MSG_CHAT_MESSAGE), 10); /* the refused one went nowhere */
    CHECK_EQ(app_get_stats(f.a).rate_limited, 1);
    now_ms += 200;
    CHECK_EQ(say(&f, 1, 1, 11, "one too many"), MSG_OK); /* resent after the wait */
    CHECK(!ack_of(1, 11)->duplicate);

    /* Joins and creates share a bucket. */
    uint32_t id = 0;
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "Room%d", i);
        CHECK_EQ(create(&f, 1, name, false, "", i == 0 ? &id : NULL), MSG_OK);
    }
    rec_clear();
    CHECK_EQ(join(&f, 1, id, "", ""), MSG_ERR_RATE_LIMITED);
    const msg *r = result_of(1, join_req);
    CHECK(r && r->result.retry_after_ms > 0 && r->result.retry_after_ms <= 500);
    now_ms += 500;
    CHECK_EQ(join(&f, 1, id, "", ""), MSG_OK);

    /* Logins: five quick attempts, then a wait. */
    connect_(&f, 3);
    hello(&f, 3);
    for (int i = 0; i < 5; i++) CHECK_EQ(guest(&f, 3, "x"), MSG_ERR_INVALID_NAME);
    CHECK_EQ(guest(&f, 3, "xavier"), MSG_ERR_RATE_LIMITED);
    now_ms += 1000;
    CHECK_EQ(guest(&f, 3, "xavier"), MSG_OK);
    fx_close(&f);
}

static void test_bad_input(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    rec_clear();
    /* Garbage: counted, answered with req 0, nothing else. */
    const uint8_t junk[] = {0xff, 0x01, 0x02};
    app_on_message(f.a, 1, 0, junk, sizeof junk, now_ms);
    app_on_message(f.a, 1, 0, junk, 0, now_ms);
    CHECK_EQ(app_get_stats(f.a).bad_messages, 2);
    const msg *r = nth(1, MSG_RESULT, 0);
    CHECK(r && r->result.req == 0 && r->result.err == MSG_ERR_BAD_REQUEST);
    /* A CHAT_SEND with trailing bytes. */
    msg m = {.type = MSG_CHAT_SEND};
    m.chat_send.room_id = 1;
    m.chat_send.client_msg_id = 77;
    snprintf(m.chat_send.text, sizeof m.chat_send.text, "hi");
    uint8_t buf[64];
    size_t len = 0;
    CHECK(msg_encode(&m, buf, sizeof buf, &len));
    buf[len] = 0;
    app_on_message(f.a, 1, 1, buf, len + 1, now_ms);
    CHECK_EQ(app_get_stats(f.a).bad_messages, 3);
    CHECK(ack_of(1, 77) == NULL);

    /* A server's message from a client. */
    rec_clear();
    msg s = {.type = MSG_SERVER_INFO};
    s.server_info.req = 5;
    send_on(&f, 1, 0, &s);
    r = nth(1, MSG_RESULT, 0);
    CHECK(r && r->result.err == MSG_ERR_BAD_REQUEST && r->result.req == 0);
    CHECK_EQ(app_get_stats(f.a).bad_messages, 4);

    /* The wrong channel: answered as the request would be, nothing done. */
    rec_clear();
    send_on(&f, 1, 0, &m); /* CHAT_SEND on CONTROL */
    CHECK(ack_of(1, 77) && ack_of(1, 77)->err == MSG_ERR_BAD_REQUEST);
    CHECK_EQ(count(1, MSG_CHAT_MESSAGE), 0);
    msg l = {.type = MSG_ROOM_LIST};
    l.room_list.req = 66;
    send_on(&f, 1, 1, &l); /* ROOM_LIST on CHAT */
    CHECK_EQ(result_err(1, 66), MSG_ERR_BAD_REQUEST);
    CHECK_EQ(count(1, MSG_ROOM_LIST_ITEMS), 0);
    CHECK_EQ(app_get_stats(f.a).bad_messages, 6);

    /* An unknown session: dropped and counted, nothing sent. */
    rec_clear();
    send_on(&f, 999, 1, &m);
    CHECK_EQ(rec_n, 0);
    CHECK_EQ(app_get_stats(f.a).bad_messages, 7);

    fx_close(&f);
}

/* Console and shutdown. ------------------------------------------------------------------- */

static void test_console(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "owner");
    user(&f, 2, "bob");
    guest_user(&f, 3, "gwen");
    char out[4096];
    CHECK(app_console(f.a, "help", out, sizeof out, now_ms));
    CHECK(strstr(out, "broadcast") != NULL);
    CHECK(app_console(f.a, "users", out, sizeof out, now_ms));
    CHECK(strstr(out, "bob") && strstr(out, "gwen") && strstr(out, "owner"));
    CHECK(app_console(f.a, "rooms", out, sizeof out, now_ms));
    CHECK(strstr(out, "General") != NULL);
    CHECK(app_console(f.a, "stats", out, sizeof out, now_ms));
    CHECK(strstr(out, "logged in 3") != NULL);
    CHECK(!app_console(f.a, "frobnicate", out, sizeof out, now_ms));
    CHECK(strstr(out, "unknown command") != NULL);
    CHECK(!app_console(f.a, "", out, sizeof out, now_ms));
    CHECK(!app_console(f.a, "role bob", out, sizeof out, now_ms));
    CHECK(!app_console(f.a, "role bob wizard", out, sizeof out, now_ms));

    rec_clear();
    CHECK(app_console(f.a, "broadcast  server restarts at noon ", out, sizeof out, now_ms));
    const msg *n = nth(2, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_BROADCAST &&
          !strcmp(n->notice.text, "server restarts at noon"));
    CHECK_EQ(count(3, MSG_NOTICE), 1);

    CHECK(app_console(f.a, "role bob moderator", out, sizeof out, now_ms));
    CHECK(strstr(out, "role set") != NULL);
    CHECK(app_console(f.a, "role owner user", out, sizeof out, now_ms)); /* understood... */
    CHECK(strstr(out, "NOT_PERMITTED") != NULL);                         /* ...last owner */
    rec_clear();
    CHECK(app_console(f.a, "kick gwen too loud", out, sizeof out, now_ms));
    n = nth(3, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_KICKED && !strcmp(n->notice.text, "too loud") &&
          !n->notice.by[0]);
    CHECK(was_closed(3));
    CHECK(app_console(f.a, "ban owner", out, sizeof out, now_ms)); /* the console outranks all */
    CHECK(was_closed(1));
    CHECK(app_console(f.a, "unban owner", out, sizeof out, now_ms));
    CHECK(strstr(out, "unbanned") != NULL);
    CHECK(app_console(f.a, "kick nobody", out, sizeof out, now_ms));
    CHECK(strstr(out, "NO_SUCH_USER") != NULL);

    /* A tiny buffer is cut, never overrun. */
    char small[16];
    CHECK(app_console(f.a, "help", small, sizeof small, now_ms));
    CHECK(strlen(small) < sizeof small);

    rec_clear();
    app_shutdown(f.a, "maintenance", now_ms);
    n = nth(2, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_SHUTDOWN && !strcmp(n->notice.text, "maintenance"));
    fx_close(&f);
}

/* Lists longer than one message come in chunks; full tables refuse politely. */
static void test_chunks_and_tables(void)
{
    fx f;
    app_config cfg = fast_rates();
    cfg.max_users = 150;
    if (!fx_open_cfg(&f, cfg)) return;
    user(&f, 1, "alice");
    for (int i = 0; i < 60; i++) {
        char name[16];
        snprintf(name, sizeof name, "Room%02d", i);
        CHECK_EQ(create(&f, 1, name, false, "", NULL), MSG_OK);
    }
    rec_clear();
    CHECK_EQ(simple(&f, 1, MSG_ROOM_LIST), MSG_OK);
    CHECK_EQ(count(1, MSG_ROOM_LIST_ITEMS), 2);
    const msg *c0 = nth(1, MSG_ROOM_LIST_ITEMS, 0), *c1 = nth(1, MSG_ROOM_LIST_ITEMS, 1);
    CHECK(c0 && !c0->room_list_items.last && c0->room_list_items.count == MSG_ROOMS_PER_MSG);
    CHECK(c1 && c1->room_list_items.last && c1->room_list_items.count == 11);
    CHECK(where(1, MSG_ROOM_LIST_ITEMS) < where(1, MSG_RESULT));

    /* 120 guests and alice in General: two MEMBER_LIST chunks. */
    for (uint32_t i = 0; i < 120; i++) {
        char name[16];
        snprintf(name, sizeof name, "guest%03u", i);
        rec_clear(); /* each arrival is news to everyone before it */
        guest_user(&f, 100 + i, name);
    }
    rec_clear();
    CHECK_EQ(room_req(&f, 1, MSG_MEMBERS, 1), MSG_OK);
    CHECK_EQ(count(1, MSG_MEMBER_LIST), 2);
    c0 = nth(1, MSG_MEMBER_LIST, 0);
    c1 = nth(1, MSG_MEMBER_LIST, 1);
    CHECK(c0 && !c0->member_list.last && c0->member_list.count == MSG_MEMBERS_PER_MSG);
    CHECK(c1 && c1->member_list.last && c1->member_list.count == 21);

    /* Search says when more matched than fit. */
    rec_clear();
    msg q = {.type = MSG_USER_SEARCH};
    q.user_search.req = 4242;
    snprintf(q.user_search.query, sizeof q.user_search.query, "guest");
    send_msg(&f, 1, &q);
    const msg *r = nth(1, MSG_USER_SEARCH_RESULT, 0);
    CHECK(r && r->user_search_result.count == MSG_SEARCH_MAX && r->user_search_result.more);

    /* The session table (150 + 150/4 + 16 = 203 slots) refuses the 204th connection. */
    for (uint32_t i = 0; i < 82; i++) connect_(&f, 1000 + i);
    CHECK_EQ(app_get_stats(f.a).sessions, 203);
    CHECK(!was_closed(1081));
    connect_(&f, 2000);
    CHECK(was_closed(2000));
    CHECK_EQ(app_get_stats(f.a).sessions, 203);
    app_on_disconnect(f.a, 2000, now_ms); /* unknown to the app: ignored */
    CHECK_EQ(app_get_stats(f.a).sessions, 203);
    fx_close(&f);
}

static void test_address_ban(void)
{
    fx f;
    if (!fx_open(&f)) return;
    CHECK_EQ(store_ban_address(f.st, "10.1.2.3", "go away", now_ms), STORE_OK);
    connect_as(&f, 1, 0x0a010203);
    const msg *n = nth(1, MSG_NOTICE, 0);
    CHECK(n && n->notice.kind == MSG_NOTICE_BANNED && !strcmp(n->notice.text, "go away"));
    CHECK(was_closed(1));
    rec_clear();
    CHECK_EQ(hello(&f, 1), MSG_ERR_COUNT); /* not listened to */
    app_on_disconnect(f.a, 1, now_ms);
    connect_as(&f, 2, 0x0a010204);
    CHECK_EQ(hello(&f, 2), MSG_OK);
    CHECK(!was_closed(2));
    fx_close(&f);
}

/* Random traffic: valid requests with random fields and bit flips, on random channels, from
 * sessions that come and go. Nothing may crash, leak or trip the sanitizers, and every
 * message sent must decode (checked in fake_send). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static void random_msg(msg *m)
{
    static const char *const names[] = {"alice", "bob", "carol", "gina", "nobody", "Room1"};
    const char *name = names[rng() % 6];
    static const msg_type types[] = {
        MSG_HELLO,       MSG_REGISTER,    MSG_LOGIN,       MSG_GUEST,       MSG_RESUME,
        MSG_LOGOUT,      MSG_ROOM_LIST,   MSG_ROOM_CREATE, MSG_ROOM_JOIN,   MSG_ROOM_LEAVE,
        MSG_ROOM_DELETE, MSG_ROOM_UPDATE, MSG_MEMBERS,     MSG_STATUS_SET,  MSG_USER_SEARCH,
        MSG_CHAT_SEND,   MSG_CHAT_DM,     MSG_CHAT_EDIT,   MSG_CHAT_DELETE, MSG_HISTORY,
        MSG_TYPING,      MSG_KICK,        MSG_BAN,         MSG_UNBAN,       MSG_MUTE,
        MSG_ROLE_SET,    MSG_SERVER_INFO, MSG_CHAT_ACK};
    memset(m, 0, sizeof *m);
    m->type = types[rng() % (sizeof types / sizeof types[0])];
    uint32_t req = rng() % 4, room = rng() % 5, small = rng() % 4;
    switch (m->type) {
    case MSG_HELLO:
        m->hello.req = req;
        m->hello.version = MSG_PROTOCOL_VERSION + (rng() % 8 == 0);
        break;
    case MSG_REGISTER:
        m->register_.req = req;
        snprintf(m->register_.name, sizeof m->register_.name, "%s", name);
        snprintf(m->register_.password, sizeof m->register_.password, "password123");
        break;
    case MSG_LOGIN:
        m->login.req = req;
        snprintf(m->login.name, sizeof m->login.name, "%s", name);
        snprintf(m->login.password, sizeof m->login.password, "password12%u", small ? 3 : 4);
        break;
    case MSG_GUEST:
        m->guest.req = req;
        snprintf(m->guest.name, sizeof m->guest.name, "%s%u", name, small);
        break;
    case MSG_RESUME:
        m->resume.req = req;
        m->resume.token[0] = (uint8_t)small;
        break;
    case MSG_ROOM_CREATE:
        m->room_create.req = req;
        snprintf(m->room_create.name, sizeof m->room_create.name, "Room%u", small);
        m->room_create.is_private = small & 1;
        snprintf(m->room_create.password, sizeof m->room_create.password, "%s",
                 small & 1 ? "password1" : "");
        break;
    case MSG_ROOM_JOIN:
        m->room_join.req = req;
        m->room_join.room_id = room;
        snprintf(m->room_join.name, sizeof m->room_join.name, "Room%u", small);
        snprintf(m->room_join.password, sizeof m->room_join.password, "password1");
        break;
    case MSG_ROOM_LEAVE:
    case MSG_ROOM_DELETE:
    case MSG_MEMBERS:
        m->room_leave.req = req;
        m->room_leave.room_id = room;
        break;
    case MSG_ROOM_UPDATE:
        m->room_update.req = req;
        m->room_update.room_id = room;
        snprintf(m->room_update.topic, sizeof m->room_update.topic, "t%u", small);
        break;
    case MSG_STATUS_SET:
        m->status_set.req = req;
        m->status_set.status = (msg_status)(1 + small);
        break;
    case MSG_USER_SEARCH:
        m->user_search.req = req;
        snprintf(m->user_search.query, sizeof m->user_search.query, "%c", name[0]);
        break;
    case MSG_CHAT_SEND:
        m->chat_send.room_id = room;
        m->chat_send.client_msg_id = rng() % 4096;
        snprintf(m->chat_send.text, sizeof m->chat_send.text, "text %u", small);
        break;
    case MSG_CHAT_DM:
        snprintf(m->chat_dm.to, sizeof m->chat_dm.to, "%s", name);
        m->chat_dm.client_msg_id = rng() % 4096;
        snprintf(m->chat_dm.text, sizeof m->chat_dm.text, "dm %u", small);
        break;
    case MSG_CHAT_EDIT:
        m->chat_edit.client_msg_id = rng() % 4096;
        m->chat_edit.server_id = rng() % 40;
        snprintf(m->chat_edit.text, sizeof m->chat_edit.text, "edit %u", small);
        break;
    case MSG_CHAT_DELETE:
        m->chat_delete.client_msg_id = rng() % 4096;
        m->chat_delete.server_id = rng() % 40;
        break;
    case MSG_HISTORY:
        m->history.req = req;
        m->history.room_id = room;
        m->history.peer_id = rng() % 3 == 0 ? small : 0;
        m->history.before_id = rng() % 50;
        m->history.count = 1 + rng() % MSG_HISTORY_PAGE;
        break;
    case MSG_TYPING:
        m->typing.room_id = room;
        m->typing.peer_id = small;
        m->typing.on = true;
        break;
    case MSG_KICK:
    case MSG_BAN:
    case MSG_UNBAN:
    case MSG_MUTE:
    case MSG_ROLE_SET:
        m->kick.req = req;
        snprintf(m->kick.name, sizeof m->kick.name, "%s", name);
        if (m->type == MSG_KICK) m->kick.room_id = room % 2;
        if (m->type == MSG_BAN) m->ban.seconds = small;
        if (m->type == MSG_MUTE) {
            m->mute.room_id = room;
            m->mute.seconds = small;
        }
        if (m->type == MSG_ROLE_SET) m->role_set.role = (msg_role)(rng() % MSG_ROLE_COUNT);
        break;
    default:
        break;
    }
}

static void test_random_traffic(void)
{
    fx f;
    app_config cfg = fast_rates();
    cfg.resume_ttl_ms = 500;
    cfg.login_fail_limit = 1000000;
    if (!fx_open_cfg(&f, cfg)) return;
    user(&f, 1, "alice");
    bool up[8] = {false, true}; /* session 1 is alice */
    for (int i = 0; i < 20000; i++) {
        rec_clear();
        uint32_t s = 1 + rng() % 7;
        if (!up[s] || rng() % 200 == 0) {
            if (up[s]) app_on_disconnect(f.a, s, now_ms);
            connect_as(&f, s, 0x0a000000u + s);
            up[s] = true;
            hello(&f, s);
            char name[16];
            snprintf(name, sizeof name, "visitor%u", s);
            if (rng() % 2) guest(&f, s, name); /* else it has to log in by itself */
            continue;
        }
        msg m;
        random_msg(&m);
        uint8_t buf[MSG_MAX_SIZE];
        size_t len = 0;
        if (!msg_encode(&m, buf, sizeof buf, &len)) continue;
        if (rng() % 4 == 0 && len) buf[rng() % len] ^= (uint8_t)(1u << (rng() % 8));
        int channel = rng() % 10 == 0 ? (int)(rng() % 2) : msg_channel(m.type);
        app_on_message(f.a, s, channel, buf, len, now_ms);
        if (rng() % 50 == 0) tick(&f, rng() % 400);
        char out[512];
        if (rng() % 500 == 0)
            app_console(f.a, rng() % 2 ? "kick bob" : "users", out, sizeof out, now_ms);
    }
    app_stats st = app_get_stats(f.a);
    CHECK(st.messages_in > 10000);
    CHECK(st.chat_messages > 100); /* the traffic got somewhere */
    CHECK(st.bad_messages > 0);
    for (uint32_t s = 1; s < 8; s++)
        if (up[s]) app_on_disconnect(f.a, s, now_ms);
    tick(&f, 1000);
    st = app_get_stats(f.a);
    CHECK_EQ(st.sessions, 0);
    CHECK_EQ(st.logged_in, 0);
    CHECK_EQ(st.guests, 0);
    fx_close(&f);
}

/* Restart: counts and memberships come back from the store. */
static void test_restart(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "alice");
    user(&f, 2, "bob");
    uint32_t id = 0;
    CHECK_EQ(create(&f, 1, "Keep", false, "", &id), MSG_OK);
    CHECK_EQ(join(&f, 2, id, "", ""), MSG_OK);
    CHECK_EQ(say(&f, 2, id, 1, "persisted"), MSG_OK);
    app_destroy(f.a);
    app_config cfg = fast_rates();
    cfg.st = f.st;
    cfg.send = fake_send;
    cfg.close = fake_close;
    cfg.log = fake_log;
    f.a = app_create(&cfg);
    CHECK(f.a != NULL);
    if (!f.a) return;
    user(&f, 3, "carol");
    const msg_room_info *info = listed(&f, 3, id);
    CHECK(info && info->total == 2 && info->online == 0);
    CHECK_EQ(join(&f, 3, id, "", ""), MSG_OK);
    fx_close(&f);
}

static msg_err voice_state(fx *f, uint32_t s, uint32_t room, bool deaf)
{
    msg m = {.type = MSG_VOICE_STATE};
    m.voice_state.req = next_req++;
    m.voice_state.room_id = room;
    m.voice_state.deafened = deaf;
    send_msg(f, s, &m);
    return result_err(s, m.voice_state.req);
}

/* Sends one voice frame from s; returns how many copies the app relayed. */
static size_t voice_send(fx *f, uint32_t s, vw_target target, uint32_t seq)
{
    vw_frame fr = {.mode = VW_MODE_WB, .target = target, .seq = seq, .len = 3};
    fr.payload[0] = 0xab, fr.payload[1] = 0xcd, fr.payload[2] = (uint8_t)seq;
    uint8_t up[VW_MAX_UP];
    size_t len = vw_write(&fr, VW_UP, up, sizeof up);
    CHECK(len > 0);
    size_t before = voice_n;
    app_on_voice(f->a, s, up, len, now_ms);
    return voice_n - before;
}

static bool voice_targets_are(fx *f, uint32_t s, const uint32_t *want, size_t n)
{
    uint32_t got[16];
    size_t k = app_voice_targets(f->a, s, VW_TARGET_ROOM, got, 16);
    if (k != n) return false;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < k; j++) found |= got[j] == want[i];
        if (!found) return false;
    }
    return true;
}

/* Room voice reaches the other sessions in the same room's voice and nobody else. */
static void test_voice_relay(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "amy"); /* the first account: owner, may mute */
    user(&f, 2, "bob");
    user(&f, 3, "cat");
    user(&f, 4, "dan");
    user(&f, 6, "eve");
    connect_(&f, 5); /* amy's second machine */
    CHECK_EQ(hello(&f, 5), MSG_OK);
    CHECK_EQ(login(&f, 5, "amy", "password123"), MSG_OK);
    uint32_t other = 0;
    CHECK_EQ(create(&f, 4, "Other", false, "", &other), MSG_OK);
    const msg_session *ss = last_session(1);
    uint32_t amy_id = ss ? ss->user_id : 0;

    CHECK_EQ(voice_state(&f, 1, 1, false), MSG_OK);
    CHECK_EQ(voice_state(&f, 2, 1, false), MSG_OK);
    CHECK_EQ(voice_state(&f, 3, 1, true), MSG_OK); /* deafened */
    CHECK_EQ(voice_state(&f, 4, other, false), MSG_OK);
    CHECK_EQ(voice_state(&f, 5, 1, false), MSG_OK);
    /* eve (6) is in room 1 but not in its voice */
    CHECK_EQ(voice_state(&f, 1, other, false), MSG_ERR_NOT_IN_ROOM);
    CHECK_EQ(voice_state(&f, 1, 999999, false), MSG_ERR_NO_SUCH_ROOM);

    uint32_t want_amy[] = {2};
    CHECK(voice_targets_are(&f, 1, want_amy, 1)); /* not herself, her other machine, cat, dan */
    uint32_t want_bob[] = {1, 5};
    CHECK(voice_targets_are(&f, 2, want_bob, 2));
    CHECK(voice_targets_are(&f, 4, NULL, 0)); /* alone in Other's voice */
    CHECK(voice_targets_are(&f, 6, NULL, 0)); /* not in voice: sends nowhere */
    uint32_t out[4];
    CHECK_EQ(app_voice_targets(f.a, 1, VW_TARGET_CALL, out, 4), 0); /* no calls: nobody */

    /* The relayed copy is the same frame with amy's id, payload untouched. */
    voice_n = 0;
    CHECK_EQ(voice_send(&f, 1, VW_TARGET_ROOM, 7), 1);
    CHECK_EQ(voice_rec[0].session, 2);
    vw_frame got;
    CHECK(vw_read(voice_rec[0].data, voice_rec[0].len, VW_DOWN, &got, NULL));
    CHECK(got.sender == amy_id && got.seq == 7 && got.mode == VW_MODE_WB && got.len == 3 &&
          got.payload[0] == 0xab && got.payload[2] == 7 && got.target == VW_TARGET_ROOM);
    CHECK_EQ(voice_send(&f, 1, VW_TARGET_CALL, 8), 0);

    /* Malformed: dropped and counted, nothing sent. */
    app_stats st0 = app_get_stats(f.a);
    uint8_t bad[] = {0x03, 0x01}; /* mode 3 */
    app_on_voice(f.a, 1, bad, sizeof bad, now_ms);
    app_on_voice(f.a, 1, bad, 1, now_ms); /* no payload */
    app_on_voice(f.a, 1, NULL, 0, now_ms);
    CHECK_EQ(app_get_stats(f.a).voice_bad, st0.voice_bad + 3);
    CHECK_EQ(voice_n, 1);

    /* Deafened, left the room, muted by a moderator: not heard / not heard from. */
    CHECK_EQ(voice_state(&f, 2, 1, true), MSG_OK);
    CHECK(voice_targets_are(&f, 1, NULL, 0));
    CHECK_EQ(voice_state(&f, 2, 1, false), MSG_OK);
    CHECK_EQ(mute(&f, 1, "bob", 1, 60), MSG_OK);
    CHECK(voice_targets_are(&f, 2, NULL, 0));
    CHECK(voice_targets_are(&f, 1, want_amy, 1)); /* bob still hears */
    CHECK_EQ(room_req(&f, 2, MSG_ROOM_LEAVE, 1), MSG_OK);
    CHECK(voice_targets_are(&f, 1, NULL, 0));
    CHECK(voice_targets_are(&f, 2, NULL, 0));
    /* Leaving voice. */
    CHECK_EQ(voice_state(&f, 3, 1, false), MSG_OK);
    uint32_t want_cat[] = {3};
    CHECK(voice_targets_are(&f, 1, want_cat, 1));
    CHECK_EQ(voice_state(&f, 3, 0, false), MSG_OK);
    CHECK(voice_targets_are(&f, 1, NULL, 0));

    /* Rate limit: a burst of APP_VOICE_BURST, then about 60 per second. */
    CHECK_EQ(voice_state(&f, 3, 1, false), MSG_OK);
    now_ms += 1000; /* the bucket fills up again */
    voice_n = 0;
    app_stats st1 = app_get_stats(f.a);
    size_t relayed = 0;
    for (uint32_t i = 0; i < 100; i++) relayed += voice_send(&f, 1, VW_TARGET_ROOM, i % 32);
    CHECK(relayed >= 30 && relayed <= 31);
    CHECK_EQ(app_get_stats(f.a).voice_rate_limited, st1.voice_rate_limited + (100 - relayed));
    voice_n = 0;
    relayed = 0;
    for (uint32_t i = 0; i < 50; i++) {
        now_ms += 20; /* 50 per second: a talker is never limited */
        relayed += voice_send(&f, 1, VW_TARGET_ROOM, i % 32);
    }
    CHECK_EQ(relayed, 50);
    fx_close(&f);
}

/* 1:1 calls (app_call.c). ------------------------------------------------------------------ */

static msg_err call_start(fx *f, uint32_t s, const char *name, uint32_t *id)
{
    msg m = {.type = MSG_CALL_START};
    m.call_start.req = next_req++;
    snprintf(m.call_start.name, sizeof m.call_start.name, "%s", name);
    send_msg(f, s, &m);
    const msg *r = result_of(s, m.call_start.req);
    if (id) *id = r ? r->result.id : 0;
    return r ? r->result.err : MSG_ERR_COUNT;
}

/* CALL_ACCEPT, CALL_DECLINE or CALL_HANGUP. */
static msg_err call_req(fx *f, uint32_t s, msg_type t, uint32_t call_id)
{
    msg m = {.type = t};
    m.call_accept.req = next_req++;
    m.call_accept.call_id = call_id;
    send_msg(f, s, &m);
    return result_err(s, m.call_accept.req);
}

/* The last CALL_STATE session s received since the last clear, or NULL. */
static const msg_call_state *call_seen(uint32_t s)
{
    const msg_call_state *r = NULL;
    for (size_t i = 0; i < rec_n; i++)
        if (rec[i].session == s && rec[i].m.type == MSG_CALL_STATE) r = &rec[i].m.call_state;
    return r;
}

static bool call_is(uint32_t s, msg_call_phase st, msg_call_reason why, const char *peer)
{
    const msg_call_state *c = call_seen(s);
    return c && c->state == st && c->reason == why && !strcmp(c->peer, peer);
}

/* Ring, accept, busy both ways, hang up; call voice reaches the peer and nobody else. */
static void test_call_basics(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "amy");
    user(&f, 2, "bob");
    user(&f, 3, "cat");
    user(&f, 4, "zed");
    CHECK_EQ(simple(&f, 4, MSG_LOGOUT), MSG_OK);
    for (uint32_t s = 1; s <= 3; s++) CHECK_EQ(voice_state(&f, s, 1, false), MSG_OK);
    rec_clear();
    CHECK_EQ(call_start(&f, 1, "amy", NULL), MSG_ERR_BAD_REQUEST);
    CHECK_EQ(call_start(&f, 1, "AMY", NULL), MSG_ERR_BAD_REQUEST); /* names ignore case */
    CHECK_EQ(call_start(&f, 1, "nobody", NULL), MSG_ERR_NO_SUCH_USER);
    CHECK_EQ(call_start(&f, 1, "zed", NULL), MSG_ERR_USER_OFFLINE);
    CHECK_EQ(call_start(&f, 1, "", NULL), MSG_ERR_INVALID_NAME);
    CHECK_EQ(call_req(&f, 2, MSG_CALL_ACCEPT, 0), MSG_ERR_NO_CALL);
    CHECK_EQ(call_req(&f, 2, MSG_CALL_HANGUP, 0), MSG_ERR_NO_CALL);
    CHECK_EQ(count(1, MSG_CALL_STATE), 0);

    uint32_t id = 0;
    CHECK_EQ(call_start(&f, 1, "bob", &id), MSG_OK);
    CHECK(id != 0);
    CHECK(call_is(1, MSG_CALL_RINGING, MSG_CALL_R_NONE, "bob") && call_seen(1)->outgoing);
    CHECK(call_is(2, MSG_CALL_RINGING, MSG_CALL_R_NONE, "amy") && !call_seen(2)->outgoing);
    CHECK(call_seen(2) && call_seen(2)->call_id == id);
    CHECK_EQ(count(3, MSG_CALL_STATE), 0);
    voice_n = 0;
    CHECK_EQ(voice_send(&f, 1, VW_TARGET_CALL, 1), 0); /* ringing: no call voice yet */

    /* Busy: the callee, or the caller, is in a call already. */
    rec_clear();
    CHECK_EQ(call_start(&f, 3, "bob", NULL), MSG_OK);
    CHECK(call_is(3, MSG_CALL_ENDED, MSG_CALL_R_BUSY, "bob") && call_seen(3)->by_peer);
    CHECK_EQ(count(2, MSG_CALL_STATE), 0); /* bob's ringing call is not disturbed */
    CHECK_EQ(call_start(&f, 3, "amy", NULL), MSG_OK);
    CHECK(call_is(3, MSG_CALL_ENDED, MSG_CALL_R_BUSY, "amy"));
    CHECK_EQ(call_start(&f, 1, "cat", NULL), MSG_ERR_IN_CALL);
    CHECK_EQ(call_start(&f, 2, "cat", NULL), MSG_ERR_IN_CALL);
    CHECK_EQ(call_req(&f, 1, MSG_CALL_ACCEPT, id), MSG_ERR_NO_CALL); /* the caller cannot */
    CHECK_EQ(call_req(&f, 2, MSG_CALL_ACCEPT, id + 1000), MSG_ERR_NO_CALL);

    rec_clear();
    CHECK_EQ(call_req(&f, 2, MSG_CALL_ACCEPT, 0), MSG_OK);
    CHECK(call_is(1, MSG_CALL_ACTIVE, MSG_CALL_R_NONE, "bob"));
    CHECK(call_is(2, MSG_CALL_ACTIVE, MSG_CALL_R_NONE, "amy"));

    /* Privacy: call voice from amy reaches bob only, though cat shares their room's voice. */
    uint32_t out[8];
    CHECK_EQ(app_voice_targets(f.a, 1, VW_TARGET_CALL, out, 8), 1);
    CHECK_EQ(out[0], 2);
    CHECK_EQ(app_voice_targets(f.a, 2, VW_TARGET_CALL, out, 8), 1);
    CHECK_EQ(out[0], 1);
    CHECK_EQ(app_voice_targets(f.a, 3, VW_TARGET_CALL, out, 8), 0);
    voice_n = 0;
    CHECK_EQ(voice_send(&f, 1, VW_TARGET_CALL, 2), 1);
    CHECK_EQ(voice_rec[0].session, 2);
    vw_frame fr;
    CHECK(vw_read(voice_rec[0].data, voice_rec[0].len, VW_DOWN, &fr, NULL));
    CHECK_EQ(fr.target, VW_TARGET_CALL);
    CHECK_EQ(voice_send(&f, 3, VW_TARGET_CALL, 3), 0);
    CHECK_EQ(voice_send(&f, 1, VW_TARGET_ROOM, 4), 2); /* room voice is still the room's */

    rec_clear();
    CHECK_EQ(call_req(&f, 2, MSG_CALL_HANGUP, id), MSG_OK);
    CHECK(call_is(1, MSG_CALL_ENDED, MSG_CALL_R_HANGUP, "bob") && call_seen(1)->by_peer);
    CHECK(call_is(2, MSG_CALL_ENDED, MSG_CALL_R_HANGUP, "amy") && !call_seen(2)->by_peer);
    CHECK_EQ(voice_send(&f, 1, VW_TARGET_CALL, 5), 0);
    CHECK_EQ(call_req(&f, 1, MSG_CALL_HANGUP, 0), MSG_ERR_NO_CALL);
    CHECK_EQ(call_start(&f, 1, "cat", NULL), MSG_OK); /* free again */
    fx_close(&f);
}

/* Decline, hang up while ringing, the ring time-out (driven by `now`), other machines. */
static void test_call_ringing(void)
{
    fx f;
    app_config cfg = fast_rates();
    cfg.call_timeout_ms = 5000;
    if (!fx_open_cfg(&f, cfg)) return;
    user(&f, 1, "amy");
    user(&f, 2, "bob");
    CHECK_EQ(call_start(&f, 1, "bob", NULL), MSG_OK);
    rec_clear();
    CHECK_EQ(call_req(&f, 2, MSG_CALL_DECLINE, 0), MSG_OK);
    CHECK(call_is(1, MSG_CALL_ENDED, MSG_CALL_R_DECLINED, "bob") && call_seen(1)->by_peer);
    CHECK(call_is(2, MSG_CALL_ENDED, MSG_CALL_R_DECLINED, "amy"));

    CHECK_EQ(call_start(&f, 1, "bob", NULL), MSG_OK);
    rec_clear();
    CHECK_EQ(call_req(&f, 1, MSG_CALL_HANGUP, 0), MSG_OK); /* the caller gives up */
    CHECK(call_is(2, MSG_CALL_ENDED, MSG_CALL_R_HANGUP, "amy") && call_seen(2)->by_peer);
    CHECK(call_is(1, MSG_CALL_ENDED, MSG_CALL_R_HANGUP, "bob"));

    CHECK_EQ(call_start(&f, 1, "bob", NULL), MSG_OK);
    rec_clear();
    tick(&f, 4999);
    CHECK_EQ(count(1, MSG_CALL_STATE) + count(2, MSG_CALL_STATE), 0);
    tick(&f, 1);
    CHECK(call_is(1, MSG_CALL_ENDED, MSG_CALL_R_TIMEOUT, "bob"));
    CHECK(call_is(2, MSG_CALL_ENDED, MSG_CALL_R_TIMEOUT, "amy"));
    CHECK_EQ(call_req(&f, 2, MSG_CALL_ACCEPT, 0), MSG_ERR_NO_CALL); /* too late */

    /* bob on two machines: both ring; the one that answers takes it, the other stops. */
    connect_(&f, 12);
    CHECK_EQ(hello(&f, 12), MSG_OK);
    CHECK_EQ(login(&f, 12, "bob", "password123"), MSG_OK);
    rec_clear();
    CHECK_EQ(call_start(&f, 1, "bob", NULL), MSG_OK);
    CHECK(call_is(2, MSG_CALL_RINGING, MSG_CALL_R_NONE, "amy"));
    CHECK(call_is(12, MSG_CALL_RINGING, MSG_CALL_R_NONE, "amy"));
    CHECK_EQ(call_req(&f, 12, MSG_CALL_ACCEPT, 0), MSG_OK);
    CHECK(call_is(12, MSG_CALL_ACTIVE, MSG_CALL_R_NONE, "amy"));
    CHECK(call_is(2, MSG_CALL_ENDED, MSG_CALL_R_ANSWERED_ELSEWHERE, "amy"));
    uint32_t out[4];
    CHECK_EQ(app_voice_targets(f.a, 1, VW_TARGET_CALL, out, 4), 1);
    CHECK_EQ(out[0], 12);
    CHECK_EQ(app_voice_targets(f.a, 2, VW_TARGET_CALL, out, 4), 0);
    tick(&f, 60000); /* an active call has no time-out */
    CHECK_EQ(app_voice_targets(f.a, 1, VW_TARGET_CALL, out, 4), 1);
    /* Logging out ends it. */
    rec_clear();
    CHECK_EQ(simple(&f, 12, MSG_LOGOUT), MSG_OK);
    CHECK(call_is(1, MSG_CALL_ENDED, MSG_CALL_R_LOGGED_OUT, "bob"));
    fx_close(&f);
}

/* A dropped link keeps the call for the resume window; a resume continues it. */
static void test_call_resume(void)
{
    fx f;
    if (!fx_open(&f)) return;
    user(&f, 1, "amy");
    user(&f, 2, "bob");
    user(&f, 3, "cat");
    CHECK_EQ(call_start(&f, 1, "bob", NULL), MSG_OK);
    CHECK_EQ(call_req(&f, 2, MSG_CALL_ACCEPT, 0), MSG_OK);
    uint8_t token[MSG_TOKEN_SIZE];
    memcpy(token, last_session(1)->token, sizeof token);

    rec_clear();
    app_on_disconnect(f.a, 1, now_ms);
    CHECK(call_is(2, MSG_CALL_RECONNECTING, MSG_CALL_R_CONNECTION_LOST, "amy"));
    CHECK(call_seen(2) && call_seen(2)->by_peer);
    CHECK_EQ(voice_send(&f, 2, VW_TARGET_CALL, 1), 0);
    CHECK_EQ(call_start(&f, 3, "bob", NULL), MSG_OK); /* still bob's call: busy */
    CHECK(call_is(3, MSG_CALL_ENDED, MSG_CALL_R_BUSY, "bob"));
    tick(&f, 60000);

    connect_(&f, 11);
    hello(&f, 11);
    rec_clear();
    CHECK_EQ(resume(&f, 11, token), MSG_OK);
    CHECK(call_is(11, MSG_CALL_ACTIVE, MSG_CALL_R_RESUMED, "bob") && call_seen(11)->outgoing);
    CHECK(call_is(2, MSG_CALL_ACTIVE, MSG_CALL_R_RESUMED, "amy"));
    CHECK(where(11, MSG_SESSION) < where(11, MSG_CALL_STATE));
    voice_n = 0;
    CHECK_EQ(voice_send(&f, 2, VW_TARGET_CALL, 2), 1);
    CHECK_EQ(voice_rec[0].session, 11);
    CHECK_EQ(voice_send(&f, 11, VW_TARGET_CALL, 3), 1);
    CHECK_EQ(voice_rec[1].session, 2);

    /* Gone for longer than the resume window: the peer hears "connection lost". */
    memcpy(token, last_session(11)->token, sizeof token);
    rec_clear();
    app_on_disconnect(f.a, 11, now_ms);
    tick(&f, 119999);
    CHECK(call_is(2, MSG_CALL_RECONNECTING, MSG_CALL_R_CONNECTION_LOST, "amy"));
    tick(&f, 1);
    CHECK(call_is(2, MSG_CALL_ENDED, MSG_CALL_R_CONNECTION_LOST, "amy"));
    CHECK_EQ(call_start(&f, 2, "cat", NULL), MSG_OK); /* bob is free */
    CHECK_EQ(call_req(&f, 2, MSG_CALL_HANGUP, 0), MSG_OK);

    /* Hung up on while away: the news waits for the resume. */
    connect_(&f, 21);
    hello(&f, 21);
    CHECK_EQ(login(&f, 21, "amy", "password123"), MSG_OK);
    CHECK_EQ(call_start(&f, 21, "bob", NULL), MSG_OK);
    CHECK_EQ(call_req(&f, 2, MSG_CALL_ACCEPT, 0), MSG_OK);
    memcpy(token, last_session(21)->token, sizeof token);
    app_on_disconnect(f.a, 21, now_ms);
    CHECK_EQ(call_req(&f, 2, MSG_CALL_HANGUP, 0), MSG_OK);
    connect_(&f, 22);
    hello(&f, 22);
    rec_clear();
    CHECK_EQ(resume(&f, 22, token), MSG_OK);
    CHECK(call_is(22, MSG_CALL_ENDED, MSG_CALL_R_HANGUP, "bob") && call_seen(22)->by_peer);
    CHECK_EQ(call_start(&f, 22, "bob", NULL), MSG_OK); /* and the table has room again */

    /* A moderator closes a session in a call: the peer hears it at the next tick. */
    CHECK_EQ(call_req(&f, 2, MSG_CALL_ACCEPT, 0), MSG_OK);
    char out[512];
    rec_clear();
    CHECK(app_console(f.a, "kick bob", out, sizeof out, now_ms));
    tick(&f, 20);
    CHECK(call_is(22, MSG_CALL_ENDED, MSG_CALL_R_CONNECTION_LOST, "bob"));
    fx_close(&f);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    rec = malloc(REC_CAP * sizeof *rec);
    if (!rec) return 1;
    TEST_RUN(test_hello_and_order);
    TEST_RUN(test_register_and_login);
    TEST_RUN(test_registration_closed);
    TEST_RUN(test_login_throttle);
    TEST_RUN(test_guests);
    TEST_RUN(test_server_full);
    TEST_RUN(test_rooms);
    TEST_RUN(test_private_rooms);
    TEST_RUN(test_rejoin_at_login);
    TEST_RUN(test_history_paging);
    TEST_RUN(test_presence);
    TEST_RUN(test_invisible);
    TEST_RUN(test_chat_and_duplicates);
    TEST_RUN(test_edit_delete);
    TEST_RUN(test_direct_messages);
    TEST_RUN(test_resume);
    TEST_RUN(test_guest_resume);
    TEST_RUN(test_kick);
    TEST_RUN(test_ban);
    TEST_RUN(test_mute);
    TEST_RUN(test_roles);
    TEST_RUN(test_rate_limits);
    TEST_RUN(test_bad_input);
    TEST_RUN(test_console);
    TEST_RUN(test_chunks_and_tables);
    TEST_RUN(test_address_ban);
    TEST_RUN(test_restart);
    TEST_RUN(test_voice_relay);
    TEST_RUN(test_call_basics);
    TEST_RUN(test_call_ringing);
    TEST_RUN(test_call_resume);
    TEST_RUN(test_random_traffic);
    free(rec);
    return test_summary();
}
