/* gui_frame.c — one frame of the window: the top bar (navigation, search, status, the
 * connection indicator), the current screen, the dialogs, toasts and hotkeys; and the compact
 * window. */
#include "gui_view.h"
#include "gui_str.h"

#include <stdio.h>
#include <string.h>

const char *gui_screen_name(gui_screen s)
{
    static const char *const names[] = {"start", "login", "lobby", "room", "dms", "settings"};
    return (unsigned)s < GUI_SCREEN_COUNT ? names[s] : "unknown";
}

gui_action *gui_actions_push(gui_actions *q, gui_action_kind kind)
{
    if (q->count == GUI_ACTIONS) {
        q->dropped++;
        return NULL;
    }
    gui_action *a = &q->v[q->count++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    return a;
}

void gui_actions_clear(gui_actions *q)
{
    for (int i = 0; i < q->count; i++) {
        volatile char *p = q->v[i].secret; /* passwords do not linger in the queue */
        for (size_t k = 0; k < sizeof q->v[i].secret; k++) p[k] = 0;
    }
    q->count = 0;
}

void gui_view_init(gui_view *v)
{
    memset(v, 0, sizeof *v);
    ui_history_init(&v->history);
    ui_chat_log_init(&v->chat.log);
    ui_chat_log_init(&v->dm_chat.log);
    v->wake_at = -1;
    v->found_selected = -1;
    v->lobby_selected = -1;
    v->room_selected = -1;
    v->member_selected = -1;
    v->dm_selected = -1;
    v->search_selected = -1;
}

static int gui_frame_dm_unread(const gui_state *st)
{
    int n = 0;
    for (int i = 0; i < st->convo_count; i++)
        if (!st->convos[i]->room_id) n += (int)st->convos[i]->unread;
    return n;
}

/* ---- the connection indicator ------------------------------------------------------------- */

static void gui_frame_link_text(const gui_view *v, const gui_state *st, char *out, size_t cap,
                                ui_color *dot, const ui_context *ctx)
{
    const gui_link *l = &st->link;
    *dot = ctx->theme.text_disabled;
    switch (l->state) {
    case GUI_LINK_NONE:
        gui_str_fmt(out, cap, "Offline");
        return;
    case GUI_LINK_CONNECTING:
        *dot = ctx->theme.warning;
        gui_str_fmt(out, cap, "Connecting");
        return;
    case GUI_LINK_WAITING: {
        *dot = ctx->theme.danger;
        int64_t in = (l->retry_at_ms - v->now_ms + 999) / 1000;
        if (in > 0)
            gui_str_fmt(out, cap, "Retry in %llds", (long long)in);
        else
            gui_str_fmt(out, cap, "Reconnecting");
        return;
    }
    case GUI_LINK_STOPPED:
        *dot = ctx->theme.danger;
        gui_str_fmt(out, cap, "Disconnected");
        return;
    case GUI_LINK_ONLINE:
        break;
    }
    bool bad = (l->have_loss && l->loss > 0.05f) || (l->have_rtt && l->rtt_ms > 250.0f);
    bool fair = (l->have_loss && l->loss > 0.01f) || (l->have_rtt && l->rtt_ms > 100.0f);
    *dot = bad ? ctx->theme.danger : fair ? ctx->theme.warning : ctx->theme.success;
    if (l->have_rtt)
        gui_str_fmt(out, cap, "%.0f ms", (double)l->rtt_ms);
    else
        gui_str_fmt(out, cap, "Online");
}

static void gui_frame_link_details(const gui_state *st, char *out, size_t cap)
{
    const gui_link *l = &st->link;
    char rtt[64] = "", loss[64] = "", outbox[64] = "", why[300] = "";
    if (l->have_rtt) gui_str_fmt(rtt, sizeof rtt, ", answers in %.0f ms", (double)l->rtt_ms);
    if (l->have_loss)
        gui_str_fmt(loss, sizeof loss, ", loss %.1f %%, jitter %.0f ms", (double)(l->loss * 100.0f),
                    (double)l->jitter_ms);
    if (l->outbox)
        gui_str_fmt(outbox, sizeof outbox, ", %u message%s waiting to be sent", (unsigned)l->outbox,
                    l->outbox == 1 ? "" : "s");
    if (l->text[0] && l->state != GUI_LINK_ONLINE)
        gui_str_fmt(why, sizeof why, ". Last problem: %s", l->text);
    gui_str_fmt(out, cap, "Server %s%s%s%s%s", l->server[0] ? l->server : "(none)", rtt, loss,
                outbox, why);
}

/* ---- the top bar ---------------------------------------------------------------------------- */

static void gui_frame_bar(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_panel_begin(ctx, "bar", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    char title[MSG_SERVER_NAME_MAX + 16];
    gui_str_fmt(title, sizeof title, "%s", st->have_info ? st->info.name : GUI_NAME);
    float lw = (float)ctx->width / ctx->scale;
    if (st->logged_in) {
        char dms[32];
        int unread = gui_frame_dm_unread(st);
        if (unread)
            gui_str_fmt(dms, sizeof dms, "Messages (%d)", unread);
        else
            gui_str_fmt(dms, sizeof dms, "Messages");
        const char *tabs[] = {"Lobby", "Chat", dms};
        float tabs_w = lw >= 900.0f ? 320.0f : 290.0f;
        ui_layout_row(ctx, 9,
                      (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(tabs_w), UI_PX(36), UI_PX(14),
                                  UI_PX(96), UI_PX(14), UI_PX(104), UI_PX(36)},
                      UI_FLEX(1));
        gui_icon_cell(ctx, UI_ICON_MESSAGE, ctx->theme.accent, 20);
        ui_label_ex(ctx, title, UI_FONT_BOLD, ui_font_size_title(ctx), 0);
        int cur = st->screen == GUI_SCREEN_LOBBY  ? 0
                  : st->screen == GUI_SCREEN_ROOM ? 1
                  : st->screen == GUI_SCREEN_DMS  ? 2
                                                  : -1;
        if (ui_tabs(ctx, "nav", tabs, 3, &cur)) {
            st->screen = cur == 0 ? GUI_SCREEN_LOBBY : cur == 1 ? GUI_SCREEN_ROOM : GUI_SCREEN_DMS;
            if (st->screen == GUI_SCREEN_ROOM) gui_state_open_room(st, st->current_room);
            if (st->screen == GUI_SCREEN_LOBBY) gui_actions_push(&v->actions, GUI_ACT_LIST_ROOMS);
            if (st->screen == GUI_SCREEN_DMS && st->current_peer[0])
                gui_state_open_dm(st, st->current_peer, 0);
        }
        if (ui_icon_button(ctx, "Search users##bar", UI_ICON_SEARCH, 0)) v->search_open = true;
        ui_tooltip(ctx, "Find people on this server (Ctrl+F)");
        gui_dot(ctx, gui_status_color(ctx, st->my_status), 10);
        if (ui_button_ex(ctx, gui_status_label(st->my_status), UI_ICON_NONE, UI_OPT_FLAT)) {
            v->status_open = true;
            gui_str_copy(v->status_text, sizeof v->status_text, st->my_status_text);
        }
        ui_tooltip(ctx, "Your status: online, away, busy or invisible");
    } else {
        ui_layout_row(ctx, 5, (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(14), UI_PX(104), UI_PX(36)},
                      UI_FLEX(1));
        gui_icon_cell(ctx, UI_ICON_MESSAGE, ctx->theme.accent, 20);
        ui_label_ex(ctx, title, UI_FONT_BOLD, ui_font_size_title(ctx), 0);
    }
    char link[64], details[512];
    ui_color dot;
    gui_frame_link_text(v, st, link, sizeof link, &dot, ctx);
    gui_dot(ctx, dot, 10);
    if (ui_button_ex(ctx, link, UI_ICON_NONE, UI_OPT_FLAT)) v->link_open = true;
    gui_frame_link_details(st, details, sizeof details);
    ui_tooltip(ctx, details);
    if (st->link.state == GUI_LINK_WAITING) gui_view_wake(v, v->now_ms + 1000);
    if (ui_icon_button(ctx, "Settings##bar", UI_ICON_SETTINGS,
                       st->screen == GUI_SCREEN_SETTINGS ? UI_OPT_SELECTED : 0)) {
        if (st->screen == GUI_SCREEN_SETTINGS) {
            st->screen = v->settings_back;
        } else {
            v->settings_back = st->screen;
            st->screen = GUI_SCREEN_SETTINGS;
        }
    }
    ui_tooltip(ctx, "Settings");
    ui_panel_end(ctx);
}

/* ---- dialogs ----------------------------------------------------------------------------------
 */

static void gui_frame_search(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!ui_modal_begin(ctx, "Find people", &v->search_open, 460, 420)) return;
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(96)}, UI_AUTO);
    if (v->focus_input) {
        gui_focus(ctx, "query");
        v->focus_input = false;
    }
    int res = ui_textfield_ex(ctx, "query", v->search_query, (int)sizeof v->search_query,
                              "Part of a name", NULL, 0);
    bool go = ui_button_ex(ctx, "Search", UI_ICON_SEARCH, UI_OPT_PRIMARY);
    if (((res & UI_RES_SUBMIT) || go) && v->search_query[0]) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_SEARCH);
        if (a) gui_str_copy(a->text, sizeof a->text, v->search_query);
    }
    if (!st->search_done || st->search_count == 0) {
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        ui_label_ex(ctx,
                    st->search_done  ? "Nobody by that name."
                    : st->search_req ? "Searching..."
                                     : "Type a name and press Enter.",
                    UI_FONT_REGULAR, 0, UI_OPT_DIM);
    } else {
        if (st->search_more) {
            ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
            ui_label_ex(ctx, "More people match: type more of the name.", UI_FONT_REGULAR,
                        ui_font_size_small(ctx), UI_OPT_DIM);
        }
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_FLEX(1));
        ui_list l;
        ui_list_begin(ctx, "results", st->search_count, 36, &v->search_selected, &l);
        bool guest = gui_state_is_guest(st);
        for (int i = l.first; i < l.last; i++) {
            const msg_user_info *u = &st->search[i];
            ui_push_id_int(ctx, i);
            ui_list_row(ctx, &l, i, 4, (ui_size[]){UI_PX(14), UI_FLEX(1), UI_PX(64), UI_PX(36)});
            gui_dot(ctx, gui_status_color(ctx, u->status), 9);
            ui_label(ctx, u->name);
            ui_label_ex(ctx, msg_role_name(u->role), UI_FONT_REGULAR, ui_font_size_small(ctx),
                        UI_OPT_DIM);
            bool can = !guest && u->role != MSG_ROLE_GUEST && u->user_id != st->me.user_id;
            if (ui_icon_button(ctx, "Message##dm", UI_ICON_MESSAGE, can ? 0 : UI_OPT_DISABLED)) {
                gui_state_open_dm(st, u->name, u->user_id);
                v->search_open = false;
                v->focus_input = true;
            }
            ui_tooltip(ctx, can ? "Send a direct message"
                                : "Direct messages are for accounts, not guests");
            ui_pop_id(ctx);
        }
        ui_list_end(ctx, &l);
    }
    ui_modal_end(ctx);
}

