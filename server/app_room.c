/* app_room.c — rooms: the cache of stored rooms with live counts, entering and leaving them,
 * the lobby list, create / join / leave / delete / update, and room history pages. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_ROOM_PAGE 32 /* rooms read from the store at a time */

/* The cache. ------------------------------------------------------------------------------ */

static void app_room_fill(app_room *r, const store_room *sr)
{
    r->id = (uint32_t)sr->id;
    r->owner_id = sr->owner_id > 0 && sr->owner_id <= UINT32_MAX ? (uint32_t)sr->owner_id : 0;
    app_copy(r->name, sizeof r->name, sr->name);
    app_copy(r->topic, sizeof r->topic, sr->topic);
    r->is_private = sr->is_private;
}

/* Stored memberships, counted once at start; the app keeps the count after that. */
static bool app_room_count_members(app *a, app_room *r)
{
    int64_t after = 0;
    size_t n = 0;
    do {
        store_err e = store_room_members(a->st, r->id, after, a->members, MSG_MEMBERS_PER_MSG, &n);
        if (e != STORE_OK) {
            app_logf(a, 3, "app: members of room %u: %s", r->id, store_err_str(e));
            return false;
        }
        r->total += (uint32_t)n;
        if (n) after = a->members[n - 1].account_id;
    } while (n == MSG_MEMBERS_PER_MSG);
    return true;
}

bool app_rooms_load(app *a)
{
    store_room page[APP_ROOM_PAGE];
    size_t n = 0;
    int64_t after = 0;
    uint32_t stored = 0;
    do {
        store_err e = store_room_list(a->st, after, page, APP_ROOM_PAGE, &n);
        if (e != STORE_OK) {
            app_logf(a, 3, "app: cannot list rooms: %s", store_err_str(e));
            return false;
        }
        stored += (uint32_t)n;
        if (n) after = page[n - 1].id;
    } while (n == APP_ROOM_PAGE);
    a->room_cap = stored + APP_ROOMS_HEADROOM;
    a->rooms = calloc(a->room_cap, sizeof *a->rooms);
    if (!a->rooms) {
        app_logf(a, 3, "app: out of memory for %u rooms", a->room_cap);
        return false;
    }
    after = 0;
    do {
        if (store_room_list(a->st, after, page, APP_ROOM_PAGE, &n) != STORE_OK) return false;
        for (size_t i = 0; i < n && a->room_count < a->room_cap; i++) {
            if (page[i].id <= 0 || page[i].id > UINT32_MAX) {
                app_logf(a, 2, "app: room id %lld does not fit the protocol; skipped",
                         (long long)page[i].id);
                continue;
            }
            app_room *r = &a->rooms[a->room_count++];
            app_room_fill(r, &page[i]);
            if (!app_room_count_members(a, r)) return false;
        }
        if (n) after = page[n - 1].id;
    } while (n == APP_ROOM_PAGE);
    return true;
}

