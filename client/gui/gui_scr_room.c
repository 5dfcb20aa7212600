/* gui_scr_room.c — a room: the rooms one is in (wide windows), the stage (the video grid's
 * place), the chat with its message field, the member list with status and talking rings and
 * the voice controls under it (gui_voice.c); F2 turns it into the overlay view. */
#include "gui_view.h"
#include "gui_str.h"

#include <stdio.h>
#include <string.h>

static void gui_room_open(gui_view *v, gui_state *st, uint32_t id)
{
    gui_state_open_room(st, id);
    v->focus_input = !v->overlay;
}

static void gui_room_sidebar(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_panel_begin(ctx, "my rooms", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(36)});
    gui_caption(ctx, "YOUR ROOMS");
    const cl_room *mine[CL_MAX_ROOMS];
    int n = 0, selected = -1;
    for (int i = 0; i < st->room_count; i++)
        if (st->rooms[i]->joined) {
            if (st->rooms[i]->id == st->current_room) selected = n;
            mine[n++] = st->rooms[i];
        }
    ui_list l;
    ui_list_begin(ctx, "room list", n, 32, &selected, &l);
    for (int i = l.first; i < l.last; i++) {
        const cl_room *r = mine[i];
        gui_convo *c = gui_state_find_room_convo(st, r->id);
        ui_push_id_int(ctx, (int)r->id);
        if (ui_list_row(ctx, &l, i, 3, (ui_size[]){UI_PX(18), UI_FLEX(1), UI_PX(30)}))
            gui_room_open(v, st, r->id);
        gui_icon_cell(ctx, r->is_private ? UI_ICON_LOCK : UI_ICON_HASH, ctx->theme.text_dim, 14);
        bool unread = c && c->unread && r->id != st->current_room;
        ui_label_ex(ctx, r->name, unread ? UI_FONT_BOLD : UI_FONT_REGULAR, 0, 0);
        if (unread) {
            char badge[16];
            gui_str_fmt(badge, sizeof badge, "%u", c->unread > 99 ? 99u : (unsigned)c->unread);
            ui_label_ex(ctx, badge, UI_FONT_BOLD, ui_font_size_small(ctx), UI_OPT_RIGHT);
        } else {
            char count[16];
            gui_str_fmt(count, sizeof count, "%u", (unsigned)r->online);
            ui_label_ex(ctx, count, UI_FONT_REGULAR, ui_font_size_small(ctx),
                        UI_OPT_DIM | UI_OPT_RIGHT);
        }
        ui_pop_id(ctx);
    }
    ui_list_end(ctx, &l);
    if (selected >= 0 && selected < n && mine[selected]->id != st->current_room)
        gui_room_open(v, st, mine[selected]->id); /* arrow keys */
    if (ui_button_ex(ctx, "Browse rooms", UI_ICON_HASH, 0)) {
        st->screen = GUI_SCREEN_LOBBY;
        gui_actions_push(&v->actions, GUI_ACT_LIST_ROOMS);
    }
    ui_panel_end(ctx);
}

static const char *gui_room_role(msg_role r)
{
    switch (r) {
    case MSG_ROLE_OWNER:
        return "owner";
    case MSG_ROLE_ADMIN:
        return "admin";
    case MSG_ROLE_MODERATOR:
        return "mod";
    case MSG_ROLE_GUEST:
        return "guest";
    default:
        return "";
    }
}

