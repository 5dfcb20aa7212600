/* ui_scroll.c — scrolling containers: the scrollbar, panels, and the virtualised list. */
#include "ui.h"
#include "ui_internal.h"

#include <string.h>

static int ui_wheel_step(const ui_context *ctx)
{
    return ui_px(ctx, (float)ctx->theme.row_height) * 2;
}

/* Takes the wheel if the mouse is over r and nobody inside took it; returns pixels to move. */
static int ui_take_wheel(ui_context *ctx, ui_rect r, int step)
{
    if (ctx->scroll_used || ctx->scroll_dy == 0.0f || ui_input_blocked(ctx)) return 0;
    if (!ui_mouse_over(ctx, r)) return 0;
    ctx->scroll_used = true;
    float d = -ctx->scroll_dy * (float)step;
    return (int)(d >= 0 ? d + 0.5f : d - 0.5f);
}

int ui_scrollbar(ui_context *ctx, ui_id id, ui_rect track, int scroll, int content, int view)
{
    int max_scroll = ui_max(0, content - view);
    if (max_scroll == 0) return 0;
    scroll = ui_clamp(scroll, 0, max_scroll);
    const ui_theme *t = &ctx->theme;
    int thumb_h = ui_max(ui_px(ctx, 24), (int)((int64_t)track.h * view / content));
    thumb_h = ui_min(thumb_h, track.h);
    int range = ui_max(1, track.h - thumb_h);
    int thumb_y = track.y + (int)((int64_t)range * scroll / max_scroll);
    ui_rect thumb = ui_rect_make(track.x, thumb_y, track.w, thumb_h);
    int16_t owner = ctx->owner;
    int res = ui_control(ctx, id, track, UI_OPT_NO_FOCUS);
    ctx->owner = owner;
    ui_state *st = NULL;
    if (res & UI_CTL_PRESSED) {
        st = ui_get_state(ctx, id);
        bool on_thumb = ctx->mouse_y >= thumb.y && ctx->mouse_y < thumb.y + thumb.h;
        st->drag_off = on_thumb ? ctx->mouse_y - thumb.y : thumb_h / 2;
    }
    if ((res & UI_CTL_ACTIVE) && (ctx->mouse_down & UI_MOUSE_LEFT || res & UI_CTL_PRESSED)) {
        if (!st) st = ui_get_state(ctx, id);
        int y = ctx->mouse_y - st->drag_off - track.y;
        scroll = ui_clamp((int)((int64_t)y * max_scroll / range), 0, max_scroll);
        thumb.y = track.y + (int)((int64_t)range * scroll / max_scroll);
    }
    ui_draw_rect(ctx, track, t->scroll_track, track.w / 2);
    ui_color c = t->scroll_thumb;
    if (res & (UI_CTL_HOVER | UI_CTL_ACTIVE)) c = ui_color_alpha(c, 1.6f);
    ui_draw_rect(ctx, thumb, c, track.w / 2);
    return scroll;
}

static ui_rect ui_scroll_track(const ui_context *ctx, ui_rect view)
{
    int w = ui_px(ctx, (float)ctx->theme.scrollbar_width);
    int m = ui_px(ctx, 2);
    return ui_rect_make(view.x + view.w - w - m, view.y + m, w, view.h - 2 * m);
}

static int ui_scroll_gutter(const ui_context *ctx)
{
    return ui_px(ctx, (float)ctx->theme.scrollbar_width) + ui_px(ctx, 4);
}

/* ---- panels -------------------------------------------------------------------------- */

void ui_panel_begin(ui_context *ctx, const char *label, int opt)
{
    UI_ASSERT(label);
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    bool scroll = !(opt & UI_OPT_NO_SCROLL);
    ctx->last_id = id;
    int16_t rec =
        ui_record_add(ctx, r, UI_RECORD_CONTAINER, "panel", scroll ? UI_CLIP_SCROLL_Y : 0);
    const ui_theme *t = &ctx->theme;
    int radius = (opt & UI_OPT_BORDER) ? ui_px(ctx, (float)t->radius) : 0;
    if (opt & UI_OPT_ALT)
        ui_draw_rect(ctx, r, t->panel_alt, radius);
    else if (opt & UI_OPT_BACKGROUND)
        ui_draw_rect(ctx, r, t->panel, radius);
    int bw = 0;
    if (opt & UI_OPT_BORDER) {
        bw = ui_max(1, ui_px(ctx, (float)t->border_width));
        ui_draw_border(ctx, r, t->border, bw, radius);
    }
    int pad = (opt & UI_OPT_NO_PADDING) ? bw : ui_px(ctx, (float)t->padding) + bw;
    ui_rect view = ui_rect_inset(r, pad, pad);
    ui_rect clip = ui_rect_inset(r, bw, bw);
    ui_state *st = scroll ? ui_get_state(ctx, id) : NULL;
    ui_rect body = view;
    if (st) {
        if (st->content_h > view.h) body.w -= ui_scroll_gutter(ctx);
        st->scroll_y = ui_clamp(st->scroll_y, 0, ui_max(0, st->content_h - view.h));
        body.y -= st->scroll_y;
    }
    ui_push_clip_ex(ctx, clip, scroll ? UI_CLIP_SCROLL_Y : 0, false);
    if (st) ui_clip_set_scroll(ctx, st->scroll_y);
    ui_layout *l = ui_layout_push(ctx, body, UI_LAYOUT_PANEL, rec, id);
    l->view = view;
    l->outer = r;
    l->opt = opt;
}

