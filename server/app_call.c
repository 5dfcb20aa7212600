/* app_call.c — 1:1 calls: ringing, accept, decline, busy, hang-up, the ring time-out, and a
 * call that outlives a dropped link for the resume window. Its voice goes only to the other
 * side (app_call_peer_session, used by app_voice_targets) and only while the call is active.
 *
 * A call has two sides: 0 the caller, 1 the callee. The caller's side is the session that
 * called; the callee's side is bound to the session that accepts (it rings on all of the
 * callee's sessions). A bound session whose link drops leaves its side "lost" (session -1,
 * lost_ms set) until it resumes or the resume window passes. An ended call whose lost side has
 * not heard the end yet stays as a tombstone, so the news reaches that side when it resumes. */
#include "app_internal.h"

#include <assert.h>

/* The CALL_STATE side k of the call gets. */
static void app_call_msg(const app_call *c, int k, msg_call_phase state, msg_call_reason reason,
                         bool by_peer, msg *m)
{
    const app_call_side *peer = &c->side[1 - k];
    app_msg_init(m, MSG_CALL_STATE, sizeof m->call_state);
    m->call_state.call_id = c->id;
    m->call_state.peer_id = peer->user_id;
    app_copy(m->call_state.peer, sizeof m->call_state.peer, peer->name);
    m->call_state.state = state;
    m->call_state.reason = reason;
    m->call_state.outgoing = k == 0;
    m->call_state.by_peer = by_peer;
}

/* Tells one side the call's state. A lost side (no session) keeps it for its resume. */
static void app_call_tell(app *a, app_call *c, int k, msg_call_reason reason, int by_side)
{
    app_call_side *me = &c->side[k];
    msg m;
    app_call_msg(c, k, c->ended ? MSG_CALL_ENDED : c->phase, reason, by_side == 1 - k, &m);
    if (me->session >= 0) {
        app_send(a, me->session, &m);
    } else if (me->lost_ms) {
        me->pending = c->ended; /* only the end waits; RESUMED says the rest */
        me->pending_reason = reason;
        me->pending_by_peer = m.call_state.by_peer;
    } else if (k == 1 && me->user >= 0 && a->users[me->user].used &&
               a->users[me->user].id == me->user_id) {
        app_send_user(a, me->user, &m); /* ringing, or its end: every session of the callee */
    }
}

static void app_call_free(app *a, app_call *c)
{
    for (int k = 0; k < 2; k++) {
        int32_t s = c->side[k].session;
        if (s >= 0 && a->sessions[s].call == (uint32_t)(c - a->calls) + 1) a->sessions[s].call = 0;
    }
    memset(c, 0, sizeof *c);
}

/* Frees the call when no side waits to hear how it ended. */
static void app_call_settle(app *a, app_call *c)
{
    if (!c->side[0].pending && !c->side[1].pending) app_call_free(a, c);
}

static void app_call_end(app *a, app_call *c, msg_call_reason reason, int by_side)
{
    assert(c->id && !c->ended);
    c->ended = true;
    c->phase = MSG_CALL_ENDED;
    app_logf(a, 1, "app: call %u %s -> %s ended (%s)", c->id, c->side[0].name, c->side[1].name,
             msg_call_reason_name(reason));
    for (int k = 0; k < 2; k++) app_call_tell(a, c, k, reason, by_side);
    app_call_settle(a, c);
}

static bool app_call_side_is(const app *a, const app_call_side *d, int32_t u)
{
    return d->user == u && a->users[u].used && a->users[u].id == d->user_id;
}

/* The live (not ended) call of user u, and which side u is; NULL when none. */
static app_call *app_call_of_user(app *a, int32_t u, int *side)
{
    for (uint32_t i = 0; i < a->call_cap; i++) {
        app_call *c = &a->calls[i];
        if (!c->id || c->ended) continue;
        for (int k = 0; k < 2; k++) {
            if (app_call_side_is(a, &c->side[k], u)) {
                if (side) *side = k;
                return c;
            }
        }
    }
    return NULL;
}

