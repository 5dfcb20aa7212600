/* app_mod.c — moderation: kick (from a room or the server), ban and unban accounts, mute in a
 * room, grant roles; the expiry of mutes and timed bans. Nobody acts on an equal or higher
 * role; the console outranks everyone. */
#include "app_internal.h"

#include <stdio.h>
#include <string.h>

#define APP_WHY(why, text) (*(why) = (text))

/* A room's owner moderates that room. */
static int app_role_in(const app *a, const app_actor *by, const app_room *r)
{
    if (by->user >= 0 && r) {
        const app_user *uu = &a->users[by->user];
        if (uu->account_id && r->owner_id == uu->account_id && by->role < STORE_ROLE_MODERATOR)
            return STORE_ROLE_MODERATOR;
    }
    return by->role;
}

static bool app_reason_ok(const char *reason, const char **why)
{
    if (app_text_clean(reason, false)) return true;
    APP_WHY(why, "the reason holds control characters");
    return false;
}

void app_user_close(app *a, int32_t u, const msg *notice)
{
    app_user *uu = &a->users[u];
    app_drop_resumes(a, u);
    if (!uu->nsessions) {
        app_user_release(a, u);
        return;
    }
    int32_t sessions[APP_SESSIONS_PER_USER];
    uint32_t n = uu->nsessions;
    memcpy(sessions, uu->sessions, n * sizeof sessions[0]);
    app_wire w;
    bool have = notice && app_wire_encode(a, notice, &w);
    for (uint32_t i = 0; i < n; i++) {
        int32_t s = sessions[i];
        if (have) app_wire_to_session(a, s, &w);
        app_session_detach(a, s, false); /* the last one releases the record */
        a->sessions[s].state = APP_S_CLOSING;
    }
    /* Only now: a loop that closes at once may call app_on_disconnect from inside. */
    for (uint32_t i = 0; i < n; i++)
        if (a->cfg.close) a->cfg.close(a->cfg.user, a->sessions[sessions[i]].handle);
}

static void app_notice(msg *m, msg_notice_kind kind, uint32_t room_id, const char *by,
                       uint32_t seconds, const char *text)
{
    memset(m, 0, sizeof *m);
    m->type = MSG_NOTICE;
    m->notice.kind = kind;
    m->notice.room_id = room_id;
    app_copy(m->notice.by, sizeof m->notice.by, by);
    m->notice.seconds = seconds;
    app_copy(m->notice.text, sizeof m->notice.text, text);
}

static void app_member_offline(const store_account *acc, msg_member *out)
{
    memset(out, 0, sizeof *out);
    out->user_id = (uint32_t)acc->id;
    app_copy(out->name, sizeof out->name, acc->name);
    out->role = app_msg_role((int)acc->role);
    out->status = MSG_STATUS_OFFLINE;
}

/* A MEMBER_EVENT to each room of an account, from its online record or from the store. */
static void app_event_to_rooms(app *a, const store_account *acc, int32_t u,
                               msg_member_event_kind kind, const char *by, uint32_t seconds,
                               const char *reason)
{
    int64_t ids[APP_ROOMS_PER_USER];
    size_t n = 0;
    if (u >= 0) {
        for (uint32_t i = 0; i < a->users[u].nrooms; i++) ids[n++] = a->users[u].rooms[i].room_id;
    } else if (store_member_rooms(a->st, acc->id, ids, APP_ROOMS_PER_USER, &n) != STORE_OK) {
        return;
    }
    msg m;
    app_msg_init(&m, MSG_MEMBER_EVENT, sizeof m.member_event);
    msg_member_event *ev = &m.member_event;
    ev->kind = kind;
    app_copy(ev->by, sizeof ev->by, by);
    ev->seconds = seconds;
    app_copy(ev->reason, sizeof ev->reason, reason);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0 || ids[i] > UINT32_MAX) continue;
        ev->room_id = (uint32_t)ids[i];
        if (u >= 0)
            app_member_of(a, u, ev->room_id, &ev->member);
        else
            app_member_offline(acc, &ev->member);
        app_send_room(a, ev->room_id, &m, -1);
    }
}

/* Kick. ----------------------------------------------------------------------------------- */

