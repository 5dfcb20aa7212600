/* loadgen — many bot clients in one process against a real parley-server.
 *
 *   loadgen --spawn build/release/parley-server [--bots 1000] [--rooms 50] [--rate 0.2]
 *           [--duration 20] [--ramp 200]
 *   loadgen --server 127.0.0.1:7777 [--server-pid PID] ...
 *
 * Each bot is a real encrypted connection with its own UDP socket: it says HELLO, comes in
 * as a guest, joins one of the load rooms and chats at --rate messages per second. Bots
 * drain everything the server sends. Printed: messages delivered per second, delivery
 * latency p50/p99 (send to receipt, one clock), and the server's CPU and memory per
 * connection read from /proc — each next to the same figures for a baseline of 10 bots
 * measured first in the same run. Linux only (it reads /proc and spawns with posix_spawn).
 * Traffic goes to 127.0.0.1 unless --server names another address. */
#include "conn.h"
#include "msg.h"
#include "net.h"

#include <SDL.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define LG_MAX_BOTS 4000
#define LG_LAT_MAX  2000000

typedef enum lg_phase { LG_CONNECTING, LG_JOINING, LG_READY, LG_DEAD } lg_phase;

typedef struct lg_bot {
    net_socket *sock;
    conn *c;
    lg_phase phase;
    uint32_t room_id;
    uint32_t index;
    double next_send;
    uint64_t next_id;
    bool hello_sent;
} lg_bot;

typedef struct lg_opts {
    const char *spawn, *server;
    int server_pid;
    uint32_t bots, rooms, ramp;
    double rate, duration;
} lg_opts;

typedef struct lg_stats {
    uint64_t sent, delivered;
    double *lat;
    size_t nlat;
} lg_stats;

static lg_bot lg_bots[LG_MAX_BOTS];
static net_addr lg_server;
static lg_stats lg_st;
static bool lg_measuring;
static msg lg_msg; /* large: one decode buffer for all */

static double lg_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static void lg_dgram(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    net_send(((lg_bot *)user)->sock, to, data, len);
}

static void lg_send(lg_bot *b, const msg *m)
{
    static uint8_t buf[MSG_MAX_SIZE];
    size_t len;
    if (msg_encode(m, buf, sizeof buf, &len)) conn_send(b->c, msg_channel(m->type), buf, len);
}

static void lg_on_message(lg_bot *b, const msg *m, double now, uint32_t rooms)
{
    if (m->type == MSG_SESSION && b->phase == LG_CONNECTING) {
        msg j = {.type = MSG_ROOM_JOIN};
        j.room_join.req = 2;
        snprintf(j.room_join.name, sizeof j.room_join.name, "load-%02u", b->index % rooms);
        lg_send(b, &j);
        b->phase = LG_JOINING;
    } else if (m->type == MSG_RESULT && m->result.req == 2 && b->phase == LG_JOINING) {
        if (m->result.err == MSG_OK) {
            b->room_id = m->result.id;
            b->phase = LG_READY;
        } else {
            fprintf(stderr, "loadgen: bot %u could not join: %s\n", b->index,
                    msg_err_str(m->result.err));
            b->phase = LG_DEAD;
        }
    } else if (m->type == MSG_CHAT_MESSAGE && !m->chat_message.history) {
        double t;
        if (sscanf(m->chat_message.text, "t=%lf", &t) == 1 && lg_measuring) {
            lg_st.delivered++;
            if (lg_st.nlat < LG_LAT_MAX) lg_st.lat[lg_st.nlat++] = now - t;
        }
    }
}

