/* Voice notes on the client (cl_note) and their container (voice_note): synthetic signals
 * encoded, decoded and correlated; the one-minute limit; malformed containers; fetch
 * assembly from NOTE_DATA chunks. Then the session's side against the real server app (host,
 * app and store in process, the link through shared/sim): a note cut by a dropped link is
 * sent again and stored once, a refused note stops its chunks, and a fetch that gets no
 * answer ends with REQUEST_LOST. */
#include "app.h"
#include "cl_note.h"
#include "cl_session.h"
#include "host.h"
#include "sim.h"
#include "store.h"
#include "voice_note.h"
#include "../test.h"
#include "../test_fs.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RATE 16000

/* Best normalised correlation of b against a over lags 0..max_lag (b delayed). */
static double best_corr(const int16_t *a, const int16_t *b, size_t n, size_t max_lag)
{
    double best = -1;
    for (size_t lag = 0; lag <= max_lag; lag++) {
        double ab = 0, aa = 0, bb = 0;
        for (size_t i = 0; i + lag < n; i++) {
            ab += (double)a[i] * b[i + lag];
            aa += (double)a[i] * a[i];
            bb += (double)b[i + lag] * b[i + lag];
        }
        double c = aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
        if (c > best) best = c;
    }
    return best;
}

static int16_t *signal_make(size_t n, bool sweep)
{
    int16_t *s = malloc(n * sizeof *s);
    if (!s) return NULL;
    double phase = 0;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE;
        double f = sweep ? 200.0 + 3000.0 * t / ((double)n / RATE) : 440.0;
        phase += 2 * M_PI * f / RATE;
        s[i] = (int16_t)(8000 * sin(phase));
    }
    return s;
}

static void round_trip(bool sweep, double min_corr)
{
    const size_t n = 2 * RATE; /* 2 s */
    int16_t *in = signal_make(n, sweep);
    cl_note_rec *r = cl_note_rec_create(VW_MODE_WB, 0);
    CHECK(in && r);
    if (!in || !r) return;
    CHECK_EQ(cl_note_rec_rate(r), RATE);
    /* in uneven pieces, as a device delivers them */
    for (size_t off = 0; off < n;) {
        size_t k = n - off < 333 ? n - off : 333;
        CHECK(cl_note_rec_push(r, in + off, k));
        off += k;
    }
    const uint8_t *data = NULL;
    size_t len = cl_note_rec_finish(r, &data);
    CHECK(len > VN_HEADER);
    vn_info info;
    CHECK_EQ(vn_parse(data, len, &info), VN_OK);
    CHECK_EQ(info.duration_ms, 2000u);
    CHECK_EQ(info.mode, VW_MODE_WB);
    /* WB quality 8: 70 bytes a frame plus its length byte */
    CHECK(len <= VN_HEADER + info.frames * 71u);
    int rate = 0;
    size_t samples = cl_note_samples(data, len, &rate);
    CHECK_EQ(samples, n);
    int16_t *out = malloc(samples * sizeof *out);
    size_t got = 0;
    const char *why = NULL;
    CHECK(out && cl_note_decode(data, len, out, samples, &got, &rate, &why));
    CHECK_EQ(got, n);
    CHECK_EQ(rate, RATE);
    /* Speex's delay is well under 20 ms; skip the first 100 ms while the codec settles */
    double c = best_corr(in + RATE / 10, out + RATE / 10, n - RATE / 5, 400);
    printf("  %s: correlation %.3f\n", sweep ? "sweep" : "tone", c);
    CHECK(c > min_corr);
    /* too small a buffer is refused, not overrun */
    CHECK(!cl_note_decode(data, len, out, samples - 1, &got, &rate, &why) && why);
    free(out);
    free(in);
    cl_note_rec_destroy(r);
}

static void test_tone(void)
{
    round_trip(false, 0.9);
}

static void test_sweep(void)
{
    round_trip(true, 0.8);
}

