/* Client session against an in-process fake server: a real host (handshake, encryption,
 * channels) behind the simulator, and a small fake application that speaks msg.h with
 * resume tokens, dedup on client_msg_id, history, and a store that survives "restarts".
 * Covers connecting, key pinning, reconnect with back-off, resume and re-login, the outbox
 * (offline queue, crash recovery, lost acks, rate limits) and exactly-once delivery. */
#include "../test.h"

#include "cl_session.h"
#include "host.h"
#include "sim.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- the fake server -------------------------------------------------------------------- */

#define F_USERS 16
#define F_MSGS  2048
#define F_SESS  16
#define F_ROOMS 3 /* 1 General, 2 Games (private, "password1") */

typedef struct f_user {
    char name[MSG_NAME_MAX + 1];
    char password[MSG_PASSWORD_MAX + 1];
    uint32_t id;
    bool guest;
    bool member[F_ROOMS];
    bool kicked;
} f_user;

typedef struct f_msg {
    uint64_t id, cid;
    uint32_t room, sender;
    char text[128];
} f_msg;

typedef struct f_sess {
    uint32_t handle; /* 0: free */
    int user;        /* -1: not logged in */
    uint8_t token[MSG_TOKEN_SIZE];
} f_sess;

typedef struct fake {
    sim *net;
    host *h;
    net_addr addr;
    uint8_t pk[32], sk[64];
    double now;
    /* the "store": survives restarts */
    f_user users[F_USERS];
    int nusers;
    f_msg msgs[F_MSGS];
    int nmsgs;
    /* per run */
    f_sess sess[F_SESS];
    struct {
        uint8_t token[MSG_TOKEN_SIZE];
        int user;
    } tokens[64];
    int ntokens;
    /* knobs and counters */
    int hellos, chat_sends, duplicates;
    int rate_limit_next; /* answer the next N CHAT_SENDs with RATE_LIMITED */
    int drop_acks;       /* store the next N CHAT_SENDs but send no ack */
    bool kick_next_login;
} fake;

static fake F;

typedef struct tclient {
    cl_session *s;
    net_addr addr;
    cl_event ev;
    /* what the client saw */
    int connected, sessions, resumed, disconnected, reconnecting, stopped, queued, acks;
    int identity_new, identity_changed, identity_replaced, auth_failed, outbox_loaded, lost;
    cl_stop stop;
    double first_delays[8];
    int ndelays;
    uint8_t shown[F_MSGS + 1]; /* times each server id was shown (not `seen`) */
    int shown_total;
    uint32_t last_result_req;
    msg_err last_result_err;
    char home[256];
} tclient;

static void f_send_to(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    (void)user;
    sim_send(F.net, &F.addr, to, data, len, F.now);
}

static void f_start(bool new_identity)
{
    if (new_identity) crypto_sign_keypair(F.pk, F.sk);
    host_config hc = {0};
    memcpy(hc.identity_sk, F.sk, 64);
    F.h = host_create(&hc, f_send_to, NULL);
    memset(F.sess, 0, sizeof F.sess);
    F.ntokens = 0;
}

static void f_stop(void)
{
    host_destroy(F.h);
    F.h = NULL;
}

static void f_init(void)
{
    memset(&F, 0, sizeof F);
    if (sodium_init() < 0) abort();
    sim_config sc = {.latency = 0.002};
    F.net = sim_create(&sc);
    F.addr = net_addr_make(0x7f000001, 7777);
    f_start(true);
}

static void f_free(void)
{
    if (F.h) f_stop();
    sim_destroy(F.net);
}

static void f_link(bool up)
{
    sim_config sc = {.latency = 0.002, .loss = up ? 0.0 : 1.0};
    sim_set_config(F.net, &sc);
}

static f_sess *f_sess_of(uint32_t handle)
{
    for (int i = 0; i < F_SESS; i++)
        if (F.sess[i].handle == handle) return &F.sess[i];
    return NULL;
}

static void f_send(f_sess *ss, const msg *m)
{
    uint8_t buf[MSG_MAX_SIZE];
    size_t len;
    if (!msg_encode(m, buf, sizeof buf, &len)) abort();
    conn *c = host_get(F.h, ss->handle);
    if (c) conn_send(c, msg_channel(m->type), buf, len);
}

static void f_result(f_sess *ss, uint32_t req, msg_err err, uint32_t id)
{
    msg m = {.type = MSG_RESULT};
    m.result.req = req;
    m.result.err = err;
    m.result.id = id;
    f_send(ss, &m);
}

static void f_chat_msg(const f_msg *fm, bool history, msg *out)
{
    memset(out, 0, sizeof *out);
    out->type = MSG_CHAT_MESSAGE;
    msg_chat_message *c = &out->chat_message;
    c->server_id = fm->id;
    c->timestamp_ms = 1000 + fm->id;
    c->client_msg_id = fm->cid;
    c->room_id = fm->room;
    c->sender_id = F.users[fm->sender].id;
    strcpy(c->sender, F.users[fm->sender].name);
    c->history = history;
    strcpy(c->text, fm->text);
}

