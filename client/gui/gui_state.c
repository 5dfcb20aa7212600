/* gui_state.c — the screens' data and how the session's events change it (see gui_state.h). */
#include "gui_state.h"
#include "gui_str.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gui_state_init(gui_state *st, const gui_settings *settings)
{
    memset(st, 0, sizeof *st);
    st->settings = settings ? *settings : gui_settings_default();
    st->screen = GUI_SCREEN_START;
    st->window_focused = true;
    for (int i = 0; i < GUI_MAX_ROSTERS; i++) gui_roster_init(&st->rosters[i], 0);
}

void gui_state_free(gui_state *st)
{
    for (int i = 0; i < st->convo_count; i++) gui_convo_free(st->convos[i]);
    st->convo_count = 0;
    for (int i = 0; i < GUI_MAX_ROSTERS; i++) gui_roster_free(&st->rosters[i]);
    st->roster_count = 0;
}

void gui_state_reset(gui_state *st)
{
    for (int i = 0; i < st->convo_count; i++) gui_convo_free(st->convos[i]);
    st->convo_count = 0;
    for (int i = 0; i < st->roster_count; i++) gui_roster_clear(&st->rosters[i]);
    st->roster_count = 0;
    st->room_count = 0;
    st->current_room = 0;
    st->current_peer[0] = '\0';
    st->have_info = false;
    st->logged_in = false;
    memset(&st->me, 0, sizeof st->me);
    st->my_status = MSG_STATUS_ONLINE;
    st->my_status_text[0] = '\0';
    memset(&st->link, 0, sizeof st->link);
    st->search_req = st->login_req = st->join_req = st->create_req = st->status_req = 0;
    st->search_count = 0;
    st->search_done = false;
    st->login_error[0] = '\0';
    st->password_prompt = st->identity_prompt = st->stopped_prompt = false;
    gui_call_reset(st);
    st->changes++;
}

/* ---- small helpers ----------------------------------------------------------------------- */

static int gui_state_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y || !x) return x - y;
    }
}

void gui_state_note(gui_state *st, gui_note_kind kind, const char *fmt, ...)
{
    if (st->note_count == GUI_NOTES) { /* the oldest unseen note gives way */
        memmove(&st->notes[0], &st->notes[1], sizeof st->notes[0] * (GUI_NOTES - 1));
        st->note_count--;
    }
    gui_note *n = &st->notes[st->note_count++];
    n->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->text, sizeof n->text, fmt, ap);
    va_end(ap);
    st->changes++;
}

static const char *gui_state_err_text(const msg_result *r)
{
    return r->text[0] ? r->text : msg_err_str(r->err);
}

bool gui_state_is_guest(const gui_state *st)
{
    return st->logged_in && st->me.role == MSG_ROLE_GUEST;
}

static bool gui_state_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || (unsigned char)c >= 0x80;
}

bool gui_state_mentions(const char *text, const char *name)
{
    size_t n = strlen(name);
    if (!n) return false;
    for (const char *p = text; *p; p++) {
        if (p != text && gui_state_word_char(p[-1])) continue;
        size_t i = 0;
        for (; i < n && p[i]; i++) {
            char a = p[i], b = name[i];
            if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
            if (a != b) break;
        }
        if (i == n && !gui_state_word_char(p[n])) return true;
    }
    return false;
}

/* ---- rooms ------------------------------------------------------------------------------- */

const cl_room *gui_state_room(const gui_state *st, uint32_t room_id)
{
    for (int i = 0; i < st->room_count; i++)
        if (st->rooms[i]->id == room_id) return st->rooms[i];
    return NULL;
}

static int gui_state_room_cmp(const void *pa, const void *pb)
{
    const cl_room *a = *(const cl_room *const *)pa, *b = *(const cl_room *const *)pb;
    bool ga = gui_state_casecmp(a->name, "General") == 0;
    bool gb = gui_state_casecmp(b->name, "General") == 0;
    if (ga != gb) return ga ? -1 : 1;
    int c = gui_state_casecmp(a->name, b->name);
    return c ? c : (a->id < b->id ? -1 : a->id > b->id);
}

static const char *gui_state_room_name(const gui_state *st, uint32_t room_id)
{
    const cl_room *r = gui_state_room(st, room_id);
    return r && r->name[0] ? r->name : "the room";
}