static void gui_frame_status(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!ui_modal_begin(ctx, "Your status", &v->status_open, 420, 300)) return;
    static const msg_status choices[] = {MSG_STATUS_ONLINE, MSG_STATUS_AWAY, MSG_STATUS_BUSY,
                                         MSG_STATUS_INVISIBLE};
    static const char *const help[] = {"Everyone sees you online", "You are not at the keyboard",
                                       "Please do not disturb", "You look offline to others"};
    bool guest = gui_state_is_guest(st);
    ui_layout_row(ctx, 3, (ui_size[]){UI_PX(16), UI_PX(120), UI_FLEX(1)}, UI_AUTO);
    msg_status pick = MSG_STATUS_OFFLINE;
    for (int i = 0; i < 4; i++) {
        ui_push_id_int(ctx, i);
        bool disabled = choices[i] == MSG_STATUS_INVISIBLE && guest;
        int opt =
            (st->my_status == choices[i] ? UI_OPT_SELECTED : 0) | (disabled ? UI_OPT_DISABLED : 0);
        gui_dot(ctx, gui_status_color(ctx, choices[i]), 10);
        if (ui_button_ex(ctx, gui_status_label(choices[i]), UI_ICON_NONE, opt)) pick = choices[i];
        ui_label_ex(ctx, disabled ? "Not for guests" : help[i], UI_FONT_REGULAR,
                    ui_font_size_small(ctx), UI_OPT_DIM);
        ui_pop_id(ctx);
    }
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    int res = ui_textfield_ex(ctx, "status text", v->status_text, (int)sizeof v->status_text,
                              "What are you up to? (optional)", NULL, 0);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(120)}, UI_AUTO);
    ui_layout_skip(ctx);
    bool save = ui_button_ex(ctx, "Save", UI_ICON_CHECK, UI_OPT_PRIMARY);
    if ((res & UI_RES_SUBMIT) || save)
        pick = st->my_status == MSG_STATUS_OFFLINE ? MSG_STATUS_ONLINE : st->my_status;
    if (pick != MSG_STATUS_OFFLINE) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_STATUS);
        if (a) {
            a->status = pick;
            gui_str_copy(a->text, sizeof a->text, v->status_text);
        }
        v->status_open = false;
    }
    ui_modal_end(ctx);
}