/* Newest `count` messages of a room older than before (0: any), ascending, then the end. */
static void f_history(f_sess *ss, uint32_t req, uint32_t room, uint64_t before, uint32_t count)
{
    int idx[64], n = 0;
    for (int i = F.nmsgs - 1; i >= 0 && n < (int)count; i--)
        if (F.msgs[i].room == room && (!before || F.msgs[i].id < before)) idx[n++] = i;
    bool more = false;
    for (int i = (n ? idx[n - 1] : F.nmsgs) - 1; i >= 0 && n == (int)count; i--)
        if (F.msgs[i].room == room && (!before || F.msgs[i].id < before)) more = true;
    msg m;
    for (int k = n - 1; k >= 0; k--) {
        f_chat_msg(&F.msgs[idx[k]], true, &m);
        f_send(ss, &m);
    }
    memset(&m, 0, sizeof m);
    m.type = MSG_HISTORY_END;
    m.history_end.req = req;
    m.history_end.room_id = room;
    m.history_end.more = more;
    f_send(ss, &m);
}

static void f_room_info(int u, uint32_t room, msg_room_info *r)
{
    memset(r, 0, sizeof *r);
    r->room_id = room;
    strcpy(r->name, room == 1 ? "General" : "Games");
    r->is_private = room == 2;
    r->joined = u >= 0 && F.users[u].member[room];
}

static void f_session(f_sess *ss, uint32_t req, int u, bool resumed)
{
    ss->user = u;
    randombytes_buf(ss->token, sizeof ss->token);
    if (F.ntokens < 64) {
        memcpy(F.tokens[F.ntokens].token, ss->token, MSG_TOKEN_SIZE);
        F.tokens[F.ntokens++].user = u;
    }
    msg m = {.type = MSG_SESSION};
    m.session.req = req;
    m.session.user_id = F.users[u].id;
    strcpy(m.session.name, F.users[u].name);
    m.session.role = F.users[u].guest ? MSG_ROLE_GUEST : MSG_ROLE_USER;
    m.session.status = MSG_STATUS_ONLINE;
    m.session.resumed = resumed;
    memcpy(m.session.token, ss->token, MSG_TOKEN_SIZE);
    f_send(ss, &m);
    f_result(ss, req, MSG_OK, F.users[u].id);
    if (F.kick_next_login) {
        F.kick_next_login = false;
        msg n = {.type = MSG_NOTICE};
        n.notice.kind = MSG_NOTICE_KICKED;
        strcpy(n.notice.by, "admin");
        strcpy(n.notice.text, "testing");
        f_send(ss, &n);
        conn *c = host_get(F.h, ss->handle);
        if (c) {
            conn_flush(c, F.now); /* the notice first, then the goodbye */
            conn_disconnect(c, F.now);
        }
    }
}

static bool f_online(int u, const f_sess *except)
{
    for (int i = 0; i < F_SESS; i++)
        if (F.sess[i].handle && &F.sess[i] != except && F.sess[i].user == u) return true;
    return false;
}

static int f_user_named(const char *name)
{
    for (int i = 0; i < F.nusers; i++)
        if (strcmp(F.users[i].name, name) == 0) return i;
    return -1;
}

static int f_new_user(const char *name, const char *password, bool guest)
{
    f_user *u = &F.users[F.nusers];
    memset(u, 0, sizeof *u);
    strcpy(u->name, name);
    strcpy(u->password, password);
    u->id = (uint32_t)(100 + F.nusers);
    u->guest = guest;
    u->member[1] = true; /* everyone is put in General */
    return F.nusers++;
}

