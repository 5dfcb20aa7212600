/* gui_scr_enter.c — the way in: the start screen (servers on the LAN, an address, hosting a
 * server here) and the log-in screen (log in, register, guest). */
#include "gui_view.h"
#include "gui_str.h"

#include "net.h"

#include <stdio.h>
#include <string.h>

static void gui_enter_connect(gui_view *v, const char *address)
{
    gui_action *a = gui_actions_push(&v->actions, GUI_ACT_CONNECT);
    if (a) gui_str_copy(a->text, sizeof a->text, address);
}

/* A row with a warning icon and a line of text (errors under a form). */
static void gui_enter_problem(ui_context *ctx, const char *text)
{
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(22), UI_FLEX(1)}, UI_AUTO);
    gui_icon_cell(ctx, UI_ICON_WARNING, ctx->theme.danger, 16);
    ui_label(ctx, text);
    ui_tooltip(ctx, text);
}

static void gui_enter_found(gui_view *v, gui_state *st, ui_context *ctx)
{
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(110)}, UI_AUTO);
    gui_caption(ctx, "ON THIS NETWORK");
    if (ui_button_ex(ctx, st->discovering ? "Looking" : "Refresh", UI_ICON_SEARCH,
                     st->discovering ? UI_OPT_DISABLED : 0))
        gui_actions_push(&v->actions, GUI_ACT_DISCOVER);
    ui_tooltip(ctx, "Ask the local network again which Parley servers there are");
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_PX(4 * 40 + 4));
    if (st->found_count == 0) {
        ui_layout_column_begin(ctx);
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        ui_label_ex(ctx,
                    st->discovering ? "Looking for servers..."
                                    : "No server answered. Type an address, or host one.",
                    UI_FONT_REGULAR, 0, UI_OPT_DIM);
        ui_layout_column_end(ctx);
        return;
    }
    ui_list l;
    ui_list_begin(ctx, "servers", st->found_count, 40, &v->found_selected, &l);
    for (int i = l.first; i < l.last; i++) {
        const cl_found *f = &st->found[i];
        char addr[NET_ADDR_STR_MAX], users[32];
        net_addr_str(&f->addr, addr);
        gui_str_fmt(users, sizeof users, "%u online", (unsigned)f->info.users);
        ui_push_id_int(ctx, i);
        ui_list_row(ctx, &l, i, 4, (ui_size[]){UI_FLEX(1), UI_PX(80), UI_PX(150), UI_PX(100)});
        ui_label_ex(ctx, f->info.name, UI_FONT_BOLD, 0, 0);
        ui_label_ex(ctx, users, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
        ui_label_ex(ctx, addr, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
        if (gui_cell_button(ctx, "Connect", UI_ICON_NONE, UI_OPT_PRIMARY, 30)) {
            gui_str_copy(v->address, sizeof v->address, addr);
            gui_enter_connect(v, addr);
        }
        ui_pop_id(ctx);
    }
    ui_list_end(ctx, &l);
    if (l.activated && v->found_selected >= 0 && v->found_selected < st->found_count) {
        char addr[NET_ADDR_STR_MAX];
        net_addr_str(&st->found[v->found_selected].addr, addr);
        gui_str_copy(v->address, sizeof v->address, addr);
        gui_enter_connect(v, addr);
    }
}

void gui_screen_start(gui_view *v, gui_state *st, ui_context *ctx)
{
    gui_card_begin(ctx, "start", 620);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_PX(44));
    ui_label_ex(ctx, "Join a Parley server", UI_FONT_BOLD, ui_font_size_title(ctx) * 4 / 3, 0);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_text(ctx, "Servers on your network show up here by themselves. Pick one, type an "
                 "address, or host a server on this PC.");
    bool busy = st->link.state != GUI_LINK_NONE;
    if (busy) {
        char text[400];
        if (st->link.state == GUI_LINK_WAITING && st->link.text[0])
            gui_str_fmt(text, sizeof text, "No answer from %s yet (%s); trying again.",
                        st->link.server, st->link.text);
        else
            gui_str_fmt(text, sizeof text, "Connecting to %s...", st->link.server);
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        ui_text(ctx, text);
        ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(120)}, UI_AUTO);
        ui_layout_skip(ctx);
        if (ui_button(ctx, "Cancel")) gui_actions_push(&v->actions, GUI_ACT_DISCONNECT);
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        ui_separator(ctx);
    }
    gui_enter_found(v, st, ctx);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_separator(ctx);
    gui_caption(ctx, "SERVER ADDRESS");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(120)}, UI_AUTO);
    int res = ui_textfield_ex(ctx, "address", v->address, (int)sizeof v->address,
                              "192.168.1.10 or name:7777", NULL, 0);
    bool go = ui_button_ex(ctx, "Connect", UI_ICON_CHEVRON_RIGHT,
                           v->address[0] && !busy ? UI_OPT_PRIMARY : UI_OPT_DISABLED);
    if ((go || (res & UI_RES_SUBMIT)) && v->address[0] && !busy) gui_enter_connect(v, v->address);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_separator(ctx);
    gui_caption(ctx, "NO SERVER YET?");
    ui_text(ctx, st->hosting ? "A server started from here is running on this PC. It stops when "
                               "you close Parley."
                             : "Start a server on this PC. People on your network find it "
                               "here; it runs while Parley is open.");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(200)}, UI_AUTO);
    ui_layout_skip(ctx);
    if (ui_button_ex(ctx, "Host a server here", UI_ICON_PLUS,
                     st->hosting || busy ? UI_OPT_DISABLED : 0))
        gui_actions_push(&v->actions, GUI_ACT_HOST);
    gui_card_end(ctx);
}