static void gui_frame_link(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!ui_modal_begin(ctx, "Connection", &v->link_open, 440, 250)) return;
    char details[512], line[64];
    ui_color dot;
    gui_frame_link_text(v, st, line, sizeof line, &dot, ctx);
    gui_frame_link_details(st, details, sizeof details);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(16), UI_FLEX(1)}, UI_AUTO);
    gui_dot(ctx, dot, 10);
    ui_label_ex(ctx, line, UI_FONT_BOLD, 0, 0);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_text(ctx, details);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    if (ui_button_ex(ctx, "Reconnect now", UI_ICON_NONE,
                     st->link.state == GUI_LINK_WAITING ? UI_OPT_PRIMARY : UI_OPT_DISABLED))
        gui_actions_push(&v->actions, GUI_ACT_RECONNECT);
    if (ui_button_ex(ctx, "Disconnect", UI_ICON_NONE,
                     st->link.state == GUI_LINK_NONE ? UI_OPT_DISABLED : 0)) {
        gui_actions_push(&v->actions, GUI_ACT_DISCONNECT);
        v->link_open = false;
    }
    ui_modal_end(ctx);
}

static void gui_frame_create(gui_view *v, gui_state *st, ui_context *ctx)
{
    (void)st;
    if (!ui_modal_begin(ctx, "Create a room", &v->create_open, 440, 270)) return;
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(90), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Name");
    int res = ui_textfield_ex(ctx, "room name", v->create_name, (int)sizeof v->create_name,
                              "Letters, digits, spaces", NULL, 0);
    ui_label(ctx, "Topic");
    res |= ui_textfield_ex(ctx, "room topic", v->create_topic, (int)sizeof v->create_topic,
                           "Optional", NULL, 0);
    ui_layout_skip(ctx);
    ui_checkbox(ctx, "Private (needs a password)", &v->create_private);
    if (v->create_private) {
        ui_label(ctx, "Password");
        res |= ui_textfield_ex(ctx, "room password", v->create_password,
                               (int)sizeof v->create_password, "At least 8 characters", NULL,
                               UI_OPT_PASSWORD);
    }
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(120)}, UI_AUTO);
    ui_layout_skip(ctx);
    bool ok = ui_button_ex(ctx, "Create", UI_ICON_PLUS,
                           v->create_name[0] ? UI_OPT_PRIMARY : UI_OPT_DISABLED);
    if ((ok || (res & UI_RES_SUBMIT)) && v->create_name[0]) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_CREATE_ROOM);
        if (a) {
            gui_str_copy(a->name, sizeof a->name, v->create_name);
            gui_str_copy(a->text, sizeof a->text, v->create_topic);
            if (v->create_private) gui_str_copy(a->secret, sizeof a->secret, v->create_password);
        }
        memset(v->create_password, 0, sizeof v->create_password);
        v->create_name[0] = v->create_topic[0] = '\0';
        v->create_open = false;
    }
    ui_modal_end(ctx);
}

