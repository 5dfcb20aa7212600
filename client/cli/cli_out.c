/* cli_out.c — printing events as text or JSON lines (see cli_out.h, docs/CLI.md). */
#include "cli_out.h"

#include "cl_json.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool cli_out_init(cli_out *o, bool json, FILE *f)
{
    o->json = json;
    o->f = f;
    o->buf = malloc(CLI_OUT_BYTES);
    return o->buf != NULL;
}

void cli_out_free(cli_out *o)
{
    free(o->buf);
    o->buf = NULL;
}

/* ---- helpers ----------------------------------------------------------------------------- */

/* Network text for a terminal: control characters (C0, DEL, C1) become '?'. */
static const char *cli_out_clean(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 1 < cap; p++) {
        unsigned char c = *p;
        if (c < 0x20 || c == 0x7f) {
            out[o++] = '?';
        } else if (c == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
            out[o++] = '?';
            p++;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return out;
}

static void cli_out_text(cli_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->buf, CLI_OUT_BYTES, fmt, ap);
    va_end(ap);
    char *clean = malloc(strlen(o->buf) + 1);
    if (!clean) return;
    /* the format itself is ours: only strip what could drive the terminal */
    cli_out_clean(o->buf, clean, strlen(o->buf) + 1);
    fprintf(o->f, "%s\n", clean);
    fflush(o->f);
    free(clean);
}

static void cli_out_begin(cli_out *o, cl_json *j, const char *type)
{
    cl_json_init(j, o->buf, CLI_OUT_BYTES);
    cl_json_object(j, NULL);
    cl_json_str(j, "type", type);
}

static void cli_out_end(cli_out *o, cl_json *j)
{
    cl_json_end(j);
    if (!cl_json_ok(j)) {
        fprintf(o->f, "{\"type\":\"error\",\"code\":\"output_too_long\",\"text\":\"an event did "
                      "not fit the output buffer\"}\n");
    } else {
        fprintf(o->f, "%s\n", cl_json_text(j));
    }
    fflush(o->f);
}

static void cli_out_lower(const char *in, char *out, size_t cap)
{
    size_t i = 0;
    for (; in[i] && i + 1 < cap; i++)
        out[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] - 'A' + 'a') : in[i];
    out[i] = '\0';
}

static const char *cli_out_room_name(const cl_session *s, uint32_t id, char *tmp, size_t cap)
{
    const cl_room *r = id ? cl_session_room(s, id) : NULL;
    if (r && r->name[0]) return r->name;
    snprintf(tmp, cap, "#%u", (unsigned)id);
    return tmp;
}

static void cli_out_json_room(cl_json *j, const char *key, const msg_room_info *r)
{
    cl_json_object(j, key);
    cl_json_uint(j, "id", r->room_id);
    cl_json_str(j, "name", r->name);
    cl_json_str(j, "topic", r->topic);
    cl_json_bool(j, "private", r->is_private);
    cl_json_bool(j, "joined", r->joined);
    cl_json_uint(j, "online", r->online);
    cl_json_uint(j, "total", r->total);
    cl_json_uint(j, "owner_id", r->owner_id);
    cl_json_end(j);
}

static void cli_out_json_member(cl_json *j, const char *key, const msg_member *m)
{
    cl_json_object(j, key);
    cl_json_uint(j, "user_id", m->user_id);
    cl_json_str(j, "name", m->name);
    cl_json_str(j, "role", msg_role_name(m->role));
    cl_json_str(j, "status", msg_status_name(m->status));
    cl_json_bool(j, "muted", m->muted);
    cl_json_str(j, "status_text", m->status_text);
    cl_json_end(j);
}

static const char *cli_out_member_event_name(msg_member_event_kind k)
{
    static const char *names[] = {"joined", "left", "role", "kicked", "muted", "unmuted", "banned"};
    return (unsigned)k < MSG_MEMBER_EV_COUNT ? names[k] : "unknown";
}

static const char *cli_out_notice_name(msg_notice_kind k)
{
    static const char *names[] = {"broadcast", "kicked",       "banned",
                                  "muted",     "rate_limited", "shutdown"};
    return (unsigned)k < MSG_NOTICE_KIND_COUNT ? names[k] : "unknown";
}

static const char *cli_out_room_event_name(msg_room_event_kind k)
{
    static const char *names[] = {"created", "updated", "deleted"};
    return (unsigned)k < MSG_ROOM_EV_COUNT ? names[k] : "unknown";
}

static const char *cli_out_reason_name(conn_reason r)
{
    switch (r) {
    case CONN_REASON_NONE:
        return "refused"; /* ended by the session: the server said no */
    case CONN_REASON_TIMEOUT:
        return "timeout";
    case CONN_REASON_HANDSHAKE_TIMEOUT:
        return "handshake_timeout";
    case CONN_REASON_CLOSED:
        return "closed";
    case CONN_REASON_PEER_CLOSED:
        return "server_closed";
    case CONN_REASON_DENIED_FULL:
        return "server_full";
    case CONN_REASON_DENIED_VERSION:
        return "version";
    case CONN_REASON_BAD_SIGNATURE:
        return "bad_signature";
    case CONN_REASON_REPLACED:
        return "replaced";
    }
    return "unknown";
}

