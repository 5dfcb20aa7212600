/* ui_widgets.c — the simple widgets: labels, text, buttons, checkbox, slider, progress bar,
 * level meter and tabs. */
#include "ui.h"
#include "ui_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int ui_text_y(ui_context *ctx, ui_rect r, ui_font font, int size)
{
    return r.y + (r.h - ui_text_height(ctx, font, size)) / 2;
}

static void ui_focus_ring(ui_context *ctx, ui_rect r, int radius)
{
    int t = ui_max(1, ui_px(ctx, 2));
    ui_draw_border(ctx, r, ctx->theme.focus_ring, t, radius);
}

static bool ui_show_focus(const ui_context *ctx, int res)
{
    return (res & UI_CTL_FOCUSED) && ctx->focus_visible;
}

/* Enter or Space on the focused widget. */
static bool ui_activated(ui_context *ctx, int res)
{
    if (!(res & UI_CTL_FOCUSED)) return false;
    int mask = UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER;
    return ui_key_take(ctx, UI_KEY_ENTER, mask, 0) || ui_key_take(ctx, UI_KEY_SPACE, mask, 0);
}

/* ---- labels -------------------------------------------------------------------------- */

void ui_label_ex(ui_context *ctx, const char *text, ui_font font, int size_px, int opt)
{
    UI_ASSERT(text);
    ui_rect r = ui_layout_next_h(ctx, 0);
    ctx->last_id = 0;
    ui_record_add(ctx, r, UI_RECORD_LEAF, "label", 0);
    int size = size_px > 0 ? size_px : ui_font_size(ctx);
    int len = (int)strlen(text);
    int w = ui_text_width(ctx, font, size, text, len);
    int x = r.x;
    if (w < r.w && (opt & UI_OPT_CENTER)) x = r.x + (r.w - w) / 2;
    if (w < r.w && (opt & UI_OPT_RIGHT)) x = r.x + r.w - w;
    ui_color c = (opt & UI_OPT_DIM) ? ctx->theme.text_dim : ctx->theme.text;
    if (opt & UI_OPT_DISABLED) c = ctx->theme.text_disabled;
    ui_draw_text_fit(ctx, font, size, x, ui_text_y(ctx, r, font, size), text, len, r.w, c);
}

void ui_label(ui_context *ctx, const char *text)
{
    ui_label_ex(ctx, text, UI_FONT_REGULAR, 0, 0);
}

void ui_heading(ui_context *ctx, const char *text)
{
    ui_label_ex(ctx, text, UI_FONT_BOLD, ui_font_size_title(ctx), 0);
}

void ui_text(ui_context *ctx, const char *text)
{
    UI_ASSERT(text);
    int size = ui_font_size(ctx);
    int line_h = ui_text_height(ctx, UI_FONT_REGULAR, size);
    int width = ui_layout_next_width(ctx);
    int len = (int)strlen(text), lines = 0;
    for (int at = 0; at < len || lines == 0;) {
        int next;
        ui_wrap_line(ctx, UI_FONT_REGULAR, size, text + at, len - at, width, &next);
        lines++;
        at += next;
        if (len == 0) break;
    }
    int pad = ui_px(ctx, 4);
    ui_rect r = ui_layout_next_h(ctx, lines * line_h + 2 * pad);
    ctx->last_id = 0;
    ui_record_add(ctx, r, UI_RECORD_LEAF, "text", 0);
    int y = r.y + ui_max(0, (r.h - lines * line_h) / 2);
    for (int at = 0; at < len;) {
        int next;
        int n = ui_wrap_line(ctx, UI_FONT_REGULAR, size, text + at, len - at, r.w, &next);
        ui_draw_text(ctx, UI_FONT_REGULAR, size, r.x, y, text + at, n, ctx->theme.text);
        y += line_h;
        at += next;
    }
}

void ui_separator(ui_context *ctx)
{
    ui_rect r = ui_layout_next_h(ctx, 0);
    ctx->last_id = 0;
    ui_record_add(ctx, r, UI_RECORD_LEAF, "separator", 0);
    int t = ui_max(1, ui_px(ctx, 1));
    ui_draw_rect(ctx, ui_rect_make(r.x, r.y + r.h / 2, r.w, t), ctx->theme.border, 0);
}

/* ---- buttons ------------------------------------------------------------------------- */

