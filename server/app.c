/* app.c — the application's front door: creating it, connections coming and going, and
 * every arriving message checked (decoding, direction, channel, session state, rate) before
 * it reaches its handler in app_account.c, app_room.c, app_chat.c or app_mod.c. */
#include "app_internal.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Helpers the other app files share. ------------------------------------------------------ */

void app_logf(app *a, int level, const char *fmt, ...)
{
    if (!a->cfg.log) return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    a->cfg.log(a->cfg.user, level, line);
}

void app_result(app *a, int32_t s, uint32_t req, msg_err err, uint32_t id, const char *text)
{
    msg m;
    app_msg_init(&m, MSG_RESULT, sizeof m.result);
    m.result.req = req;
    m.result.err = err;
    m.result.id = id;
    if (text) app_copy(m.result.text, sizeof m.result.text, text);
    app_send(a, s, &m);
}

/* The request id of a CONTROL request (0 for the types that have none). */
static uint32_t app_req_of(const msg *m)
{
    switch (m->type) {
    case MSG_HELLO:
        return m->hello.req;
    case MSG_REGISTER:
        return m->register_.req;
    case MSG_LOGIN:
        return m->login.req;
    case MSG_GUEST:
        return m->guest.req;
    case MSG_RESUME:
        return m->resume.req;
    case MSG_LOGOUT:
        return m->logout.req;
    case MSG_ROOM_LIST:
        return m->room_list.req;
    case MSG_ROOM_CREATE:
        return m->room_create.req;
    case MSG_ROOM_JOIN:
        return m->room_join.req;
    case MSG_ROOM_LEAVE:
        return m->room_leave.req;
    case MSG_ROOM_DELETE:
        return m->room_delete.req;
    case MSG_ROOM_UPDATE:
        return m->room_update.req;
    case MSG_MEMBERS:
        return m->members.req;
    case MSG_STATUS_SET:
        return m->status_set.req;
    case MSG_USER_SEARCH:
        return m->user_search.req;
    case MSG_KICK:
        return m->kick.req;
    case MSG_BAN:
        return m->ban.req;
    case MSG_UNBAN:
        return m->unban.req;
    case MSG_MUTE:
        return m->mute.req;
    case MSG_ROLE_SET:
        return m->role_set.req;
    case MSG_CALL_START:
        return m->call_start.req;
    case MSG_CALL_ACCEPT:
        return m->call_accept.req;
    case MSG_CALL_DECLINE:
        return m->call_decline.req;
    case MSG_CALL_HANGUP:
        return m->call_hangup.req;
    default:
        return 0;
    }
}

void app_fail(app *a, int32_t s, const msg *req, msg_err err, uint32_t retry_ms, const char *text)
{
    if (retry_ms > MSG_RETRY_MAX_MS) retry_ms = MSG_RETRY_MAX_MS;
    msg m = {0};
    uint64_t client_id = 0;
    switch (req->type) {
    case MSG_CHAT_SEND:
        client_id = req->chat_send.client_msg_id;
        break;
    case MSG_CHAT_DM:
        client_id = req->chat_dm.client_msg_id;
        break;
    case MSG_CHAT_EDIT:
        client_id = req->chat_edit.client_msg_id;
        break;
    case MSG_CHAT_DELETE:
        client_id = req->chat_delete.client_msg_id;
        break;
    case MSG_NOTE_SEND: /* voice notes are answered like chat */
        client_id = req->note_send.client_msg_id;
        break;
    case MSG_NOTE_FETCH:
        m.type = MSG_NOTE_DATA;
        m.note_data.req = req->note_fetch.req;
        m.note_data.server_id = req->note_fetch.server_id;
        m.note_data.err = err;
        app_send(a, s, &m);
        return;
    case MSG_HISTORY:
        m.type = MSG_HISTORY_END;
        m.history_end.req = req->history.req;
        m.history_end.room_id = req->history.room_id;
        m.history_end.peer_id = req->history.peer_id;
        m.history_end.err = err;
        app_send(a, s, &m);
        return;
    case MSG_TYPING:
        return; /* nothing answers TYPING */
    default:
        m.type = MSG_RESULT;
        m.result.req = app_req_of(req);
        m.result.err = err;
        m.result.retry_after_ms = retry_ms;
        if (text) app_copy(m.result.text, sizeof m.result.text, text);
        app_send(a, s, &m);
        return;
    }
    m.type = MSG_CHAT_ACK;
    m.chat_ack.client_msg_id = client_id;
    m.chat_ack.err = err;
    m.chat_ack.retry_after_ms = retry_ms;
    app_send(a, s, &m);
}

