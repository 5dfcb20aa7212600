/* dash.c — the dashboard screen: a header with the listener's state and port, the users,
 * rooms, traffic and log sections, and a console line; a wide window shows every section at
 * once, a narrow one puts them behind tabs. Widgets only: the snapshot comes in, requests
 * go out. */
#include "dash.h"

#include <stdio.h>
#include <string.h>

#define DASH_BAR_H     52  /* header and console bar */
#define DASH_TITLE_H   22  /* a section's title line */
#define DASH_ROW_H     30  /* a row of the users and rooms lists */
#define DASH_SIDE_W    370 /* traffic and rooms column of the wide layout */
#define DASH_TRAFFIC_H 260 /* the traffic card in the wide layout */
#define DASH_CARD      (UI_OPT_BACKGROUND | UI_OPT_BORDER | UI_OPT_NO_SCROLL)

static const char *const dash_tab_names[] = {"Users", "Rooms", "Traffic", "Log"};

/* dot, name, role, status, ping, loss, a gap, address: fixed columns first, so the header
 * stays aligned with the rows whether or not the list shows a scroll bar */
static const ui_size dash_user_cols[] = {UI_PX(14), UI_PX(180), UI_PX(84), UI_PX(96),
                                         UI_PX(62), UI_PX(58),  UI_PX(6),  UI_FLEX(1)};
#define DASH_USER_COLS ((int)(sizeof dash_user_cols / sizeof dash_user_cols[0]))

static int dash_small(ui_context *ctx)
{
    return ui_font_size_small(ctx);
}

/* A section title: bold capitals on the left, a dim note on the right. */
static void dash_title(ui_context *ctx, const char *left, const char *right)
{
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_FLEX(1));
    ui_label_ex(ctx, left, UI_FONT_BOLD, dash_small(ctx), UI_OPT_DIM);
    ui_label_ex(ctx, right ? right : "", UI_FONT_REGULAR, dash_small(ctx),
                UI_OPT_DIM | UI_OPT_RIGHT);
    ui_layout_column_end(ctx);
}

static void dash_dot(ui_context *ctx, ui_color color, int size)
{
    ui_rect r = ui_layout_next(ctx);
    int s = ui_px(ctx, (float)size);
    ui_draw_icon(ctx, UI_ICON_DOT, (ui_rect){r.x + (r.w - s) / 2, r.y + (r.h - s) / 2, s, s},
                 color);
}

static bool dash_parse_port(const char *text, uint16_t *out)
{
    unsigned v = 0;
    if (!*text) return false;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + (unsigned)(*p - '0');
        if (v > 65535) return false;
    }
    if (v == 0) return false;
    *out = (uint16_t)v;
    return true;
}

/* Stop and port changes with people connected are asked about first. */
static void dash_ask(dash *d, dash_confirm what, uint16_t port, dash_request *rq)
{
    if (d->snap.connections == 0 && d->snap.users_connected == 0) {
        if (what == DASH_CONFIRM_STOP) rq->stop = true;
        if (what == DASH_CONFIRM_RESTART) rq->listen_port = port;
        if (what == DASH_CONFIRM_QUIT) rq->quit = true;
        return;
    }
    d->confirm = what;
    d->confirm_port = port;
    d->confirm_open = true;
}

/* ---- header: name, listener state, port, start/stop ----------------------------------- */

static void dash_status(dash *d, ui_context *ctx)
{
    const ui_theme *t = &ctx->theme;
    char text[96];
    ui_color c;
    if (d->snap.listening) {
        snprintf(text, sizeof text, "Listening on UDP %u", d->snap.port);
        c = t->success;
    } else if (d->listen_error[0]) {
        snprintf(text, sizeof text, "Port %u failed", d->snap.port);
        c = t->danger;
    } else {
        snprintf(text, sizeof text, "Stopped");
        c = t->text_disabled;
    }
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(16), UI_FLEX(1)}, UI_FLEX(1));
    dash_dot(ctx, c, 10);
    ui_label(ctx, text);
    ui_layout_column_end(ctx);
    if (d->listen_error[0] && !d->snap.listening) ui_tooltip(ctx, d->listen_error);
}

