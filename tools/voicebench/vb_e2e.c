/* vb_e2e.c — voicebench through a real parley-server (vb_e2e.h).
 *
 * Model. Two sessions, A (talks) and B (listens), each a cl_session with its own UDP socket
 * to the server on 127.0.0.1 and the client's voice engine with default settings (echo
 * canceller, noise suppression, AGC, VAD, WB quality 8). The datagrams of each session pass
 * through two shared/sim.h simulators (one per direction) before the socket or the session
 * sees them; they are transparent except in the jitter run, where B's downstream gets 5%
 * loss and 0-20 ms of uniform extra delay (so the A -> B path has exactly that). The
 * devices are modelled in real time, as the SDL ones run: every period (10 ms) the
 * microphone hands over the block recorded during the last period, and the speaker takes
 * the next block from a queue that the loop keeps topped up to the target voice_io.c keeps
 * (vc_io_queue_target: whole periods, one while the loop comes back within a period).
 * Sample i of A's microphone sounds at t0 + i / 48000, sample j of B's speaker at
 * t0 + j / 48000, so the lag that best aligns them is the latency.
 *
 * Traffic is counted at the sockets: every datagram with its 28 bytes of IPv4 + UDP header,
 * upstream as A sends it, downstream as it reaches B (before the simulated loss). */
#define _XOPEN_SOURCE 700
#include "vb_e2e.h"

#include "cl_session.h"
#include "sim.h"
#include "vb_signal.h"
#include "voice_engine.h"
#include "voice_io.h"
#include "voice_wire.h"

#include <SDL.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define VB_RATE   48000
#define VB_IP_UDP 28 /* IPv4 20 + UDP 8 */
/* A sealed datagram this small carries no message, only the transport's ack and ping
 * (4 B header + ack field + 16 B tag); the smallest voice datagram (NB) is about 40 B. */
#define VB_BARE_MAX 32
#define VB_SENT     1024 /* A's recent packets remembered for matching at B */
#define VB_MAX_PKTS 8192 /* per-packet samples kept per run */
#define VB_WIN      0.4  /* correlation window, s */
#define VB_HOP      0.1  /* between windows, s */
#define VB_TALK     2.4  /* a sentence, s */
#define VB_PAUSE    0.8  /* between sentences (ends the talk-spurt: hangover 300 ms + 160 ms) */

typedef struct vb_client {
    struct vb_e2e *bench;
    cl_session *s;
    net_socket *sock;
    net_addr server, self; /* self: the session's name inside the simulators */
    sim *up, *down;
    vc_engine *e;
    uint64_t bytes_up, bytes_down; /* IPv4 + UDP included */
    uint64_t dgrams_up, dgrams_down;
    uint64_t bare_up, bare_down; /* of those, ping or ack only (VB_BARE_MAX) */
    uint32_t room;
} vb_client;

typedef struct vb_sent {
    uint32_t hash;
    double t;
} vb_sent;

/* What one real-time run measured. */
typedef struct vb_result {
    double lat[VB_MAX_PKTS], r[VB_MAX_PKTS]; /* per correlation window: latency ms, r */
    size_t nlat;
    double net[VB_MAX_PKTS]; /* per packet: A's send to B's receipt, ms */
    size_t nnet;
    double framing_sum; /* A's send minus the mic time of its frame's start, ms */
    size_t framing_n;
    double jb_sum; /* B's jitter buffer delay, sampled every 100 ms while A talks */
    size_t jb_n;
    double queue_sum; /* B's playback queue ahead of each written sample, ms */
    double queue_n;
    double cpu_a, cpu_b; /* thread CPU s: A's send path, B's receive + playback */
    uint64_t frames, sent, received, underruns;
    uint64_t up0, up1, down0, down1; /* byte counters at the start and end of measuring */
    uint64_t dg_up, dg_down;         /* datagrams in between */
    uint64_t bare[4], bare0[4];      /* ping/ack-only datagrams: A up, A down, B up, B down */
    double t_measure;                /* seconds between them */
    double server_cpu;               /* server CPU seconds over the same time (spawned) */
} vb_result;