/* Keeps the current room one the person is in: it stays, or the first joined room. */
static void gui_state_check_room(gui_state *st)
{
    if (!st->logged_in) return;
    const cl_room *cur = gui_state_room(st, st->current_room);
    if (cur && cur->joined) return;
    if (st->join_req || st->create_req) return; /* a room of the person's choice is coming */
    uint32_t next = 0;
    for (int i = 0; i < st->room_count && !next; i++)
        if (st->rooms[i]->joined) next = st->rooms[i]->id;
    if (next != st->current_room) {
        st->current_room = next;
        st->changes++;
    }
}

void gui_state_set_rooms(gui_state *st, const cl_room *const *rooms, int count)
{
    assert(count >= 0 && count <= CL_MAX_ROOMS);
    memcpy(st->rooms, rooms, sizeof rooms[0] * (size_t)count);
    st->room_count = count;
    qsort(st->rooms, (size_t)count, sizeof st->rooms[0], gui_state_room_cmp);
    gui_state_check_room(st);
}

/* ---- conversations and member lists ------------------------------------------------------- */

gui_convo *gui_state_find_room_convo(const gui_state *st, uint32_t room_id)
{
    for (int i = 0; i < st->convo_count; i++)
        if (st->convos[i]->room_id == room_id && room_id) return st->convos[i];
    return NULL;
}

gui_convo *gui_state_find_dm_convo(const gui_state *st, const char *peer)
{
    if (!peer || !peer[0]) return NULL;
    for (int i = 0; i < st->convo_count; i++) {
        gui_convo *c = st->convos[i];
        if (!c->room_id && gui_state_casecmp(c->peer, peer) == 0) return c;
    }
    return NULL;
}

static gui_convo *gui_state_add_convo(gui_state *st, uint32_t room_id, uint32_t peer_id,
                                      const char *peer)
{
    if (st->convo_count == GUI_MAX_CONVOS) {
        /* the oldest conversation of a room the person is no longer in gives way */
        int victim = -1;
        for (int i = 0; i < st->convo_count && victim < 0; i++) {
            const cl_room *r =
                st->convos[i]->room_id ? gui_state_room(st, st->convos[i]->room_id) : NULL;
            if (st->convos[i]->room_id && (!r || !r->joined) &&
                st->convos[i]->room_id != st->current_room)
                victim = i;
        }
        if (victim < 0) {
            st->convo_failures++;
            return NULL;
        }
        gui_convo_free(st->convos[victim]);
        memmove(&st->convos[victim], &st->convos[victim + 1],
                sizeof st->convos[0] * (size_t)(st->convo_count - victim - 1));
        st->convo_count--;
    }
    gui_convo *c = gui_convo_new(room_id, peer_id, peer);
    if (!c) {
        st->convo_failures++;
        return NULL;
    }
    st->convos[st->convo_count++] = c;
    st->changes++;
    return c;
}

gui_convo *gui_state_room_convo(gui_state *st, uint32_t room_id)
{
    if (!room_id) return NULL;
    gui_convo *c = gui_state_find_room_convo(st, room_id);
    return c ? c : gui_state_add_convo(st, room_id, 0, NULL);
}

gui_convo *gui_state_dm_convo(gui_state *st, const char *peer, uint32_t peer_id)
{
    if (!peer || !peer[0]) return NULL;
    gui_convo *c = gui_state_find_dm_convo(st, peer);
    if (!c) c = gui_state_add_convo(st, 0, peer_id, peer);
    if (c && peer_id && !c->peer_id) c->peer_id = peer_id;
    return c;
}

static gui_convo *gui_state_dm_convo_by_id(const gui_state *st, uint32_t peer_id)
{
    for (int i = 0; i < st->convo_count; i++)
        if (!st->convos[i]->room_id && st->convos[i]->peer_id == peer_id && peer_id)
            return st->convos[i];
    return NULL;
}

gui_roster *gui_state_find_roster(const gui_state *st, uint32_t room_id)
{
    for (int i = 0; i < st->roster_count; i++)
        if (st->rosters[i].room_id == room_id && room_id) return (gui_roster *)&st->rosters[i];
    return NULL;
}

