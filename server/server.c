/* server.c — the loop behind server.h. */
#include "server.h"

#include "app.h"
#include "conn.h"
#include "discovery.h"
#include "fsutil.h"
#include "host.h"
#include "identity.h"
#include "log.h"
#include "net.h"
#include "plat.h"
#include "store.h"

#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRV_CLOSE_GRACE 1.0 /* seconds a kicked session gets to receive its notice */

struct srv {
    const srv_config *cfg;
    net_socket *sock; /* NULL while the listener is stopped */
    uint16_t port;    /* bound, or last bound (or configured) while stopped */
    host *host;
    app *app;
    store *st;
    uint32_t *dirty; /* handles with output waiting to be flushed */
    uint32_t ndirty;
    uint8_t *is_dirty; /* by slot */
    struct srv_closing {
        uint32_t handle;
        double deadline;
    } * closing;
    uint32_t nclosing;
    double now;
    bool quit;
    uint64_t datagrams_in, datagrams_out, bytes_in, bytes_out, discovery_replies;
};

static double srv_clock(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static void srv_datagram_out(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    srv *s = user;
    /* queued: a burst to one client leaves in one system call; net_wait at the top of the
     * loop (and net_recv between batches) sends what a round queued */
    if (s->sock && net_queue(s->sock, to, data, len)) {
        s->datagrams_out++;
        s->bytes_out += len;
    }
}

static void srv_mark_dirty(srv *s, uint32_t handle)
{
    uint32_t slot = handle & 0xffff;
    if (s->is_dirty[slot]) return;
    s->is_dirty[slot] = 1;
    s->dirty[s->ndirty++] = handle;
}

static void srv_flush_dirty(srv *s)
{
    for (uint32_t i = 0; i < s->ndirty; i++) {
        conn *c = host_get(s->host, s->dirty[i]);
        if (c) conn_flush(c, s->now);
        s->is_dirty[s->dirty[i] & 0xffff] = 0;
    }
    s->ndirty = 0;
}

static void srv_app_send(void *user, uint32_t session, int channel, const uint8_t *data, size_t len)
{
    srv *s = user;
    conn *c = host_get(s->host, session);
    if (!c) return;
    int r = conn_send(c, channel, data, len);
    /* CONN_ERR_STATE: the session is closing and its disconnect event is on its way */
    if (r != CONN_OK && r != CONN_ERR_STATE)
        log_warn("session %08x: message of %zu bytes on channel %d not sent (error %d)", session,
                 len, channel, r);
    srv_mark_dirty(s, session);
}

static void srv_app_close(void *user, uint32_t session)
{
    srv *s = user;
    for (uint32_t i = 0; i < s->nclosing; i++)
        if (s->closing[i].handle == session) return;
    if (s->nclosing < s->cfg->max_users)
        s->closing[s->nclosing++] = (struct srv_closing){session, s->now + SRV_CLOSE_GRACE};
}

static void srv_app_log(void *user, int level, const char *text)
{
    (void)user;
    log_write((log_level)level, "%s", text);
}

/* Closes sessions whose goodbye has been delivered (or whose grace ran out). */
static void srv_close_due(srv *s)
{
    for (uint32_t i = 0; i < s->nclosing;) {
        conn *c = host_get(s->host, s->closing[i].handle);
        bool drained = c && conn_pending_bytes(c, CONN_CH_CONTROL) == 0 &&
                       conn_pending_bytes(c, CONN_CH_CHAT) == 0;
        if (!c || drained || s->now >= s->closing[i].deadline) {
            if (c) conn_disconnect(c, s->now);
            s->closing[i] = s->closing[--s->nclosing];
        } else {
            i++;
        }
    }
}

static int64_t srv_ms(void)
{
    return (int64_t)plat_wall_ms();
}

static void srv_events(srv *s)
{
    host_event ev;
    while (host_poll(s->host, &ev)) {
        conn *c = host_get(s->host, ev.handle);
        char addr[NET_ADDR_STR_MAX] = "?";
        if (c) net_addr_str(conn_peer(c), addr);
        if (ev.type == HOST_EV_CONNECT) {
            log_info("connection %08x from %s", ev.handle, addr);
            app_on_connect(s->app, ev.handle, conn_peer(c), srv_ms());
        } else {
            log_info("connection %08x from %s closed: %s", ev.handle, addr,
                     conn_reason_str(ev.reason));
            app_on_disconnect(s->app, ev.handle, srv_ms());
        }
    }
}

/* Hands what arrived on a connection to the application, in channel order. */
static void srv_pump(srv *s, uint32_t handle)
{
    conn *c = host_get(s->host, handle);
    static uint8_t buf[CONN_MAX_MESSAGE];
    for (int ch = CONN_CH_CONTROL; ch <= CONN_CH_CHAT && c; ch++) {
        size_t len;
        int r;
        while ((r = conn_receive(c, ch, buf, sizeof buf, &len)) == 1) {
            app_on_message(s->app, handle, ch, buf, len, srv_ms());
            c = host_get(s->host, handle); /* the application may have closed it */
            if (!c) break;
        }
    }
    /* voice is relayed at once; the loop flushes the listeners after this datagram batch */
    if (c) {
        size_t len;
        while (conn_receive(c, CONN_CH_VOICE, buf, sizeof buf, &len) == 1)
            app_on_voice(s->app, handle, buf, len, srv_ms());
    }
    /* bulk carries application messages too (voice notes) */
    while (c) {
        size_t len;
        if (conn_receive(c, CONN_CH_BULK, buf, sizeof buf, &len) != 1) break;
        app_on_message(s->app, handle, CONN_CH_BULK, buf, len, srv_ms());
        c = host_get(s->host, handle);
    }
    /* channels the server does not serve yet are drained so they cannot back up */
    if (c) {
        size_t len;
        while (conn_receive(c, CONN_CH_VIDEO, buf, sizeof buf, &len) == 1) {
        }
    }
}

static void srv_discovery(srv *s, const net_addr *from, const uint8_t *data, size_t len)
{
    app_stats st = app_get_stats(s->app);
    disc_info info = {.name = s->cfg->name,
                      .port = net_local_port(s->sock),
                      .users = st.logged_in,
                      .version = SRV_VERSION};
    uint8_t out[DISC_PROBE_SIZE];
    size_t n = disc_build_reply(data, len, &info, out, sizeof out);
    if (n) {
        net_send(s->sock, from, out, n);
        s->discovery_replies++;
    }
}

bool srv_command(srv *s, const char *line, char *out, size_t cap)
{
    while (*line == ' ' || *line == '\t') line++;
    if (strcmp(line, "quit") == 0 || strcmp(line, "shutdown") == 0 || strcmp(line, "stop") == 0) {
        snprintf(out, cap, "shutting down");
        s->quit = true;
        return true;
    }
    if (strcmp(line, "net") == 0) {
        host_stats hs = host_get_stats(s->host);
        snprintf(out, cap,
                 "connections %u (pending %u); datagrams in %llu out %llu; handshakes: %llu "
                 "requests, %llu accepted, %llu bad cookies; discovery replies %llu",
                 hs.conns, hs.pending, (unsigned long long)s->datagrams_in,
                 (unsigned long long)s->datagrams_out, (unsigned long long)hs.requests,
                 (unsigned long long)hs.accepts, (unsigned long long)hs.bad_cookies,
                 (unsigned long long)s->discovery_replies);
        return true;
    }
    return app_console(s->app, line, out, cap, srv_ms());
}

void srv_quit(srv *s)
{
    s->quit = true;
}

static void srv_console(srv *s)
{
    char line[1024], out[8192];
    bool too_long;
    while (!s->quit) {
        bool got = plat_console_line(line, sizeof line, &too_long);
        if (too_long) {
            printf("error: console line too long (limit %zu bytes)\n", sizeof line - 1);
            continue;
        }
        if (!got) break;
        const char *cmd = line;
        while (*cmd == ' ' || *cmd == '\t') cmd++;
        if (*cmd == '\0') continue;
        bool ok = srv_command(s, cmd, out, sizeof out);
        printf("%s%s\n", ok ? "" : "error: ", out);
        fflush(stdout);
    }
}

/* Tells every session why, closes every connection and lets the app see them go. */
static void srv_disconnect_all(srv *s, const char *why)
{
    app_shutdown(s->app, why, srv_ms());
    srv_flush_dirty(s);
    uint32_t cursor = 0, handle;
    while (host_next(s->host, &cursor, &handle)) {
        conn *c = host_get(s->host, handle);
        if (c) {
            conn_flush(c, s->now);
            conn_disconnect(c, s->now);
        }
    }
    host_update(s->host, s->now);
    srv_events(s);
    s->nclosing = 0;
}

void srv_listen_stop(srv *s, const char *why)
{
    if (!s->sock) return;
    log_info("stopping the listener on UDP port %u: closing %u connections", s->port,
             host_get_stats(s->host).conns);
    srv_disconnect_all(s, why);
    net_close(s->sock);
    s->sock = NULL;
    log_info("listener stopped");
}

bool srv_listen_start(srv *s, uint16_t port, char *err, size_t cap)
{
    if (s->sock && port == s->port) return true;
    net_socket *sock = net_open(port, err, cap);
    if (!sock) {
        log_error("%s", err); /* net_open's message names the port */
        /* stopped: the failed port is the one a start tries again */
        if (!s->sock) s->port = port;
        return false;
    }
    char why[64];
    snprintf(why, sizeof why, "the server moved to port %u", net_local_port(sock));
    srv_listen_stop(s, why);
    s->sock = sock;
    s->port = net_local_port(sock);
    log_info("listening on UDP port %u", s->port);
    return true;
}

srv_status srv_get_status(const srv *s)
{
    return (srv_status){.listening = s->sock != NULL,
                        .port = s->port,
                        .datagrams_in = s->datagrams_in,
                        .datagrams_out = s->datagrams_out,
                        .bytes_in = s->bytes_in,
                        .bytes_out = s->bytes_out,
                        .discovery_replies = s->discovery_replies};
}

const srv_config *srv_get_config(const srv *s)
{
    return s->cfg;
}

struct app *srv_get_app(srv *s)
{
    return s->app;
}

struct host *srv_get_host(srv *s)
{
    return s->host;
}

static void srv_free(srv *s)
{
    if (s->app) app_destroy(s->app);
    if (s->host) host_destroy(s->host);
    if (s->st) store_close(s->st);
    if (s->sock) net_close(s->sock);
    free(s->dirty);
    free(s->is_dirty);
    free(s->closing);
}

int srv_run(const srv_config *cfg)
{
    srv s = {.cfg = cfg};
    char err[256];
    if (!net_init(err, sizeof err)) {
        log_error("cannot start networking: %s", err);
        return 1;
    }
    ident_key id;
    bool created = false;
    ident_err ie = ident_load_or_create(&id, cfg->data_dir, &created);
    if (ie != IDENT_OK) {
        log_error("server identity in %s: %s", cfg->data_dir, ident_err_str(ie));
        return 1;
    }
    char fp[64];
    ident_fingerprint(id.pk, fp, sizeof fp);
    log_info("%s server identity %s", created ? "created" : "loaded", fp);

    store_config sc = {.data_dir = cfg->data_dir};
    store_err se = store_open(&sc, srv_ms(), &s.st);
    if (se != STORE_OK) {
        log_error("cannot open the store in %s: %s", cfg->data_dir, store_err_str(se));
        ident_wipe(&id);
        return 1;
    }
    s.port = cfg->port;
    s.sock = net_open(cfg->port, err, sizeof err);
    if (!s.sock) {
        log_error("cannot open UDP port %u: %s", cfg->port, err);
        if (!cfg->observer) {
            ident_wipe(&id);
            srv_free(&s);
            return 1;
        }
        log_warn("the listener stays stopped until it is started from the dashboard");
    }
    uint32_t max_conns = cfg->max_users + 64;
    if (max_conns > 65535) max_conns = 65535;
    host_config hc = {.max_conns = max_conns};
    memcpy(hc.identity_sk, id.sk, sizeof hc.identity_sk);
    ident_wipe(&id);
    s.host = host_create(&hc, srv_datagram_out, &s);
    memset(hc.identity_sk, 0, sizeof hc.identity_sk);
    app_config ac = {.st = s.st,
                     .server_name = cfg->name,
                     .motd = cfg->motd,
                     .guests_disabled = cfg->guests_disabled,
                     .register_disabled = cfg->register_disabled,
                     .max_users = cfg->max_users,
                     .chat_rate = cfg->chat_rate,
                     .call_timeout_ms = cfg->call_timeout_ms,
                     .send = srv_app_send,
                     .close = srv_app_close,
                     .log = srv_app_log,
                     .user = &s};
    s.app = s.host ? app_create(&ac) : NULL;
    s.dirty = calloc(65536, sizeof *s.dirty);
    s.is_dirty = calloc(65536, 1);
    s.closing = calloc(cfg->max_users ? cfg->max_users : 1, sizeof *s.closing);
    if (!s.host || !s.app || !s.dirty || !s.is_dirty || !s.closing) {
        log_error("out of memory starting the server");
        srv_free(&s);
        return 1;
    }
    if (s.sock) {
        s.port = net_local_port(s.sock);
        printf("parley-server %s listening on UDP port %u (name \"%s\", identity %s)\n",
               SRV_VERSION, s.port, cfg->name, fp);
        fflush(stdout);
    }

    plat_signals_install();
    if (cfg->console) plat_console_start();
    double tick = 1.0 / (cfg->tick_hz ? cfg->tick_hz : 50);
    s.now = srv_clock();
    double next_tick = s.now;
    const srv_observer *obs = cfg->observer && cfg->observer->update ? cfg->observer : NULL;
    double observe = obs && obs->interval > 0.0 ? obs->interval : tick;
    double next_observe = s.now;
    static uint8_t buf[NET_MAX_DATAGRAM];
    while (!s.quit && !plat_stop_requested()) {
        s.now = srv_clock();
        double wake = obs && next_observe < next_tick ? next_observe : next_tick;
        /* rounded up: a wait cut to 0 ms would spin through the last millisecond */
        int wait_ms = (int)ceil((wake - s.now) * 1000.0);
        if (wait_ms < 0) wait_ms = 0;
        if (s.sock)
            net_wait(s.sock, wait_ms);
        else
            SDL_Delay((Uint32)wait_ms);
        s.now = srv_clock();
        net_addr from;
        int n = 0;
        /* a bounded batch, so the tick and the console are never starved */
        for (int i = 0; s.sock && i < 4096 && (n = net_recv(s.sock, buf, sizeof buf, &from)) > 0;
             i++) {
            s.datagrams_in++;
            s.bytes_in += (uint64_t)n;
            if (buf[0] == PKT_DISCOVER) {
                srv_discovery(&s, &from, buf, (size_t)n);
                continue;
            }
            uint32_t handle = host_on_packet(s.host, &from, buf, (size_t)n, s.now);
            srv_events(&s);
            if (handle) {
                srv_pump(&s, handle);
                srv_mark_dirty(&s, handle);
            }
        }
        srv_flush_dirty(&s);
        if (s.now >= next_tick) {
            host_update(s.host, s.now);
            srv_events(&s);
            app_tick(s.app, srv_ms());
            srv_close_due(&s);
            srv_flush_dirty(&s);
            next_tick += tick;
            if (next_tick < s.now - 1.0) next_tick = s.now + tick; /* we fell far behind */
        }
        if (obs && s.now >= next_observe) {
            obs->update(obs->user, &s, s.now);
            next_observe += observe;
            if (next_observe < s.now) next_observe = s.now + observe;
        }
        if (cfg->console) srv_console(&s);
    }
    log_info("shutting down: closing %u connections", host_get_stats(s.host).conns);
    srv_disconnect_all(&s, "the server is shutting down");
    srv_free(&s);
    net_quit();
    log_info("stopped cleanly");
    return 0;
}