app_room *app_room_find(app *a, uint32_t room_id)
{
    uint32_t lo = 0, hi = a->room_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (a->rooms[mid].id < room_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->room_count && a->rooms[lo].id == room_id ? &a->rooms[lo] : NULL;
}

app_room *app_room_by_name(app *a, const char *name)
{
    /* The store compares room names without regard to ASCII case; so does this. */
    for (uint32_t i = 0; i < a->room_count; i++)
        if (app_name_eq(a->rooms[i].name, name)) return &a->rooms[i];
    return NULL;
}

static app_room *app_room_insert(app *a, const store_room *sr)
{
    if (a->room_count >= a->room_cap || sr->id <= 0 || sr->id > UINT32_MAX) return NULL;
    uint32_t at = a->room_count;
    while (at > 0 && a->rooms[at - 1].id > (uint32_t)sr->id) at--;
    memmove(&a->rooms[at + 1], &a->rooms[at], (a->room_count - at) * sizeof *a->rooms);
    a->room_count++;
    app_room *r = &a->rooms[at];
    memset(r, 0, sizeof *r);
    app_room_fill(r, sr);
    return r;
}

static void app_room_remove(app *a, app_room *r)
{
    uint32_t at = (uint32_t)(r - a->rooms);
    memmove(&a->rooms[at], &a->rooms[at + 1], (a->room_count - at - 1) * sizeof *a->rooms);
    a->room_count--;
}

int app_user_room_index(const app *a, int32_t u, uint32_t room_id)
{
    const app_user *uu = &a->users[u];
    for (uint32_t i = 0; i < uu->nrooms; i++)
        if (uu->rooms[i].room_id == room_id) return (int)i;
    return -1;
}

/* Live counts. ---------------------------------------------------------------------------- */

static void app_counts_send(app *a, app_room *r)
{
    msg m;
    app_msg_init(&m, MSG_ROOM_EVENT, sizeof m.room_event);
    m.room_event.kind = MSG_ROOM_EV_UPDATED;
    app_room_info(a, r, false, &m.room_event.room);
    r->counts_sent_ms = a->now_ms;
    r->counts_dirty = false;
    app_send_lobby(a, r, &m);
}

/* True when the last live-count event went out long enough ago (or the clock went back). */
static bool app_counts_due(const app *a, const app_room *r)
{
    int64_t since = a->now_ms - r->counts_sent_ms;
    return since >= APP_COUNT_EVENT_MS || since < 0;
}

void app_counts_changed(app *a, app_room *r)
{
    if (app_counts_due(a, r))
        app_counts_send(a, r);
    else
        r->counts_dirty = true;
}

void app_rooms_tick(app *a)
{
    for (uint32_t i = 0; i < a->room_count; i++) {
        app_room *r = &a->rooms[i];
        if (r->counts_dirty && app_counts_due(a, r)) app_counts_send(a, r);
    }
}

/* Entering and leaving. ------------------------------------------------------------------- */

static void app_member_event(app *a, int32_t u, const app_room *r, msg_member_event_kind kind)
{
    msg m;
    app_msg_init(&m, MSG_MEMBER_EVENT, sizeof m.member_event);
    m.member_event.kind = kind;
    m.member_event.room_id = r->id;
    app_member_of(a, u, r->id, &m.member_event.member);
    app_send_room(a, r->id, &m, u);
}

msg_err app_room_enter(app *a, int32_t u, app_room *r, bool announce)
{
    app_user *uu = &a->users[u];
    if (app_user_room_index(a, u, r->id) >= 0) return MSG_OK;
    if (uu->nrooms >= APP_ROOMS_PER_USER) return MSG_ERR_NOT_PERMITTED;
    int64_t until = 0;
    if (uu->account_id) {
        bool member = false;
        store_err e = store_is_member(a->st, uu->account_id, r->id, &member);
        if (e == STORE_OK && !member) e = store_member_add(a->st, uu->account_id, r->id, a->now_ms);
        if (e == STORE_OK) e = store_muted_until(a->st, uu->account_id, r->id, a->now_ms, &until);
        if (e != STORE_OK) {
            app_logf(a, 3, "app: %s entering %s: %s", uu->name, r->name, store_err_str(e));
            return MSG_ERR_INTERNAL;
        }
        if (!member) r->total++;
    } else {
        r->total++;
        for (uint32_t i = 0; i < APP_GUEST_MUTES; i++) {
            app_user_room *gm = &uu->guest_mutes[i];
            if (gm->room_id == r->id) {
                if (gm->muted_until > a->now_ms) until = gm->muted_until;
                *gm = (app_user_room){0, 0};
            }
        }
    }
    uu->rooms[uu->nrooms++] = (app_user_room){r->id, until};
    if (app_visible(a, u) != MSG_STATUS_OFFLINE) r->online++;
    /* An invisible user's comings and goings are not announced: they would give it away. */
    if (announce && uu->status != MSG_STATUS_INVISIBLE)
        app_member_event(a, u, r, MSG_MEMBER_EV_JOINED);
    app_counts_changed(a, r);
    return MSG_OK;
}

void app_room_exit(app *a, int32_t u, app_room *r, bool persist, bool announce)
{
    app_user *uu = &a->users[u];
    int i = app_user_room_index(a, u, r->id);
    if (i < 0) return;
    if (announce && uu->status != MSG_STATUS_INVISIBLE)
        app_member_event(a, u, r, MSG_MEMBER_EV_LEFT);
    if (app_visible(a, u) != MSG_STATUS_OFFLINE && r->online) r->online--;
    if (uu->account_id) {
        if (persist) {
            store_err e = store_member_remove(a->st, uu->account_id, r->id);
            if (e == STORE_OK && r->total) r->total--;
            if (e != STORE_OK && e != STORE_ERR_NOT_MEMBER)
                app_logf(a, 3, "app: %s leaving %s: %s", uu->name, r->name, store_err_str(e));
        }
    } else {
        if (r->total) r->total--;
        int64_t until = uu->rooms[i].muted_until;
        if (until > a->now_ms) {
            /* Keep it: a free slot, else the one ending soonest. */
            app_user_room *slot = &uu->guest_mutes[0];
            for (uint32_t k = 0; k < APP_GUEST_MUTES; k++) {
                app_user_room *gm = &uu->guest_mutes[k];
                if (gm->muted_until <= a->now_ms) {
                    slot = gm;
                    break;
                }
                if (gm->muted_until < slot->muted_until) slot = gm;
            }
            *slot = (app_user_room){r->id, until};
        }
    }
    uu->rooms[i] = uu->rooms[--uu->nrooms];
    app_counts_changed(a, r);
}

/* Requests. ------------------------------------------------------------------------------- */

static int32_t app_user_of(const app *a, int32_t s)
{
    return a->sessions[s].user;
}

void app_on_room_list(app *a, int32_t s, const msg_request *m)
{
    int32_t u = app_user_of(a, s);
    bool sees_private = a->users[u].role >= STORE_ROLE_ADMIN;
    msg out;
    app_msg_init(&out, MSG_ROOM_LIST_ITEMS, sizeof out.room_list_items);
    msg_room_list_items *li = &out.room_list_items;
    li->req = m->req;
    for (uint32_t i = 0; i < a->room_count; i++) {
        const app_room *r = &a->rooms[i];
        bool joined = app_user_room_index(a, u, r->id) >= 0;
        if (r->is_private && !joined && !sees_private) continue;
        app_room_info(a, r, joined, &li->rooms[li->count++]);
        if (li->count == MSG_ROOMS_PER_MSG) {
            app_send(a, s, &out);
            li->count = 0;
        }
    }
    li->last = true;
    app_send(a, s, &out);
    app_result(a, s, m->req, MSG_OK, 0, NULL);
}

static void app_room_full_text(char *text, size_t cap)
{
    snprintf(text, cap, "you are in %d rooms, the most one user may be in; leave one first",
             APP_ROOMS_PER_USER);
}

void app_on_room_create(app *a, int32_t s, const msg_room_create *m)
{
    int32_t u = app_user_of(a, s);
    app_user *uu = &a->users[u];
    char text[MSG_ERROR_TEXT_MAX + 1];
    if (!uu->account_id) {
        app_result(a, s, m->req, MSG_ERR_NOT_PERMITTED, 0,
                   "guests cannot create rooms; register an account");
        return;
    }
    store_err e = store_check_room_name(m->name);
    if (e != STORE_OK) {
        app_result(a, s, m->req, MSG_ERR_INVALID_NAME, 0, store_err_str(e));
        return;
    }
    if (!app_text_clean(m->topic, false)) {
        app_result(a, s, m->req, MSG_ERR_INVALID_TEXT, 0, "the topic holds control characters");
        return;
    }
    if (m->is_private && store_check_password(m->password) != STORE_OK) {
        snprintf(text, sizeof text, "a private room needs a password of at least %u bytes",
                 MSG_PASSWORD_MIN);
        app_result(a, s, m->req, MSG_ERR_WEAK_PASSWORD, 0, text);
        return;
    }
    if (!m->is_private && m->password[0]) {
        app_result(a, s, m->req, MSG_ERR_BAD_REQUEST, 0,
                   "a public room takes no password; make it private or leave it empty");
        return;
    }
    if (uu->nrooms >= APP_ROOMS_PER_USER) {
        app_room_full_text(text, sizeof text);
        app_result(a, s, m->req, MSG_ERR_NOT_PERMITTED, 0, text);
        return;
    }
    if (app_room_by_name(a, m->name)) {
        app_result(a, s, m->req, MSG_ERR_ALREADY_EXISTS, 0, "a room with that name exists");
        return;
    }
    if (a->room_count >= a->room_cap) {
        snprintf(text, sizeof text, "this server holds at most %u rooms; delete one first",
                 a->room_cap);
        app_result(a, s, m->req, MSG_ERR_SERVER_FULL, 0, text);
        return;
    }
    store_room sr;
    e = store_room_create(a->st, m->name, m->topic, m->is_private ? m->password : NULL,
                          uu->account_id, a->now_ms, &sr);
    app_room *r = e == STORE_OK ? app_room_insert(a, &sr) : NULL;
    if (!r) {
        msg_err err = e == STORE_OK ? MSG_ERR_INTERNAL : app_err_from_store(e);
        app_logf(a, err == MSG_ERR_INTERNAL ? 3 : 0, "app: create room %s: %s", m->name,
                 store_err_str(e));
        if (e == STORE_OK) store_room_delete(a->st, sr.id);
        app_result(a, s, m->req, err, 0, err == MSG_ERR_INTERNAL ? NULL : store_err_str(e));
        return;
    }
    /* CREATED carries the counts, so no UPDATED goes before or after it. */
    r->counts_sent_ms = a->now_ms;
    app_room_enter(a, u, r, false);
    r->counts_dirty = false;
    msg ev;
    app_msg_init(&ev, MSG_ROOM_EVENT, sizeof ev.room_event);
    ev.room_event.kind = MSG_ROOM_EV_CREATED;
    app_room_info(a, r, false, &ev.room_event.room);
    app_send_lobby(a, r, &ev);
    app_result(a, s, m->req, MSG_OK, r->id, NULL);
    app_logf(a, 1, "app: %s created room %s (%u)%s", uu->name, r->name, r->id,
             r->is_private ? ", private" : "");
}

/* The answer to ROOM_JOIN: the room, its members, RESULT, then its recent history. */
static void app_send_join(app *a, int32_t s, uint32_t req, const app_room *r)
{
    msg out;
    app_msg_init(&out, MSG_ROOM_LIST_ITEMS, sizeof out.room_list_items);
    out.room_list_items.req = req;
    out.room_list_items.last = true;
    out.room_list_items.count = 1;
    app_room_info(a, r, true, &out.room_list_items.rooms[0]);
    app_send(a, s, &out);
    app_send_member_list(a, s, req, r);
    app_result(a, s, req, MSG_OK, r->id, NULL);
    app_send_history(a, s, req, r->id, 0, MSG_HISTORY_PAGE);
}

void app_on_room_join(app *a, int32_t s, const msg_room_join *m)
{
    int32_t u = app_user_of(a, s);
    app_user *uu = &a->users[u];
    app_room *r = m->room_id ? app_room_find(a, m->room_id) : app_room_by_name(a, m->name);
    if (!r) {
        app_result(a, s, m->req, MSG_ERR_NO_SUCH_ROOM, 0, NULL);
        return;
    }
    /* Joining a room one is in answers like a join (how a client learns about the rooms it
     * was put back in at login), without a password and without events. */
    if (app_user_room_index(a, u, r->id) < 0) {
        if (r->is_private && uu->role < STORE_ROLE_ADMIN) {
            store_err e = store_room_check_password(a->st, r->id, m->password);
            if (e != STORE_OK) {
                msg_err err = app_err_from_store(e);
                app_result(a, s, m->req, err, 0,
                           err != MSG_ERR_WRONG_PASSWORD ? NULL
                           : m->password[0]              ? "wrong password for this private room"
                                            : "this room is private: give its password");
                return;
            }
        }
        msg_err err = app_room_enter(a, u, r, true);
        if (err != MSG_OK) {
            char text[MSG_ERROR_TEXT_MAX + 1];
            app_room_full_text(text, sizeof text);
            app_result(a, s, m->req, err, 0, err == MSG_ERR_NOT_PERMITTED ? text : NULL);
            return;
        }
    }
    app_send_join(a, s, m->req, r);
}

void app_on_room_leave(app *a, int32_t s, const msg_room_request *m)
{
    int32_t u = app_user_of(a, s);
    app_room *r = app_room_find(a, m->room_id);
    if (!r) {
        app_result(a, s, m->req, MSG_ERR_NO_SUCH_ROOM, 0, NULL);
        return;
    }
    if (app_user_room_index(a, u, r->id) < 0) {
        app_result(a, s, m->req, MSG_ERR_NOT_IN_ROOM, 0, NULL);
        return;
    }
    app_room_exit(a, u, r, true, true);
    app_result(a, s, m->req, MSG_OK, r->id, NULL);
}

/* The room's owner, admins and the server's owners. */
static bool app_may_manage(const app *a, int32_t u, const app_room *r)
{
    const app_user *uu = &a->users[u];
    return uu->role >= STORE_ROLE_ADMIN || (uu->account_id && r->owner_id == uu->account_id);
}

void app_on_room_delete(app *a, int32_t s, const msg_room_request *m)
{
    int32_t u = app_user_of(a, s);
    app_room *r = app_room_find(a, m->room_id);
    if (!r) {
        app_result(a, s, m->req, MSG_ERR_NO_SUCH_ROOM, 0, NULL);
        return;
    }
    if (r->id == STORE_GENERAL_ID) {
        app_result(a, s, m->req, MSG_ERR_NOT_PERMITTED, 0, "General cannot be deleted");
        return;
    }
    if (!app_may_manage(a, u, r)) {
        app_result(a, s, m->req, MSG_ERR_NOT_PERMITTED, 0,
                   "only the room's owner or an admin can delete it");
        return;
    }
    store_err e = store_room_delete(a->st, r->id);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: delete room %u: %s", r->id, store_err_str(e));
        app_result(a, s, m->req, app_err_from_store(e), 0, NULL);
        return;
    }
    uint32_t id = r->id;
    msg ev;
    app_msg_init(&ev, MSG_ROOM_EVENT, sizeof ev.room_event);
    ev.room_event.kind = MSG_ROOM_EV_DELETED;
    app_room_info(a, r, false, &ev.room_event.room);
    app_send_lobby(a, r, &ev); /* a private room's members are still listed here */
    for (uint32_t v = 0; v < a->user_hi; v++) {
        app_user *vv = &a->users[v];
        if (!vv->used) continue;
        int i = app_user_room_index(a, (int32_t)v, id);
        if (i >= 0) vv->rooms[i] = vv->rooms[--vv->nrooms]; /* the store dropped the rest */
        /* A later room may get the same id: a guest's old mute must not carry over. */
        for (uint32_t k = 0; k < APP_GUEST_MUTES; k++)
            if (vv->guest_mutes[k].room_id == id) vv->guest_mutes[k] = (app_user_room){0, 0};
    }
    app_logf(a, 1, "app: %s deleted room %s (%u)", a->users[u].name, r->name, id);
    app_room_remove(a, r);
    app_result(a, s, m->req, MSG_OK, id, NULL);
}

