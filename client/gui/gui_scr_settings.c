/* gui_scr_settings.c — the settings: theme, text size, the notification sound, the stage, the
 * overlay chat, the account and the connection; voice and audio on their own tab
 * (gui_voice.c). Changes apply at once and are saved (GUI_ACT_SETTINGS). */
#include "gui_view.h"
#include "gui_str.h"

#include <stdio.h>

static void gui_settings_changed(gui_view *v)
{
    gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
}

void gui_screen_settings(gui_view *v, gui_state *st, ui_context *ctx)
{
    static const char *const themes[] = {"Light", "Dark"};
    gui_settings *s = &st->settings;
    static const char *const tabs[] = {"General", "Voice and audio"};
    gui_card_begin(ctx, "settings", 620);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(280)}, UI_PX(44));
    ui_label_ex(ctx, "Settings", UI_FONT_BOLD, ui_font_size_title(ctx) * 4 / 3, 0);
    ui_tabs(ctx, "settings tabs", tabs, 2, &v->settings_tab);
    if (v->settings_tab == 1) {
        gui_voice_settings(v, st, ctx);
        gui_card_end(ctx);
        return;
    }

    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    gui_caption(ctx, "APPEARANCE");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Theme");
    int theme = s->dark ? 1 : 0;
    if (ui_tabs(ctx, "theme", themes, 2, &theme)) {
        s->dark = theme == 1;
        gui_settings_changed(v);
    }
    ui_label(ctx, "Text size");
    float pct = s->scale * 100.0f;
    if (ui_slider(ctx, "scale", &pct, GUI_SCALE_MIN * 100.0f, GUI_SCALE_MAX * 100.0f, 5.0f,
                  "%.0f %%")) {
        s->scale = pct / 100.0f;
        gui_settings_changed(v);
    }
    ui_tooltip(ctx, "Scales text and everything else; applied when you let go");

    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    gui_caption(ctx, "NOTIFICATIONS");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(110)}, UI_AUTO);
    if (ui_checkbox(ctx, "Sound for mentions and direct messages", &s->sound))
        gui_settings_changed(v);
    if (ui_button_ex(ctx, "Play", UI_ICON_SPEAKER, 0))
        gui_actions_push(&v->actions, GUI_ACT_TEST_SOUND);
    ui_tooltip(ctx, "Play the notification sound once");

    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    gui_caption(ctx, "ROOMS");
    if (ui_checkbox(ctx, "Show the stage above the chat", &s->stage)) gui_settings_changed(v);

    gui_caption(ctx, "OVERLAY CHAT");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Lines fade after");
    float fade = (float)s->overlay_fade_s;
    if (ui_slider(ctx, "fade", &fade, (float)GUI_FADE_MIN, (float)GUI_FADE_MAX, 1.0f, "%.0f s")) {
        s->overlay_fade_s = (int)(fade + 0.5f);
        gui_settings_changed(v);
    }
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_text(ctx, "In a room, F2 lays the chat over the stage like a game does: new lines fade "
                 "away, Enter or T opens the input, Esc closes it. F3 opens a small window that "
                 "stays on top of other windows, to keep beside a game.");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(230)}, UI_AUTO);
    ui_layout_skip(ctx);
    if (ui_button_ex(ctx, "Open the compact window", UI_ICON_CHEVRON_DOWN,
                     st->logged_in ? 0 : UI_OPT_DISABLED)) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_COMPACT);
        if (a) a->number = 1;
    }

    if (st->link.state != GUI_LINK_NONE) {
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        gui_caption(ctx, "ACCOUNT");
        char who[MSG_NAME_MAX + 96];
        if (st->logged_in)
            gui_str_fmt(who, sizeof who, "Logged in as %s (%s) on %s", st->me.name,
                        msg_role_name(st->me.role), st->link.server);
        else
            gui_str_fmt(who, sizeof who, "Connected to %s, not logged in", st->link.server);
        ui_label(ctx, who);
        ui_layout_row(ctx, 3, (ui_size[]){UI_FLEX(1), UI_PX(120), UI_PX(140)}, UI_AUTO);
        ui_layout_skip(ctx);
        if (ui_button_ex(ctx, "Log out", UI_ICON_NONE, st->logged_in ? 0 : UI_OPT_DISABLED))
            gui_actions_push(&v->actions, GUI_ACT_LOGOUT);
        if (ui_button_ex(ctx, "Disconnect", UI_ICON_NONE, UI_OPT_DANGER))
            gui_actions_push(&v->actions, GUI_ACT_DISCONNECT);
    }
    if (v->config_path[0]) {
        char where[360];
        gui_str_fmt(where, sizeof where, "Saved in %s", v->config_path);
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
        ui_label_ex(ctx, where, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
        ui_tooltip(ctx, where);
    }
    gui_card_end(ctx);
}
