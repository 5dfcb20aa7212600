/* app_presence.c — who is there and how they look to others: status changes and PRESENCE,
 * room member lists (online and offline members) and user search. An invisible user is
 * offline in every one of them. */
#include "app_internal.h"

#include <string.h>

static void app_presence_send(app *a, int32_t u)
{
    const app_user *uu = &a->users[u];
    msg m;
    app_msg_init(&m, MSG_PRESENCE, sizeof m.presence);
    m.presence.user_id = uu->id;
    app_copy(m.presence.name, sizeof m.presence.name, uu->name);
    m.presence.status = app_visible(a, u);
    if (m.presence.status != MSG_STATUS_OFFLINE)
        app_copy(m.presence.text, sizeof m.presence.text, uu->status_text);
    app_send_sharers(a, u, &m);
}

void app_visibility_changed(app *a, int32_t u, msg_status before)
{
    msg_status after = app_visible(a, u);
    if (before == after) return;
    bool was = before != MSG_STATUS_OFFLINE, is = after != MSG_STATUS_OFFLINE;
    if (was != is) {
        const app_user *uu = &a->users[u];
        for (uint32_t i = 0; i < uu->nrooms; i++) {
            app_room *r = app_room_find(a, uu->rooms[i].room_id);
            if (!r) continue;
            if (is)
                r->online++;
            else if (r->online)
                r->online--;
            app_counts_changed(a, r);
        }
    }
    app_presence_send(a, u);
}

void app_on_status_set(app *a, int32_t s, const msg_status_set *m)
{
    int32_t u = a->sessions[s].user;
    app_user *uu = &a->users[u];
    if (m->status < MSG_STATUS_ONLINE || m->status > MSG_STATUS_INVISIBLE) {
        app_result(a, s, m->req, MSG_ERR_BAD_REQUEST, 0, "status must be online..invisible");
        return;
    }
    if (!app_text_clean(m->text, false)) {
        app_result(a, s, m->req, MSG_ERR_INVALID_TEXT, 0,
                   "the status text holds control characters");
        return;
    }
    if (m->status == MSG_STATUS_INVISIBLE && !uu->account_id) {
        /* A guest exists only while online: listed as offline it would still give itself away. */
        app_result(a, s, m->req, MSG_ERR_NOT_PERMITTED, 0,
                   "guests cannot be invisible; register an account");
        return;
    }
    msg_status before = app_visible(a, u);
    bool text_changed = strcmp(uu->status_text, m->text) != 0;
    uu->status = m->status;
    app_copy(uu->status_text, sizeof uu->status_text, m->text);
    if (app_visible(a, u) != before)
        app_visibility_changed(a, u, before);
    else if (text_changed && before != MSG_STATUS_OFFLINE)
        app_presence_send(a, u);
    app_result(a, s, m->req, MSG_OK, 0, NULL);
}

/* Member lists. --------------------------------------------------------------------------- */

static void app_member_from_store(app *a, const store_member *sm, uint32_t room_id, msg_member *out)
{
    int32_t u = app_user_by_name(a, sm->name);
    if (u >= 0 && a->users[u].account_id == sm->account_id) {
        app_member_of(a, u, room_id, out);
        return;
    }
    memset(out, 0, sizeof *out);
    out->user_id = (uint32_t)sm->account_id;
    app_copy(out->name, sizeof out->name, sm->name);
    out->role = app_msg_role((int)sm->role);
    out->status = MSG_STATUS_OFFLINE;
    int64_t until = 0;
    store_muted_until(a->st, sm->account_id, room_id, a->now_ms, &until);
    out->muted = until > 0;
}

static void app_member_add(app *a, int32_t s, msg *out)
{
    if (out->member_list.count < MSG_MEMBERS_PER_MSG) return;
    app_send(a, s, out);
    out->member_list.count = 0;
}