static const char *cli_out_known_name(cl_known_result k)
{
    switch (k) {
    case CL_KNOWN_NEW:
        return "new";
    case CL_KNOWN_REPLACED:
        return "replaced";
    case CL_KNOWN_CHANGED:
        return "changed";
    case CL_KNOWN_MATCH:
        return "match";
    default:
        return "error";
    }
}

/* ---- messages from the server -------------------------------------------------------------- */

static void cli_out_result(cli_out *o, const cl_session *s, const cl_event *ev)
{
    const msg_result *r = &ev->m.result;
    bool ok = r->err == MSG_OK;
    bool login = ev->req_type == MSG_HELLO || ev->req_type == MSG_RESUME ||
                 ev->req_type == MSG_LOGIN || ev->req_type == MSG_GUEST ||
                 ev->req_type == MSG_REGISTER;
    /* the session's own bookkeeping; its log-in failures come as auth_failed events */
    if (ev->internal && (ok || login)) return;
    char type[40], tmp[16];
    cli_out_lower(msg_type_name(ev->req_type), type, sizeof type);
    const char *text = r->text[0] ? r->text : msg_err_str(r->err);
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "result");
        cl_json_uint(&j, "req", ev->req);
        cl_json_str(&j, "request", type);
        cl_json_bool(&j, "ok", ok);
        cl_json_str(&j, "error", msg_err_name(r->err));
        cl_json_str(&j, "text", ok ? "" : text);
        cl_json_uint(&j, "id", r->id);
        cl_json_uint(&j, "retry_after_ms", r->retry_after_ms);
        cl_json_str(&j, "target", ev->req_name);
        bool made = ev->req_type == MSG_ROOM_JOIN || ev->req_type == MSG_ROOM_CREATE;
        cl_json_uint(&j, "room_id", ev->req_room ? ev->req_room : made && ok ? r->id : 0);
        cl_json_bool(&j, "internal", ev->internal);
        cli_out_end(o, &j);
        return;
    }
    const char *target = ev->req_name[0] ? ev->req_name
                         : ev->req_room  ? cli_out_room_name(s, ev->req_room, tmp, sizeof tmp)
                                         : "";
    if (!ok) {
        char retry[64] = "";
        if (r->retry_after_ms)
            snprintf(retry, sizeof retry, " (try again in %.1f s)", r->retry_after_ms / 1000.0);
        cli_out_text(o, "error: %s%s%s%s: %s [%s]%s", ev->internal ? "(automatic) " : "", type,
                     target[0] ? " " : "", target, text, msg_err_name(r->err), retry);
        return;
    }
    switch (ev->req_type) {
    case MSG_ROOM_JOIN:
        cli_out_text(o, "*** joined %s", target);
        break;
    case MSG_ROOM_CREATE:
        cli_out_text(o, "*** created and joined %s", target);
        break;
    case MSG_ROOM_LEAVE:
        cli_out_text(o, "*** left %s", target);
        break;
    case MSG_ROOM_DELETE:
        cli_out_text(o, "*** deleted %s", target);
        break;
    case MSG_STATUS_SET:
        cli_out_text(o, "*** status set");
        break;
    case MSG_LOGOUT:
        cli_out_text(o, "*** logged out");
        break;
    case MSG_KICK:
        cli_out_text(o, "*** kicked %s", target);
        break;
    case MSG_BAN:
        cli_out_text(o, "*** banned %s", target);
        break;
    case MSG_MUTE:
        cli_out_text(o, "*** mute of %s set", target);
        break;
    default:
        break; /* the data came before */
    }
}

static void cli_out_chat(cli_out *o, const cl_session *s, const cl_event *ev)
{
    const msg_chat_message *m = &ev->m.chat_message;
    if (ev->seen) return; /* shown before the reconnect */
    const msg_session *me = cl_session_me(s);
    bool own = me && m->sender_id == me->user_id;
    char tmp[16];
    const char *room = m->room_id ? cli_out_room_name(s, m->room_id, tmp, sizeof tmp) : "";
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "chat");
        cl_json_uint(&j, "server_id", m->server_id);
        cl_json_uint(&j, "time_ms", m->timestamp_ms);
        cl_json_uint(&j, "client_msg_id", m->client_msg_id);
        cl_json_uint(&j, "room_id", m->room_id);
        cl_json_str(&j, "room", room);
        cl_json_uint(&j, "from_id", m->sender_id);
        cl_json_str(&j, "from", m->sender);
        cl_json_uint(&j, "to_id", m->to_id);
        cl_json_str(&j, "to", m->to);
        cl_json_bool(&j, "dm", m->dm);
        cl_json_bool(&j, "history", m->history);
        cl_json_bool(&j, "edited", m->edited);
        cl_json_bool(&j, "deleted", m->deleted);
        cl_json_bool(&j, "own", own);
        cl_json_str(&j, "text", m->text);
        cl_json_uint(&j, "note_ms", m->note_ms); /* a voice note: /playnote server_id */
        cli_out_end(o, &j);
        return;
    }
    const char *text = m->deleted ? "(deleted)" : m->text;
    const char *mark = m->edited && !m->deleted ? " (edited)" : "";
    char note[48];
    if (m->note_ms && !m->deleted) { /* "voice note, 12.3 s [note 17]" */
        snprintf(note, sizeof note, " [note %llu]", (unsigned long long)m->server_id);
        mark = note;
    }
    if (m->dm)
        cli_out_text(o, "[DM] %s -> %s: %s%s", m->sender, m->to, text, mark);
    else
        cli_out_text(o, "[%s] %s: %s%s", room, m->sender, text, mark);
}

