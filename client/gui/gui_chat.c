/* gui_chat.c — the chat of a conversation on screen: the toolkit's chat view kept in step
 * with a gui_convo, the stage (the video grid's place), the overlay chat layer, and what a
 * message field does with a line. */
#include "gui_view.h"
#include "gui_str.h"

#include "cl_cmd.h"

#include <stdio.h>
#include <string.h>

/* ---- the chat view ----------------------------------------------------------------------- */

static int64_t gui_chat_day(const gui_state *st, uint64_t wall_ms)
{
    int64_t local = (int64_t)(wall_ms / 1000) + st->utc_offset_s;
    return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

static void gui_chat_add_line(ui_chat_log *log, const gui_state *st, uint64_t wall_ms,
                              const gui_convo *c, const gui_line *l)
{
    char time[32], text[MSG_TEXT_MAX + 64];
    const char *body = gui_convo_text(c, l);
    ui_chat_message m;
    memset(&m, 0, sizeof m);
    if (l->flags & GUI_LINE_PENDING)
        gui_str_fmt(time, sizeof time, "sending");
    else if (l->flags & GUI_LINE_FAILED)
        gui_str_fmt(time, sizeof time, "not sent");
    else
        gui_state_time(st, l->time_ms, wall_ms, time, sizeof time);
    m.time = time[0] ? time : NULL;
    if (l->flags & GUI_LINE_SYSTEM) {
        m.flags = UI_CHAT_SYSTEM;
    } else {
        m.author = l->sender;
        m.author_color = gui_name_color(l->sender);
    }
    if (l->flags & GUI_LINE_DELETED) {
        body = "(message deleted)";
        m.flags |= UI_CHAT_SYSTEM;
    } else if (l->flags & GUI_LINE_EDITED) {
        gui_str_fmt(text, sizeof text, "%s (edited)", body);
        body = text;
    }
    if (l->flags & GUI_LINE_MENTION) m.flags |= UI_CHAT_MENTION;
    if (l->flags & GUI_LINE_OWN) m.flags |= UI_CHAT_SELF;
    m.text = body;
    ui_chat_log_add(log, &m); /* lines are at most MSG_TEXT_MAX: they always fit */
}

static uint32_t gui_chat_first_seq(const ui_chat_log *log)
{
    return log->count ? log->entries[log->first].seq : log->next_seq;
}

void gui_chatview_sync(gui_chatview *cv, gui_view *v, gui_state *st, ui_context *ctx,
                       const char *label, gui_convo *c)
{
    ui_state *us = ui_get_state(ctx, ui_get_id_str(ctx, label));
    int64_t day = gui_chat_day(st, v->wall_ms);
    bool same = c == cv->convo;
    if (!same || (c && (c->reshaped != cv->reshaped || day != cv->day))) {
        uint32_t old_first = gui_chat_first_seq(&cv->log);
        /* log entry k lined up with line k at the last rebuild; since then the log dropped
         * some of its oldest, and the conversation gained or dropped some at the front */
        int64_t shift = same && c ? (int64_t)c->shift + (cv->log.dropped - cv->log_dropped) : 0;
        ui_chat_log_clear(&cv->log);
        uint32_t new_first = cv->log.next_seq;
        if (c)
            for (int i = 0; i < c->count; i++)
                gui_chat_add_line(&cv->log, st, v->wall_ms, c, &c->lines[i]);
        if (!same) {
            us->pending = 1; /* another conversation: start at its newest message */
        } else if (!us->stick && us->anchor_seq >= old_first) {
            /* the same conversation reshaped (older history, an edit): keep the reader's
             * message at the top of the view (the toolkit has no call for this yet) */
            int64_t a = (int64_t)us->anchor_seq - old_first + new_first + shift;
            us->anchor_seq = (uint32_t)(a < (int64_t)new_first ? new_first : a);
        }
        if (c) c->shift = 0;
        cv->log_dropped = cv->log.dropped;
        cv->convo = c;
        cv->appended = c ? c->appended : 0;
        cv->reshaped = c ? c->reshaped : 0;
        cv->day = day;
    } else if (c && c->appended != cv->appended) {
        uint32_t n = c->appended - cv->appended;
        int from = c->count - (int)n;
        if (from < 0) from = 0;
        for (int i = from; i < c->count; i++)
            gui_chat_add_line(&cv->log, st, v->wall_ms, c, &c->lines[i]);
        cv->appended = c->appended;
    }
    /* scrolled to the top (or everything fits): fetch the page before the oldest message */
    bool at_top = us->anchor_seq <= gui_chat_first_seq(&cv->log) && us->anchor_off <= 0;
    if (c && at_top && c->more_history && !c->history_pending && c->count > 0 &&
        st->link.state == GUI_LINK_ONLINE) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_HISTORY);
        if (a) {
            a->room_id = c->room_id;
            a->peer_id = c->room_id ? 0 : c->peer_id;
            a->before = c->oldest_id;
            c->history_pending = true;
        }
    }
}

