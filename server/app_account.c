/* app_account.c — who is on the other end: HELLO, registering, logging in (with failed
 * attempts throttled per name and per address), guests, resume tokens and logging out, and
 * the user records that sessions attach to and detach from. */
#include "app_internal.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* User records. --------------------------------------------------------------------------- */

static bool app_user_eq(const app *a, int32_t slot, const void *key)
{
    return app_name_eq(a->users[slot].name, (const char *)key);
}

int32_t app_user_by_name(const app *a, const char *name)
{
    return app_index_find(&a->user_index, app_hash_name(name), app_user_eq, a, name);
}

static int32_t app_user_new(app *a, int64_t account_id, uint32_t id, const char *name, int role)
{
    for (uint32_t i = 0; i < a->user_cap; i++) {
        app_user *uu = &a->users[i];
        if (uu->used) continue;
        memset(uu, 0, sizeof *uu);
        uu->used = true;
        uu->id = id;
        uu->account_id = account_id;
        app_copy(uu->name, sizeof uu->name, name);
        uu->role = role;
        uu->status = MSG_STATUS_ONLINE;
        if (i >= a->user_hi) a->user_hi = i + 1;
        a->users_used++;
        if (!account_id) a->stats.guests++;
        app_index_insert(&a->user_index, app_hash_name(uu->name), (int32_t)i);
        return (int32_t)i;
    }
    return -1;
}

void app_user_release(app *a, int32_t u)
{
    app_user *uu = &a->users[u];
    if (!uu->used || uu->nsessions || uu->resumes) return;
    if (!uu->account_id) {
        /* A guest's rooms are its presence: they end with it. */
        while (uu->nrooms) {
            app_room *r = app_room_find(a, uu->rooms[uu->nrooms - 1].room_id);
            if (r)
                app_room_exit(a, u, r, true, true);
            else
                uu->nrooms--;
        }
        a->stats.guests--;
    }
    app_index_remove(&a->user_index, app_hash_name(uu->name), u);
    memset(uu, 0, sizeof *uu);
    a->users_used--;
    while (a->user_hi && !a->users[a->user_hi - 1].used) a->user_hi--;
}

/* The account's stored rooms and mutes, for a record made at login. */
static void app_user_load_rooms(app *a, int32_t u)
{
    app_user *uu = &a->users[u];
    int64_t ids[APP_ROOMS_PER_USER];
    size_t n = 0;
    store_err e = store_member_rooms(a->st, uu->account_id, ids, APP_ROOMS_PER_USER, &n);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: rooms of %s: %s", uu->name, store_err_str(e));
        return;
    }
    if (n == APP_ROOMS_PER_USER)
        app_logf(a, 2, "app: %s may be in more than %d rooms; only those are live", uu->name,
                 APP_ROOMS_PER_USER);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0 || ids[i] > UINT32_MAX || !app_room_find(a, (uint32_t)ids[i])) continue;
        int64_t until = 0;
        store_muted_until(a->st, uu->account_id, ids[i], a->now_ms, &until);
        uu->rooms[uu->nrooms++] = (app_user_room){(uint32_t)ids[i], until};
    }
}

/* Resume tokens. -------------------------------------------------------------------------- */

static void app_resume_free(app *a, uint32_t i, bool release)
{
    app_resume *r = &a->resumes[i];
    int32_t u = r->user;
    sodium_memzero(r, sizeof *r);
    a->users[u].resumes--;
    if (release) app_user_release(a, u);
}

static void app_resume_add(app *a, const uint8_t *token, int32_t u)
{
    uint32_t slot = 0;
    bool found = false;
    for (uint32_t i = 0; i < a->resume_cap && !found; i++) {
        if (!a->resumes[i].used) {
            slot = i;
            found = true;
        }
    }
    if (!found) {
        /* Full: the token closest to expiring goes first. */
        for (uint32_t i = 1; i < a->resume_cap; i++)
            if (a->resumes[i].expires_ms < a->resumes[slot].expires_ms) slot = i;
        app_logf(a, 2, "app: resume table full; an older token stops working early");
        app_resume_free(a, slot, true);
    }
    app_resume *r = &a->resumes[slot];
    r->used = true;
    memcpy(r->token, token, MSG_TOKEN_SIZE);
    r->user = u;
    r->expires_ms = a->now_ms + a->cfg.resume_ttl_ms;
    a->users[u].resumes++;
}