static void test_limit(void)
{
    cl_note_rec *r = cl_note_rec_create(VW_MODE_WB, 0);
    if (!r) return;
    int16_t *in = signal_make(RATE, true);
    if (!in) return;
    bool more = true;
    int seconds = 0;
    for (; seconds < 70 && more; seconds++) more = cl_note_rec_push(r, in, RATE);
    CHECK(!more);
    CHECK_EQ(seconds, 60); /* stops at the documented minute */
    CHECK_EQ(cl_note_rec_ms(r), VN_MAX_MS);
    CHECK(!cl_note_rec_push(r, in, 10));
    const uint8_t *data;
    size_t len = cl_note_rec_finish(r, &data);
    CHECK(len <= VN_MAX_BYTES && len <= MSG_NOTE_MAX_BYTES);
    vn_info info;
    CHECK_EQ(vn_parse(data, len, &info), VN_OK);
    CHECK_EQ(info.duration_ms, VN_MAX_MS);
    free(in);
    cl_note_rec_destroy(r);
    /* nothing recorded: no note */
    r = cl_note_rec_create(VW_MODE_NB, 4);
    CHECK_EQ(cl_note_rec_finish(r, &data), 0u);
    cl_note_rec_destroy(r);
}

static void test_malformed(void)
{
    uint8_t buf[64];
    vn_writer w;
    CHECK(vn_write_begin(&w, buf, sizeof buf, VW_MODE_WB));
    const uint8_t f[3] = {1, 2, 3};
    CHECK(vn_write_frame(&w, f, 3) && vn_write_frame(&w, f, 2));
    size_t len = vn_write_end(&w);
    CHECK_EQ(len, (size_t)VN_HEADER + 4 + 3);
    CHECK_EQ(vn_parse(buf, len, NULL), VN_OK);
    for (size_t cut = 0; cut < len; cut++) CHECK(vn_parse(buf, cut, NULL) != VN_OK);
    uint8_t bad[64];
    memcpy(bad, buf, len);
    bad[len] = 0;
    CHECK_EQ(vn_parse(bad, len + 1, NULL), VN_ERR_TRAILING);
    bad[0] = 'Q';
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_MAGIC);
    memcpy(bad, buf, len);
    bad[4] = 3;
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_MODE);
    memcpy(bad, buf, len);
    bad[6] = 0;
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_FRAMES);
    memcpy(bad, buf, len);
    bad[VN_HEADER] = 0;
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_FRAME_LEN);
    memcpy(bad, buf, len);
    bad[VN_HEADER] = 200; /* a length past the end */
    CHECK_EQ(vn_parse(bad, len, NULL), VN_ERR_SHORT);
    /* the frame walk stops there too, even without vn_parse */
    size_t pos = 0;
    const uint8_t *fr;
    size_t fl;
    CHECK(!vn_next_frame(bad, len, &pos, &fr, &fl));
    /* garbage frames decode as concealment, not as whatever Speex makes of them */
    int16_t out[2 * 320];
    size_t got = 0;
    int rate = 0;
    CHECK(cl_note_decode(buf, len, out, 640, &got, &rate, NULL));
    CHECK_EQ(got, 640u);
    const char *why = NULL;
    CHECK(!cl_note_decode(bad, len, out, 640, &got, &rate, &why) && why);
    /* a full writer refuses more frames */
    CHECK(vn_write_begin(&w, buf, VN_HEADER + 4, VW_MODE_WB));
    CHECK(vn_write_frame(&w, f, 3));
    CHECK(!vn_write_frame(&w, f, 1) && w.full);
}

