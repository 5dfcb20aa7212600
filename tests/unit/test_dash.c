/* Server dashboard: the model (traffic rates, log lines, console answers), the screen driven
 * with synthetic input (start, stop, port, console, the questions before drastic steps), its
 * layout at 1280x720, 800x600 and 2x with the fixed measurer and with real fonts offscreen
 * (screenshots go to docs/screenshots/dashboard-*.png), and the snapshot taken from a real
 * application. */
#include "app.h"
#include "dash.h"
#include "msg.h"
#include "store.h"
#include "ui.h"
#include "ui_check.h"
#include "ui_png.h"
#include "ui_sdl.h"
#include "../test.h"
#include "../test_fs.h"

#include <SDL.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHOTS "docs/screenshots"

static int64_t now_ms = 100000;

/* ---- synthetic server ---------------------------------------------------------------- */

static const char *const names[] = {"alice", "bob",   "carol", "dmitri", "\xc3\xa9lodie",
                                    "farid", "grace", "hiro",  "ines",   "jonas",
                                    "kemal", "lena",  "mateo", "nora",   "oskar",
                                    "priya", "quinn", "rosa",  "sven",   "tomasz"};
static const char *const roles[] = {"owner", "admin", "moderator", "user", "user", "guest"};
static const char *const statuses[] = {"online", "online", "away", "online", "busy", "invisible"};
static const char *const room_names[] = {"General",   "Gaming",       "Music",
                                         "Off-topic", "Dev",          "Random",
                                         "Staff",     "Voice lounge", "LAN party 2026 planning"};

static void fill(dash *d, int users)
{
    dash_snapshot *sn = &d->snap;
    int nn = (int)(sizeof names / sizeof names[0]);
    sn->user_count = 0;
    sn->users_connected = 0;
    for (int i = 0; i < users && i < DASH_USERS_MAX; i++) {
        dash_user *u = &sn->users[sn->user_count++];
        if (i < nn)
            snprintf(u->name, sizeof u->name, "%s", names[i]);
        else
            snprintf(u->name, sizeof u->name, "%s%d", names[i % nn], i);
        u->role = roles[i % 6];
        u->status = statuses[i % 6];
        u->sessions = i % 9 == 8 ? 0 : (i == 2 ? 2 : 1);
        snprintf(u->addr, sizeof u->addr, "192.168.1.%d:%d", 20 + i % 200, 40000 + i * 37);
        u->rtt_ms = 2.0f + (float)(i * 7 % 40);
        u->loss = (float)(i % 4) * 0.004f;
        sn->users_connected += u->sessions > 0;
    }
    sn->room_count = (uint32_t)(sizeof room_names / sizeof room_names[0]);
    for (uint32_t i = 0; i < sn->room_count; i++) {
        dash_room *r = &sn->rooms[i];
        r->id = i + 1;
        snprintf(r->name, sizeof r->name, "%s", room_names[i]);
        r->is_private = i == 6;
        r->total = 3 + i * 5;
        r->online = i * 3 % (r->total + 1);
    }
    sn->connections = sn->users_connected + 1;
    sn->pending = 1;
    sn->listening = true;
    sn->port = 7777;
    sn->uptime_ms = 3 * 3600000 + 25 * 60000;
    sn->totals = (dash_counters){1234567, 1534567, 81234567, 123456789};
    /* a minute of traffic: a base load with bursts */
    dash_counters c = {0};
    for (int s = 0; s <= DASH_HISTORY; s++) {
        double k = 1.0 + 0.8 * sin(s / 5.0) + (s % 17 == 3 ? 2.5 : 0.0);
        c.datagrams_in += (uint64_t)(180 * k);
        c.datagrams_out += (uint64_t)(260 * k);
        c.bytes_in += (uint64_t)(21000 * k);
        c.bytes_out += (uint64_t)(38000 * k);
        dash_traffic_sample(d, &c, 1000LL * s);
    }
    static const char *const lines[] = {
        "2026-11-22 09:14:02 info  loaded server identity 9f3a 61c2 77d0 1b8e",
        "2026-11-22 09:14:02 info  listening on UDP port 7777",
        "2026-11-22 09:15:40 info  connection 00010001 from 192.168.1.20:40000",
        "2026-11-22 09:15:41 info  alice logged in (owner)",
        "2026-11-22 09:21:07 warn  session 00030002: rate limited (chat)",
        "2026-11-22 09:30:55 error cannot write the store: disk full (retrying in 5 s; free some "
        "space on the data volume or move --data elsewhere)",
        "2026-11-22 09:31:00 debug store: checkpoint took 3 ms",
        "2026-11-22 09:40:12 info  connection 00040003 from 192.168.1.44:41221 closed: timed out",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        log_level lv = strstr(lines[i], " warn ")    ? LOG_WARN
                       : strstr(lines[i], " error ") ? LOG_ERROR
                       : strstr(lines[i], " debug ") ? LOG_DEBUG
                                                     : LOG_INFO;
        dash_log_hook(d, lv, lines[i]);
    }
    dash_console_answer(d, "09:41:30", "stats", true,
                        "sessions 19, logged in 17, guests 3, rooms 9\n"
                        "messages in 48211, out 190233, chat 5120, rate limited 2, bad 0");
}