/* ---- sending what was typed -------------------------------------------------------------- */

bool gui_view_submit(gui_view *v, gui_state *st, const char *line, uint32_t room_id,
                     const char *peer)
{
    static cl_cmd cmd; /* about 4.5 KB; the GUI runs on one thread */
    char err[256];
    if (!cl_cmd_parse(line, &cmd, err, sizeof err)) {
        gui_state_note(st, GUI_NOTE_ERROR, "%s", err);
        return false;
    }
    gui_action *a = NULL;
    switch (cmd.kind) {
    case CL_CMD_NONE:
        return true;
    case CL_CMD_SAY:
        if (peer && peer[0]) {
            a = gui_actions_push(&v->actions, GUI_ACT_DM);
            if (a) gui_str_copy(a->name, sizeof a->name, peer);
        } else if (room_id) {
            a = gui_actions_push(&v->actions, GUI_ACT_SAY);
            if (a) a->room_id = room_id;
        } else {
            gui_state_note(st, GUI_NOTE_ERROR, "Open a room first");
            return false;
        }
        if (a) gui_str_copy(a->text, sizeof a->text, cmd.text);
        break;
    case CL_CMD_HELP:
        gui_state_note(st, GUI_NOTE_INFO,
                       "Commands: /join /leave /create /dm /status /search /rooms /who "
                       "/kick /mute /ban /logout (see docs/CLI.md)");
        return true;
    case CL_CMD_QUIT:
        a = gui_actions_push(&v->actions, GUI_ACT_QUIT);
        break;
    case CL_CMD_LOGOUT:
        a = gui_actions_push(&v->actions, GUI_ACT_LOGOUT);
        break;
    case CL_CMD_ROOMS:
        st->screen = GUI_SCREEN_LOBBY;
        a = gui_actions_push(&v->actions, GUI_ACT_LIST_ROOMS);
        break;
    case CL_CMD_CREATE:
        a = gui_actions_push(&v->actions, GUI_ACT_CREATE_ROOM);
        if (a) {
            gui_str_copy(a->name, sizeof a->name, cmd.name);
            if (cmd.flag) gui_str_copy(a->secret, sizeof a->secret, cmd.secret);
        }
        break;
    case CL_CMD_JOIN:
        a = gui_actions_push(&v->actions, GUI_ACT_JOIN);
        if (a) {
            gui_str_copy(a->name, sizeof a->name, cmd.name);
            if (cmd.has_secret) gui_str_copy(a->secret, sizeof a->secret, cmd.secret);
        }
        break;
    case CL_CMD_LEAVE:
    case CL_CMD_DELETE:
    case CL_CMD_WHO: {
        const cl_room *r = NULL;
        for (int i = 0; cmd.name[0] && i < st->room_count && !r; i++)
            if (strcmp(st->rooms[i]->name, cmd.name) == 0) r = st->rooms[i];
        uint32_t id = cmd.name[0] ? (r ? r->id : 0) : room_id;
        if (!id) {
            gui_state_note(st, GUI_NOTE_ERROR, "No such room: %s",
                           cmd.name[0] ? cmd.name : "(none open)");
            return false;
        }
        if (cmd.kind == CL_CMD_WHO) {
            gui_state_open_room(st, id);
            return true;
        }
        a = gui_actions_push(&v->actions,
                             cmd.kind == CL_CMD_LEAVE ? GUI_ACT_LEAVE : GUI_ACT_DELETE_ROOM);
        if (a) a->room_id = id;
        break;
    }
    case CL_CMD_SEARCH:
        v->search_open = true;
        gui_str_copy(v->search_query, sizeof v->search_query, cmd.text);
        a = gui_actions_push(&v->actions, GUI_ACT_SEARCH);
        if (a) gui_str_copy(a->text, sizeof a->text, cmd.text);
        break;
    case CL_CMD_STATUS:
        a = gui_actions_push(&v->actions, GUI_ACT_STATUS);
        if (a) {
            a->status = cmd.status;
            gui_str_copy(a->text, sizeof a->text, cmd.text);
        }
        break;
    case CL_CMD_DM:
        a = gui_actions_push(&v->actions, GUI_ACT_DM);
        if (a) {
            gui_str_copy(a->name, sizeof a->name, cmd.name);
            gui_str_copy(a->text, sizeof a->text, cmd.text);
        }
        break;
    case CL_CMD_HISTORY: {
        gui_convo *c = gui_state_find_room_convo(st, room_id);
        if (!c) return false;
        a = gui_actions_push(&v->actions, GUI_ACT_HISTORY);
        if (a) {
            a->room_id = room_id;
            a->before = c->oldest_id;
        }
        break;
    }
    case CL_CMD_KICK:
    case CL_CMD_BAN:
    case CL_CMD_MUTE:
        a = gui_actions_push(&v->actions, cmd.kind == CL_CMD_KICK  ? GUI_ACT_KICK
                                          : cmd.kind == CL_CMD_BAN ? GUI_ACT_BAN
                                                                   : GUI_ACT_MUTE);
        if (a) {
            gui_str_copy(a->name, sizeof a->name, cmd.name);
            gui_str_copy(a->text, sizeof a->text, cmd.text);
            a->room_id = cmd.kind == CL_CMD_KICK && cmd.flag ? 0 : room_id;
            a->number = cmd.number;
        }
        break;
    case CL_CMD_REGISTER:
    case CL_CMD_LOGIN:
        gui_state_note(st, GUI_NOTE_INFO, "Log out first, then use the log-in screen");
        return false;
    case CL_CMD_COUNT:
        return false;
    }
    if (!a) {
        gui_state_note(st, GUI_NOTE_WARNING, "Too much at once; try again");
        return false;
    }
    return true;
}