static void dash_header(dash *d, ui_context *ctx, dash_request *rq)
{
    const dash_snapshot *sn = &d->snap;
    ui_panel_begin(ctx, "header", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_row(
        ctx, 7,
        (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(206), UI_PX(34), UI_PX(70), UI_PX(70), UI_PX(80)},
        UI_FLEX(1));
    ui_rect icon = ui_layout_next(ctx);
    int s = ui_px(ctx, 20);
    ui_draw_icon(ctx, UI_ICON_MESSAGE, (ui_rect){icon.x, icon.y + (icon.h - s) / 2, s, s},
                 ctx->theme.accent);
    ui_heading(ctx, d->server_name);
    dash_status(d, ctx);

    ui_label_ex(ctx, "Port", UI_FONT_REGULAR, 0, UI_OPT_DIM | UI_OPT_RIGHT);
    if (!d->port_edited) snprintf(d->port_text, sizeof d->port_text, "%u", sn->port);
    int res = ui_textfield_ex(ctx, "port", d->port_text, (int)sizeof d->port_text, "7777", NULL, 0);
    ui_tooltip(ctx, "The UDP port to listen on: Enter or Apply moves the server there");
    if (res & UI_RES_CHANGE) d->port_edited = true;
    if (res & UI_RES_CANCEL) d->port_edited = false;
    uint16_t port = 0;
    bool valid = dash_parse_port(d->port_text, &port);
    bool moved = d->port_edited && valid && port != sn->port;
    bool apply = (res & UI_RES_SUBMIT) != 0;
    if (ui_button_ex(ctx, "Apply", UI_ICON_NONE, sn->listening && moved ? 0 : UI_OPT_DISABLED))
        apply = true;
    bool start = false;
    if (sn->listening) {
        if (ui_button_ex(ctx, "Stop", UI_ICON_NONE, UI_OPT_DANGER))
            dash_ask(d, DASH_CONFIRM_STOP, 0, rq);
        d->listen_error[0] = '\0'; /* an old failure says nothing about a later stop */
        ui_tooltip(ctx, "Close the port: everyone is told and disconnected");
    } else {
        start = ui_button_ex(ctx, "Start", UI_ICON_NONE, UI_OPT_PRIMARY);
        ui_tooltip(ctx, "Open the port and let people in again");
    }
    ui_panel_end(ctx);

    if ((apply || start) && !valid) {
        snprintf(d->toast, sizeof d->toast, "The port must be a number from 1 to 65535");
        d->toast_kind = UI_TOAST_ERROR;
    } else if (start || (apply && !sn->listening)) {
        rq->listen_port = port;
    } else if (apply && moved) {
        dash_ask(d, DASH_CONFIRM_RESTART, port, rq);
    } else if (apply) {
        d->port_edited = false;
    }
}

/* ---- users --------------------------------------------------------------------------- */

static ui_color dash_status_color(const ui_context *ctx, const dash_user *u)
{
    const ui_theme *t = &ctx->theme;
    if (!u->sessions) return t->text_disabled;
    if (!strcmp(u->status, "online")) return t->success;
    if (!strcmp(u->status, "away")) return t->warning;
    if (!strcmp(u->status, "busy")) return t->danger;
    return t->text_dim;
}

static void dash_user_row(ui_context *ctx, const dash_user *u)
{
    int opt = u->sessions ? 0 : UI_OPT_DIM;
    char ping[16] = "\xe2\x80\x94", loss[16] = "\xe2\x80\x94", addr[NET_ADDR_STR_MAX + 16];
    if (u->sessions && u->rtt_ms >= 0.0f) snprintf(ping, sizeof ping, "%.0f ms", (double)u->rtt_ms);
    if (u->sessions && u->loss >= 0.0f)
        snprintf(loss, sizeof loss, "%.1f %%", (double)u->loss * 100.0);
    if (!u->sessions)
        snprintf(addr, sizeof addr, "\xe2\x80\x94");
    else if (u->sessions > 1)
        snprintf(addr, sizeof addr, "%s  +%u", u->addr, u->sessions - 1);
    else
        snprintf(addr, sizeof addr, "%s", u->addr);
    dash_dot(ctx, dash_status_color(ctx, u), 9);
    ui_label_ex(ctx, u->name, UI_FONT_REGULAR, 0, opt);
    ui_label_ex(ctx, u->role, UI_FONT_REGULAR, 0, UI_OPT_DIM);
    ui_label_ex(ctx, u->sessions ? u->status : "disconnected", UI_FONT_REGULAR, 0, opt);
    ui_label_ex(ctx, ping, UI_FONT_REGULAR, 0, opt | UI_OPT_RIGHT);
    ui_label_ex(ctx, loss, UI_FONT_REGULAR, 0, opt | UI_OPT_RIGHT);
    ui_layout_skip(ctx);
    ui_label_ex(ctx, addr, u->sessions ? UI_FONT_MONO : UI_FONT_REGULAR,
                u->sessions ? dash_small(ctx) : 0, opt);
}

static void dash_users(dash *d, ui_context *ctx)
{
    const dash_snapshot *sn = &d->snap;
    ui_panel_begin(ctx, "users card", DASH_CARD);
    bool more = sn->users_not_shown > 0;
    ui_layout_rows(ctx, more ? 4 : 3,
                   (ui_size[]){UI_PX(DASH_TITLE_H), UI_PX(20), UI_FLEX(1), UI_PX(20)});
    char left[64], right[96];
    snprintf(left, sizeof left, "ONLINE USERS \xe2\x80\x94 %u", sn->users_connected);
    uint32_t resumable = sn->user_count + sn->users_not_shown - sn->users_connected;
    if (resumable)
        snprintf(right, sizeof right, "%u may resume \xc2\xb7 %u connections", resumable,
                 sn->connections);
    else
        snprintf(right, sizeof right, "%u connection%s", sn->connections,
                 sn->connections == 1 ? "" : "s");
    dash_title(ctx, left, right);

    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, DASH_USER_COLS, dash_user_cols, UI_FLEX(1));
    static const char *const heads[] = {"",     "Name", "Role", "Status",
                                        "Ping", "Loss", "",     "Address"};
    for (int i = 0; i < DASH_USER_COLS; i++) {
        if (!heads[i][0]) {
            ui_layout_skip(ctx);
            continue;
        }
        int opt = UI_OPT_DIM | (i == 4 || i == 5 ? UI_OPT_RIGHT : 0);
        ui_label_ex(ctx, heads[i], UI_FONT_BOLD, dash_small(ctx), opt);
    }
    ui_layout_column_end(ctx);

    if (sn->user_count == 0) {
        ui_label_ex(
            ctx, sn->listening ? "Nobody is logged in." : "The listener is stopped: press Start.",
            UI_FONT_REGULAR, 0, UI_OPT_DIM | UI_OPT_CENTER);
    } else {
        ui_list l;
        ui_list_begin(ctx, "users", (int)sn->user_count, DASH_ROW_H, &d->user_selected, &l);
        for (int i = l.first; i < l.last; i++) {
            ui_list_row(ctx, &l, i, DASH_USER_COLS, dash_user_cols);
            dash_user_row(ctx, &sn->users[i]);
        }
        ui_list_end(ctx, &l);
    }
    if (more) {
        char note[96];
        snprintf(note, sizeof note, "%u more not shown (the dashboard lists %d)",
                 sn->users_not_shown, DASH_USERS_MAX);
        ui_label_ex(ctx, note, UI_FONT_REGULAR, dash_small(ctx), UI_OPT_DIM);
    }
    ui_panel_end(ctx);
}

