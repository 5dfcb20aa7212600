/* cl_session.c — connection life cycle, log-in, requests, events, outbox and reconnects
 * (see cl_session.h). */
#include "cl_session.h"

#include "cl_backoff.h"
#include "cl_fs.h"
#include "cl_home.h"
#include "cl_note.h"
#include "cl_outbox.h"
#include "net.h"
#include "packet.h"
#include "voice_note.h"

#include <assert.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CL_RECENT         32          /* answered requests remembered for late HISTORY_ENDs */
#define CL_EVQ_RESERVE    (64 * 1024) /* queue space kept for the session's own events */
#define CL_RECV_BURST     256         /* datagrams read from the own socket per update */
#define CL_RATE_MIN_WAIT  0.1         /* seconds, when a rate limit gives no retry time */
#define CL_DEFAULT_WINDOW 8
#define CL_NOTE_WINDOW    (3 * MSG_NOTE_CHUNK) /* note bytes on the wire before their acks */

/* A NOTE_FETCH waiting for its NOTE_DATA; req 0: a free slot. */
typedef struct cl_note_wait {
    uint32_t req;
    uint64_t server_id;
    double deadline; /* no chunk by then: reported lost */
} cl_note_wait;

typedef struct cl_pending {
    uint32_t req; /* 0: a free slot */
    msg_type type;
    bool internal;  /* sent by the session itself */
    bool auto_auth; /* RESUME / LOGIN / GUEST / REGISTER sent by the session */
    uint32_t room_id;
    char name[MSG_ROOM_NAME_MAX + 1];
    char password[MSG_PASSWORD_MAX + 1];
    msg_status status;
    char status_text[MSG_STATUS_TEXT_MAX + 1];
} cl_pending;

struct cl_session {
    cl_session_config cfg;
    char server[CL_SERVER_KEY_MAX];
    char home[CL_PATH_MAX];
    char known_path[CL_PATH_MAX];
    char client_name[MSG_CLIENT_NAME_MAX + 1];
    char trust_hint[256];
    net_addr addr;
    net_socket *sock; /* NULL with injected I/O */
    conn *c;

    cl_state state;
    cl_stop stop;
    cl_stop stop_pending; /* kicked or banned: stop once the server closes the link */
    char stop_text[CL_TEXT_MAX];
    double retry_at;
    uint32_t attempt;
    cl_backoff backoff;
    bool trust_new;
    uint32_t chat_window; /* the most chat requests on the wire */
    uint32_t chat_cwnd;   /* now: 1 after a rate limit, one more per success */

    cl_auth auth;       /* credentials for automatic log-ins */
    bool had_session;   /* logged in with auth earlier in this run */
    bool register_lost; /* a REGISTER went unanswered when the link dropped */
    uint8_t token[MSG_TOKEN_SIZE];
    bool have_token;
    bool logged_in;
    bool have_me, have_info;
    msg_session me;
    msg_server_info info;
    bool want_known; /* the status to restore after a fresh log-in */
    msg_status want_status;
    char want_text[MSG_STATUS_TEXT_MAX + 1];
    double auth_retry_at; /* 0: none */

    cl_pending pending[CL_MAX_PENDING];
    cl_pending recent[CL_RECENT];
    uint32_t recent_next;
    uint32_t next_req;
    uint32_t restoring; /* rejoins waiting for their RESULT */

    cl_rooms rooms;

    cl_outbox *outbox;
    char outbox_account[MSG_NAME_MAX + 1];
    bool outbox_guest;
    double chat_pause_until;

    cl_note_tx notes;                        /* voice notes waiting for their CHAT_ACK */
    cl_note_wait fetches[CL_NOTE_FETCH_MAX]; /* voice-note fetches waiting for NOTE_DATA */

    cl_evq evq;
    cl_event ev; /* the event being built */
    msg in;      /* the message being handled */
    msg out;     /* the request being built */
    uint8_t tx[MSG_MAX_SIZE];
    uint8_t rx[MSG_MAX_SIZE];
    uint8_t dgram[NET_MAX_DATAGRAM];
};

/* ---- small helpers ----------------------------------------------------------------------- */

static void cl_session_log(cl_session *s, int level, const char *fmt, ...)
{
    if (!s->cfg.log) return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->cfg.log(s->cfg.log_user, level, line);
}

/* Copies a string that must fit (limits are checked, never silently cut). */
static bool cl_session_copy(char *dst, size_t cap, const char *src)
{
    if (!src) src = "";
    size_t n = strlen(src);
    if (n >= cap) return false;
    memcpy(dst, src, n + 1);
    return true;
}

/* Writes a sentence for people into out; a sentence longer than cap is cut (a message to a
 * person, not data: vsnprintf keeps GCC's truncation analysis out of it). */
static void cl_session_text(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

static bool cl_session_same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return false;
        if (!x) return true;
    }
}

const char *cl_state_name(cl_state st)
{
    switch (st) {
    case CL_STATE_CONNECTING:
        return "connecting";
    case CL_STATE_GREETING:
        return "greeting";
    case CL_STATE_AUTHENTICATING:
        return "authenticating";
    case CL_STATE_RESTORING:
        return "restoring";
    case CL_STATE_READY:
        return "ready";
    case CL_STATE_WAITING:
        return "waiting";
    case CL_STATE_STOPPED:
        return "stopped";
    }
    return "unknown";
}

const char *cl_stop_name(cl_stop st)
{
    switch (st) {
    case CL_STOP_NONE:
        return "none";
    case CL_STOP_CLOSED:
        return "closed";
    case CL_STOP_IDENTITY:
        return "identity_changed";
    case CL_STOP_VERSION:
        return "version";
    case CL_STOP_KICKED:
        return "kicked";
    case CL_STOP_BANNED:
        return "banned";
    case CL_STOP_FILES:
        return "files";
    }
    return "unknown";
}

const char *cl_err_str(cl_err err)
{
    switch (err) {
    case CL_OK:
        return "done";
    case CL_ERR_NOT_CONNECTED:
        return "not connected to the server right now; try again when it is back";
    case CL_ERR_NOT_LOGGED_IN:
        return "log in first (/login, /register, or --guest NAME)";
    case CL_ERR_LOGGED_IN:
        return "already logged in; log out first";
    case CL_ERR_INVALID:
        return "an argument is empty, too long or not valid UTF-8";
    case CL_ERR_BUSY:
        return "too many requests are waiting for answers; wait a moment";
    case CL_ERR_FULL:
        return "the outbox is full; wait until the server is reachable";
    case CL_ERR_IO:
        return "the outbox file cannot be written; check the disk and the --home folder";
    case CL_ERR_STOPPED:
        return "the session has stopped";
    }
    return "unknown error";
}

/* ---- events ------------------------------------------------------------------------------ */

static cl_event *cl_session_ev(cl_session *s, cl_event_type type)
{
    memset(&s->ev, 0, offsetof(cl_event, m));
    s->ev.type = type;
    s->ev.pending = s->outbox ? (uint32_t)cl_outbox_count(s->outbox) : 0;
    return &s->ev;
}

static void cl_session_emit(cl_session *s, const uint8_t *bytes, size_t len)
{
    if (!cl_evq_push(&s->evq, &s->ev, bytes, len))
        cl_session_log(s, 3, "event queue full: event %d dropped (poll more often)",
                       (int)s->ev.type);
}

static void cl_session_error(cl_session *s, const char *fmt, ...)
{
    cl_event *ev = cl_session_ev(s, CL_EV_ERROR);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev->text, sizeof ev->text, fmt, ap);
    va_end(ap);
    cl_session_log(s, 2, "%s", ev->text);
    cl_session_emit(s, NULL, 0);
}

/* ---- requests ---------------------------------------------------------------------------- */

/* The req field of a request message, or NULL for a message that has none. */
static uint32_t *cl_session_req_field(msg *m)
{
    switch (m->type) {
    case MSG_HELLO:
        return &m->hello.req;
    case MSG_REGISTER:
        return &m->register_.req;
    case MSG_LOGIN:
        return &m->login.req;
    case MSG_GUEST:
        return &m->guest.req;
    case MSG_RESUME:
        return &m->resume.req;
    case MSG_LOGOUT:
        return &m->logout.req;
    case MSG_ROOM_LIST:
        return &m->room_list.req;
    case MSG_ROOM_CREATE:
        return &m->room_create.req;
    case MSG_ROOM_JOIN:
        return &m->room_join.req;
    case MSG_ROOM_LEAVE:
        return &m->room_leave.req;
    case MSG_ROOM_DELETE:
        return &m->room_delete.req;
    case MSG_ROOM_UPDATE:
        return &m->room_update.req;
    case MSG_MEMBERS:
        return &m->members.req;
    case MSG_STATUS_SET:
        return &m->status_set.req;
    case MSG_USER_SEARCH:
        return &m->user_search.req;
    case MSG_HISTORY:
        return &m->history.req;
    case MSG_KICK:
        return &m->kick.req;
    case MSG_BAN:
        return &m->ban.req;
    case MSG_UNBAN:
        return &m->unban.req;
    case MSG_MUTE:
        return &m->mute.req;
    case MSG_ROLE_SET:
        return &m->role_set.req;
    case MSG_VOICE_STATE:
        return &m->voice_state.req;
    case MSG_CALL_START:
        return &m->call_start.req;
    case MSG_CALL_ACCEPT:
        return &m->call_accept.req;
    case MSG_CALL_DECLINE:
        return &m->call_decline.req;
    case MSG_CALL_HANGUP:
        return &m->call_hangup.req;
    default:
        return NULL;
    }
}