static void f_chat_send(f_sess *ss, const msg_chat_send *m)
{
    F.chat_sends++;
    if (F.rate_limit_next > 0) {
        F.rate_limit_next--;
        msg a = {.type = MSG_CHAT_ACK};
        a.chat_ack.client_msg_id = m->client_msg_id;
        a.chat_ack.err = MSG_ERR_RATE_LIMITED;
        a.chat_ack.retry_after_ms = 200;
        f_send(ss, &a);
        return;
    }
    int u = ss->user;
    for (int i = 0; i < F.nmsgs; i++) {
        if ((int)F.msgs[i].sender == u && F.msgs[i].cid == m->client_msg_id) {
            F.duplicates++;
            msg a = {.type = MSG_CHAT_ACK};
            a.chat_ack.client_msg_id = m->client_msg_id;
            a.chat_ack.server_id = F.msgs[i].id;
            a.chat_ack.duplicate = true;
            f_send(ss, &a);
            return;
        }
    }
    if (!F.users[u].member[m->room_id]) {
        msg a = {.type = MSG_CHAT_ACK};
        a.chat_ack.client_msg_id = m->client_msg_id;
        a.chat_ack.err = MSG_ERR_NOT_IN_ROOM;
        f_send(ss, &a);
        return;
    }
    f_msg *fm = &F.msgs[F.nmsgs++];
    fm->id = (uint64_t)F.nmsgs;
    fm->cid = m->client_msg_id;
    fm->room = m->room_id;
    fm->sender = (uint32_t)u;
    size_t tl = strlen(m->text) < sizeof fm->text ? strlen(m->text) : sizeof fm->text - 1;
    memcpy(fm->text, m->text, tl); /* the tests send short texts */
    fm->text[tl] = '\0';
    if (F.drop_acks > 0) {
        F.drop_acks--;
    } else {
        msg a = {.type = MSG_CHAT_ACK};
        a.chat_ack.client_msg_id = m->client_msg_id;
        a.chat_ack.server_id = fm->id;
        f_send(ss, &a);
    }
    msg out;
    f_chat_msg(fm, false, &out);
    for (int i = 0; i < F_SESS; i++)
        if (F.sess[i].handle && F.sess[i].user >= 0 && F.users[F.sess[i].user].member[fm->room])
            f_send(&F.sess[i], &out);
}

static void f_on_msg(f_sess *ss, const msg *m)
{
    int u = ss->user;
    switch (m->type) {
    case MSG_HELLO: {
        F.hellos++;
        msg r = {.type = MSG_SERVER_INFO};
        r.server_info.req = m->hello.req;
        r.server_info.version = MSG_PROTOCOL_VERSION;
        strcpy(r.server_info.name, "Fake");
        strcpy(r.server_info.server_version, "0.0.1");
        f_send(ss, &r);
        f_result(ss, m->hello.req, MSG_OK, 0);
        return;
    }
    case MSG_GUEST: {
        int g = f_user_named(m->guest.name);
        if (g >= 0 && (!F.users[g].guest || f_online(g, ss))) {
            f_result(ss, m->guest.req, MSG_ERR_NAME_TAKEN, 0);
            return;
        }
        f_session(ss, m->guest.req, g >= 0 ? g : f_new_user(m->guest.name, "", true), false);
        return;
    }
    case MSG_LOGIN: {
        int a = f_user_named(m->login.name);
        if (a < 0 || F.users[a].guest || strcmp(F.users[a].password, m->login.password)) {
            f_result(ss, m->login.req, MSG_ERR_BAD_CREDENTIALS, 0);
            return;
        }
        f_session(ss, m->login.req, a, false);
        return;
    }
    case MSG_REGISTER:
        if (f_user_named(m->register_.name) >= 0) {
            f_result(ss, m->register_.req, MSG_ERR_NAME_TAKEN, 0);
            return;
        }
        f_session(ss, m->register_.req, f_new_user(m->register_.name, m->register_.password, false),
                  false);
        return;
    case MSG_RESUME:
        for (int i = 0; i < F.ntokens; i++) {
            if (memcmp(F.tokens[i].token, m->resume.token, MSG_TOKEN_SIZE) == 0) {
                int tu = F.tokens[i].user;
                F.tokens[i] = F.tokens[--F.ntokens];
                f_session(ss, m->resume.req, tu, true);
                return;
            }
        }
        f_result(ss, m->resume.req, MSG_ERR_BAD_TOKEN, 0);
        return;
    default:
        break;
    }
    if (u < 0) {
        if (msg_channel(m->type) == MSG_CH_CONTROL) {
            const uint32_t *req = (const uint32_t *)&m->hello; /* every request starts with req */
            f_result(ss, *req, MSG_ERR_NOT_LOGGED_IN, 0);
        }
        return;
    }
    switch (m->type) {
    case MSG_ROOM_LIST: {
        msg r = {.type = MSG_ROOM_LIST_ITEMS};
        r.room_list_items.req = m->room_list.req;
        r.room_list_items.last = true;
        r.room_list_items.count = 2;
        f_room_info(u, 1, &r.room_list_items.rooms[0]);
        f_room_info(u, 2, &r.room_list_items.rooms[1]);
        f_send(ss, &r);
        f_result(ss, m->room_list.req, MSG_OK, 0);
        return;
    }
    case MSG_ROOM_JOIN: {
        uint32_t room = m->room_join.room_id;
        if (!room)
            room = !strcmp(m->room_join.name, "General") ? 1
                   : !strcmp(m->room_join.name, "Games") ? 2
                                                         : 0;
        if (!room) {
            f_result(ss, m->room_join.req, MSG_ERR_NO_SUCH_ROOM, 0);
            return;
        }
        if (room == 2 && !F.users[u].member[2] && strcmp(m->room_join.password, "password1")) {
            f_result(ss, m->room_join.req, MSG_ERR_WRONG_PASSWORD, 0);
            return;
        }
        F.users[u].member[room] = true;
        msg r = {.type = MSG_ROOM_LIST_ITEMS};
        r.room_list_items.req = m->room_join.req;
        r.room_list_items.last = true;
        r.room_list_items.count = 1;
        f_room_info(u, room, &r.room_list_items.rooms[0]);
        f_send(ss, &r);
        f_result(ss, m->room_join.req, MSG_OK, room);
        f_history(ss, m->room_join.req, room, 0, MSG_HISTORY_PAGE);
        return;
    }
    case MSG_ROOM_LEAVE:
        F.users[u].member[m->room_leave.room_id % F_ROOMS] = false;
        f_result(ss, m->room_leave.req, MSG_OK, 0);
        return;
    case MSG_HISTORY:
        f_history(ss, m->history.req, m->history.room_id, m->history.before_id, m->history.count);
        return;
    case MSG_CHAT_SEND:
        f_chat_send(ss, &m->chat_send);
        return;
    case MSG_LOGOUT:
        ss->user = -1;
        f_result(ss, m->logout.req, MSG_OK, 0);
        return;
    default: {
        const uint32_t *req = (const uint32_t *)&m->hello;
        if (msg_channel(m->type) == MSG_CH_CONTROL) f_result(ss, *req, MSG_OK, 0);
        return;
    }
    }
}