/* ---- rooms --------------------------------------------------------------------------- */

static void dash_rooms(dash *d, ui_context *ctx)
{
    const dash_snapshot *sn = &d->snap;
    ui_panel_begin(ctx, "rooms card", DASH_CARD);
    bool more = sn->rooms_not_shown > 0;
    ui_layout_rows(ctx, more ? 3 : 2, (ui_size[]){UI_PX(DASH_TITLE_H), UI_FLEX(1), UI_PX(20)});
    char left[64];
    snprintf(left, sizeof left, "ROOMS \xe2\x80\x94 %u", sn->room_count + sn->rooms_not_shown);
    dash_title(ctx, left, "online / members");
    ui_list l;
    ui_list_begin(ctx, "rooms", (int)sn->room_count, DASH_ROW_H, &d->room_selected, &l);
    for (int i = l.first; i < l.last; i++) {
        const dash_room *r = &sn->rooms[i];
        ui_list_row(ctx, &l, i, 3, (ui_size[]){UI_PX(18), UI_FLEX(1), UI_PX(84)});
        ui_rect ir = ui_layout_next(ctx);
        int s = ui_px(ctx, 14);
        ui_draw_icon(ctx, r->is_private ? UI_ICON_LOCK : UI_ICON_HASH,
                     (ui_rect){ir.x + (ir.w - s) / 2, ir.y + (ir.h - s) / 2, s, s},
                     ctx->theme.text_dim);
        ui_label(ctx, r->name);
        char count[32];
        snprintf(count, sizeof count, "%u / %u", r->online, r->total);
        ui_label_ex(ctx, count, UI_FONT_REGULAR, 0, (r->online ? 0 : UI_OPT_DIM) | UI_OPT_RIGHT);
    }
    ui_list_end(ctx, &l);
    if (more) {
        char note[96];
        snprintf(note, sizeof note, "%u more not shown (the dashboard lists %d)",
                 sn->rooms_not_shown, DASH_ROOMS_MAX);
        ui_label_ex(ctx, note, UI_FONT_REGULAR, dash_small(ctx), UI_OPT_DIM);
    }
    ui_panel_end(ctx);
}