static bool cl_session_is_auth(msg_type t)
{
    return t == MSG_LOGIN || t == MSG_REGISTER || t == MSG_GUEST || t == MSG_RESUME;
}

/* What to remember about a request to make sense of its answer. */
static void cl_session_describe(cl_session *s, const msg *m, cl_pending *p)
{
    memset(p, 0, sizeof *p);
    p->type = m->type;
    const char *name = NULL;
    switch (m->type) {
    case MSG_REGISTER:
        name = m->register_.name;
        memcpy(p->password, m->register_.password, sizeof p->password);
        break;
    case MSG_LOGIN:
        name = m->login.name;
        memcpy(p->password, m->login.password, sizeof p->password);
        break;
    case MSG_GUEST:
        name = m->guest.name;
        break;
    case MSG_ROOM_CREATE:
        name = m->room_create.name;
        if (m->room_create.is_private)
            memcpy(p->password, m->room_create.password, sizeof p->password);
        break;
    case MSG_ROOM_JOIN:
        p->room_id = m->room_join.room_id;
        name = m->room_join.name;
        memcpy(p->password, m->room_join.password, sizeof p->password);
        break;
    case MSG_ROOM_LEAVE:
        p->room_id = m->room_leave.room_id;
        break;
    case MSG_ROOM_DELETE:
        p->room_id = m->room_delete.room_id;
        break;
    case MSG_ROOM_UPDATE:
        p->room_id = m->room_update.room_id;
        break;
    case MSG_MEMBERS:
        p->room_id = m->members.room_id;
        break;
    case MSG_HISTORY:
        p->room_id = m->history.room_id;
        break;
    case MSG_STATUS_SET:
        p->status = m->status_set.status;
        memcpy(p->status_text, m->status_set.text, sizeof p->status_text);
        break;
    case MSG_USER_SEARCH:
        name = m->user_search.query;
        break;
    case MSG_KICK:
        name = m->kick.name;
        p->room_id = m->kick.room_id;
        break;
    case MSG_BAN:
        name = m->ban.name;
        break;
    case MSG_UNBAN:
        name = m->unban.name;
        break;
    case MSG_MUTE:
        name = m->mute.name;
        p->room_id = m->mute.room_id;
        break;
    case MSG_ROLE_SET:
        name = m->role_set.name;
        break;
    case MSG_CALL_START:
        name = m->call_start.name;
        break;
    default:
        break;
    }
    if ((!name || !*name) && p->room_id) {
        cl_room_state *r = cl_rooms_get(&s->rooms, p->room_id);
        if (r) name = r->pub.name;
    }
    if (name) cl_session_copy(p->name, sizeof p->name, name);
}

static cl_pending *cl_session_find(cl_session *s, uint32_t req)
{
    if (req == 0) return NULL;
    for (size_t i = 0; i < CL_MAX_PENDING; i++)
        if (s->pending[i].req == req) return &s->pending[i];
    for (size_t i = 0; i < CL_RECENT; i++)
        if (s->recent[i].req == req) return &s->recent[i];
    return NULL;
}

/* Moves an answered request to the recent ring; returns its copy there. */
static cl_pending *cl_session_take(cl_session *s, uint32_t req)
{
    for (size_t i = 0; i < CL_MAX_PENDING; i++) {
        if (s->pending[i].req != req || req == 0) continue;
        cl_pending *r = &s->recent[s->recent_next++ % CL_RECENT];
        *r = s->pending[i];
        memset(&s->pending[i], 0, sizeof s->pending[i]);
        return r;
    }
    return NULL;
}

/* Encodes and sends a request with the next request id; remembers it. */
static cl_err cl_session_send_req(cl_session *s, msg *m, bool internal, bool auto_auth,
                                  uint32_t *req_out)
{
    uint32_t *field = cl_session_req_field(m);
    assert(field && "not a request");
    if (!s->c || conn_get_state(s->c) != CONN_CONNECTED) return CL_ERR_NOT_CONNECTED;
    cl_pending *slot = NULL;
    for (size_t i = 0; i < CL_MAX_PENDING && !slot; i++)
        if (s->pending[i].req == 0) slot = &s->pending[i];
    if (!slot) return CL_ERR_BUSY;
    if (++s->next_req == 0) s->next_req = 1;
    *field = s->next_req;
    size_t len;
    if (!msg_encode(m, s->tx, sizeof s->tx, &len)) return CL_ERR_INVALID;
    int rc = conn_send(s->c, msg_channel(m->type), s->tx, len);
    if (rc != CONN_OK) return rc == CONN_ERR_STATE ? CL_ERR_NOT_CONNECTED : CL_ERR_BUSY;
    cl_session_describe(s, m, slot);
    slot->req = *field;
    slot->internal = internal;
    slot->auto_auth = auto_auth;
    if (req_out) *req_out = slot->req;
    cl_session_log(s, 0, "-> %s req %u", msg_type_name(m->type), (unsigned)slot->req);
    return CL_OK;
}

static msg *cl_session_msg(cl_session *s, msg_type type)
{
    memset(&s->out, 0, sizeof s->out);
    s->out.type = type;
    return &s->out;
}

static void cl_session_internal(cl_session *s, msg *m)
{
    cl_err e = cl_session_send_req(s, m, true, false, NULL);
    if (e != CL_OK)
        cl_session_log(s, 2, "cannot send %s: %s", msg_type_name(m->type), cl_err_str(e));
}

static void cl_session_catch_up(cl_session *s, uint32_t room_id, uint64_t before_id)
{
    msg *m = cl_session_msg(s, MSG_HISTORY);
    m->history.room_id = room_id;
    m->history.before_id = before_id;
    m->history.count = MSG_HISTORY_PAGE;
    cl_session_internal(s, m);
}

/* ---- outbox ------------------------------------------------------------------------------ */

static void cl_session_use_outbox(cl_session *s, const char *account, bool guest)
{
    if (s->outbox && s->outbox_guest == guest && cl_session_same_name(s->outbox_account, account))
        return;
    cl_outbox_close(s->outbox);
    s->outbox = NULL;
    char path[CL_PATH_MAX], err[512];
    cl_outbox_report rep;
    for (int slot = 0; slot < CL_OUTBOX_SLOTS && !s->outbox; slot++) {
        if (!cl_home_outbox_path(s->home, s->server, account, guest, slot, path, sizeof path)) {
            cl_session_error(s, "cannot create the outbox folder in %s", s->home);
            return;
        }
        bool busy;
        s->outbox = cl_outbox_open(path, &rep, &busy, err, sizeof err);
        if (!s->outbox && !busy) {
            cl_session_error(s, "cannot open the outbox: %s", err);
            return;
        }
    }
    if (!s->outbox) {
        cl_session_error(s, "%d clients of %s already run with this folder; close one",
                         CL_OUTBOX_SLOTS, account);
        return;
    }
    cl_session_copy(s->outbox_account, sizeof s->outbox_account, account);
    s->outbox_guest = guest;
    if (rep.loaded || rep.dropped_bytes || rep.moved_aside) {
        cl_event *ev = cl_session_ev(s, CL_EV_OUTBOX_LOADED);
        int n = snprintf(ev->text, sizeof ev->text,
                         "%u unsent message%s from an earlier run will be sent", rep.loaded,
                         rep.loaded == 1 ? "" : "s");
        if (rep.dropped_bytes && n > 0 && (size_t)n < sizeof ev->text)
            n += snprintf(ev->text + n, sizeof ev->text - (size_t)n,
                          "; %llu damaged bytes at the end of %s were dropped",
                          (unsigned long long)rep.dropped_bytes, path);
        if (rep.moved_aside && n > 0 && (size_t)n < sizeof ev->text)
            cl_session_text(ev->text + n, sizeof ev->text - (size_t)n,
                            "; %s was not an outbox and was renamed to %s.bad", path, path);
        cl_session_emit(s, NULL, 0);
    }
}

static void cl_session_flush_outbox(cl_session *s, double now)
{
    if (!s->outbox || !s->logged_in || s->state != CL_STATE_READY || !s->c) return;
    if (now < s->chat_pause_until) return;
    size_t count = cl_outbox_count(s->outbox), inflight = 0;
    for (size_t i = 0; i < count; i++) inflight += cl_outbox_at(s->outbox, i)->sent;
    for (size_t i = 0; i < count && inflight < s->chat_cwnd; i++) {
        cl_outbox_entry *e = cl_outbox_at(s->outbox, i);
        if (e->sent) continue;
        if (now < e->not_before) break; /* keep the order */
        if (conn_send(s->c, CONN_CH_CHAT, e->data, e->len) != CONN_OK) break;
        e->sent = true;
        inflight++;
    }
}

/* Streams the chunks of the notes waiting to be sent as the bulk channel drains, so a refused
 * note stops after the few chunks already on the wire. */
static void cl_session_flush_notes(cl_session *s, double now)
{
    if (!s->logged_in || s->state != CL_STATE_READY || !s->c) return;
    msg *m = &s->out;
    while (conn_pending_bytes(s->c, CONN_CH_BULK) < CL_NOTE_WINDOW) {
        m->type = MSG_NOTE_SEND;
        if (!cl_note_tx_next(&s->notes, now, &m->note_send)) return;
        size_t wire;
        if (!msg_encode(m, s->tx, sizeof s->tx, &wire) ||
            conn_send(s->c, CONN_CH_BULK, s->tx, wire) != CONN_OK)
            return; /* tried again at the next update */
        cl_note_tx_advance(&s->notes, &m->note_send);
    }
}

