/* gui_ctl.c — the GUI's controller over the client core (see gui_ctl.h). */
#include "gui_ctl.h"
#include "gui_str.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void gui_ctl_log(void *user, int level, const char *text)
{
    (void)user;
    static const char *const names[] = {"debug", "info", "warn", "error"};
    fprintf(stderr, "parley: %s: %s\n", names[level < 0 ? 0 : level > 3 ? 3 : level], text);
}

bool gui_ctl_init(gui_ctl *c, const gui_ctl_config *cfg)
{
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
    c->ev = malloc(sizeof *c->ev);
    return c->ev != NULL;
}

static void gui_ctl_close(gui_ctl *c, int64_t now_ms)
{
    if (!c->s) return;
    if (c->cfg.on_close) c->cfg.on_close(c->cfg.on_close_user);
    gui_waker_stop(c->waker);
    c->waker = NULL;
    cl_session_close(c->s, (double)now_ms / 1000.0);
    while (cl_session_poll(c->s, c->ev)) {
    }
    cl_session_destroy(c->s);
    c->s = NULL;
}

void gui_ctl_free(gui_ctl *c, gui_state *st)
{
    gui_ctl_close(c, 0);
    gui_discover_stop(&c->disc);
    gui_host_stop(&c->host);
    st->hosting = false;
    sodium_memzero(&c->host_auth, sizeof c->host_auth);
    free(c->ev);
    c->ev = NULL;
}

/* ---- the round trip shown ------------------------------------------------------------------ */

static void gui_ctl_probe(gui_ctl *c, uint32_t req, int64_t now_ms)
{
    if (!req) return;
    c->probes[c->probe_next].req = req;
    c->probes[c->probe_next].sent_ms = now_ms;
    c->probe_next = (c->probe_next + 1) % GUI_CTL_PROBES;
}

/* The first answer to a timed request is a round-trip sample. */
static void gui_ctl_sample(gui_ctl *c, gui_state *st, uint32_t req, int64_t now_ms)
{
    if (!req) return;
    for (int i = 0; i < GUI_CTL_PROBES; i++) {
        if (c->probes[i].req != req) continue;
        float ms = (float)(now_ms - c->probes[i].sent_ms);
        c->probes[i].req = 0;
        if (ms < 0.0f || ms > 60000.0f) return;
        st->link.rtt_ms = st->link.have_rtt ? st->link.rtt_ms * 0.6f + ms * 0.4f : ms;
        st->link.have_rtt = true;
        return;
    }
}

/* ---- connecting ---------------------------------------------------------------------------- */

bool gui_ctl_connect(gui_ctl *c, gui_state *st, const char *server, const cl_auth *auth,
                     int64_t now_ms)
{
    gui_ctl_close(c, now_ms);
    gui_state_reset(st);
    cl_session_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.server = server;
    cfg.home = c->cfg.home;
    cfg.client_name = "parley-gui " CL_VERSION;
    cfg.trust_new_key = c->cfg.trust_new_key;
    cfg.trust_hint = "press \"Trust the new key\" in Parley after checking the fingerprint";
    if (auth) cfg.auth = *auth;
    if (c->cfg.verbose) cfg.log = gui_ctl_log;
    char err[512];
    c->s = cl_session_create(&cfg, (double)now_ms / 1000.0, err, sizeof err);
    sodium_memzero(&cfg.auth, sizeof cfg.auth);
    if (!c->s) {
        gui_state_note(st, GUI_NOTE_ERROR, "Cannot connect to %s: %s", server, err);
        st->screen = GUI_SCREEN_START;
        return false;
    }
    c->waker = gui_waker_start(c->s, c->cfg.wake_event);
    gui_str_copy(st->link.server, sizeof st->link.server, cl_session_server(c->s));
    gui_str_copy(st->settings.server, sizeof st->settings.server, server);
    st->link.state = GUI_LINK_CONNECTING;
    gui_discover_stop(&c->disc); /* the start screen's search is done with */
    st->found = NULL;
    st->found_count = 0;
    st->discovering = false;
    return true;
}

void gui_ctl_disconnect(gui_ctl *c, gui_state *st, int64_t now_ms)
{
    gui_ctl_close(c, now_ms);
    gui_state_reset(st);
    st->screen = GUI_SCREEN_START;
    gui_ctl_discover(c, st, now_ms);
}