gui_roster *gui_state_roster(gui_state *st, uint32_t room_id)
{
    if (!room_id) return NULL;
    gui_roster *r = gui_state_find_roster(st, room_id);
    if (r) return r;
    if (st->roster_count < GUI_MAX_ROSTERS) {
        r = &st->rosters[st->roster_count++];
    } else {
        for (int i = 0; i < st->roster_count && !r; i++) { /* a room no longer joined */
            const cl_room *room = gui_state_room(st, st->rosters[i].room_id);
            if ((!room || !room->joined) && st->rosters[i].room_id != st->current_room)
                r = &st->rosters[i];
        }
        if (!r) return NULL;
    }
    gui_roster_clear(r);
    r->room_id = room_id;
    return r;
}

static bool gui_state_viewing(const gui_state *st, const gui_convo *c)
{
    if (c->room_id) return st->screen == GUI_SCREEN_ROOM && st->current_room == c->room_id;
    return st->screen == GUI_SCREEN_DMS && gui_state_casecmp(st->current_peer, c->peer) == 0;
}

void gui_state_open_room(gui_state *st, uint32_t room_id)
{
    st->current_room = room_id;
    st->screen = GUI_SCREEN_ROOM;
    gui_convo *c = gui_state_find_room_convo(st, room_id);
    if (c) {
        c->unread = 0;
        c->unread_mention = false;
    }
    st->changes++;
}

void gui_state_open_dm(gui_state *st, const char *peer, uint32_t peer_id)
{
    gui_str_copy(st->current_peer, sizeof st->current_peer, peer);
    st->screen = GUI_SCREEN_DMS;
    gui_convo *c = gui_state_dm_convo(st, peer, peer_id);
    if (c) {
        c->unread = 0;
        c->unread_mention = false;
    }
    st->changes++;
}

/* ---- time -------------------------------------------------------------------------------- */

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void gui_state_civil(int64_t days, int *month, int *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
}

void gui_state_time(const gui_state *st, uint64_t time_ms, uint64_t wall_ms, char *out, size_t cap)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (!time_ms) {
        gui_str_copy(out, cap, "");
        return;
    }
    int64_t local = (int64_t)(time_ms / 1000) + st->utc_offset_s;
    int64_t now = (int64_t)(wall_ms / 1000) + st->utc_offset_s;
    int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t today = now >= 0 ? now / 86400 : (now - 86399) / 86400;
    int64_t sec = local - day * 86400;
    int h = (int)(sec / 3600), m = (int)(sec / 60 % 60);
    if (day == today || !wall_ms) {
        gui_str_fmt(out, cap, "%02d:%02d", h, m);
        return;
    }
    int month, mday;
    gui_state_civil(day, &month, &mday);
    gui_str_fmt(out, cap, "%s %d %02d:%02d", months[(month - 1) % 12], mday, h, m);
}

/* ---- events ------------------------------------------------------------------------------ */

static bool gui_state_own(const gui_state *st, const msg_chat_message *m)
{
    if (!st->logged_in) return false;
    if (m->sender_id) return m->sender_id == st->me.user_id;
    /* guests' stored messages carry sender id 0: their name says who */
    return st->me.role == MSG_ROLE_GUEST && gui_state_casecmp(m->sender, st->me.name) == 0;
}

static void gui_state_chat(gui_state *st, const cl_event *ev, int64_t now_ms)
{
    const msg_chat_message *m = &ev->m.chat_message;
    if (ev->seen) return; /* delivered before a reconnect: already shown */
    bool own = gui_state_own(st, m);
    gui_convo *c;
    if (m->dm)
        c = own ? gui_state_dm_convo(st, m->to, m->to_id)
                : gui_state_dm_convo(st, m->sender, m->sender_id);
    else
        c = gui_state_room_convo(st, m->room_id);
    if (!c) return;
    bool live = !m->history;
    bool mention = !own && !m->deleted && st->logged_in && gui_state_mentions(m->text, st->me.name);
    if (!gui_convo_add_message(c, m, own, mention ? GUI_LINE_MENTION : 0, now_ms)) return;
    st->changes++;
    if (own || !live || m->edited || m->deleted) return;
    bool viewing = gui_state_viewing(st, c);
    if (!viewing) {
        c->unread++;
        if (mention || m->dm) c->unread_mention = true;
    }
    if ((mention || m->dm) && !(viewing && st->window_focused)) st->dings++;
}

static gui_convo *gui_state_chat_convo(gui_state *st, const cl_event *ev)
{
    if (ev->chat_type == MSG_CHAT_DM || (!ev->chat_room && ev->chat_to[0]))
        return gui_state_dm_convo(st, ev->chat_to, 0);
    return ev->chat_room ? gui_state_room_convo(st, ev->chat_room) : NULL;
}