static void cli_out_ack(cli_out *o, const cl_session *s, const cl_event *ev)
{
    const msg_chat_ack *a = &ev->m.chat_ack;
    char tmp[16];
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "ack");
        cl_json_uint(&j, "client_msg_id", a->client_msg_id);
        cl_json_bool(&j, "ok", a->err == MSG_OK);
        cl_json_str(&j, "error", msg_err_name(a->err));
        cl_json_uint(&j, "server_id", a->server_id);
        cl_json_uint(&j, "time_ms", a->timestamp_ms);
        cl_json_bool(&j, "duplicate", a->duplicate);
        cl_json_bool(&j, "retry", ev->retrying);
        cl_json_uint(&j, "retry_after_ms", a->retry_after_ms);
        cl_json_uint(&j, "room_id", ev->chat_room);
        cl_json_str(&j, "to", ev->chat_to);
        cl_json_uint(&j, "pending", ev->pending);
        cli_out_end(o, &j);
        return;
    }
    if (a->err == MSG_OK) return;
    if (ev->retrying) {
        if (a->err == MSG_ERR_RATE_LIMITED)
            cli_out_text(o, "*** sending too fast: the server asks to wait %.1f s; resending then",
                         a->retry_after_ms / 1000.0);
        return;
    }
    const char *where = ev->chat_to[0]  ? ev->chat_to
                        : ev->chat_room ? cli_out_room_name(s, ev->chat_room, tmp, sizeof tmp)
                                        : "?";
    cli_out_text(o, "error: not delivered to %s: %s [%s] (\"%.60s\")", where, msg_err_str(a->err),
                 msg_err_name(a->err), ev->chat_text);
}

static void cli_out_rooms(cli_out *o, const cl_event *ev)
{
    const msg_room_list_items *l = &ev->m.room_list_items;
    if (ev->internal || ev->req_type != MSG_ROOM_LIST) return;
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "rooms");
        cl_json_uint(&j, "req", ev->req);
        cl_json_bool(&j, "last", l->last);
        cl_json_array(&j, "rooms");
        for (uint32_t i = 0; i < l->count; i++) cli_out_json_room(&j, NULL, &l->rooms[i]);
        cl_json_end(&j);
        cli_out_end(o, &j);
        return;
    }
    for (uint32_t i = 0; i < l->count; i++) {
        const msg_room_info *r = &l->rooms[i];
        cli_out_text(o, "  %-24s %u/%u online%s%s%s%s", r->name, (unsigned)r->online,
                     (unsigned)r->total, r->is_private ? "  [private]" : "",
                     r->joined ? "  [joined]" : "", r->topic[0] ? "  " : "", r->topic);
    }
    if (l->last && l->count == 0) cli_out_text(o, "  (no rooms)");
}

static void cli_out_members(cli_out *o, const cl_session *s, const cl_event *ev)
{
    const msg_member_list *l = &ev->m.member_list;
    if (ev->internal) return;
    char tmp[16];
    const char *room = cli_out_room_name(s, l->room_id, tmp, sizeof tmp);
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "members");
        cl_json_uint(&j, "req", ev->req);
        cl_json_str(&j, "request", ev->req_type == MSG_ROOM_JOIN ? "room_join" : "members");
        cl_json_uint(&j, "room_id", l->room_id);
        cl_json_str(&j, "room", room);
        cl_json_bool(&j, "last", l->last);
        cl_json_array(&j, "members");
        for (uint32_t i = 0; i < l->count; i++) cli_out_json_member(&j, NULL, &l->members[i]);
        cl_json_end(&j);
        cli_out_end(o, &j);
        return;
    }
    if (ev->req_type != MSG_MEMBERS) return; /* a join: the member events tell the rest */
    cli_out_text(o, "members of %s:", room);
    for (uint32_t i = 0; i < l->count; i++) {
        const msg_member *m = &l->members[i];
        cli_out_text(o, "  %-20s %-9s %s%s%s%s", m->name, msg_status_name(m->status),
                     msg_role_name(m->role), m->muted ? "  [muted]" : "",
                     m->status_text[0] ? "  " : "", m->status_text);
    }
}