static void f_pump_server(void)
{
    if (!F.h) return;
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    size_t n;
    while ((n = sim_recv(F.net, &F.addr, buf, sizeof buf, &from, F.now)) > 0)
        host_on_packet(F.h, &from, buf, n, F.now);
    host_update(F.h, F.now);
    host_event ev;
    while (host_poll(F.h, &ev)) {
        if (ev.type == HOST_EV_CONNECT) {
            for (int i = 0; i < F_SESS; i++) {
                if (!F.sess[i].handle) {
                    F.sess[i].handle = ev.handle;
                    F.sess[i].user = -1;
                    break;
                }
            }
        } else {
            f_sess *ss = f_sess_of(ev.handle);
            if (ss) memset(ss, 0, sizeof *ss);
        }
    }
    static uint8_t rx[MSG_MAX_SIZE];
    static msg m;
    for (int i = 0; i < F_SESS; i++) {
        f_sess *ss = &F.sess[i];
        for (int ch = 0; ch <= 1 && ss->handle; ch++) {
            conn *c = host_get(F.h, ss->handle);
            size_t len;
            while (c && conn_receive(c, ch, rx, sizeof rx, &len) == 1) {
                if (msg_decode(rx, len, &m, NULL)) f_on_msg(ss, &m);
                c = host_get(F.h, ss->handle);
            }
        }
    }
    uint32_t cursor = 0, handle;
    while (host_next(F.h, &cursor, &handle)) {
        conn *c = host_get(F.h, handle);
        if (c) conn_flush(c, F.now);
    }
}

/* ---- clients ----------------------------------------------------------------------------- */

static tclient *clients[16];
static int nclients;

static void t_send(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    tclient *t = user;
    sim_send(F.net, &t->addr, to, data, len, F.now);
}

static void t_record(tclient *t)
{
    cl_event *ev = &t->ev;
    while (cl_session_poll(t->s, ev)) {
        switch (ev->type) {
        case CL_EV_CONNECTED:
            t->connected++;
            break;
        case CL_EV_SESSION:
            t->sessions++;
            t->resumed += ev->m.session.resumed;
            for (size_t i = 0; i < MSG_TOKEN_SIZE; i++)
                if (ev->m.session.token[i]) abort(); /* never handed out */
            break;
        case CL_EV_DISCONNECTED:
            t->disconnected++;
            break;
        case CL_EV_RECONNECTING:
            if (t->ndelays < 8) t->first_delays[t->ndelays++] = ev->delay;
            t->reconnecting++;
            break;
        case CL_EV_STOPPED:
            t->stopped++;
            t->stop = ev->stop;
            break;
        case CL_EV_QUEUED:
            t->queued++;
            break;
        case CL_EV_IDENTITY:
            t->identity_new += ev->known == CL_KNOWN_NEW;
            t->identity_changed += ev->known == CL_KNOWN_CHANGED;
            t->identity_replaced += ev->known == CL_KNOWN_REPLACED;
            break;
        case CL_EV_AUTH_FAILED:
            t->auth_failed++;
            break;
        case CL_EV_OUTBOX_LOADED:
            t->outbox_loaded++;
            break;
        case CL_EV_REQUEST_LOST:
            t->lost++;
            break;
        case CL_EV_MSG:
            if (ev->m.type == MSG_CHAT_ACK) t->acks++;
            if (ev->m.type == MSG_RESULT && !ev->internal) {
                t->last_result_req = ev->req;
                t->last_result_err = ev->m.result.err;
            }
            if (ev->m.type == MSG_CHAT_MESSAGE && !ev->seen) {
                uint64_t id = ev->m.chat_message.server_id;
                if (id <= F_MSGS) t->shown[id]++;
                t->shown_total++;
            }
            break;
        default:
            break;
        }
    }
}