msg_err app_err_from_store(store_err e)
{
    switch (e) {
    case STORE_OK:
        return MSG_OK;
    case STORE_ERR_NAME_SHORT:
    case STORE_ERR_NAME_LONG:
    case STORE_ERR_NAME_START:
    case STORE_ERR_NAME_CHARS:
    case STORE_ERR_ROOM_NAME_EMPTY:
    case STORE_ERR_ROOM_NAME_LONG:
    case STORE_ERR_ROOM_NAME_START:
    case STORE_ERR_ROOM_NAME_CHARS:
    case STORE_ERR_ROOM_NAME_SPACES:
        return MSG_ERR_INVALID_NAME;
    case STORE_ERR_NAME_TAKEN:
        return MSG_ERR_NAME_TAKEN;
    case STORE_ERR_EMAIL:
    case STORE_ERR_EMAIL_LONG:
        return MSG_ERR_INVALID_EMAIL;
    case STORE_ERR_PASSWORD_SHORT:
    case STORE_ERR_PASSWORD_LONG:
        return MSG_ERR_WEAK_PASSWORD;
    case STORE_ERR_NO_ACCOUNT:
        return MSG_ERR_NO_SUCH_USER;
    case STORE_ERR_WRONG_PASSWORD:
        return MSG_ERR_BAD_CREDENTIALS;
    case STORE_ERR_BANNED:
        return MSG_ERR_BANNED;
    case STORE_ERR_ROLE:
        return MSG_ERR_BAD_REQUEST;
    case STORE_ERR_LAST_OWNER:
    case STORE_ERR_ROOM_PROTECTED:
        return MSG_ERR_NOT_PERMITTED;
    case STORE_ERR_REASON_LONG:
    case STORE_ERR_QUERY_LONG:
    case STORE_ERR_TOPIC_LONG:
    case STORE_ERR_TEXT_LONG:
        return MSG_ERR_TOO_LONG;
    case STORE_ERR_ROOM_TAKEN:
        return MSG_ERR_ALREADY_EXISTS;
    case STORE_ERR_NO_ROOM:
        return MSG_ERR_NO_SUCH_ROOM;
    case STORE_ERR_ROOM_PASSWORD:
        return MSG_ERR_WRONG_PASSWORD;
    case STORE_ERR_NOT_MEMBER:
        return MSG_ERR_NOT_IN_ROOM;
    case STORE_ERR_TEXT_EMPTY:
    case STORE_ERR_UTF8:
        return MSG_ERR_INVALID_TEXT;
    case STORE_ERR_NO_MESSAGE:
    case STORE_ERR_MESSAGE_DELETED:
        return MSG_ERR_NO_SUCH_MESSAGE;
    case STORE_ERR_NOTE:
        return MSG_ERR_BAD_NOTE;

    default:
        return MSG_ERR_INTERNAL;
    }
}

bool app_text_clean(const char *text, bool multiline)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (multiline && (*p == '\n' || *p == '\t')) continue;
        /* C0 controls and DEL: a terminal client would act on them (escape sequences). */
        if (*p < 0x20 || *p == 0x7f) return false;
        /* C1 controls, U+0080..U+009F, are C2 80..C2 9F in UTF-8. */
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) return false;
    }
    return true;
}