typedef struct vb_e2e {
    double t0, now; /* now: seconds since t0 */
    vb_client a, b;
    uint64_t a_fed;             /* samples A's microphone has handed over, all runs */
    uint64_t a_fed0, a_frames0; /* a_fed and A's frame count when its codec was last set:
                                   frame f's first sample is a_fed0 + (f - a_frames0) * 960 */
    vb_sent sent[VB_SENT];
    size_t sent_n;
    cl_event *ev;
    pid_t pid;
    FILE *log;  /* the server's stdout, kept open so its writes never hit a closed pipe */
    int period; /* device period, samples */
    bool plain; /* vb_e2e_opts.plain */
    char dir[64];
} vb_e2e;

static uint32_t vb_hash(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static double vb_clock(vb_e2e *b)
{
    b->now = vb_now() - b->t0;
    return b->now;
}

static void vb_send(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    vb_client *c = user;
    c->bytes_up += len + VB_IP_UDP;
    c->dgrams_up++;
    if (len <= VB_BARE_MAX) c->bare_up++;
    sim_send(c->up, &c->self, to, data, len, c->bench->now);
}

/* Moves datagrams between the socket, the simulators and the session; drains events. */
static void vb_net(vb_e2e *b, vb_client *c)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    int n;
    double now = b->now;
    while ((n = net_recv(c->sock, buf, sizeof buf, &from)) > 0) {
        c->bytes_down += (uint64_t)n + VB_IP_UDP;
        c->dgrams_down++;
        if (n <= VB_BARE_MAX) c->bare_down++;
        sim_send(c->down, &from, &c->self, buf, (size_t)n, now);
    }
    size_t m;
    while ((m = sim_recv(c->up, &c->server, buf, sizeof buf, &from, now)) > 0)
        net_send(c->sock, &c->server, buf, m);
    while ((m = sim_recv(c->down, &c->self, buf, sizeof buf, &from, now)) > 0)
        cl_session_on_datagram(c->s, &from, buf, m, now);
    cl_session_update(c->s, now);
    while (cl_session_poll(c->s, b->ev)) {
    }
}

static bool vb_client_open(vb_e2e *b, vb_client *c, const char *name, const char *server,
                           uint16_t self_port)
{
    char err[256], home[128];
    c->bench = b;
    snprintf(home, sizeof home, "%s/home-%s", b->dir, name);
    if (mkdir(home, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "voicebench: cannot make %s: %s\n", home, strerror(errno));
        return false;
    }
    c->sock = net_open(0, err, sizeof err);
    if (!c->sock || !net_resolve(server, CL_DEFAULT_PORT, &c->server, err, sizeof err)) {
        fprintf(stderr, "voicebench: %s\n", c->sock ? err : "cannot open a UDP socket");
        return false;
    }
    if (!net_addr_is_loopback(&c->server)) {
        fprintf(stderr, "voicebench: %s is not a loopback address\n", server);
        return false;
    }
    c->self = net_addr_make(0x7f000001, self_port);
    sim_config quiet = {.seed = self_port};
    c->up = sim_create(&quiet);
    c->down = sim_create(&quiet);
    vc_engine_config ec = vc_engine_default_config();
    if (b->plain) ec.enc.echo = ec.enc.denoise = ec.enc.agc = false;
    c->e = vc_engine_create(&ec);
    cl_session_config cfg = {.server = server, .home = home, .client_name = "voicebench"};
    cfg.auth.mode = CL_AUTH_GUEST;
    snprintf(cfg.auth.name, sizeof cfg.auth.name, "%s", name);
    cfg.send = vb_send;
    cfg.send_user = c;
    c->s = cl_session_create(&cfg, b->now, err, sizeof err);
    if (!c->s || !c->up || !c->down || !c->e) {
        fprintf(stderr, "voicebench: client %s: %s\n", name, c->s ? "out of memory" : err);
        return false;
    }
    return true;
}

static void vb_client_close(vb_client *c)
{
    if (c->s) cl_session_destroy(c->s);
    vc_engine_destroy(c->e);
    sim_destroy(c->up);
    sim_destroy(c->down);
    if (c->sock) net_close(c->sock);
}