static void app_call_side_init(app *a, app_call_side *d, int32_t u, int32_t s)
{
    d->user = u;
    d->user_id = a->users[u].id;
    app_copy(d->name, sizeof d->name, a->users[u].name);
    d->session = s;
}

/* Binds side k to session s. */
static void app_call_bind(app *a, app_call *c, int k, int32_t s)
{
    c->side[k].session = s;
    c->side[k].lost_ms = 0;
    a->sessions[s].call = (uint32_t)(c - a->calls) + 1;
}

void app_on_call_start(app *a, int32_t s, const msg_call_start *m)
{
    int32_t u = a->sessions[s].user;
    if (!m->name[0] || !app_text_clean(m->name, false)) {
        app_result(a, s, m->req, MSG_ERR_INVALID_NAME, 0, "name the user to call");
        return;
    }
    int32_t callee = app_user_by_name(a, m->name);
    if (callee == u) {
        app_result(a, s, m->req, MSG_ERR_BAD_REQUEST, 0, "you cannot call yourself");
        return;
    }
    if (app_call_of_user(a, u, NULL)) {
        app_result(a, s, m->req, MSG_ERR_IN_CALL, 0, NULL);
        return;
    }
    /* Invisible users are offline here as everywhere: a call must not give them away. */
    if (callee < 0 || !a->users[callee].nsessions || app_visible(a, callee) == MSG_STATUS_OFFLINE) {
        store_account acc;
        bool known = callee >= 0 || store_account_by_name(a->st, m->name, &acc) == STORE_OK;
        if (known)
            app_result(a, s, m->req, MSG_ERR_USER_OFFLINE, 0, NULL);
        else
            app_result(a, s, m->req, MSG_ERR_NO_SUCH_USER, 0, NULL);
        return;
    }
    if (app_call_of_user(a, callee, NULL)) {
        /* Busy: the caller hears at once; the callee's own call is not disturbed. */
        if (++a->next_call_id == 0) a->next_call_id = 1;
        app_call busy = {.id = a->next_call_id, .ended = true};
        app_call_side_init(a, &busy.side[0], u, s);
        app_call_side_init(a, &busy.side[1], callee, -1);
        app_result(a, s, m->req, MSG_OK, busy.id, NULL);
        app_call_tell(a, &busy, 0, MSG_CALL_R_BUSY, 1);
        return;
    }
    app_call *c = NULL;
    for (uint32_t i = 0; i < a->call_cap && !c; i++)
        if (!a->calls[i].id) c = &a->calls[i];
    if (!c) {
        app_logf(a, 2, "app: call table full (%u calls)", a->call_cap);
        app_result(a, s, m->req, MSG_ERR_SERVER_FULL, 0, "too many calls on this server now");
        return;
    }
    if (++a->next_call_id == 0) a->next_call_id = 1;
    *c = (app_call){.id = a->next_call_id, .phase = MSG_CALL_RINGING, .since_ms = a->now_ms};
    app_call_side_init(a, &c->side[0], u, s);
    app_call_side_init(a, &c->side[1], callee, -1);
    app_result(a, s, m->req, MSG_OK, c->id, NULL);
    app_call_bind(a, c, 0, s);
    app_logf(a, 1, "app: call %u %s -> %s ringing", c->id, c->side[0].name, c->side[1].name);
    app_call_tell(a, c, 0, MSG_CALL_R_NONE, -1);
    app_call_tell(a, c, 1, MSG_CALL_R_NONE, -1);
}

/* The call a CALL_ACCEPT / DECLINE / HANGUP from session s names (call_id 0: the user's). */
static app_call *app_call_named(app *a, int32_t s, uint32_t call_id, int *side)
{
    app_call *c = app_call_of_user(a, a->sessions[s].user, side);
    if (!c || (call_id && c->id != call_id)) return NULL;
    return c;
}