/* Reports a fetch that will not be answered (REQUEST_LOST) and frees its slot. */
static void cl_session_fetch_lost(cl_session *s, cl_note_wait *w, const char *why)
{
    cl_event *ev = cl_session_ev(s, CL_EV_REQUEST_LOST);
    ev->req = w->req;
    ev->req_type = MSG_NOTE_FETCH;
    cl_session_text(ev->text, sizeof ev->text, "voice note %llu: %s; fetch it again",
                    (unsigned long long)w->server_id, why);
    cl_session_emit(s, NULL, 0);
    memset(w, 0, sizeof *w);
}

static void cl_session_fetch_expire(cl_session *s, double now)
{
    for (size_t i = 0; i < CL_NOTE_FETCH_MAX; i++)
        if (s->fetches[i].req && now >= s->fetches[i].deadline)
            cl_session_fetch_lost(s, &s->fetches[i], "the server did not send it in time");
}

/* A NOTE_DATA: the fetch made progress, or ended (an error or its last chunk). */
static void cl_session_fetch_progress(cl_session *s, const msg_note_data *d, double now)
{
    for (size_t i = 0; i < CL_NOTE_FETCH_MAX; i++) {
        cl_note_wait *w = &s->fetches[i];
        if (!w->req || w->req != d->req || w->server_id != d->server_id) continue;
        if (d->err != MSG_OK || d->offset + d->len >= d->total)
            memset(w, 0, sizeof *w);
        else
            w->deadline = now + CL_NOTE_FETCH_TIMEOUT;
        return;
    }
}

/* Fills the chat fields of the event being built from an outbox entry. */
static void cl_session_chat_fields(cl_session *s, const cl_outbox_entry *e)
{
    cl_event *ev = &s->ev;
    ev->client_msg_id = e->id;
    ev->chat_type = e->type;
    msg *m = &s->out;
    if (!cl_outbox_decode(e, m)) return;
    switch (m->type) {
    case MSG_CHAT_SEND:
        ev->chat_room = m->chat_send.room_id;
        memcpy(ev->chat_text, m->chat_send.text, sizeof ev->chat_text);
        break;
    case MSG_CHAT_DM:
        memcpy(ev->chat_to, m->chat_dm.to, sizeof ev->chat_to);
        memcpy(ev->chat_text, m->chat_dm.text, sizeof ev->chat_text);
        break;
    case MSG_CHAT_EDIT:
        memcpy(ev->chat_text, m->chat_edit.text, sizeof ev->chat_text);
        break;
    default:
        break;
    }
}

static cl_err cl_session_queue_chat(cl_session *s, msg *m, uint64_t *id_out, double now)
{
    uint64_t id;
    do {
        randombytes_buf(&id, sizeof id);
    } while (id == 0 || cl_outbox_find(s->outbox, id));
    if (m->type == MSG_CHAT_SEND)
        m->chat_send.client_msg_id = id;
    else
        m->chat_dm.client_msg_id = id;
    char err[512];
    if (!cl_outbox_add(s->outbox, m, err, sizeof err)) {
        bool full = cl_outbox_count(s->outbox) >= CL_OUTBOX_MAX;
        cl_session_error(s, "message not sent: %s", err);
        return full ? CL_ERR_FULL : CL_ERR_IO;
    }
    if (id_out) *id_out = id;
    cl_session_ev(s, CL_EV_QUEUED);
    cl_session_chat_fields(s, cl_outbox_find(s->outbox, id)); /* reuses s->out */
    cl_session_emit(s, NULL, 0);
    cl_session_flush_outbox(s, now);
    return CL_OK;
}

static cl_err cl_session_chat_ready(const cl_session *s, const char *text)
{
    if (s->state == CL_STATE_STOPPED) return CL_ERR_STOPPED;
    /* queued while the link is down only for an account the session will log in again */
    if (!s->logged_in && s->auth.mode == CL_AUTH_NONE) return CL_ERR_NOT_LOGGED_IN;
    if (!s->outbox) return CL_ERR_IO;
    if (!text || !*text || strlen(text) > MSG_TEXT_MAX || !bits_utf8_valid(text, strlen(text)))
        return CL_ERR_INVALID;
    return CL_OK;
}

cl_err cl_session_say(cl_session *s, uint32_t room_id, const char *text, uint64_t *id, double now)
{
    assert(s);
    cl_err e = cl_session_chat_ready(s, text);
    if (e != CL_OK) return e;
    if (room_id == 0) return CL_ERR_INVALID;
    msg *m = cl_session_msg(s, MSG_CHAT_SEND);
    m->chat_send.room_id = room_id;
    strcpy(m->chat_send.text, text);
    return cl_session_queue_chat(s, m, id, now);
}

cl_err cl_session_dm(cl_session *s, const char *to, const char *text, uint64_t *id, double now)
{
    assert(s);
    cl_err e = cl_session_chat_ready(s, text);
    if (e != CL_OK) return e;
    msg *m = cl_session_msg(s, MSG_CHAT_DM);
    if (!to || !*to || !cl_session_copy(m->chat_dm.to, sizeof m->chat_dm.to, to))
        return CL_ERR_INVALID;
    strcpy(m->chat_dm.text, text);
    return cl_session_queue_chat(s, m, id, now);
}

/* ---- connection life cycle --------------------------------------------------------------- */

static void cl_session_conn_send(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    cl_session *s = user;
    if (s->cfg.send)
        s->cfg.send(s->cfg.send_user, to, data, len);
    else if (s->sock)
        net_send(s->sock, to, data, len);
}

static void cl_session_drop_conn(cl_session *s, bool goodbye, double now)
{
    if (!s->c) return;
    if (goodbye) conn_disconnect(s->c, now);
    conn_destroy(s->c);
    s->c = NULL;
}

/* Forgets what was in flight on the connection that ended. */
static void cl_session_forget(cl_session *s)
{
    s->logged_in = false;
    s->restoring = 0;
    s->auth_retry_at = 0;
    s->chat_pause_until = 0;
    if (s->outbox)
        for (size_t i = 0; i < cl_outbox_count(s->outbox); i++)
            cl_outbox_at(s->outbox, i)->sent = false;
    cl_note_tx_restart_all(&s->notes); /* the server drops what it had of the current one */
    for (size_t i = 0; i < CL_NOTE_FETCH_MAX; i++)
        if (s->fetches[i].req)
            cl_session_fetch_lost(s, &s->fetches[i], "the connection was lost before it arrived");
    for (size_t i = 0; i < CL_MAX_PENDING; i++) {
        cl_pending *p = &s->pending[i];
        if (p->req && p->type == MSG_REGISTER && p->auto_auth) s->register_lost = true;
        if (p->req && !p->internal && !p->auto_auth) {
            cl_event *ev = cl_session_ev(s, CL_EV_REQUEST_LOST);
            ev->req = p->req;
            ev->req_type = p->type;
            ev->req_room = p->room_id;
            memcpy(ev->req_name, p->name, sizeof ev->req_name);
            cl_session_text(ev->text, sizeof ev->text,
                            "the connection dropped before the server answered %s; check and retry",
                            msg_type_name(p->type));
            cl_session_emit(s, NULL, 0);
        }
        memset(p, 0, sizeof *p);
    }
    cl_rooms_freeze(&s->rooms);
    for (size_t i = 0; i < s->rooms.count; i++) {
        cl_room_state *r = &s->rooms.v[i];
        r->rejoining = false;
        r->page_lo = r->page_hi = 0;
        r->page_reached = false;
    }
}

static void cl_session_stop(cl_session *s, cl_stop why, const char *text, double now)
{
    cl_session_drop_conn(s, true, now);
    if (s->state != CL_STATE_WAITING && s->state != CL_STATE_STOPPED) cl_session_forget(s);
    s->state = CL_STATE_STOPPED;
    s->stop = why;
    cl_event *ev = cl_session_ev(s, CL_EV_STOPPED);
    ev->stop = why;
    cl_session_text(ev->text, sizeof ev->text, "%s", text);
    cl_session_log(s, 2, "stopped: %s", text);
    cl_session_emit(s, NULL, 0);
}

static void cl_session_schedule(cl_session *s, double now)
{
    double delay = cl_backoff_next(&s->backoff);
    s->retry_at = now + delay;
    s->state = CL_STATE_WAITING;
    cl_event *ev = cl_session_ev(s, CL_EV_RECONNECTING);
    ev->delay = delay;
    ev->attempt = s->attempt + 1;
    cl_session_text(ev->text, sizeof ev->text, "reconnecting in %.1f s", delay);
    cl_session_emit(s, NULL, 0);
}

/* The connection is gone (time-out, closed by the server, refused): reconnect later. */
static void cl_session_lost(cl_session *s, conn_reason reason, const char *text, double now)
{
    cl_session_drop_conn(s, reason == CONN_REASON_NONE, now);
    cl_session_forget(s);
    cl_event *ev = cl_session_ev(s, CL_EV_DISCONNECTED);
    ev->reason = reason;
    cl_session_text(ev->text, sizeof ev->text, "%s", text);
    cl_session_log(s, 1, "disconnected: %s", text);
    cl_session_emit(s, NULL, 0);
    if (s->stop_pending != CL_STOP_NONE) {
        cl_session_stop(s, s->stop_pending, s->stop_text, now);
        return;
    }
    cl_session_schedule(s, now);
}