/* Logs both in, finds General and joins its voice; false after 20 s. */
static bool vb_connect(vb_e2e *b)
{
    vb_client *cs[2] = {&b->a, &b->b};
    double until = vb_clock(b) + 20;
    int joined = 0;
    while (vb_clock(b) < until && joined < 2) {
        for (int i = 0; i < 2; i++) {
            vb_client *c = cs[i];
            vb_net(b, c);
            if (c->room || cl_session_state(c->s) != CL_STATE_READY || !cl_session_logged_in(c->s))
                continue;
            const cl_room *r = cl_session_room_named(c->s, "General");
            if (!r) continue;
            msg m = {.type = MSG_VOICE_STATE};
            m.voice_state.room_id = r->id;
            if (cl_session_request(c->s, &m, NULL) == CL_OK) {
                c->room = r->id;
                joined++;
            }
        }
        net_wait(b->b.sock, 2);
    }
    /* Let the VOICE_STATEs arrive and be answered. */
    for (double t = vb_clock(b) + 0.5; vb_clock(b) < t; net_wait(b->b.sock, 2)) {
        vb_net(b, &b->a);
        vb_net(b, &b->b);
    }
    return joined == 2;
}

static double vb_server_cpu(const vb_e2e *b)
{
    if (b->pid <= 0) return 0;
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)b->pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    char *p = strrchr(line, ')'); /* the name may hold spaces; fields 14, 15 follow */
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return 0;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* A's microphone: sentences with pauses (talk-spurts), or one long sentence. */
static int16_t *vb_signal(size_t n, bool pauses)
{
    int16_t *x = malloc(n * sizeof *x);
    if (!x) return NULL;
    vb_voice(x, n, VB_RATE);
    for (size_t i = 0; i < n && pauses; i++) {
        double t = fmod((double)i / VB_RATE, VB_TALK + VB_PAUSE);
        if (t >= VB_TALK) x[i] = (int16_t)(x[i] / 100); /* about -55 dBFS: the VAD's silence */
    }
    return x;
}

static bool vb_talking_at(double t, bool pauses)
{
    return !pauses || fmod(t, VB_TALK + VB_PAUSE) < VB_TALK;
}

/* A receives nothing; B hears A. One real-time run of `seconds`; measuring starts at
 * `warmup`. */
static void vb_bare_count(const vb_e2e *b, uint64_t out[4])
{
    out[0] = b->a.bare_up;
    out[1] = b->a.bare_down;
    out[2] = b->b.bare_up;
    out[3] = b->b.bare_down;
}

/* The ping/ack-only datagrams of a run, per second, as "A up/down, B up/down". */
static void vb_print_bare(const vb_result *r)
{
    double t = r->t_measure;
    printf("  ping/ack-only datagrams/s: talker A up %.1f down %.1f, listener B up %.1f down "
           "%.1f\n",
           (double)r->bare[0] / t, (double)r->bare[1] / t, (double)r->bare[2] / t,
           (double)r->bare[3] / t);
}

