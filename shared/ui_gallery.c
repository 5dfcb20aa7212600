/* ui_gallery.c — the every-widget screen used by uidemo, uibench and the layout tests. */
#include "ui_gallery.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const ui_gallery_authors[] = {
    "alice", "bob", "carol", "dmitri", "\xc3\xa9lodie", "farid", "grace", "hiro", "ines", "jonas"};
static const uint32_t ui_gallery_author_colors[] = {0xd9480f, 0x2b8a3e, 0x5f3dc4, 0x1864ab,
                                                    0xc2255c, 0x087f5b, 0xe67700, 0x364fc7,
                                                    0x862e9c, 0x0b7285};
static const char *const ui_gallery_texts[] = {
    "Hi all!",
    "Is anyone up for a round tonight? I can host the server on my PC again.",
    "Sure, give me ten minutes to finish dinner.",
    "The new build fixed the echo for me. Voice sounds much cleaner now, even with the fan on "
    "full speed next to the microphone.",
    "ok",
    "Who took the last slice of pizza? I need names.",
    "\xce\x93\xce\xb5\xce\xb9\xce\xb1 \xcf\x83\xce\xb1\xcf\x82! "
    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82! Grüße aus Köln, ça va?",
    "Screen sharing works from the room view: press the monitor button in the voice bar.",
    "brb",
    "Can you hear me now? My headset was muted the whole time, sorry about that.",
    "Here is a link that is far too long to fit on one line: "
    "https://example.invalid/parley/releases/0.1/notes-and-a-very-long-path-that-keeps-going",
    "gg",
    "Push-to-talk is on F8 for me, works even while the game has focus.",
    "Let's move to the Gaming room, this one is getting busy.",
};
static const char *const ui_gallery_first[] = {"Alice", "Bob",   "Carol", "Dmitri", "\xc3\x89lodie",
                                               "Farid", "Grace", "Hiro",  "Ines",   "Jonas",
                                               "Kemal", "Lena",  "Mateo", "Nora",   "Oskar",
                                               "Priya", "Quinn", "Rosa",  "Sven",   "Tomasz"};
static const char *const ui_gallery_rooms[] = {
    "General", "Gaming", "Music", "Off-topic", "Dev", "Random", "Voice lounge", "Announcements"};