static void test_rx(void)
{
    static cl_note_rx rx;
    static uint8_t note[3 * MSG_NOTE_CHUNK];
    vn_writer w;
    vn_write_begin(&w, note, sizeof note, VW_MODE_WB);
    uint8_t f[70];
    memset(f, 0x5a, sizeof f);
    while (vn_write_frame(&w, f, sizeof f)) {
    }
    size_t len = vn_write_end(&w);
    static msg_note_data d;
    cl_note_rx_begin(&rx, 9, 44);
    d.req = 8;
    CHECK_EQ(cl_note_rx_feed(&rx, &d), CL_NOTE_RX_OTHER);
    d.req = 9;
    d.server_id = 44;
    d.total = (uint32_t)len;
    d.duration_ms = w.frames * 20;
    cl_note_rx_state st = CL_NOTE_RX_MORE;
    for (size_t off = 0; off < len; off += MSG_NOTE_CHUNK) {
        d.offset = (uint32_t)off;
        d.len = (uint32_t)(len - off < MSG_NOTE_CHUNK ? len - off : MSG_NOTE_CHUNK);
        memcpy(d.data, note + off, d.len);
        st = cl_note_rx_feed(&rx, &d);
        CHECK(st == (off + d.len < len ? CL_NOTE_RX_MORE : CL_NOTE_RX_DONE));
    }
    CHECK(rx.got == len && memcmp(rx.data, note, len) == 0);
    /* out of order fails */
    cl_note_rx_begin(&rx, 9, 44);
    d.offset = MSG_NOTE_CHUNK;
    CHECK_EQ(cl_note_rx_feed(&rx, &d), CL_NOTE_RX_FAILED);
    CHECK_EQ(rx.err, MSG_ERR_BAD_NOTE);
    /* the server's refusal */
    cl_note_rx_begin(&rx, 9, 44);
    memset(&d, 0, sizeof d);
    d.req = 9, d.server_id = 44, d.err = MSG_ERR_NO_SUCH_MESSAGE;
    CHECK_EQ(cl_note_rx_feed(&rx, &d), CL_NOTE_RX_FAILED);
    CHECK_EQ(rx.err, MSG_ERR_NO_SUCH_MESSAGE);
}

/* ---- the session against the real server app ------------------------------------------ */

#define RIG_HANDLES 8

typedef struct rig {
    sim *net;
    host *h;
    store *st;
    app *a;
    char dir[64];
    net_addr saddr, caddr;
    double now;
    uint8_t sk[64]; /* the server's identity, kept over a restart */
    uint32_t handles[RIG_HANDLES];
    bool hold_bulk;     /* the server reads no bulk messages (a fetch goes unanswered) */
    bool server_mute;   /* what the server sends is lost */
    uint32_t chunks_in; /* NOTE_SEND chunks the app was given */
    cl_session *s;
    /* what the client saw */
    uint64_t acked_id, acked_server_id;
    msg_err acked_err;
    bool acked_dup;
    uint32_t acks, lost, lost_req;
    char lost_text[CL_TEXT_MAX];
    cl_note_rx rx;
    cl_note_rx_state rx_state;
} rig;

static rig R;

static void rig_host_out(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    (void)user;
    if (!R.server_mute) sim_send(R.net, &R.saddr, to, data, len, R.now);
}

static void rig_client_out(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    (void)user;
    sim_send(R.net, &R.caddr, to, data, len, R.now);
}

static void rig_app_send(void *user, uint32_t session, int channel, const uint8_t *data, size_t len)
{
    (void)user;
    conn *c = host_get(R.h, session);
    if (c) conn_send(c, channel, data, len);
}

static void rig_app_close(void *user, uint32_t session)
{
    (void)user, (void)session;
}

static void rig_log(void *user, int level, const char *text)
{
    (void)user;
    if (getenv("NOTE_TEST_LOG")) fprintf(stderr, "    log %d: %s\n", level, text);
}

static void rig_link(bool up)
{
    sim_config sc = {.latency = 0.002, .loss = up ? 0.0 : 1.0};
    sim_set_config(R.net, &sc);
}

static int64_t rig_ms(void)
{
    return 1700000000000LL + (int64_t)(R.now * 1000.0);
}

static void rig_server_step(void)
{
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    size_t n;
    while ((n = sim_recv(R.net, &R.saddr, buf, sizeof buf, &from, R.now)) > 0)
        host_on_packet(R.h, &from, buf, n, R.now);
    host_event ev;
    while (host_poll(R.h, &ev)) {
        for (int i = 0; i < RIG_HANDLES; i++) {
            if (ev.type == HOST_EV_CONNECT && R.handles[i] == 0) {
                R.handles[i] = ev.handle;
                app_on_connect(R.a, ev.handle, conn_peer(host_get(R.h, ev.handle)), rig_ms());
                break;
            }
            if (ev.type == HOST_EV_DISCONNECT && R.handles[i] == ev.handle) {
                R.handles[i] = 0;
                app_on_disconnect(R.a, ev.handle, rig_ms());
                break;
            }
        }
    }
    static uint8_t m[MSG_MAX_SIZE];
    for (int i = 0; i < RIG_HANDLES; i++) {
        conn *c = R.handles[i] ? host_get(R.h, R.handles[i]) : NULL;
        static const int chans[] = {CONN_CH_CONTROL, CONN_CH_CHAT, CONN_CH_BULK};
        for (size_t k = 0; c && k < 3; k++) {
            if (chans[k] == CONN_CH_BULK && R.hold_bulk) continue;
            size_t len;
            while (conn_receive(c, chans[k], m, sizeof m, &len) == 1) {
                R.chunks_in += chans[k] == CONN_CH_BULK && m[0] == MSG_NOTE_SEND;
                app_on_message(R.a, R.handles[i], chans[k], m, len, rig_ms());
            }
        }
    }
    app_tick(R.a, rig_ms());
    host_update(R.h, R.now);
}