void app_copy(char *dst, size_t cap, const char *src)
{
    assert(cap > 0);
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        /* Never end inside a multi-byte character. */
        while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

msg_role app_msg_role(int role)
{
    if (role > STORE_ROLE_OWNER) role = STORE_ROLE_OWNER;
    if (role < STORE_ROLE_GUEST) role = STORE_ROLE_GUEST;
    return (msg_role)(STORE_ROLE_OWNER - role);
}

bool app_take(app_bucket *b, double rate, double burst, int64_t now, uint32_t *retry_ms)
{
    return app_take_n(b, rate, burst, 1.0, now, retry_ms);
}

bool app_take_n(app_bucket *b, double rate, double burst, double cost, int64_t now,
                uint32_t *retry_ms)
{
    assert(cost <= burst);
    if (now > b->last_ms) {
        b->tokens += (double)(now - b->last_ms) * rate / 1000.0;
        if (b->tokens > burst) b->tokens = burst;
        b->last_ms = now;
    }
    if (b->tokens >= cost) {
        b->tokens -= cost;
        return true;
    }
    double wait = (cost - b->tokens) * 1000.0 / rate;
    if (wait >= (double)MSG_RETRY_MAX_MS) {
        *retry_ms = MSG_RETRY_MAX_MS;
    } else {
        uint32_t ms = (uint32_t)wait;
        *retry_ms = (double)ms < wait ? ms + 1u : ms; /* rounded up: retrying then succeeds */
    }
    return false;
}

/* Sessions. ------------------------------------------------------------------------------- */

static bool app_session_eq(const app *a, int32_t slot, const void *key)
{
    return a->sessions[slot].handle == *(const uint32_t *)key;
}

int32_t app_session_find(const app *a, uint32_t handle)
{
    return app_index_find(&a->session_index, app_hash_u32(handle), app_session_eq, a, &handle);
}

/* The burst is the default one, or one second's worth when the rate is set higher. */
static double app_burst(double rate, double burst)
{
    return rate > burst ? rate : burst;
}

static void app_bucket_fill(app_bucket *b, double burst, int64_t now)
{
    b->tokens = burst;
    b->last_ms = now;
}

/* Creating and destroying. ---------------------------------------------------------------- */

app *app_create(const app_config *cfg)
{
    assert(cfg && cfg->st && cfg->send);
    if (sodium_init() < 0) return NULL;
    app *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->cfg = *cfg;
    app_config *c = &a->cfg;
    if (!c->server_name) c->server_name = APP_DEFAULT_NAME;
    if (!c->motd) c->motd = "";
    if (!c->max_users) c->max_users = 4096;
    if (c->chat_rate <= 0) c->chat_rate = 5.0;
    if (c->join_rate <= 0) c->join_rate = 2.0;
    if (c->login_rate <= 0) c->login_rate = 1.0;
    if (!c->login_fail_limit) c->login_fail_limit = 5;
    if (c->login_lockout_ms <= 0) c->login_lockout_ms = 30000;
    if (c->resume_ttl_ms <= 0) c->resume_ttl_ms = 120000;
    if (c->call_timeout_ms <= 0) c->call_timeout_ms = 30000;
    a->st = c->st;

    /* Room for sessions that are connected but not yet logged in, and for users whose
     * connection dropped and who may still resume. */
    uint32_t cap = c->max_users + c->max_users / 4u + 16u;
    a->session_cap = a->user_cap = a->resume_cap = cap;
    a->sessions = calloc(cap, sizeof *a->sessions);
    a->users = calloc(cap, sizeof *a->users);
    a->resumes = calloc(cap, sizeof *a->resumes);
    a->history = calloc(APP_HISTORY_SCRATCH, sizeof *a->history);
    a->note_buf = malloc(MSG_NOTE_MAX_BYTES);
    a->members = calloc(MSG_MEMBERS_PER_MSG, sizeof *a->members);
    a->accounts = calloc(MSG_SEARCH_MAX + 1, sizeof *a->accounts);
    a->voice_targets = calloc(cap, sizeof *a->voice_targets);
    a->call_cap = cap / 2u + 1u; /* two users per call */
    a->calls = calloc(a->call_cap, sizeof *a->calls);
    bool ok = a->sessions && a->users && a->resumes && a->history && a->note_buf && a->members &&
              a->accounts && a->voice_targets && a->calls &&
              app_index_init(&a->session_index, cap) && app_index_init(&a->user_index, cap);
    if (!ok) {
        app_logf(a, 3, "app: out of memory for %u sessions", cap);
        app_destroy(a);
        return NULL;
    }
    if (!app_rooms_load(a)) {
        app_destroy(a);
        return NULL;
    }
    app_logf(a, 1, "app: %u rooms, up to %u users", a->room_count, c->max_users);
    return a;
}

void app_destroy(app *a)
{
    if (!a) return;
    for (uint32_t i = 0; i < a->session_cap && a->sessions; i++) {
        sodium_memzero(a->sessions[i].token, sizeof a->sessions[i].token);
        app_note_session_end(a, (int32_t)i);
    }
    for (uint32_t i = 0; i < a->resume_cap && a->resumes; i++)
        sodium_memzero(a->resumes[i].token, sizeof a->resumes[i].token);
    app_index_free(&a->session_index);
    app_index_free(&a->user_index);
    free(a->sessions);
    free(a->users);
    free(a->resumes);
    free(a->rooms);
    free(a->history);
    free(a->note_buf);
    free(a->members);
    free(a->accounts);
    free(a->voice_targets);
    free(a->calls);
    free(a);
}

/* Connections. ---------------------------------------------------------------------------- */

void app_on_connect(app *a, uint32_t session, const net_addr *addr, int64_t now_ms)
{
    assert(a && addr);
    a->now_ms = now_ms;
    /* The loop reports each handle once until its disconnect: anything else is its bug. */
    assert(app_session_find(a, session) < 0);
    int32_t s = -1;
    for (uint32_t i = 0; i < a->session_cap; i++) {
        if (a->sessions[i].state == APP_S_FREE) {
            s = (int32_t)i;
            break;
        }
    }
    char where[NET_ADDR_STR_MAX];
    net_addr_str(addr, where);
    if (s < 0) {
        app_logf(a, 2, "app: no session slot for %s (all %u in use); closing it", where,
                 a->session_cap);
        if (a->cfg.close) a->cfg.close(a->cfg.user, session);
        return;
    }
    app_session *ss = &a->sessions[s];
    *ss = (app_session){
        .handle = session, .state = APP_S_CONNECTED, .addr = *addr, .user = -1, .since_ms = now_ms};
    app_bucket_fill(&ss->chat, app_burst(a->cfg.chat_rate, APP_CHAT_BURST), now_ms);
    app_bucket_fill(&ss->join, app_burst(a->cfg.join_rate, APP_JOIN_BURST), now_ms);
    app_bucket_fill(&ss->login, app_burst(a->cfg.login_rate, APP_LOGIN_BURST), now_ms);
    app_bucket_fill(&ss->req, APP_REQUEST_BURST, now_ms);
    app_bucket_fill(&ss->voice, APP_VOICE_BURST, now_ms);
    app_bucket_fill(&ss->note_fetch, APP_NOTE_FETCH_BURST, now_ms);
    app_index_insert(&a->session_index, app_hash_u32(session), s);
    a->stats.sessions++;

    char ip[NET_ADDR_STR_MAX];
    snprintf(ip, sizeof ip, "%u.%u.%u.%u", addr->ip >> 24, (addr->ip >> 16) & 255u,
             (addr->ip >> 8) & 255u, addr->ip & 255u);
    bool banned = false;
    char reason[STORE_REASON_MAX + 1];
    if (store_address_banned(a->st, ip, &banned, reason, sizeof reason) == STORE_OK && banned) {
        app_logf(a, 1, "app: %s is banned; closing", where);
        msg m;
        app_msg_init(&m, MSG_NOTICE, sizeof m.notice);
        m.notice.kind = MSG_NOTICE_BANNED;
        app_copy(m.notice.text, sizeof m.notice.text, reason);
        app_send(a, s, &m);
        ss->state = APP_S_CLOSING;
        if (a->cfg.close) a->cfg.close(a->cfg.user, session);
    }
}

void app_on_disconnect(app *a, uint32_t session, int64_t now_ms)
{
    assert(a);
    a->now_ms = now_ms;
    int32_t s = app_session_find(a, session);
    if (s < 0) return; /* refused at connect */
    app_session *ss = &a->sessions[s];
    if (ss->state == APP_S_LOGGED_IN) app_call_session_lost(a, s); /* resumable, like it */
    if (ss->state == APP_S_LOGGED_IN) app_session_detach(a, s, true);
    app_note_session_end(a, s);
    app_index_remove(&a->session_index, app_hash_u32(session), s);
    sodium_memzero(ss, sizeof *ss);
    a->stats.sessions--;
}

void app_shutdown(app *a, const char *why, int64_t now_ms)
{
    assert(a && why);
    a->now_ms = now_ms;
    msg m;
    app_msg_init(&m, MSG_NOTICE, sizeof m.notice);
    m.notice.kind = MSG_NOTICE_SHUTDOWN;
    app_copy(m.notice.text, sizeof m.notice.text, why);
    app_wire w;
    if (!app_wire_encode(a, &m, &w)) return;
    for (uint32_t i = 0; i < a->session_cap; i++) app_wire_to_session(a, (int32_t)i, &w);
}

/* Messages. ------------------------------------------------------------------------------- */

typedef enum app_limit { APP_LIMIT_REQ, APP_LIMIT_CHAT, APP_LIMIT_JOIN, APP_LIMIT_LOGIN } app_limit;

static app_limit app_limit_of(msg_type t)
{
    switch (t) {
    case MSG_REGISTER:
    case MSG_LOGIN:
    case MSG_GUEST:
    case MSG_RESUME:
        return APP_LIMIT_LOGIN;
    case MSG_CHAT_SEND:
    case MSG_CHAT_DM:
    case MSG_CHAT_EDIT:
    case MSG_CHAT_DELETE:
        return APP_LIMIT_CHAT;
    case MSG_ROOM_JOIN:
    case MSG_ROOM_CREATE:
        return APP_LIMIT_JOIN;
    default:
        return APP_LIMIT_REQ;
    }
}

/* Takes a token from the bucket the type uses; false (and the wait) when it is empty. */
static bool app_rate_ok(app *a, app_session *ss, msg_type t, uint32_t *retry_ms)
{
    const app_config *c = &a->cfg;
    switch (app_limit_of(t)) {
    case APP_LIMIT_LOGIN:
        return app_take(&ss->login, c->login_rate, app_burst(c->login_rate, APP_LOGIN_BURST),
                        a->now_ms, retry_ms);
    case APP_LIMIT_CHAT:
        return app_take(&ss->chat, c->chat_rate, app_burst(c->chat_rate, APP_CHAT_BURST), a->now_ms,
                        retry_ms);
    case APP_LIMIT_JOIN:
        return app_take(&ss->join, c->join_rate, app_burst(c->join_rate, APP_JOIN_BURST), a->now_ms,
                        retry_ms);
    default:
        return app_take(&ss->req, APP_REQUEST_RATE, APP_REQUEST_BURST, a->now_ms, retry_ms);
    }
}

static void app_dispatch(app *a, int32_t s, const msg *m)
{
    switch (m->type) {
    case MSG_HELLO:
        app_on_hello(a, s, &m->hello);
        break;
    case MSG_REGISTER:
        app_on_register(a, s, &m->register_);
        break;
    case MSG_LOGIN:
        app_on_login(a, s, &m->login);
        break;
    case MSG_GUEST:
        app_on_guest(a, s, &m->guest);
        break;
    case MSG_RESUME:
        app_on_resume(a, s, &m->resume);
        app_call_session_resumed(a, s);
        break;
    case MSG_LOGOUT:
        app_call_session_end(a, s, MSG_CALL_R_LOGGED_OUT);
        app_on_logout(a, s, &m->logout);
        break;
    case MSG_ROOM_LIST:
        app_on_room_list(a, s, &m->room_list);
        break;
    case MSG_ROOM_CREATE:
        app_on_room_create(a, s, &m->room_create);
        break;
    case MSG_ROOM_JOIN:
        app_on_room_join(a, s, &m->room_join);
        break;
    case MSG_ROOM_LEAVE:
        app_on_room_leave(a, s, &m->room_leave);
        break;
    case MSG_ROOM_DELETE:
        app_on_room_delete(a, s, &m->room_delete);
        break;
    case MSG_ROOM_UPDATE:
        app_on_room_update(a, s, &m->room_update);
        break;
    case MSG_MEMBERS:
        app_on_members(a, s, &m->members);
        break;
    case MSG_STATUS_SET:
        app_on_status_set(a, s, &m->status_set);
        break;
    case MSG_USER_SEARCH:
        app_on_user_search(a, s, &m->user_search);
        break;
    case MSG_CHAT_SEND:
        app_on_chat_send(a, s, &m->chat_send);
        break;
    case MSG_CHAT_DM:
        app_on_chat_dm(a, s, &m->chat_dm);
        break;
    case MSG_CHAT_EDIT:
        app_on_chat_edit(a, s, &m->chat_edit);
        break;
    case MSG_CHAT_DELETE:
        app_on_chat_delete(a, s, &m->chat_delete);
        break;
    case MSG_HISTORY:
        app_on_history(a, s, &m->history);
        break;
    case MSG_TYPING:
        app_on_typing(a, s, &m->typing);
        break;
    case MSG_KICK:
        app_on_kick(a, s, &m->kick);
        break;
    case MSG_BAN:
        app_on_ban(a, s, &m->ban);
        break;
    case MSG_UNBAN:
        app_on_unban(a, s, &m->unban);
        break;
    case MSG_MUTE:
        app_on_mute(a, s, &m->mute);
        break;
    case MSG_ROLE_SET:
        app_on_role_set(a, s, &m->role_set);
        break;
    case MSG_VOICE_STATE:
        app_on_voice_state(a, s, &m->voice_state);
        break;
    case MSG_CALL_START:
        app_on_call_start(a, s, &m->call_start);
        break;
    case MSG_CALL_ACCEPT:
        app_on_call_answer(a, s, &m->call_accept, true);
        break;
    case MSG_CALL_DECLINE:
        app_on_call_answer(a, s, &m->call_decline, false);
        break;
    case MSG_CALL_HANGUP:
        app_on_call_hangup(a, s, &m->call_hangup);
        break;
    case MSG_NOTE_SEND:
        app_on_note_send(a, s, &m->note_send);
        break;
    case MSG_NOTE_FETCH:
        app_on_note_fetch(a, s, &m->note_fetch);
        break;
    default:
        /* msg_senders let it through, so a client type without a handler is our bug. */
        app_fail(a, s, m, MSG_ERR_BAD_REQUEST, 0, "this server does not handle that message");
        break;
    }
}

static const char *app_bits_error_name(bits_error e)
{
    switch (e) {
    case BITS_ERR_OVERFLOW:
        return "truncated";
    case BITS_ERR_RANGE:
        return "a value out of range or trailing bytes";
    case BITS_ERR_NONCANON:
        return "a non-canonical encoding";
    case BITS_ERR_UTF8:
        return "a string that is not UTF-8";
    default:
        return "malformed";
    }
}

void app_on_message(app *a, uint32_t session, int channel, const uint8_t *data, size_t len,
                    int64_t now_ms)
{
    assert(a && (data || len == 0));
    a->now_ms = now_ms;
    a->stats.messages_in++;
    int32_t s = app_session_find(a, session);
    if (s < 0) {
        a->stats.bad_messages++;
        app_logf(a, 2, "app: message from unknown session %u dropped", session);
        return;
    }
    app_session *ss = &a->sessions[s];
    if (ss->state == APP_S_CLOSING) return; /* kicked or banned: nothing more is heard */

    msg m;
    bits_error why = BITS_OK;
    if (len > MSG_MAX_SIZE || !msg_decode(data, len, &m, &why)) {
        a->stats.bad_messages++;
        const char *what = len > MSG_MAX_SIZE ? "too long" : app_bits_error_name(why);
        app_logf(a, 0, "app: session %u sent an undecodable message (%zu bytes, %s)", session, len,
                 what);
        char text[MSG_ERROR_TEXT_MAX + 1];
        snprintf(text, sizeof text, "the message could not be decoded (%s)", what);
        app_result(a, s, 0, MSG_ERR_BAD_REQUEST, 0, text);
        return;
    }
    char text[MSG_ERROR_TEXT_MAX + 1];
    if (!(msg_senders(m.type) & MSG_FROM_CLIENT)) {
        a->stats.bad_messages++;
        snprintf(text, sizeof text, "%s is sent by servers only", msg_type_name(m.type));
        app_result(a, s, 0, MSG_ERR_BAD_REQUEST, 0, text);
        return;
    }
    if (msg_channel(m.type) != channel) {
        a->stats.bad_messages++;
        snprintf(text, sizeof text, "%s belongs on channel %d, not %d", msg_type_name(m.type),
                 msg_channel(m.type), channel);
        app_fail(a, s, &m, MSG_ERR_BAD_REQUEST, 0, text);
        return;
    }
    bool login_type = m.type == MSG_REGISTER || m.type == MSG_LOGIN || m.type == MSG_GUEST ||
                      m.type == MSG_RESUME;
    if (login_type && ss->state == APP_S_CONNECTED) {
        app_fail(a, s, &m, MSG_ERR_BAD_REQUEST, 0, "send HELLO first");
        return;
    }
    if (!login_type && m.type != MSG_HELLO && ss->state != APP_S_LOGGED_IN) {
        app_fail(a, s, &m, MSG_ERR_NOT_LOGGED_IN, 0, NULL);
        return;
    }
    uint32_t retry = 0;
    /* A voice note's later chunks ride on its first one's token: the note is bounded. */
    bool note_cont = m.type == MSG_NOTE_SEND && m.note_send.offset > 0;
    if (!note_cont && !app_rate_ok(a, ss, m.type, &retry)) {
        a->stats.rate_limited++;
        app_fail(a, s, &m, MSG_ERR_RATE_LIMITED, retry, NULL);
        return;
    }
    app_dispatch(a, s, &m);
}

void app_tick(app *a, int64_t now_ms)
{
    assert(a);
    a->now_ms = now_ms;
    app_accounts_tick(a);
    app_mod_tick(a);
    app_rooms_tick(a);
    app_calls_tick(a);
}

app_stats app_get_stats(const app *a)
{
    assert(a);
    app_stats st = a->stats;
    st.rooms = a->room_count;
    return st;
}
