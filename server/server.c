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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRV_CLOSE_GRACE 1.0 /* seconds a kicked session gets to receive its notice */

typedef struct srv {
    const srv_config *cfg;
    net_socket *sock;
    host *host;
    app *app;
    store *st;
    uint32_t *dirty; /* handles with output waiting to be flushed */
    uint32_t ndirty;
    uint8_t *is_dirty; /* by slot */
    struct srv_closing {
        uint32_t handle;
        double deadline;
    } *closing;
    uint32_t nclosing;
    double now;
    uint64_t datagrams_in, datagrams_out, discovery_replies;
} srv;

static double srv_clock(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static void srv_datagram_out(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    srv *s = user;
    if (net_send(s->sock, to, data, len)) s->datagrams_out++;
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

static void srv_app_send(void *user, uint32_t session, int channel, const uint8_t *data,
                         size_t len)
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
    /* channels the server does not serve yet are drained so they cannot back up */
    for (int ch = CONN_CH_VOICE; ch < CONN_CH_COUNT && c; ch++) {
        size_t len;
        while (conn_receive(c, ch, buf, sizeof buf, &len) == 1) {}
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

static void srv_console(srv *s, bool *quit)
{
    char line[1024], out[8192];
    bool too_long;
    for (;;) {
        bool got = plat_console_line(line, sizeof line, &too_long);
        if (too_long) {
            printf("error: console line too long (limit %zu bytes)\n", sizeof line - 1);
            continue;
        }
        if (!got) break;
        char *cmd = line;
        while (*cmd == ' ' || *cmd == '\t') cmd++;
        if (*cmd == '\0') continue;
        if (strcmp(cmd, "quit") == 0 || strcmp(cmd, "shutdown") == 0 || strcmp(cmd, "stop") == 0) {
            printf("shutting down\n");
            *quit = true;
            break;
        }
        if (strcmp(cmd, "net") == 0) {
            host_stats hs = host_get_stats(s->host);
            printf("connections %u (pending %u); datagrams in %llu out %llu; handshakes: %llu "
                   "requests, %llu accepted, %llu bad cookies; discovery replies %llu\n",
                   hs.conns, hs.pending, (unsigned long long)s->datagrams_in,
                   (unsigned long long)s->datagrams_out, (unsigned long long)hs.requests,
                   (unsigned long long)hs.accepts, (unsigned long long)hs.bad_cookies,
                   (unsigned long long)s->discovery_replies);
            fflush(stdout);
            continue;
        }
        bool ok = app_console(s->app, cmd, out, sizeof out, srv_ms());
        printf("%s%s\n", ok ? "" : "error: ", out);
        fflush(stdout);
    }
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
    s.sock = net_open(cfg->port, err, sizeof err);
    if (!s.sock) {
        log_error("cannot open UDP port %u: %s", cfg->port, err);
        ident_wipe(&id);
        srv_free(&s);
        return 1;
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
    uint16_t port = net_local_port(s.sock);
    printf("parley-server %s listening on UDP port %u (name \"%s\", identity %s)\n", SRV_VERSION,
           port, cfg->name, fp);
    fflush(stdout);

    plat_signals_install();
    if (cfg->console) plat_console_start();
    double tick = 1.0 / (cfg->tick_hz ? cfg->tick_hz : 50);
    s.now = srv_clock();
    double next_tick = s.now;
    bool quit = false;
    static uint8_t buf[NET_MAX_DATAGRAM];
    while (!quit && !plat_stop_requested()) {
        s.now = srv_clock();
        int wait_ms = (int)((next_tick - s.now) * 1000.0);
        if (wait_ms < 0) wait_ms = 0;
        net_wait(s.sock, wait_ms);
        s.now = srv_clock();
        net_addr from;
        int n;
        /* a bounded batch, so the tick and the console are never starved */
        for (int i = 0; i < 4096 && (n = net_recv(s.sock, buf, sizeof buf, &from)) > 0; i++) {
            s.datagrams_in++;
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
        if (cfg->console) srv_console(&s, &quit);
    }
    log_info("shutting down: closing %u connections", host_get_stats(s.host).conns);
    app_shutdown(s.app, "the server is shutting down", srv_ms());
    srv_flush_dirty(&s);
    uint32_t cursor = 0, handle;
    while (host_next(s.host, &cursor, &handle)) {
        conn *c = host_get(s.host, handle);
        if (c) {
            conn_flush(c, s.now);
            conn_disconnect(c, s.now);
        }
    }
    host_update(s.host, s.now);
    srv_events(&s);
    srv_free(&s);
    net_quit();
    log_info("stopped cleanly");
    return 0;
}