static void cl_session_connect(cl_session *s, double now)
{
    s->c = conn_create_client(&s->cfg.conn, &s->addr, cl_session_conn_send, s, now);
    s->attempt++;
    if (!s->c) {
        cl_session_error(s, "cannot start a connection (out of memory?)");
        cl_session_schedule(s, now);
        return;
    }
    s->state = CL_STATE_CONNECTING;
    cl_event *ev = cl_session_ev(s, CL_EV_CONNECTING);
    ev->attempt = s->attempt;
    char addr[NET_ADDR_STR_MAX];
    cl_session_text(ev->text, sizeof ev->text, "connecting to %s (%s)", s->server,
                    net_addr_str(&s->addr, addr));
    cl_session_emit(s, NULL, 0);
}

/* Trust on first use: true when the connection may go on. */
static bool cl_session_pin(cl_session *s, double now)
{
    const uint8_t *key = conn_server_identity(s->c);
    if (!key) {
        cl_session_lost(s, CONN_REASON_NONE, "the server did not present an identity key", now);
        return false;
    }
    uint8_t recorded[CL_KEY_BYTES];
    char err[512];
    bool found = cl_known_lookup(s->known_path, s->server, recorded, err, sizeof err);
    if (!found && err[0]) {
        char text[CL_TEXT_MAX];
        cl_session_text(text, sizeof text, "cannot check the server's identity: %s", err);
        cl_session_stop(s, CL_STOP_FILES, text, now);
        return false;
    }
    if (found && sodium_memcmp(recorded, key, CL_KEY_BYTES) == 0) return true;

    char now_fp[CL_FINGERPRINT_SIZE], old_fp[CL_FINGERPRINT_SIZE];
    cl_known_fingerprint(key, now_fp);
    if (found) cl_known_fingerprint(recorded, old_fp);
    if (found && !s->trust_new) {
        cl_event *ev = cl_session_ev(s, CL_EV_IDENTITY);
        ev->known = CL_KNOWN_CHANGED;
        memcpy(ev->key, key, CL_KEY_BYTES);
        memcpy(ev->old_key, recorded, CL_KEY_BYTES);
        cl_session_text(
            ev->text, sizeof ev->text,
            "The server %s presented a different identity key than the one recorded in "
            "%s (recorded fingerprint %s, presented %s). This happens when the server was "
            "reinstalled or lost its data folder, but it is also what someone "
            "impersonating the server looks like, so the connection was refused. Ask the "
            "server's operator for its fingerprint (parley-server prints it at start); if "
            "it matches %s, %s, or delete the line for %s from %s.",
            s->server, s->known_path, old_fp, now_fp, now_fp, s->trust_hint, s->server,
            s->known_path);
        char text[CL_TEXT_MAX];
        memcpy(text, ev->text, sizeof text);
        cl_session_emit(s, NULL, 0);
        cl_session_stop(s, CL_STOP_IDENTITY, text, now);
        return false;
    }
    bool stored = cl_known_store(s->known_path, s->server, key, err, sizeof err);
    if (!stored && found) { /* a trusted new key that cannot be recorded: refuse to go on */
        char text[CL_TEXT_MAX];
        cl_session_text(text, sizeof text, "cannot record the server's new key: %s", err);
        cl_session_stop(s, CL_STOP_FILES, text, now);
        return false;
    }
    cl_event *ev = cl_session_ev(s, CL_EV_IDENTITY);
    ev->known = found ? CL_KNOWN_REPLACED : CL_KNOWN_NEW;
    memcpy(ev->key, key, CL_KEY_BYTES);
    if (found) memcpy(ev->old_key, recorded, CL_KEY_BYTES);
    if (found)
        cl_session_text(ev->text, sizeof ev->text,
                        "trusting the new identity key of %s (fingerprint %s, was %s) as asked",
                        s->server, now_fp, old_fp);
    else if (stored)
        cl_session_text(
            ev->text, sizeof ev->text,
            "first connection to %s: its identity key (fingerprint %s) was recorded in %s",
            s->server, now_fp, s->known_path);
    else
        cl_session_text(
            ev->text, sizeof ev->text,
            "first connection to %s (fingerprint %s), but its key cannot be recorded: %s",
            s->server, now_fp, err);
    cl_session_emit(s, NULL, 0);
    return true;
}

static void cl_session_on_connected(cl_session *s, double now)
{
    if (!cl_session_pin(s, now)) return;
    msg *m = cl_session_msg(s, MSG_HELLO);
    m->hello.version = MSG_PROTOCOL_VERSION;
    strcpy(m->hello.client, s->client_name);
    cl_session_internal(s, m);
    s->state = CL_STATE_GREETING;
}

static void cl_session_send_creds(cl_session *s)
{
    msg *m;
    switch (s->auth.mode) {
    case CL_AUTH_GUEST:
        m = cl_session_msg(s, MSG_GUEST);
        strcpy(m->guest.name, s->auth.name);
        break;
    case CL_AUTH_LOGIN:
        m = cl_session_msg(s, MSG_LOGIN);
        strcpy(m->login.name, s->auth.name);
        strcpy(m->login.password, s->auth.password);
        break;
    case CL_AUTH_REGISTER:
        m = cl_session_msg(s, MSG_REGISTER);
        strcpy(m->register_.name, s->auth.name);
        strcpy(m->register_.email, s->auth.email);
        strcpy(m->register_.password, s->auth.password);
        break;
    case CL_AUTH_NONE:
    default:
        s->state = CL_STATE_READY;
        return;
    }
    cl_err e = cl_session_send_req(s, m, false, true, NULL);
    sodium_memzero(&s->out, sizeof s->out); /* the password */
    if (e != CL_OK) {
        cl_session_log(s, 3, "cannot send the log-in: %s", cl_err_str(e));
        return;
    }
    s->state = CL_STATE_AUTHENTICATING;
}

/* After HELLO: resume, log in, or stay anonymous. */
static void cl_session_start_auth(cl_session *s)
{
    if (s->have_token) {
        msg *m = cl_session_msg(s, MSG_RESUME);
        memcpy(m->resume.token, s->token, MSG_TOKEN_SIZE);
        cl_err e = cl_session_send_req(s, m, false, true, NULL);
        sodium_memzero(&s->out, sizeof s->out);
        if (e == CL_OK) {
            s->state = CL_STATE_AUTHENTICATING;
            return;
        }
    }
    cl_session_send_creds(s);
    if (s->state == CL_STATE_READY) cl_backoff_reset(&s->backoff);
}

static void cl_session_restore_done(cl_session *s, double now)
{
    s->state = CL_STATE_READY;
    cl_backoff_reset(&s->backoff);
    for (size_t i = 0; i < s->rooms.count; i++) {
        cl_room_state *r = &s->rooms.v[i];
        if (r->pub.joined && r->frozen && !r->rejoining) cl_session_catch_up(s, r->pub.id, 0);
    }
    cl_session_flush_outbox(s, now);
    cl_session_flush_notes(s, now);
}

/* A log-in (or resume) succeeded: put back what the user had. */
static void cl_session_after_login(cl_session *s, double now)
{
    s->auth_retry_at = 0;
    s->register_lost = false;
    s->had_session = true;
    if (s->me.resumed) {
        cl_session_restore_done(s, now);
        return;
    }
    s->restoring = 0;
    for (size_t i = 0; i < s->rooms.count; i++) {
        cl_room_state *r = &s->rooms.v[i];
        if (!r->pub.joined) continue;
        msg *m = cl_session_msg(s, MSG_ROOM_JOIN);
        m->room_join.room_id = r->pub.id;
        strcpy(m->room_join.password, r->password);
        if (cl_session_send_req(s, m, true, false, NULL) == CL_OK) {
            r->rejoining = r->frozen;
            s->restoring++;
        }
    }
    if (s->want_known && (s->want_status != s->me.status || s->want_text[0])) {
        msg *m = cl_session_msg(s, MSG_STATUS_SET);
        m->status_set.status = s->want_status;
        strcpy(m->status_set.text, s->want_text);
        cl_session_internal(s, m);
    }
    cl_session_internal(s, cl_session_msg(s, MSG_ROOM_LIST)); /* refresh the lobby */
    if (s->restoring)
        s->state = CL_STATE_RESTORING;
    else
        cl_session_restore_done(s, now);
}

static bool cl_session_retryable(msg_err e)
{
    return e == MSG_ERR_THROTTLED || e == MSG_ERR_RATE_LIMITED || e == MSG_ERR_SERVER_FULL ||
           e == MSG_ERR_INTERNAL;
}

static void cl_session_auth_later(cl_session *s, const msg_result *r, double now)
{
    double wait = cl_backoff_next(&s->backoff);
    double hint = r->retry_after_ms / 1000.0;
    s->auth_retry_at = now + (hint > wait ? hint : wait);
    s->state = CL_STATE_AUTHENTICATING;
    cl_session_log(s, 1, "log-in refused (%s); trying again in %.1f s", msg_err_name(r->err),
                   s->auth_retry_at - now);
}