static void cli_out_member_event(cli_out *o, const cl_session *s, const cl_event *ev)
{
    const msg_member_event *e = &ev->m.member_event;
    char tmp[16];
    const char *room = cli_out_room_name(s, e->room_id, tmp, sizeof tmp);
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "member");
        cl_json_str(&j, "event", cli_out_member_event_name(e->kind));
        cl_json_uint(&j, "room_id", e->room_id);
        cl_json_str(&j, "room", room);
        cl_json_uint(&j, "user_id", e->member.user_id);
        cl_json_str(&j, "name", e->member.name);
        cl_json_str(&j, "role", msg_role_name(e->member.role));
        cl_json_str(&j, "status", msg_status_name(e->member.status));
        cl_json_bool(&j, "muted", e->member.muted);
        cl_json_str(&j, "by", e->by);
        cl_json_uint(&j, "seconds", e->seconds);
        cl_json_str(&j, "reason", e->reason);
        cli_out_end(o, &j);
        return;
    }
    const char *name = e->member.name;
    char by[64] = "", why[256] = "";
    if (e->by[0]) snprintf(by, sizeof by, " by %s", e->by);
    if (e->reason[0]) snprintf(why, sizeof why, ": %s", e->reason);
    switch (e->kind) {
    case MSG_MEMBER_EV_JOINED:
        cli_out_text(o, "*** %s joined %s", name, room);
        break;
    case MSG_MEMBER_EV_LEFT:
        cli_out_text(o, "*** %s left %s", name, room);
        break;
    case MSG_MEMBER_EV_ROLE:
        cli_out_text(o, "*** %s is now %s%s", name, msg_role_name(e->member.role), by);
        break;
    case MSG_MEMBER_EV_KICKED:
        cli_out_text(o, "*** %s was kicked from %s%s%s", name, room, by, why);
        break;
    case MSG_MEMBER_EV_MUTED:
        cli_out_text(o, "*** %s is muted in %s for %u s%s%s", name, room, (unsigned)e->seconds, by,
                     why);
        break;
    case MSG_MEMBER_EV_UNMUTED:
        cli_out_text(o, "*** %s is no longer muted in %s", name, room);
        break;
    case MSG_MEMBER_EV_BANNED:
        cli_out_text(o, "*** %s was banned%s%s", name, by, why);
        break;
    default:
        break;
    }
}

static void cli_out_notice(cli_out *o, const cl_session *s, const cl_event *ev)
{
    const msg_notice *n = &ev->m.notice;
    char tmp[16];
    const char *room = n->room_id ? cli_out_room_name(s, n->room_id, tmp, sizeof tmp) : "";
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "notice");
        cl_json_str(&j, "kind", cli_out_notice_name(n->kind));
        cl_json_uint(&j, "room_id", n->room_id);
        cl_json_str(&j, "room", room);
        cl_json_str(&j, "by", n->by);
        cl_json_uint(&j, "seconds", n->seconds);
        cl_json_uint(&j, "retry_after_ms", n->retry_after_ms);
        cl_json_str(&j, "text", n->text);
        cli_out_end(o, &j);
        return;
    }
    char by[64] = "", why[1100] = "";
    if (n->by[0]) snprintf(by, sizeof by, " by %s", n->by);
    if (n->text[0]) snprintf(why, sizeof why, ": %s", n->text);
    switch (n->kind) {
    case MSG_NOTICE_BROADCAST:
        cli_out_text(o, "*** [broadcast%s] %s", by, n->text);
        break;
    case MSG_NOTICE_KICKED:
        if (n->room_id)
            cli_out_text(o, "*** you were kicked from %s%s%s", room, by, why);
        else
            cli_out_text(o, "*** you were kicked from the server%s%s", by, why);
        break;
    case MSG_NOTICE_BANNED:
        if (n->seconds)
            cli_out_text(o, "*** you are banned for %u s%s%s", n->seconds, by, why);
        else
            cli_out_text(o, "*** you are banned%s%s", by, why);
        break;
    case MSG_NOTICE_MUTED:
        if (n->seconds)
            cli_out_text(o, "*** you are muted in %s for %u s%s%s", room, n->seconds, by, why);
        else
            cli_out_text(o, "*** you are no longer muted in %s", room);
        break;
    case MSG_NOTICE_RATE_LIMITED:
        cli_out_text(o, "*** slow down: the server refuses traffic for %.1f s%s",
                     n->retry_after_ms / 1000.0, why);
        break;
    case MSG_NOTICE_SHUTDOWN:
        cli_out_text(o, "*** the server is shutting down%s", why);
        break;
    default:
        break;
    }
}