static void lg_pump(lg_bot *b, double now, uint32_t rooms)
{
    static uint8_t buf[CONN_MAX_MESSAGE];
    net_addr from;
    int n;
    while ((n = net_recv(b->sock, buf, sizeof buf, &from)) > 0)
        conn_on_packet(b->c, buf, (size_t)n, now);
    for (int ch = CONN_CH_CONTROL; ch <= CONN_CH_CHAT; ch++) {
        size_t len;
        while (conn_receive(b->c, ch, buf, sizeof buf, &len) == 1)
            if (msg_decode(buf, len, &lg_msg, NULL)) lg_on_message(b, &lg_msg, now, rooms);
    }
    if (conn_get_state(b->c) == CONN_CONNECTED && !b->hello_sent) {
        msg h = {.type = MSG_HELLO};
        h.hello.req = 1;
        h.hello.version = MSG_PROTOCOL_VERSION;
        snprintf(h.hello.client, sizeof h.hello.client, "loadgen");
        lg_send(b, &h);
        msg g = {.type = MSG_GUEST};
        g.guest.req = 3;
        snprintf(g.guest.name, sizeof g.guest.name, "bot%04u", b->index);
        lg_send(b, &g);
        b->hello_sent = true;
    }
    if (conn_get_state(b->c) == CONN_DISCONNECTED && b->phase != LG_DEAD) {
        fprintf(stderr, "loadgen: bot %u lost its connection: %s\n", b->index,
                conn_reason_str(conn_get_reason(b->c)));
        b->phase = LG_DEAD;
    }
    conn_update(b->c, now);
}

static bool lg_start_bot(lg_bot *b, uint32_t index, double now)
{
    char err[128];
    b->sock = net_open(0, err, sizeof err);
    if (!b->sock) {
        fprintf(stderr, "loadgen: bot %u: %s\n", index, err);
        return false;
    }
    b->index = index;
    b->c = conn_create_client(NULL, &lg_server, lg_dgram, b, now);
    b->phase = LG_CONNECTING;
    return b->c != NULL;
}

/* The server's CPU seconds and resident bytes, from /proc. */
static bool lg_proc(int pid, double *cpu, double *rss)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    long rss_pages = 0;
    if (!p || sscanf(p + 2,
                     "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %*d %*d %*d %*d "
                     "%*d %*d %*u %*u %ld",
                     &ut, &st, &rss_pages) != 3)
        return false;
    double hz = (double)sysconf(_SC_CLK_TCK);
    *cpu = (double)(ut + st) / hz;
    *rss = (double)rss_pages * (double)sysconf(_SC_PAGESIZE);
    return true;
}

static int lg_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct lg_result {
    double msgs_per_s, p50, p99, cpu_core, rss_per_conn, rss;
    uint32_t ready;
} lg_result;