static void vb_run(vb_e2e *b, double seconds, double warmup, bool pauses, vb_result *res)
{
    memset(res, 0, sizeof *res);
    const size_t P = (size_t)b->period, n = (size_t)(seconds * VB_RATE) / P * P;
    int16_t *mic = vb_signal(n, pauses), *out = calloc(n + VB_RATE, sizeof *out);
    int16_t zeros[4096] = {0}, tmp[4096];
    if (!mic || !out || P > 4096) {
        free(mic);
        free(out);
        return;
    }
    vc_engine_state a0 = vc_engine_get_state(b->a.e), b0 = vc_engine_get_state(b->b.e);
    b->sent_n = 0;
    uint64_t fed_start = b->a_fed;
    double start = vb_clock(b), last = start, gap_max = 0, next_jb = start;
    size_t cap_k = 0, play_k = 0, written = 0, played = 0;
    bool measuring = false;
    uint8_t buf[VW_MAX_DOWN];
    size_t len;
    while (play_k * P < n) {
        double now = vb_clock(b), t = now - start;
        double gap = now - last;
        gap_max = gap > gap_max ? gap : gap_max + (gap - gap_max) * 0.005;
        last = now;
        if (!measuring && t >= warmup) {
            measuring = true;
            res->up0 = b->a.bytes_up;
            res->down0 = b->b.bytes_down;
            res->dg_up = b->a.dgrams_up;
            res->dg_down = b->b.dgrams_down;
            vb_bare_count(b, res->bare0);
            res->server_cpu = -vb_server_cpu(b);
            res->t_measure = -now;
        }
        vb_net(b, &b->a);
        vb_net(b, &b->b);
        /* B: voice received, matched with A's send time. */
        double c0 = vb_thread_cpu();
        while (cl_session_voice_receive(b->b.s, buf, sizeof buf, &len)) {
            vw_frame f;
            if (vw_read(buf, len, VW_DOWN, &f, NULL)) {
                uint32_t h = vb_hash(f.payload, f.len);
                for (size_t i = 0; i < b->sent_n && i < VB_SENT; i++) {
                    if (b->sent[i].hash != h) continue;
                    if (res->nnet < VB_MAX_PKTS)
                        res->net[res->nnet++] = (now - b->sent[i].t) * 1000;
                    break;
                }
            }
            vc_engine_receive(b->b.e, buf, len, now);
        }
        res->cpu_b += vb_thread_cpu() - c0;
        /* Microphones: the block recorded during the last period. */
        while ((cap_k + 1) * P <= n && now >= start + (double)((cap_k + 1) * P) / VB_RATE) {
            uint64_t frame = vc_engine_get_state(b->a.e).frames;
            c0 = vb_thread_cpu();
            vc_engine_capture(b->a.e, mic + cap_k * P, P, now);
            res->cpu_a += vb_thread_cpu() - c0;
            b->a_fed += P;
            vc_engine_capture(b->b.e, zeros, P, now);
            cap_k++;
            bool any = false;
            while (vc_engine_pop_packet(b->a.e, buf, sizeof buf, &len)) {
                vw_frame f;
                if (vw_read(buf, len, VW_UP, &f, NULL)) {
                    b->sent[b->sent_n++ % VB_SENT] = (vb_sent){vb_hash(f.payload, f.len), now};
                    uint64_t first = b->a_fed0 + (frame - b->a_frames0) * VB_RATE / 50;
                    res->framing_sum +=
                        (now - start - ((double)first - (double)fed_start) / VB_RATE) * 1000;
                    res->framing_n++;
                }
                any |= cl_session_voice_send(b->a.s, buf, len) == CL_OK;
            }
            while (vc_engine_pop_packet(b->b.e, buf, sizeof buf, &len)) {
            } /* B's quiet microphone: nothing, but drain anyway */
            if (any) {
                cl_session_voice_flush(b->a.s, now);
                vb_net(b, &b->a);
            }
        }
        /* Speakers: each period the device takes the next block. */
        while (now >= start + (double)(play_k * P) / VB_RATE && play_k * P < n) {
            played += P;
            play_k++;
            if (written < played) {
                res->underruns++;
                written = played; /* out[] is zeroed: the device played silence */
            }
            vc_engine_playback(b->a.e, tmp, P, now); /* A's far end: silence */
        }
        double target = vc_io_queue_target((double)P / VB_RATE, gap_max);
        size_t want = played + (size_t)llround(target * VB_RATE);
        c0 = vb_thread_cpu();
        while (written < want && written < n) {
            size_t k = want - written < 480 ? want - written : 480;
            if (k > n - written) k = n - written;
            /* until this sample sounds: it plays at start + written / rate */
            res->queue_sum += (start + (double)written / VB_RATE - now) * 1000.0 * (double)k;
            res->queue_n += (double)k;
            vc_engine_playback(b->b.e, out + written, k, now);
            written += k;
        }
        res->cpu_b += vb_thread_cpu() - c0;
        if (measuring && now >= next_jb && vb_talking_at(t, pauses)) {
            vc_sender_info si;
            if (vc_engine_senders(b->b.e, &si, 1) >= 1 && si.talking) {
                res->jb_sum += si.delay_ms;
                res->jb_n++;
            }
            next_jb = now + 0.1;
        }
        net_wait(b->b.sock, 1);
    }
    res->t_measure += vb_clock(b);
    res->server_cpu += vb_server_cpu(b);
    res->up1 = b->a.bytes_up;
    res->down1 = b->b.bytes_down;
    res->dg_up = b->a.dgrams_up - res->dg_up;
    res->dg_down = b->b.dgrams_down - res->dg_down;
    vb_bare_count(b, res->bare);
    for (int i = 0; i < 4; i++) res->bare[i] -= res->bare0[i];
    vc_engine_state a1 = vc_engine_get_state(b->a.e), b1 = vc_engine_get_state(b->b.e);
    res->frames = a1.frames - a0.frames;
    if (getenv("VB_DEBUG")) {
        vc_sender_info si;
        if (vc_engine_senders(b->b.e, &si, 1) >= 1)
            fprintf(stderr,
                    "debug: delay %.1f ms, spurts %llu, played %llu, concealed %llu, "
                    "inserted %llu, shrunk %llu, late %llu\n",
                    si.delay_ms, (unsigned long long)si.spurts, (unsigned long long)si.played,
                    (unsigned long long)si.concealed, (unsigned long long)si.inserted,
                    (unsigned long long)si.shrunk, (unsigned long long)si.late);
    }
    res->sent = a1.packets_sent - a0.packets_sent;
    res->received = b1.packets_received - b0.packets_received;

    /* Latency per window of A's voice, by correlation with what B played. */
    size_t win = (size_t)(VB_WIN * VB_RATE), hop = (size_t)(VB_HOP * VB_RATE);
    size_t lag_min = VB_RATE / 50, lag_max = VB_RATE * 3 / 10;
    for (size_t from = (size_t)(warmup * VB_RATE); from + win + lag_max <= n; from += hop) {
        double t0 = (double)from / VB_RATE, t1 = (double)(from + win) / VB_RATE;
        if (!vb_talking_at(t0, pauses) || !vb_talking_at(t1, pauses) ||
            fmod(t0, VB_TALK + VB_PAUSE) > fmod(t1, VB_TALK + VB_PAUSE))
            continue;
        double r;
        size_t lag = vb_best_lag(mic, out, from, from + win, lag_min, lag_max, &r);
        if (res->nlat < VB_MAX_PKTS) {
            res->r[res->nlat] = r;
            res->lat[res->nlat++] = (double)lag * 1000.0 / VB_RATE;
        }
    }
    free(mic);
    free(out);
}