static dash *dash_new(const ui_theme *theme, int users)
{
    dash *d = malloc(sizeof *d);
    dash_init(d, theme, "LAN party");
    fill(d, users);
    return d;
}

static ui_context *ctx_fixed(float scale)
{
    ui_context *ctx = malloc(sizeof *ctx);
    ui_text_measurer m = ui_fixed_measurer();
    ui_theme t = ui_theme_dark();
    ui_init(ctx, &m, &t);
    ui_set_scale(ctx, scale);
    return ctx;
}

static dash_request frame(ui_context *ctx, dash *d, int w, int h)
{
    now_ms += 16;
    ui_begin(ctx, w, h, now_ms);
    dash_request rq = dash_frame(d, ctx);
    ui_end(ctx);
    return rq;
}

/* The rectangle of the last text command (in drawing order: the topmost) that reads
 * exactly `text`. */
static bool find_text(const ui_context *ctx, const char *text, ui_rect *out)
{
    int it = 0;
    const ui_command *c;
    bool found = false;
    while (ui_command_next(ctx, &it, &c)) {
        if (c->type == UI_CMD_TEXT && strcmp(ui_command_text(ctx, c), text) == 0) {
            *out = c->rect;
            found = true;
        }
    }
    return found;
}

static dash_request merge(dash_request a, dash_request b)
{
    a.listen_port = b.listen_port ? b.listen_port : a.listen_port;
    a.stop |= b.stop;
    a.quit |= b.quit;
    a.command |= b.command;
    return a;
}

/* Presses and releases the mouse on a text; the requests of both frames. */
static dash_request click(ui_context *ctx, dash *d, int w, int h, const char *text)
{
    ui_rect r = {0, 0, 0, 0};
    bool found = find_text(ctx, text, &r);
    if (!found) fprintf(stderr, "  no text \"%s\" on screen\n", text);
    CHECK(found);
    ui_input_mouse_move(ctx, r.x + r.w / 2, r.y + r.h / 2);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    dash_request a = frame(ctx, d, w, h);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    return merge(a, frame(ctx, d, w, h));
}

static dash_request key(ui_context *ctx, dash *d, ui_key k, int mods)
{
    ui_input_key(ctx, k, mods, true);
    ui_input_key(ctx, k, mods, false);
    return frame(ctx, d, 1280, 720);
}

static dash_request type(ui_context *ctx, dash *d, const char *text)
{
    ui_input_text(ctx, text);
    return frame(ctx, d, 1280, 720);
}

/* ---- the model ----------------------------------------------------------------------- */