static void step(double dt)
{
    f_pump_server();
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    size_t n;
    for (int i = 0; i < nclients; i++) {
        tclient *t = clients[i];
        if (!t->s) continue;
        while ((n = sim_recv(F.net, &t->addr, buf, sizeof buf, &from, F.now)) > 0)
            cl_session_on_datagram(t->s, &from, buf, n, F.now);
        cl_session_update(t->s, F.now);
        t_record(t);
    }
    F.now += dt;
}

static void run(double seconds)
{
    double end = F.now + seconds;
    while (F.now < end) step(0.005);
}

static bool run_until(bool (*cond)(void), double limit)
{
    double end = F.now + limit;
    while (F.now < end) {
        step(0.005);
        if (cond()) return true;
    }
    return false;
}

static tclient *t_open(const char *home_tag, cl_auth_mode mode, const char *name,
                       const char *password, bool trust)
{
    tclient *t = calloc(1, sizeof *t);
    t->addr = net_addr_make(0x7f000001, (uint16_t)(40000 + nclients));
    snprintf(t->home, sizeof t->home, "/tmp/parley-test-session-%d-%s", (int)getpid(), home_tag);
    cl_session_config cfg = {.server = "127.0.0.1:7777",
                             .home = t->home,
                             .trust_new_key = trust,
                             .send = t_send,
                             .send_user = t,
                             .seed = 1 + (uint64_t)nclients};
    cfg.auth.mode = mode;
    if (name) snprintf(cfg.auth.name, sizeof cfg.auth.name, "%s", name);
    if (password) snprintf(cfg.auth.password, sizeof cfg.auth.password, "%s", password);
    char mk[300], err[256];
    snprintf(mk, sizeof mk, "mkdir -p '%s'", t->home);
    if (system(mk) != 0) abort();
    t->s = cl_session_create(&cfg, F.now, err, sizeof err);
    if (!t->s) fprintf(stderr, "  cl_session_create: %s\n", err);
    clients[nclients++] = t;
    return t;
}

/* Simulates a crash: the session goes away without a goodbye. */
static void t_crash(tclient *t)
{
    cl_session_destroy(t->s);
    t->s = NULL;
}

static void t_free_all(void)
{
    for (int i = 0; i < nclients; i++) {
        if (clients[i]->s) cl_session_destroy(clients[i]->s);
        free(clients[i]);
    }
    nclients = 0;
}

static void cleanup_homes(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/parley-test-session-%d-*", (int)getpid());
    if (system(cmd) != 0) fprintf(stderr, "cannot clean the test folders\n");
}

static tclient *waiting_for;
static bool is_ready(void)
{
    return cl_session_state(waiting_for->s) == CL_STATE_READY;
}
static bool in_general(void)
{
    const cl_room *r = cl_session_room(waiting_for->s, 1);
    return is_ready() && r && r->joined;
}
static bool outbox_empty(void)
{
    return cl_session_outbox_count(waiting_for->s) == 0 && is_ready();
}

static bool wait_ready(tclient *t, double limit)
{
    waiting_for = t;
    return run_until(is_ready, limit);
}

