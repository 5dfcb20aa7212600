/* ui_overlay.c — what is drawn above the screen: modal dialogs, tooltips and toasts. */
#include "ui.h"
#include "ui_internal.h"

#include <string.h>

/* ---- modal --------------------------------------------------------------------------- */

bool ui_modal_begin(ui_context *ctx, const char *title, bool *open, int width, int height)
{
    UI_ASSERT(title && open);
    UI_ASSERT(!ctx->in_modal && "modals do not nest");
    if (!*open) return false;
    ui_id id = ui_get_id_str(ctx, title);
    ctx->in_modal = true; /* from here on input reaches the dialog */
    ctx->modal_cur = id;
    if (ctx->modal_prev == id &&
        ui_key_take(ctx, UI_KEY_ESCAPE, UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER | UI_MOD_SHIFT,
                    0)) {
        *open = false;
        ctx->in_modal = false;
        ctx->modal_cur = 0;
        return false;
    }
    const ui_theme *t = &ctx->theme;
    ui_layer_push(ctx, UI_LAYER_MODAL);
    ui_rect screen = ui_rect_make(0, 0, ctx->width, ctx->height);
    ui_push_clip_ex(ctx, screen, 0, true);
    ui_draw_rect(ctx, screen, t->modal_dim, 0);

    int margin = ui_px(ctx, 16);
    int w = ui_min(ui_px(ctx, (float)width), ctx->width - 2 * margin);
    int h = ui_min(ui_px(ctx, (float)height), ctx->height - 2 * margin);
    ui_rect box = ui_rect_make((ctx->width - w) / 2, (ctx->height - h) / 2, w, h);
    int radius = ui_px(ctx, (float)t->radius) * 2;
    int shadow = ui_px(ctx, 4);
    ui_draw_rect(ctx, ui_rect_make(box.x - shadow / 2, box.y, box.w + shadow, box.h + shadow),
                 ui_color_alpha(t->modal_dim, 0.8f), radius + shadow);
    ui_draw_rect(ctx, box, t->panel, radius);
    ui_draw_border(ctx, box, t->border, ui_max(1, ui_px(ctx, 1)), radius);

    ctx->last_id = id;
    int16_t rec = ui_record_add(ctx, box, UI_RECORD_CONTAINER, "modal", 0);
    if (rec >= 0) ctx->records[rec].parent = -1; /* it hangs off the screen, not a panel */

    int pad = ui_px(ctx, (float)t->padding) + ui_px(ctx, 4);
    int title_h = ui_px(ctx, (float)t->row_height);
    int size = ui_font_size_title(ctx);
    int close = title_h;
    ui_rect close_r = ui_rect_make(box.x + box.w - pad - close, box.y + pad, close, title_h);
    int th = ui_text_height(ctx, UI_FONT_BOLD, size);
    ui_draw_text_fit(ctx, UI_FONT_BOLD, size, box.x + pad, box.y + pad + (title_h - th) / 2, title,
                     ui_label_len(title), close_r.x - box.x - pad - ui_px(ctx, 8), t->text);

    ui_rect body = ui_rect_make(box.x + pad, box.y + pad + title_h + ui_px(ctx, 8), box.w - 2 * pad,
                                box.h - 2 * pad - title_h - ui_px(ctx, 8));
    ui_push_clip(ctx, box);
    ui_layout *l = ui_layout_push(ctx, body, UI_LAYOUT_MODAL, rec, id);
    /* the close button is the dialog's first child */
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    l->body = close_r;
    l->cursor_y = close_r.y;
    ui_push_id(ctx, &id, sizeof id);
    if (ui_icon_button(ctx, "Close", UI_ICON_CLOSE, UI_OPT_NO_FOCUS)) *open = false;
    ui_tooltip(ctx, "Close (Esc)");
    ui_pop_id(ctx);
    l->body = body;
    l->cursor_y = body.y;
    l->max_x = body.x;
    l->max_y = body.y;
    return true;
}