static void test_traffic_rates(void)
{
    dash *d = malloc(sizeof *d);
    dash_init(d, NULL, "x");
    dash_counters c = {100, 200, 10000, 20000};
    CHECK(!dash_traffic_sample(d, &c, 5000)); /* the first call only sets the base */
    CHECK_EQ(d->history_count, 0);
    c = (dash_counters){150, 300, 15000, 40000};
    CHECK(!dash_traffic_sample(d, &c, 5500)); /* under a second: nothing yet */
    CHECK(dash_traffic_sample(d, &c, 6000));
    CHECK_EQ(d->history_count, 1);
    dash_rate r = dash_traffic_at(d, 0);
    CHECK_EQ((int)r.datagrams_in, 50);
    CHECK_EQ((int)r.datagrams_out, 100);
    CHECK_EQ((int)r.bytes_in, 5000);
    CHECK_EQ((int)r.bytes_out, 20000);
    /* 2.5 s later: a rate over 2.5 s, two bars so the time axis stays true */
    c.bytes_in += 25000;
    CHECK(dash_traffic_sample(d, &c, 8500));
    CHECK_EQ(d->history_count, 3);
    CHECK_EQ((int)dash_traffic_at(d, 0).bytes_in, 10000);
    CHECK_EQ((int)dash_traffic_at(d, 1).bytes_in, 10000);
    CHECK_EQ((int)dash_traffic_at(d, 2).bytes_in, 5000);
    CHECK_EQ((int)dash_traffic_at(d, 3).bytes_in, 0); /* older than the history: zero */
    /* the ring keeps the newest DASH_HISTORY seconds */
    for (int i = 1; i <= DASH_HISTORY + 5; i++) {
        c.bytes_in += (uint64_t)i;
        dash_traffic_sample(d, &c, 8500 + 1000LL * i);
    }
    CHECK_EQ(d->history_count, DASH_HISTORY);
    CHECK_EQ((int)dash_traffic_at(d, 0).bytes_in, DASH_HISTORY + 5);
    CHECK_EQ((int)dash_traffic_at(d, DASH_HISTORY - 1).bytes_in, 6);
    /* a long stall fills at most the whole history */
    c.bytes_in += 1000000;
    CHECK(dash_traffic_sample(d, &c, 8500 + 1000LL * (DASH_HISTORY + 5) + 500000));
    CHECK_EQ(d->history_count, DASH_HISTORY);
    free(d);
}

static void test_log_lines_and_console(void)
{
    dash *d = malloc(sizeof *d);
    ui_theme t = ui_theme_dark();
    dash_init(d, &t, "x");
    dash_log_hook(d, LOG_WARN, "2026-11-22 09:21:07 warn  session 3: rate limited");
    dash_log_hook(d, LOG_INFO, "not in the usual format");
    CHECK_EQ(ui_chat_log_count(&d->log), 2);
    const ui_chat_entry *e = &d->log.entries[d->log.first];
    const char *p = d->log.text + e->off;
    CHECK(e->time_len == 8 && memcmp(p, "09:21:07", 8) == 0);
    CHECK(e->author_len == 4 && memcmp(p + 8, "warn", 4) == 0);
    CHECK(e->text_len == strlen("session 3: rate limited"));
    CHECK(memcmp(p + 12, "session 3: rate limited", e->text_len) == 0);
    CHECK(memcmp(&e->author_color, &t.warning, sizeof t.warning) == 0);
    e = &d->log.entries[(d->log.first + 1) % UI_CHAT_CAPACITY];
    CHECK_EQ(e->time_len, 0);
    CHECK_EQ(e->text_len, strlen("not in the usual format"));

    /* a command, then its answer line by line; a refusal starts with "error: " */
    dash_console_answer(d, "10:00:00", "kick zed", false, "NO_SUCH_USER: no such user");
    CHECK_EQ(ui_chat_log_count(&d->log), 4);
    e = &d->log.entries[(d->log.first + 3) % UI_CHAT_CAPACITY];
    p = d->log.text + e->off;
    CHECK(e->author_len == 0);
    CHECK(memcmp(p + e->time_len, "error: NO_SUCH_USER", 19) == 0);
    dash_console_answer(d, "10:00:01", "help", true, "a\nb\nc");
    CHECK_EQ(ui_chat_log_count(&d->log), 8);
    dash_console_answer(d, "10:00:02", "broadcast", true, "");
    CHECK_EQ(ui_chat_log_count(&d->log), 10); /* an empty answer is one empty line */
    free(d);
}