static void cl_session_auth_failed(cl_session *s, const msg_result *r)
{
    cl_event *ev = cl_session_ev(s, CL_EV_AUTH_FAILED);
    ev->err = r->err;
    cl_session_text(ev->text, sizeof ev->text, "%s %s refused: %s",
                    s->auth.mode == CL_AUTH_GUEST ? "guest log-in as" : "log-in as", s->auth.name,
                    r->text[0] ? r->text : msg_err_str(r->err));
    cl_session_emit(s, NULL, 0);
    sodium_memzero(&s->auth, sizeof s->auth);
    s->have_token = false;
    s->state = CL_STATE_READY;
}

/* ---- answers ----------------------------------------------------------------------------- */

static void cl_session_on_result(cl_session *s, cl_pending *p, const msg_result *r, double now)
{
    bool ok = r->err == MSG_OK;
    switch (p->type) {
    case MSG_HELLO:
        if (ok) {
            cl_session_start_auth(s);
        } else if (r->err == MSG_ERR_VERSION) {
            char text[CL_TEXT_MAX];
            cl_session_text(text, sizeof text, "the server speaks another protocol version: %s",
                            r->text[0] ? r->text : msg_err_str(r->err));
            cl_session_stop(s, CL_STOP_VERSION, text, now);
        } else {
            char text[CL_TEXT_MAX];
            cl_session_text(text, sizeof text, "the server refused the connection: %s",
                            r->text[0] ? r->text : msg_err_str(r->err));
            cl_session_lost(s, CONN_REASON_NONE, text, now);
        }
        return;
    case MSG_RESUME:
        if (ok) {
            cl_session_after_login(s, now);
        } else if (r->err == MSG_ERR_BANNED) {
            cl_session_stop(s, CL_STOP_BANNED, r->text[0] ? r->text : msg_err_str(r->err), now);
        } else if (cl_session_retryable(r->err)) {
            cl_session_auth_later(s, r, now);
        } else {
            s->have_token = false; /* the server forgot the session: log in again */
            if (s->auth.mode == CL_AUTH_NONE) {
                s->state = CL_STATE_READY;
                cl_session_error(s, "the session expired: log in again");
            } else {
                cl_session_send_creds(s);
            }
        }
        return;
    case MSG_LOGIN:
    case MSG_GUEST:
    case MSG_REGISTER:
        if (ok) {
            if (!p->auto_auth) { /* remember how to log in again */
                sodium_memzero(&s->auth, sizeof s->auth);
                s->auth.mode = p->type == MSG_GUEST ? CL_AUTH_GUEST : CL_AUTH_LOGIN;
                cl_session_copy(s->auth.name, sizeof s->auth.name, p->name);
                cl_session_copy(s->auth.password, sizeof s->auth.password, p->password);
            } else if (s->auth.mode == CL_AUTH_REGISTER) {
                s->auth.mode = CL_AUTH_LOGIN;
            }
            cl_session_after_login(s, now);
        } else if (p->auto_auth) {
            if (p->type == MSG_REGISTER && r->err == MSG_ERR_NAME_TAKEN && s->register_lost) {
                /* our earlier REGISTER may have gone through before the link dropped */
                s->auth.mode = CL_AUTH_LOGIN;
                cl_session_send_creds(s);
            } else if (cl_session_retryable(r->err) ||
                       (r->err == MSG_ERR_NAME_TAKEN && s->had_session)) {
                cl_session_auth_later(s, r, now); /* our old session may still hold it */
            } else {
                cl_session_auth_failed(s, r);
            }
        }
        sodium_memzero(p->password, sizeof p->password);
        return;
    case MSG_LOGOUT:
        if (ok) {
            s->logged_in = false;
            s->have_token = false;
            s->had_session = false;
            s->want_known = false;
            sodium_memzero(&s->auth, sizeof s->auth);
            for (size_t i = 0; i < s->rooms.count; i++) cl_rooms_set_joined(&s->rooms.v[i], false);
        }
        return;
    case MSG_ROOM_JOIN: {
        uint32_t id = r->id ? r->id : p->room_id;
        bool member = ok || (r->err == MSG_ERR_ALREADY_EXISTS && id != 0);
        cl_room_state *room = id ? cl_rooms_get(&s->rooms, id) : NULL;
        if (member && id) {
            if (!room) room = cl_rooms_add(&s->rooms, id, p->name);
            if (room) {
                cl_rooms_set_joined(room, true);
                cl_session_copy(room->password, sizeof room->password, p->password);
                if (!ok) room->rejoining = false; /* no history page will come */
            } else {
                cl_session_error(s, "more than %d rooms: room %u is not tracked", CL_MAX_ROOMS,
                                 (unsigned)id);
            }
        } else if (p->internal && room) {
            cl_rooms_set_joined(room, false); /* deleted, password changed, banned ... */
        }
        if (p->internal && s->restoring > 0 && --s->restoring == 0 &&
            s->state == CL_STATE_RESTORING)
            cl_session_restore_done(s, now);
        return;
    }
    case MSG_ROOM_CREATE:
        if (ok && r->id) {
            cl_room_state *room = cl_rooms_add(&s->rooms, r->id, p->name);
            if (room) {
                room->pub.is_private = p->password[0] != '\0';
                cl_session_copy(room->password, sizeof room->password, p->password);
                cl_rooms_set_joined(room, true);
            }
        }
        return;
    case MSG_ROOM_LEAVE:
        if (ok) {
            cl_room_state *room = cl_rooms_get(&s->rooms, p->room_id);
            if (room) cl_rooms_set_joined(room, false);
        }
        return;
    case MSG_ROOM_DELETE:
        if (ok) cl_rooms_remove(&s->rooms, p->room_id);
        return;
    case MSG_STATUS_SET:
        if (ok) {
            s->want_known = true;
            s->want_status = p->status;
            memcpy(s->want_text, p->status_text, sizeof s->want_text);
        }
        return;
    default:
        return;
    }
}

static void cl_session_annotate(cl_session *s, const cl_pending *p)
{
    if (!p) return;
    cl_event *ev = &s->ev;
    ev->req = p->req;
    ev->req_type = p->type;
    ev->internal = p->internal || p->auto_auth;
    ev->req_room = p->room_id;
    memcpy(ev->req_name, p->name, sizeof ev->req_name);
}

/* The answer to a voice note: stored (or a duplicate of one stored), refused for good, or to
 * be sent again. Removing a refused note stops its chunks at once. */
static void cl_session_on_note_ack(cl_session *s, cl_note_out *o, const msg_chat_ack *a, double now)
{
    cl_event *ev = &s->ev;
    ev->chat_type = MSG_NOTE_SEND;
    ev->chat_room = o->room_id;
    memcpy(ev->chat_to, o->to, sizeof ev->chat_to);
    if (a->err == MSG_ERR_RATE_LIMITED || a->err == MSG_ERR_NOT_LOGGED_IN) {
        double wait = a->retry_after_ms / 1000.0;
        if (wait < CL_RATE_MIN_WAIT) wait = CL_RATE_MIN_WAIT;
        cl_note_tx_restart(&s->notes, o, now + wait);
        ev->retrying = true;
    } else {
        cl_note_tx_remove(&s->notes, a->client_msg_id);
    }
}

static void cl_session_on_ack(cl_session *s, const msg_chat_ack *a, double now)
{
    cl_event *ev = &s->ev;
    ev->client_msg_id = a->client_msg_id;
    cl_note_out *o = cl_note_tx_find(&s->notes, a->client_msg_id);
    if (o) {
        cl_session_on_note_ack(s, o, a, now);
        return;
    }
    cl_outbox_entry *e = s->outbox ? cl_outbox_find(s->outbox, a->client_msg_id) : NULL;
    if (!e) return; /* a repeated ack: the entry is already gone */
    cl_session_chat_fields(s, e);
    if (a->err == MSG_ERR_RATE_LIMITED) {
        double wait = a->retry_after_ms / 1000.0;
        if (wait < CL_RATE_MIN_WAIT) wait = CL_RATE_MIN_WAIT;
        e->sent = false;
        e->not_before = now + wait;
        s->chat_pause_until = e->not_before;
        s->chat_cwnd = 1; /* probe one at a time: no wasted resends, and the order holds */
        ev->retrying = true;
    } else if (a->err == MSG_ERR_NOT_LOGGED_IN) {
        e->sent = false; /* sent again after the next log-in */
        ev->retrying = true;
    } else {
        cl_outbox_ack(s->outbox, a->client_msg_id); /* stored, or refused for good */
        if (s->chat_cwnd < s->chat_window) s->chat_cwnd++;
    }
    ev->pending = (uint32_t)cl_outbox_count(s->outbox);
}

static void cl_session_on_session(cl_session *s, cl_pending *p, const msg_session *m)
{
    if (!p || !cl_session_is_auth(p->type)) {
        cl_session_log(s, 2, "SESSION for an unknown request %u ignored", (unsigned)m->req);
        return;
    }
    memcpy(s->token, m->token, MSG_TOKEN_SIZE);
    s->have_token = true;
    s->me = *m;
    sodium_memzero(s->me.token, sizeof s->me.token);
    s->have_me = true;
    s->logged_in = true;
    if (!s->want_known) {
        s->want_known = true;
        s->want_status = m->status;
        s->want_text[0] = '\0';
    }
    cl_session_use_outbox(s, m->name, m->role == MSG_ROLE_GUEST); /* may emit events */
}