msg_err app_kick(app *a, const app_actor *by, const char *name, uint32_t room_id,
                 const char *reason, const char **why)
{
    app_room *r = NULL;
    if (room_id && !(r = app_room_find(a, room_id))) return MSG_ERR_NO_SUCH_ROOM;
    int role = app_role_in(a, by, r);
    if (role < STORE_ROLE_MODERATOR) {
        APP_WHY(why, "only moderators, admins and the owner can kick");
        return MSG_ERR_NOT_PERMITTED;
    }
    if (!app_reason_ok(reason, why)) return MSG_ERR_INVALID_TEXT;
    int32_t u = app_user_by_name(a, name);
    if (u < 0) {
        APP_WHY(why, "nobody of that name is online");
        return MSG_ERR_NO_SUCH_USER;
    }
    if (a->users[u].role >= role) {
        APP_WHY(why, "you cannot act on someone whose role is equal to or above yours");
        return MSG_ERR_NOT_PERMITTED;
    }
    msg notice;
    if (r) {
        if (app_user_room_index(a, u, r->id) < 0) return MSG_ERR_NOT_IN_ROOM;
        app_notice(&notice, MSG_NOTICE_KICKED, r->id, by->name, 0, reason);
        app_send_user(a, u, &notice);
        msg m;
        app_msg_init(&m, MSG_MEMBER_EVENT, sizeof m.member_event);
        m.member_event.kind = MSG_MEMBER_EV_KICKED;
        m.member_event.room_id = r->id;
        app_member_of(a, u, r->id, &m.member_event.member);
        app_copy(m.member_event.by, sizeof m.member_event.by, by->name);
        app_copy(m.member_event.reason, sizeof m.member_event.reason, reason);
        app_send_room(a, r->id, &m, u);
        app_room_exit(a, u, r, true, false);
        app_logf(a, 1, "app: %s kicked %s from %s", by->user >= 0 ? by->name : "console", name,
                 r->name);
        return MSG_OK;
    }
    app_notice(&notice, MSG_NOTICE_KICKED, 0, by->name, 0, reason);
    app_logf(a, 1, "app: %s kicked %s from the server", by->user >= 0 ? by->name : "console", name);
    app_user_close(a, u, &notice);
    return MSG_OK;
}

/* Bans. ----------------------------------------------------------------------------------- */

static void app_timed_ban_remove(app *a, int64_t account_id)
{
    for (uint32_t i = 0; i < a->ban_count; i++) {
        if (a->bans[i].account_id == account_id) {
            a->bans[i] = a->bans[--a->ban_count];
            return;
        }
    }
}

/* The account behind a name for moderation, or why not. */
static msg_err app_target_account(app *a, const char *name, store_account *acc, const char **why)
{
    store_err e = store_account_by_name(a->st, name, acc);
    if (e == STORE_OK) return MSG_OK;
    if (e != STORE_ERR_NO_ACCOUNT) {
        app_logf(a, 3, "app: account %s: %s", name, store_err_str(e));
        return MSG_ERR_INTERNAL;
    }
    int32_t u = app_user_by_name(a, name);
    APP_WHY(why, u >= 0 ? "guests have no account for that; kick them instead"
                        : "there is no account of that name");
    return MSG_ERR_NO_SUCH_USER;
}

msg_err app_ban(app *a, const app_actor *by, const char *name, uint32_t seconds, const char *reason,
                const char **why)
{
    if (by->role < STORE_ROLE_ADMIN) {
        APP_WHY(why, "only admins and the owner can ban");
        return MSG_ERR_NOT_PERMITTED;
    }
    if (!app_reason_ok(reason, why)) return MSG_ERR_INVALID_TEXT;
    if (seconds > MSG_SECONDS_MAX) return MSG_ERR_BAD_REQUEST;
    store_account acc;
    msg_err err = app_target_account(a, name, &acc, why);
    if (err != MSG_OK) return err;
    if ((int)acc.role >= by->role) {
        APP_WHY(why, "you cannot act on someone whose role is equal to or above yours");
        return MSG_ERR_NOT_PERMITTED;
    }
    bool timed_known = false;
    for (uint32_t i = 0; i < a->ban_count; i++) timed_known |= a->bans[i].account_id == acc.id;
    if (seconds && !timed_known && a->ban_count == APP_TIMED_BANS) {
        APP_WHY(why, "too many timed bans at once; ban for ever (0) and unban later");
        return MSG_ERR_SERVER_FULL;
    }
    store_err e = store_ban(a->st, acc.id, reason);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: ban %s: %s", name, store_err_str(e));
        return app_err_from_store(e);
    }
    app_timed_ban_remove(a, acc.id);
    if (seconds) a->bans[a->ban_count++] = (app_timed_ban){acc.id, a->now_ms + seconds * 1000LL};
    app_logf(a, 1, "app: %s banned %s%s", by->user >= 0 ? by->name : "console", acc.name,
             seconds ? " for a while" : "");

    int32_t u = app_user_by_name(a, acc.name);
    if (u >= 0 && a->users[u].account_id != acc.id) u = -1;
    app_event_to_rooms(a, &acc, u, MSG_MEMBER_EV_BANNED, by->name, seconds, reason);
    if (u >= 0) {
        msg notice;
        app_notice(&notice, MSG_NOTICE_BANNED, 0, by->name, seconds, reason);
        app_user_close(a, u, &notice);
    }
    return MSG_OK;
}

