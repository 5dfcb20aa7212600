/* ui_internal.h — what the ui*.c files share with each other and nobody else.
 *
 * ui.c owns the context mechanics (input, ids, layout, clipping, commands, focus); the other
 * files build widgets on these helpers. */
#ifndef PARLEY_UI_INTERNAL_H
#define PARLEY_UI_INTERNAL_H

#include "ui.h"

#include <assert.h>

#ifndef UI_ASSERT
#define UI_ASSERT(cond) assert(cond)
#endif

/* Layers: commands are drawn layer by layer, each in the order it was emitted. */
enum { UI_LAYER_MAIN = 0, UI_LAYER_MODAL = 1, UI_LAYER_OVERLAY = 2, UI_LAYER_COUNT = 3 };

/* What opened a layout frame (checked by the matching end call). */
enum { UI_LAYOUT_ROOT = 0, UI_LAYOUT_COLUMN, UI_LAYOUT_PANEL, UI_LAYOUT_LIST, UI_LAYOUT_MODAL };
enum { UI_LAYOUT_MODE_ROW = 0, UI_LAYOUT_MODE_ROWS = 1 };

enum { UI_EVENT_KEY = 1, UI_EVENT_TEXT = 2 };

/* ui_control results. */
enum {
    UI_CTL_HOVER = 1 << 0,
    UI_CTL_PRESSED = 1 << 1, /* mouse went down on it this frame */
    UI_CTL_ACTIVE = 1 << 2,  /* held (being pressed or dragged) */
    UI_CTL_CLICKED = 1 << 3, /* released over it after a press on it */
    UI_CTL_FOCUSED = 1 << 4, /* has keyboard focus and input is not blocked */
    UI_CTL_DOUBLE = 1 << 5   /* this press is a double click */
};

#define UI_DOUBLE_CLICK_MS 400

/* interaction */
int ui_control(ui_context *ctx, ui_id id, ui_rect r, int opt);
bool ui_input_blocked(const ui_context *ctx);
void ui_focus_register(ui_context *ctx, ui_id id);
bool ui_mouse_over(const ui_context *ctx, ui_rect r);
/* Takes the first unused press of key whose modifiers, masked by mod_mask, equal mods. */
bool ui_key_take(ui_context *ctx, ui_key key, int mod_mask, int mods);
void ui_wake(ui_context *ctx, int64_t at);
ui_id ui_id_combine(ui_id base, const void *data, size_t size);

/* layout */
ui_rect ui_layout_next_h(ui_context *ctx, int want_h);
int ui_layout_next_width(ui_context *ctx);
ui_layout *ui_layout_push(ui_context *ctx, ui_rect body, int kind, int16_t record, ui_id id);
ui_layout *ui_layout_top(ui_context *ctx);
void ui_layout_pop(ui_context *ctx, int kind);

/* records (for ui_check) */
int16_t ui_record_add(ui_context *ctx, ui_rect r, int kind, const char *name, int scroll);

/* clipping and layers */
void ui_push_clip_ex(ui_context *ctx, ui_rect r, int flags, bool replace);
ui_rect ui_clip_top(const ui_context *ctx);
void ui_layer_push(ui_context *ctx, int layer);
void ui_layer_pop(ui_context *ctx);

/* text */
int ui_draw_text_fit(ui_context *ctx, ui_font font, int size_px, int x, int y, const char *text,
                     int len, int max_w, ui_color color);
int ui_draw_text2(ui_context *ctx, ui_font font, int size_px, int x, int y, const char *a, int alen,
                  const char *b, int blen, ui_color color, int flags);
int ui_label_len(const char *label);    /* bytes shown: up to "##" */
int ui_utf8_snap(const char *s, int i); /* back to the start of the code point at i */

/* A scroll view's clip was just pushed and its content is drawn scroll_y pixels up: the
 * renderer can then move the kept pixels when only that changes, instead of redrawing them
 * (ui_damage.h). Kept in the clip command's otherwise unused `image` as scroll_y + 1. */
static inline void ui_clip_set_scroll(ui_context *ctx, int scroll_y)
{
    ui_command *c = ctx->command_count > 0 ? &ctx->commands[ctx->command_count - 1] : NULL;
    ui_rect top = ui_clip_top(ctx);
    if (c && c->type == UI_CMD_CLIP && scroll_y >= 0 && c->rect.x == top.x && c->rect.y == top.y &&
        c->rect.w == top.w && c->rect.h == top.h)
        c->image = (uint32_t)scroll_y + 1u;
}
/* The scroll offset a clip command carries, -1 if none. */
static inline int ui_clip_scroll(const ui_command *c)
{
    return c->type == UI_CMD_CLIP && c->image > 0 ? (int)(c->image - 1u) : -1;
}

/* a vertical scrollbar; returns the new scroll offset */
int ui_scrollbar(ui_context *ctx, ui_id id, ui_rect track, int scroll, int content, int view);

/* colours */
ui_color ui_color_alpha(ui_color c, float alpha);
ui_color ui_color_mix(ui_color a, ui_color b, float t);

/* overlay parts drawn at ui_end */
void ui_overlay_end(ui_context *ctx);
void ui_overlay_begin(ui_context *ctx);

static inline int ui_min(int a, int b)
{
    return a < b ? a : b;
}
static inline int ui_max(int a, int b)
{
    return a > b ? a : b;
}
static inline int ui_abs(int v)
{
    return v < 0 ? -v : v;
}
static inline int ui_clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}
static inline ui_rect ui_rect_make(int x, int y, int w, int h)
{
    ui_rect r = {x, y, w, h};
    return r;
}
static inline ui_rect ui_rect_inset(ui_rect r, int dx, int dy)
{
    return ui_rect_make(r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy);
}

#endif