static void rig_events(void)
{
    static cl_event ev;
    while (cl_session_poll(R.s, &ev)) {
        if (ev.type == CL_EV_REQUEST_LOST) {
            R.lost++;
            R.lost_req = ev.req;
            snprintf(R.lost_text, sizeof R.lost_text, "%s", ev.text);
        }
        if (ev.type != CL_EV_MSG) continue;
        if (ev.m.type == MSG_CHAT_ACK && ev.chat_type == MSG_NOTE_SEND) {
            R.acks++;
            R.acked_id = ev.m.chat_ack.client_msg_id;
            R.acked_err = ev.m.chat_ack.err;
            R.acked_server_id = ev.m.chat_ack.server_id;
            R.acked_dup = ev.m.chat_ack.duplicate;
        }
        if (ev.m.type == MSG_NOTE_DATA) {
            cl_note_rx_state st = cl_note_rx_feed(&R.rx, &ev.m.note_data);
            if (st != CL_NOTE_RX_OTHER) R.rx_state = st;
        }
    }
}

static void rig_step(double dt)
{
    rig_server_step();
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    size_t n;
    while ((n = sim_recv(R.net, &R.caddr, buf, sizeof buf, &from, R.now)) > 0)
        cl_session_on_datagram(R.s, &from, buf, n, R.now);
    cl_session_update(R.s, R.now);
    rig_events();
    R.now += dt;
}

static bool rig_run_until(bool (*cond)(void), double seconds)
{
    double end = R.now + seconds;
    while (R.now < end) {
        rig_step(0.005);
        if (cond()) return true;
    }
    return false;
}

static bool rig_ready(void)
{
    return cl_session_state(R.s) == CL_STATE_READY;
}

static bool rig_down(void)
{
    return cl_session_state(R.s) == CL_STATE_WAITING;
}

static bool rig_acked(void)
{
    return R.acks > 0 && cl_session_notes_waiting(R.s) == 0;
}

static bool rig_lost(void)
{
    return R.lost > 0;
}

static bool rig_fetched(void)
{
    return R.rx_state != CL_NOTE_RX_MORE;
}

static app *rig_app(void)
{
    app_config ac = {.chat_rate = 1e6, .join_rate = 1e6, .login_rate = 1e6};
    ac.st = R.st;
    ac.send = rig_app_send;
    ac.close = rig_app_close;
    ac.log = rig_log;
    return app_create(&ac);
}