/* One message from the server: update the state, then queue it as an event. */
static void cl_session_handle(cl_session *s, int ch, const uint8_t *data, size_t len, double now)
{
    msg *m = &s->in;
    bits_error why;
    if (!msg_decode(data, len, m, &why)) {
        cl_session_log(s, 2, "undecodable message on channel %d dropped (%s)", ch,
                       bits_error_name(why));
        return;
    }
    if (!(msg_senders(m->type) & MSG_FROM_SERVER) || msg_channel(m->type) != ch) {
        cl_session_log(s, 2, "%s on channel %d dropped: not a server message there",
                       msg_type_name(m->type), ch);
        return;
    }
    cl_session_log(s, 0, "<- %s", msg_type_name(m->type));
    cl_session_ev(s, CL_EV_MSG);
    cl_pending *p = NULL;
    switch (m->type) {
    case MSG_SERVER_INFO:
        p = cl_session_find(s, m->server_info.req);
        cl_session_annotate(s, p);
        if (p && p->type == MSG_HELLO) {
            s->info = m->server_info;
            s->have_info = true;
            s->ev.type = CL_EV_CONNECTED;
        }
        break;
    case MSG_SESSION: {
        p = cl_session_find(s, m->session.req);
        cl_session_on_session(s, p, &m->session);
        cl_session_ev(s, s->logged_in && p ? CL_EV_SESSION : CL_EV_MSG); /* built afresh */
        cl_session_annotate(s, p);
        break;
    }
    case MSG_RESULT: {
        p = cl_session_take(s, m->result.req);
        if (!p) break;
        cl_pending copy = *p; /* the handler may send requests that reuse the recent ring */
        sodium_memzero(p->password, sizeof p->password); /* the ring keeps no secrets */
        cl_session_annotate(s, &copy);
        cl_event saved_head;
        memcpy(&saved_head, &s->ev, offsetof(cl_event, m));
        cl_session_on_result(s, &copy, &m->result, now);
        sodium_memzero(&copy, sizeof copy);
        memcpy(&s->ev, &saved_head, offsetof(cl_event, m)); /* handlers may emit their own */
        s->ev.pending = s->outbox ? (uint32_t)cl_outbox_count(s->outbox) : 0;
        break;
    }
    case MSG_NOTICE: {
        const msg_notice *n = &m->notice;
        if ((n->kind == MSG_NOTICE_KICKED && n->room_id == 0) || n->kind == MSG_NOTICE_BANNED) {
            s->stop_pending = n->kind == MSG_NOTICE_BANNED ? CL_STOP_BANNED : CL_STOP_KICKED;
            cl_session_text(s->stop_text, sizeof s->stop_text, "%s from the server%s%s%s%s",
                            n->kind == MSG_NOTICE_BANNED ? "banned" : "kicked",
                            n->by[0] ? " by " : "", n->by, n->text[0] ? ": " : "", n->text);
        } else if (n->kind == MSG_NOTICE_KICKED) {
            cl_room_state *r = cl_rooms_get(&s->rooms, n->room_id);
            if (r) cl_rooms_set_joined(r, false);
        }
        break;
    }
    case MSG_ROOM_LIST_ITEMS: {
        p = cl_session_find(s, m->room_list_items.req);
        cl_session_annotate(s, p);
        bool authoritative = p && (p->type == MSG_ROOM_LIST || p->type == MSG_ROOM_JOIN);
        for (uint32_t i = 0; i < m->room_list_items.count; i++)
            if (!cl_rooms_put(&s->rooms, &m->room_list_items.rooms[i], authoritative))
                cl_session_log(s, 2, "room table full (%d rooms)", CL_MAX_ROOMS);
        break;
    }
    case MSG_ROOM_EVENT:
        if (m->room_event.kind == MSG_ROOM_EV_DELETED)
            cl_rooms_remove(&s->rooms, m->room_event.room.room_id);
        else
            cl_rooms_put(&s->rooms, &m->room_event.room, false);
        break;
    case MSG_MEMBER_EVENT: {
        const msg_member_event *e = &m->member_event;
        bool gone = e->kind == MSG_MEMBER_EV_LEFT || e->kind == MSG_MEMBER_EV_KICKED ||
                    e->kind == MSG_MEMBER_EV_BANNED;
        if (gone && s->have_me && e->member.user_id == s->me.user_id) {
            cl_room_state *r = cl_rooms_get(&s->rooms, e->room_id);
            if (r) cl_rooms_set_joined(r, false);
        }
        break;
    }
    case MSG_MEMBER_LIST:
        cl_session_annotate(s, cl_session_find(s, m->member_list.req));
        break;
    case MSG_USER_SEARCH_RESULT:
        cl_session_annotate(s, cl_session_find(s, m->user_search_result.req));
        break;
    case MSG_CHAT_MESSAGE:
        s->ev.seen = cl_rooms_message(&s->rooms, &m->chat_message);
        break;
    case MSG_CHAT_ACK:
        cl_session_on_ack(s, &m->chat_ack, now);
        break;
    case MSG_NOTE_DATA:
        cl_session_fetch_progress(s, &m->note_data, now);
        break;
    case MSG_HISTORY_END: {
        const msg_history_end *h = &m->history_end;
        p = cl_session_find(s, h->req);
        if (p && p->type == MSG_HISTORY) p = cl_session_take(s, h->req);
        cl_session_annotate(s, p);
        uint64_t before = 0;
        if (h->room_id &&
            cl_rooms_page_end(&s->rooms, h->room_id, h->err == MSG_OK, h->more, &before)) {
            cl_event saved;
            memcpy(&saved, &s->ev, offsetof(cl_event, m));
            cl_session_catch_up(s, h->room_id, before);
            memcpy(&s->ev, &saved, offsetof(cl_event, m));
        }
        break;
    }
    default:
        break;
    }
    cl_session_emit(s, data, len);
}

/* Moves messages from the connection into the event queue while it has room. */
static void cl_session_pump(cl_session *s, double now)
{
    const size_t need = sizeof(cl_event) + CL_EVQ_RESERVE; /* more than any one record */
    /* bulk: voice-note chunks (NOTE_DATA), after control and chat */
    static const int channels[] = {CONN_CH_CONTROL, CONN_CH_CHAT, CONN_CH_BULK};
    for (int round = 0; round < 64; round++) {
        bool any = false;
        for (size_t ci = 0; ci < sizeof channels / sizeof channels[0] && s->c; ci++) {
            int ch = channels[ci];
            if (cl_evq_free_bytes(&s->evq) < need) return;
            long size = conn_peek_size(s->c, ch);
            if (size < 0) continue;
            any = true;
            size_t n;
            if ((size_t)size > sizeof s->rx) { /* larger than any message: read and drop */
                void *big = malloc((size_t)size);
                if (!big) return;
                conn_receive(s->c, ch, big, (size_t)size, &n);
                free(big);
                cl_session_log(s, 2, "oversized message (%ld bytes) dropped", size);
                continue;
            }
            if (conn_receive(s->c, ch, s->rx, sizeof s->rx, &n) != 1) continue;
            cl_session_handle(s, ch, s->rx, n, now);
        }
        if (!any) return;
    }
}

/* Reacts to the transport's state after it was fed or updated. */
static void cl_session_check(cl_session *s, double now)
{
    if (!s->c) return;
    conn_state cs = conn_get_state(s->c);
    if (cs == CONN_CONNECTED && s->state == CL_STATE_CONNECTING) {
        cl_session_on_connected(s, now);
    } else if (cs == CONN_DISCONNECTED) {
        cl_session_pump(s, now); /* what arrived before the end still counts */
        if (!s->c) return;       /* handling it already ended the connection */
        conn_reason why = conn_get_reason(s->c);
        if (why == CONN_REASON_DENIED_VERSION) {
            cl_session_stop(s, CL_STOP_VERSION,
                            "the server refused this client's protocol version; update Parley",
                            now);
            return;
        }
        char text[CL_TEXT_MAX];
        cl_session_text(text, sizeof text, "%s", conn_reason_str(why));
        cl_session_lost(s, why, text, now);
    }
}

/* ---- public: life cycle ------------------------------------------------------------------ */