static void gui_frame_join_private(gui_view *v, gui_state *st, ui_context *ctx)
{
    (void)st;
    if (!ui_modal_begin(ctx, "Join a private room", &v->join_open, 440, 250)) return;
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_text(ctx, "Private rooms are not listed. Ask a member for the name and the password.");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(90), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Name");
    int res =
        ui_textfield_ex(ctx, "private name", v->join_name, (int)sizeof v->join_name, "", NULL, 0);
    ui_label(ctx, "Password");
    res |= ui_textfield_ex(ctx, "private password", v->join_password, (int)sizeof v->join_password,
                           "", NULL, UI_OPT_PASSWORD);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(120)}, UI_AUTO);
    ui_layout_skip(ctx);
    bool ok =
        ui_button_ex(ctx, "Join", UI_ICON_LOCK, v->join_name[0] ? UI_OPT_PRIMARY : UI_OPT_DISABLED);
    if ((ok || (res & UI_RES_SUBMIT)) && v->join_name[0]) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_JOIN);
        if (a) {
            gui_str_copy(a->name, sizeof a->name, v->join_name);
            gui_str_copy(a->secret, sizeof a->secret, v->join_password);
        }
        memset(v->join_password, 0, sizeof v->join_password);
        v->join_open = false;
    }
    ui_modal_end(ctx);
}