static ui_color ui_gallery_rgb(uint32_t hex)
{
    ui_color c = {(uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, 255};
    return c;
}

void ui_gallery_add_message(ui_gallery *g, int n)
{
    int k = (int)(sizeof ui_gallery_authors / sizeof ui_gallery_authors[0]);
    int t = (int)(sizeof ui_gallery_texts / sizeof ui_gallery_texts[0]);
    char time[16], text[160];
    snprintf(time, sizeof time, "%02d:%02d", 9 + (n / 60) % 12, n % 60);
    ui_chat_message m;
    memset(&m, 0, sizeof m);
    m.time = time;
    if (n % 13 == 12) {
        snprintf(text, sizeof text, "%s joined the room", ui_gallery_authors[(n / 13) % k]);
        m.text = text;
        m.flags = UI_CHAT_SYSTEM;
    } else {
        m.author = ui_gallery_authors[n % k];
        m.author_color = ui_gallery_rgb(ui_gallery_author_colors[n % k]);
        m.text = ui_gallery_texts[(n * 5) % t];
        if (n % 17 == 16) {
            snprintf(text, sizeof text, "@you %s", ui_gallery_texts[(n * 5) % t]);
            m.text = text;
            m.flags = UI_CHAT_MENTION;
        }
    }
    ui_chat_log_add(&g->chat, &m);
}

void ui_gallery_init(ui_gallery *g, int messages)
{
    memset(g, 0, sizeof *g);
    ui_chat_log_init(&g->chat);
    ui_history_init(&g->history);
    for (int i = 0; i < messages; i++) ui_gallery_add_message(g, i);
    g->member = 3;
    g->volume = 80.0f;
    g->gain = 0.6f;
    g->quality = 2.0f;
    g->noise = true;
    snprintf(g->name, sizeof g->name, "%s", "\xc3\x89lodie");
}

static float ui_gallery_level(const ui_gallery *g, int i)
{
    float v = 0.55f + 0.35f * sinf((float)g->now / 170.0f + (float)i * 1.7f);
    return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
}

static void ui_gallery_header(ui_gallery *g, ui_context *ctx)
{
    static const char *const pages[] = {"Chat", "Widgets"};
    ui_panel_begin(ctx, "header", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_row(ctx, 6,
                  (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(200), UI_PX(36), UI_PX(36), UI_PX(36)},
                  UI_FLEX(1));
    ui_rect icon = ui_layout_next(ctx);
    int s = ui_px(ctx, 20);
    ui_draw_icon(ctx, UI_ICON_HASH, (ui_rect){icon.x, icon.y + (icon.h - s) / 2, s, s},
                 ctx->theme.text_dim);
    ui_heading(ctx, ui_gallery_rooms[g->room]);
    ui_tabs(ctx, "pages", pages, 2, &g->page);
    if (ui_icon_button(ctx, "Call##dialog", UI_ICON_PHONE, 0)) g->dialog_open = true;
    ui_tooltip(ctx, "Show the incoming-call dialog");
    if (ui_icon_button(ctx, "Toast##toast", UI_ICON_INFO, 0)) {
        char text[64];
        snprintf(text, sizeof text, "Settings saved (%d)", ++g->toasts);
        ui_toast(ctx, text, (ui_toast_kind)(g->toasts % 4), 3000);
    }
    ui_tooltip(ctx, "Show a toast");
    if (ui_icon_button(ctx, "Theme##theme", UI_ICON_SETTINGS, 0)) g->theme_changed = true;
    ui_tooltip(ctx, "Switch between the light and the dark theme");
    ui_panel_end(ctx);
}

static void ui_gallery_rooms_panel(ui_gallery *g, ui_context *ctx)
{
    ui_panel_begin(ctx, "rooms", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(24), UI_FLEX(1)});
    ui_label_ex(ctx, "ROOMS", UI_FONT_BOLD, ui_font_size_small(ctx), UI_OPT_DIM);
    int n = (int)(sizeof ui_gallery_rooms / sizeof ui_gallery_rooms[0]);
    ui_list l;
    ui_list_begin(ctx, "room list", n, 32, &g->room, &l);
    for (int i = l.first; i < l.last; i++) {
        ui_list_row(ctx, &l, i, 3, (ui_size[]){UI_PX(16), UI_FLEX(1), UI_PX(26)});
        ui_rect r = ui_layout_next(ctx);
        int s = ui_px(ctx, 14);
        ui_draw_icon(ctx, i == 7 ? UI_ICON_LOCK : UI_ICON_HASH,
                     (ui_rect){r.x + ui_px(ctx, 4), r.y + (r.h - s) / 2, s, s},
                     ctx->theme.text_dim);
        ui_label(ctx, ui_gallery_rooms[i]);
        char count[8];
        snprintf(count, sizeof count, "%d", (i * 7 + 3) % 23);
        ui_label_ex(ctx, count, UI_FONT_REGULAR, ui_font_size_small(ctx),
                    UI_OPT_DIM | UI_OPT_RIGHT);
    }
    ui_list_end(ctx, &l);
    ui_panel_end(ctx);
}

static void ui_gallery_send(ui_gallery *g)
{
    if (!g->input[0]) return;
    ui_chat_message m;
    memset(&m, 0, sizeof m);
    m.author = "you";
    m.text = g->input;
    m.time = "now";
    m.flags = UI_CHAT_SELF;
    ui_chat_log_add(&g->chat, &m);
    g->messages++;
    g->input[0] = 0;
}

static void ui_gallery_chat_page(ui_gallery *g, ui_context *ctx)
{
    ui_panel_begin(ctx, "center", UI_OPT_NO_SCROLL);
    ui_layout_rows(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(36)});
    ui_chat_view(ctx, "chat", &g->chat);
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 3, (ui_size[]){UI_FLEX(1), UI_PX(36), UI_PX(36)}, UI_FLEX(1));
    int res = ui_textfield_ex(ctx, "message", g->input, (int)sizeof g->input, "Message the room",
                              &g->history, 0);
    if (res & UI_RES_SUBMIT) ui_gallery_send(g);
    if (ui_icon_button(ctx, "Send##send", UI_ICON_SEND, UI_OPT_PRIMARY)) ui_gallery_send(g);
    ui_tooltip(ctx, "Send (Enter)");
    if (ui_icon_button(ctx, g->muted ? "Unmute##mic" : "Mute##mic",
                       g->muted ? UI_ICON_MIC_OFF : UI_ICON_MIC, g->muted ? UI_OPT_SELECTED : 0))
        g->muted = !g->muted;
    ui_tooltip(ctx, g->muted ? "Unmute the microphone" : "Mute the microphone");
    ui_layout_column_end(ctx);
    ui_panel_end(ctx);
}