static int stored_with_text(const char *text)
{
    int n = 0;
    for (int i = 0; i < F.nmsgs; i++) n += strcmp(F.msgs[i].text, text) == 0;
    return n;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void test_guest_chat(void)
{
    f_init();
    tclient *a = t_open("guest", CL_AUTH_GUEST, "alice", NULL, false);
    CHECK(a->s != NULL);
    if (!a->s) goto out;
    CHECK_EQ(cl_session_state(a->s), CL_STATE_CONNECTING);
    waiting_for = a;
    CHECK(run_until(in_general, 5)); /* the lobby refresh shows the room the server put it in */
    CHECK_EQ(a->connected, 1);
    CHECK_EQ(a->sessions, 1);
    CHECK_EQ(a->identity_new, 1);
    CHECK(cl_session_logged_in(a->s));
    CHECK_STR(cl_session_me(a->s)->name, "alice");
    CHECK_STR(cl_session_server_info(a->s)->name, "Fake");
    CHECK(cl_session_outbox_path(a->s) != NULL);
    uint64_t id = 0;
    CHECK_EQ(cl_session_say(a->s, 1, "hello", &id, F.now), CL_OK);
    CHECK(id != 0);
    CHECK_EQ(cl_session_say(a->s, 1, "world", NULL, F.now), CL_OK);
    CHECK_EQ(cl_session_say(a->s, 1, "", NULL, F.now), CL_ERR_INVALID);
    CHECK_EQ(cl_session_say(a->s, 0, "x", NULL, F.now), CL_ERR_INVALID);
    CHECK_EQ(cl_session_say(a->s, 1, "bad \xff", NULL, F.now), CL_ERR_INVALID);
    CHECK_EQ(cl_session_outbox_count(a->s), 2);
    CHECK(run_until(outbox_empty, 5));
    CHECK_EQ(a->queued, 2);
    CHECK_EQ(a->acks, 2);
    CHECK_EQ(stored_with_text("hello"), 1);
    CHECK_EQ(stored_with_text("world"), 1);
    CHECK_EQ(F.msgs[0].cid, id);
    CHECK_EQ(a->shown[1], 1); /* its own message came back once */
    /* requests are answered and tagged with what they asked */
    uint32_t req = 0;
    CHECK_EQ(cl_session_list_rooms(a->s, &req), CL_OK);
    CHECK(req != 0);
    CHECK_EQ(cl_session_pending(a->s), 1);
    run(0.2);
    CHECK_EQ(cl_session_pending(a->s), 0);
    CHECK_EQ(a->last_result_req, req);
    CHECK_EQ(cl_session_join(a->s, 0, "Games", "wrong", &req), CL_OK);
    run(0.2);
    CHECK_EQ(a->last_result_err, MSG_ERR_WRONG_PASSWORD);
    CHECK_EQ(cl_session_join(a->s, 0, "Games", "password1", &req), CL_OK);
    run(0.2);
    CHECK_EQ(a->last_result_err, MSG_OK);
    CHECK(cl_session_room_named(a->s, "games")->joined);
    CHECK_EQ(cl_session_login(a->s, "x", "y", NULL), CL_ERR_LOGGED_IN);
    cl_session_close(a->s, F.now);
    t_record(a);
    CHECK_EQ(a->stopped, 1);
    CHECK_EQ(a->stop, CL_STOP_CLOSED);
    CHECK_EQ(cl_session_say(a->s, 1, "late", NULL, F.now), CL_ERR_STOPPED);
out:
    t_free_all();
    f_free();
}

static void test_pinning(void)
{
    f_init();
    tclient *a = t_open("pin", CL_AUTH_GUEST, "pin1", NULL, false);
    CHECK(wait_ready(a, 5));
    CHECK_EQ(a->identity_new, 1);
    cl_session_close(a->s, F.now);
    /* same server, same key: no event, connects */
    tclient *b = t_open("pin", CL_AUTH_GUEST, "pin2", NULL, false);
    CHECK(wait_ready(b, 5));
    CHECK_EQ(b->identity_new + b->identity_changed + b->identity_replaced, 0);
    cl_session_close(b->s, F.now);
    /* the server comes back with another key: refused before anything is said */
    f_stop();
    f_start(true);
    int hellos = F.hellos;
    tclient *c = t_open("pin", CL_AUTH_GUEST, "pin3", NULL, false);
    run(3);
    CHECK_EQ(c->identity_changed, 1);
    CHECK_EQ(c->stopped, 1);
    CHECK_EQ(c->stop, CL_STOP_IDENTITY);
    CHECK_EQ(cl_session_state(c->s), CL_STATE_STOPPED);
    CHECK_EQ(F.hellos, hellos); /* not even a HELLO, let alone a password */
    CHECK_EQ(c->reconnecting, 0);
    run(15);
    CHECK_EQ(c->stopped, 1); /* and it does not try again on its own */
    /* the user decides to trust it */
    cl_session_trust_new_key(c->s, F.now);
    CHECK(wait_ready(c, 5));
    CHECK_EQ(c->identity_replaced, 1);
    CHECK(cl_session_logged_in(c->s));
    /* from now on the new key is the known one */
    tclient *d = t_open("pin", CL_AUTH_GUEST, "pin4", NULL, false);
    CHECK(wait_ready(d, 5));
    CHECK_EQ(d->identity_changed, 0);
    /* --trust-new-key from the start */
    f_stop();
    f_start(true);
    tclient *e = t_open("pin", CL_AUTH_GUEST, "pin5", NULL, true);
    CHECK(wait_ready(e, 5));
    CHECK_EQ(e->identity_replaced, 1);
    t_free_all();
    f_free();
}

static void test_reconnect_resume(void)
{
    f_init();
    tclient *a = t_open("res-a", CL_AUTH_GUEST, "anna", NULL, false);
    tclient *b = t_open("res-b", CL_AUTH_GUEST, "bert", NULL, false);
    waiting_for = a;
    CHECK(run_until(in_general, 5));
    waiting_for = b;
    CHECK(run_until(in_general, 5));
    CHECK_EQ(cl_session_say(a->s, 1, "before", NULL, F.now), CL_OK);
    run(0.5);
    /* the link goes dead: the transport times out, the session backs off */
    f_link(false);
    CHECK_EQ(cl_session_say(a->s, 1, "during 1", NULL, F.now), CL_OK);
    run(11);
    CHECK_EQ(a->disconnected, 1);
    CHECK(a->reconnecting >= 1);
    CHECK(a->first_delays[0] >= 0.4 && a->first_delays[0] <= 0.6);
    CHECK_EQ(cl_session_say(a->s, 1, "during 2", NULL, F.now), CL_OK); /* offline: queued */
    CHECK_EQ(cl_session_outbox_count(a->s), 2);
    run(15); /* handshake attempts time out; the delays grow */
    CHECK(a->ndelays >= 3);
    CHECK(a->first_delays[1] > a->first_delays[0]);
    CHECK(a->first_delays[2] > a->first_delays[1]);
    CHECK_EQ(a->lost, 0);
    f_link(true);
    waiting_for = a;
    CHECK(run_until(outbox_empty, 25));
    CHECK_EQ(a->resumed, 1); /* the server still knew the token */
    CHECK_EQ(stored_with_text("during 1"), 1);
    CHECK_EQ(stored_with_text("during 2"), 1);
    waiting_for = b;
    CHECK(run_until(is_ready, 25));
    run(1);
    /* everyone saw every message exactly once */
    for (int id = 1; id <= F.nmsgs; id++) {
        CHECK_EQ(a->shown[id], 1);
        CHECK_EQ(b->shown[id], 1);
    }
    CHECK_EQ(b->shown_total, F.nmsgs);
    t_free_all();
    f_free();
}

static void test_server_restart(void)
{
    f_init();
    tclient *a = t_open("rs-a", CL_AUTH_GUEST, "carl", NULL, false);
    tclient *b = t_open("rs-b", CL_AUTH_GUEST, "dora", NULL, false);
    waiting_for = a;
    CHECK(run_until(in_general, 5));
    waiting_for = b;
    CHECK(run_until(in_general, 5));
    for (int i = 0; i < 3; i++) {
        char text[32];
        snprintf(text, sizeof text, "early %d", i);
        cl_session_say(a->s, 1, text, NULL, F.now);
    }
    run(0.5);
    /* the server dies (its sessions and tokens with it); the store survives */
    f_stop();
    run(0.5);
    for (int i = 0; i < 3; i++) {
        char text[32];
        snprintf(text, sizeof text, "offline %d", i);
        CHECK_EQ(cl_session_say(a->s, 1, text, NULL, F.now), CL_OK);
    }
    run(3);
    f_start(false);
    waiting_for = a;
    CHECK(run_until(outbox_empty, 30));
    waiting_for = b;
    CHECK(run_until(is_ready, 30));
    run(2);
    CHECK_EQ(a->resumed, 0); /* the token was gone: logged in again as the same guest */
    CHECK_EQ(a->sessions, 2);
    CHECK(cl_session_room(a->s, 1)->joined);
    CHECK_EQ(F.nmsgs, 6);
    for (int i = 0; i < 3; i++) {
        char text[32];
        snprintf(text, sizeof text, "offline %d", i);
        CHECK_EQ(stored_with_text(text), 1);
    }
    /* b missed the offline ones while it was away: the rejoin's history brought them, and
     * what it had seen before was not shown again */
    for (int id = 1; id <= F.nmsgs; id++) {
        CHECK_EQ(a->shown[id], 1);
        CHECK_EQ(b->shown[id], 1);
    }
    t_free_all();
    f_free();
}

static void test_lost_ack(void)
{
    f_init();
    tclient *a = t_open("ack", CL_AUTH_GUEST, "eve", NULL, false);
    waiting_for = a;
    CHECK(run_until(in_general, 5));
    F.drop_acks = 2; /* stored, but the acks never come */
    cl_session_say(a->s, 1, "one", NULL, F.now);
    cl_session_say(a->s, 1, "two", NULL, F.now);
    run(1);
    CHECK_EQ(cl_session_outbox_count(a->s), 2);
    CHECK_EQ(F.nmsgs, 2);
    f_stop(); /* a restart: the client logs in again and resends both */
    run(1);
    f_start(false);
    CHECK(run_until(outbox_empty, 30));
    CHECK_EQ(F.duplicates, 2);
    CHECK_EQ(F.nmsgs, 2); /* exactly once */
    t_free_all();
    f_free();
}

static void test_crash_recovery(void)
{
    f_init();
    f_link(false); /* the server cannot be reached at all */
    tclient *a = t_open("crash", CL_AUTH_GUEST, "finn", NULL, false);
    run(1);
    CHECK_EQ(cl_session_say(a->s, 1, "first", NULL, F.now), CL_OK);
    CHECK_EQ(cl_session_say(a->s, 1, "second", NULL, F.now), CL_OK);
    CHECK_EQ(cl_session_say(a->s, 1, "third", NULL, F.now), CL_OK);
    char path[512];
    snprintf(path, sizeof path, "%s", cl_session_outbox_path(a->s));
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 0, SEEK_END);
        CHECK(ftell(f) > 3 * 10); /* on disk before anything was sent */
        fclose(f);
    }
    t_crash(a);
    f_link(true);
    tclient *b = t_open("crash", CL_AUTH_GUEST, "finn", NULL, false);
    CHECK_EQ(b->outbox_loaded, 0);
    t_record(b);
    CHECK_EQ(b->outbox_loaded, 1);
    CHECK_EQ(cl_session_outbox_count(b->s), 3);
    waiting_for = b;
    CHECK(run_until(outbox_empty, 10));
    CHECK_EQ(F.nmsgs, 3);
    CHECK_STR(F.msgs[0].text, "first"); /* in order */
    CHECK_STR(F.msgs[1].text, "second");
    CHECK_STR(F.msgs[2].text, "third");
    t_free_all();
    f_free();
}