static void test_formats(void)
{
    char s[32];
    dash_format_bytes(0, s, sizeof s);
    CHECK_STR(s, "0 B");
    dash_format_bytes(999, s, sizeof s);
    CHECK_STR(s, "999 B");
    dash_format_bytes(1500, s, sizeof s);
    CHECK_STR(s, "1.5 KB");
    dash_format_bytes(123456789, s, sizeof s);
    CHECK_STR(s, "123 MB");
    dash_format_bytes(4.2e12, s, sizeof s);
    CHECK_STR(s, "4.2 TB");
    dash_format_duration(35000, s, sizeof s);
    CHECK_STR(s, "35 s");
    dash_format_duration(4 * 60000 + 59000, s, sizeof s);
    CHECK_STR(s, "4 min");
    dash_format_duration(2 * 3600000 + 5 * 60000, s, sizeof s);
    CHECK_STR(s, "2 h 05 min");
    dash_format_duration(3 * 86400000LL + 7 * 3600000, s, sizeof s);
    CHECK_STR(s, "3 d 7 h");
}

/* ---- the screen, driven ------------------------------------------------------------- */

static void test_stop_start_and_port(void)
{
    ui_context *ctx = ctx_fixed(1.0f);
    dash *d = dash_new(NULL, 0);
    d->snap.connections = 0;
    frame(ctx, d, 1280, 720);
    /* nobody connected: Stop acts at once */
    dash_request rq = click(ctx, d, 1280, 720, "Stop");
    CHECK(rq.stop);
    CHECK(!d->confirm_open);

    /* stopped: Start listens on the port in the field */
    d->snap.listening = false;
    frame(ctx, d, 1280, 720);
    rq = click(ctx, d, 1280, 720, "Start");
    CHECK_EQ(rq.listen_port, 7777);
    /* the port failed: the header says so and a toast explains */
    dash_listen_result(d, false, "Cannot listen on UDP port 7777: address in use");
    frame(ctx, d, 1280, 720);
    ui_rect r;
    CHECK(find_text(ctx, "Port 7777 failed", &r));
    CHECK(find_text(ctx, "Cannot listen on UDP port 7777: address in use", &r));

    /* another port typed into the field, then Enter: start there */
    click(ctx, d, 1280, 720, "7777");
    key(ctx, d, UI_KEY_A, UI_MOD_CTRL);
    type(ctx, d, "8123");
    CHECK(d->port_edited);
    rq = key(ctx, d, UI_KEY_ENTER, 0);
    CHECK_EQ(rq.listen_port, 8123);
    dash_listen_result(d, true, NULL);
    CHECK(!d->port_edited);
    CHECK_EQ(d->listen_error[0], 0);

    /* not a port: a toast, no request */
    d->snap.listening = true;
    d->snap.port = 8123;
    frame(ctx, d, 1280, 720);
    click(ctx, d, 1280, 720, "8123");
    key(ctx, d, UI_KEY_A, UI_MOD_CTRL);
    type(ctx, d, "99999");
    rq = key(ctx, d, UI_KEY_ENTER, 0);
    CHECK_EQ(rq.listen_port, 0);
    frame(ctx, d, 1280, 720);
    CHECK(find_text(ctx, "The port must be a number from 1 to 65535", &r));
    free(d);
    free(ctx);
}