static void ui_gallery_widgets_page(ui_gallery *g, ui_context *ctx)
{
    static const char *const qualities[] = {"Low", "Medium", "High"};
    ui_panel_begin(ctx, "widgets", 0);
    ui_heading(ctx, "Buttons");
    ui_layout_row(ctx, 4, (ui_size[]){UI_FLEX(1), UI_FLEX(1), UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    ui_button(ctx, "Default");
    if (ui_button_ex(ctx, "Call", UI_ICON_PHONE, UI_OPT_PRIMARY)) g->dialog_open = true;
    ui_button_ex(ctx, "Leave", UI_ICON_NONE, UI_OPT_DANGER);
    ui_button_ex(ctx, "Disabled", UI_ICON_NONE, UI_OPT_DISABLED);
    static const ui_icon icons[] = {UI_ICON_MIC,   UI_ICON_SPEAKER, UI_ICON_HEADPHONES,
                                    UI_ICON_VIDEO, UI_ICON_SCREEN,  UI_ICON_SEARCH,
                                    UI_ICON_USERS, UI_ICON_MESSAGE};
    static const char *const names[] = {"Microphone",   "Speaker", "Headphones", "Camera",
                                        "Share screen", "Search",  "Members",    "Messages"};
    ui_size cells[8];
    for (int i = 0; i < 8; i++) cells[i] = UI_PX(36);
    ui_layout_row(ctx, 8, cells, UI_PX(36));
    for (int i = 0; i < 8; i++) {
        ui_push_id_int(ctx, i);
        ui_icon_button(ctx, names[i], icons[i], 0);
        ui_tooltip(ctx, names[i]);
        ui_pop_id(ctx);
    }
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_heading(ctx, "Text fields");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    ui_textfield_ex(ctx, "name", g->name, (int)sizeof g->name, "Display name", NULL, 0);
    ui_textfield_ex(ctx, "password", g->password, (int)sizeof g->password, "Password", NULL,
                    UI_OPT_PASSWORD);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_heading(ctx, "Choices");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    ui_checkbox(ctx, "Push to talk", &g->push_to_talk);
    ui_checkbox(ctx, "Noise suppression", &g->noise);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(110), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Volume");
    ui_slider(ctx, "volume", &g->volume, 0.0f, 100.0f, 1.0f, "%.0f %%");
    ui_label(ctx, "Mic gain");
    ui_slider(ctx, "gain", &g->gain, 0.0f, 1.0f, 0.0f, NULL);
    ui_label(ctx, "Quality");
    ui_slider(ctx, "quality", &g->quality, 0.0f, 2.0f, 1.0f, NULL);
    ui_label(ctx, "");
    ui_label_ex(ctx, qualities[(int)(g->quality + 0.5f)], UI_FONT_REGULAR, 0, UI_OPT_DIM);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_heading(ctx, "Meters");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(110), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Upload");
    ui_progress(ctx, 0.62f, "62 %");
    ui_label(ctx, "Download");
    ui_progress(ctx, 0.25f, NULL);
    ui_label(ctx, "Mic level");
    ui_level_meter(ctx, ui_gallery_level(g, 0), 0.92f);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_heading(ctx, "Text");
    ui_text(ctx, "Labels shorten themselves with an ellipsis when they do not fit; paragraphs like "
                 "this one wrap to the width they are given, at 1x and at 2x alike.");
    ui_separator(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    if (ui_button(ctx, "Show dialog")) g->dialog_open = true;
    if (ui_button(ctx, "Show toast")) {
        char text[64];
        snprintf(text, sizeof text, "Settings saved (%d)", ++g->toasts);
        ui_toast(ctx, text, UI_TOAST_SUCCESS, 3000);
    }
    ui_panel_end(ctx);
}

static void ui_gallery_members_panel(ui_gallery *g, ui_context *ctx)
{
    ui_panel_begin(ctx, "members panel", UI_OPT_ALT | UI_OPT_NO_SCROLL);
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(24), UI_FLEX(1), UI_PX(36)});
    char title[32];
    snprintf(title, sizeof title, "MEMBERS \xe2\x80\x94 %d", UI_GALLERY_MEMBERS);
    ui_label_ex(ctx, title, UI_FONT_BOLD, ui_font_size_small(ctx), UI_OPT_DIM);
    ui_list l;
    ui_list_begin(ctx, "members", UI_GALLERY_MEMBERS, 32, &g->member, &l);
    int nf = (int)(sizeof ui_gallery_first / sizeof ui_gallery_first[0]);
    for (int i = l.first; i < l.last; i++) {
        ui_list_row(ctx, &l, i, 3, (ui_size[]){UI_PX(14), UI_FLEX(1), UI_PX(34)});
        ui_rect dot = ui_layout_next(ctx);
        int s = ui_px(ctx, 9);
        ui_color c = i % 11 == 10 ? ctx->theme.text_disabled
                     : i % 7 == 6 ? ctx->theme.warning
                                  : ctx->theme.success;
        ui_draw_icon(ctx, UI_ICON_DOT,
                     (ui_rect){dot.x + ui_px(ctx, 4), dot.y + (dot.h - s) / 2, s, s}, c);
        char name[48];
        if (i < nf)
            snprintf(name, sizeof name, "%s", ui_gallery_first[i]);
        else
            snprintf(name, sizeof name, "%s %d", ui_gallery_first[i % nf], i);
        ui_label_ex(ctx, name, UI_FONT_REGULAR, 0, i % 11 == 10 ? UI_OPT_DIM : 0);
        if (i % 5 == 1)
            ui_level_meter(ctx, ui_gallery_level(g, i), 0.0f);
        else
            ui_layout_skip(ctx);
    }
    ui_list_end(ctx, &l);
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 5, (ui_size[]){UI_FLEX(1), UI_FLEX(1), UI_FLEX(1), UI_FLEX(1), UI_FLEX(1)},
                  UI_FLEX(1));
    if (ui_icon_button(ctx, "Mute##bar", g->muted ? UI_ICON_MIC_OFF : UI_ICON_MIC,
                       g->muted ? UI_OPT_SELECTED : 0))
        g->muted = !g->muted;
    ui_tooltip(ctx, "Microphone");
    if (ui_icon_button(ctx, "Deafen##bar", g->deafened ? UI_ICON_SPEAKER_OFF : UI_ICON_HEADPHONES,
                       g->deafened ? UI_OPT_SELECTED : 0))
        g->deafened = !g->deafened;
    ui_tooltip(ctx, "Sound");
    if (ui_icon_button(ctx, "Video##bar", g->video ? UI_ICON_VIDEO : UI_ICON_VIDEO_OFF,
                       g->video ? UI_OPT_SELECTED : 0))
        g->video = !g->video;
    ui_tooltip(ctx, "Camera");
    ui_icon_button(ctx, "Share##bar", UI_ICON_SCREEN, 0);
    ui_tooltip(ctx, "Share your screen");
    ui_icon_button(ctx, "Leave##bar", UI_ICON_PHONE_HANGUP, UI_OPT_DANGER);
    ui_tooltip(ctx, "Leave voice");
    ui_layout_column_end(ctx);
    ui_panel_end(ctx);
}