static ui_color ui_button_color(ui_context *ctx, int res, int opt)
{
    const ui_theme *t = &ctx->theme;
    bool pressed = (res & UI_CTL_ACTIVE) && (res & UI_CTL_HOVER);
    bool hover = (res & UI_CTL_HOVER) != 0;
    ui_color c;
    if (opt & UI_OPT_PRIMARY)
        c = pressed ? t->accent_hover : hover ? t->accent_hover : t->accent;
    else if (opt & UI_OPT_DANGER)
        c = pressed || hover ? t->danger_hover : t->danger;
    else if (pressed || (opt & UI_OPT_SELECTED))
        c = t->button_active;
    else if (hover)
        c = t->button_hover;
    else if (opt & UI_OPT_FLAT)
        c = ui_color_alpha(t->button, 0.0f);
    else
        c = t->button;
    if (opt & UI_OPT_DISABLED) c = ui_color_alpha(c, 0.5f);
    return c;
}

bool ui_button_ex(ui_context *ctx, const char *label, ui_icon icon, int opt)
{
    UI_ASSERT(label);
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    int res = ui_control(ctx, id, r, opt);
    ui_record_add(ctx, r, UI_RECORD_LEAF, "button", 0);
    bool clicked = (res & UI_CTL_CLICKED) || ui_activated(ctx, res);
    const ui_theme *t = &ctx->theme;
    int radius = ui_px(ctx, (float)t->radius);
    ui_draw_rect(ctx, r, ui_button_color(ctx, res, opt), radius);
    if (ui_show_focus(ctx, res)) ui_focus_ring(ctx, r, radius);

    ui_color fg = (opt & (UI_OPT_PRIMARY | UI_OPT_DANGER)) ? t->accent_text : t->text;
    if (opt & UI_OPT_DISABLED)
        fg = (opt & (UI_OPT_PRIMARY | UI_OPT_DANGER)) ? ui_color_alpha(fg, 0.7f) : t->text_disabled;
    int size = ui_font_size(ctx);
    int len = ui_label_len(label);
    int pad = ui_px(ctx, 8);
    int icon_size = icon ? ui_min(r.h - 2 * ui_px(ctx, 4), ui_px(ctx, 18)) : 0;
    int gap = icon && len ? ui_px(ctx, 6) : 0;
    int avail = r.w - 2 * pad - icon_size - gap;
    int tw = ui_min(ui_text_width(ctx, UI_FONT_REGULAR, size, label, len), ui_max(0, avail));
    int x = r.x + (r.w - (icon_size + gap + tw)) / 2;
    if (icon) {
        ui_draw_icon(ctx, icon, ui_rect_make(x, r.y + (r.h - icon_size) / 2, icon_size, icon_size),
                     fg);
        x += icon_size + gap;
    }
    if (len)
        ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, x, ui_text_y(ctx, r, UI_FONT_REGULAR, size),
                         label, len, ui_max(0, avail), fg);
    return clicked;
}

bool ui_button(ui_context *ctx, const char *label)
{
    return ui_button_ex(ctx, label, UI_ICON_NONE, 0);
}

bool ui_icon_button(ui_context *ctx, const char *label, ui_icon icon, int opt)
{
    UI_ASSERT(label);
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    int res = ui_control(ctx, id, r, opt);
    ui_record_add(ctx, r, UI_RECORD_LEAF, "icon button", 0);
    bool clicked = (res & UI_CTL_CLICKED) || ui_activated(ctx, res);
    const ui_theme *t = &ctx->theme;
    int radius = ui_px(ctx, (float)t->radius);
    ui_draw_rect(ctx, r, ui_button_color(ctx, res, opt | UI_OPT_FLAT), radius);
    if (ui_show_focus(ctx, res)) ui_focus_ring(ctx, r, radius);
    ui_color fg = (opt & (UI_OPT_PRIMARY | UI_OPT_DANGER)) ? t->accent_text : t->text;
    if (opt & UI_OPT_DISABLED) fg = t->text_disabled;
    int s = ui_min(ui_min(r.w, r.h) - 2 * ui_px(ctx, 5), ui_px(ctx, 20));
    ui_draw_icon(ctx, icon, ui_rect_make(r.x + (r.w - s) / 2, r.y + (r.h - s) / 2, s, s), fg);
    return clicked;
}

/* ---- checkbox ------------------------------------------------------------------------ */

