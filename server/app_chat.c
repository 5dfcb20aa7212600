/* app_chat.c — chat: room messages and direct messages stored and delivered once (resends
 * with the same client_msg_id are acknowledged as duplicates and not delivered again), DMs
 * that wait for an offline recipient, edits, deletes, history pages and typing. */
#include "app_internal.h"

#include <string.h>

static void app_ack(app *a, int32_t s, uint64_t client_id, msg_err err, uint64_t server_id,
                    int64_t time_ms, bool duplicate)
{
    msg m;
    app_msg_init(&m, MSG_CHAT_ACK, sizeof m.chat_ack);
    m.chat_ack.client_msg_id = client_id;
    m.chat_ack.err = err;
    m.chat_ack.server_id = server_id;
    m.chat_ack.timestamp_ms = time_ms > 0 ? (uint64_t)time_ms : 0;
    m.chat_ack.duplicate = duplicate;
    app_send(a, s, &m);
}

static void app_nak(app *a, int32_t s, uint64_t client_id, msg_err err)
{
    app_ack(a, s, client_id, err, 0, 0, false);
}

/* Chat text: what the store takes, and no control characters but newline and tab. */
static msg_err app_check_chat_text(const char *text)
{
    store_err e = store_check_text(text);
    if (e != STORE_OK) return app_err_from_store(e);
    return app_text_clean(text, true) ? MSG_OK : MSG_ERR_INVALID_TEXT;
}

/* A resend keeps its first answer; an id reused for a different message is refused. */
static void app_ack_duplicate(app *a, int32_t s, uint64_t client_id, const store_posted *p,
                              int64_t sender_id, int64_t room_id, int64_t to_id)
{
    store_message sm;
    if (store_message_get(a->st, p->id, &sm) == STORE_OK &&
        (sm.sender_id != sender_id || sm.room_id != room_id || sm.to_id != to_id)) {
        app_logf(a, 1, "app: client_msg_id %llu reused for another message; refused",
                 (unsigned long long)client_id);
        app_nak(a, s, client_id, MSG_ERR_BAD_REQUEST);
        return;
    }
    app_ack(a, s, client_id, MSG_OK, (uint64_t)p->id, p->time_ms, true);
}

static bool app_is_own(const app_user *uu, const store_message *sm)
{
    if (uu->account_id) return sm->sender_id == uu->account_id;
    return sm->sender_id == 0 && app_name_eq(sm->sender_name, uu->name);
}

/* Stores a text message, or a voice note (note non-NULL), with its summary as text. */
static store_err app_post(app *a, const store_post *post, const app_note_audio *note,
                          store_posted *p)
{
    if (!note) return store_message_post(a->st, post, p);
    store_post np = *post;
    np.note_ms = note->ms;
    return store_note_post(a->st, &np, note->data, note->len, p);
}

void app_on_chat_send(app *a, int32_t s, const msg_chat_send *m)
{
    app_chat_post_room(a, s, m->room_id, m->client_msg_id, m->text, NULL);
}

void app_chat_post_room(app *a, int32_t s, uint32_t room_id, uint64_t client_id, const char *text,
                        const app_note_audio *note)
{
    int32_t u = a->sessions[s].user;
    app_user *uu = &a->users[u];
    app_room *r = app_room_find(a, room_id);
    if (!r) {
        app_nak(a, s, client_id, MSG_ERR_NO_SUCH_ROOM);
        return;
    }
    int i = app_user_room_index(a, u, r->id);
    if (i < 0) {
        app_nak(a, s, client_id, MSG_ERR_NOT_IN_ROOM);
        return;
    }
    if (uu->rooms[i].muted_until > a->now_ms) {
        app_nak(a, s, client_id, MSG_ERR_MUTED);
        return;
    }
    msg_err err = app_check_chat_text(text);
    if (err != MSG_OK) {
        app_nak(a, s, client_id, err);
        return;
    }
    store_post post = {.room_id = r->id,
                       .sender_id = uu->account_id,
                       .sender_name = uu->name,
                       .client_id = client_id,
                       .time_ms = a->now_ms,
                       .text = text};
    store_posted p;
    store_err e = app_post(a, &post, note, &p);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: post in %s: %s", r->name, store_err_str(e));
        app_nak(a, s, client_id, app_err_from_store(e));
        return;
    }
    if (p.duplicate) {
        app_ack_duplicate(a, s, client_id, &p, uu->account_id, r->id, 0);
        return;
    }
    a->stats.chat_messages++;
    app_ack(a, s, client_id, MSG_OK, (uint64_t)p.id, p.time_ms, false);
    msg out;
    app_msg_init(&out, MSG_CHAT_MESSAGE, sizeof out.chat_message);
    msg_chat_message *cm = &out.chat_message;
    cm->server_id = (uint64_t)p.id;
    cm->timestamp_ms = (uint64_t)p.time_ms;
    cm->client_msg_id = client_id;
    cm->room_id = r->id;
    cm->sender_id = uu->id;
    app_copy(cm->sender, sizeof cm->sender, uu->name);
    app_copy(cm->text, sizeof cm->text, text);
    cm->note_ms = note ? note->ms : 0;
    app_send_room(a, r->id, &out, -1);
}