/* ---- drawing helpers ---------------------------------------------------------------------- */

/* Text shortened with "…" to max_w; returns the width drawn. */
static int gui_chat_text_fit(ui_context *ctx, ui_font font, int size, int x, int y,
                             const char *text, int max_w, ui_color c)
{
    int len = (int)strlen(text);
    if (ui_text_width(ctx, font, size, text, len) <= max_w)
        return ui_draw_text(ctx, font, size, x, y, text, len, c);
    static const char dots[] = "\xe2\x80\xa6";
    int dw = ui_text_width(ctx, font, size, dots, 3);
    while (len > 0 && ui_text_width(ctx, font, size, text, len) + dw > max_w)
        len = ui_utf8_prev(text, len);
    char buf[256];
    if (len > (int)sizeof buf - 4) len = ui_utf8_prev(text, (int)sizeof buf - 4);
    memcpy(buf, text, (size_t)len);
    memcpy(buf + len, dots, 4);
    return ui_draw_text(ctx, font, size, x, y, buf, len + 3, c);
}

/* ---- the stage --------------------------------------------------------------------------- */

#define GUI_STAGE_TILES 16 /* tiles drawn; more members show as "+N" on the last one */

/* cols x rows for n tiles of 16:9 in w x h, as large as they can be. */
static void gui_stage_grid(int n, int w, int h, int gap, int *cols, int *rows, int *tw, int *th)
{
    int best_cols = 1;
    long best_area = -1;
    for (int c = 1; c <= n; c++) {
        int r = (n + c - 1) / c;
        int cw = (w - gap * (c - 1)) / c, ch = (h - gap * (r - 1)) / r;
        if (cw <= 0 || ch <= 0) continue;
        int tw16 = cw, th9 = cw * 9 / 16;
        if (th9 > ch) {
            th9 = ch;
            tw16 = ch * 16 / 9;
        }
        long area = (long)tw16 * th9;
        if (area > best_area) {
            best_area = area;
            best_cols = c;
        }
    }
    *cols = best_cols;
    *rows = (n + best_cols - 1) / best_cols;
    int cw = (w - gap * (*cols - 1)) / *cols, ch = (h - gap * (*rows - 1)) / *rows;
    *tw = cw;
    *th = cw * 9 / 16;
    if (*th > ch) {
        *th = ch;
        *tw = ch * 16 / 9;
    }
}

