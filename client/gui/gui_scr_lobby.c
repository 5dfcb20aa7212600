/* gui_scr_lobby.c — the lobby: every room the person may see, with live member counts; open,
 * join (private rooms ask for their password), create, join a private room by name. */
#include "gui_view.h"
#include "gui_str.h"

#include <stdio.h>
#include <string.h>

/* Opens a room the person is in, or asks to join one. */
static void gui_lobby_enter(gui_view *v, gui_state *st, const cl_room *r)
{
    if (r->joined) {
        gui_state_open_room(st, r->id);
        v->focus_input = true;
        return;
    }
    if (r->is_private) {
        st->password_prompt = true;
        gui_str_copy(st->password_room, sizeof st->password_room, r->name);
        st->password_error[0] = '\0';
        v->focus_input = true;
        return;
    }
    gui_action *a = gui_actions_push(&v->actions, GUI_ACT_JOIN);
    if (a) {
        a->room_id = r->id;
        gui_str_copy(a->name, sizeof a->name, r->name);
    }
}

void gui_screen_lobby(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_FLEX(1));
    ui_panel_begin(ctx, "lobby", UI_OPT_NO_SCROLL);
    bool narrow = (float)ctx->width / ctx->scale < 900.0f;
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(40), UI_PX(26), UI_FLEX(1)});
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 3, (ui_size[]){UI_FLEX(1), UI_PX(narrow ? 150 : 180), UI_PX(150)},
                  UI_FLEX(1));
    ui_label_ex(ctx, "Rooms", UI_FONT_BOLD, ui_font_size_title(ctx) * 4 / 3, 0);
    if (ui_button_ex(ctx, narrow ? "Private room" : "Join a private room", UI_ICON_LOCK, 0)) {
        v->join_open = true;
        v->join_name[0] = '\0';
    }
    ui_tooltip(ctx, "Join a private room by its name and password");
    bool guest = gui_state_is_guest(st);
    if (ui_button_ex(ctx, "Create room", UI_ICON_PLUS, guest ? UI_OPT_DISABLED : UI_OPT_PRIMARY))
        v->create_open = true;
    ui_tooltip(ctx, guest ? "Guests cannot create rooms" : "Create a public or private room");
    ui_layout_column_end(ctx);
    char sub[96];
    int joined = 0;
    for (int i = 0; i < st->room_count; i++) joined += st->rooms[i]->joined;
    gui_str_fmt(sub, sizeof sub, "%d room%s, you are in %d. Counts are live: online / members.",
                st->room_count, st->room_count == 1 ? "" : "s", joined);
    ui_label_ex(ctx, sub, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);

    ui_list l;
    ui_list_begin(ctx, "rooms", st->room_count, 44, &v->lobby_selected, &l);
    for (int i = l.first; i < l.last; i++) {
        const cl_room *r = st->rooms[i];
        char count[32];
        gui_str_fmt(count, sizeof count, "%u / %u", (unsigned)r->online, (unsigned)r->total);
        ui_push_id_int(ctx, (int)r->id);
        if (narrow)
            ui_list_row(ctx, &l, i, 4, (ui_size[]){UI_PX(22), UI_FLEX(1), UI_PX(76), UI_PX(90)});
        else
            ui_list_row(ctx, &l, i, 5,
                        (ui_size[]){UI_PX(22), UI_PX(220), UI_FLEX(1), UI_PX(90), UI_PX(100)});
        gui_icon_cell(ctx, r->is_private ? UI_ICON_LOCK : UI_ICON_HASH, ctx->theme.text_dim, 16);
        ui_label_ex(ctx, r->name, r->joined ? UI_FONT_BOLD : UI_FONT_REGULAR, 0, 0);
        if (r->topic[0]) ui_tooltip(ctx, r->topic);
        if (!narrow)
            ui_label_ex(ctx, r->topic[0] ? r->topic : "", UI_FONT_REGULAR, ui_font_size_small(ctx),
                        UI_OPT_DIM);
        ui_label_ex(ctx, count, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_RIGHT);
        ui_tooltip(ctx, "Online now / members");
        if (gui_cell_button(ctx, r->joined ? "Open" : "Join", UI_ICON_NONE,
                            r->joined ? 0 : UI_OPT_PRIMARY, 30))
            gui_lobby_enter(v, st, r);
        ui_pop_id(ctx);
    }
    ui_list_end(ctx, &l);
    if (l.activated && v->lobby_selected >= 0 && v->lobby_selected < st->room_count)
        gui_lobby_enter(v, st, st->rooms[v->lobby_selected]);
    ui_panel_end(ctx);
}