void gui_ctl_discover(gui_ctl *c, gui_state *st, int64_t now_ms)
{
    char err[256];
    if (!gui_discover_start(&c->disc, c->cfg.discover_addr, now_ms, err, sizeof err)) {
        gui_state_note(st, GUI_NOTE_WARNING, "Cannot look for servers: %s", err);
        return;
    }
    st->discovering = true;
    st->found = c->disc.d.found;
    st->found_count = 0;
    st->changes++;
}

/* ---- actions ------------------------------------------------------------------------------- */

static void gui_ctl_failed(gui_ctl *c, gui_state *st, cl_err e, int64_t now_ms)
{
    if (e == CL_ERR_NOT_CONNECTED && c->s && cl_session_state(c->s) == CL_STATE_WAITING) {
        double in = cl_session_retry_at(c->s) - (double)now_ms / 1000.0;
        gui_state_note(st, GUI_NOTE_WARNING, "Not connected to the server; trying again in %.0f s",
                       in > 0 ? in : 0);
        return;
    }
    gui_state_note(st, GUI_NOTE_ERROR, "%s",
                   e == CL_ERR_NOT_LOGGED_IN ? "Log in first" : cl_err_str(e));
}

void gui_ctl_host(gui_ctl *c, gui_state *st, const cl_auth *auth)
{
    char name[64];
    if (st->settings.name[0])
        gui_str_fmt(name, sizeof name, "%.40s's server", st->settings.name);
    else
        gui_str_fmt(name, sizeof name, "Parley");
    if (!gui_host_start(&c->host, name)) {
        gui_state_note(st, GUI_NOTE_ERROR, "Cannot host a server: %s", c->host.err);
        return;
    }
    c->host_connect = true;
    memset(&c->host_auth, 0, sizeof c->host_auth);
    if (auth) c->host_auth = *auth;
    st->hosting = true;
    gui_state_note(st, GUI_NOTE_INFO, "Starting a server on this PC...");
}