void ui_modal_end(ui_context *ctx)
{
    UI_ASSERT(ctx->in_modal && "ui_modal_end without ui_modal_begin");
    ui_layout_pop(ctx, UI_LAYOUT_MODAL);
    ui_pop_clip(ctx);
    ui_pop_clip(ctx);
    ui_layer_pop(ctx);
    ctx->in_modal = false;
}

/* ---- tooltip ------------------------------------------------------------------------- */

void ui_tooltip(ui_context *ctx, const char *text)
{
    UI_ASSERT(ctx->in_frame && text);
    ui_id id = ctx->last_id;
    if (id == 0 || ctx->hover != id || ctx->active != 0 || ctx->tooltip_suppressed) return;
    if (ctx->hover_prev != id) {
        ui_wake(ctx, ctx->now + ctx->theme.tooltip_delay_ms); /* hover starts now */
        return;
    }
    int64_t due = ctx->hover_since + ctx->theme.tooltip_delay_ms;
    if (ctx->now < due) {
        ui_wake(ctx, due);
        return;
    }
    size_t n = strlen(text);
    if (n >= UI_TOOLTIP_TEXT_BYTES) n = (size_t)ui_utf8_snap(text, UI_TOOLTIP_TEXT_BYTES - 1);
    memcpy(ctx->tooltip, text, n);
    ctx->tooltip[n] = 0;
    ctx->tooltip_id = id;
}

static void ui_tooltip_draw(ui_context *ctx)
{
    const ui_theme *t = &ctx->theme;
    int size = ui_font_size_small(ctx);
    int line_h = ui_text_height(ctx, UI_FONT_REGULAR, size);
    int pad = ui_px(ctx, 6);
    int max_w = ui_min(ui_px(ctx, 320), ctx->width - 2 * pad - 2);
    int len = (int)strlen(ctx->tooltip), lines = 0, widest = 0;
    for (int at = 0; at < len;) {
        int next,
            n = ui_wrap_line(ctx, UI_FONT_REGULAR, size, ctx->tooltip + at, len - at, max_w, &next);
        widest = ui_max(widest, ui_text_width(ctx, UI_FONT_REGULAR, size, ctx->tooltip + at, n));
        lines++;
        at += next;
    }
    ui_rect box = ui_rect_make(ctx->mouse_x + ui_px(ctx, 12), ctx->mouse_y + ui_px(ctx, 20),
                               widest + 2 * pad, lines * line_h + 2 * pad);
    if (box.x + box.w > ctx->width) box.x = ctx->width - box.w;
    if (box.y + box.h > ctx->height) box.y = ctx->mouse_y - box.h - ui_px(ctx, 4);
    box.x = ui_max(0, box.x);
    box.y = ui_max(0, box.y);
    ctx->last_id = ctx->tooltip_id;
    ui_record_add(ctx, box, UI_RECORD_LEAF, "tooltip", 0);
    ui_draw_rect(ctx, box, t->tooltip_bg, ui_px(ctx, 4));
    int y = box.y + pad;
    for (int at = 0; at < len;) {
        int next,
            n = ui_wrap_line(ctx, UI_FONT_REGULAR, size, ctx->tooltip + at, len - at, max_w, &next);
        ui_draw_text(ctx, UI_FONT_REGULAR, size, box.x + pad, y, ctx->tooltip + at, n,
                     t->tooltip_text);
        y += line_h;
        at += next;
    }
}

/* ---- toasts -------------------------------------------------------------------------- */

void ui_toast(ui_context *ctx, const char *text, ui_toast_kind kind, int duration_ms)
{
    UI_ASSERT(text && duration_ms > 0);
    if (ctx->toast_count == UI_TOAST_CAPACITY) {
        memmove(&ctx->toasts[0], &ctx->toasts[1], sizeof(ui_toast_entry) * (UI_TOAST_CAPACITY - 1));
        ctx->toast_count--;
    }
    ui_toast_entry *t = &ctx->toasts[ctx->toast_count++];
    size_t n = strlen(text);
    if (n >= UI_TOAST_TEXT_BYTES) {
        /* shown shortened, with "…" saying so */
        n = (size_t)ui_utf8_snap(text, UI_TOAST_TEXT_BYTES - 4);
        memcpy(t->text, text, n);
        memcpy(t->text + n, "\xe2\x80\xa6", 4);
    } else {
        memcpy(t->text, text, n + 1);
    }
    t->kind = kind;
    t->start = ctx->now;
    t->end = ctx->now + duration_ms;
}