static void ui_gallery_dialog(ui_gallery *g, ui_context *ctx)
{
    if (!ui_modal_begin(ctx, "Incoming call", &g->dialog_open, 380, 150)) return;
    ui_text(ctx, "Alice is calling you. Answer with voice only, or decline and send a message.");
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    if (ui_button_ex(ctx, "Accept", UI_ICON_PHONE, UI_OPT_PRIMARY)) {
        g->dialog_open = false;
        ui_toast(ctx, "Call connected", UI_TOAST_SUCCESS, 3000);
    }
    if (ui_button_ex(ctx, "Decline", UI_ICON_PHONE_HANGUP, UI_OPT_DANGER)) g->dialog_open = false;
    ui_modal_end(ctx);
}

void ui_gallery_frame(ui_gallery *g, ui_context *ctx)
{
    g->now = ctx->now;
    float lw = (float)ctx->width / ctx->scale;
    bool wide = lw >= 1000.0f;
    ui_layout_set_spacing(ctx, 0);
    ui_layout_rows(ctx, 2, (ui_size[]){UI_PX(52), UI_FLEX(1)});
    ui_gallery_header(g, ctx);
    ui_layout_column_begin(ctx);
    ui_layout_set_spacing(ctx, 0);
    if (wide)
        ui_layout_row(ctx, 3, (ui_size[]){UI_PX(200), UI_FLEX(1), UI_PX(230)}, UI_FLEX(1));
    else
        ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(200)}, UI_FLEX(1));
    if (wide) ui_gallery_rooms_panel(g, ctx);
    if (g->page == 0)
        ui_gallery_chat_page(g, ctx);
    else
        ui_gallery_widgets_page(g, ctx);
    ui_gallery_members_panel(g, ctx);
    ui_layout_column_end(ctx);
    ui_gallery_dialog(g, ctx);
}