/* The server stored (or refused) an own message. */
static void gui_state_ack(gui_state *st, const cl_event *ev, int64_t now_ms)
{
    const msg_chat_ack *a = &ev->m.chat_ack;
    st->link.outbox = ev->pending;
    if (ev->retrying) return;
    gui_convo *c = gui_state_chat_convo(st, ev);
    if (!c) return;
    if (a->err != MSG_OK) {
        gui_convo_fail(c, a->client_msg_id);
        char line[300];
        gui_str_fmt(line, sizeof line, "Not sent: %s", msg_err_str(a->err));
        gui_convo_add_local(c, NULL, line, 0, 0, now_ms);
        gui_state_note(st, GUI_NOTE_ERROR, "Message not sent: %s", msg_err_str(a->err));
        return;
    }
    /* the line waiting for this ack becomes the stored message (a DM's sender gets no copy) */
    for (int i = c->count - 1; i >= 0; i--) {
        const gui_line *l = &c->lines[i];
        if (!(l->flags & GUI_LINE_PENDING) || l->client_msg_id != a->client_msg_id) continue;
        static msg_chat_message m; /* large; the GUI runs on one thread */
        memset(&m, 0, sizeof m);
        m.server_id = a->server_id;
        m.timestamp_ms = a->timestamp_ms;
        m.client_msg_id = a->client_msg_id;
        m.room_id = c->room_id;
        m.sender_id = st->me.user_id;
        gui_str_copy(m.sender, sizeof m.sender, st->me.name);
        m.dm = c->room_id == 0;
        gui_str_copy(m.to, sizeof m.to, c->peer);
        gui_str_copy(m.text, sizeof m.text, gui_convo_text(c, l));
        gui_convo_add_message(c, &m, true, 0, l->arrived_ms ? l->arrived_ms : now_ms);
        st->changes++;
        break;
    }
}

static void gui_state_member_line(gui_state *st, const msg_member_event *e, int64_t now_ms)
{
    gui_convo *c = gui_state_find_room_convo(st, e->room_id);
    if (!c) return;
    char line[512], by[64] = "", why[MSG_REASON_MAX + 8] = "";
    if (e->by[0]) gui_str_fmt(by, sizeof by, " by %s", e->by);
    if (e->reason[0]) gui_str_fmt(why, sizeof why, ": %s", e->reason);
    const char *n = e->member.name;
    switch (e->kind) {
    case MSG_MEMBER_EV_JOINED:
        gui_str_fmt(line, sizeof line, "%s joined", n);
        break;
    case MSG_MEMBER_EV_LEFT:
        gui_str_fmt(line, sizeof line, "%s left", n);
        break;
    case MSG_MEMBER_EV_ROLE:
        gui_str_fmt(line, sizeof line, "%s is now %s%s", n, msg_role_name(e->member.role), by);
        break;
    case MSG_MEMBER_EV_KICKED:
        gui_str_fmt(line, sizeof line, "%s was removed%s%s", n, by, why);
        break;
    case MSG_MEMBER_EV_MUTED:
        if (e->seconds)
            gui_str_fmt(line, sizeof line, "%s was muted for %u min%s%s", n,
                        (unsigned)((e->seconds + 59) / 60), by, why);
        else
            gui_str_fmt(line, sizeof line, "%s was muted%s%s", n, by, why);
        break;
    case MSG_MEMBER_EV_UNMUTED:
        gui_str_fmt(line, sizeof line, "%s may speak again%s", n, by);
        break;
    case MSG_MEMBER_EV_BANNED:
        gui_str_fmt(line, sizeof line, "%s was banned%s%s", n, by, why);
        break;
    default:
        return;
    }
    gui_convo_add_local(c, NULL, line, 0, 0, now_ms);
}

static void gui_state_member_event(gui_state *st, const msg_member_event *e, int64_t now_ms)
{
    gui_roster *r = gui_state_find_roster(st, e->room_id);
    bool gone = e->kind == MSG_MEMBER_EV_LEFT || e->kind == MSG_MEMBER_EV_KICKED ||
                e->kind == MSG_MEMBER_EV_BANNED;
    if (r) {
        if (gone)
            gui_roster_remove(r, e->member.user_id);
        else
            gui_roster_put(r, &e->member);
    }
    gui_state_member_line(st, e, now_ms);
    if (gone && st->logged_in && e->member.user_id == st->me.user_id &&
        e->room_id == st->current_room)
        st->current_room = 0; /* the next room list sync picks another */
}

