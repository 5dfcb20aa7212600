/* gui_view.h — the screens: what the person sees and types, drawn with the toolkit (ui.h).
 *
 * A frame reads a gui_state, keeps what is being typed in a gui_view, and asks for actions
 * (gui.h) instead of calling the session. No SDL and no network: the unit tests render every
 * screen offscreen with fake data (gui_demo.h) and check the layout at several sizes.
 *
 *     gui_view_frame(v, st, ctx);          between ui_begin and ui_end
 *     ... the controller runs v->actions ...
 *
 * The overlay chat (I2) is part of the room screen: F2 turns the room into the stage with the
 * chat as a translucent layer over it; Enter or T opens its input, Esc closes it; lines fade
 * after settings.overlay_fade_s. gui_view_compact draws the same layer alone, for the compact
 * always-on-top window. */
#ifndef PARLEY_GUI_VIEW_H
#define PARLEY_GUI_VIEW_H

#include "gui.h"
#include "gui_state.h"
#include "ui.h"

#include <stdbool.h>
#include <stdint.h>

#define GUI_OVERLAY_LINES 10 /* lines the overlay shows at most while it is closed */

/* The chat view of one conversation: the toolkit's log, rebuilt from the conversation when
 * lines change anywhere but the end, appended to otherwise. */
typedef struct gui_chatview {
    ui_chat_log log;
    const gui_convo *convo; /* what the log shows */
    uint32_t appended, reshaped;
    uint32_t log_dropped; /* log.dropped at the last rebuild */
    int64_t day;          /* the local day the times were written for ("today" drops the date) */
} gui_chatview;

typedef struct gui_view {
    gui_actions actions;
    int64_t now_ms;   /* the frame's local clock (fading, caret) */
    uint64_t wall_ms; /* wall time, ms since 1970 (what "today" is) */
    char config_path[300];
    int64_t wake_at;          /* when the view next changes by itself (fading), -1 none */
    gui_screen settings_back; /* where the settings button returns to */

    /* start */
    char address[300];
    int found_selected;
    /* login */
    int login_tab;    /* 0 log in, 1 register, 2 guest */
    bool login_shown; /* the log-in screen was on screen last frame */
    char login_name[MSG_NAME_MAX + 1];
    char login_password[UI_PASSWORD_MAX_BYTES];
    char login_email[MSG_EMAIL_MAX + 1];
    /* lobby */
    int lobby_selected;
    bool create_open, create_private, join_open;
    char create_name[MSG_ROOM_NAME_MAX + 1], create_topic[MSG_TOPIC_MAX + 1];
    char create_password[UI_PASSWORD_MAX_BYTES];
    char join_name[MSG_ROOM_NAME_MAX + 1], join_password[UI_PASSWORD_MAX_BYTES];
    char password[UI_PASSWORD_MAX_BYTES]; /* the private-room prompt */
    /* room */
    char input[MSG_TEXT_MAX + 1];
    ui_history history;
    int room_selected, member_selected;
    bool member_open;     /* a member's dialog (volume, message) */
    uint32_t member_user; /* ... for this user */
    bool focus_input;     /* put the caret in the message field next frame */
    uint32_t input_room;  /* the room the message field was last focused for */
    bool overlay;         /* F2: the room is the stage, the chat a layer over it */
    bool overlay_typing;
    char overlay_input[MSG_TEXT_MAX + 1];
    /* direct messages */
    char dm_input[MSG_TEXT_MAX + 1];
    int dm_selected;
    /* settings */
    int settings_tab; /* 0 general, 1 voice and audio */
    /* dialogs */
    bool search_open, status_open, link_open;
    char search_query[MSG_QUERY_MAX + 1];
    char status_text[MSG_STATUS_TEXT_MAX + 1];
    int search_selected;
    /* the compact window */
    bool compact;
    /* the chat views (large: the view is heap-allocated) */
    gui_chatview chat, dm_chat;
} gui_view;

/* The view starts on the start screen with empty fields. */
void gui_view_init(gui_view *v);

/* The whole window for one frame. */
void gui_view_frame(gui_view *v, gui_state *st, ui_context *ctx);
/* The compact always-on-top window: the overlay chat of the current room alone. */
void gui_view_compact(gui_view *v, gui_state *st, ui_context *ctx);