static void gui_room_members(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_panel_begin(ctx, "members panel", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(96)});
    gui_roster *r = gui_state_find_roster(st, st->current_room);
    char title[64];
    if (r && (r->count || !r->loading_req))
        gui_str_fmt(title, sizeof title, "MEMBERS \xe2\x80\x94 %d ONLINE", r->online);
    else
        gui_str_fmt(title, sizeof title, "MEMBERS");
    gui_caption(ctx, title);
    if (!r || (!r->count && r->loading_req)) {
        ui_layout_column_begin(ctx);
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        ui_label_ex(ctx, st->current_room ? "Loading..." : "", UI_FONT_REGULAR, 0, UI_OPT_DIM);
        ui_layout_column_end(ctx);
        gui_voice_panel(v, st, ctx);
        ui_panel_end(ctx);
        return;
    }
    gui_roster_sort(r);
    bool guest = gui_state_is_guest(st);
    bool voice = gui_voice_room(st) == st->current_room && st->current_room;
    ui_list l;
    ui_list_begin(ctx, "members", r->count, 34, &v->member_selected, &l);
    for (int i = l.first; i < l.last; i++) {
        const gui_member *m = &r->v[i];
        ui_push_id_int(ctx, (int)m->user_id);
        /* in voice, the role's place holds the volume button (the role stays in the tooltip) */
        ui_list_row(ctx, &l, i, 4,
                    (ui_size[]){UI_PX(16), UI_FLEX(1), UI_PX(voice ? 30 : 40), UI_PX(30)});
        /* the Call button joins the row's actions while it is hovered or selected (not for
         * yourself or someone offline) */
        bool self = st->logged_in && m->user_id == st->me.user_id;
        bool hot = ctx->hover == ctx->last_id || v->member_selected == i;
        bool call = hot && !self && m->status != MSG_STATUS_OFFLINE;
        if (call)
            ui_layout_row(
                ctx, 5,
                (ui_size[]){UI_PX(16), UI_FLEX(1), UI_PX(voice ? 30 : 40), UI_PX(30), UI_PX(30)},
                UI_AUTO);
        /* status dot; the voice engine's talking level draws a ring around it */
        ui_rect cell = ui_layout_next(ctx);
        int d = ui_px(ctx, 9), ring = ui_px(ctx, 15);
        ui_rect dot = {cell.x + (cell.w - d) / 2, cell.y + (cell.h - d) / 2, d, d};
        if (m->talking > 0.05f) {
            ui_color c = ctx->theme.success;
            c.a = (uint8_t)(110 + 145 * m->talking);
            ui_draw_icon(
                ctx, UI_ICON_RING,
                (ui_rect){cell.x + (cell.w - ring) / 2, cell.y + (cell.h - ring) / 2, ring, ring},
                c);
        }
        ui_draw_icon(ctx, UI_ICON_DOT, dot, gui_status_color(ctx, m->status));
        char name[MSG_NAME_MAX + 16];
        gui_str_fmt(name, sizeof name, "%s%s", m->name, self ? " (you)" : "");
        ui_label_ex(ctx, name, UI_FONT_REGULAR, 0,
                    m->status == MSG_STATUS_OFFLINE ? UI_OPT_DIM : 0);
        char tip[MSG_STATUS_TEXT_MAX + 64];
        const char *role = gui_room_role(m->role);
        gui_str_fmt(tip, sizeof tip, "%s%s%s%s%s%s", gui_status_label(m->status),
                    m->status_text[0] ? ": " : "", m->status_text, m->muted ? " (muted here)" : "",
                    voice && role[0] ? ", " : "", voice ? role : "");
        ui_tooltip(ctx, tip);
        if (!voice) {
            ui_label_ex(ctx, role, UI_FONT_REGULAR, ui_font_size_small(ctx),
                        UI_OPT_DIM | UI_OPT_RIGHT);
        } else if (self) {
            ui_layout_skip(ctx);
        } else {
            bool loud = gui_voice_volume_of(&st->voice, m->user_id) != 1.0f;
            if (ui_icon_button(ctx, "Volume##member", UI_ICON_SPEAKER,
                               UI_OPT_FLAT | (loud ? UI_OPT_SELECTED : 0))) {
                v->member_open = true;
                v->member_user = m->user_id;
            }
            ui_tooltip(ctx, "Volume and more");
        }
        if (call)
            gui_call_button(v, st, ctx, "Call##member", false, m->name, m->user_id, m->status,
                            UI_OPT_FLAT);
        bool can = !self && !guest && m->role != MSG_ROLE_GUEST;
        if (ui_icon_button(ctx, "Message##member", UI_ICON_MESSAGE,
                           UI_OPT_FLAT | (can ? 0 : UI_OPT_DISABLED))) {
            gui_state_open_dm(st, m->name, m->user_id);
            v->focus_input = true;
        }
        ui_tooltip(ctx, can ? "Send a direct message" : "Direct messages are between accounts");
        ui_pop_id(ctx);
    }
    ui_list_end(ctx, &l);
    if (l.activated && v->member_selected >= 0 && v->member_selected < r->count) {
        const gui_member *m = &r->v[v->member_selected];
        if (!guest && m->role != MSG_ROLE_GUEST && m->user_id != st->me.user_id)
            gui_state_open_dm(st, m->name, m->user_id);
    }
    gui_voice_panel(v, st, ctx);
    ui_panel_end(ctx);
}