void app_on_call_answer(app *a, int32_t s, const msg_call_request *m, bool accept)
{
    int k = 0;
    app_call *c = app_call_named(a, s, m->call_id, &k);
    if (!c || k != 1 || c->phase != MSG_CALL_RINGING) {
        app_result(a, s, m->req, MSG_ERR_NO_CALL, 0, "no call is ringing for you");
        return;
    }
    app_result(a, s, m->req, MSG_OK, c->id, NULL);
    if (!accept) {
        app_call_end(a, c, MSG_CALL_R_DECLINED, 1);
        return;
    }
    c->phase = MSG_CALL_ACTIVE;
    c->since_ms = a->now_ms;
    app_call_bind(a, c, 1, s);
    app_logf(a, 1, "app: call %u %s -> %s active", c->id, c->side[0].name, c->side[1].name);
    app_call_tell(a, c, 0, MSG_CALL_R_NONE, 1);
    app_call_tell(a, c, 1, MSG_CALL_R_NONE, 1);
    /* The callee's other sessions stop ringing. */
    const app_user *uu = &a->users[c->side[1].user];
    msg end;
    app_call_msg(c, 1, MSG_CALL_ENDED, MSG_CALL_R_ANSWERED_ELSEWHERE, false, &end);
    for (uint32_t i = 0; i < uu->nsessions; i++)
        if (uu->sessions[i] != s) app_send(a, uu->sessions[i], &end);
}

void app_on_call_hangup(app *a, int32_t s, const msg_call_request *m)
{
    int k = 0;
    app_call *c = app_call_named(a, s, m->call_id, &k);
    if (!c) {
        app_result(a, s, m->req, MSG_ERR_NO_CALL, 0, "you are not in that call");
        return;
    }
    app_result(a, s, m->req, MSG_OK, c->id, NULL);
    /* Hanging up on a call that rings for you is declining it. */
    bool decline = k == 1 && c->phase == MSG_CALL_RINGING;
    app_call_end(a, c, decline ? MSG_CALL_R_DECLINED : MSG_CALL_R_HANGUP, k);
}

int32_t app_call_peer_session(const app *a, int32_t s)
{
    uint32_t slot = a->sessions[s].call;
    if (!slot || slot > a->call_cap) return -1;
    const app_call *c = &a->calls[slot - 1];
    if (!c->id || c->ended || c->phase != MSG_CALL_ACTIVE) return -1;
    int k = c->side[0].session == s ? 0 : c->side[1].session == s ? 1 : -1;
    if (k < 0) return -1;
    int32_t p = c->side[1 - k].session;
    if (p < 0 || a->sessions[p].state != APP_S_LOGGED_IN || a->sessions[p].call != slot) return -1;
    return p;
}

void app_call_session_lost(app *a, int32_t s)
{
    uint32_t slot = a->sessions[s].call;
    if (!slot || slot > a->call_cap) return;
    app_call *c = &a->calls[slot - 1];
    int k = c->side[0].session == s ? 0 : c->side[1].session == s ? 1 : -1;
    a->sessions[s].call = 0;
    if (!c->id || k < 0) return;
    c->side[k].session = -1;
    c->side[k].lost_ms = a->now_ms;
    if (c->ended) return;
    if (c->phase == MSG_CALL_RINGING) {
        /* A caller who vanished should not leave a phone ringing. */
        app_call_end(a, c, MSG_CALL_R_CONNECTION_LOST, k);
        return;
    }
    c->phase = MSG_CALL_RECONNECTING;
    app_logf(a, 1, "app: call %u: %s's link dropped; waiting for a resume", c->id, c->side[k].name);
    app_call_tell(a, c, 1 - k, MSG_CALL_R_CONNECTION_LOST, k);
}

void app_call_session_end(app *a, int32_t s, msg_call_reason why)
{
    int32_t u = a->sessions[s].user;
    if (u < 0) return;
    int k = 0;
    app_call *c = app_call_of_user(a, u, &k);
    if (!c) return;
    bool mine = c->side[k].session == s;
    bool last_ringing = k == 1 && c->phase == MSG_CALL_RINGING && a->users[u].nsessions <= 1;
    if (mine || last_ringing) app_call_end(a, c, why, k);
}