/* ---- traffic ------------------------------------------------------------------------- */

/* 1, 2 or 5 times a power of ten, at least v: the graph's top line. */
static double dash_nice_ceiling(double v)
{
    double p = 1.0;
    while (p * 10.0 <= v) p *= 10.0;
    if (v <= p) return p;
    if (v <= 2.0 * p) return 2.0 * p;
    if (v <= 5.0 * p) return 5.0 * p;
    return 10.0 * p;
}

static void dash_traffic_line(ui_context *ctx, const char *what, ui_color chip, float datagrams,
                              float bytes)
{
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 4, (ui_size[]){UI_PX(12), UI_PX(34), UI_FLEX(1), UI_PX(96)}, UI_FLEX(1));
    ui_rect r = ui_layout_next(ctx);
    int s = ui_px(ctx, 10);
    ui_draw_rect(ctx, (ui_rect){r.x, r.y + (r.h - s) / 2, s, s}, chip, ui_px(ctx, 2));
    ui_label_ex(ctx, what, UI_FONT_BOLD, 0, 0);
    char text[48], size[24], rate[32];
    snprintf(text, sizeof text, "%.0f datagrams/s", (double)datagrams);
    ui_label(ctx, text);
    dash_format_bytes(bytes, size, sizeof size);
    snprintf(rate, sizeof rate, "%s/s", size);
    ui_label_ex(ctx, rate, UI_FONT_REGULAR, 0, UI_OPT_RIGHT);
    ui_layout_column_end(ctx);
}

/* The last DASH_HISTORY seconds as bars, bytes in and out side by side, newest on the right. */
static void dash_graph(const dash *d, ui_context *ctx)
{
    const ui_theme *t = &ctx->theme;
    ui_rect r = ui_layout_next(ctx);
    int radius = ui_px(ctx, 4);
    ui_draw_rect(ctx, r, t->field, radius);
    ui_draw_border(ctx, r, t->border, ui_px(ctx, 1) > 1 ? ui_px(ctx, 1) : 1, radius);
    double peak = 0.0;
    for (int i = 0; i < d->history_count; i++) {
        dash_rate v = dash_traffic_at(d, i);
        if (v.bytes_in > peak) peak = v.bytes_in;
        if (v.bytes_out > peak) peak = v.bytes_out;
    }
    int pad = ui_px(ctx, 6), fs = dash_small(ctx);
    int th = ui_text_height(ctx, UI_FONT_REGULAR, fs);
    char label[64], top[24];
    if (peak <= 0.0) {
        snprintf(label, sizeof label, "No traffic in the last minute");
    } else {
        dash_format_bytes(dash_nice_ceiling(peak), top, sizeof top);
        snprintf(label, sizeof label, "Last minute, up to %s/s", top);
    }
    int lw = ui_text_width(ctx, UI_FONT_REGULAR, fs, label, -1);
    if (lw <= r.w - 2 * pad && th + 2 * pad <= r.h)
        ui_draw_text(ctx, UI_FONT_REGULAR, fs, r.x + pad, r.y + pad, label, -1, t->text_dim);
    ui_rect plot = {r.x + pad, r.y + 2 * pad + th, r.w - 2 * pad, r.h - 3 * pad - th};
    if (plot.w < DASH_HISTORY || plot.h < 4 || peak <= 0.0) return;
    double scale = (double)plot.h / dash_nice_ceiling(peak);
    int slot = plot.w / DASH_HISTORY;
    int in_w = slot / 2 > 1 ? slot / 2 : 1;
    int out_w = slot - in_w - (slot >= 4 ? 1 : 0);
    if (out_w < 1) out_w = 1;
    int x0 = plot.x + plot.w - slot * DASH_HISTORY;
    ui_draw_rect(ctx, (ui_rect){plot.x, plot.y + plot.h / 2, plot.w, 1}, t->border, 0);
    for (int age = 0; age < d->history_count; age++) {
        dash_rate v = dash_traffic_at(d, age);
        int x = x0 + (DASH_HISTORY - 1 - age) * slot;
        int hi = (int)((double)v.bytes_in * scale + 0.5),
            ho = (int)((double)v.bytes_out * scale + 0.5);
        if (hi > plot.h) hi = plot.h;
        if (ho > plot.h) ho = plot.h;
        if (hi > 0) ui_draw_rect(ctx, (ui_rect){x, plot.y + plot.h - hi, in_w, hi}, t->accent, 0);
        if (ho > 0)
            ui_draw_rect(ctx, (ui_rect){x + in_w, plot.y + plot.h - ho, out_w, ho}, t->success, 0);
    }
}