static void gui_frame_password(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!ui_modal_begin(ctx, "Room password", &st->password_prompt, 420, 230)) return;
    char text[MSG_ROOM_NAME_MAX + 64];
    gui_str_fmt(text, sizeof text, "%s is private. Enter its password to join.", st->password_room);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_text(ctx, text);
    if (v->focus_input) {
        gui_focus(ctx, "room password prompt");
        v->focus_input = false;
    }
    int res = ui_textfield_ex(ctx, "room password prompt", v->password, (int)sizeof v->password,
                              "Password", NULL, UI_OPT_PASSWORD);
    if (st->password_error[0])
        ui_label_ex(ctx, st->password_error, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(120)}, UI_AUTO);
    ui_layout_skip(ctx);
    bool ok = ui_button_ex(ctx, "Join", UI_ICON_LOCK, UI_OPT_PRIMARY);
    if ((ok || (res & UI_RES_SUBMIT)) && v->password[0]) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_JOIN);
        if (a) {
            gui_str_copy(a->name, sizeof a->name, st->password_room);
            gui_str_copy(a->secret, sizeof a->secret, v->password);
        }
        memset(v->password, 0, sizeof v->password);
        st->password_prompt = false;
        st->password_error[0] = '\0';
    }
    ui_modal_end(ctx);
}

static void gui_frame_identity(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!ui_modal_begin(ctx, "The server's identity changed", &st->identity_prompt, 520, 340)) {
        return;
    }
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_text(ctx, st->identity_text);
    ui_text(ctx, "This happens when the server was reinstalled, or when someone pretends to be "
                 "it. Compare the fingerprint with the one the server's operator sees before "
                 "you trust it.");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    if (ui_button_ex(ctx, "Trust the new key", UI_ICON_WARNING, UI_OPT_DANGER)) {
        gui_actions_push(&v->actions, GUI_ACT_TRUST_KEY);
        st->identity_prompt = false;
    }
    if (ui_button_ex(ctx, "Cancel", UI_ICON_NONE, UI_OPT_PRIMARY)) {
        gui_actions_push(&v->actions, GUI_ACT_DISCONNECT);
        st->identity_prompt = false;
    }
    ui_modal_end(ctx);
    if (!st->identity_prompt && st->link.state == GUI_LINK_STOPPED && !v->actions.count)
        gui_actions_push(&v->actions, GUI_ACT_DISCONNECT); /* closed with Esc */
}

static void gui_frame_stopped(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!ui_modal_begin(ctx, "Disconnected", &st->stopped_prompt, 440, 220)) return;
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_text(ctx, st->stopped_text);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(140)}, UI_AUTO);
    ui_layout_skip(ctx);
    if (ui_button_ex(ctx, "Back to start", UI_ICON_NONE, UI_OPT_PRIMARY)) {
        gui_actions_push(&v->actions, GUI_ACT_DISCONNECT);
        st->stopped_prompt = false;
    }
    ui_modal_end(ctx);
}

/* ---- hotkeys and toasts -----------------------------------------------------------------------
 */

static void gui_frame_keys(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (st->logged_in && ui_key_pressed(ctx, UI_KEY_LETTER('f'), UI_MOD_CTRL)) {
        v->search_open = true;
        v->focus_input = true;
    }
    if (ui_key_pressed(ctx, UI_KEY_F1 + 2, 0) && st->logged_in) { /* F3 */
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_COMPACT);
        if (a) a->number = 1;
    }
    if (st->screen != GUI_SCREEN_ROOM) return;
    if (ui_key_pressed(ctx, UI_KEY_F1 + 1, 0)) { /* F2 */
        v->overlay = !v->overlay;
        v->overlay_typing = false;
        v->focus_input = !v->overlay;
    }
    if (v->overlay && !v->overlay_typing &&
        (ui_key_pressed(ctx, UI_KEY_ENTER, 0) || ui_key_pressed(ctx, UI_KEY_LETTER('t'), 0))) {
        v->overlay_typing = true;
        v->focus_input = true;
    }
}

static void gui_frame_notes(gui_state *st, ui_context *ctx)
{
    for (int i = 0; i < st->note_count; i++) {
        int ms = st->notes[i].kind == GUI_NOTE_ERROR ? 6000 : 4000;
        ui_toast(ctx, st->notes[i].text, (ui_toast_kind)st->notes[i].kind, ms);
    }
    st->note_count = 0;
}