static void vb_print_latency(const char *what, vb_e2e *b, vb_result *r)
{
    vc_engine_latency la = vc_engine_get_latency(b->a.e), lb = vc_engine_get_latency(b->b.e);
    double n = (double)r->nlat;
    double framing = r->framing_n ? r->framing_sum / (double)r->framing_n : 0;
    double jb = r->jb_n ? r->jb_sum / (double)r->jb_n : 0;
    double queue = r->queue_n > 0 ? r->queue_sum / r->queue_n : 0;
    double net50 = vb_quantile(r->net, r->nnet, 0.5), net99 = vb_quantile(r->net, r->nnet, 0.99);
    double med = vb_quantile(r->lat, r->nlat, 0.5), p99 = vb_quantile(r->lat, r->nlat, 0.99);
    double rmed = vb_quantile(r->r, r->nlat, 0.5);
    double sum = framing + la.encoder_ms + la.resample_ms + net50 + jb + lb.decoder_ms + queue;
    printf("%s: capture to playback median %.1f ms, p99 %.1f ms (%.0f windows of %.0f ms, "
           "median r %.2f); A sent %llu of %llu frames, B received %llu; %llu underruns\n",
           what, med, p99, n, VB_WIN * 1000, rmed, (unsigned long long)r->sent,
           (unsigned long long)r->frames, (unsigned long long)r->received,
           (unsigned long long)r->underruns);
    printf("  stages: capture period + 20 ms frame %.1f | preprocessing + Speex lookahead %.1f | "
           "resampling 48k<->16k %.1f | network + server relay %.1f (p99 %.1f) | jitter buffer "
           "%.1f | Speex decoder %.1f | playback queue %.1f (period %d) = %.1f ms\n",
           framing, la.encoder_ms, la.resample_ms, net50, net99, jb, lb.decoder_ms, queue,
           b->period * 1000 / VB_RATE, sum);
    /* The figure is the app's own latency: the device periods at both ends belong
     * to the sound system (a capture block is handed over a period after its first sample;
     * the playback device holds a period while it plays it). */
    double period = (double)b->period * 1000.0 / VB_RATE;
    printf("  app-side (without the capture and playback device periods, %.0f ms each): median "
           "%.1f ms, p99 %.1f ms\n",
           period, med - 2 * period, p99 - 2 * period);
}