static void cli_out_search(cli_out *o, const cl_event *ev)
{
    const msg_user_search_result *r = &ev->m.user_search_result;
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "search");
        cl_json_uint(&j, "req", ev->req);
        cl_json_str(&j, "query", ev->req_name);
        cl_json_bool(&j, "more", r->more);
        cl_json_array(&j, "users");
        for (uint32_t i = 0; i < r->count; i++) {
            const msg_user_info *u = &r->users[i];
            cl_json_object(&j, NULL);
            cl_json_uint(&j, "user_id", u->user_id);
            cl_json_str(&j, "name", u->name);
            cl_json_str(&j, "role", msg_role_name(u->role));
            cl_json_str(&j, "status", msg_status_name(u->status));
            cl_json_end(&j);
        }
        cl_json_end(&j);
        cli_out_end(o, &j);
        return;
    }
    if (r->count == 0) cli_out_text(o, "  (nobody matches \"%s\")", ev->req_name);
    for (uint32_t i = 0; i < r->count; i++)
        cli_out_text(o, "  %-20s %-9s %s", r->users[i].name, msg_status_name(r->users[i].status),
                     msg_role_name(r->users[i].role));
    if (r->more) cli_out_text(o, "  ... more match; narrow the search");
}

static void cli_out_msg(cli_out *o, const cl_session *s, const cl_event *ev)
{
    const msg *m = &ev->m;
    char tmp[16];
    cl_json j;
    switch (m->type) {
    case MSG_RESULT:
        cli_out_result(o, s, ev);
        return;
    case MSG_CHAT_MESSAGE:
        cli_out_chat(o, s, ev);
        return;
    case MSG_CHAT_ACK:
        cli_out_ack(o, s, ev);
        return;
    case MSG_ROOM_LIST_ITEMS:
        cli_out_rooms(o, ev);
        return;
    case MSG_MEMBER_LIST:
        cli_out_members(o, s, ev);
        return;
    case MSG_MEMBER_EVENT:
        cli_out_member_event(o, s, ev);
        return;
    case MSG_NOTICE:
        cli_out_notice(o, s, ev);
        return;
    case MSG_USER_SEARCH_RESULT:
        cli_out_search(o, ev);
        return;
    case MSG_PRESENCE:
        if (o->json) {
            cli_out_begin(o, &j, "presence");
            cl_json_uint(&j, "user_id", m->presence.user_id);
            cl_json_str(&j, "name", m->presence.name);
            cl_json_str(&j, "status", msg_status_name(m->presence.status));
            cl_json_str(&j, "text", m->presence.text);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "*** %s is %s%s%s", m->presence.name,
                         msg_status_name(m->presence.status), m->presence.text[0] ? ": " : "",
                         m->presence.text);
        }
        return;
    case MSG_ROOM_EVENT: {
        const msg_room_event *e = &m->room_event;
        if (o->json) {
            cli_out_begin(o, &j, "room_event");
            cl_json_str(&j, "event", cli_out_room_event_name(e->kind));
            cli_out_json_room(&j, "room", &e->room);
            cli_out_end(o, &j);
        } else if (e->kind == MSG_ROOM_EV_CREATED) {
            cli_out_text(o, "*** room %s was created", e->room.name);
        } else if (e->kind == MSG_ROOM_EV_DELETED) {
            cli_out_text(o, "*** room %s was deleted", e->room.name);
        }
        return;
    }
    case MSG_HISTORY_END: {
        const msg_history_end *h = &m->history_end;
        if (ev->internal || ev->req_type != MSG_HISTORY) return;
        if (o->json) {
            cli_out_begin(o, &j, "history_end");
            cl_json_uint(&j, "req", h->req);
            cl_json_uint(&j, "room_id", h->room_id);
            cl_json_str(&j, "room",
                        h->room_id ? cli_out_room_name(s, h->room_id, tmp, sizeof tmp) : "");
            cl_json_uint(&j, "peer_id", h->peer_id);
            cl_json_bool(&j, "ok", h->err == MSG_OK);
            cl_json_str(&j, "error", msg_err_name(h->err));
            cl_json_bool(&j, "more", h->more);
            cli_out_end(o, &j);
        } else if (h->err != MSG_OK) {
            cli_out_text(o, "error: history: %s [%s]", msg_err_str(h->err), msg_err_name(h->err));
        } else {
            cli_out_text(o, h->more ? "*** (older messages: /history again)"
                                    : "*** (no older messages)");
        }
        return;
    }
    case MSG_TYPING:
        if (o->json) {
            cli_out_begin(o, &j, "typing");
            cl_json_uint(&j, "room_id", m->typing.room_id);
            cl_json_uint(&j, "peer_id", m->typing.peer_id);
            cl_json_uint(&j, "user_id", m->typing.user_id);
            cl_json_str(&j, "name", m->typing.name);
            cl_json_bool(&j, "on", m->typing.on);
            cli_out_end(o, &j);
        }
        return;
    default:
        return;
    }
}

/* ---- session events ---------------------------------------------------------------------- */

static void cli_out_simple(cli_out *o, const char *type, const char *text)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, type);
        cl_json_str(&j, "text", text);
        cli_out_end(o, &j);
    } else {
        cli_out_text(o, "*** %s", text);
    }
}

