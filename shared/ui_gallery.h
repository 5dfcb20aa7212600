/* ui_gallery.h — one screen that shows every widget, laid out like Parley's room screen
 * (rooms, chat, members, voice bar) plus a page of controls, a dialog, toasts and tooltips.
 *
 * tools/uidemo shows it in a window and writes screenshots of it; tools/uibench times it;
 * the layout tests check it at several sizes. It is also the example to copy from. */
#ifndef PARLEY_UI_GALLERY_H
#define PARLEY_UI_GALLERY_H

#include "ui.h"

#define UI_GALLERY_MEMBERS 100

typedef struct ui_gallery {
    ui_chat_log chat;
    ui_history history;
    char input[512];
    char name[64], password[64];
    int page; /* 0 chat, 1 widgets */
    int room, member;
    bool dialog_open, dark, push_to_talk, noise, muted, deafened, video;
    float volume, gain, quality;
    int toasts;   /* shown so far, for the text */
    int messages; /* sent from the input */
    int64_t now;
    bool theme_changed; /* the theme button was pressed: the host switches themes */
} ui_gallery;

/* messages: how many sample chat messages to start with. */
void ui_gallery_init(ui_gallery *g, int messages);
/* Builds the screen; call between ui_begin and ui_end. */
void ui_gallery_frame(ui_gallery *g, ui_context *ctx);
/* Adds a sample message (for animations and benchmarks). */
void ui_gallery_add_message(ui_gallery *g, int n);

#endif