static void dash_traffic(dash *d, ui_context *ctx)
{
    const dash_snapshot *sn = &d->snap;
    const ui_theme *t = &ctx->theme;
    ui_panel_begin(ctx, "traffic card", DASH_CARD);
    ui_layout_rows(ctx, 5,
                   (ui_size[]){UI_PX(DASH_TITLE_H), UI_PX(26), UI_PX(26), UI_FLEX(1), UI_PX(20)});
    char duration[32], up[48], total_in[24], total_out[24], totals[96];
    dash_format_duration(sn->uptime_ms, duration, sizeof duration);
    snprintf(up, sizeof up, "up %s", duration);
    dash_title(ctx, "TRAFFIC", up);
    dash_rate now = dash_traffic_at(d, 0);
    dash_traffic_line(ctx, "In", t->accent, now.datagrams_in, now.bytes_in);
    dash_traffic_line(ctx, "Out", t->success, now.datagrams_out, now.bytes_out);
    dash_graph(d, ctx);
    dash_format_bytes((double)sn->totals.bytes_in, total_in, sizeof total_in);
    dash_format_bytes((double)sn->totals.bytes_out, total_out, sizeof total_out);
    snprintf(totals, sizeof totals, "Since start: %s in, %s out", total_in, total_out);
    ui_label_ex(ctx, totals, UI_FONT_REGULAR, dash_small(ctx), UI_OPT_DIM);
    ui_panel_end(ctx);
}

/* ---- log ----------------------------------------------------------------------------- */

static void dash_log_view(dash *d, ui_context *ctx)
{
    ui_panel_begin(ctx, "log card", DASH_CARD);
    ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(DASH_TITLE_H), UI_FLEX(1)});
    char right[64];
    snprintf(right, sizeof right, "last %d lines", ui_chat_log_count(&d->log));
    dash_title(ctx, "LOG", right);
    ui_chat_view_plain(ctx, "log", &d->log);
    ui_panel_end(ctx);
}

/* ---- console ------------------------------------------------------------------------- */