void cli_out_event(cli_out *o, const cl_session *s, const cl_event *ev)
{
    cl_json j;
    char hex[CL_KEY_HEX_SIZE], fp[CL_FINGERPRINT_SIZE];
    switch (ev->type) {
    case CL_EV_MSG:
        cli_out_msg(o, s, ev);
        return;
    case CL_EV_CONNECTING:
        if (o->json) {
            cli_out_begin(o, &j, "connecting");
            cl_json_str(&j, "server", cl_session_server(s));
            cl_json_uint(&j, "attempt", ev->attempt);
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else if (ev->attempt == 1) {
            cli_out_text(o, "*** %s", ev->text);
        }
        return;
    case CL_EV_IDENTITY:
        if (o->json) {
            cli_out_begin(o, &j, "identity");
            cl_json_str(&j, "status", cli_out_known_name(ev->known));
            cl_json_str(&j, "server", cl_session_server(s));
            cl_known_hex(ev->key, hex);
            cl_known_fingerprint(ev->key, fp);
            cl_json_str(&j, "key", hex);
            cl_json_str(&j, "fingerprint", fp);
            if (ev->known != CL_KNOWN_NEW) {
                cl_known_hex(ev->old_key, hex);
                cl_known_fingerprint(ev->old_key, fp);
                cl_json_str(&j, "old_key", hex);
                cl_json_str(&j, "old_fingerprint", fp);
            }
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "%s %s", ev->known == CL_KNOWN_CHANGED ? "!!!" : "***", ev->text);
        }
        return;
    case CL_EV_CONNECTED: {
        const msg_server_info *i = &ev->m.server_info;
        if (o->json) {
            cli_out_begin(o, &j, "connected");
            cl_json_str(&j, "server", cl_session_server(s));
            cl_json_str(&j, "name", i->name);
            cl_json_uint(&j, "protocol", i->version);
            cl_json_str(&j, "server_version", i->server_version);
            cl_json_uint(&j, "users_online", i->users_online);
            cl_json_uint(&j, "users_max", i->users_max);
            cl_json_bool(&j, "guests_allowed", i->guests_allowed);
            cl_json_bool(&j, "register_allowed", i->register_allowed);
            cl_json_str(&j, "motd", i->motd);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "*** connected to %s (parley-server %s), %u online", i->name,
                         i->server_version, (unsigned)i->users_online);
            if (i->motd[0]) cli_out_text(o, "*** %s", i->motd);
        }
        return;
    }
    case CL_EV_SESSION: {
        const msg_session *m = &ev->m.session;
        if (o->json) {
            cli_out_begin(o, &j, "session");
            cl_json_uint(&j, "user_id", m->user_id);
            cl_json_str(&j, "name", m->name);
            cl_json_str(&j, "role", msg_role_name(m->role));
            cl_json_str(&j, "status", msg_status_name(m->status));
            cl_json_bool(&j, "resumed", m->resumed);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "*** %s %s (%s)", m->resumed ? "session resumed as" : "logged in as",
                         m->name, msg_role_name(m->role));
        }
        return;
    }
    case CL_EV_AUTH_FAILED:
        if (o->json) {
            cli_out_begin(o, &j, "auth_failed");
            cl_json_str(&j, "error", msg_err_name(ev->err));
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "error: %s [%s]", ev->text, msg_err_name(ev->err));
        }
        return;
    case CL_EV_QUEUED:
        if (o->json) {
            cli_out_begin(o, &j, "queued");
            cl_json_uint(&j, "client_msg_id", ev->client_msg_id);
            cl_json_uint(&j, "room_id", ev->chat_room);
            cl_json_str(&j, "room",
                        ev->chat_room ? cli_out_room_name(s, ev->chat_room, fp, sizeof fp) : "");
            cl_json_str(&j, "to", ev->chat_to);
            cl_json_str(&j, "text", ev->chat_text);
            cl_json_uint(&j, "pending", ev->pending);
            cli_out_end(o, &j);
        } else if (cl_session_state(s) != CL_STATE_READY) {
            cli_out_text(o,
                         "*** not connected: message kept (%u waiting), sent when the server "
                         "is back",
                         (unsigned)ev->pending);
        }
        return;
    case CL_EV_REQUEST_LOST:
        if (o->json) {
            char type[40];
            cli_out_lower(msg_type_name(ev->req_type), type, sizeof type);
            cli_out_begin(o, &j, "request_lost");
            cl_json_uint(&j, "req", ev->req);
            cl_json_str(&j, "request", type);
            cl_json_str(&j, "target", ev->req_name);
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "error: %s", ev->text);
        }
        return;
    case CL_EV_DISCONNECTED:
        if (o->json) {
            cli_out_begin(o, &j, "disconnected");
            cl_json_str(&j, "reason", cli_out_reason_name(ev->reason));
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "*** disconnected: %s", ev->text);
        }
        return;
    case CL_EV_RECONNECTING:
        if (o->json) {
            cli_out_begin(o, &j, "reconnecting");
            cl_json_num(&j, "delay", ev->delay);
            cl_json_uint(&j, "attempt", ev->attempt);
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "*** %s", ev->text);
        }
        return;
    case CL_EV_STOPPED:
        if (o->json) {
            cli_out_begin(o, &j, "stopped");
            cl_json_str(&j, "reason", cl_stop_name(ev->stop));
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else if (ev->stop != CL_STOP_CLOSED) {
            cli_out_text(o, "*** stopped: %s", ev->text);
        }
        return;
    case CL_EV_ERROR:
        cli_out_error(o, "session", "%s", ev->text);
        return;
    case CL_EV_OUTBOX_LOADED:
        if (o->json) {
            cli_out_begin(o, &j, "outbox");
            cl_json_uint(&j, "pending", ev->pending);
            cl_json_str(&j, "text", ev->text);
            cli_out_end(o, &j);
        } else {
            cli_out_text(o, "*** %s", ev->text);
        }
        return;
    case CL_EV_NONE:
        return;
    }
}