static void gui_stage_tile(ui_context *ctx, ui_rect t, const gui_member *m, int more)
{
    const ui_theme *th = &ctx->theme;
    int radius = ui_px(ctx, 8);
    ui_draw_rect(ctx, t, th->panel_alt, radius);
    if (m && m->talking > 0.05f) {
        ui_color ring = th->success;
        ring.a = (uint8_t)(120 + 135 * m->talking);
        ui_draw_border(ctx, t, ring, ui_px(ctx, 3), radius);
    } else {
        ui_draw_border(ctx, t, th->border, ui_px(ctx, 1) > 0 ? ui_px(ctx, 1) : 1, radius);
    }
    int small = ui_font_size_small(ctx);
    int line = ui_text_height(ctx, UI_FONT_REGULAR, small);
    int d = t.h - line - ui_px(ctx, 14);
    if (d > t.w / 2) d = t.w / 2;
    if (d > ui_px(ctx, 96)) d = ui_px(ctx, 96);
    int size = (d * 2 / 5) / 4 * 4; /* few distinct sizes: each one is a font slot */
    if (d >= ui_px(ctx, 12) && size >= 8) {
        ui_rect av = {t.x + (t.w - d) / 2, t.y + (t.h - line - d) / 2, d, d};
        if (more > 0) {
            char plus[16];
            gui_str_fmt(plus, sizeof plus, "+%d", more);
            int w = ui_text_width(ctx, UI_FONT_BOLD, size, plus, -1);
            int h = ui_text_height(ctx, UI_FONT_BOLD, size);
            if (w < t.w - ui_px(ctx, 8))
                ui_draw_text(ctx, UI_FONT_BOLD, size, t.x + (t.w - w) / 2, av.y + (d - h) / 2, plus,
                             -1, th->text_dim);
        } else if (m) {
            ui_draw_rect(ctx, av, gui_name_color(m->name), d / 2);
            int cl = ui_utf8_next(m->name, (int)strlen(m->name), 0);
            char ini[8];
            memcpy(ini, m->name, (size_t)cl);
            ini[cl] = '\0';
            if (cl == 1 && ini[0] >= 'a' && ini[0] <= 'z') ini[0] = (char)(ini[0] - 'a' + 'A');
            int w = ui_text_width(ctx, UI_FONT_BOLD, size, ini, cl);
            int h = ui_text_height(ctx, UI_FONT_BOLD, size);
            ui_color white = {255, 255, 255, 255};
            ui_draw_text(ctx, UI_FONT_BOLD, size, av.x + (d - w) / 2, av.y + (d - h) / 2, ini, cl,
                         white);
        }
    }
    if (m && line + ui_px(ctx, 8) <= t.h) {
        int pad = ui_px(ctx, 8);
        char name[MSG_NAME_MAX + 16];
        gui_str_fmt(name, sizeof name, "%s%s", m->name, m->muted ? " (muted)" : "");
        int w = ui_text_width(ctx, UI_FONT_REGULAR, small, name, -1);
        int x = t.x + (t.w - w) / 2;
        if (x < t.x + pad) x = t.x + pad;
        gui_chat_text_fit(ctx, UI_FONT_REGULAR, small, x, t.y + t.h - line - pad / 2, name,
                          t.w - 2 * pad, th->text);
    }
}