static int32_t app_resume_find(const app *a, const uint8_t *token)
{
    for (uint32_t i = 0; i < a->resume_cap; i++) {
        const app_resume *r = &a->resumes[i];
        if (r->used && r->expires_ms > a->now_ms &&
            sodium_memcmp(r->token, token, MSG_TOKEN_SIZE) == 0)
            return (int32_t)i;
    }
    return -1;
}

/* A live session holding the token: its client reconnected before we noticed the drop. */
static int32_t app_session_by_token(const app *a, const uint8_t *token, int32_t except)
{
    for (uint32_t i = 0; i < a->session_cap; i++) {
        const app_session *ss = &a->sessions[i];
        if ((int32_t)i != except && ss->state == APP_S_LOGGED_IN &&
            sodium_memcmp(ss->token, token, MSG_TOKEN_SIZE) == 0)
            return (int32_t)i;
    }
    return -1;
}

void app_drop_resumes(app *a, int32_t u)
{
    for (uint32_t i = 0; i < a->resume_cap; i++)
        if (a->resumes[i].used && a->resumes[i].user == u) app_resume_free(a, i, false);
}

/* Sessions joining and leaving users. ---------------------------------------------------- */

/* The caller answers with SESSION first and then calls app_visibility_changed(before), so
 * the session hears nothing before its own SESSION. */
static bool app_session_attach(app *a, int32_t s, int32_t u, msg_status *before)
{
    app_user *uu = &a->users[u];
    if (uu->nsessions >= APP_SESSIONS_PER_USER) return false;
    *before = app_visible(a, u);
    uu->sessions[uu->nsessions++] = s;
    app_session *ss = &a->sessions[s];
    ss->state = APP_S_LOGGED_IN;
    ss->user = u;
    randombytes_buf(ss->token, sizeof ss->token);
    a->stats.logged_in++;
    return true;
}

void app_session_detach(app *a, int32_t s, bool keep_token)
{
    app_session *ss = &a->sessions[s];
    int32_t u = ss->user;
    assert(u >= 0 && ss->state == APP_S_LOGGED_IN);
    app_user *uu = &a->users[u];
    /* The token is saved while the session still holds the user, so an eviction in the
     * resume table cannot free this very record. */
    if (keep_token) app_resume_add(a, ss->token, u);
    ss->voice_room = 0; /* voice is a session's, not a user's: a resume joins it again */
    ss->voice_deaf = false;
    msg_status before = app_visible(a, u);
    for (uint32_t i = 0; i < uu->nsessions; i++) {
        if (uu->sessions[i] == s) {
            uu->sessions[i] = uu->sessions[--uu->nsessions];
            break;
        }
    }
    ss->user = -1;
    ss->state = APP_S_HELLO;
    sodium_memzero(ss->token, sizeof ss->token);
    a->stats.logged_in--;
    app_visibility_changed(a, u, before);
    app_user_release(a, u);
}

static void app_send_session(app *a, int32_t s, uint32_t req, bool resumed)
{
    const app_session *ss = &a->sessions[s];
    const app_user *uu = &a->users[ss->user];
    msg m;
    app_msg_init(&m, MSG_SESSION, sizeof m.session);
    m.session.req = req;
    m.session.user_id = uu->id;
    app_copy(m.session.name, sizeof m.session.name, uu->name);
    m.session.role = app_msg_role(uu->role);
    m.session.status = uu->status;
    m.session.resumed = resumed;
    memcpy(m.session.token, ss->token, MSG_TOKEN_SIZE);
    app_send(a, s, &m);
    sodium_memzero(m.session.token, MSG_TOKEN_SIZE);
    app_result(a, s, req, MSG_OK, uu->id, NULL);
}

/* Failed-login throttling. ---------------------------------------------------------------- */