bool gui_ctl_action(gui_ctl *c, gui_state *st, gui_view *v, gui_action *a, int64_t now_ms)
{
    double now = (double)now_ms / 1000.0;
    uint32_t req = 0;
    cl_err e = CL_OK;
    switch (a->kind) {
    case GUI_ACT_CONNECT:
        gui_ctl_connect(c, st, a->text, NULL, now_ms);
        return true;
    case GUI_ACT_HOST:
        gui_ctl_host(c, st, NULL);
        return true;
    case GUI_ACT_DISCOVER:
        gui_ctl_discover(c, st, now_ms);
        return true;
    case GUI_ACT_DISCONNECT:
        gui_ctl_disconnect(c, st, now_ms);
        return true;
    default:
        break;
    }
    if (!c->s) {
        switch (a->kind) {
        case GUI_ACT_SETTINGS:
        case GUI_ACT_COMPACT:
        case GUI_ACT_TEST_SOUND:
        case GUI_ACT_QUIT:
            return false;
        default:
            gui_state_note(st, GUI_NOTE_ERROR, "Not connected to a server");
            return true;
        }
    }
    switch (a->kind) {
    case GUI_ACT_LOGIN:
        e = cl_session_login(c->s, a->name, a->secret, &req);
        if (e == CL_OK) st->login_req = req;
        break;
    case GUI_ACT_REGISTER:
        e = cl_session_register(c->s, a->name, a->email, a->secret, &req);
        if (e == CL_OK) st->login_req = req;
        break;
    case GUI_ACT_GUEST:
        e = cl_session_guest(c->s, a->name, &req);
        if (e == CL_OK) st->login_req = req;
        break;
    case GUI_ACT_LOGOUT:
        e = cl_session_logout(c->s, &req);
        break;
    case GUI_ACT_LIST_ROOMS:
        e = cl_session_list_rooms(c->s, &req);
        break;
    case GUI_ACT_CREATE_ROOM:
        e = cl_session_create_room(c->s, a->name, a->text, a->secret[0] ? a->secret : NULL, &req);
        if (e == CL_OK) st->create_req = req;
        break;
    case GUI_ACT_JOIN:
        e = cl_session_join(c->s, a->room_id, a->name, a->secret, &req);
        if (e == CL_OK && a->number == 0) { /* the person's own join opens the room */
            st->join_req = req;
            gui_str_copy(st->join_name, sizeof st->join_name, a->name);
        }
        if (e != CL_OK && a->room_id) {
            gui_convo *cv = gui_state_find_room_convo(st, a->room_id);
            if (cv) cv->loaded = false;
        }
        break;
    case GUI_ACT_LEAVE:
        e = cl_session_leave(c->s, a->room_id, &req);
        break;
    case GUI_ACT_DELETE_ROOM:
        e = cl_session_delete_room(c->s, a->room_id, &req);
        break;
    case GUI_ACT_SAY:
        e = cl_session_say(c->s, a->room_id, a->text, NULL, now);
        break;
    case GUI_ACT_DM:
        e = cl_session_dm(c->s, a->name, a->text, NULL, now);
        if (e == CL_OK && st->screen != GUI_SCREEN_DMS) { /* /dm typed in a room */
            gui_state_open_dm(st, a->name, 0);
            v->focus_input = true; /* the caret follows, so the next line goes there too */
        }
        break;
    case GUI_ACT_HISTORY:
        e = cl_session_history(c->s, a->room_id, a->peer_id, a->before, MSG_HISTORY_PAGE, &req);
        if (e != CL_OK) {
            for (int i = 0; i < st->convo_count; i++) st->convos[i]->history_pending = false;
            if (!a->before) { /* the first page: ask again when the link is back */
                gui_convo *cv = a->room_id ? gui_state_find_room_convo(st, a->room_id) : NULL;
                for (int i = 0; !cv && i < st->convo_count; i++)
                    if (!st->convos[i]->room_id && st->convos[i]->peer_id == a->peer_id)
                        cv = st->convos[i];
                if (cv) cv->loaded = false;
            }
        }
        break;
    case GUI_ACT_MEMBERS:
        e = cl_session_members(c->s, a->room_id, &req);
        break;
    case GUI_ACT_STATUS:
        e = cl_session_set_status(c->s, a->status, a->text, &req);
        if (e == CL_OK) {
            st->status_req = req;
            st->status_want = a->status;
            gui_str_copy(st->status_text_want, sizeof st->status_text_want, a->text);
        }
        break;
    case GUI_ACT_SEARCH:
        e = cl_session_search(c->s, a->text, &req);
        if (e == CL_OK) {
            st->search_req = req;
            st->search_done = false;
            st->search_count = 0;
            gui_str_copy(st->search_query, sizeof st->search_query, a->text);
        }
        break;
    case GUI_ACT_TRUST_KEY:
        cl_session_trust_new_key(c->s, now);
        st->link.state = GUI_LINK_CONNECTING;
        break;
    case GUI_ACT_RECONNECT:
        cl_session_reconnect_now(c->s, now);
        break;
    case GUI_ACT_KICK:
        e = cl_session_kick(c->s, a->name, a->room_id, a->text, &req);
        break;
    case GUI_ACT_BAN:
        e = cl_session_ban(c->s, a->name, 0, a->text, &req);
        break;
    case GUI_ACT_MUTE:
        e = cl_session_mute(c->s, a->name, a->room_id, a->number, a->text, &req);
        break;
    case GUI_ACT_CALL:
    case GUI_ACT_CALL_ACCEPT:
    case GUI_ACT_CALL_DECLINE:
    case GUI_ACT_CALL_HANGUP:
        e = gui_call_request(c->s, a, &req);
        break;
    default:
        return false;
    }
    sodium_memzero(a->secret, sizeof a->secret);
    if (c->cfg.verbose)
        fprintf(stderr, "parley: debug: action %d: %s (request %u)\n", (int)a->kind, cl_err_str(e),
                (unsigned)req);
    if (e != CL_OK) {
        gui_ctl_failed(c, st, e, now_ms);
        return true;
    }
    gui_ctl_probe(c, req, now_ms);
    cl_session_update(c->s, now); /* out at once, not at the next tick */
    st->changes++;
    return true;
}

/* ---- running -------------------------------------------------------------------------------- */

static void gui_ctl_sync_rooms(gui_ctl *c, gui_state *st)
{
    const cl_room *rooms[CL_MAX_ROOMS];
    size_t n = cl_session_room_count(c->s);
    if (n > CL_MAX_ROOMS) n = CL_MAX_ROOMS;
    for (size_t i = 0; i < n; i++) rooms[i] = cl_session_room_at(c->s, i);
    gui_state_set_rooms(st, rooms, (int)n);
}