void gui_stage(gui_view *v, gui_state *st, ui_context *ctx, ui_rect r)
{
    (void)v;
    const ui_theme *th = &ctx->theme;
    ui_push_clip(ctx, r);
    ui_draw_rect(ctx, r, th->bg, 0);
    gui_roster *ro = gui_state_find_roster(st, st->current_room);
    if (ro) gui_roster_sort(ro);
    int n = ro ? ro->online : 0; /* online members sort first */
    int pad = ui_px(ctx, 10), gap = ui_px(ctx, 8);
    ui_rect area = {r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad};
    if (n == 0 || area.w <= 0 || area.h <= 0) {
        static const char none[] = "Nobody is online here yet";
        int size = ui_font_size(ctx);
        int w = ui_text_width(ctx, UI_FONT_REGULAR, size, none, -1);
        int h = ui_text_height(ctx, UI_FONT_REGULAR, size);
        if (w < r.w && h < r.h)
            ui_draw_text(ctx, UI_FONT_REGULAR, size, r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, none,
                         -1, th->text_dim);
        ui_pop_clip(ctx);
        return;
    }
    int shown = n > GUI_STAGE_TILES ? GUI_STAGE_TILES : n;
    int cols, rows, tw, tht;
    gui_stage_grid(shown, area.w, area.h, gap, &cols, &rows, &tw, &tht);
    if (tw <= 0 || tht <= 0) {
        ui_pop_clip(ctx);
        return;
    }
    int grid_h = rows * tht + (rows - 1) * gap;
    int y0 = area.y + (area.h - grid_h) / 2;
    for (int i = 0; i < shown; i++) {
        int row = i / cols, col = i % cols;
        int in_row = row == rows - 1 ? shown - row * cols : cols;
        int row_w = in_row * tw + (in_row - 1) * gap;
        int x0 = area.x + (area.w - row_w) / 2;
        ui_rect t = {x0 + col * (tw + gap), y0 + row * (tht + gap), tw, tht};
        bool last_more = i == shown - 1 && n > shown;
        gui_stage_tile(ctx, t, last_more ? NULL : &ro->v[i], last_more ? n - shown + 1 : 0);
    }
    ui_pop_clip(ctx);
}

/* ---- the overlay chat -------------------------------------------------------------------- */

/* The fading lines, newest at the bottom of r. */
static void gui_overlay_lines(gui_view *v, gui_state *st, ui_context *ctx, ui_rect r,
                              const gui_convo *c)
{
    if (!c) return;
    int64_t fade = (int64_t)st->settings.overlay_fade_s * 1000, out = 1000;
    int size = ui_font_size(ctx);
    int line_h = ui_text_height(ctx, UI_FONT_REGULAR, size);
    int pad = ui_px(ctx, 6);
    int y = r.y + r.h;
    int shown = 0;
    ui_push_clip(ctx, r);
    for (int i = c->count - 1; i >= 0 && shown < GUI_OVERLAY_LINES; i--) {
        const gui_line *l = &c->lines[i];
        if (!l->arrived_ms) continue; /* history: only live lines float up */
        int64_t age = v->now_ms - l->arrived_ms;
        if (age >= fade) break;
        float alpha = age < fade - out ? 1.0f : (float)(fade - age) / (float)out;
        gui_view_wake(v, age < fade - out ? l->arrived_ms + fade - out : v->now_ms + 33);
        /* "name: text", wrapped to the width */
        char buf[MSG_TEXT_MAX + MSG_NAME_MAX + 8];
        const char *text =
            (l->flags & GUI_LINE_DELETED) ? "(message deleted)" : gui_convo_text(c, l);
        int name_len = 0;
        if (!(l->flags & GUI_LINE_SYSTEM)) {
            gui_str_fmt(buf, sizeof buf, "%s: ", l->sender);
            name_len = (int)strlen(buf);
        }
        gui_str_fmt(buf + name_len, sizeof buf - (size_t)name_len, "%s", text);
        int len = (int)strlen(buf), lines = 0, starts[8], lens[8];
        for (int pos = 0; pos < len && lines < 8;) {
            int next;
            int n = ui_wrap_line(ctx, UI_FONT_REGULAR, size, buf + pos, len - pos, r.w - 2 * pad,
                                 &next);
            starts[lines] = pos;
            lens[lines++] = n;
            if (next <= 0) break;
            pos += next;
        }
        int h = lines * line_h + pad;
        if (y - h < r.y) break;
        y -= h;
        ui_color bg = {0, 0, 0, (uint8_t)(140 * alpha)};
        int w = 0;
        for (int k = 0; k < lines; k++) {
            int lw = ui_text_width(ctx, UI_FONT_REGULAR, size, buf + starts[k], lens[k]);
            if (k == 0 && name_len > 0) { /* the name is drawn bold */
                int nl = name_len < lens[0] ? name_len : lens[0];
                lw = ui_text_width(ctx, UI_FONT_BOLD, size, buf, nl) +
                     ui_text_width(ctx, UI_FONT_REGULAR, size, buf + nl, lens[0] - nl);
            }
            if (lw > w) w = lw;
        }
        if (w > r.w - 2 * pad) w = r.w - 2 * pad;
        ui_draw_rect(ctx, (ui_rect){r.x, y, w + 2 * pad, h}, bg, ui_px(ctx, 4));
        ui_color fg = {240, 240, 240, (uint8_t)(255 * alpha)};
        if (l->flags & GUI_LINE_SYSTEM) fg = (ui_color){190, 190, 190, (uint8_t)(255 * alpha)};
        for (int k = 0; k < lines; k++) {
            int ty = y + pad / 2 + k * line_h;
            if (k == 0 && name_len > 0) {
                ui_color nc = gui_name_color(l->sender);
                nc = (ui_color){(uint8_t)((nc.r + 255) / 2), (uint8_t)((nc.g + 255) / 2),
                                (uint8_t)((nc.b + 255) / 2), fg.a};
                int nl = name_len < lens[0] ? name_len : lens[0];
                int nw = ui_draw_text(ctx, UI_FONT_BOLD, size, r.x + pad, ty, buf, nl, nc);
                if (lens[0] > nl)
                    ui_draw_text(ctx, UI_FONT_REGULAR, size, r.x + pad + nw, ty, buf + nl,
                                 lens[0] - nl, fg);
            } else {
                ui_draw_text(ctx, UI_FONT_REGULAR, size, r.x + pad, ty, buf + starts[k], lens[k],
                             fg);
            }
        }
        shown++;
    }
    ui_pop_clip(ctx);
}