static void gui_state_notice(gui_state *st, const msg_notice *n, int64_t now_ms)
{
    char by[64] = "";
    if (n->by[0]) gui_str_fmt(by, sizeof by, " by %s", n->by);
    const char *sep = n->text[0] ? ": " : "";
    switch (n->kind) {
    case MSG_NOTICE_BROADCAST: {
        gui_state_note(st, GUI_NOTE_INFO, "%s%s%s", n->by[0] ? n->by : "Server", sep, n->text);
        gui_convo *c = gui_state_find_room_convo(st, st->current_room);
        char line[MSG_NOTICE_MAX + 80];
        gui_str_fmt(line, sizeof line, "Announcement from %s: %s", n->by[0] ? n->by : "the server",
                    n->text);
        if (c) gui_convo_add_local(c, NULL, line, 0, 0, now_ms);
        break;
    }
    case MSG_NOTICE_KICKED:
        if (n->room_id)
            gui_state_note(st, GUI_NOTE_WARNING, "You were removed from %s%s%s%s",
                           gui_state_room_name(st, n->room_id), by, sep, n->text);
        else
            gui_state_note(st, GUI_NOTE_ERROR, "You were removed from the server%s%s%s", by, sep,
                           n->text);
        break;
    case MSG_NOTICE_BANNED:
        gui_state_note(st, GUI_NOTE_ERROR, "You were banned%s%s%s", by, sep, n->text);
        break;
    case MSG_NOTICE_MUTED:
        if (n->seconds)
            gui_state_note(st, GUI_NOTE_WARNING, "You were muted in %s for %u min%s%s%s",
                           gui_state_room_name(st, n->room_id), (unsigned)((n->seconds + 59) / 60),
                           by, sep, n->text);
        else
            gui_state_note(st, GUI_NOTE_INFO, "You may write in %s again",
                           gui_state_room_name(st, n->room_id));
        break;
    case MSG_NOTICE_RATE_LIMITED:
        gui_state_note(st, GUI_NOTE_WARNING, "Slow down: the server waits %.1f s",
                       n->retry_after_ms / 1000.0);
        break;
    case MSG_NOTICE_SHUTDOWN:
        gui_state_note(st, GUI_NOTE_WARNING, "The server is shutting down%s%s", sep, n->text);
        break;
    default:
        break;
    }
}

static void gui_state_result(gui_state *st, const cl_event *ev)
{
    const msg_result *r = &ev->m.result;
    bool ok = r->err == MSG_OK;
    if (ev->req && ev->req == st->login_req) {
        st->login_req = 0;
        if (!ok) {
            gui_str_copy(st->login_error, sizeof st->login_error, gui_state_err_text(r));
            gui_state_note(st, GUI_NOTE_ERROR, "%s", gui_state_err_text(r));
        }
        return;
    }
    if (ev->req && ev->req == st->join_req) {
        st->join_req = 0;
        if (ok && r->id) {
            gui_state_open_room(st, r->id);
            st->password_prompt = false;
        } else if (r->err == MSG_ERR_WRONG_PASSWORD) {
            st->password_prompt = true;
            gui_str_copy(st->password_room, sizeof st->password_room, st->join_name);
            gui_str_copy(st->password_error, sizeof st->password_error,
                         "That password is not right. Ask the room's owner.");
        } else if (!ok) {
            gui_state_note(st, GUI_NOTE_ERROR, "Cannot join %s: %s", st->join_name,
                           gui_state_err_text(r));
        }
        return;
    }
    if (ev->req && ev->req == st->create_req) {
        st->create_req = 0;
        if (ok && r->id)
            gui_state_open_room(st, r->id);
        else if (!ok)
            gui_state_note(st, GUI_NOTE_ERROR, "Cannot create the room: %s", gui_state_err_text(r));
        return;
    }
    if (ev->req && ev->req == st->status_req) {
        st->status_req = 0;
        if (ok) {
            st->my_status = st->status_want;
            gui_str_copy(st->my_status_text, sizeof st->my_status_text, st->status_text_want);
        } else {
            gui_state_note(st, GUI_NOTE_ERROR, "Status not changed: %s", gui_state_err_text(r));
        }
        return;
    }
    switch (ev->req_type) {
    case MSG_LOGOUT:
        if (ok) {
            gui_state_reset(st);
            st->screen = GUI_SCREEN_LOGIN;
            gui_state_note(st, GUI_NOTE_INFO, "Logged out");
        }
        break;
    case MSG_ROOM_LEAVE:
        if (ok) {
            gui_state_note(st, GUI_NOTE_INFO, "You left %s", gui_state_room_name(st, ev->req_room));
            if (st->current_room == ev->req_room) st->current_room = 0;
        }
        break;
    case MSG_ROOM_DELETE:
        if (ok) gui_state_note(st, GUI_NOTE_INFO, "Room deleted");
        break;
    case MSG_KICK:
    case MSG_BAN:
    case MSG_MUTE:
        if (ok) gui_state_note(st, GUI_NOTE_SUCCESS, "Done: %s", ev->req_name);
        break;
    case MSG_CALL_START:
        if (!ok) {
            gui_state_note(st, GUI_NOTE_ERROR, "Cannot call: %s", gui_state_err_text(r));
            return;
        }
        break;
    case MSG_HISTORY:
    case MSG_MEMBERS:
        break;
    default:
        break;
    }
    if (ok) return;
    if (ev->internal) {
        if (ev->req_type == MSG_ROOM_JOIN)
            gui_state_note(st, GUI_NOTE_WARNING, "Could not return to %s: %s",
                           ev->req_name[0] ? ev->req_name : gui_state_room_name(st, ev->req_room),
                           gui_state_err_text(r));
        return;
    }
    gui_state_note(st, GUI_NOTE_ERROR, "%s", gui_state_err_text(r));
}