msg_err app_unban(app *a, const app_actor *by, const char *name, const char **why)
{
    if (by->role < STORE_ROLE_ADMIN) {
        APP_WHY(why, "only admins and the owner can unban");
        return MSG_ERR_NOT_PERMITTED;
    }
    store_account acc;
    msg_err err = app_target_account(a, name, &acc, why);
    if (err != MSG_OK) return err;
    store_err e = store_unban(a->st, acc.id);
    if (e != STORE_OK) return app_err_from_store(e);
    app_timed_ban_remove(a, acc.id);
    app_logf(a, 1, "app: %s unbanned %s", by->user >= 0 ? by->name : "console", acc.name);
    return MSG_OK;
}

/* Roles. ---------------------------------------------------------------------------------- */

msg_err app_role_set(app *a, const app_actor *by, const char *name, int role, const char **why)
{
    if (by->role < STORE_ROLE_ADMIN) {
        APP_WHY(why, "only admins and the owner can grant roles");
        return MSG_ERR_NOT_PERMITTED;
    }
    if (role <= STORE_ROLE_GUEST || role > STORE_ROLE_OWNER) {
        APP_WHY(why, "an account's role is user, moderator, admin or owner");
        return MSG_ERR_BAD_REQUEST;
    }
    if (role > by->role) {
        APP_WHY(why, "you cannot grant a role above your own");
        return MSG_ERR_NOT_PERMITTED;
    }
    store_account acc;
    msg_err err = app_target_account(a, name, &acc, why);
    if (err != MSG_OK) return err;
    if ((int)acc.role >= by->role) {
        APP_WHY(why, "you cannot act on someone whose role is equal to or above yours");
        return MSG_ERR_NOT_PERMITTED;
    }
    store_err e = store_set_role(a->st, acc.id, (store_role)role);
    if (e == STORE_ERR_LAST_OWNER) APP_WHY(why, "the last owner cannot be demoted");
    if (e != STORE_OK) return app_err_from_store(e);
    acc.role = (store_role)role;
    int32_t u = app_user_by_name(a, acc.name);
    if (u >= 0 && a->users[u].account_id != acc.id) u = -1;
    if (u >= 0) a->users[u].role = role;
    app_event_to_rooms(a, &acc, u, MSG_MEMBER_EV_ROLE, by->name, 0, "");
    app_logf(a, 1, "app: %s made %s %s", by->user >= 0 ? by->name : "console", acc.name,
             store_role_name((store_role)role));
    return MSG_OK;
}

/* Mute. ----------------------------------------------------------------------------------- */

static void app_mute_events(app *a, int32_t u, const store_account *acc, uint32_t room_id,
                            const char *by, uint32_t seconds, const char *reason)
{
    msg m;
    app_msg_init(&m, MSG_MEMBER_EVENT, sizeof m.member_event);
    msg_member_event *ev = &m.member_event;
    ev->kind = seconds ? MSG_MEMBER_EV_MUTED : MSG_MEMBER_EV_UNMUTED;
    ev->room_id = room_id;
    if (u >= 0) {
        app_member_of(a, u, room_id, &ev->member);
    } else {
        app_member_offline(acc, &ev->member);
        ev->member.muted = seconds != 0;
    }
    app_copy(ev->by, sizeof ev->by, by);
    ev->seconds = seconds;
    app_copy(ev->reason, sizeof ev->reason, reason);
    app_send_room(a, room_id, &m, -1);
    if (u >= 0) {
        msg notice;
        app_notice(&notice, MSG_NOTICE_MUTED, room_id, by, seconds, reason);
        app_send_user(a, u, &notice);
    }
}