/* A's codec at quality 8; restarts its framing (voice_engine.c resets it). */
static void vb_set_codec(vb_e2e *b, vw_mode mode)
{
    vc_engine_set_codec(b->a.e, mode, 8);
    b->a_fed0 = b->a_fed;
    b->a_frames0 = vc_engine_get_state(b->a.e).frames;
}

static const char *vb_mode_name(int m)
{
    return m == VW_MODE_NB ? "NB" : m == VW_MODE_WB ? "WB" : "UWB";
}

static void vb_e2e_cleanup(vb_e2e *b)
{
    vb_client_close(&b->a);
    vb_client_close(&b->b);
    free(b->ev);
    if (b->pid > 0) {
        kill(b->pid, SIGTERM);
        int st;
        for (int i = 0; i < 50 && waitpid(b->pid, &st, WNOHANG) == 0; i++) SDL_Delay(100);
        if (waitpid(b->pid, &st, WNOHANG) == 0) {
            kill(b->pid, SIGKILL);
            waitpid(b->pid, &st, 0);
        }
    }
    if (b->log) fclose(b->log);
}

static int vb_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Starts the server on a free loopback port; its pid, or 0. */
static pid_t vb_spawn(const char *bin, const char *data, char *addr, size_t cap, FILE **log)
{
    int fds[2];
    if (pipe(fds) != 0) return 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", 0, 0);
    char *argv[] = {(char *)bin,    "--port",      "0",    "--data", (char *)data,
                    "--no-console", "--log-level", "warn", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        fprintf(stderr, "voicebench: cannot start %s: %s\n", bin, strerror(rc));
        close(fds[0]);
        return 0;
    }
    FILE *f = fdopen(fds[0], "r");
    char line[512];
    unsigned port;
    while (f && fgets(line, sizeof line, f)) {
        char *p = strstr(line, "port ");
        if (strstr(line, "listening") && p && sscanf(p, "port %u", &port) == 1) {
            snprintf(addr, cap, "127.0.0.1:%u", port);
            *log = f;
            return pid;
        }
    }
    if (f) fclose(f);
    fprintf(stderr, "voicebench: %s did not start\n", bin);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return 0;
}