static void gui_state_on_msg(gui_state *st, const cl_event *ev, int64_t now_ms)
{
    const msg *m = &ev->m;
    switch (m->type) {
    case MSG_RESULT:
        gui_state_result(st, ev);
        break;
    case MSG_ROOM_EVENT:
        if (m->room_event.kind == MSG_ROOM_EV_DELETED &&
            m->room_event.room.room_id == st->current_room) {
            gui_state_note(st, GUI_NOTE_WARNING, "The room %s was deleted",
                           m->room_event.room.name);
            st->current_room = 0;
        }
        break;
    case MSG_MEMBER_LIST: {
        gui_roster *r = gui_state_roster(st, m->member_list.room_id);
        if (r) gui_roster_list(r, ev->req ? ev->req : m->member_list.req, &m->member_list);
        break;
    }
    case MSG_MEMBER_EVENT:
        gui_state_member_event(st, &m->member_event, now_ms);
        break;
    case MSG_PRESENCE:
        for (int i = 0; i < st->roster_count; i++)
            gui_roster_presence(&st->rosters[i], &m->presence);
        break;
    case MSG_USER_SEARCH_RESULT:
        if (ev->req && ev->req == st->search_req) {
            const msg_user_search_result *s = &m->user_search_result;
            st->search_count = (int)(s->count < MSG_SEARCH_MAX ? s->count : MSG_SEARCH_MAX);
            memcpy(st->search, s->users, sizeof st->search[0] * (size_t)st->search_count);
            st->search_more = s->more;
            st->search_done = true;
        }
        break;
    case MSG_NOTICE:
        gui_state_notice(st, &m->notice, now_ms);
        break;
    case MSG_CHAT_MESSAGE:
        gui_state_chat(st, ev, now_ms);
        break;
    case MSG_CHAT_ACK:
        gui_state_ack(st, ev, now_ms);
        break;
    case MSG_HISTORY_END: {
        const msg_history_end *h = &m->history_end;
        gui_convo *c = h->room_id ? gui_state_find_room_convo(st, h->room_id)
                                  : gui_state_dm_convo_by_id(st, h->peer_id);
        if (c) {
            c->history_pending = false;
            if (h->err == MSG_OK) c->more_history = h->more;
        }
        break;
    }
    default:
        break;
    }
}