void ui_panel_end(ui_context *ctx)
{
    ui_layout *l = ui_layout_top(ctx);
    UI_ASSERT(l->kind == UI_LAYOUT_PANEL && "ui_panel_end without ui_panel_begin");
    ui_layout saved = *l;
    ui_layout_pop(ctx, UI_LAYOUT_PANEL);
    ui_pop_clip(ctx);
    if (saved.opt & UI_OPT_NO_SCROLL) return;
    ui_state *st = ui_get_state(ctx, saved.id);
    st->content_h = saved.max_y - saved.body.y;
    int16_t owner = ctx->owner;
    ctx->owner = saved.record;
    st->scroll_y += ui_take_wheel(ctx, saved.outer, ui_wheel_step(ctx));
    st->scroll_y = ui_clamp(st->scroll_y, 0, ui_max(0, st->content_h - saved.view.h));
    ui_rect track = ui_scroll_track(ctx, saved.view);
    st->scroll_y = ui_scrollbar(ctx, ui_id_combine(saved.id, "sb", 2), track, st->scroll_y,
                                st->content_h, saved.view.h);
    ctx->owner = owner;
}

/* ---- virtualised list ---------------------------------------------------------------- */

void ui_list_scroll_to(ui_context *ctx, const char *label, int index)
{
    ui_state *st = ui_get_state(ctx, ui_get_id_str(ctx, label));
    st->pending = index + 1;
}

void ui_list_begin(ui_context *ctx, const char *label, int count, int item_height, int *selected,
                   ui_list *list)
{
    UI_ASSERT(label && list && count >= 0);
    memset(list, 0, sizeof *list);
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    int res = ui_control(ctx, id, r, selected ? 0 : UI_OPT_NO_FOCUS);
    int16_t rec = ui_record_add(ctx, r, UI_RECORD_CONTAINER, "list", UI_CLIP_SCROLL_Y);
    ui_state *st = ui_get_state(ctx, id);
    int ih = ui_max(1, ui_px(ctx, (float)(item_height > 0 ? item_height : ctx->theme.row_height)));
    int content = count * ih;
    int gutter = content > r.h ? ui_scroll_gutter(ctx) : 0;

    if (selected && (res & UI_CTL_FOCUSED) && count > 0) {
        int mask = UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER | UI_MOD_SHIFT,
            page = ui_max(1, r.h / ih);
        int s = *selected, old = s;
        while (ui_key_take(ctx, UI_KEY_DOWN, mask, 0)) s = s < 0 ? 0 : s + 1;
        while (ui_key_take(ctx, UI_KEY_UP, mask, 0)) s = s < 0 ? 0 : s - 1;
        while (ui_key_take(ctx, UI_KEY_PAGEDOWN, mask, 0)) s += page;
        while (ui_key_take(ctx, UI_KEY_PAGEUP, mask, 0)) s -= page;
        if (ui_key_take(ctx, UI_KEY_HOME, mask, 0)) s = 0;
        if (ui_key_take(ctx, UI_KEY_END, mask, 0)) s = count - 1;
        s = ui_clamp(s, 0, count - 1);
        if (s != old) {
            *selected = s;
            st->pending = s + 1;
        }
        if (*selected >= 0 &&
            (ui_key_take(ctx, UI_KEY_ENTER, mask, 0) || ui_key_take(ctx, UI_KEY_SPACE, mask, 0)))
            list->activated = true;
    }
    if (st->pending > 0) {
        int row = ui_clamp(st->pending - 1, 0, ui_max(0, count - 1));
        if (row * ih < st->scroll_y) st->scroll_y = row * ih;
        if ((row + 1) * ih > st->scroll_y + r.h) st->scroll_y = (row + 1) * ih - r.h;
        st->pending = 0;
    }
    st->scroll_y += ui_take_wheel(ctx, r, ui_wheel_step(ctx));
    st->scroll_y = ui_clamp(st->scroll_y, 0, ui_max(0, content - r.h));

    list->id = id;
    list->count = count;
    list->item_h = ih;
    list->selected = selected;
    list->rect = r;
    list->first = ui_min(count, st->scroll_y / ih);
    list->last = ui_min(count, (st->scroll_y + r.h + ih - 1) / ih);

    ui_push_clip_ex(ctx, r, UI_CLIP_SCROLL_Y, false);
    ui_clip_set_scroll(ctx, st->scroll_y);
    ui_rect body = ui_rect_make(r.x, r.y - st->scroll_y + list->first * ih, r.w - gutter, r.h);
    ui_layout *l = ui_layout_push(ctx, body, UI_LAYOUT_LIST, rec, id);
    l->fixed_item_h = ih;
    l->view = r;
    l->opt = (res & UI_CTL_FOCUSED) && ctx->focus_visible;
}