int vb_e2e_run(const vb_e2e_opts *o)
{
    static vb_e2e bench;
    static vb_result res;
    vb_e2e *b = &bench;
    char err[256], addr[64];
    b->period = (o->period_ms > 0 ? o->period_ms : 10) * VB_RATE / 1000;
    b->plain = o->plain;
    b->t0 = vb_now();
    snprintf(b->dir, sizeof b->dir, "/tmp/voicebench-XXXXXX");
    if (!net_init(err, sizeof err) || !mkdtemp(b->dir)) {
        fprintf(stderr, "voicebench: cannot start: %s\n",
                net_init(err, sizeof err) ? strerror(errno) : err);
        return 1;
    }
    if (o->spawn) {
        char data[96];
        snprintf(data, sizeof data, "%s/server", b->dir);
        b->pid = vb_spawn(o->spawn, data, addr, sizeof addr, &b->log);
    } else {
        snprintf(addr, sizeof addr, "%s", o->server);
    }
    b->ev = malloc(sizeof *b->ev);
    int rc = 1;
    if ((o->spawn && b->pid <= 0) || !b->ev || !vb_client_open(b, &b->a, "amy", addr, 1) ||
        !vb_client_open(b, &b->b, "bob", addr, 2))
        goto done;
    if (!vb_connect(b)) {
        fprintf(stderr, "voicebench: the clients did not get into General's voice at %s\n", addr);
        goto done;
    }
    double run = o->quick ? 8 : 20, wire = o->quick ? 3 : 6;
    printf("voicebench --e2e: through parley-server at %s (%s), two client sessions in this "
           "process, devices modelled with a %d ms period, %s\n\n",
           addr, b->pid > 0 ? "started here" : "already running", b->period * 1000 / VB_RATE,
           b->plain ? "--plain engine (WB q8, VAD; echo canceller, noise suppression and AGC "
                      "off)"
                    : "default engine (WB q8, echo canceller, noise suppression, AGC, VAD)");

    /* Idle baseline: both in voice, nobody talking. */
    vc_engine_set_mute(b->a.e, true);
    vb_run(b, wire, 1.0, false, &res);
    vc_engine_set_mute(b->a.e, false);
    double idle_up = (double)(res.up1 - res.up0) * 8 / res.t_measure / 1000;
    double idle_down = (double)(res.down1 - res.down0) * 8 / res.t_measure / 1000;
    double idle_cpu = res.server_cpu / res.t_measure;
    printf("== wire bytes per talking client, quality 8, every header counted (IPv4 20 + UDP 8 "
           "included); baseline: the same two idle clients in voice: up %.2f kbit/s, down "
           "%.2f kbit/s (keep-alives, acks: %.1f and %.1f datagrams/s)\n",
           idle_up, idle_down, (double)res.dg_up / res.t_measure,
           (double)res.dg_down / res.t_measure);
    vb_print_bare(&res);
    for (int m = VW_MODE_NB; m <= VW_MODE_UWB; m++) {
        vb_set_codec(b, (vw_mode)m);
        vb_run(b, wire, 1.0, false, &res);
        double up = (double)(res.up1 - res.up0) * 8 / res.t_measure / 1000;
        double down = (double)(res.down1 - res.down0) * 8 / res.t_measure / 1000;
        double frames = (double)res.frames;
        printf("%-3s up %.1f kbit/s, down %.1f kbit/s (%.2fx / %.2fx idle; %.1f / %.1f "
               "datagrams/s)%s | CPU per stream: "
               "sender %.0f us per 20 ms frame (%.2f%% of a core), listener %.0f us (%.2f%%)",
               vb_mode_name(m), up, down, up / idle_up, down / idle_down,
               (double)res.dg_up / res.t_measure, (double)res.dg_down / res.t_measure,
               m == VW_MODE_WB ? (up <= 48.0 ? " target <= 48: met" : " target <= 48: MISSED") : "",
               res.cpu_a / frames * 1e6, res.cpu_a / frames * 1e6 / 200, res.cpu_b / frames * 1e6,
               res.cpu_b / frames * 1e6 / 200);
        if (b->pid > 0)
            printf(", server relay %.2f%% of a core (idle %.2f%%)",
                   res.server_cpu / res.t_measure * 100, idle_cpu * 100);
        printf("\n");
        vb_print_bare(&res);
    }
    vb_set_codec(b, VW_MODE_WB);

    printf("\n== latency, A's microphone to B's speaker, by correlation (sentences of %.1f s, "
           "pauses of %.1f s)\n",
           VB_TALK, VB_PAUSE);
    vb_run(b, run, 1.0, true, &res);
    double med0 = vb_quantile(res.lat, res.nlat, 0.5);
    vb_print_latency("0% loss", b, &res);
    printf("  target <= 60 ms median: %s\n", med0 <= 60 ? "met" : "MISSED");
    sim_config jit = {.loss = 0.05, .jitter = 0.020, .seed = 5};
    sim_set_config(b->b.down, &jit);
    vb_run(b, run, 1.0, true, &res);
    double med1 = vb_quantile(res.lat, res.nlat, 0.5);
    vb_print_latency("5% loss + 0-20 ms jitter (B's downlink)", b, &res);
    printf("  target <= 80 ms median: %s (%.2fx the 0%% loss median)\n",
           med1 <= 80 ? "met" : "MISSED", med1 / med0);
    rc = 0;
done:
    vb_e2e_cleanup(b);
    nftw(b->dir, vb_rm, 16, FTW_DEPTH | FTW_PHYS);
    net_quit();
    return rc;
}