cl_session *cl_session_create(const cl_session_config *cfg, double now, char *err, size_t errcap)
{
    assert(cfg && err && errcap > 0);
    err[0] = '\0';
    if (!cfg->server || !cfg->home) {
        snprintf(err, errcap, "no server or home folder given");
        return NULL;
    }
    if (!pkt_crypto_init()) {
        snprintf(err, errcap, "the crypto library (libsodium) cannot start");
        return NULL;
    }
    cl_session *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->cfg.server = s->cfg.home = s->cfg.client_name = s->cfg.trust_hint = NULL;
    s->trust_new = cfg->trust_new_key;
    s->chat_window = cfg->chat_window ? cfg->chat_window : CL_DEFAULT_WINDOW;
    s->chat_cwnd = s->chat_window;
    s->auth = cfg->auth;
    cl_session_copy(s->client_name, sizeof s->client_name,
                    cfg->client_name && strlen(cfg->client_name) <= MSG_CLIENT_NAME_MAX
                        ? cfg->client_name
                        : "parley-core " CL_VERSION);
    cl_session_copy(s->trust_hint, sizeof s->trust_hint,
                    cfg->trust_hint && strlen(cfg->trust_hint) < sizeof s->trust_hint
                        ? cfg->trust_hint
                        : "call cl_session_trust_new_key()");
    if (!cl_known_server_name(cfg->server, CL_DEFAULT_PORT, s->server, sizeof s->server)) {
        snprintf(err, errcap, "bad server address '%s' (expected HOST[:PORT])", cfg->server);
        goto fail;
    }
    if (!cl_session_copy(s->home, sizeof s->home, cfg->home) ||
        !cl_home_known_path(s->home, s->known_path, sizeof s->known_path)) {
        snprintf(err, errcap, "home folder path too long");
        goto fail;
    }
    if (s->auth.mode != CL_AUTH_NONE &&
        (!s->auth.name[0] || !bits_utf8_valid(s->auth.name, strlen(s->auth.name)))) {
        snprintf(err, errcap, "a log-in needs a user name");
        goto fail;
    }
    if (!cl_evq_init(&s->evq, CL_EVENT_BYTES)) {
        snprintf(err, errcap, "out of memory");
        goto fail;
    }
    uint64_t seed = cfg->seed;
    if (!seed) randombytes_buf(&seed, sizeof seed);
    cl_backoff_init(&s->backoff,
                    &(cl_backoff_config){.min = cfg->backoff_min, .max = cfg->backoff_max}, seed);
    if (!cfg->send) {
        if (!net_init(err, errcap)) goto fail;
        s->sock = net_open(0, err, errcap);
        if (!s->sock) {
            net_quit();
            goto fail;
        }
    }
    if (!net_resolve(cfg->server, CL_DEFAULT_PORT, &s->addr, err, errcap)) goto fail;
    if (s->auth.mode != CL_AUTH_NONE)
        cl_session_use_outbox(s, s->auth.name, s->auth.mode == CL_AUTH_GUEST);
    cl_session_connect(s, now);
    return s;
fail:
    cl_session_destroy(s);
    return NULL;
}

void cl_session_destroy(cl_session *s)
{
    if (!s) return;
    if (s->c) conn_destroy(s->c);
    cl_outbox_close(s->outbox);
    cl_note_tx_free(&s->notes);
    cl_evq_free(&s->evq);
    if (s->sock) {
        net_close(s->sock);
        net_quit();
    }
    sodium_memzero(s, sizeof *s);
    free(s);
}

void cl_session_on_datagram(cl_session *s, const net_addr *from, const uint8_t *data, size_t len,
                            double now)
{
    assert(s && from && (data || len == 0));
    if (!s->c || !net_addr_equal(from, &s->addr)) return;
    conn_on_packet(s->c, data, len, now);
    cl_session_check(s, now);
    cl_session_pump(s, now);
    cl_session_flush_outbox(s, now);
    cl_session_flush_notes(s, now);
    if (s->c) conn_flush(s->c, now);
}

void cl_session_update(cl_session *s, double now)
{
    assert(s);
    if (s->sock) {
        net_addr from;
        for (int i = 0; i < CL_RECV_BURST; i++) {
            int n = net_recv(s->sock, s->dgram, sizeof s->dgram, &from);
            if (n <= 0) break;
            cl_session_on_datagram(s, &from, s->dgram, (size_t)n, now);
        }
    }
    if (s->c) {
        conn_update(s->c, now);
        cl_session_check(s, now);
    }
    cl_session_pump(s, now);
    if (s->state == CL_STATE_WAITING && now >= s->retry_at) cl_session_connect(s, now);
    if (s->auth_retry_at > 0 && now >= s->auth_retry_at && s->state == CL_STATE_AUTHENTICATING) {
        s->auth_retry_at = 0;
        cl_session_start_auth(s);
    }
    cl_session_fetch_expire(s, now);
    cl_session_flush_outbox(s, now);
    cl_session_flush_notes(s, now);
    if (s->c) conn_flush(s->c, now);
}

/* Voice notes. */

cl_err cl_session_note_send(cl_session *s, uint32_t room_id, const char *to, const uint8_t *data,
                            size_t len, uint64_t *id_out, double now)
{
    assert(s && data);
    if (s->state == CL_STATE_STOPPED) return CL_ERR_STOPPED;
    /* kept while the link is down only for an account the session will log in again */
    if (!s->logged_in && s->auth.mode == CL_AUTH_NONE) return CL_ERR_NOT_LOGGED_IN;
    bool dm = to && to[0];
    if ((room_id != 0) == dm || (dm && strlen(to) > MSG_NAME_MAX) || len == 0 ||
        len > MSG_NOTE_MAX_BYTES || vn_parse(data, len, NULL) != VN_OK)
        return CL_ERR_INVALID;
    uint64_t id;
    do {
        randombytes_buf(&id, sizeof id);
    } while (id == 0 || (s->outbox && cl_outbox_find(s->outbox, id)) ||
             cl_note_tx_find(&s->notes, id));
    if (!cl_note_tx_add(&s->notes, id, room_id, dm ? to : NULL, data, len)) return CL_ERR_FULL;
    cl_session_log(s, 0, "-> NOTE_SEND %llu (%zu bytes)", (unsigned long long)id, len);
    if (id_out) *id_out = id;
    cl_session_flush_notes(s, now);
    if (s->c) conn_flush(s->c, now);
    return CL_OK;
}

size_t cl_session_notes_waiting(const cl_session *s)
{
    assert(s);
    return s->notes.count;
}

cl_err cl_session_note_fetch(cl_session *s, uint64_t server_id, uint32_t *req, double now)
{
    assert(s);
    if (s->state == CL_STATE_STOPPED) return CL_ERR_STOPPED;
    if (!s->c || conn_get_state(s->c) != CONN_CONNECTED) return CL_ERR_NOT_CONNECTED;
    if (!s->logged_in) return CL_ERR_NOT_LOGGED_IN;
    if (server_id == 0) return CL_ERR_INVALID;
    cl_note_wait *w = NULL;
    for (size_t i = 0; i < CL_NOTE_FETCH_MAX && !w; i++)
        if (!s->fetches[i].req) w = &s->fetches[i];
    if (!w) return CL_ERR_BUSY;
    msg *m = cl_session_msg(s, MSG_NOTE_FETCH);
    if (++s->next_req == 0) s->next_req = 1;
    m->note_fetch.req = s->next_req;
    m->note_fetch.server_id = server_id;
    size_t wire;
    if (!msg_encode(m, s->tx, sizeof s->tx, &wire)) return CL_ERR_INVALID;
    if (conn_send(s->c, CONN_CH_BULK, s->tx, wire) != CONN_OK) return CL_ERR_BUSY;
    w->req = m->note_fetch.req;
    w->server_id = server_id;
    w->deadline = now + CL_NOTE_FETCH_TIMEOUT;
    if (req) *req = w->req;
    return CL_OK;
}

cl_err cl_session_voice_send(cl_session *s, const uint8_t *data, size_t len)
{
    assert(s && data);
    if (s->state == CL_STATE_STOPPED) return CL_ERR_STOPPED;
    if (!s->c || conn_get_state(s->c) != CONN_CONNECTED) return CL_ERR_NOT_CONNECTED;
    if (!s->logged_in) return CL_ERR_NOT_LOGGED_IN;
    return conn_send(s->c, CONN_CH_VOICE, data, len) == CONN_OK ? CL_OK : CL_ERR_INVALID;
}

bool cl_session_voice_receive(cl_session *s, uint8_t *buf, size_t cap, size_t *len)
{
    assert(s && buf && len);
    if (!s->c) return false;
    for (;;) {
        int r = conn_receive(s->c, CONN_CH_VOICE, buf, cap, len);
        if (r == 1) return true;
        if (r != CONN_ERR_BUFFER) return false;
        /* longer than any voice message: not one, so it is dropped */
        size_t n;
        if (conn_receive(s->c, CONN_CH_VOICE, s->rx, sizeof s->rx, &n) != 1) return false;
        cl_session_log(s, 2, "voice message of %zu bytes dropped: too long", n);
    }
}

void cl_session_voice_flush(cl_session *s, double now)
{
    assert(s);
    if (s->c) conn_flush(s->c, now);
}

bool cl_session_wait(cl_session *s, int timeout_ms)
{
    assert(s && timeout_ms >= 0);
    return s->sock ? net_wait(s->sock, timeout_ms) : false;
}

bool cl_session_poll(cl_session *s, cl_event *ev)
{
    assert(s && ev);
    if (!cl_evq_pop(&s->evq, ev)) return false;
    if (ev->m.type == MSG_SESSION) sodium_memzero(ev->m.session.token, MSG_TOKEN_SIZE);
    return true;
}

void cl_session_close(cl_session *s, double now)
{
    assert(s);
    if (s->state == CL_STATE_STOPPED) return;
    cl_session_stop(s, CL_STOP_CLOSED, "closed", now);
}

void cl_session_trust_new_key(cl_session *s, double now)
{
    assert(s);
    s->trust_new = true;
    if (s->state == CL_STATE_STOPPED && s->stop == CL_STOP_IDENTITY) {
        s->stop = CL_STOP_NONE;
        cl_backoff_reset(&s->backoff);
        cl_session_connect(s, now);
    }
}

void cl_session_reconnect_now(cl_session *s, double now)
{
    assert(s);
    if (s->state == CL_STATE_WAITING) s->retry_at = now;
}

/* ---- public: requests -------------------------------------------------------------------- */