/* The recipient's sessions, and the sender's other ones. */
static void app_send_dm(app *a, int32_t s, int32_t sender, int32_t recipient, const msg *m)
{
    app_wire w;
    if (!app_wire_encode(a, m, &w)) return;
    if (recipient >= 0 && recipient != sender) app_wire_to_user(a, recipient, &w, -1);
    if (sender >= 0) app_wire_to_user(a, sender, &w, s);
}

/* An online record for an account, or -1. */
static int32_t app_user_of_account(const app *a, int64_t account_id, const char *name)
{
    int32_t u = app_user_by_name(a, name);
    return u >= 0 && a->users[u].account_id == account_id ? u : -1;
}

void app_on_chat_dm(app *a, int32_t s, const msg_chat_dm *m)
{
    app_chat_post_dm(a, s, m->to, m->client_msg_id, m->text, NULL);
}

void app_chat_post_dm(app *a, int32_t s, const char *to_name, uint64_t client_id, const char *text,
                      const app_note_audio *note)
{
    int32_t u = a->sessions[s].user;
    app_user *uu = &a->users[u];
    if (!uu->account_id) {
        app_nak(a, s, client_id, MSG_ERR_NOT_PERMITTED);
        return;
    }
    msg_err err = app_check_chat_text(text);
    if (err != MSG_OK) {
        app_nak(a, s, client_id, err);
        return;
    }
    store_account to;
    store_err e = store_account_by_name(a->st, to_name, &to);
    if (e != STORE_OK) {
        /* Guests have no account to keep DMs for: they can be neither sent nor received. */
        bool guest = e == STORE_ERR_NO_ACCOUNT && app_user_by_name(a, to_name) >= 0;
        if (e != STORE_ERR_NO_ACCOUNT) app_logf(a, 3, "app: dm: %s", store_err_str(e));
        app_nak(a, s, client_id,
                guest ? MSG_ERR_NOT_PERMITTED
                      : (e == STORE_ERR_NO_ACCOUNT ? MSG_ERR_NO_SUCH_USER : MSG_ERR_INTERNAL));
        return;
    }
    int32_t tu = app_user_of_account(a, to.id, to.name);
    bool online = tu >= 0 && a->users[tu].nsessions > 0;
    store_post post = {.to_id = to.id,
                       .sender_id = uu->account_id,
                       .sender_name = uu->name,
                       .client_id = client_id,
                       .time_ms = a->now_ms,
                       .text = text,
                       .delivered = online};
    store_posted p;
    e = app_post(a, &post, note, &p);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: dm to %s: %s", to.name, store_err_str(e));
        app_nak(a, s, client_id, app_err_from_store(e));
        return;
    }
    if (p.duplicate) {
        app_ack_duplicate(a, s, client_id, &p, uu->account_id, 0, to.id);
        return;
    }
    a->stats.chat_messages++;
    app_ack(a, s, client_id, MSG_OK, (uint64_t)p.id, p.time_ms, false);
    msg out;
    app_msg_init(&out, MSG_CHAT_MESSAGE, sizeof out.chat_message);
    msg_chat_message *cm = &out.chat_message;
    cm->server_id = (uint64_t)p.id;
    cm->timestamp_ms = (uint64_t)p.time_ms;
    cm->client_msg_id = client_id;
    cm->sender_id = uu->id;
    app_copy(cm->sender, sizeof cm->sender, uu->name);
    cm->to_id = (uint32_t)to.id;
    app_copy(cm->to, sizeof cm->to, to.name);
    cm->dm = true;
    app_copy(cm->text, sizeof cm->text, text);
    cm->note_ms = note ? note->ms : 0;
    app_send_dm(a, s, u, online ? tu : -1, &out);
}