static msg_err app_mute(app *a, const app_actor *by, const msg_mute *m, const char **why)
{
    app_room *r = app_room_find(a, m->room_id);
    if (!r) return MSG_ERR_NO_SUCH_ROOM;
    int role = app_role_in(a, by, r);
    if (role < STORE_ROLE_MODERATOR) {
        APP_WHY(why, "only moderators, admins, the owner and the room's owner can mute");
        return MSG_ERR_NOT_PERMITTED;
    }
    if (!app_reason_ok(m->reason, why)) return MSG_ERR_INVALID_TEXT;
    int32_t u = app_user_by_name(a, m->name);
    store_account acc = {0};
    int target_role = STORE_ROLE_GUEST;
    if (u >= 0) {
        if (app_user_room_index(a, u, r->id) < 0) return MSG_ERR_NOT_IN_ROOM;
        target_role = a->users[u].role;
        acc.id = a->users[u].account_id;
    } else {
        msg_err err = app_target_account(a, m->name, &acc, why);
        if (err != MSG_OK) return err;
        bool member = false;
        store_is_member(a->st, acc.id, r->id, &member);
        if (!member) return MSG_ERR_NOT_IN_ROOM;
        target_role = (int)acc.role;
    }
    if (target_role >= role) {
        APP_WHY(why, "you cannot act on someone whose role is equal to or above yours");
        return MSG_ERR_NOT_PERMITTED;
    }
    int64_t until = m->seconds ? a->now_ms + m->seconds * 1000LL : 0;
    if (acc.id) {
        store_err e = m->seconds ? store_mute(a->st, acc.id, r->id, until)
                                 : store_unmute(a->st, acc.id, r->id);
        if (e != STORE_OK) {
            app_logf(a, 3, "app: mute %s: %s", m->name, store_err_str(e));
            return app_err_from_store(e);
        }
    }
    if (u >= 0) a->users[u].rooms[app_user_room_index(a, u, r->id)].muted_until = until;
    app_mute_events(a, u, &acc, r->id, by->name, m->seconds, m->reason);
    app_logf(a, 1, "app: %s %s %s in %s", by->name, m->seconds ? "muted" : "unmuted", m->name,
             r->name);
    return MSG_OK;
}

/* Messages. ------------------------------------------------------------------------------- */

static app_actor app_actor_of(const app *a, int32_t s)
{
    int32_t u = a->sessions[s].user;
    return (app_actor){u, a->users[u].role, a->users[u].name};
}

static void app_answer(app *a, int32_t s, uint32_t req, msg_err err, const char *why)
{
    app_result(a, s, req, err, 0, why);
}

void app_on_kick(app *a, int32_t s, const msg_kick *m)
{
    app_actor by = app_actor_of(a, s);
    const char *why = NULL;
    msg_err err = app_kick(a, &by, m->name, m->room_id, m->reason, &why);
    app_answer(a, s, m->req, err, why);
}

void app_on_ban(app *a, int32_t s, const msg_ban *m)
{
    app_actor by = app_actor_of(a, s);
    const char *why = NULL;
    msg_err err = app_ban(a, &by, m->name, m->seconds, m->reason, &why);
    app_answer(a, s, m->req, err, why);
}

void app_on_unban(app *a, int32_t s, const msg_unban *m)
{
    app_actor by = app_actor_of(a, s);
    const char *why = NULL;
    msg_err err = app_unban(a, &by, m->name, &why);
    app_answer(a, s, m->req, err, why);
}

void app_on_mute(app *a, int32_t s, const msg_mute *m)
{
    app_actor by = app_actor_of(a, s);
    const char *why = NULL;
    msg_err err = app_mute(a, &by, m, &why);
    app_answer(a, s, m->req, err, why);
}

void app_on_role_set(app *a, int32_t s, const msg_role_set *m)
{
    app_actor by = app_actor_of(a, s);
    const char *why = NULL;
    /* msg_role counts down from owner; store_role up from guest. */
    int role = STORE_ROLE_OWNER - (int)m->role;
    msg_err err = app_role_set(a, &by, m->name, role, &why);
    app_answer(a, s, m->req, err, why);
}

/* Expiry. --------------------------------------------------------------------------------- */

void app_mod_tick(app *a)
{
    for (uint32_t u = 0; u < a->user_hi; u++) {
        app_user *uu = &a->users[u];
        if (!uu->used) continue;
        for (uint32_t i = 0; i < uu->nrooms; i++) {
            app_user_room *ur = &uu->rooms[i];
            if (!ur->muted_until || ur->muted_until > a->now_ms) continue;
            ur->muted_until = 0;
            if (uu->account_id) store_unmute(a->st, uu->account_id, ur->room_id);
            store_account acc = {.id = uu->account_id};
            app_mute_events(a, (int32_t)u, &acc, ur->room_id, "", 0, "");
        }
    }
    for (uint32_t i = 0; i < a->ban_count;) {
        if (a->bans[i].until_ms > a->now_ms) {
            i++;
            continue;
        }
        int64_t id = a->bans[i].account_id;
        a->bans[i] = a->bans[--a->ban_count];
        store_err e = store_unban(a->st, id);
        app_logf(a, e == STORE_OK ? 1 : 3, "app: timed ban of account %lld ended%s%s",
                 (long long)id, e == STORE_OK ? "" : ": ", e == STORE_OK ? "" : store_err_str(e));
    }
}