/* The header: the room's name and topic, and its buttons. */
static void gui_room_top(gui_view *v, gui_state *st, ui_context *ctx, const cl_room *r)
{
    int size = ui_font_size_title(ctx);
    int name_w = ui_text_width(ctx, UI_FONT_BOLD, size, r->name, -1) + ui_px(ctx, 12);
    float name_lw = (float)name_w / ctx->scale;
    float max_lw = (float)ctx->width / ctx->scale * 0.3f;
    if (name_lw > max_lw) name_lw = max_lw;
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 7,
                  (ui_size[]){UI_PX(22), UI_PX(name_lw), UI_FLEX(1), UI_PX(36), UI_PX(36),
                              UI_PX(36), UI_PX(36)},
                  UI_FLEX(1));
    gui_icon_cell(ctx, r->is_private ? UI_ICON_LOCK : UI_ICON_HASH, ctx->theme.text_dim, 18);
    ui_label_ex(ctx, r->name, UI_FONT_BOLD, size, 0);
    ui_label_ex(ctx, r->topic, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
    if (r->topic[0]) ui_tooltip(ctx, r->topic);
    if (ui_icon_button(ctx, "Stage##room", UI_ICON_USERS,
                       st->settings.stage && !v->overlay ? UI_OPT_SELECTED : 0)) {
        if (v->overlay) {
            v->overlay = false;
        } else {
            st->settings.stage = !st->settings.stage;
            gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
        }
    }
    ui_tooltip(ctx, "Show or hide the stage (where video will appear)");
    if (ui_icon_button(ctx, "Overlay##room", UI_ICON_SCREEN, v->overlay ? UI_OPT_SELECTED : 0)) {
        v->overlay = !v->overlay;
        v->overlay_typing = false;
        v->focus_input = !v->overlay;
    }
    ui_tooltip(ctx, "Overlay chat over the stage (F2); Enter or T to type");
    if (ui_icon_button(ctx, "Compact##room", UI_ICON_CHEVRON_DOWN, 0)) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_COMPACT);
        if (a) a->number = 1;
    }
    ui_tooltip(ctx, "A small window that stays on top, to keep beside a game (F3)");
    if (ui_icon_button(ctx, "Leave##room", UI_ICON_CLOSE, UI_OPT_FLAT)) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_LEAVE);
        if (a) a->room_id = r->id;
    }
    ui_tooltip(ctx, "Leave this room");
    ui_layout_column_end(ctx);
}

static void gui_room_input(gui_view *v, gui_state *st, ui_context *ctx, const cl_room *r)
{
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(36)}, UI_FLEX(1));
    char hint[MSG_ROOM_NAME_MAX + 48];
    gui_str_fmt(hint, sizeof hint, "Message #%s (/help for commands)", r->name);
    if (v->focus_input) {
        gui_focus(ctx, "message");
        v->focus_input = false;
    }
    int res = ui_textfield_ex(ctx, "message", v->input, (int)sizeof v->input, hint, &v->history, 0);
    bool send = ui_icon_button(ctx, "Send##send", UI_ICON_SEND, UI_OPT_PRIMARY);
    ui_tooltip(ctx, "Send (Enter)");
    if ((res & UI_RES_SUBMIT) || send) {
        if (v->input[0] && gui_view_submit(v, st, v->input, r->id, NULL)) {
            v->input[0] = '\0';
            ui_chat_view_scroll_to_bottom(ctx, "chat");
        }
        if (send) v->focus_input = true;
    }
    if (res & UI_RES_LIMIT)
        gui_state_note(st, GUI_NOTE_WARNING, "A message holds at most %u bytes",
                       (unsigned)MSG_TEXT_MAX);
    ui_layout_column_end(ctx);
}