void app_deliver_pending(app *a, int32_t s)
{
    const app_user *uu = &a->users[a->sessions[s].user];
    if (!uu->account_id) return;
    msg out;
    app_msg_init(&out, MSG_CHAT_MESSAGE, sizeof out.chat_message);
    /* Page by page, each marked delivered once sent; the bound only guards a store that
     * fails to mark. */
    for (int page = 0; page < 10000; page++) {
        size_t n = 0;
        store_err e = store_dm_pending(a->st, uu->account_id, a->history, MSG_HISTORY_PAGE, &n);
        if (e != STORE_OK) {
            app_logf(a, 3, "app: pending DMs of %s: %s", uu->name, store_err_str(e));
            return;
        }
        for (size_t i = 0; i < n; i++) {
            app_chat_from_store(&a->history[i], uu->name, false, &out.chat_message);
            app_send(a, s, &out);
        }
        if (!n) return;
        e = store_dm_mark_delivered(a->st, uu->account_id, a->history[n - 1].id);
        if (e != STORE_OK) {
            app_logf(a, 3, "app: marking DMs of %s: %s", uu->name, store_err_str(e));
            return;
        }
        if (n < MSG_HISTORY_PAGE) return;
    }
}

/* Sends the changed message to everyone who can see it. */
static void app_send_changed(app *a, int32_t s, const store_message *sm)
{
    msg out;
    app_msg_init(&out, MSG_CHAT_MESSAGE, sizeof out.chat_message);
    if (sm->room_id) {
        app_chat_from_store(sm, NULL, false, &out.chat_message);
        app_send_room(a, (uint32_t)sm->room_id, &out, -1);
        return;
    }
    store_account sender = {0}, to = {0};
    store_account_by_id(a->st, sm->to_id, &to);
    if (sm->sender_id) store_account_by_id(a->st, sm->sender_id, &sender);
    app_chat_from_store(sm, to.name, false, &out.chat_message);
    app_wire w;
    if (!app_wire_encode(a, &out, &w)) return;
    int32_t tu = to.id ? app_user_of_account(a, to.id, to.name) : -1;
    int32_t su = sender.id ? app_user_of_account(a, sender.id, sender.name) : -1;
    if (tu >= 0) app_wire_to_user(a, tu, &w, -1);
    if (su >= 0 && su != tu) app_wire_to_user(a, su, &w, -1);
    (void)s;
}

void app_on_chat_edit(app *a, int32_t s, const msg_chat_edit *m)
{
    int32_t u = a->sessions[s].user;
    const app_user *uu = &a->users[u];
    store_message sm;
    if (m->server_id > INT64_MAX ||
        store_message_get(a->st, (int64_t)m->server_id, &sm) != STORE_OK || !app_is_own(uu, &sm) ||
        sm.deleted || sm.note_ms) { /* a voice note's summary is not the sender's to rewrite */
        app_nak(a, s, m->client_msg_id, MSG_ERR_NO_SUCH_MESSAGE);
        return;
    }
    if (sm.room_id) {
        int i = app_user_room_index(a, u, (uint32_t)sm.room_id);
        if (i >= 0 && uu->rooms[i].muted_until > a->now_ms) {
            app_nak(a, s, m->client_msg_id, MSG_ERR_MUTED);
            return;
        }
    }
    msg_err err = app_check_chat_text(m->text);
    if (err != MSG_OK) {
        app_nak(a, s, m->client_msg_id, err);
        return;
    }
    if (sm.edited && strcmp(sm.text, m->text) == 0) {
        /* Already so: a resend of this edit. */
        app_ack(a, s, m->client_msg_id, MSG_OK, (uint64_t)sm.id, sm.time_ms, true);
        return;
    }
    store_err e = store_message_edit(a->st, sm.id, m->text);
    if (e != STORE_OK) {
        app_nak(a, s, m->client_msg_id, app_err_from_store(e));
        return;
    }
    sm.edited = true;
    app_copy(sm.text, sizeof sm.text, m->text);
    app_ack(a, s, m->client_msg_id, MSG_OK, (uint64_t)sm.id, sm.time_ms, false);
    app_send_changed(a, s, &sm);
}

/* A moderator in the room (or its owner) may delete the messages of lower roles. */
static bool app_may_delete_other(app *a, const app_user *uu, const store_message *sm)
{
    if (!sm->room_id) return false;
    app_room *r = app_room_find(a, (uint32_t)sm->room_id);
    int role = uu->role;
    if (r && uu->account_id && r->owner_id == uu->account_id && role < STORE_ROLE_MODERATOR)
        role = STORE_ROLE_MODERATOR;
    if (role < STORE_ROLE_MODERATOR) return false;
    int author = STORE_ROLE_GUEST;
    store_account acc;
    if (sm->sender_id && store_account_by_id(a->st, sm->sender_id, &acc) == STORE_OK)
        author = (int)acc.role;
    return author < role;
}