static void app_key_name(char *key, size_t cap, const char *name)
{
    snprintf(key, cap, "n:%s", name);
    for (char *p = key; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
}

static void app_key_addr(char *key, size_t cap, const net_addr *addr)
{
    snprintf(key, cap, "a:%u.%u.%u.%u", addr->ip >> 24, (addr->ip >> 16) & 255u,
             (addr->ip >> 8) & 255u, addr->ip & 255u);
}

static app_throttle *app_throttle_find(app *a, const char *key)
{
    for (uint32_t i = 0; i < APP_THROTTLE_SLOTS; i++)
        if (a->throttles[i].used && strcmp(a->throttles[i].key, key) == 0) return &a->throttles[i];
    return NULL;
}

/* How long the key is locked out; 0 when it is not. */
static uint32_t app_throttle_wait(app *a, const char *key)
{
    const app_throttle *t = app_throttle_find(a, key);
    if (!t || t->locked_until_ms <= a->now_ms) return 0;
    int64_t wait = t->locked_until_ms - a->now_ms;
    return wait > (int64_t)MSG_RETRY_MAX_MS ? MSG_RETRY_MAX_MS : (uint32_t)wait;
}

static void app_throttle_fail(app *a, const char *key)
{
    app_throttle *t = app_throttle_find(a, key);
    if (!t) {
        /* A free slot, else the one whose last failure is oldest. */
        t = &a->throttles[0];
        for (uint32_t i = 0; i < APP_THROTTLE_SLOTS; i++) {
            app_throttle *c = &a->throttles[i];
            if (!c->used) {
                t = c;
                break;
            }
            if (c->last_fail_ms < t->last_fail_ms) t = c;
        }
        memset(t, 0, sizeof *t);
        t->used = true;
        app_copy(t->key, sizeof t->key, key);
    }
    t->last_fail_ms = a->now_ms;
    if (++t->fails >= a->cfg.login_fail_limit) {
        t->fails = 0;
        t->locked_until_ms = a->now_ms + a->cfg.login_lockout_ms;
        app_logf(a, 1, "app: too many failed logins for %s; locked for %lld ms", key + 2,
                 (long long)a->cfg.login_lockout_ms);
    }
}

static void app_throttle_clear(app *a, const char *key)
{
    app_throttle *t = app_throttle_find(a, key);
    if (t) memset(t, 0, sizeof *t);
}

/* Answers and returns false when the session may not log in now. name may be NULL. */
static bool app_login_precheck(app *a, int32_t s, uint32_t req, const char *name)
{
    app_session *ss = &a->sessions[s];
    if (ss->state == APP_S_LOGGED_IN) {
        app_result(a, s, req, MSG_ERR_ALREADY_LOGGED_IN, 0, NULL);
        return false;
    }
    char key[48];
    app_key_addr(key, sizeof key, &ss->addr);
    uint32_t wait = app_throttle_wait(a, key);
    if (name) {
        app_key_name(key, sizeof key, name);
        uint32_t w = app_throttle_wait(a, key);
        if (w > wait) wait = w;
    }
    if (wait) {
        msg m;
        app_msg_init(&m, MSG_RESULT, sizeof m.result);
        m.result.req = req;
        m.result.err = MSG_ERR_THROTTLED;
        m.result.retry_after_ms = wait;
        snprintf(m.result.text, sizeof m.result.text, "too many failed logins; try again in %u s",
                 (wait + 999u) / 1000u);
        app_send(a, s, &m);
        return false;
    }
    if (a->stats.logged_in >= a->cfg.max_users || a->users_used >= a->user_cap) {
        app_result(a, s, req, MSG_ERR_SERVER_FULL, 0,
                   "the server has as many users as it takes; try again later");
        return false;
    }
    return true;
}

/* Handlers. ------------------------------------------------------------------------------- */

void app_on_hello(app *a, int32_t s, const msg_hello *h)
{
    app_session *ss = &a->sessions[s];
    msg m;
    app_msg_init(&m, MSG_SERVER_INFO, sizeof m.server_info);
    msg_server_info *si = &m.server_info;
    si->req = h->req;
    si->version = MSG_PROTOCOL_VERSION;
    app_copy(si->name, sizeof si->name, a->cfg.server_name);
    app_copy(si->server_version, sizeof si->server_version, APP_SERVER_VERSION);
    for (uint32_t u = 0; u < a->user_hi; u++)
        if (a->users[u].used && app_visible(a, (int32_t)u) != MSG_STATUS_OFFLINE)
            si->users_online++;
    si->users_max = a->cfg.max_users;
    si->guests_allowed = !a->cfg.guests_disabled;
    si->register_allowed = !a->cfg.register_disabled;
    app_copy(si->motd, sizeof si->motd, a->cfg.motd);
    app_send(a, s, &m);

    char where[NET_ADDR_STR_MAX];
    app_logf(a, 1, "app: HELLO from %s: %s, protocol %u", net_addr_str(&ss->addr, where),
             app_text_clean(h->client, false) ? h->client : "(unprintable client name)",
             h->version);
    if (h->version != MSG_PROTOCOL_VERSION) {
        char text[MSG_ERROR_TEXT_MAX + 1];
        snprintf(text, sizeof text,
                 "this server speaks protocol %u, the client %u: use a matching version",
                 MSG_PROTOCOL_VERSION, h->version);
        app_result(a, s, h->req, MSG_ERR_VERSION, 0, text);
        return;
    }
    if (ss->state == APP_S_CONNECTED) ss->state = APP_S_HELLO;
    if (ss->state != APP_S_LOGGED_IN && a->stats.logged_in >= a->cfg.max_users) {
        app_result(a, s, h->req, MSG_ERR_SERVER_FULL, 0,
                   "the server has as many users as it takes; try again later");
        return;
    }
    app_result(a, s, h->req, MSG_OK, 0, NULL);
}

/* An account has proved who it is: attach the session, answer, enter General, hand over
 * the direct messages that waited. */
static void app_enter_account(app *a, int32_t s, uint32_t req, const store_account *acc)
{
    if (acc->id <= 0 || acc->id >= (int64_t)APP_GUEST_ID_BASE) {
        app_logf(a, 3, "app: account id %lld does not fit the protocol", (long long)acc->id);
        app_result(a, s, req, MSG_ERR_INTERNAL, 0, NULL);
        return;
    }
    int32_t u = app_user_by_name(a, acc->name);
    if (u >= 0 && a->users[u].account_id != acc->id) {
        app_logf(a, 3, "app: %s is online as someone else", acc->name);
        app_result(a, s, req, MSG_ERR_NAME_TAKEN, 0, NULL);
        return;
    }
    bool created = u < 0;
    if (created) {
        u = app_user_new(a, acc->id, (uint32_t)acc->id, acc->name, (int)acc->role);
        if (u < 0) {
            app_result(a, s, req, MSG_ERR_SERVER_FULL, 0, NULL);
            return;
        }
        app_user_load_rooms(a, u);
    }
    a->users[u].role = (int)acc->role;
    msg_status before;
    if (!app_session_attach(a, s, u, &before)) {
        if (created) app_user_release(a, u);
        char text[MSG_ERROR_TEXT_MAX + 1];
        snprintf(text, sizeof text, "this account already has %d sessions; close one first",
                 APP_SESSIONS_PER_USER);
        app_result(a, s, req, MSG_ERR_SERVER_FULL, 0, text);
        return;
    }
    app_send_session(a, s, req, false);
    app_visibility_changed(a, u, before);
    app_room *general = app_room_find(a, STORE_GENERAL_ID);
    if (general) app_room_enter(a, u, general, true);
    app_deliver_pending(a, s);
    app_logf(a, 1, "app: %s logged in", acc->name);
}

void app_on_register(app *a, int32_t s, const msg_register *m)
{
    if (a->cfg.register_disabled) {
        app_result(a, s, m->req, MSG_ERR_NOT_PERMITTED, 0,
                   "registration is closed on this server; ask an admin or log in as a guest");
        return;
    }
    if (!app_login_precheck(a, s, m->req, NULL)) return;
    store_err e = store_check_name(m->name);
    if (e == STORE_OK && m->email[0]) e = store_check_email(m->email);
    if (e == STORE_OK) e = store_check_password(m->password);
    if (e == STORE_OK && app_user_by_name(a, m->name) >= 0) e = STORE_ERR_NAME_TAKEN;
    store_account acc;
    if (e == STORE_OK) e = store_register(a->st, m->name, m->email, m->password, a->now_ms, &acc);
    if (e != STORE_OK) {
        msg_err err = app_err_from_store(e);
        if (err == MSG_ERR_INTERNAL) app_logf(a, 3, "app: register: %s", store_err_str(e));
        app_result(a, s, m->req, err, 0, err == MSG_ERR_INTERNAL ? NULL : store_err_str(e));
        return;
    }
    app_logf(a, 1, "app: registered %s as %s", acc.name, store_role_name(acc.role));
    app_enter_account(a, s, m->req, &acc);
}

/* The end of a timed ban, or 0. */
static int64_t app_ban_until(const app *a, int64_t account_id)
{
    for (uint32_t i = 0; i < a->ban_count; i++)
        if (a->bans[i].account_id == account_id) return a->bans[i].until_ms;
    return 0;
}

static void app_answer_banned(app *a, int32_t s, uint32_t req, const store_account *acc)
{
    msg m;
    app_msg_init(&m, MSG_RESULT, sizeof m.result);
    m.result.req = req;
    m.result.err = MSG_ERR_BANNED;
    int64_t until = app_ban_until(a, acc->id);
    if (until > a->now_ms) {
        int64_t wait = until - a->now_ms;
        m.result.retry_after_ms =
            wait > (int64_t)MSG_RETRY_MAX_MS ? MSG_RETRY_MAX_MS : (uint32_t)wait;
    }
    char text[MSG_ERROR_TEXT_MAX + STORE_REASON_MAX + 32];
    snprintf(text, sizeof text, "this account is banned%s%s", acc->ban_reason[0] ? ": " : "",
             acc->ban_reason);
    app_copy(m.result.text, sizeof m.result.text, text);
    app_send(a, s, &m);
}

void app_on_login(app *a, int32_t s, const msg_login *m)
{
    if (!app_login_precheck(a, s, m->req, m->name)) return;
    store_account acc;
    store_err e = store_login(a->st, m->name, m->password, &acc);
    char key[48];
    if (e == STORE_ERR_NO_ACCOUNT || e == STORE_ERR_WRONG_PASSWORD) {
        app_key_name(key, sizeof key, m->name);
        app_throttle_fail(a, key);
        app_key_addr(key, sizeof key, &a->sessions[s].addr);
        app_throttle_fail(a, key);
        app_result(a, s, m->req, MSG_ERR_BAD_CREDENTIALS, 0, "wrong name or password");
        return;
    }
    if (e == STORE_ERR_BANNED) {
        app_answer_banned(a, s, m->req, &acc);
        return;
    }
    if (e != STORE_OK) {
        app_logf(a, 3, "app: login: %s", store_err_str(e));
        app_result(a, s, m->req, MSG_ERR_INTERNAL, 0, NULL);
        return;
    }
    app_key_name(key, sizeof key, m->name);
    app_throttle_clear(a, key);
    app_enter_account(a, s, m->req, &acc);
}

void app_on_guest(app *a, int32_t s, const msg_guest *m)
{
    if (a->cfg.guests_disabled) {
        app_result(a, s, m->req, MSG_ERR_GUESTS_DISABLED, 0, NULL);
        return;
    }
    if (!app_login_precheck(a, s, m->req, NULL)) return;
    store_err e = store_check_name(m->name);
    if (e != STORE_OK) {
        app_result(a, s, m->req, MSG_ERR_INVALID_NAME, 0, store_err_str(e));
        return;
    }
    store_account acc;
    e = store_account_by_name(a->st, m->name, &acc);
    if (e == STORE_OK || app_user_by_name(a, m->name) >= 0) {
        app_result(a, s, m->req, MSG_ERR_NAME_TAKEN, 0,
                   e == STORE_OK ? "that name belongs to an account; pick another"
                                 : "someone online uses that name; pick another");
        return;
    }
    if (e != STORE_ERR_NO_ACCOUNT) {
        app_logf(a, 3, "app: guest: %s", store_err_str(e));
        app_result(a, s, m->req, MSG_ERR_INTERNAL, 0, NULL);
        return;
    }
    a->next_guest = a->next_guest % (0x7fffffffu) + 1u;
    int32_t u = app_user_new(a, 0, APP_GUEST_ID_BASE | a->next_guest, m->name, STORE_ROLE_GUEST);
    msg_status before;
    if (u < 0 || !app_session_attach(a, s, u, &before)) {
        if (u >= 0) app_user_release(a, u);
        app_result(a, s, m->req, MSG_ERR_SERVER_FULL, 0, NULL);
        return;
    }
    app_send_session(a, s, m->req, false);
    app_visibility_changed(a, u, before);
    app_room *general = app_room_find(a, STORE_GENERAL_ID);
    if (general) app_room_enter(a, u, general, true);
    app_logf(a, 1, "app: guest %s came in", m->name);
}

void app_on_resume(app *a, int32_t s, const msg_resume *m)
{
    if (!app_login_precheck(a, s, m->req, NULL)) return;
    int32_t i = app_resume_find(a, m->token);
    int32_t old = i < 0 ? app_session_by_token(a, m->token, s) : -1;
    if (i < 0 && old < 0) {
        app_result(a, s, m->req, MSG_ERR_BAD_TOKEN, 0,
                   "the session has expired (or the server restarted); log in again");
        return;
    }
    int32_t u = i >= 0 ? a->resumes[i].user : a->sessions[old].user;
    app_user *uu = &a->users[u];
    uu->resumes++; /* holds the record while the sessions change hands */
    if (i >= 0) app_resume_free(a, (uint32_t)i, false);
    msg_err err = MSG_OK;
    store_account acc = {0};
    if (uu->account_id) {
        store_err e = store_account_by_id(a->st, uu->account_id, &acc);
        if (e != STORE_OK)
            err = e == STORE_ERR_NO_ACCOUNT ? MSG_ERR_BAD_TOKEN : MSG_ERR_INTERNAL;
        else if (acc.banned)
            err = MSG_ERR_BANNED;
        else
            uu->role = (int)acc.role;
    }
    /* Attached before the old session leaves, so nobody sees the user go offline. */
    msg_status before = MSG_STATUS_OFFLINE;
    bool attached = err == MSG_OK && app_session_attach(a, s, u, &before);
    if (old >= 0) {
        /* The client came back before its old connection timed out: that one is dead. */
        app_session_detach(a, old, false);
        a->sessions[old].state = APP_S_CLOSING;
        if (a->cfg.close) a->cfg.close(a->cfg.user, a->sessions[old].handle);
    }
    if (err == MSG_OK && !attached && !app_session_attach(a, s, u, &before))
        err = MSG_ERR_SERVER_FULL;
    uu->resumes--;
    if (err != MSG_OK) {
        app_user_release(a, u);
        if (err == MSG_ERR_BANNED)
            app_answer_banned(a, s, m->req, &acc);
        else
            app_result(a, s, m->req, err, 0, NULL);
        return;
    }
    app_send_session(a, s, m->req, true);
    app_visibility_changed(a, u, before);
    /* DMs that waited while no session was up. What the rooms said meanwhile the client
     * fetches with HISTORY: only it knows what reached it before the link went quiet. */
    if (uu->account_id) app_deliver_pending(a, s);
    app_logf(a, 1, "app: %s resumed", uu->name);
}

void app_on_logout(app *a, int32_t s, const msg_request *m)
{
    app_logf(a, 1, "app: %s logged out", a->users[a->sessions[s].user].name);
    app_session_detach(a, s, false);
    app_result(a, s, m->req, MSG_OK, 0, NULL);
}

void app_accounts_tick(app *a)
{
    for (uint32_t i = 0; i < a->resume_cap; i++)
        if (a->resumes[i].used && a->resumes[i].expires_ms <= a->now_ms)
            app_resume_free(a, i, true);
    for (uint32_t i = 0; i < APP_THROTTLE_SLOTS; i++) {
        app_throttle *t = &a->throttles[i];
        /* Failures are forgotten a lockout period after the last one. */
        if (t->used && t->locked_until_ms <= a->now_ms &&
            t->last_fail_ms + a->cfg.login_lockout_ms <= a->now_ms)
            memset(t, 0, sizeof *t);
    }
}
