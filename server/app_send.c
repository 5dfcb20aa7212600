/* app_send.c — encodes messages once and delivers them to a session, a user's sessions, a
 * room, the lobby or everyone sharing a room; and builds the records they carry, where an
 * invisible or disconnected user always reads as offline. */
#include "app_internal.h"

#include <assert.h>
#include <string.h>

bool app_wire_encode(app *a, const msg *m, app_wire *w)
{
    if (!msg_encode(m, w->buf, sizeof w->buf, &w->len)) {
        /* Every field is checked before it gets here, so this is our bug: say so loudly. */
        app_logf(a, 3, "app: cannot encode %s; not sent", msg_type_name(m->type));
        return false;
    }
    w->channel = msg_channel(m->type);
    return true;
}

void app_wire_to_session(app *a, int32_t s, const app_wire *w)
{
    const app_session *ss = &a->sessions[s];
    if (ss->state == APP_S_FREE || ss->state == APP_S_CLOSING) return;
    a->stats.messages_out++;
    a->cfg.send(a->cfg.user, ss->handle, w->channel, w->buf, w->len);
}

void app_wire_to_user(app *a, int32_t u, const app_wire *w, int32_t except_session)
{
    const app_user *uu = &a->users[u];
    for (uint32_t i = 0; i < uu->nsessions; i++)
        if (uu->sessions[i] != except_session) app_wire_to_session(a, uu->sessions[i], w);
}

void app_send(app *a, int32_t s, const msg *m)
{
    app_wire w;
    if (app_wire_encode(a, m, &w)) app_wire_to_session(a, s, &w);
}

void app_send_user(app *a, int32_t u, const msg *m)
{
    app_wire w;
    if (app_wire_encode(a, m, &w)) app_wire_to_user(a, u, &w, -1);
}

void app_send_room(app *a, uint32_t room_id, const msg *m, int32_t except_user)
{
    app_wire w;
    if (!app_wire_encode(a, m, &w)) return;
    for (uint32_t u = 0; u < a->user_hi; u++) {
        const app_user *uu = &a->users[u];
        if (!uu->used || !uu->nsessions || (int32_t)u == except_user) continue;
        if (app_user_room_index(a, (int32_t)u, room_id) >= 0)
            app_wire_to_user(a, (int32_t)u, &w, -1);
    }
}

void app_send_lobby(app *a, const app_room *r, const msg *m)
{
    if (r && r->is_private) {
        app_send_room(a, r->id, m, -1);
        return;
    }
    app_wire w;
    if (!app_wire_encode(a, m, &w)) return;
    for (uint32_t s = 0; s < a->session_cap; s++)
        if (a->sessions[s].state == APP_S_LOGGED_IN) app_wire_to_session(a, (int32_t)s, &w);
}

static bool app_users_share(const app *a, int32_t u, int32_t v)
{
    const app_user *uu = &a->users[u];
    for (uint32_t i = 0; i < uu->nrooms; i++)
        if (app_user_room_index(a, v, uu->rooms[i].room_id) >= 0) return true;
    return false;
}

void app_send_sharers(app *a, int32_t u, const msg *m)
{
    app_wire w;
    if (!app_wire_encode(a, m, &w)) return;
    for (uint32_t v = 0; v < a->user_hi; v++) {
        const app_user *vv = &a->users[v];
        if (!vv->used || !vv->nsessions || (int32_t)v == u) continue;
        if (app_users_share(a, u, (int32_t)v)) app_wire_to_user(a, (int32_t)v, &w, -1);
    }
}

msg_status app_visible(const app *a, int32_t u)
{
    const app_user *uu = &a->users[u];
    if (!uu->nsessions || uu->status == MSG_STATUS_INVISIBLE) return MSG_STATUS_OFFLINE;
    return uu->status;
}

void app_room_info(const app *a, const app_room *r, bool joined, msg_room_info *out)
{
    (void)a;
    memset(out, 0, sizeof *out);
    out->room_id = r->id;
    out->owner_id = r->owner_id;
    app_copy(out->name, sizeof out->name, r->name);
    app_copy(out->topic, sizeof out->topic, r->topic);
    out->is_private = r->is_private;
    out->joined = joined;
    out->online = r->online;
    out->total = r->total;
}

void app_member_of(const app *a, int32_t u, uint32_t room_id, msg_member *out)
{
    const app_user *uu = &a->users[u];
    memset(out, 0, sizeof *out);
    out->user_id = uu->id;
    app_copy(out->name, sizeof out->name, uu->name);
    out->role = app_msg_role(uu->role);
    out->status = app_visible(a, u);
    int i = room_id ? app_user_room_index(a, u, room_id) : -1;
    out->muted = i >= 0 && uu->rooms[i].muted_until > a->now_ms;
    if (out->status != MSG_STATUS_OFFLINE)
        app_copy(out->status_text, sizeof out->status_text, uu->status_text);
}

void app_chat_from_store(const store_message *sm, const char *to_name, bool history,
                         msg_chat_message *out)
{
    memset(out, 0, sizeof *out);
    out->server_id = (uint64_t)sm->id;
    out->timestamp_ms = sm->time_ms > 0 ? (uint64_t)sm->time_ms : 0;
    out->client_msg_id = sm->client_id;
    out->room_id = (uint32_t)sm->room_id;
    out->sender_id = (uint32_t)sm->sender_id; /* 0: a guest (guest ids are not stored) */
    app_copy(out->sender, sizeof out->sender, sm->sender_name);
    out->to_id = (uint32_t)sm->to_id;
    out->dm = sm->to_id != 0;
    if (out->dm && to_name) app_copy(out->to, sizeof out->to, to_name);
    out->history = history;
    out->edited = sm->edited;
    out->deleted = sm->deleted;
    app_copy(out->text, sizeof out->text, sm->text);
    out->note_ms = sm->note_ms; /* a voice note (app_note.c) */
}