static void dash_console(dash *d, ui_context *ctx, bool wide, dash_request *rq)
{
    ui_panel_begin(ctx, "console", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_row(ctx, 3, (ui_size[]){UI_PX(64), UI_FLEX(1), UI_PX(80)}, UI_FLEX(1));
    ui_label_ex(ctx, "Console", UI_FONT_BOLD, 0, UI_OPT_DIM);
    int res = ui_textfield_ex(ctx, "command", d->command, (int)sizeof d->command,
                              "A command (help lists them)", &d->command_history, 0);
    bool run = (res & UI_RES_SUBMIT) != 0;
    if (ui_button_ex(ctx, "Run", UI_ICON_NONE, UI_OPT_PRIMARY)) {
        run = true;
        ui_history_push(&d->command_history, d->command);
    }
    ui_panel_end(ctx);
    const char *c = d->command;
    while (*c == ' ' || *c == '\t') c++;
    if (run && *c) {
        snprintf(d->command_line, sizeof d->command_line, "%s", c);
        rq->command = true;
        d->command[0] = '\0';
        if (!wide) d->tab = DASH_TAB_LOG;
        ui_chat_view_scroll_to_bottom(ctx, "log");
    }
}

/* ---- the question before something drastic -------------------------------------------- */

static void dash_confirm_modal(dash *d, ui_context *ctx, dash_request *rq)
{
    if (!d->confirm_open) return;
    /* "##confirm": the header's Stop button must not share the dialog's id */
    const char *title = "Shut the server down?", *act = "Shut down##confirm";
    char body[256];
    uint32_t n = d->snap.users_connected;
    if (d->confirm == DASH_CONFIRM_STOP) {
        title = "Stop the listener?";
        act = "Stop##confirm";
        snprintf(body, sizeof body,
                 "%u user%s connected. They are told the server stopped and are disconnected; "
                 "Start lets them in again.",
                 n, n == 1 ? " is" : "s are");
    } else if (d->confirm == DASH_CONFIRM_RESTART) {
        title = "Move to another port?";
        act = "Move##confirm";
        snprintf(body, sizeof body,
                 "%u user%s connected. They are disconnected and must connect to port %u.", n,
                 n == 1 ? " is" : "s are", d->confirm_port);
    } else {
        snprintf(body, sizeof body,
                 "%u user%s connected. They are told the server is shutting down.", n,
                 n == 1 ? " is" : "s are");
    }
    if (!ui_modal_begin(ctx, title, &d->confirm_open, 420, 170)) return;
    ui_layout_rows(ctx, 2, (ui_size[]){UI_FLEX(1), UI_AUTO}); /* the buttons at the bottom */
    ui_text(ctx, body);
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_FLEX(1));
    if (ui_button(ctx, "Cancel")) d->confirm_open = false;
    if (ui_button_ex(ctx, act, UI_ICON_NONE, UI_OPT_DANGER)) {
        d->confirm_open = false;
        rq->stop = d->confirm == DASH_CONFIRM_STOP;
        rq->quit = d->confirm == DASH_CONFIRM_QUIT;
        if (d->confirm == DASH_CONFIRM_RESTART) rq->listen_port = d->confirm_port;
    }
    ui_layout_column_end(ctx);
    ui_modal_end(ctx);
}

/* ---- the screen ---------------------------------------------------------------------- */

dash_request dash_frame(dash *d, ui_context *ctx)
{
    dash_request rq;
    memset(&rq, 0, sizeof rq);
    if (d->toast[0]) {
        ui_toast(ctx, d->toast, d->toast_kind, 5000);
        d->toast[0] = '\0';
    }
    bool wide = (float)ctx->width / ctx->scale >= (float)DASH_WIDE_MIN;
    ui_layout_set_spacing(ctx, 0);
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(DASH_BAR_H), UI_FLEX(1), UI_PX(DASH_BAR_H)});
    dash_header(d, ctx, &rq);
    ui_panel_begin(ctx, "body", UI_OPT_NO_SCROLL);
    if (wide) {
        ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(DASH_SIDE_W)}, UI_FLEX(1));
        ui_layout_column_begin(ctx);
        ui_layout_rows(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)});
        dash_users(d, ctx);
        dash_log_view(d, ctx);
        ui_layout_column_end(ctx);
        ui_layout_column_begin(ctx);
        ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(DASH_TRAFFIC_H), UI_FLEX(1)});
        dash_traffic(d, ctx);
        dash_rooms(d, ctx);
        ui_layout_column_end(ctx);
    } else {
        ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(34), UI_FLEX(1)});
        int tab = (int)d->tab;
        ui_tabs(ctx, "sections", dash_tab_names, 4, &tab);
        d->tab = (dash_tab)tab;
        switch (d->tab) {
        case DASH_TAB_USERS:
            dash_users(d, ctx);
            break;
        case DASH_TAB_ROOMS:
            dash_rooms(d, ctx);
            break;
        case DASH_TAB_TRAFFIC:
            dash_traffic(d, ctx);
            break;
        case DASH_TAB_LOG:
            dash_log_view(d, ctx);
            break;
        }
    }
    ui_panel_end(ctx);
    dash_console(d, ctx, wide, &rq);
    dash_confirm_modal(d, ctx, &rq);
    return rq;
}