void gui_view_frame(gui_view *v, gui_state *st, ui_context *ctx)
{
    v->wake_at = -1;
    gui_frame_notes(st, ctx);
    ui_layout_set_spacing(ctx, 0);
    bool call = gui_call_bar_shown(st); /* on every screen, under the top bar */
    if (call)
        ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(52), UI_PX(44), UI_FLEX(1)});
    else
        ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(52), UI_FLEX(1)});
    gui_frame_bar(v, st, ctx);
    if (call) gui_call_bar(v, st, ctx);
    ui_layout_column_begin(ctx);
    ui_layout_set_spacing(ctx, 0);
    if (st->screen != GUI_SCREEN_LOGIN) v->login_shown = false;
    switch (st->screen) {
    case GUI_SCREEN_START:
        gui_screen_start(v, st, ctx);
        break;
    case GUI_SCREEN_LOGIN:
        gui_screen_login(v, st, ctx);
        break;
    case GUI_SCREEN_LOBBY:
        gui_screen_lobby(v, st, ctx);
        break;
    case GUI_SCREEN_ROOM:
        gui_screen_room(v, st, ctx);
        break;
    case GUI_SCREEN_DMS:
        gui_screen_dms(v, st, ctx);
        break;
    case GUI_SCREEN_SETTINGS:
    case GUI_SCREEN_COUNT:
        gui_screen_settings(v, st, ctx);
        break;
    }
    ui_layout_column_end(ctx);
    gui_frame_search(v, st, ctx);
    gui_frame_status(v, st, ctx);
    gui_frame_link(v, st, ctx);
    gui_frame_create(v, st, ctx);
    gui_frame_join_private(v, st, ctx);
    gui_frame_password(v, st, ctx);
    gui_frame_identity(v, st, ctx);
    gui_frame_stopped(v, st, ctx);
    gui_voice_member_dialog(v, st, ctx);
    gui_call_dialog(v, st, ctx); /* last: it closes the others, and takes Enter first */
    gui_frame_keys(v, st, ctx);
    if (st->voice.save) { /* a push-to-talk key was bound between frames */
        st->voice.save = false;
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    }
}

/* ---- the compact window ---------------------------------------------------------------------- */

void gui_view_compact(gui_view *v, gui_state *st, ui_context *ctx)
{
    v->wake_at = -1;
    if (gui_call_ringing_here(st)) { /* the full window shows the call's dialog */
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_COMPACT);
        if (a) a->number = 0;
    }
    gui_frame_notes(st, ctx);
    ui_layout_set_spacing(ctx, 0);
    ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(30), UI_FLEX(1)});
    /* a strip to drag the window by (the host makes it a hit-test area) */
    ui_panel_begin(ctx, "strip", UI_OPT_ALT | UI_OPT_NO_SCROLL | UI_OPT_NO_PADDING);
    ui_layout_row(ctx, 4, (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(14), UI_PX(30)}, UI_FLEX(1));
    gui_icon_cell(ctx, UI_ICON_HASH, ctx->theme.text_dim, 14);
    const cl_room *r = gui_state_room(st, st->current_room);
    ui_label_ex(ctx, r ? r->name : "No room", UI_FONT_BOLD, ui_font_size_small(ctx), 0);
    char link[64];
    ui_color dot;
    gui_frame_link_text(v, st, link, sizeof link, &dot, ctx);
    gui_dot(ctx, dot, 8);
    ui_tooltip(ctx, link);
    if (ui_icon_button(ctx, "Back to the full window##compact", UI_ICON_CHEVRON_UP, UI_OPT_FLAT)) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_COMPACT);
        if (a) a->number = 0;
    }
    ui_tooltip(ctx, "Back to the full window (F3)");
    ui_panel_end(ctx);
    ui_layout_column_begin(ctx);
    ui_rect area = ctx->last_rect;
    ui_draw_rect(ctx, area, (ui_color){24, 26, 31, 255}, 0); /* a dark HUD, either theme */
    gui_overlay_chat(v, st, ctx, area, true);
    ui_layout_column_end(ctx);
    if (!v->overlay_typing &&
        (ui_key_pressed(ctx, UI_KEY_ENTER, 0) || ui_key_pressed(ctx, UI_KEY_LETTER('t'), 0))) {
        v->overlay_typing = true;
        v->focus_input = true;
    }
    if (ui_key_pressed(ctx, UI_KEY_F1 + 2, 0)) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_COMPACT);
        if (a) a->number = 0;
    }
}