static bool gui_ctl_host_update(gui_ctl *c, gui_state *st, int64_t now_ms)
{
    if (c->host.state == GUI_HOST_OFF) return false;
    if (!gui_host_poll(&c->host)) return false;
    if (c->host.state == GUI_HOST_RUNNING && c->host_connect) {
        c->host_connect = false;
        char addr[32];
        gui_str_fmt(addr, sizeof addr, "127.0.0.1:%u", (unsigned)c->host.port);
        if (c->host.fallback)
            gui_state_note(st, GUI_NOTE_WARNING,
                           "Port %d is taken here: the server runs on port %u. Others type "
                           "this PC's address with :%u",
                           GUI_HOST_PORT, (unsigned)c->host.port, (unsigned)c->host.port);
        else
            gui_state_note(st, GUI_NOTE_SUCCESS,
                           "Your server is running; others on the "
                           "network will find it");
        gui_ctl_connect(c, st, addr, &c->host_auth, now_ms);
        sodium_memzero(&c->host_auth, sizeof c->host_auth);
    } else if (c->host.state == GUI_HOST_FAILED) {
        gui_state_note(st, GUI_NOTE_ERROR, "The server could not start: %s", c->host.err);
        st->hosting = false;
        c->host_connect = false;
        c->host.state = GUI_HOST_OFF;
    }
    return true;
}

bool gui_ctl_update(gui_ctl *c, gui_state *st, gui_view *v, int64_t now_ms)
{
    (void)v;
    bool changed = false;
    if (c->disc.active) {
        char err[256] = "";
        if (gui_discover_poll(&c->disc, now_ms, err, sizeof err)) {
            st->found = c->disc.d.found;
            st->found_count = (int)c->disc.d.count;
            st->discovering = c->disc.active;
            changed = true;
        }
        if (err[0]) gui_state_note(st, GUI_NOTE_WARNING, "%s", err);
    }
    if (gui_ctl_host_update(c, st, now_ms)) changed = true;
    if (!c->s) return changed;
    cl_session_update(c->s, (double)now_ms / 1000.0);
    while (cl_session_poll(c->s, c->ev)) {
        if (c->cfg.verbose)
            fprintf(stderr, "parley: debug: event %d %s (request %u)%s%s\n", (int)c->ev->type,
                    c->ev->m.type ? msg_type_name(c->ev->m.type) : "", (unsigned)c->ev->req,
                    c->ev->text[0] ? ": " : "", c->ev->text);
        gui_ctl_sample(c, st, c->ev->req, now_ms);
        gui_state_on_event(st, c->ev, now_ms);
        gui_ctl_sync_rooms(c, st);
        changed = true;
    }
    gui_waker_rearm(c->waker);
    uint32_t outbox = (uint32_t)cl_session_outbox_count(c->s);
    if (outbox != st->link.outbox) {
        st->link.outbox = outbox;
        changed = true;
    }
    if (changed) st->changes++;
    return changed;
}

int gui_ctl_next(const gui_ctl *c, int64_t now_ms)
{
    int wait = -1;
    if (c->s) wait = GUI_CTL_TICK_MS;
    int d = gui_discover_next(&c->disc, now_ms);
    if (d >= 0 && (wait < 0 || d < wait)) wait = d;
    if (c->host.state == GUI_HOST_STARTING && (wait < 0 || wait > 100)) wait = 100;
    if (c->host.state == GUI_HOST_RUNNING && (wait < 0 || wait > 1000)) wait = 1000;
    return wait;
}

/* Runs the session until done() or the deadline (quitting: nothing is drawn meanwhile). */
static void gui_ctl_drain(gui_ctl *c, gui_state *st, int64_t end, int64_t (*clock_ms)(void),
                          bool (*done)(const gui_ctl *c, const gui_state *st))
{
    while (clock_ms() < end && !done(c, st)) {
        cl_session_wait(c->s, 10);
        int64_t now = clock_ms();
        cl_session_update(c->s, (double)now / 1000.0);
        while (cl_session_poll(c->s, c->ev)) gui_state_on_event(st, c->ev, now);
    }
}

static bool gui_ctl_sent(const gui_ctl *c, const gui_state *st)
{
    (void)st;
    return cl_session_outbox_count(c->s) == 0;
}

static bool gui_ctl_out(const gui_ctl *c, const gui_state *st)
{
    (void)c;
    return !st->logged_in;
}

void gui_ctl_quit(gui_ctl *c, gui_state *st, int wait_ms, int64_t (*clock_ms)(void))
{
    gui_waker_stop(c->waker);
    c->waker = NULL;
    if (c->s && cl_session_state(c->s) == CL_STATE_READY) {
        int64_t end = clock_ms() + wait_ms;
        /* what was just typed gets its chance to reach the server */
        gui_ctl_drain(c, st, end, clock_ms, gui_ctl_sent);
        /* log out, so a guest's name is free again at once (a dropped link keeps it for the
         * resume time) */
        if (st->logged_in && cl_session_logout(c->s, NULL) == CL_OK)
            gui_ctl_drain(c, st, end, clock_ms, gui_ctl_out);
    }
    gui_ctl_close(c, clock_ms());
}