void app_on_chat_delete(app *a, int32_t s, const msg_chat_delete *m)
{
    int32_t u = a->sessions[s].user;
    const app_user *uu = &a->users[u];
    store_message sm;
    if (m->server_id > INT64_MAX ||
        store_message_get(a->st, (int64_t)m->server_id, &sm) != STORE_OK) {
        app_nak(a, s, m->client_msg_id, MSG_ERR_NO_SUCH_MESSAGE);
        return;
    }
    bool own = app_is_own(uu, &sm);
    bool dm_party = sm.to_id && sm.to_id == uu->account_id;
    if (!own && !app_may_delete_other(a, uu, &sm)) {
        /* A DM the user is no party to stays invisible to it. */
        bool visible = sm.room_id ? app_user_room_index(a, u, (uint32_t)sm.room_id) >= 0 : dm_party;
        app_nak(a, s, m->client_msg_id, visible ? MSG_ERR_NOT_PERMITTED : MSG_ERR_NO_SUCH_MESSAGE);
        return;
    }
    if (sm.deleted) {
        app_ack(a, s, m->client_msg_id, MSG_OK, (uint64_t)sm.id, sm.time_ms, true);
        return;
    }
    store_err e = store_message_delete(a->st, sm.id);
    if (e != STORE_OK) {
        app_nak(a, s, m->client_msg_id, app_err_from_store(e));
        return;
    }
    sm.deleted = true;
    sm.text[0] = '\0';
    app_ack(a, s, m->client_msg_id, MSG_OK, (uint64_t)sm.id, sm.time_ms, false);
    app_send_changed(a, s, &sm);
}

void app_on_history(app *a, int32_t s, const msg_history *m)
{
    int32_t u = a->sessions[s].user;
    const app_user *uu = &a->users[u];
    msg end;
    app_msg_init(&end, MSG_HISTORY_END, sizeof end.history_end);
    end.history_end.req = m->req;
    end.history_end.room_id = m->room_id;
    end.history_end.peer_id = m->peer_id;
    if ((m->room_id != 0) == (m->peer_id != 0)) {
        end.history_end.err = MSG_ERR_BAD_REQUEST;
        app_send(a, s, &end);
        return;
    }
    if (m->room_id) {
        if (!app_room_find(a, m->room_id))
            end.history_end.err = MSG_ERR_NO_SUCH_ROOM;
        else if (app_user_room_index(a, u, m->room_id) < 0)
            end.history_end.err = MSG_ERR_NOT_IN_ROOM;
        else
            app_send_history(a, s, m->req, m->room_id, m->before_id, m->count);
        if (end.history_end.err != MSG_OK) app_send(a, s, &end);
        return;
    }
    store_account peer;
    if (!uu->account_id) {
        end.history_end.err = MSG_ERR_NOT_PERMITTED;
    } else if (store_account_by_id(a->st, m->peer_id, &peer) != STORE_OK) {
        end.history_end.err = MSG_ERR_NO_SUCH_USER;
    }
    if (end.history_end.err != MSG_OK) {
        app_send(a, s, &end);
        return;
    }
    uint32_t count = m->count > MSG_HISTORY_PAGE ? MSG_HISTORY_PAGE : m->count;
    int64_t before = m->before_id > INT64_MAX ? 0 : (int64_t)m->before_id;
    size_t got = 0;
    store_err e =
        store_dm_history(a->st, uu->account_id, peer.id, before, a->history, count + 1u, &got);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: dm history: %s", store_err_str(e));
        end.history_end.err = MSG_ERR_INTERNAL;
        app_send(a, s, &end);
        return;
    }
    bool more = got > count;
    msg cm;
    app_msg_init(&cm, MSG_CHAT_MESSAGE, sizeof cm.chat_message);
    for (size_t i = more ? 1 : 0; i < got; i++) {
        const store_message *sm = &a->history[i];
        app_chat_from_store(sm, sm->to_id == uu->account_id ? uu->name : peer.name, true,
                            &cm.chat_message);
        app_send(a, s, &cm);
    }
    end.history_end.more = more;
    app_send(a, s, &end);
}

void app_on_typing(app *a, int32_t s, const msg_typing *m)
{
    int32_t u = a->sessions[s].user;
    const app_user *uu = &a->users[u];
    msg out;
    app_msg_init(&out, MSG_TYPING, sizeof out.typing);
    out.typing.user_id = uu->id;
    app_copy(out.typing.name, sizeof out.typing.name, uu->name);
    out.typing.on = m->on;
    if (m->room_id && !m->peer_id) {
        if (app_user_room_index(a, u, m->room_id) < 0) return;
        out.typing.room_id = m->room_id;
        app_send_room(a, m->room_id, &out, u);
        return;
    }
    if (m->room_id || !m->peer_id || !uu->account_id) return;
    store_account peer;
    if (store_account_by_id(a->st, m->peer_id, &peer) != STORE_OK) return;
    int32_t pu = app_user_of_account(a, peer.id, peer.name);
    if (pu < 0 || pu == u) return;
    out.typing.peer_id = m->peer_id;
    app_send_user(a, pu, &out);
}