bool ui_checkbox(ui_context *ctx, const char *label, bool *value)
{
    UI_ASSERT(label && value);
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    int res = ui_control(ctx, id, r, 0);
    ui_record_add(ctx, r, UI_RECORD_LEAF, "checkbox", 0);
    bool changed = (res & UI_CTL_CLICKED) || ui_activated(ctx, res);
    if (changed) *value = !*value;
    const ui_theme *t = &ctx->theme;
    int box = ui_min(r.h, ui_px(ctx, 18));
    ui_rect b = ui_rect_make(r.x, r.y + (r.h - box) / 2, box, box);
    int radius = ui_px(ctx, 4);
    if (*value) {
        ui_draw_rect(ctx, b, (res & UI_CTL_HOVER) ? t->accent_hover : t->accent, radius);
        int inset = ui_px(ctx, 2);
        ui_draw_icon(ctx, UI_ICON_CHECK, ui_rect_inset(b, inset, inset), t->accent_text);
    } else {
        ui_draw_rect(ctx, b, t->field, radius);
        ui_draw_border(ctx, b, (res & UI_CTL_HOVER) ? t->text_dim : t->field_border,
                       ui_max(1, ui_px(ctx, 1)), radius);
    }
    if (ui_show_focus(ctx, res)) {
        int o = ui_px(ctx, 2);
        ui_focus_ring(ctx, ui_rect_inset(b, -o, -o), radius + o);
    }
    int size = ui_font_size(ctx);
    int gap = ui_px(ctx, 8);
    int len = ui_label_len(label);
    ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, b.x + box + gap,
                     ui_text_y(ctx, r, UI_FONT_REGULAR, size), label, len, r.w - box - gap,
                     t->text);
    return changed;
}

/* ---- slider -------------------------------------------------------------------------- */

static float ui_slider_snap(float v, float lo, float hi, float step)
{
    if (step > 0.0f) v = lo + floorf((v - lo) / step + 0.5f) * step;
    return v < lo ? lo : v > hi ? hi : v;
}

bool ui_slider(ui_context *ctx, const char *label, float *value, float lo, float hi, float step,
               const char *fmt)
{
    UI_ASSERT(label && value && hi > lo && step >= 0.0f);
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    const ui_theme *t = &ctx->theme;
    int size = ui_font_size(ctx);
    char text[64] = "";
    int text_w = 0;
    if (fmt) {
        /* room for the widest of the two ends, so the track does not jump around */
        char a[64], b[64];
        snprintf(a, sizeof a, fmt, (double)lo);
        snprintf(b, sizeof b, fmt, (double)hi);
        text_w = ui_max(ui_text_width(ctx, UI_FONT_REGULAR, size, a, -1),
                        ui_text_width(ctx, UI_FONT_REGULAR, size, b, -1)) +
                 ui_px(ctx, 8);
        text_w = ui_min(text_w, r.w / 2);
    }
    ui_rect area = ui_rect_make(r.x, r.y, r.w - text_w, r.h);
    int res = ui_control(ctx, id, area, 0);
    ui_record_add(ctx, r, UI_RECORD_LEAF, "slider", 0);

    int knob = ui_min(ui_px(ctx, 16), r.h);
    ui_rect track = ui_rect_make(area.x + knob / 2, r.y, ui_max(1, area.w - knob), r.h);
    float v = *value, old = *value;
    if (res & UI_CTL_ACTIVE) { /* held, or let go this frame: follow the mouse */
        float f = (float)(ctx->mouse_x - track.x) / (float)track.w;
        v = lo + (f < 0 ? 0 : f > 1 ? 1 : f) * (hi - lo);
    }
    if (res & UI_CTL_FOCUSED) {
        float k = step > 0.0f ? step : (hi - lo) / 20.0f;
        int none = UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER | UI_MOD_SHIFT;
        while (ui_key_take(ctx, UI_KEY_LEFT, none, 0) || ui_key_take(ctx, UI_KEY_DOWN, none, 0))
            v -= k;
        while (ui_key_take(ctx, UI_KEY_RIGHT, none, 0) || ui_key_take(ctx, UI_KEY_UP, none, 0))
            v += k;
        while (ui_key_take(ctx, UI_KEY_PAGEDOWN, none, 0)) v -= k * 10.0f;
        while (ui_key_take(ctx, UI_KEY_PAGEUP, none, 0)) v += k * 10.0f;
        if (ui_key_take(ctx, UI_KEY_HOME, none, 0)) v = lo;
        if (ui_key_take(ctx, UI_KEY_END, none, 0)) v = hi;
    }
    v = ui_slider_snap(v, lo, hi, step);
    *value = v;

    int th = ui_max(2, ui_px(ctx, 4));
    int cy = r.y + r.h / 2;
    float f = (v - lo) / (hi - lo);
    int kx = track.x + (int)(f * (float)track.w + 0.5f);
    ui_draw_rect(ctx, ui_rect_make(track.x, cy - th / 2, track.w, th), t->meter_back, th / 2);
    ui_draw_rect(ctx, ui_rect_make(track.x, cy - th / 2, kx - track.x, th), t->accent, th / 2);
    ui_rect k = ui_rect_make(kx - knob / 2, cy - knob / 2, knob, knob);
    ui_color kc = (res & (UI_CTL_ACTIVE | UI_CTL_HOVER)) ? t->accent_hover : t->accent;
    ui_draw_rect(ctx, k, t->panel, knob / 2);
    ui_draw_border(ctx, k, kc, ui_max(2, ui_px(ctx, 2)), knob / 2);
    if (ui_show_focus(ctx, res)) {
        int o = ui_px(ctx, 3);
        ui_focus_ring(ctx, ui_rect_inset(k, -o, -o), knob / 2 + o);
    }
    if (fmt) {
        snprintf(text, sizeof text, fmt, (double)v);
        int w = ui_text_width(ctx, UI_FONT_REGULAR, size, text, -1);
        ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, r.x + r.w - ui_min(w, text_w),
                         ui_text_y(ctx, r, UI_FONT_REGULAR, size), text, -1, text_w, t->text_dim);
    }
    return v != old;
}