static void test_questions_before_drastic_steps(void)
{
    ui_context *ctx = ctx_fixed(1.0f);
    dash *d = dash_new(NULL, 12);
    frame(ctx, d, 1280, 720);
    /* people are connected: Stop asks first, Cancel keeps listening */
    dash_request rq = click(ctx, d, 1280, 720, "Stop");
    CHECK(!rq.stop);
    CHECK(d->confirm_open);
    CHECK_EQ(d->confirm, DASH_CONFIRM_STOP);
    frame(ctx, d, 1280, 720);
    ui_rect r;
    CHECK(find_text(ctx, "Stop the listener?", &r));
    rq = click(ctx, d, 1280, 720, "Cancel");
    CHECK(!rq.stop);
    CHECK(!d->confirm_open);
    /* again, and confirm */
    frame(ctx, d, 1280, 720);
    click(ctx, d, 1280, 720, "Stop");
    frame(ctx, d, 1280, 720);
    ui_check_report rep;
    CHECK_EQ(ui_check_frame(ctx, &rep), 0);
    /* the dialog's button is the topmost "Stop" */
    rq = click(ctx, d, 1280, 720, "Stop");
    CHECK(rq.stop);
    CHECK(!d->confirm_open);

    /* a port change with people connected asks too (a frame first: the frame after a dialog
     * closes gives the focus back to where it was) */
    frame(ctx, d, 1280, 720);
    click(ctx, d, 1280, 720, "7777");
    key(ctx, d, UI_KEY_A, UI_MOD_CTRL);
    type(ctx, d, "9000");
    rq = key(ctx, d, UI_KEY_ENTER, 0);
    CHECK_EQ(rq.listen_port, 0);
    CHECK(d->confirm_open);
    CHECK_EQ(d->confirm, DASH_CONFIRM_RESTART);
    frame(ctx, d, 1280, 720);
    rq = click(ctx, d, 1280, 720, "Move");
    CHECK_EQ(rq.listen_port, 9000);

    /* closing the window: asks while people are connected, not when nobody is */
    CHECK(!dash_close_requested(d));
    CHECK_EQ(d->confirm, DASH_CONFIRM_QUIT);
    frame(ctx, d, 1280, 720);
    rq = click(ctx, d, 1280, 720, "Shut down");
    CHECK(rq.quit);
    d->snap.users_connected = 0;
    d->snap.connections = 0;
    CHECK(dash_close_requested(d));
    free(d);
    free(ctx);
}

static void test_console_line(void)
{
    ui_context *ctx = ctx_fixed(1.0f);
    dash *d = dash_new(NULL, 3);
    frame(ctx, d, 1280, 720);
    click(ctx, d, 1280, 720, "A command (help lists them)");
    type(ctx, d, "  users");
    dash_request rq = key(ctx, d, UI_KEY_ENTER, 0);
    CHECK(rq.command);
    CHECK_STR(d->command_line, "users");
    CHECK_STR(d->command, "");
    /* Up brings it back from the history; the Run button runs it too */
    key(ctx, d, UI_KEY_UP, 0);
    CHECK_STR(d->command, "  users");
    rq = click(ctx, d, 1280, 720, "Run");
    CHECK(rq.command);
    /* a blank line runs nothing */
    rq = click(ctx, d, 1280, 720, "Run");
    CHECK(!rq.command);

    /* narrow: running a command shows the Log tab */
    frame(ctx, d, 800, 600);
    CHECK_EQ(d->tab, DASH_TAB_USERS);
    click(ctx, d, 800, 600, "A command (help lists them)");
    ui_input_text(ctx, "stats");
    frame(ctx, d, 800, 600);
    ui_input_key(ctx, UI_KEY_ENTER, 0, true);
    rq = frame(ctx, d, 800, 600);
    CHECK(rq.command);
    CHECK_EQ(d->tab, DASH_TAB_LOG);
    free(d);
    free(ctx);
}

static void test_unchanged_frame_same_hash(void)
{
    ui_context *ctx = ctx_fixed(1.0f);
    dash *d = dash_new(NULL, 12);
    frame(ctx, d, 1280, 720);
    frame(ctx, d, 1280, 720);
    uint32_t h = ui_frame_hash(ctx);
    now_ms += 5000; /* time alone changes nothing: an idle dashboard draws nothing */
    frame(ctx, d, 1280, 720);
    CHECK_EQ(ui_frame_hash(ctx), h);
    CHECK_EQ(ui_next_frame_in(ctx), -1);
    d->snap.users[0].rtt_ms += 10.0f; /* a ping moved: a new picture */
    frame(ctx, d, 1280, 720);
    CHECK(ui_frame_hash(ctx) != h);
    free(d);
    free(ctx);
}

/* ---- layout -------------------------------------------------------------------------- */