/* ---- local lines ------------------------------------------------------------------------- */

void cli_out_error(cli_out *o, const char *code, const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "error");
        cl_json_str(&j, "code", code);
        cl_json_str(&j, "text", text);
        cli_out_end(o, &j);
    } else {
        cli_out_text(o, "error: %s", text);
    }
}

void cli_out_info(cli_out *o, const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    cli_out_simple(o, "info", text);
}

void cli_out_help(cli_out *o, const char *text)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "help");
        cl_json_str(&j, "text", text);
        cli_out_end(o, &j);
    } else {
        fputs(text, o->f);
        fflush(o->f);
    }
}

void cli_out_current(cli_out *o, uint32_t room_id, const char *room)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "current");
        cl_json_uint(&j, "room_id", room_id);
        cl_json_str(&j, "room", room);
        cli_out_end(o, &j);
    } else if (room_id) {
        cli_out_text(o, "*** now talking in %s", room);
    } else {
        cli_out_text(o, "*** no current room (/join NAME)");
    }
}

void cli_out_found(cli_out *o, const cl_found *f)
{
    char addr[NET_ADDR_STR_MAX];
    net_addr_str(&f->addr, addr);
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "server");
        cl_json_str(&j, "name", f->info.name);
        cl_json_uint(&j, "users", f->info.users);
        cl_json_str(&j, "address", addr);
        cl_json_str(&j, "version", f->info.version);
        cli_out_end(o, &j);
    } else {
        cli_out_text(o, "%-32s %5u users  %-21s  %s", f->info.name, (unsigned)f->info.users, addr,
                     f->info.version);
    }
}

void cli_out_discover_done(cli_out *o, size_t count)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "discover_done");
        cl_json_uint(&j, "count", count);
        cli_out_end(o, &j);
    } else if (count == 0) {
        cli_out_text(o, "no servers answered");
    }
}

void cli_out_exit(cli_out *o, int code, size_t pending)
{
    if (!o->json) {
        if (pending)
            cli_out_text(o,
                         "*** %zu message%s not acknowledged yet: kept in the outbox, sent on "
                         "the next start",
                         pending, pending == 1 ? "" : "s");
        return;
    }
    cl_json j;
    cli_out_begin(o, &j, "exit");
    cl_json_int(&j, "code", code);
    cl_json_uint(&j, "pending", pending);
    cli_out_end(o, &j);
}

void cli_out_voice_talk(cli_out *o, uint32_t user, bool start)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, start ? "talk_start" : "talk_stop");
        cl_json_uint(&j, "user_id", user);
        cl_json_bool(&j, "self", user == 0);
        cli_out_end(o, &j);
    } else if (user == 0) {
        cli_out_text(o, "*** you %s talking", start ? "started" : "stopped");
    } else {
        cli_out_text(o, "*** user %u %s talking", (unsigned)user, start ? "started" : "stopped");
    }
}

/* Scripts wait for it before talking, instead of guessing how long the join takes. */
void cli_out_voice_joined(cli_out *o, uint32_t room_id)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "voice_joined");
        cl_json_uint(&j, "room_id", room_id);
        cl_json_bool(&j, "on", room_id != 0);
        cli_out_end(o, &j);
    } else if (room_id) {
        cli_out_text(o, "*** in the voice of room %u", (unsigned)room_id);
    } else {
        cli_out_text(o, "*** out of room voice");
    }
}

void cli_out_voice_level(cli_out *o, float dbfs, float meter, bool talking)
{
    if (!o->json) return;
    cl_json j;
    cli_out_begin(o, &j, "voice_level");
    cl_json_int(&j, "dbfs", (int64_t)(dbfs < -120.0f ? -120.0f : dbfs));
    cl_json_uint(&j, "meter_pct", (uint64_t)(meter * 100.0f + 0.5f));
    cl_json_bool(&j, "talking", talking);
    cli_out_end(o, &j);
}