/* ---- progress bar and level meter ---------------------------------------------------- */

static float ui_unit(float f)
{
    return !(f > 0.0f) ? 0.0f : f > 1.0f ? 1.0f : f; /* NaN becomes 0 */
}

void ui_progress(ui_context *ctx, float fraction, const char *text)
{
    ui_rect r = ui_layout_next_h(ctx, 0);
    ctx->last_id = 0;
    ui_record_add(ctx, r, UI_RECORD_LEAF, "progress", 0);
    const ui_theme *t = &ctx->theme;
    float f = ui_unit(fraction);
    int size = ui_font_size_small(ctx);
    int h = text ? ui_min(r.h, ui_text_height(ctx, UI_FONT_REGULAR, size) + ui_px(ctx, 4))
                 : ui_min(r.h, ui_px(ctx, 8));
    ui_rect bar = ui_rect_make(r.x, r.y + (r.h - h) / 2, r.w, h);
    int radius = h / 2;
    ui_draw_rect(ctx, bar, t->meter_back, radius);
    int fw = (int)((float)bar.w * f + 0.5f);
    if (fw > 0) ui_draw_rect(ctx, ui_rect_make(bar.x, bar.y, fw, bar.h), t->accent, radius);
    if (text) {
        int len = (int)strlen(text);
        int w = ui_min(ui_text_width(ctx, UI_FONT_REGULAR, size, text, len), bar.w);
        ui_color c = f > 0.5f ? t->accent_text : t->text;
        ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, bar.x + (bar.w - w) / 2,
                         ui_text_y(ctx, bar, UI_FONT_REGULAR, size), text, len, bar.w, c);
    }
}

void ui_level_meter(ui_context *ctx, float level, float peak)
{
    ui_rect r = ui_layout_next_h(ctx, 0);
    ctx->last_id = 0;
    ui_record_add(ctx, r, UI_RECORD_LEAF, "level meter", 0);
    const ui_theme *t = &ctx->theme;
    int h = ui_min(r.h, ui_px(ctx, 8));
    ui_rect bar = ui_rect_make(r.x, r.y + (r.h - h) / 2, r.w, h);
    ui_draw_rect(ctx, bar, t->meter_back, ui_px(ctx, 2));
    /* green to 60 %, amber to 85 %, red above: roughly -12 dBFS and -3 dBFS on a dB scale */
    static const float zone_end[3] = {0.6f, 0.85f, 1.0f};
    ui_color zone_color[3] = {t->meter_low, t->meter_mid, t->meter_high};
    float lv = ui_unit(level), from = 0.0f;
    for (int z = 0; z < 3 && lv > from; z++) {
        float to = lv < zone_end[z] ? lv : zone_end[z];
        int x0 = bar.x + (int)((float)bar.w * from), x1 = bar.x + (int)((float)bar.w * to + 0.5f);
        if (x1 > x0) ui_draw_rect(ctx, ui_rect_make(x0, bar.y, x1 - x0, bar.h), zone_color[z], 0);
        from = zone_end[z];
    }
    float pk = ui_unit(peak);
    if (pk > 0.0f) {
        int pw = ui_max(2, ui_px(ctx, 2));
        int px = bar.x + (int)((float)(bar.w - pw) * pk);
        ui_color pc = pk >= zone_end[1]   ? t->meter_high
                      : pk >= zone_end[0] ? t->meter_mid
                                          : t->meter_low;
        ui_draw_rect(ctx, ui_rect_make(px, bar.y, pw, bar.h), pc, 0);
    }
}