typedef struct size_case {
    int w, h;
    float scale;
    const char *name;
} size_case;

static const size_case sizes[] = {{1280, 720, 1.0f, "1280x720"},
                                  {800, 600, 1.0f, "800x600"},
                                  {2560, 1440, 2.0f, "2x-2560x1440"},
                                  {1600, 1200, 2.0f, "2x-1600x1200"},
                                  {1920, 1080, 1.5f, "1.5x-1920x1080"}};

/* Every tab (narrow) or the whole screen (wide), a few frames, then the checker. */
static int check_layout(ui_context *ctx, dash *d, const size_case *sc, int tab, bool dialog,
                        ui_check_report *rep)
{
    d->tab = (dash_tab)tab;
    d->confirm_open = dialog;
    d->confirm = DASH_CONFIRM_STOP;
    for (int i = 0; i < 3; i++) frame(ctx, d, sc->w, sc->h);
    return ui_check_frame(ctx, rep);
}

static void report(const char *what, const size_case *sc, int tab, int problems,
                   const ui_check_report *rep)
{
    if (problems || rep->ellipsized)
        fprintf(stderr, "  %s %s tab %d: %d problems, %d shortened\n%s", what, sc->name, tab,
                problems, rep->ellipsized, rep->text);
}

static void test_layout_every_size(void)
{
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int users = 0; users <= 40; users += 40) {
            for (int tab = 0; tab < 4; tab++) {
                for (int dialog = 0; dialog < 2; dialog++) {
                    ui_context *ctx = ctx_fixed(sizes[i].scale);
                    dash *d = dash_new(NULL, users);
                    ui_check_report rep;
                    int problems = check_layout(ctx, d, &sizes[i], tab, dialog != 0, &rep);
                    report("fixed measurer", &sizes[i], tab, problems, &rep);
                    CHECK_EQ(problems, 0);
                    CHECK_EQ(rep.ellipsized, 0);
                    CHECK(rep.texts > 10);
                    free(d);
                    free(ctx);
                }
            }
        }
    }
}

static void test_layout_long_names_and_limits(void)
{
    /* the longest names, more users than the dashboard lists: shortened, never broken */
    ui_context *ctx = ctx_fixed(1.0f);
    dash *d = dash_new(NULL, 30);
    for (uint32_t i = 0; i < d->snap.user_count; i++)
        snprintf(d->snap.users[i].name, sizeof d->snap.users[i].name, "%s",
                 "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW1");
    snprintf(d->snap.rooms[0].name, sizeof d->snap.rooms[0].name, "%s",
             "Announcements and very long room names go here!!");
    snprintf(d->server_name, sizeof d->server_name, "%s", "A server name of 32 bytes ......");
    d->snap.users_not_shown = 123;
    d->snap.rooms_not_shown = 7;
    d->snap.port = 65535;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int tab = 0; tab < 4; tab++) {
            ui_check_report rep;
            int problems = check_layout(ctx, d, &sizes[i], tab, false, &rep);
            if (problems) report("long names", &sizes[i], tab, problems, &rep);
            CHECK_EQ(problems, 0);
            CHECK(rep.ellipsized > 0);
        }
    }
    ui_rect r;
    frame(ctx, d, 1280, 720);
    CHECK(find_text(ctx, "123 more not shown (the dashboard lists 4096)", &r));
    free(d);
    free(ctx);
}

/* ---- real fonts, offscreen: checked screenshots --------------------------------------- */

typedef struct shot {
    size_case size;
    int tab;
    bool dialog, light;
    int users;
    const char *file;
} shot;

static const shot shots[] = {
    {{1280, 720, 1.0f, "1280x720"}, 0, false, false, 16, "dashboard-1280x720.png"},
    {{800, 600, 1.0f, "800x600"}, DASH_TAB_USERS, false, false, 16, "dashboard-800x600.png"},
    {{800, 600, 1.0f, "800x600"},
     DASH_TAB_TRAFFIC,
     false,
     false,
     16,
     "dashboard-800x600-traffic.png"},
    {{800, 600, 1.0f, "800x600"}, DASH_TAB_LOG, false, false, 16, "dashboard-800x600-log.png"},
    {{2560, 1440, 2.0f, "2x-2560x1440"}, 0, false, false, 16, "dashboard-2x-2560x1440.png"},
    {{1600, 1200, 2.0f, "2x-1600x1200"},
     DASH_TAB_ROOMS,
     false,
     false,
     16,
     "dashboard-2x-1600x1200.png"},
    {{1280, 720, 1.0f, "1280x720"}, 0, true, true, 16, "dashboard-1280x720-light-dialog.png"},
};