/* Runs `count` bots (from index `first`) for a measured window; bots stay connected. */
static lg_result lg_phase_run(const lg_opts *o, uint32_t first, uint32_t count, double window,
                              int pid, double rss_before)
{
    lg_result r = {0};
    double now = lg_now(), start = now;
    uint32_t started = first;
    /* ramp up */
    while (now - start < 120) {
        now = lg_now();
        uint32_t want = first + (uint32_t)((now - start) * o->ramp) + 1;
        if (want > first + count) want = first + count;
        while (started < want) {
            if (!lg_start_bot(&lg_bots[started], started, now)) return r;
            started++;
        }
        uint32_t ready = 0;
        for (uint32_t i = 0; i < started; i++) {
            lg_pump(&lg_bots[i], now, o->rooms);
            ready += lg_bots[i].phase == LG_READY;
        }
        uint32_t settled = 0;
        for (uint32_t i = 0; i < started; i++)
            settled += lg_bots[i].phase == LG_READY || lg_bots[i].phase == LG_DEAD;
        if (started == first + count && settled == started) break;
        SDL_Delay(1);
    }
    /* settle, then measure */
    double settle = lg_now() + 5.0; /* the join storm's events drain first */
    while ((now = lg_now()) < settle) {
        for (uint32_t i = 0; i < started; i++) lg_pump(&lg_bots[i], now, o->rooms);
        SDL_Delay(1);
    }
    for (uint32_t i = 0; i < started; i++)
        lg_bots[i].next_send = now + (double)(i % 1000) / 1000.0 / (o->rate > 0 ? o->rate : 1);
    memset(&lg_st.sent, 0, sizeof lg_st.sent);
    lg_st.delivered = 0;
    lg_st.nlat = 0;
    lg_measuring = true;
    double cpu0 = 0, cpu1 = 0, rss = 0;
    if (pid) lg_proc(pid, &cpu0, &rss);
    double t0 = lg_now();
    static double periods[200000];
    size_t nper = 0;
    double last = t0;
    while ((now = lg_now()) - t0 < window) {
        if (nper < sizeof periods / sizeof periods[0]) periods[nper++] = now - last;
        last = now;
        for (uint32_t i = 0; i < started; i++) {
            lg_bot *b = &lg_bots[i];
            if (b->phase == LG_READY && o->rate > 0 && now >= b->next_send) {
                msg m = {.type = MSG_CHAT_SEND};
                m.chat_send.room_id = b->room_id;
                m.chat_send.client_msg_id = ((uint64_t)i << 32) | ++b->next_id;
                snprintf(m.chat_send.text, sizeof m.chat_send.text, "t=%.6f bot %u", now, i);
                lg_send(b, &m);
                lg_st.sent++;
                b->next_send += 1.0 / o->rate;
            }
            lg_pump(b, now, o->rooms);
        }
        SDL_Delay(1);
    }
    double elapsed = lg_now() - t0;
    /* a short drain so messages in flight at the end are counted */
    double drain = lg_now() + 1.0;
    while ((now = lg_now()) < drain) {
        for (uint32_t i = 0; i < started; i++) lg_pump(&lg_bots[i], now, o->rooms);
        SDL_Delay(1);
    }
    lg_measuring = false;
    if (pid) lg_proc(pid, &cpu1, &rss);
    for (uint32_t i = 0; i < started; i++) r.ready += lg_bots[i].phase == LG_READY;
    qsort(lg_st.lat, lg_st.nlat, sizeof lg_st.lat[0], lg_cmp);
    r.msgs_per_s = (double)lg_st.delivered / elapsed;
    r.p50 = lg_st.nlat ? lg_st.lat[lg_st.nlat / 2] : 0;
    r.p99 = lg_st.nlat ? lg_st.lat[lg_st.nlat * 99 / 100] : 0;
    r.cpu_core = (cpu1 - cpu0) / elapsed;
    r.rss = rss;
    r.rss_per_conn = started ? (rss - rss_before) / (double)started : 0;
    qsort(periods, nper, sizeof periods[0], lg_cmp);
    printf("  %u bots (%u ready): sent %llu, delivered %llu = %.0f msg/s; latency p50 %.2f ms "
           "p99 %.2f ms; server CPU %.1f%% of a core, RSS %.1f MB; loadgen's own loop period "
           "p50 %.2f ms p99 %.2f ms (a floor under the latency it can see)\n",
           started, r.ready, (unsigned long long)lg_st.sent, (unsigned long long)lg_st.delivered,
           r.msgs_per_s, r.p50 * 1000, r.p99 * 1000, r.cpu_core * 100, rss / 1e6,
           nper ? periods[nper / 2] * 1000 : 0, nper ? periods[nper * 99 / 100] * 1000 : 0);
    return r;
}

static int lg_spawn(const char *bin, uint16_t *port, char *data_dir)
{
    int fds[2];
    if (pipe(fds) != 0) return 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", 0, 0);
    char *argv[] = {(char *)bin,    "--port",      "0",     "--data",      data_dir,
                    "--no-console", "--chat-rate", "10000", "--max-users", "4000",
                    "--log-level",  "warn",        NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        fprintf(stderr, "loadgen: cannot start %s: %s\n", bin, strerror(rc));
        return 0;
    }
    FILE *f = fdopen(fds[0], "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        char *p = strstr(line, "port ");
        unsigned v;
        if (strstr(line, "listening") && p && sscanf(p, "port %u", &v) == 1) {
            *port = (uint16_t)v;
            return pid;
        }
    }
    fprintf(stderr, "loadgen: %s did not start\n", bin);
    kill(pid, SIGKILL);
    return 0;
}