/* ---- tabs ---------------------------------------------------------------------------- */

bool ui_tabs(ui_context *ctx, const char *label, const char *const *labels, int count, int *current)
{
    UI_ASSERT(label && labels && count > 0 && count <= 32 && current);
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    int res = ui_control(ctx, id, ui_rect_make(r.x, r.y, 0, 0), 0); /* focus only */
    ui_record_add(ctx, r, UI_RECORD_LEAF, "tabs", 0);
    const ui_theme *t = &ctx->theme;
    int old = *current;
    if (res & UI_CTL_FOCUSED) {
        int mask = UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER | UI_MOD_SHIFT;
        while (ui_key_take(ctx, UI_KEY_LEFT, mask, 0)) *current = (*current + count - 1) % count;
        while (ui_key_take(ctx, UI_KEY_RIGHT, mask, 0)) *current = (*current + 1) % count;
        if (ui_key_take(ctx, UI_KEY_HOME, mask, 0)) *current = 0;
        if (ui_key_take(ctx, UI_KEY_END, mask, 0)) *current = count - 1;
    }
    int size = ui_font_size(ctx);
    int pad = ui_px(ctx, 12);
    int widths[32], total = 0;
    for (int i = 0; i < count; i++) {
        widths[i] =
            ui_text_width(ctx, UI_FONT_BOLD, size, labels[i], ui_label_len(labels[i])) + 2 * pad;
        total += widths[i];
    }
    if (total > r.w)
        for (int i = 0; i < count; i++) widths[i] = r.w / count;
    int line = ui_max(1, ui_px(ctx, 1));
    ui_draw_rect(ctx, ui_rect_make(r.x, r.y + r.h - line, r.w, line), t->border, 0);
    int x = r.x;
    for (int i = 0; i < count; i++) {
        ui_rect tr = ui_rect_make(x, r.y, widths[i], r.h);
        ui_id tid = ui_id_combine(id, &i, sizeof i);
        int tres = ui_control(ctx, tid, tr, UI_OPT_NO_FOCUS);
        ctx->last_id = id;
        if (tres & UI_CTL_PRESSED) {
            ctx->focus = id;
            ctx->focus_seen = true;
        }
        if (tres & UI_CTL_CLICKED) *current = i;
        bool sel = *current == i;
        if ((tres & UI_CTL_HOVER) && !sel)
            ui_draw_rect(ctx, ui_rect_inset(tr, 0, ui_px(ctx, 3)), t->button_hover, ui_px(ctx, 4));
        ui_font f = sel ? UI_FONT_BOLD : UI_FONT_REGULAR;
        int len = ui_label_len(labels[i]);
        int w = ui_min(ui_text_width(ctx, f, size, labels[i], len), tr.w - 2 * ui_px(ctx, 4));
        ui_draw_text_fit(ctx, f, size, tr.x + (tr.w - w) / 2, ui_text_y(ctx, tr, f, size),
                         labels[i], len, tr.w - 2 * ui_px(ctx, 4), sel ? t->text : t->text_dim);
        if (sel) {
            int ul = ui_max(2, ui_px(ctx, 3));
            ui_draw_rect(ctx, ui_rect_make(tr.x + pad / 2, tr.y + tr.h - ul, tr.w - pad, ul),
                         t->accent, ul / 2);
            if (ui_show_focus(ctx, res)) ui_focus_ring(ctx, tr, ui_px(ctx, 4));
        }
        x += widths[i];
    }
    ctx->last_id = id;
    ctx->last_rect = r;
    return *current != old;
}