static void test_real_fonts_and_screenshots(void)
{
    mkdir("docs", 0755);
    mkdir(SHOTS, 0755);
    for (size_t i = 0; i < sizeof shots / sizeof shots[0]; i++) {
        const shot *s = &shots[i];
        SDL_Surface *surface =
            SDL_CreateRGBSurfaceWithFormat(0, s->size.w, s->size.h, 32, SDL_PIXELFORMAT_ARGB8888);
        SDL_Renderer *ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
        CHECK(ren != NULL);
        if (!ren) return;
        ui_sdl_desc desc;
        memset(&desc, 0, sizeof desc);
        desc.renderer = ren;
        ui_sdl *r = NULL;
        char why[1024];
        if (ui_sdl_create(&desc, &r, why, sizeof why) != UI_SDL_OK) {
            fprintf(stderr, "  ui_sdl_create: %s\n", why);
            CHECK(r != NULL);
            SDL_DestroyRenderer(ren);
            SDL_FreeSurface(surface);
            return;
        }
        ui_context *ctx = malloc(sizeof *ctx);
        ui_text_measurer m = ui_sdl_measurer(r);
        ui_theme theme = s->light ? ui_theme_light() : ui_theme_dark();
        ui_init(ctx, &m, &theme);
        ui_set_scale(ctx, s->size.scale);
        dash *d = dash_new(&theme, s->users);
        d->user_selected = 1;
        ui_check_report rep;
        int problems = check_layout(ctx, d, &s->size, s->tab, s->dialog, &rep);
        report(s->file, &s->size, s->tab, problems, &rep);
        CHECK_EQ(problems, 0);
        CHECK_EQ(rep.ellipsized, 0);
        SDL_SetRenderDrawColor(ren, 0, 0, 0, 255);
        SDL_RenderClear(ren);
        ui_sdl_render(r, ctx);
        CHECK_EQ(ui_sdl_get_stats(r).failures, 0);
        char path[256], err[256];
        snprintf(path, sizeof path, "%s/%s", SHOTS, s->file);
        bool ok = ui_png_write(path, surface, err, sizeof err);
        if (!ok) fprintf(stderr, "  %s\n", err);
        CHECK(ok);
        /* every section at every other size and tab fits with real fonts too */
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0] && i == 0; k++) {
            for (int tab = 0; tab < 4; tab++) {
                ui_set_scale(ctx, sizes[k].scale);
                problems = check_layout(ctx, d, &sizes[k], tab, tab == 1, &rep);
                report("real fonts", &sizes[k], tab, problems, &rep);
                CHECK_EQ(problems, 0);
                CHECK_EQ(rep.ellipsized, 0);
            }
        }
        free(d);
        free(ctx);
        ui_sdl_destroy(r);
        SDL_DestroyRenderer(ren);
        SDL_FreeSurface(surface);
    }
}

/* ---- the snapshot from a real application ---------------------------------------------- */

static uint32_t next_req = 1;

static void app_send_ignore(void *user, uint32_t session, int channel, const uint8_t *data,
                            size_t len)
{
    (void)user, (void)session, (void)channel, (void)data, (void)len;
}

static void app_close_ignore(void *user, uint32_t session)
{
    (void)user, (void)session;
}

static void drive(app *a, uint32_t s, const msg *m)
{
    static uint8_t buf[MSG_MAX_SIZE];
    size_t len = 0;
    bool ok = msg_encode(m, buf, sizeof buf, &len);
    CHECK(ok);
    if (ok) app_on_message(a, s, msg_channel(m->type), buf, len, now_ms);
}