cl_err cl_session_request(cl_session *s, msg *m, uint32_t *req)
{
    assert(s && m);
    if (!cl_session_req_field(m) || m->type == MSG_HELLO || m->type == MSG_RESUME)
        return CL_ERR_INVALID;
    if (s->state == CL_STATE_STOPPED) return CL_ERR_STOPPED;
    bool auth = cl_session_is_auth(m->type);
    bool open = s->state == CL_STATE_READY || (!auth && s->state == CL_STATE_RESTORING);
    if (!open || !s->c) return CL_ERR_NOT_CONNECTED;
    if (auth && s->logged_in) return CL_ERR_LOGGED_IN;
    if (!auth && !s->logged_in) return CL_ERR_NOT_LOGGED_IN;
    return cl_session_send_req(s, m, false, false, req);
}

cl_err cl_session_login(cl_session *s, const char *name, const char *password, uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_LOGIN);
    if (!name || !*name || !cl_session_copy(m->login.name, sizeof m->login.name, name) ||
        !cl_session_copy(m->login.password, sizeof m->login.password, password))
        return CL_ERR_INVALID;
    cl_err e = cl_session_request(s, m, req);
    sodium_memzero(&s->out, sizeof s->out);
    return e;
}

cl_err cl_session_register(cl_session *s, const char *name, const char *email, const char *password,
                           uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_REGISTER);
    if (!name || !*name || !cl_session_copy(m->register_.name, sizeof m->register_.name, name) ||
        !cl_session_copy(m->register_.email, sizeof m->register_.email, email) ||
        !cl_session_copy(m->register_.password, sizeof m->register_.password, password))
        return CL_ERR_INVALID;
    cl_err e = cl_session_request(s, m, req);
    sodium_memzero(&s->out, sizeof s->out);
    return e;
}

cl_err cl_session_guest(cl_session *s, const char *name, uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_GUEST);
    if (!name || !*name || !cl_session_copy(m->guest.name, sizeof m->guest.name, name))
        return CL_ERR_INVALID;
    return cl_session_request(s, m, req);
}

cl_err cl_session_logout(cl_session *s, uint32_t *req)
{
    return cl_session_request(s, cl_session_msg(s, MSG_LOGOUT), req);
}

cl_err cl_session_list_rooms(cl_session *s, uint32_t *req)
{
    return cl_session_request(s, cl_session_msg(s, MSG_ROOM_LIST), req);
}

cl_err cl_session_create_room(cl_session *s, const char *name, const char *topic,
                              const char *password, uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_ROOM_CREATE);
    m->room_create.is_private = password && *password;
    if (!name || !*name ||
        !cl_session_copy(m->room_create.name, sizeof m->room_create.name, name) ||
        !cl_session_copy(m->room_create.topic, sizeof m->room_create.topic, topic) ||
        !cl_session_copy(m->room_create.password, sizeof m->room_create.password, password))
        return CL_ERR_INVALID;
    return cl_session_request(s, m, req);
}

cl_err cl_session_join(cl_session *s, uint32_t room_id, const char *name, const char *password,
                       uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_ROOM_JOIN);
    m->room_join.room_id = room_id;
    if ((room_id == 0 && (!name || !*name)) ||
        !cl_session_copy(m->room_join.name, sizeof m->room_join.name, room_id ? "" : name) ||
        !cl_session_copy(m->room_join.password, sizeof m->room_join.password, password))
        return CL_ERR_INVALID;
    cl_err e = cl_session_request(s, m, req);
    if (e == CL_OK && room_id && name) { /* keep the name for the answer */
        cl_pending *p = cl_session_find(s, s->next_req);
        if (p && !p->name[0]) cl_session_copy(p->name, sizeof p->name, name);
    }
    return e;
}

static cl_err cl_session_room_req(cl_session *s, msg_type type, uint32_t room_id, uint32_t *req)
{
    if (room_id == 0) return CL_ERR_INVALID;
    msg *m = cl_session_msg(s, type);
    switch (type) {
    case MSG_ROOM_LEAVE:
        m->room_leave.room_id = room_id;
        break;
    case MSG_ROOM_DELETE:
        m->room_delete.room_id = room_id;
        break;
    default:
        m->members.room_id = room_id;
        break;
    }
    return cl_session_request(s, m, req);
}

cl_err cl_session_leave(cl_session *s, uint32_t room_id, uint32_t *req)
{
    return cl_session_room_req(s, MSG_ROOM_LEAVE, room_id, req);
}

cl_err cl_session_delete_room(cl_session *s, uint32_t room_id, uint32_t *req)
{
    return cl_session_room_req(s, MSG_ROOM_DELETE, room_id, req);
}

cl_err cl_session_members(cl_session *s, uint32_t room_id, uint32_t *req)
{
    return cl_session_room_req(s, MSG_MEMBERS, room_id, req);
}

cl_err cl_session_set_status(cl_session *s, msg_status status, const char *text, uint32_t *req)
{
    if (status < MSG_STATUS_ONLINE || status > MSG_STATUS_INVISIBLE) return CL_ERR_INVALID;
    msg *m = cl_session_msg(s, MSG_STATUS_SET);
    m->status_set.status = status;
    if (!cl_session_copy(m->status_set.text, sizeof m->status_set.text, text))
        return CL_ERR_INVALID;
    return cl_session_request(s, m, req);
}

cl_err cl_session_search(cl_session *s, const char *query, uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_USER_SEARCH);
    if (!query || !*query ||
        !cl_session_copy(m->user_search.query, sizeof m->user_search.query, query))
        return CL_ERR_INVALID;
    return cl_session_request(s, m, req);
}

cl_err cl_session_history(cl_session *s, uint32_t room_id, uint32_t peer_id, uint64_t before_id,
                          uint32_t count, uint32_t *req)
{
    if ((room_id == 0) == (peer_id == 0) || count < 1 || count > MSG_HISTORY_PAGE)
        return CL_ERR_INVALID;
    msg *m = cl_session_msg(s, MSG_HISTORY);
    m->history.room_id = room_id;
    m->history.peer_id = peer_id;
    m->history.before_id = before_id;
    m->history.count = count;
    return cl_session_request(s, m, req);
}

cl_err cl_session_kick(cl_session *s, const char *name, uint32_t room_id, const char *reason,
                       uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_KICK);
    m->kick.room_id = room_id;
    if (!name || !*name || !cl_session_copy(m->kick.name, sizeof m->kick.name, name) ||
        !cl_session_copy(m->kick.reason, sizeof m->kick.reason, reason))
        return CL_ERR_INVALID;
    return cl_session_request(s, m, req);
}

cl_err cl_session_ban(cl_session *s, const char *name, uint32_t seconds, const char *reason,
                      uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_BAN);
    m->ban.seconds = seconds;
    if (seconds > MSG_SECONDS_MAX || !name || !*name ||
        !cl_session_copy(m->ban.name, sizeof m->ban.name, name) ||
        !cl_session_copy(m->ban.reason, sizeof m->ban.reason, reason))
        return CL_ERR_INVALID;
    return cl_session_request(s, m, req);
}

cl_err cl_session_mute(cl_session *s, const char *name, uint32_t room_id, uint32_t seconds,
                       const char *reason, uint32_t *req)
{
    msg *m = cl_session_msg(s, MSG_MUTE);
    m->mute.room_id = room_id;
    m->mute.seconds = seconds;
    if (room_id == 0 || seconds > MSG_SECONDS_MAX || !name || !*name ||
        !cl_session_copy(m->mute.name, sizeof m->mute.name, name) ||
        !cl_session_copy(m->mute.reason, sizeof m->mute.reason, reason))
        return CL_ERR_INVALID;
    return cl_session_request(s, m, req);
}

/* ---- public: state ----------------------------------------------------------------------- */

cl_state cl_session_state(const cl_session *s)
{
    return s->state;
}

cl_stop cl_session_stop_reason(const cl_session *s)
{
    return s->stop;
}

bool cl_session_logged_in(const cl_session *s)
{
    return s->logged_in;
}

const msg_session *cl_session_me(const cl_session *s)
{
    return s->have_me ? &s->me : NULL;
}

const msg_server_info *cl_session_server_info(const cl_session *s)
{
    return s->have_info ? &s->info : NULL;
}

const char *cl_session_server(const cl_session *s)
{
    return s->server;
}

size_t cl_session_outbox_count(const cl_session *s)
{
    return s->outbox ? cl_outbox_count(s->outbox) : 0;
}

const char *cl_session_outbox_path(const cl_session *s)
{
    return s->outbox ? cl_outbox_path(s->outbox) : NULL;
}

uint32_t cl_session_pending(const cl_session *s)
{
    uint32_t n = 0;
    for (size_t i = 0; i < CL_MAX_PENDING; i++)
        n += s->pending[i].req && !s->pending[i].internal && !s->pending[i].auto_auth;
    return n;
}

double cl_session_retry_at(const cl_session *s)
{
    return s->retry_at;
}

const cl_room *cl_session_room(const cl_session *s, uint32_t room_id)
{
    cl_room_state *r = cl_rooms_get((cl_rooms *)&s->rooms, room_id);
    return r ? &r->pub : NULL;
}

const cl_room *cl_session_room_named(const cl_session *s, const char *name)
{
    cl_room_state *r = cl_rooms_named((cl_rooms *)&s->rooms, name);
    return r ? &r->pub : NULL;
}

size_t cl_session_room_count(const cl_session *s)
{
    return s->rooms.count;
}

const cl_room *cl_session_room_at(const cl_session *s, size_t i)
{
    assert(i < s->rooms.count);
    return &s->rooms.v[i].pub;
}
