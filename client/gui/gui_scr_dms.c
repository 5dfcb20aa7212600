/* gui_scr_dms.c — direct messages: the conversations on the left, the open one on the right. */
#include "gui_view.h"
#include "gui_str.h"

#include <stdio.h>
#include <string.h>

/* A partner's status, when a member list this client holds knows it. */
static bool gui_dms_status(const gui_state *st, uint32_t user_id, msg_status *out)
{
    for (int i = 0; i < st->roster_count && user_id; i++) {
        const gui_member *m = gui_roster_find(&st->rosters[i], user_id);
        if (m) {
            *out = m->status;
            return true;
        }
    }
    return false;
}

static void gui_dms_list(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_panel_begin(ctx, "conversations", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(36)});
    gui_caption(ctx, "DIRECT MESSAGES");
    gui_convo *dms[GUI_MAX_CONVOS];
    int n = 0, selected = -1;
    for (int i = 0; i < st->convo_count; i++) {
        gui_convo *c = st->convos[i];
        if (c->room_id) continue;
        if (!strcmp(c->peer, st->current_peer)) selected = n;
        dms[n++] = c;
    }
    v->dm_selected = selected;
    ui_list l;
    ui_list_begin(ctx, "dm list", n, 34, &v->dm_selected, &l);
    for (int i = l.first; i < l.last; i++) {
        gui_convo *c = dms[i];
        ui_push_id_int(ctx, i);
        if (ui_list_row(ctx, &l, i, 3, (ui_size[]){UI_PX(16), UI_FLEX(1), UI_PX(30)})) {
            gui_state_open_dm(st, c->peer, c->peer_id);
            v->focus_input = true;
        }
        msg_status s;
        if (gui_dms_status(st, c->peer_id, &s))
            gui_dot(ctx, gui_status_color(ctx, s), 9);
        else
            gui_icon_cell(ctx, UI_ICON_USER, ctx->theme.text_dim, 14);
        bool unread = c->unread && strcmp(c->peer, st->current_peer) != 0;
        ui_label_ex(ctx, c->peer, unread ? UI_FONT_BOLD : UI_FONT_REGULAR, 0, 0);
        if (unread) {
            char badge[16];
            gui_str_fmt(badge, sizeof badge, "%u", c->unread > 99 ? 99u : (unsigned)c->unread);
            ui_label_ex(ctx, badge, UI_FONT_BOLD, ui_font_size_small(ctx), UI_OPT_RIGHT);
        } else {
            ui_layout_skip(ctx);
        }
        ui_pop_id(ctx);
    }
    ui_list_end(ctx, &l);
    if (v->dm_selected >= 0 && v->dm_selected < n && v->dm_selected != selected)
        gui_state_open_dm(st, dms[v->dm_selected]->peer, dms[v->dm_selected]->peer_id);
    if (ui_button_ex(ctx, "New message", UI_ICON_PLUS,
                     gui_state_is_guest(st) ? UI_OPT_DISABLED : 0)) {
        v->search_open = true;
        v->focus_input = true;
    }
    ui_tooltip(ctx, "Find someone to write to (Ctrl+F)");
    ui_panel_end(ctx);
}

static void gui_dms_chat(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_panel_begin(ctx, "dm", UI_OPT_NO_SCROLL);
    gui_convo *c = gui_state_find_dm_convo(st, st->current_peer);
    if (gui_state_is_guest(st) || !c) {
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        if (gui_state_is_guest(st)) {
            ui_label_ex(ctx, "Direct messages are for accounts", UI_FONT_BOLD,
                        ui_font_size_title(ctx), 0);
            ui_text(ctx, "Guests can talk in rooms. Log out and register an account on the "
                         "log-in screen to write to people directly; messages to someone who "
                         "is offline wait for them.");
        } else {
            ui_label_ex(ctx, "No conversation open", UI_FONT_BOLD, ui_font_size_title(ctx), 0);
            ui_text(ctx, "Pick a conversation on the left, press the message button next to "
                         "someone in a room, or start one with New message.");
        }
        ui_panel_end(ctx);
        return;
    }
    if (!c->loaded && c->peer_id && st->link.state == GUI_LINK_ONLINE) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_HISTORY);
        if (a) {
            a->peer_id = c->peer_id;
            c->loaded = true;
            c->history_pending = true;
        }
    }
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(40), UI_FLEX(1), UI_PX(36)});
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 4, (ui_size[]){UI_PX(22), UI_FLEX(1), UI_PX(160), UI_PX(36)}, UI_FLEX(1));
    msg_status s;
    bool known = gui_dms_status(st, c->peer_id, &s);
    gui_icon_cell(ctx, UI_ICON_USER, known ? gui_status_color(ctx, s) : ctx->theme.text_dim, 18);
    ui_label_ex(ctx, c->peer, UI_FONT_BOLD, ui_font_size_title(ctx), 0);
    ui_label_ex(ctx, known ? gui_status_label(s) : "", UI_FONT_REGULAR, ui_font_size_small(ctx),
                UI_OPT_DIM | UI_OPT_RIGHT);
    /* unknown status: the server says whether they can be reached */
    gui_call_button(v, st, ctx, "Call##dm", false, c->peer, c->peer_id,
                    known ? s : MSG_STATUS_ONLINE, 0);
    ui_layout_column_end(ctx);
    gui_chatview_sync(&v->dm_chat, v, st, ctx, "dm chat", c);
    ui_chat_view(ctx, "dm chat", &v->dm_chat.log);
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(36)}, UI_FLEX(1));
    char hint[MSG_NAME_MAX + 32];
    gui_str_fmt(hint, sizeof hint, "Message %s", c->peer);
    if (v->focus_input) {
        gui_focus(ctx, "dm message");
        v->focus_input = false;
    }
    int res = ui_textfield_ex(ctx, "dm message", v->dm_input, (int)sizeof v->dm_input, hint,
                              &v->history, 0);
    bool send = ui_icon_button(ctx, "Send##dm", UI_ICON_SEND, UI_OPT_PRIMARY);
    ui_tooltip(ctx, "Send (Enter)");
    if (((res & UI_RES_SUBMIT) || send) && v->dm_input[0]) {
        if (gui_view_submit(v, st, v->dm_input, 0, c->peer)) {
            v->dm_input[0] = '\0';
            ui_chat_view_scroll_to_bottom(ctx, "dm chat");
        }
    }
    ui_layout_column_end(ctx);
    ui_panel_end(ctx);
}

void gui_screen_dms(gui_view *v, gui_state *st, ui_context *ctx)
{
    float lw = (float)ctx->width / ctx->scale;
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(lw >= 1000.0f ? 240 : 200), UI_FLEX(1)}, UI_FLEX(1));
    gui_dms_list(v, st, ctx);
    gui_dms_chat(v, st, ctx);
}