static void enter(app *a, uint32_t s, uint32_t ip, const char *name, bool account)
{
    net_addr addr = net_addr_make(ip, (uint16_t)(40000 + s));
    app_on_connect(a, s, &addr, now_ms);
    static msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_HELLO;
    m.hello.req = next_req++;
    m.hello.version = MSG_PROTOCOL_VERSION;
    snprintf(m.hello.client, sizeof m.hello.client, "test_dash");
    drive(a, s, &m);
    memset(&m, 0, sizeof m);
    if (account) {
        m.type = MSG_REGISTER;
        m.register_.req = next_req++;
        snprintf(m.register_.name, sizeof m.register_.name, "%s", name);
        snprintf(m.register_.password, sizeof m.register_.password, "password123");
    } else {
        m.type = MSG_GUEST;
        m.guest.req = next_req++;
        snprintf(m.guest.name, sizeof m.guest.name, "%s", name);
    }
    drive(a, s, &m);
}

static void test_collect_from_app(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    store_config sc = {.data_dir = dir,
                       .pwhash_ops = crypto_pwhash_OPSLIMIT_MIN,
                       .pwhash_mem = crypto_pwhash_MEMLIMIT_MIN};
    store *st = NULL;
    CHECK_EQ(store_open(&sc, now_ms, &st), STORE_OK);
    if (!st) return;
    app_config ac = {.st = st, .send = app_send_ignore, .close = app_close_ignore};
    app *a = app_create(&ac);
    CHECK(a != NULL);
    enter(a, 0x00010001, 0x0a000005, "Zoe", true); /* the first account: the owner */
    enter(a, 0x00020002, 0x0a000006, "bob", false);
    enter(a, 0x00030003, 0x0a000007, "anna", false);
    dash_snapshot *sn = malloc(sizeof *sn);
    dash_collect_app(sn, a, NULL);
    CHECK_EQ(sn->user_count, 3);
    CHECK_EQ(sn->users_connected, 3);
    CHECK_EQ(sn->users_not_shown, 0);
    CHECK_STR(sn->users[0].name, "anna"); /* by name, without regard to case */
    CHECK_STR(sn->users[1].name, "bob");
    CHECK_STR(sn->users[2].name, "Zoe");
    CHECK_STR(sn->users[2].role, "owner");
    CHECK_STR(sn->users[0].role, "guest");
    CHECK_STR(sn->users[0].status, "online");
    CHECK_STR(sn->users[0].addr, "10.0.0.7:40003"); /* 40000 + the handle, in 16 bits */
    CHECK_EQ(sn->users[0].sessions, 1);
    CHECK(sn->users[0].rtt_ms < 0.0f); /* no transport here: unknown */
    CHECK(sn->room_count >= 1);
    CHECK_STR(sn->rooms[0].name, "General");
    CHECK_EQ(sn->rooms[0].online, 3);

    /* a dropped guest stays listed, disconnected, after the connected ones */
    app_on_disconnect(a, 0x00020002, now_ms);
    dash_collect_app(sn, a, NULL);
    CHECK_EQ(sn->user_count, 3);
    CHECK_EQ(sn->users_connected, 2);
    CHECK_STR(sn->users[2].name, "bob");
    CHECK_EQ(sn->users[2].sessions, 0);
    CHECK_EQ(sn->rooms[0].online, 2);
    free(sn);
    app_destroy(a);
    store_close(st);
    test_rmtree(dir);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || sodium_init() < 0) {
        printf("SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    TEST_RUN(test_traffic_rates);
    TEST_RUN(test_log_lines_and_console);
    TEST_RUN(test_formats);
    TEST_RUN(test_stop_start_and_port);
    TEST_RUN(test_questions_before_drastic_steps);
    TEST_RUN(test_console_line);
    TEST_RUN(test_unchanged_frame_same_hash);
    TEST_RUN(test_layout_every_size);
    TEST_RUN(test_layout_long_names_and_limits);
    TEST_RUN(test_real_fonts_and_screenshots);
    TEST_RUN(test_collect_from_app);
    SDL_Quit();
    return test_summary();
}