void gui_state_on_event(gui_state *st, const cl_event *ev, int64_t now_ms)
{
    assert(st && ev);
    st->changes++;
    gui_call_on_event(st, ev, now_ms); /* before a log-out's reset forgets the call */
    switch (ev->type) {
    case CL_EV_CONNECTING:
        st->link.state = GUI_LINK_CONNECTING;
        st->link.attempt = ev->attempt;
        break;
    case CL_EV_IDENTITY:
        if (ev->known == CL_KNOWN_CHANGED) {
            st->identity_prompt = true;
            gui_str_copy(st->identity_text, sizeof st->identity_text, ev->text);
        } else if (ev->known == CL_KNOWN_REPLACED) {
            gui_state_note(st, GUI_NOTE_WARNING, "%s", ev->text);
        }
        break;
    case CL_EV_CONNECTED:
        st->have_info = true;
        st->info = ev->m.server_info;
        st->link.state = GUI_LINK_ONLINE;
        if (st->screen == GUI_SCREEN_START) st->screen = GUI_SCREEN_LOGIN;
        break;
    case CL_EV_SESSION: {
        bool first = !st->logged_in;
        st->me = ev->m.session;
        st->logged_in = true;
        if (first || !st->me.resumed) {
            st->my_status = st->me.status;
            if (!st->me.resumed) st->my_status_text[0] = '\0';
        }
        st->link.state = GUI_LINK_ONLINE;
        st->login_error[0] = '\0';
        st->login_req = 0;
        if (st->screen == GUI_SCREEN_START || st->screen == GUI_SCREEN_LOGIN)
            st->screen = GUI_SCREEN_ROOM;
        /* ask each room again when shown: members may have changed while we were away */
        for (int i = 0; i < st->convo_count; i++) st->convos[i]->loaded = false;
        gui_str_copy(st->settings.name, sizeof st->settings.name, st->me.name);
        break;
    }
    case CL_EV_AUTH_FAILED:
        gui_str_copy(st->login_error, sizeof st->login_error, ev->text);
        gui_state_note(st, GUI_NOTE_ERROR, "%s", ev->text);
        st->logged_in = false;
        st->screen = GUI_SCREEN_LOGIN;
        break;
    case CL_EV_MSG:
        gui_state_on_msg(st, ev, now_ms);
        break;
    case CL_EV_QUEUED: {
        gui_convo *c = gui_state_chat_convo(st, ev);
        if (c)
            gui_convo_add_local(c, st->me.name[0] ? st->me.name : "you", ev->chat_text,
                                GUI_LINE_OWN | GUI_LINE_PENDING, ev->client_msg_id, now_ms);
        st->link.outbox = ev->pending;
        break;
    }
    case CL_EV_REQUEST_LOST:
        if (ev->req == st->join_req) st->join_req = 0;
        if (ev->req == st->create_req) st->create_req = 0;
        if (ev->req == st->login_req) st->login_req = 0;
        if (ev->req == st->status_req) st->status_req = 0;
        if (ev->req == st->search_req) st->search_req = 0;
        if (ev->req_type == MSG_HISTORY || ev->req_type == MSG_ROOM_JOIN) {
            for (int i = 0; i < st->convo_count; i++) st->convos[i]->history_pending = false;
            gui_convo *c = gui_state_find_room_convo(st, ev->req_room);
            if (c) c->loaded = false; /* asked again once the link is back */
        }
        if (!ev->internal) gui_state_note(st, GUI_NOTE_WARNING, "%s", ev->text);
        break;
    case CL_EV_DISCONNECTED:
        st->link.state = GUI_LINK_WAITING;
        gui_str_copy(st->link.text, sizeof st->link.text, ev->text);
        st->link.have_rtt = st->link.have_loss = false;
        gui_state_note(st, GUI_NOTE_WARNING, "Connection lost (%s); reconnecting", ev->text);
        break;
    case CL_EV_RECONNECTING:
        st->link.state = GUI_LINK_WAITING;
        st->link.attempt = ev->attempt;
        st->link.retry_at_ms = now_ms + (int64_t)(ev->delay * 1000.0);
        break;
    case CL_EV_STOPPED:
        st->link.state = GUI_LINK_STOPPED;
        gui_str_copy(st->link.text, sizeof st->link.text, ev->text);
        st->logged_in = false;
        if (ev->stop != CL_STOP_CLOSED && ev->stop != CL_STOP_IDENTITY) {
            st->stopped_prompt = true;
            gui_str_copy(st->stopped_text, sizeof st->stopped_text, ev->text);
        }
        break;
    case CL_EV_ERROR:
        gui_state_note(st, GUI_NOTE_ERROR, "%s", ev->text);
        break;
    case CL_EV_OUTBOX_LOADED:
        st->link.outbox = ev->pending;
        gui_state_note(st, GUI_NOTE_INFO, "%s", ev->text);
        break;
    case CL_EV_NONE:
        break;
    }
    gui_state_check_room(st);
}