static void lg_usage(void)
{
    fprintf(stderr,
            "usage: loadgen (--spawn SERVER_BINARY | --server HOST:PORT [--server-pid "
            "PID])\n"
            "               [--bots N (1..%d, default 1000)] [--rooms N (1..99, default 50)]\n"
            "               [--rate MSGS_PER_S_PER_BOT (default 0.2)] [--duration S "
            "(default 20)] [--ramp BOTS_PER_S (default 200)]\n",
            LG_MAX_BOTS);
}

int main(int argc, char **argv)
{
    lg_opts o = {.bots = 1000, .rooms = 50, .rate = 0.2, .duration = 20, .ramp = 200};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!v) {
            lg_usage();
            return 2;
        }
        i++;
        errno = 0;
        if (!strcmp(a, "--spawn"))
            o.spawn = v;
        else if (!strcmp(a, "--server"))
            o.server = v;
        else if (!strcmp(a, "--server-pid"))
            o.server_pid = (int)strtol(v, &end, 10);
        else if (!strcmp(a, "--bots"))
            o.bots = (uint32_t)strtoul(v, &end, 10);
        else if (!strcmp(a, "--rooms"))
            o.rooms = (uint32_t)strtoul(v, &end, 10);
        else if (!strcmp(a, "--ramp"))
            o.ramp = (uint32_t)strtoul(v, &end, 10);
        else if (!strcmp(a, "--rate"))
            o.rate = strtod(v, &end);
        else if (!strcmp(a, "--duration"))
            o.duration = strtod(v, &end);
        else {
            lg_usage();
            return 2;
        }
        if ((end && *end) || errno) {
            fprintf(stderr, "loadgen: bad value for %s: %s\n", a, v);
            return 2;
        }
    }
    if ((!o.spawn == !o.server) || o.bots < 11 || o.bots > LG_MAX_BOTS || o.rooms < 1 ||
        o.rooms > 99 || o.rate < 0 || o.rate > 100 || o.duration < 1 || o.duration > 3600 ||
        o.ramp < 1) {
        lg_usage();
        return 2;
    }
    char err[128];
    if (!net_init(err, sizeof err)) {
        fprintf(stderr, "loadgen: %s\n", err);
        return 1;
    }
    /* one socket per bot: lift the descriptor limit as far as the system allows */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < o.bots + 64) {
        fprintf(stderr, "loadgen: %u bots need %u file descriptors, the limit is %llu\n", o.bots,
                o.bots + 64, (unsigned long long)rl.rlim_cur);
        return 1;
    }
    char data_dir[] = "/tmp/parley-loadgen-XXXXXX";
    int pid = o.server_pid;
    uint16_t port = 0;
    if (o.spawn) {
        if (!mkdtemp(data_dir)) return 1;
        pid = lg_spawn(o.spawn, &port, data_dir);
        if (!pid) return 1;
        lg_server = net_addr_make(0x7f000001, port);
    } else if (!net_resolve(o.server, 7777, &lg_server, err, sizeof err)) {
        fprintf(stderr, "loadgen: %s\n", err);
        return 2;
    }
    lg_st.lat = malloc(LG_LAT_MAX * sizeof *lg_st.lat);
    /* rooms are made by a registered bot (the first account on a fresh server owns it) */
    {
        lg_bot admin = {0};
        double now = lg_now();
        lg_start_bot(&admin, 9999, now);
        bool hello = false, waiting = false;
        uint32_t made = 0;
        double resend_at = 0;
        static uint8_t buf[CONN_MAX_MESSAGE];
        /* one room at a time, honouring the server's rate limit on creates */
        for (double end = now + 120; lg_now() < end && made < o.rooms;) {
            now = lg_now();
            net_addr from;
            int n;
            while ((n = net_recv(admin.sock, buf, sizeof buf, &from)) > 0)
                conn_on_packet(admin.c, buf, (size_t)n, now);
            size_t len;
            while (conn_receive(admin.c, CONN_CH_CONTROL, buf, sizeof buf, &len) == 1) {
                if (!msg_decode(buf, len, &lg_msg, NULL) || lg_msg.type != MSG_RESULT ||
                    lg_msg.result.req != 100 + made)
                    continue;
                waiting = false;
                if (lg_msg.result.err == MSG_ERR_RATE_LIMITED)
                    resend_at = now + lg_msg.result.retry_after_ms / 1000.0;
                else
                    made++; /* made, or there already */
            }
            if (conn_get_state(admin.c) == CONN_CONNECTED && !hello) {
                msg m = {.type = MSG_HELLO};
                m.hello.req = 1;
                m.hello.version = MSG_PROTOCOL_VERSION;
                lg_send(&admin, &m);
                m = (msg){.type = MSG_REGISTER};
                m.register_.req = 2;
                snprintf(m.register_.name, sizeof m.register_.name, "loadmaster");
                snprintf(m.register_.password, sizeof m.register_.password, "loadmaster-pw");
                lg_send(&admin, &m);
                hello = true;
            }
            if (hello && !waiting && now >= resend_at && made < o.rooms) {
                msg m = {.type = MSG_ROOM_CREATE};
                m.room_create.req = 100 + made;
                snprintf(m.room_create.name, sizeof m.room_create.name, "load-%02u", made);
                lg_send(&admin, &m);
                waiting = true;
            }
            conn_update(admin.c, now);
            SDL_Delay(1);
        }
        conn_disconnect(admin.c, lg_now());
        conn_destroy(admin.c);
        net_close(admin.sock);
        if (made < o.rooms) fprintf(stderr, "loadgen: only %u rooms were made\n", made);
    }
    double cpu, rss0 = 0;
    if (pid) lg_proc(pid, &cpu, &rss0);
    printf("loadgen: %u bots in %u rooms, %.2f msg/s each, %.0f s windows, server pid %d\n", o.bots,
           o.rooms, o.rate, o.duration, pid);
    printf("baseline (10 bots):\n");
    lg_result base = lg_phase_run(&o, 0, 10, o.duration / 2 < 5 ? 5 : o.duration / 2, pid, rss0);
    printf("load (%u bots):\n", o.bots);
    lg_result load = lg_phase_run(&o, 10, o.bots - 10, o.duration, pid, rss0);
    printf("result: %.0f msg/s delivered, p50 %.2f ms (%.1fx baseline), p99 %.2f ms (%.1fx "
           "baseline), server %.2f%% of a core, %.1f KiB RSS per connection; %u of %u bots "
           "ready\n",
           load.msgs_per_s, load.p50 * 1000, base.p50 > 0 ? load.p50 / base.p50 : 0,
           load.p99 * 1000, base.p99 > 0 ? load.p99 / base.p99 : 0, load.cpu_core * 100,
           load.rss_per_conn / 1024, load.ready, o.bots);
    for (uint32_t i = 0; i < o.bots; i++)
        if (lg_bots[i].c) {
            conn_disconnect(lg_bots[i].c, lg_now());
            conn_destroy(lg_bots[i].c);
            net_close(lg_bots[i].sock);
        }
    if (o.spawn) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", data_dir);
        if (system(cmd) != 0) fprintf(stderr, "loadgen: could not remove %s\n", data_dir);
    }
    free(lg_st.lat);
    net_quit();
    return load.ready == o.bots - 10 ? 0 : 1;
}