static void test_rate_limited(void)
{
    f_init();
    tclient *a = t_open("rate", CL_AUTH_GUEST, "gus", NULL, false);
    waiting_for = a;
    CHECK(run_until(in_general, 5));
    F.rate_limit_next = 1;
    for (int i = 0; i < 5; i++) {
        char text[16];
        snprintf(text, sizeof text, "r%d", i);
        cl_session_say(a->s, 1, text, NULL, F.now);
    }
    CHECK(run_until(outbox_empty, 10));
    CHECK_EQ(F.nmsgs, 5);
    CHECK_EQ(stored_with_text("r0"), 1);
    t_free_all();
    f_free();
}

static void test_auth_failed(void)
{
    f_init();
    f_new_user("hank", "the right one", false);
    tclient *a = t_open("auth", CL_AUTH_LOGIN, "hank", "the wrong one", false);
    CHECK(wait_ready(a, 5));
    run(0.5);
    CHECK_EQ(a->auth_failed, 1);
    CHECK(!cl_session_logged_in(a->s));
    CHECK_EQ(cl_session_say(a->s, 1, "hi", NULL, F.now), CL_ERR_NOT_LOGGED_IN);
    CHECK_EQ(cl_session_list_rooms(a->s, NULL), CL_ERR_NOT_LOGGED_IN);
    /* the user logs in by hand; that is remembered for reconnects */
    CHECK_EQ(cl_session_login(a->s, "hank", "the right one", NULL), CL_OK);
    run(0.5);
    CHECK(cl_session_logged_in(a->s));
    f_stop();
    run(12); /* the client notices the silence */
    CHECK_EQ(a->disconnected, 1);
    CHECK(!cl_session_logged_in(a->s));
    f_start(false);
    CHECK(wait_ready(a, 30));
    run(0.5);
    CHECK(cl_session_logged_in(a->s));
    CHECK_EQ(a->sessions, 2);
    CHECK_EQ(a->resumed, 0);
    t_free_all();
    f_free();
}