void app_call_session_resumed(app *a, int32_t s)
{
    if (a->sessions[s].state != APP_S_LOGGED_IN) return; /* the RESUME failed */
    int32_t u = a->sessions[s].user;
    for (uint32_t i = 0; i < a->call_cap; i++) {
        app_call *c = &a->calls[i];
        if (!c->id) continue;
        for (int k = 0; k < 2; k++) {
            app_call_side *d = &c->side[k];
            if (!app_call_side_is(a, d, u)) continue;
            /* RESUME while the old link still looked alive: that session was just closed. */
            int32_t old = d->session;
            if (old >= 0 && old != s && a->sessions[old].state != APP_S_LOGGED_IN) {
                if (a->sessions[old].call == i + 1) a->sessions[old].call = 0;
                d->session = -1;
                d->lost_ms = a->now_ms;
            }
            if (!d->lost_ms) continue;
            if (c->ended) {
                if (!d->pending) continue;
                d->pending = false;
                msg m;
                app_call_msg(c, k, MSG_CALL_ENDED, d->pending_reason, d->pending_by_peer, &m);
                app_send(a, s, &m);
                d->lost_ms = 0;
                app_call_settle(a, c);
                continue;
            }
            app_call_bind(a, c, k, s);
            bool both = c->side[1 - k].session >= 0;
            c->phase = both ? MSG_CALL_ACTIVE : MSG_CALL_RECONNECTING;
            app_logf(a, 1, "app: call %u: %s resumed", c->id, d->name);
            app_call_tell(a, c, k, MSG_CALL_R_RESUMED, k);
            if (both) app_call_tell(a, c, 1 - k, MSG_CALL_R_RESUMED, k);
        }
        /* A ringing callee that came back hears the ring again. */
        if (c->id && !c->ended && c->phase == MSG_CALL_RINGING &&
            app_call_side_is(a, &c->side[1], u))
            app_call_tell(a, c, 1, MSG_CALL_R_NONE, -1);
    }
}

void app_calls_tick(app *a)
{
    for (uint32_t i = 0; i < a->call_cap; i++) {
        app_call *c = &a->calls[i];
        if (!c->id) continue;
        for (int k = 0; k < 2 && c->id; k++) {
            app_call_side *d = &c->side[k];
            /* A bound session that is no longer this call's (kicked, banned): it is over. */
            if (d->session >= 0 && (a->sessions[d->session].state != APP_S_LOGGED_IN ||
                                    a->sessions[d->session].call != i + 1)) {
                if (a->sessions[d->session].call == i + 1) a->sessions[d->session].call = 0;
                d->session = -1;
                d->lost_ms = 0;
                if (!c->ended) app_call_end(a, c, MSG_CALL_R_CONNECTION_LOST, k);
                continue;
            }
            bool gone = !a->users[d->user].used || a->users[d->user].id != d->user_id;
            if (d->lost_ms && (gone || a->now_ms - d->lost_ms >= a->cfg.resume_ttl_ms)) {
                d->lost_ms = 0;
                d->pending = false;
                if (!c->ended)
                    app_call_end(a, c, MSG_CALL_R_CONNECTION_LOST, k);
                else
                    app_call_settle(a, c);
            }
        }
        if (!c->id || c->ended || c->phase != MSG_CALL_RINGING) continue;
        const app_call_side *callee = &c->side[1];
        bool gone = !a->users[callee->user].used || a->users[callee->user].id != callee->user_id;
        if (gone)
            app_call_end(a, c, MSG_CALL_R_CONNECTION_LOST, 1);
        else if (a->now_ms - c->since_ms >= a->cfg.call_timeout_ms)
            app_call_end(a, c, MSG_CALL_R_TIMEOUT, -1);
    }
}