void app_on_room_update(app *a, int32_t s, const msg_room_update *m)
{
    int32_t u = app_user_of(a, s);
    app_room *r = app_room_find(a, m->room_id);
    if (!r) {
        app_result(a, s, m->req, MSG_ERR_NO_SUCH_ROOM, 0, NULL);
        return;
    }
    if (!app_may_manage(a, u, r)) {
        app_result(a, s, m->req, MSG_ERR_NOT_PERMITTED, 0,
                   "only the room's owner or an admin can change it");
        return;
    }
    if (m->is_private != r->is_private || m->password[0]) {
        app_result(a, s, m->req, MSG_ERR_BAD_REQUEST, 0,
                   "a room's privacy and password cannot be changed yet; only its topic");
        return;
    }
    if (!app_text_clean(m->topic, false)) {
        app_result(a, s, m->req, MSG_ERR_INVALID_TEXT, 0, "the topic holds control characters");
        return;
    }
    store_err e = store_room_set_topic(a->st, r->id, m->topic);
    if (e != STORE_OK) {
        app_result(a, s, m->req, app_err_from_store(e), 0, store_err_str(e));
        return;
    }
    app_copy(r->topic, sizeof r->topic, m->topic);
    msg ev;
    app_msg_init(&ev, MSG_ROOM_EVENT, sizeof ev.room_event);
    ev.room_event.kind = MSG_ROOM_EV_UPDATED;
    app_room_info(a, r, false, &ev.room_event.room);
    app_send_lobby(a, r, &ev);
    app_result(a, s, m->req, MSG_OK, r->id, NULL);
}