static bool rig_open(void)
{
    memset(&R, 0, sizeof R);
    if (sodium_init() < 0) return false;
    test_tmpdir(R.dir, sizeof R.dir);
    store_config sc = {.data_dir = R.dir,
                       .pwhash_ops = crypto_pwhash_OPSLIMIT_MIN,
                       .pwhash_mem = crypto_pwhash_MEMLIMIT_MIN};
    CHECK_EQ(store_open(&sc, 1700000000000LL, &R.st), STORE_OK);
    R.a = R.st ? rig_app() : NULL;
    sim_config net = {.latency = 0.002};
    R.net = sim_create(&net);
    R.saddr = net_addr_make(0x7f000001, 7777);
    R.caddr = net_addr_make(0x7f000001, 40001);
    uint8_t pk[32];
    crypto_sign_keypair(pk, R.sk);
    host_config hc = {0};
    memcpy(hc.identity_sk, R.sk, sizeof R.sk);
    R.h = host_create(&hc, rig_host_out, NULL);
    char home[96];
    snprintf(home, sizeof home, "%s/home", R.dir);
    if (mkdir(home, 0700) != 0) return false;
    cl_session_config cfg = {.server = "127.0.0.1:7777",
                             .home = home,
                             .send = rig_client_out,
                             .log = rig_log,
                             .seed = 7};
    cfg.auth.mode = CL_AUTH_REGISTER;
    snprintf(cfg.auth.name, sizeof cfg.auth.name, "alice");
    snprintf(cfg.auth.password, sizeof cfg.auth.password, "password123");
    char err[256];
    R.s = cl_session_create(&cfg, R.now, err, sizeof err);
    if (!R.s) fprintf(stderr, "  cl_session_create: %s\n", err);
    CHECK(R.a && R.net && R.h && R.s);
    if (!R.a || !R.net || !R.h || !R.s) return false;
    CHECK(rig_run_until(rig_ready, 10));
    uint32_t req;
    CHECK_EQ(cl_session_join(R.s, STORE_GENERAL_ID, NULL, NULL, &req), CL_OK);
    for (int i = 0; i < 100; i++) rig_step(0.005);
    const cl_room *g = cl_session_room(R.s, STORE_GENERAL_ID);
    CHECK(g && g->joined);
    return g && g->joined;
}

static void rig_close(void)
{
    cl_session_destroy(R.s);
    if (R.a) app_destroy(R.a);
    if (R.h) host_destroy(R.h);
    if (R.st) store_close(R.st);
    sim_destroy(R.net);
    test_rmtree(R.dir);
}

/* Stored voice notes (server ids 1..64). */
static int rig_stored_notes(void)
{
    int n = 0;
    store_message sm;
    for (int64_t id = 1; id <= 64; id++)
        n += store_message_get(R.st, id, &sm) == STORE_OK && sm.note_ms > 0 && !sm.deleted;
    return n;
}

static size_t rig_make_note(uint8_t *buf, size_t cap, uint32_t frames)
{
    vn_writer w;
    vn_write_begin(&w, buf, cap, VW_MODE_WB);
    uint8_t frame[70];
    for (size_t i = 0; i < sizeof frame; i++) frame[i] = (uint8_t)(i * 13 + 5);
    for (uint32_t i = 0; i < frames; i++) vn_write_frame(&w, frame, sizeof frame);
    return vn_write_end(&w);
}

static uint8_t rig_note[VN_MAX_BYTES];

/* The link dies mid-note (and mid-fetch): the fetch reports "connection lost", the note is
 * sent again after the reconnect, stored once, and fetching it afterwards works. */