void gui_overlay_chat(gui_view *v, gui_state *st, ui_context *ctx, ui_rect r, bool fill)
{
    gui_convo *c = gui_state_find_room_convo(st, st->current_room);
    int pad = ui_px(ctx, fill ? 8 : 12);
    float lw = (float)(r.w - 2 * pad) / ctx->scale;
    float w = fill || lw < 560.0f ? lw : 560.0f;
    float lh = (float)r.h / ctx->scale;
    float h = fill                  ? lh - 8.0f
              : lh * 0.55f < 140.0f ? (lh < 140.0f ? lh - 24.0f : 140.0f)
                                    : lh * 0.55f;
    ui_layout_rows(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(h)});
    ui_layout_skip(ctx);
    if (!v->overlay_typing) {
        /* the layer is drawn by hand over the stage, in its lower left corner */
        ui_layout_skip(ctx);
        ui_rect area = ctx->last_rect;
        area.x = r.x + pad;
        area.w = ui_px(ctx, w);
        area.h -= pad;
        gui_overlay_lines(v, st, ctx, area, c);
        return;
    }
    /* typing: the scroll-back and the input on a translucent panel */
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(w), UI_FLEX(1)}, UI_FLEX(1));
    ui_layout_column_begin(ctx);
    ui_rect box = ctx->last_rect;
    ui_draw_rect(ctx, box, (ui_color){0, 0, 0, 190}, ui_px(ctx, 6));
    /* light text on the dark layer, whatever the window's theme */
    ui_theme saved = ctx->theme, dark = ui_theme_dark();
    dark.panel = (ui_color){0, 0, 0, 0};
    dark.field = (ui_color){255, 255, 255, 28};
    dark.mention_bg = (ui_color){255, 210, 80, 60};
    ui_set_theme(ctx, &dark);
    ui_layout_set_spacing(ctx, 4);
    ui_layout_rows(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(36)});
    gui_chatview_sync(&v->chat, v, st, ctx, "overlay chat", c);
    ui_chat_view_plain(ctx, "overlay chat", &v->chat.log);
    if (v->focus_input) {
        gui_focus(ctx, "overlay input");
        v->focus_input = false;
    }
    int res = ui_textfield_ex(ctx, "overlay input", v->overlay_input, (int)sizeof v->overlay_input,
                              "Say something (Enter sends, Esc closes)", &v->history, 0);
    if (res & UI_RES_SUBMIT) {
        if (v->overlay_input[0]) gui_view_submit(v, st, v->overlay_input, st->current_room, NULL);
        v->overlay_input[0] = '\0';
        v->overlay_typing = false;
    } else if (res & UI_RES_CANCEL) {
        v->overlay_typing = false;
    }
    ui_set_theme(ctx, &saved);
    ui_layout_column_end(ctx);
    ui_layout_skip(ctx);
    ui_layout_column_end(ctx);
}