static void gui_room_center(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_panel_begin(ctx, "center", UI_OPT_NO_SCROLL);
    const cl_room *r = gui_state_room(st, st->current_room);
    if (!r || !r->joined) {
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        ui_label_ex(ctx, "You are not in a room", UI_FONT_BOLD, ui_font_size_title(ctx), 0);
        ui_text(ctx, st->join_req ? "Joining..." : "Open the lobby to find a room to join.");
        ui_layout_row(ctx, 2, (ui_size[]){UI_PX(170), UI_FLEX(1)}, UI_AUTO);
        if (ui_button_ex(ctx, "Open the lobby", UI_ICON_HASH, UI_OPT_PRIMARY)) {
            st->screen = GUI_SCREEN_LOBBY;
            gui_actions_push(&v->actions, GUI_ACT_LIST_ROOMS);
        }
        ui_panel_end(ctx);
        return;
    }
    gui_convo *c = gui_state_room_convo(st, r->id);
    if (c && !c->loaded && st->link.state == GUI_LINK_ONLINE && st->logged_in) {
        /* members and recent history come with the join (already-shown ones are skipped) */
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_JOIN);
        if (a) {
            a->room_id = r->id;
            a->number = 1; /* loading, not the person's own join */
            gui_str_copy(a->name, sizeof a->name, r->name);
            c->loaded = true;
        }
    }
    if (v->input_room != r->id) { /* a room just opened: the caret goes to its field */
        v->input_room = r->id;
        if (!v->overlay) v->focus_input = true;
    }
    float lh = (float)ctx->height / ctx->scale;
    if (v->overlay) {
        ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(40), UI_FLEX(1)});
        gui_room_top(v, st, ctx, r);
        ui_layout_column_begin(ctx);
        ui_rect area = ctx->last_rect;
        gui_stage(v, st, ctx, area);
        gui_overlay_chat(v, st, ctx, area, false);
        ui_layout_column_end(ctx);
        ui_panel_end(ctx);
        return;
    }
    bool stage = st->settings.stage && lh >= 520.0f;
    float stage_h = (lh - 52.0f) * 0.34f;
    if (stage) {
        ui_layout_rows(ctx, 4, (ui_size[]){UI_PX(40), UI_PX(stage_h), UI_FLEX(1), UI_PX(36)});
        gui_room_top(v, st, ctx, r);
        gui_stage(v, st, ctx, ui_layout_next(ctx));
    } else {
        ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(40), UI_FLEX(1), UI_PX(36)});
        gui_room_top(v, st, ctx, r);
    }
    gui_chatview_sync(&v->chat, v, st, ctx, "chat", c);
    ui_chat_view(ctx, "chat", &v->chat.log);
    gui_room_input(v, st, ctx, r);
    ui_panel_end(ctx);
}

void gui_screen_room(gui_view *v, gui_state *st, ui_context *ctx)
{
    float lw = (float)ctx->width / ctx->scale;
    bool wide = lw >= 1000.0f;
    if (wide)
        ui_layout_row(ctx, 3, (ui_size[]){UI_PX(210), UI_FLEX(1), UI_PX(240)}, UI_FLEX(1));
    else
        ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(210)}, UI_FLEX(1));
    if (wide) gui_room_sidebar(v, st, ctx);
    gui_room_center(v, st, ctx);
    gui_room_members(v, st, ctx);
}