void cli_out_voice_state(cli_out *o, bool on, uint32_t room_id, bool muted, bool deafened, bool ptt,
                         const char *mode)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "voice");
        cl_json_bool(&j, "on", on);
        cl_json_uint(&j, "room_id", on ? room_id : 0);
        cl_json_bool(&j, "muted", muted);
        cl_json_bool(&j, "deafened", deafened);
        cl_json_bool(&j, "ptt", ptt);
        cl_json_str(&j, "mode", mode);
        cli_out_end(o, &j);
    } else {
        cli_out_text(o, "*** voice %s%s%s%s (%s)", on ? "on" : "off", muted ? ", muted" : "",
                     deafened ? ", deafened" : "", ptt ? ", talking (push-to-talk)" : "", mode);
    }
}

void cli_out_voice_stats(cli_out *o, uint64_t frames, uint64_t sent, uint64_t received,
                         uint64_t rejected, uint64_t send_failed)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "voice_stats");
        cl_json_uint(&j, "frames", frames);
        cl_json_uint(&j, "packets_sent", sent);
        cl_json_uint(&j, "packets_received", received);
        cl_json_uint(&j, "packets_rejected", rejected);
        cl_json_uint(&j, "send_failed", send_failed);
        cli_out_end(o, &j);
    } else {
        cli_out_text(o, "*** voice: %llu frames, %llu packets sent, %llu received",
                     (unsigned long long)frames, (unsigned long long)sent,
                     (unsigned long long)received);
    }
}

void cli_out_note(cli_out *o, const char *what, uint64_t server_id, uint32_t ms, const char *path,
                  const char *text)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "note");
        cl_json_str(&j, "event", what);
        cl_json_uint(&j, "server_id", server_id);
        cl_json_uint(&j, "ms", ms);
        cl_json_str(&j, "path", path ? path : "");
        cl_json_str(&j, "text", text);
        cli_out_end(o, &j);
    } else {
        cli_out_text(o, "*** %s", text);
    }
}

/* ---- 1:1 calls ----------------------------------------------------------------------------- */

/* Why a call ended, for people. */
static void cli_out_call_why(const cl_call *c, const char *peer, char *out, size_t cap)
{
    switch (c->reason) {
    case MSG_CALL_R_DECLINED:
        snprintf(out, cap, c->by_peer ? "%s declined" : "you declined", peer);
        return;
    case MSG_CALL_R_BUSY:
        snprintf(out, cap, "%s is busy in another call", peer);
        return;
    case MSG_CALL_R_TIMEOUT:
        snprintf(out, cap, c->outgoing ? "%s did not answer" : "missed call from %s", peer);
        return;
    case MSG_CALL_R_HANGUP:
        snprintf(out, cap, c->by_peer ? "%s hung up" : "you hung up", peer);
        return;
    case MSG_CALL_R_CONNECTION_LOST:
        snprintf(out, cap, c->by_peer ? "%s's connection was lost" : "the connection was lost",
                 peer);
        return;
    case MSG_CALL_R_ANSWERED_ELSEWHERE:
        snprintf(out, cap, "answered on another device");
        return;
    case MSG_CALL_R_LOGGED_OUT:
        snprintf(out, cap, c->by_peer ? "%s logged out" : "you logged out", peer);
        return;
    default:
        snprintf(out, cap, "ended");
        return;
    }
}

void cli_out_call(cli_out *o, const cl_call *c)
{
    if (o->json) {
        cl_json j;
        cli_out_begin(o, &j, "call_state");
        cl_json_uint(&j, "call_id", c->call_id);
        cl_json_str(&j, "state", msg_call_phase_name(c->state));
        cl_json_str(&j, "peer", c->peer);
        cl_json_uint(&j, "peer_id", c->peer_id);
        cl_json_str(&j, "reason", msg_call_reason_name(c->reason));
        cl_json_bool(&j, "outgoing", c->outgoing);
        cl_json_bool(&j, "by_peer", c->by_peer);
        cli_out_end(o, &j);
        return;
    }
    char peer[MSG_NAME_MAX + 1], why[128];
    cli_out_clean(c->peer, peer, sizeof peer);
    switch (c->state) {
    case MSG_CALL_RINGING:
        if (c->outgoing)
            cli_out_text(o, "*** calling %s (ringing; /hangup to cancel)", peer);
        else
            cli_out_text(o, "*** %s is calling you: /accept or /decline", peer);
        return;
    case MSG_CALL_ACTIVE:
        cli_out_text(o,
                     c->reason == MSG_CALL_R_RESUMED ? "*** call with %s resumed"
                                                     : "*** in a call with %s (/hangup to end)",
                     peer);
        return;
    case MSG_CALL_RECONNECTING:
        cli_out_text(o, "*** call with %s: %s; waiting for it to come back", peer,
                     c->by_peer ? "their connection dropped" : "connection lost");
        return;
    default:
        cli_out_call_why(c, peer, why, sizeof why);
        cli_out_text(o, "*** call with %s ended: %s", peer, why);
        return;
    }
}