static bool ui_list_row_control(ui_context *ctx, ui_list *list, int index, ui_rect row)
{
    const ui_theme *t = &ctx->theme;
    ui_id rid = ui_id_combine(list->id, &index, sizeof index);
    int res = ui_control(ctx, rid, row, UI_OPT_NO_FOCUS);
    if (res & UI_CTL_PRESSED) {
        if (list->selected) {
            ctx->focus = list->id;
            ctx->focus_seen = true;
            *list->selected = index;
        }
        if (res & UI_CTL_DOUBLE) list->activated = true;
    }
    bool sel = list->selected && *list->selected == index;
    int inset = ui_px(ctx, 2);
    ui_rect bg = ui_rect_make(row.x + inset, row.y + inset / 2, row.w - 2 * inset, row.h - inset);
    if (sel)
        ui_draw_rect(ctx, bg, t->selection, ui_px(ctx, 4));
    else if (res & UI_CTL_HOVER)
        ui_draw_rect(ctx, bg, ui_color_alpha(t->button_hover, 0.8f), ui_px(ctx, 4));
    return (res & UI_CTL_CLICKED) != 0;
}

bool ui_list_item(ui_context *ctx, ui_list *list, int index, const char *text, ui_icon icon,
                  ui_color icon_color)
{
    UI_ASSERT(list && text && index >= 0 && index < list->count);
    ui_layout *l = ui_layout_top(ctx);
    UI_ASSERT(l->kind == UI_LAYOUT_LIST && "ui_list_item outside ui_list_begin/end");
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_rect row = ui_layout_next_h(ctx, 0);
    bool clicked = ui_list_row_control(ctx, list, index, row);
    ui_record_add(ctx, row, UI_RECORD_LEAF, "list item", 0);
    int pad = ui_px(ctx, 8);
    int x = row.x + pad;
    if (icon) {
        int s = ui_min(row.h - ui_px(ctx, 8), ui_px(ctx, icon == UI_ICON_DOT ? 10 : 16));
        ui_draw_icon(ctx, icon, ui_rect_make(x, row.y + (row.h - s) / 2, s, s),
                     icon_color.a ? icon_color : ctx->theme.text_dim);
        x += s + ui_px(ctx, 8);
    }
    int size = ui_font_size(ctx);
    int th = ui_text_height(ctx, UI_FONT_REGULAR, size);
    ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, x, row.y + (row.h - th) / 2, text, -1,
                     row.x + row.w - pad - x, ctx->theme.text);
    return clicked;
}

bool ui_list_row(ui_context *ctx, ui_list *list, int index, int cells, const ui_size *widths)
{
    UI_ASSERT(list && index >= 0 && index < list->count);
    ui_layout *l = ui_layout_top(ctx);
    UI_ASSERT(l->kind == UI_LAYOUT_LIST && "ui_list_row outside ui_list_begin/end");
    ui_rect row = ui_rect_make(l->body.x, l->cursor_y, l->body.w, list->item_h);
    bool clicked = ui_list_row_control(ctx, list, index, row);
    ui_layout_row(ctx, cells, widths, UI_AUTO);
    return clicked;
}

void ui_list_end(ui_context *ctx, ui_list *list)
{
    ui_layout *l = ui_layout_top(ctx);
    UI_ASSERT(l->kind == UI_LAYOUT_LIST && "ui_list_end without ui_list_begin");
    bool ring = l->opt != 0;
    ui_id id = l->id;
    int16_t rec = l->record;
    ui_layout_pop(ctx, UI_LAYOUT_LIST);
    ui_pop_clip(ctx);
    ui_state *st = ui_get_state(ctx, id);
    int16_t owner = ctx->owner;
    ctx->owner = rec;
    st->scroll_y = ui_scrollbar(ctx, ui_id_combine(id, "sb", 2), ui_scroll_track(ctx, list->rect),
                                st->scroll_y, list->count * list->item_h, list->rect.h);
    if (ring)
        ui_draw_border(ctx, list->rect, ctx->theme.focus_ring, ui_max(1, ui_px(ctx, 2)),
                       ui_px(ctx, 4));
    ctx->owner = owner;
    ctx->last_id = id;
    ctx->last_rect = list->rect;
}