static void test_register_then_login(void)
{
    f_init();
    tclient *a = t_open("reg", CL_AUTH_REGISTER, "ivy", "long password", false);
    CHECK(wait_ready(a, 5));
    CHECK(cl_session_logged_in(a->s));
    CHECK_EQ(F.nusers, 1);
    f_stop();
    run(12);
    CHECK_EQ(a->disconnected, 1);
    f_start(false);
    CHECK(wait_ready(a, 30));
    run(0.5);
    CHECK(cl_session_logged_in(a->s)); /* logged in, not registered a second time */
    CHECK_EQ(a->sessions, 2);
    CHECK_EQ(a->auth_failed, 0);
    CHECK_EQ(F.nusers, 1);
    t_free_all();
    f_free();
}

static void test_kicked_stops(void)
{
    f_init();
    F.kick_next_login = true;
    tclient *a = t_open("kick", CL_AUTH_GUEST, "jay", NULL, false);
    run(3);
    CHECK_EQ(a->stopped, 1);
    CHECK_EQ(a->stop, CL_STOP_KICKED);
    CHECK_EQ(a->reconnecting, 0);
    run(15);
    CHECK_EQ(F.hellos, 1); /* no automatic way back in */
    t_free_all();
    f_free();
}

static void test_bad_config(void)
{
    char err[256];
    cl_session_config cfg = {.server = "no such:host:x", .home = "/tmp"};
    CHECK(cl_session_create(&cfg, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "bad server address") != NULL);
    cl_session_config cfg2 = {.server = "127.0.0.1", .home = "/tmp", .auth.mode = CL_AUTH_GUEST};
    CHECK(cl_session_create(&cfg2, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "needs a user name") != NULL);
}

int main(void)
{
    TEST_RUN(test_guest_chat);
    TEST_RUN(test_pinning);
    TEST_RUN(test_reconnect_resume);
    TEST_RUN(test_server_restart);
    TEST_RUN(test_lost_ack);
    TEST_RUN(test_crash_recovery);
    TEST_RUN(test_rate_limited);
    TEST_RUN(test_auth_failed);
    TEST_RUN(test_register_then_login);
    TEST_RUN(test_kicked_stops);
    TEST_RUN(test_bad_config);
    cleanup_homes();
    return test_summary();
}
