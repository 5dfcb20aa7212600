/* gui_parts.c — small pieces the screens share: focus, cards, colours, dots, captions. */
#include "gui_view.h"

#include <string.h>

void gui_focus(ui_context *ctx, const char *label)
{
    /* the toolkit has no call for this yet: the widget drawn next with this id sees the focus
     * as its own (ui_control), exactly as after a click */
    ctx->focus = ui_get_id_str(ctx, label);
}

void gui_view_wake(gui_view *v, int64_t at)
{
    if (v->wake_at < 0 || at < v->wake_at) v->wake_at = at;
}

void gui_card_begin(ui_context *ctx, const char *id, int max_w)
{
    float avail = (float)ctx->width / ctx->scale - 32.0f;
    float w = (float)max_w < avail ? (float)max_w : avail;
    ui_layout_row(ctx, 3, (ui_size[]){UI_FLEX(1), UI_PX(w), UI_FLEX(1)}, UI_FLEX(1));
    ui_layout_skip(ctx);
    ui_panel_begin(ctx, id, 0);
}

void gui_card_end(ui_context *ctx)
{
    ui_panel_end(ctx);
    ui_layout_skip(ctx);
}

ui_color gui_status_color(const ui_context *ctx, msg_status s)
{
    switch (s) {
    case MSG_STATUS_ONLINE:
        return ctx->theme.success;
    case MSG_STATUS_AWAY:
        return ctx->theme.warning;
    case MSG_STATUS_BUSY:
        return ctx->theme.danger;
    default:
        return ctx->theme.text_disabled;
    }
}

const char *gui_status_label(msg_status s)
{
    switch (s) {
    case MSG_STATUS_ONLINE:
        return "Online";
    case MSG_STATUS_AWAY:
        return "Away";
    case MSG_STATUS_BUSY:
        return "Busy";
    case MSG_STATUS_INVISIBLE:
        return "Invisible";
    default:
        return "Offline";
    }
}

ui_color gui_name_color(const char *name)
{
    static const uint32_t colors[] = {0xd9480f, 0x2b8a3e, 0x5f3dc4, 0x1864ab, 0xc2255c,
                                      0x087f5b, 0xe67700, 0x364fc7, 0x862e9c, 0x0b7285};
    uint32_t h = 2166136261u;
    for (const char *p = name; *p; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        h = (h ^ (uint8_t)c) * 16777619u;
    }
    uint32_t x = colors[h % (sizeof colors / sizeof colors[0])];
    ui_color c = {(uint8_t)(x >> 16), (uint8_t)(x >> 8), (uint8_t)x, 255};
    return c;
}

void gui_icon_cell(ui_context *ctx, ui_icon icon, ui_color c, int size)
{
    ui_rect r = ui_layout_next(ctx);
    int s = ui_px(ctx, (float)size);
    if (s > r.w) s = r.w;
    if (s > r.h) s = r.h;
    ui_draw_icon(ctx, icon, (ui_rect){r.x + (r.w - s) / 2, r.y + (r.h - s) / 2, s, s}, c);
}

void gui_dot(ui_context *ctx, ui_color c, int size)
{
    gui_icon_cell(ctx, UI_ICON_DOT, c, size);
}

void gui_caption(ui_context *ctx, const char *text)
{
    ui_label_ex(ctx, text, UI_FONT_BOLD, ui_font_size_small(ctx), UI_OPT_DIM);
}

bool gui_cell_button(ui_context *ctx, const char *label, ui_icon icon, int opt, int height)
{
    ui_layout_column_begin(ctx);
    ui_layout_rows(ctx, 3, (ui_size[]){UI_FLEX(1), UI_PX(height), UI_FLEX(1)});
    ui_layout_skip(ctx);
    bool clicked = ui_button_ex(ctx, label, icon, opt);
    ui_id id = ctx->last_id; /* what a tooltip after this call is about */
    ui_rect r = ctx->last_rect;
    ui_layout_skip(ctx);
    ui_layout_column_end(ctx);
    ctx->last_id = id;
    ctx->last_rect = r;
    return clicked;
}