/* Screens (gui_view_frame calls the one st->screen names). */
void gui_screen_start(gui_view *v, gui_state *st, ui_context *ctx);
void gui_screen_login(gui_view *v, gui_state *st, ui_context *ctx);
void gui_screen_lobby(gui_view *v, gui_state *st, ui_context *ctx);
void gui_screen_room(gui_view *v, gui_state *st, ui_context *ctx);
void gui_screen_dms(gui_view *v, gui_state *st, ui_context *ctx);
void gui_screen_settings(gui_view *v, gui_state *st, ui_context *ctx);

/* ---- shared pieces (gui_chat.c, gui_parts.c) ---------------------------------------------- */

/* Keeps cv's log in step with c (NULL: empty), keeping the reader's place; call right before
 * ui_chat_view with the same label. Asks for older history when scrolled to the top. */
void gui_chatview_sync(gui_chatview *cv, gui_view *v, gui_state *st, ui_context *ctx,
                       const char *label, gui_convo *c);
/* The stage: a tile per online member (the video grid's place; voice lights the rings). */
void gui_stage(gui_view *v, gui_state *st, ui_context *ctx, ui_rect r);
/* The overlay chat over r: fading lines, or the scroll-back and the input while typing; in
 * the current layout (a column over r). fill: use all of r (the compact window), else its
 * lower part. */
void gui_overlay_chat(gui_view *v, gui_state *st, ui_context *ctx, ui_rect r, bool fill);
/* Runs what was typed in a message field: a message, or a /command (cl_cmd.h). room_id 0 and
 * peer set: a direct message. True when the line was taken (the field may be cleared). */
bool gui_view_submit(gui_view *v, gui_state *st, const char *line, uint32_t room_id,
                     const char *peer);

/* ---- voice (gui_voice.c) ------------------------------------------------------------------ */

/* The voice controls under the member list: join or leave, mute, deafen, the input mode, the
 * own level meter, the devices' status. */
void gui_voice_panel(gui_view *v, gui_state *st, ui_context *ctx);
/* The voice and audio tab of the settings. */
void gui_voice_settings(gui_view *v, gui_state *st, ui_context *ctx);
/* A member's dialog (v->member_open): their volume, a direct message. */
void gui_voice_member_dialog(gui_view *v, gui_state *st, ui_context *ctx);

/* ---- calls (gui_call.c) ------------------------------------------------------------------ */

/* The incoming-call dialog while a call rings for this client: Accept (Enter), Decline (Esc). */
void gui_call_dialog(gui_view *v, gui_state *st, ui_context *ctx);
/* The bar in the next cell (gui_call_bar_shown): "Calling NAME..." with Cancel, or the call
 * with its peer, duration, mute and hang-up. */
void gui_call_bar(gui_view *v, gui_state *st, ui_context *ctx);
/* A Call button for user `name` (text: with its label, else an icon), disabled when they
 * cannot be called (gui_call_can); true when it asked for the call. */
bool gui_call_button(gui_view *v, gui_state *st, ui_context *ctx, const char *label, bool text,
                     const char *name, uint32_t user_id, msg_status status, int opt);

/* Puts keyboard focus on the widget with this label (in the current ID scope), next frame. */
void gui_focus(ui_context *ctx, const char *label);
/* A centred column of at most max_w logical pixels in the next cell; end with
 * gui_card_end. */
void gui_card_begin(ui_context *ctx, const char *id, int max_w);
void gui_card_end(ui_context *ctx);
ui_color gui_status_color(const ui_context *ctx, msg_status s);
const char *gui_status_label(msg_status s);
ui_color gui_name_color(const char *name);
/* A dot of colour c, centred in the next cell (size logical pixels). */
void gui_dot(ui_context *ctx, ui_color c, int size);
/* Draws an icon in the next cell, centred. */
void gui_icon_cell(ui_context *ctx, ui_icon icon, ui_color c, int size);
/* The small dim caps heading of a side panel. */
void gui_caption(ui_context *ctx, const char *text);
/* A button `height` logical pixels high, centred in the next (taller) cell: list rows. */
bool gui_cell_button(ui_context *ctx, const char *label, ui_icon icon, int opt, int height);
/* Wakes the host at `at` (local ms) for an animation. */
void gui_view_wake(gui_view *v, int64_t at);

#endif