static void ui_toasts_draw(ui_context *ctx)
{
    const ui_theme *t = &ctx->theme;
    int size = ui_font_size(ctx);
    int pad = ui_px(ctx, 12);
    int line_h = ui_text_height(ctx, UI_FONT_REGULAR, size);
    int h = ui_max(line_h + 2 * ui_px(ctx, 8), ui_px(ctx, 36));
    int icon = ui_px(ctx, 18);
    int gap = ui_px(ctx, 8);
    int y = ctx->height - ui_px(ctx, 24);
    for (int i = ctx->toast_count - 1; i >= 0; i--) {
        ui_toast_entry *toast = &ctx->toasts[i];
        float alpha = 1.0f;
        int64_t left = toast->end - ctx->now;
        if (t->toast_fade_ms > 0 && left < t->toast_fade_ms) {
            alpha = (float)left / (float)t->toast_fade_ms;
            ui_wake(ctx, ctx->now + 16); /* fading: keep drawing */
        } else {
            ui_wake(ctx, toast->end - t->toast_fade_ms);
        }
        int tw = ui_text_width(ctx, UI_FONT_REGULAR, size, toast->text, -1);
        int max_w = ctx->width - 2 * ui_px(ctx, 16);
        int w = ui_min(tw + icon + gap + 2 * pad, max_w);
        y -= h;
        ui_rect box = ui_rect_make((ctx->width - w) / 2, y, w, h);
        y -= ui_px(ctx, 8);
        ctx->last_id = 0;
        ui_record_add(ctx, box, UI_RECORD_LEAF, "toast", 0);
        ui_draw_rect(ctx, box, ui_color_alpha(t->toast_bg, alpha * 0.96f), ui_px(ctx, 8));
        static const ui_icon icons[] = {UI_ICON_INFO, UI_ICON_CHECK, UI_ICON_WARNING,
                                        UI_ICON_ERROR};
        ui_color colors[] = {t->accent, t->success, t->warning, t->danger};
        int k = (int)toast->kind & 3;
        ui_draw_icon(ctx, icons[k], ui_rect_make(box.x + pad, box.y + (h - icon) / 2, icon, icon),
                     ui_color_alpha(colors[k], alpha));
        int tx = box.x + pad + icon + gap;
        ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, tx, box.y + (h - line_h) / 2, toast->text, -1,
                         box.x + box.w - pad - tx, ui_color_alpha(t->toast_text, alpha));
    }
}

/* ---- per frame ----------------------------------------------------------------------- */

void ui_overlay_begin(ui_context *ctx)
{
    int kept = 0;
    for (int i = 0; i < ctx->toast_count; i++)
        if (ctx->toasts[i].end > ctx->now) ctx->toasts[kept++] = ctx->toasts[i];
    ctx->toast_count = kept;
    ctx->tooltip[0] = 0;
    ctx->tooltip_id = 0;
}

void ui_overlay_end(ui_context *ctx)
{
    if (!ctx->tooltip[0] && ctx->toast_count == 0) return;
    ui_layer_push(ctx, UI_LAYER_OVERLAY);
    ui_push_clip_ex(ctx, ui_rect_make(0, 0, ctx->width, ctx->height), 0, true);
    int16_t owner = ctx->owner;
    ui_toasts_draw(ctx);
    if (ctx->tooltip[0]) ui_tooltip_draw(ctx);
    ctx->owner = owner;
    ui_pop_clip(ctx);
    ui_layer_pop(ctx);
}