/* ---- log in ------------------------------------------------------------------------------ */

static void gui_enter_submit(gui_view *v, gui_state *st, gui_action_kind kind)
{
    gui_action *a = gui_actions_push(&v->actions, kind);
    if (!a) return;
    gui_str_copy(a->name, sizeof a->name, v->login_name);
    if (kind != GUI_ACT_GUEST) gui_str_copy(a->secret, sizeof a->secret, v->login_password);
    if (kind == GUI_ACT_REGISTER) gui_str_copy(a->email, sizeof a->email, v->login_email);
    memset(v->login_password, 0, sizeof v->login_password);
    st->login_error[0] = '\0';
}

void gui_screen_login(gui_view *v, gui_state *st, ui_context *ctx)
{
    static const char *const tabs[] = {"Log in", "Register", "Guest"};
    gui_card_begin(ctx, "login", 500);
    char title[MSG_SERVER_NAME_MAX + 32];
    gui_str_fmt(title, sizeof title, "Welcome to %s", st->have_info ? st->info.name : "the server");
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_PX(44));
    ui_label_ex(ctx, title, UI_FONT_BOLD, ui_font_size_title(ctx) * 4 / 3, 0);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    if (st->have_info && st->info.motd[0]) ui_text(ctx, st->info.motd);
    char sub[128];
    if (st->have_info)
        gui_str_fmt(sub, sizeof sub, "%s - %u online", st->link.server,
                    (unsigned)st->info.users_online);
    else
        gui_str_fmt(sub, sizeof sub, "%s", st->link.server);
    ui_label_ex(ctx, sub, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
    ui_tabs(ctx, "how", tabs, 3, &v->login_tab);
    bool waiting = st->login_req != 0 || st->link.state != GUI_LINK_ONLINE;
    bool guests = !st->have_info || st->info.guests_allowed;
    bool accounts = !st->have_info || st->info.register_allowed;
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(100), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Name");
    /* arriving here: the caret goes to the name, or to the password when the name is known */
    bool to_password = false;
    if (!v->login_shown) {
        v->focus_input = !v->login_name[0] || v->login_tab == 2;
        to_password = !v->focus_input;
        v->login_shown = true;
    }
    if (v->focus_input) {
        gui_focus(ctx, "login name");
        v->focus_input = false;
    }
    int res = ui_textfield_ex(ctx, "login name", v->login_name, (int)sizeof v->login_name,
                              v->login_tab == 2 ? "How others see you" : "Your account", NULL, 0);
    if (v->login_tab != 2) {
        ui_label(ctx, "Password");
        if (to_password) gui_focus(ctx, "login password");
        res |= ui_textfield_ex(
            ctx, "login password", v->login_password, (int)sizeof v->login_password,
            v->login_tab == 1 ? "At least 8 characters" : "", NULL, UI_OPT_PASSWORD);
    }
    if (v->login_tab == 1) {
        ui_label(ctx, "E-mail");
        res |= ui_textfield_ex(ctx, "login email", v->login_email, (int)sizeof v->login_email,
                               "Optional", NULL, 0);
    }
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    const char *why = NULL;
    if (v->login_tab == 2)
        why = guests ? "Guests can chat in rooms; direct messages, new rooms and the invisible "
                       "status need an account."
                     : "This server does not let guests in: log in or register.";
    else if (v->login_tab == 1 && !accounts)
        why = "This server does not take new accounts: ask its operator.";
    if (why) ui_text(ctx, why);
    if (st->login_error[0]) gui_enter_problem(ctx, st->login_error);
    gui_action_kind kind = v->login_tab == 0   ? GUI_ACT_LOGIN
                           : v->login_tab == 1 ? GUI_ACT_REGISTER
                                               : GUI_ACT_GUEST;
    bool allowed = (kind != GUI_ACT_GUEST || guests) && (kind != GUI_ACT_REGISTER || accounts);
    bool filled = v->login_name[0] && (kind == GUI_ACT_GUEST || v->login_password[0]);
    const char *label = st->login_req           ? "Logging in"
                        : kind == GUI_ACT_LOGIN ? "Log in"
                        : kind == GUI_ACT_GUEST ? "Enter as guest"
                                                : "Create account";
    ui_layout_row(ctx, 3, (ui_size[]){UI_PX(110), UI_FLEX(1), UI_PX(170)}, UI_AUTO);
    if (ui_button_ex(ctx, "Back", UI_ICON_CHEVRON_LEFT, 0))
        gui_actions_push(&v->actions, GUI_ACT_DISCONNECT);
    ui_layout_skip(ctx);
    bool ok = allowed && filled && !waiting;
    if ((ui_button_ex(ctx, label, UI_ICON_NONE, ok ? UI_OPT_PRIMARY : UI_OPT_DISABLED) ||
         (res & UI_RES_SUBMIT)) &&
        ok)
        gui_enter_submit(v, st, kind);
    gui_card_end(ctx);
}