void app_send_history(app *a, int32_t s, uint32_t req, uint32_t room_id, uint64_t before_id,
                      uint32_t count)
{
    if (count > MSG_HISTORY_PAGE) count = MSG_HISTORY_PAGE;
    if (before_id > INT64_MAX) before_id = 0; /* beyond every id: the newest */
    size_t got = 0;
    store_err e = store_history(a->st, room_id, (int64_t)before_id, a->history, count + 1u, &got);
    msg end;
    app_msg_init(&end, MSG_HISTORY_END, sizeof end.history_end);
    end.history_end.req = req;
    end.history_end.room_id = room_id;
    if (e != STORE_OK) {
        app_logf(a, 3, "app: history of room %u: %s", room_id, store_err_str(e));
        end.history_end.err = MSG_ERR_INTERNAL;
        app_send(a, s, &end);
        return;
    }
    /* One more than asked for was read: it says whether older ones exist. */
    bool more = got > count;
    msg cm;
    app_msg_init(&cm, MSG_CHAT_MESSAGE, sizeof cm.chat_message);
    for (size_t i = more ? 1 : 0; i < got; i++) {
        app_chat_from_store(&a->history[i], NULL, true, &cm.chat_message);
        app_send(a, s, &cm);
    }
    end.history_end.more = more;
    app_send(a, s, &end);
}
