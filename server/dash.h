/* dash.h — the server dashboard (parley-server --gui): a screen built with the UI toolkit from
 * a snapshot of the running server, plus what it keeps over time (the traffic history and
 * the last log lines).
 *
 * The screen (dash.c) and the model (dash_model.c) know nothing of SDL or of the server loop:
 * the window (dash_window.h) fills the snapshot with dash_collect (dash_collect.c), feeds log
 * lines through dash_log_hook, builds a frame with dash_frame and carries out what the
 * operator asked for (dash_request). Tests fill the snapshot by hand and render offscreen.
 *
 *     dash_init(d, &theme, "My server");
 *     log_set_hook(dash_log_hook, d);
 *     ... once a second: dash_collect(d, srv, now_ms);
 *     ui_begin(ctx, w, h, now_ms);
 *     dash_request rq = dash_frame(d, ctx);
 *     ui_end(ctx);
 *     if (rq.stop) srv_listen_stop(srv, "...");  ... */
#ifndef PARLEY_DASH_H
#define PARLEY_DASH_H

#include "log.h"
#include "msg.h"
#include "net.h"
#include "ui.h"

#include <stdbool.h>
#include <stdint.h>

#define DASH_USERS_MAX     4096 /* users listed; more are counted in users_not_shown */
#define DASH_ROOMS_MAX     2048 /* rooms listed; more are counted in rooms_not_shown */
#define DASH_HISTORY       60   /* seconds of traffic in the graph */
#define DASH_COMMAND_BYTES 1024 /* a console command line */
#define DASH_ERROR_BYTES   256
#define DASH_WIDE_MIN      1000 /* logical width from which every section is shown at once */

typedef struct dash_user {
    char name[MSG_NAME_MAX + 1];
    const char *role;   /* "owner" ... "guest" (static text) */
    const char *status; /* what the user chose: "online", "away", ..., or "disconnected" */
    char addr[NET_ADDR_STR_MAX];
    uint32_t sessions; /* 0: dropped, may still resume */
    float rtt_ms;      /* of the first session; < 0 unknown */
    float loss;        /* 0..1; < 0 unknown */
} dash_user;

typedef struct dash_room {
    uint32_t id;
    char name[MSG_ROOM_NAME_MAX + 1];
    bool is_private;
    uint32_t online, total;
} dash_room;

/* Counters since the server started. */
typedef struct dash_counters {
    uint64_t datagrams_in, datagrams_out, bytes_in, bytes_out;
} dash_counters;

/* The same per second. */
typedef struct dash_rate {
    float datagrams_in, datagrams_out, bytes_in, bytes_out;
} dash_rate;

/* What the screen shows; dash_collect fills it from the running server. */
typedef struct dash_snapshot {
    dash_user users[DASH_USERS_MAX];
    uint32_t user_count, users_not_shown, users_connected;
    dash_room rooms[DASH_ROOMS_MAX];
    uint32_t room_count, rooms_not_shown;
    uint32_t connections, pending; /* transport connections, handshakes under way */
    bool listening;
    uint16_t port; /* bound, or the one Start will use */
    int64_t uptime_ms;
    dash_counters totals;
} dash_snapshot;

typedef enum dash_tab {
    DASH_TAB_USERS = 0,
    DASH_TAB_ROOMS,
    DASH_TAB_TRAFFIC,
    DASH_TAB_LOG
} dash_tab;

typedef enum dash_confirm {
    DASH_CONFIRM_NONE = 0,
    DASH_CONFIRM_STOP,    /* stop the listener */
    DASH_CONFIRM_RESTART, /* move to another port */
    DASH_CONFIRM_QUIT     /* shut the server down */
} dash_confirm;

/* What the operator asked for in one frame. */
typedef struct dash_request {
    uint16_t listen_port; /* non-zero: listen on this port (start, or move there) */
    bool stop, quit;
    bool command; /* dash.command_line holds a console command to run */
} dash_request;

typedef struct dash {
    char server_name[64];
    dash_snapshot snap;
    int64_t started_ms; /* the first dash_collect, for the uptime */
    /* traffic: per-second rates, a ring, newest at history_head - 1 */
    dash_rate history[DASH_HISTORY];
    int history_head, history_count;
    dash_counters sample_base;
    int64_t sample_ms;
    bool sampled;
    /* log lines and console answers */
    ui_chat_log log;
    ui_color level_colors[4], console_color;
    char listen_error[DASH_ERROR_BYTES];
    char toast[DASH_ERROR_BYTES]; /* shown by the next frame */
    ui_toast_kind toast_kind;
    /* the operator's side */
    dash_tab tab;
    int user_selected, room_selected;
    char port_text[6]; /* up to 5 digits */
    bool port_edited;
    char command[DASH_COMMAND_BYTES];
    char command_line[DASH_COMMAND_BYTES];
    ui_history command_history;
    dash_confirm confirm;
    bool confirm_open;
    uint16_t confirm_port;
} dash;

/* theme: colours for log levels (NULL = light). */
void dash_init(dash *d, const ui_theme *theme, const char *server_name);

/* ---- dash_model.c: what is kept over time --------------------------------------------- */

/* Counters now: once a second (or later) turns the difference into a rate in the history.
 * Returns true when a sample was added. */
bool dash_traffic_sample(dash *d, const dash_counters *totals, int64_t now_ms);
/* The rate `age` seconds ago (0 = newest); zeros where there is none. */
dash_rate dash_traffic_at(const dash *d, int age);
/* A log line as log.h formats it ("YYYY-MM-DD HH:MM:SS level message"); for log_set_hook
 * with user = the dash. */
void dash_log_hook(void *user, log_level level, const char *line);
/* A console command and its answer (several lines), shown in the log. time: "HH:MM:SS". */
void dash_console_answer(dash *d, const char *time, const char *line, bool ok, const char *answer);
/* What came of a dash_request's listen_port: ok clears the last error and the edited port;
 * else error says why (a toast; and in the header while the listener is stopped). */
void dash_listen_result(dash *d, bool ok, const char *error);
/* The window's close button: true when the server may shut down now; with users connected
 * it asks first (the frame shows the question) and returns false. */
bool dash_close_requested(dash *d);
/* "1.5 KB", "12.3 MB" (1 KB = 1000 bytes, as network rates are counted). */
void dash_format_bytes(double bytes, char *out, size_t cap);
/* "2 h 05 min", "4 min", "35 s" */
void dash_format_duration(int64_t ms, char *out, size_t cap);

/* ---- dash.c: the screen --------------------------------------------------------------- */

/* Builds the dashboard into the whole frame (between ui_begin and ui_end). */
dash_request dash_frame(dash *d, ui_context *ctx);

/* ---- dash_collect.c: from the running server ------------------------------------------ */

struct srv;
struct app;
struct host;

/* Fills d->snap from the server and samples its traffic. */
void dash_collect(dash *d, struct srv *s, int64_t now_ms);
/* The users and rooms part, from the application (and link figures from host, may be NULL). */
void dash_collect_app(dash_snapshot *snap, const struct app *a, struct host *h);

#endif