static void test_session_drop(void)
{
    if (!rig_open()) {
        rig_close();
        return;
    }
    size_t len = rig_make_note(rig_note, sizeof rig_note, 1500); /* 30 s, ~107 KB */
    CHECK(len > 8 * MSG_NOTE_CHUNK);
    uint32_t req = 0;
    CHECK_EQ(cl_session_note_fetch(R.s, 999, &req, R.now), CL_OK);
    R.hold_bulk = true; /* neither the fetch nor the note gets through before the cut */
    uint64_t id = 0;
    CHECK_EQ(cl_session_note_send(R.s, STORE_GENERAL_ID, NULL, rig_note, len, &id, R.now), CL_OK);
    CHECK(id != 0);
    for (int i = 0; i < 20; i++) rig_step(0.005);
    rig_link(false);
    R.hold_bulk = false;
    CHECK(rig_run_until(rig_down, 60));
    CHECK_EQ(R.lost, 1u);
    CHECK_EQ(R.lost_req, req);
    CHECK(strstr(R.lost_text, "connection was lost") != NULL);
    CHECK_EQ(cl_session_notes_waiting(R.s), 1u); /* kept */
    CHECK_EQ(R.acks, 0u);
    rig_link(true);
    CHECK(rig_run_until(rig_acked, 60));
    CHECK_EQ(R.acked_id, id);
    CHECK_EQ(R.acked_err, MSG_OK);
    CHECK_EQ(rig_stored_notes(), 1);
    /* a fetch on the new connection works */
    CHECK_EQ(cl_session_note_fetch(R.s, R.acked_server_id, &req, R.now), CL_OK);
    cl_note_rx_begin(&R.rx, req, R.acked_server_id);
    R.rx_state = CL_NOTE_RX_MORE;
    CHECK(rig_run_until(rig_fetched, 10));
    CHECK_EQ(R.rx_state, CL_NOTE_RX_DONE);
    CHECK(R.rx.total == len && memcmp(R.rx.data, rig_note, len) == 0);
    /* the server dies after storing a note but before its ack arrives: the client sends it
     * again to the restarted server, which acknowledges the copy it has */
    R.acks = 0;
    CHECK_EQ(cl_session_note_send(R.s, STORE_GENERAL_ID, NULL, rig_note, 4000, NULL, R.now),
             CL_ERR_INVALID); /* not a whole container */
    len = rig_make_note(rig_note, sizeof rig_note, 200);
    CHECK_EQ(cl_session_note_send(R.s, STORE_GENERAL_ID, NULL, rig_note, len, &id, R.now), CL_OK);
    R.server_mute = true; /* the ack goes nowhere */
    for (int i = 0; i < 400 && rig_stored_notes() < 2; i++) rig_step(0.005);
    R.server_mute = false;
    CHECK_EQ(rig_stored_notes(), 2);
    CHECK_EQ(R.acks, 0u);
    app_destroy(R.a); /* the server restarts: same store and identity, no sessions */
    host_destroy(R.h);
    memset(R.handles, 0, sizeof R.handles);
    R.a = rig_app();
    host_config hc = {0};
    memcpy(hc.identity_sk, R.sk, sizeof R.sk);
    R.h = host_create(&hc, rig_host_out, NULL);
    CHECK(R.a && R.h);
    if (!R.a || !R.h) return;
    CHECK(rig_run_until(rig_acked, 60));
    CHECK_EQ(R.acked_id, id);
    CHECK_EQ(R.acked_err, MSG_OK);
    CHECK(R.acked_dup);
    CHECK_EQ(rig_stored_notes(), 2); /* once */
    rig_close();
}

/* A refused note stops after the few chunks already on the wire; a fetch the server never
 * answers ends with a clear REQUEST_LOST after CL_NOTE_FETCH_TIMEOUT. */
static void test_session_refused(void)
{
    if (!rig_open()) {
        rig_close();
        return;
    }
    size_t len = rig_make_note(rig_note, sizeof rig_note, 3000); /* 60 s, 213 KB: 18 chunks */
    uint64_t id = 0;
    CHECK_EQ(cl_session_note_send(R.s, 4242, NULL, rig_note, len, &id, R.now), CL_OK);
    CHECK(rig_run_until(rig_acked, 10));
    CHECK_EQ(R.acked_err, MSG_ERR_NO_SUCH_ROOM);
    for (int i = 0; i < 200; i++) rig_step(0.005);
    printf("  chunks the server got of a refused 18-chunk note: %u\n", R.chunks_in);
    CHECK(R.chunks_in <= 5);
    CHECK_EQ(cl_session_notes_waiting(R.s), 0u);
    /* bad targets and containers are refused at once */
    CHECK_EQ(cl_session_note_send(R.s, 0, NULL, rig_note, len, NULL, R.now), CL_ERR_INVALID);
    CHECK_EQ(cl_session_note_send(R.s, 1, "bob", rig_note, len, NULL, R.now), CL_ERR_INVALID);
    /* the server takes no bulk messages: the fetch times out */
    R.hold_bulk = true;
    uint32_t req = 0;
    CHECK_EQ(cl_session_note_fetch(R.s, 1, &req, R.now), CL_OK);
    double t0 = R.now;
    CHECK(rig_run_until(rig_lost, CL_NOTE_FETCH_TIMEOUT + 5));
    CHECK(R.now - t0 >= CL_NOTE_FETCH_TIMEOUT - 0.01);
    CHECK_EQ(R.lost_req, req);
    CHECK(strstr(R.lost_text, "in time") != NULL);
    CHECK(rig_ready()); /* the link itself is fine */
    rig_close();
}

int main(void)
{
    TEST_RUN(test_tone);
    TEST_RUN(test_sweep);
    TEST_RUN(test_limit);
    TEST_RUN(test_malformed);
    TEST_RUN(test_rx);
    TEST_RUN(test_session_drop);
    TEST_RUN(test_session_refused);
    return test_summary();
}