void app_send_member_list(app *a, int32_t s, uint32_t req, const app_room *r)
{
    msg out;
    app_msg_init(&out, MSG_MEMBER_LIST, sizeof out.member_list);
    msg_member_list *ml = &out.member_list;
    ml->req = req;
    ml->room_id = r->id;
    /* Accounts from the store (online or not), then the guests in the room. */
    int64_t after = 0;
    size_t n = 0;
    do {
        store_err e = store_room_members(a->st, r->id, after, a->members, MSG_MEMBERS_PER_MSG, &n);
        if (e != STORE_OK) {
            app_logf(a, 3, "app: members of room %u: %s", r->id, store_err_str(e));
            break;
        }
        for (size_t i = 0; i < n; i++) {
            app_member_from_store(a, &a->members[i], r->id, &ml->members[ml->count++]);
            app_member_add(a, s, &out);
        }
        if (n) after = a->members[n - 1].account_id;
    } while (n == MSG_MEMBERS_PER_MSG);
    for (uint32_t u = 0; u < a->user_hi; u++) {
        const app_user *uu = &a->users[u];
        if (!uu->used || uu->account_id || app_user_room_index(a, (int32_t)u, r->id) < 0) continue;
        app_member_of(a, (int32_t)u, r->id, &ml->members[ml->count++]);
        app_member_add(a, s, &out);
    }
    ml->last = true;
    app_send(a, s, &out);
}

void app_on_members(app *a, int32_t s, const msg_room_request *m)
{
    app_room *r = app_room_find(a, m->room_id);
    if (!r) {
        app_result(a, s, m->req, MSG_ERR_NO_SUCH_ROOM, 0, NULL);
        return;
    }
    if (app_user_room_index(a, a->sessions[s].user, r->id) < 0) {
        app_result(a, s, m->req, MSG_ERR_NOT_IN_ROOM, 0, NULL);
        return;
    }
    app_send_member_list(a, s, m->req, r);
    app_result(a, s, m->req, MSG_OK, r->id, NULL);
}

/* Search. --------------------------------------------------------------------------------- */

static char app_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool app_name_contains(const char *name, const char *query)
{
    size_t q = strlen(query);
    for (const char *p = name;; p++) {
        size_t i = 0;
        while (i < q && p[i] && app_lower(p[i]) == app_lower(query[i])) i++;
        if (i == q) return true;
        if (!*p) return false;
    }
}

static void app_user_info(app *a, uint32_t id, const char *name, int role, int32_t u,
                          msg_user_info *out)
{
    memset(out, 0, sizeof *out);
    out->user_id = id;
    app_copy(out->name, sizeof out->name, name);
    out->role = app_msg_role(role);
    out->status = u >= 0 ? app_visible(a, u) : MSG_STATUS_OFFLINE;
}

void app_on_user_search(app *a, int32_t s, const msg_user_search *m)
{
    if (!app_text_clean(m->query, false)) {
        app_result(a, s, m->req, MSG_ERR_INVALID_TEXT, 0, "the query holds control characters");
        return;
    }
    size_t n = 0;
    store_err e = store_account_search(a->st, m->query, a->accounts, MSG_SEARCH_MAX + 1, &n);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: search: %s", store_err_str(e));
        app_result(a, s, m->req, app_err_from_store(e), 0, NULL);
        return;
    }
    msg out;
    app_msg_init(&out, MSG_USER_SEARCH_RESULT, sizeof out.user_search_result);
    msg_user_search_result *r = &out.user_search_result;
    r->req = m->req;
    for (size_t i = 0; i < n; i++) {
        const store_account *acc = &a->accounts[i];
        if (r->count == MSG_SEARCH_MAX) {
            r->more = true;
            break;
        }
        int32_t u = app_user_by_name(a, acc->name);
        if (u >= 0 && a->users[u].account_id != acc->id) u = -1;
        app_user_info(a, (uint32_t)acc->id, acc->name, (int)acc->role, u, &r->users[r->count++]);
    }
    for (uint32_t u = 0; u < a->user_hi && !r->more; u++) {
        const app_user *uu = &a->users[u];
        if (!uu->used || uu->account_id || !app_name_contains(uu->name, m->query)) continue;
        if (r->count == MSG_SEARCH_MAX) {
            r->more = true;
            break;
        }
        app_user_info(a, uu->id, uu->name, uu->role, (int32_t)u, &r->users[r->count++]);
    }
    app_send(a, s, &out);
    app_result(a, s, m->req, MSG_OK, 0, NULL);
}
