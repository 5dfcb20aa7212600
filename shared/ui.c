/* ui.c — the toolkit's core: context, input queue, ids, layout, clipping, draw commands, focus.
 *
 * Widgets live in the other ui_*.c files and are built only from the helpers here and in
 * ui_internal.h. */
#include "ui.h"
#include "ui_internal.h"

#include <math.h>
#include <string.h>

/* ---- themes -------------------------------------------------------------------------- */

static ui_color ui_rgb(uint32_t hex)
{
    ui_color c = {(uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, 255};
    return c;
}

static ui_color ui_rgba(uint32_t hex, uint8_t a)
{
    ui_color c = ui_rgb(hex);
    c.a = a;
    return c;
}

static void ui_theme_sizes(ui_theme *t)
{
    t->font_size = 14;
    t->font_size_small = 12;
    t->font_size_title = 18;
    t->row_height = 30;
    t->spacing = 6;
    t->padding = 10;
    t->radius = 6;
    t->scrollbar_width = 8;
    t->border_width = 1;
    t->tooltip_delay_ms = 500;
    t->toast_fade_ms = 300;
    t->caret_blink_ms = 530;
}

ui_theme ui_theme_light(void)
{
    ui_theme t;
    memset(&t, 0, sizeof t);
    t.bg = ui_rgb(0xf3f4f6);
    t.panel = ui_rgb(0xffffff);
    t.panel_alt = ui_rgb(0xe9ebef);
    t.border = ui_rgb(0xd4d8de);
    t.text = ui_rgb(0x1f2328);
    t.text_dim = ui_rgb(0x5f6672);
    t.text_disabled = ui_rgb(0xa0a6b0);
    t.accent = ui_rgb(0x2f6feb);
    t.accent_hover = ui_rgb(0x2460d6);
    t.accent_text = ui_rgb(0xffffff);
    t.danger = ui_rgb(0xcf222e);
    t.danger_hover = ui_rgb(0xb31d28);
    t.warning = ui_rgb(0xbf8700);
    t.success = ui_rgb(0x1a7f37);
    t.button = ui_rgb(0xe6e9ed);
    t.button_hover = ui_rgb(0xdadee4);
    t.button_active = ui_rgb(0xc8ced6);
    t.field = ui_rgb(0xffffff);
    t.field_border = ui_rgb(0xbfc5cd);
    t.focus_ring = ui_rgb(0x2f6feb);
    t.selection = ui_rgba(0x2f6feb, 70);
    t.scroll_track = ui_rgba(0x000000, 0);
    t.scroll_thumb = ui_rgba(0x1f2328, 70);
    t.tooltip_bg = ui_rgb(0x24292f);
    t.tooltip_text = ui_rgb(0xffffff);
    t.modal_dim = ui_rgba(0x0d1117, 110);
    t.toast_bg = ui_rgb(0x24292f);
    t.toast_text = ui_rgb(0xffffff);
    t.mention_bg = ui_rgb(0xfff4c2);
    t.meter_low = ui_rgb(0x2da44e);
    t.meter_mid = ui_rgb(0xd4a72c);
    t.meter_high = ui_rgb(0xcf222e);
    t.meter_back = ui_rgb(0xdde1e6);
    ui_theme_sizes(&t);
    return t;
}

ui_theme ui_theme_dark(void)
{
    ui_theme t;
    memset(&t, 0, sizeof t);
    t.bg = ui_rgb(0x1e1f22);
    t.panel = ui_rgb(0x2b2d31);
    t.panel_alt = ui_rgb(0x232428);
    t.border = ui_rgb(0x3c3f45);
    t.text = ui_rgb(0xe3e5e8);
    t.text_dim = ui_rgb(0x9aa0a8);
    t.text_disabled = ui_rgb(0x61656c);
    t.accent = ui_rgb(0x5b8def);
    t.accent_hover = ui_rgb(0x6f9bf2);
    t.accent_text = ui_rgb(0xffffff);
    t.danger = ui_rgb(0xda3b3b);
    t.danger_hover = ui_rgb(0xe45555);
    t.warning = ui_rgb(0xd29922);
    t.success = ui_rgb(0x3fb950);
    t.button = ui_rgb(0x3a3d43);
    t.button_hover = ui_rgb(0x45484f);
    t.button_active = ui_rgb(0x52555d);
    t.field = ui_rgb(0x1e1f22);
    t.field_border = ui_rgb(0x4a4d55);
    t.focus_ring = ui_rgb(0x79a4f5);
    t.selection = ui_rgba(0x5b8def, 90);
    t.scroll_track = ui_rgba(0x000000, 0);
    t.scroll_thumb = ui_rgba(0xe3e5e8, 60);
    t.tooltip_bg = ui_rgb(0x111214);
    t.tooltip_text = ui_rgb(0xe3e5e8);
    t.modal_dim = ui_rgba(0x000000, 140);
    t.toast_bg = ui_rgb(0x111214);
    t.toast_text = ui_rgb(0xe3e5e8);
    t.mention_bg = ui_rgb(0x47402a);
    t.meter_low = ui_rgb(0x3fb950);
    t.meter_mid = ui_rgb(0xd29922);
    t.meter_high = ui_rgb(0xf85149);
    t.meter_back = ui_rgb(0x3a3d43);
    ui_theme_sizes(&t);
    return t;
}

ui_color ui_color_alpha(ui_color c, float alpha)
{
    float a = (float)c.a * alpha;
    c.a = (uint8_t)(a < 0.0f ? 0.0f : a > 255.0f ? 255.0f : a + 0.5f);
    return c;
}

ui_color ui_color_mix(ui_color a, ui_color b, float t)
{
    ui_color c;
    c.r = (uint8_t)((float)a.r + ((float)b.r - (float)a.r) * t + 0.5f);
    c.g = (uint8_t)((float)a.g + ((float)b.g - (float)a.g) * t + 0.5f);
    c.b = (uint8_t)((float)a.b + ((float)b.b - (float)a.b) * t + 0.5f);
    c.a = (uint8_t)((float)a.a + ((float)b.a - (float)a.a) * t + 0.5f);
    return c;
}

/* ---- setup --------------------------------------------------------------------------- */

void ui_init(ui_context *ctx, const ui_text_measurer *measure, const ui_theme *theme)
{
    UI_ASSERT(ctx && measure && measure->width && measure->height);
    memset(ctx, 0, sizeof *ctx);
    ctx->measure = *measure;
    ctx->theme = theme ? *theme : ui_theme_light();
    ctx->scale = 1.0f;
    ctx->mouse_x = ctx->mouse_y = -1;
    ctx->wake_at = -1;
}

void ui_set_theme(ui_context *ctx, const ui_theme *theme)
{
    UI_ASSERT(theme);
    ctx->theme = *theme;
}

void ui_set_scale(ui_context *ctx, float scale)
{
    UI_ASSERT(scale >= 0.5f && scale <= 8.0f);
    ctx->scale = scale;
}

void ui_set_clipboard(ui_context *ctx, const ui_clipboard *clipboard)
{
    if (clipboard)
        ctx->clipboard = *clipboard;
    else
        memset(&ctx->clipboard, 0, sizeof ctx->clipboard);
}

int ui_px(const ui_context *ctx, float logical)
{
    float v = logical * ctx->scale;
    return (int)(v >= 0 ? v + 0.5f : v - 0.5f);
}

int ui_font_size(const ui_context *ctx)
{
    return ui_px(ctx, (float)ctx->theme.font_size);
}

int ui_font_size_small(const ui_context *ctx)
{
    return ui_px(ctx, (float)ctx->theme.font_size_small);
}

int ui_font_size_title(const ui_context *ctx)
{
    return ui_px(ctx, (float)ctx->theme.font_size_title);
}

/* ---- input --------------------------------------------------------------------------- */

void ui_input_mouse_move(ui_context *ctx, int x, int y)
{
    ctx->mouse_x = x;
    ctx->mouse_y = y;
}

void ui_input_mouse_button(ui_context *ctx, ui_mouse_button button, bool down)
{
    int b = (int)button;
    if (down) {
        ctx->mouse_down |= b;
        ctx->mouse_pressed |= b;
    } else {
        ctx->mouse_down &= ~b;
        ctx->mouse_released |= b;
    }
}

void ui_input_scroll(ui_context *ctx, float dx, float dy)
{
    ctx->scroll_dx += dx;
    ctx->scroll_dy += dy;
}

void ui_input_key(ui_context *ctx, ui_key key, int mods, bool down)
{
    UI_ASSERT(key > UI_KEY_NONE && key < UI_KEY_COUNT);
    ctx->mods = mods;
    if (!down) return;
    if (ctx->event_count == UI_EVENT_CAPACITY) {
        ctx->stats.events_dropped++;
        return;
    }
    ui_event *e = &ctx->events[ctx->event_count++];
    memset(e, 0, sizeof *e);
    e->type = UI_EVENT_KEY;
    e->key = (uint16_t)key;
    e->mods = (uint16_t)mods;
}

void ui_input_text(ui_context *ctx, const char *utf8)
{
    UI_ASSERT(utf8);
    int n = (int)strlen(utf8);
    if (n == 0) return;
    if (ctx->event_count == UI_EVENT_CAPACITY || n > UI_INPUT_TEXT_BYTES - ctx->input_text_len) {
        ctx->stats.events_dropped++;
        return;
    }
    ui_event *e = &ctx->events[ctx->event_count++];
    memset(e, 0, sizeof *e);
    e->type = UI_EVENT_TEXT;
    e->text_off = (uint16_t)ctx->input_text_len;
    e->text_len = (uint16_t)n;
    memcpy(ctx->input_text + ctx->input_text_len, utf8, (size_t)n);
    ctx->input_text_len += n;
}

void ui_input_composition(ui_context *ctx, const char *utf8, int cursor)
{
    UI_ASSERT(utf8);
    int n = (int)strlen(utf8);
    if (n >= UI_COMPOSITION_BYTES) {
        /* An IME string this long is not something a person composes; show its start. */
        n = ui_utf8_snap(utf8, UI_COMPOSITION_BYTES - 1);
        ctx->stats.events_dropped++;
    }
    memcpy(ctx->composition, utf8, (size_t)n);
    ctx->composition[n] = 0;
    ctx->composition_cursor = ui_clamp(cursor, 0, n);
}

bool ui_key_take(ui_context *ctx, ui_key key, int mod_mask, int mods)
{
    if (ui_input_blocked(ctx)) return false;
    for (int i = 0; i < ctx->event_count; i++) {
        ui_event *e = &ctx->events[i];
        if (e->type == UI_EVENT_KEY && !e->consumed && e->key == key &&
            (e->mods & mod_mask) == mods) {
            e->consumed = 1;
            return true;
        }
    }
    return false;
}

bool ui_key_pressed(ui_context *ctx, ui_key key, int mods)
{
    UI_ASSERT(ctx->in_frame);
    for (int i = 0; i < ctx->event_count; i++) {
        ui_event *e = &ctx->events[i];
        if (e->type == UI_EVENT_KEY && !e->consumed && e->key == key &&
            (e->mods & (UI_MOD_SHIFT | UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER)) == mods) {
            e->consumed = 1;
            return true;
        }
    }
    return false;
}

/* ---- ids ----------------------------------------------------------------------------- */

#define UI_HASH_INITIAL 2166136261u

ui_id ui_id_combine(ui_id base, const void *data, size_t size)
{
    const unsigned char *p = data;
    ui_id h = base;
    for (size_t i = 0; i < size; i++) h = (h ^ p[i]) * 16777619u;
    return h ? h : 1; /* 0 means "nothing" */
}

ui_id ui_get_id(ui_context *ctx, const void *data, size_t size)
{
    ui_id base = ctx->id_depth ? ctx->id_stack[ctx->id_depth - 1] : UI_HASH_INITIAL;
    return ui_id_combine(base, data, size);
}

ui_id ui_get_id_str(ui_context *ctx, const char *label)
{
    UI_ASSERT(label);
    return ui_get_id(ctx, label, strlen(label));
}

void ui_push_id(ui_context *ctx, const void *data, size_t size)
{
    UI_ASSERT(ctx->id_depth < UI_ID_STACK_DEPTH && "ID stack overflow: more ui_push_id than pops");
    ui_id id = ui_get_id(ctx, data, size);
    ctx->id_stack[ctx->id_depth++] = id;
}

void ui_push_id_int(ui_context *ctx, int value)
{
    ui_push_id(ctx, &value, sizeof value);
}

void ui_push_id_str(ui_context *ctx, const char *s)
{
    ui_push_id(ctx, s, strlen(s));
}

void ui_pop_id(ui_context *ctx)
{
    UI_ASSERT(ctx->id_depth > 0 && "ui_pop_id without ui_push_id");
    ctx->id_depth--;
}

/* ---- retained state ------------------------------------------------------------------ */

ui_state *ui_get_state(ui_context *ctx, ui_id id)
{
    UI_ASSERT(id != 0);
    ui_state *free_slot = NULL, *oldest = NULL;
    for (int i = 0; i < UI_STATE_CAPACITY; i++) {
        ui_state *s = &ctx->states[i];
        if (s->id == id) {
            s->last_frame = ctx->frame;
            return s;
        }
        if (s->id == 0) {
            if (!free_slot) free_slot = s;
        } else if (s->last_frame < ctx->frame && (!oldest || s->last_frame < oldest->last_frame)) {
            oldest = s;
        }
    }
    ui_state *s = free_slot ? free_slot : oldest;
    /* Every slot is in use this very frame: the screen has more stateful widgets than
     * UI_STATE_CAPACITY. That is a build-time sizing bug, so stop here. */
    UI_ASSERT(s && "UI_STATE_CAPACITY too small for this screen");
    memset(s, 0, sizeof *s);
    s->id = id;
    s->last_frame = ctx->frame;
    s->stick = true;
    s->blink_start = ctx->now;
    s->last_click = -1000000;
    return s;
}

/* ---- records ------------------------------------------------------------------------- */

int16_t ui_record_add(ui_context *ctx, ui_rect r, int kind, const char *name, int scroll)
{
    if (ctx->record_count >= UI_RECORD_CAPACITY) {
        ctx->stats.records_dropped++;
        ctx->owner = -1;
        return -1;
    }
    int16_t index = (int16_t)ctx->record_count++;
    ui_record *rec = &ctx->records[index];
    rec->rect = r;
    rec->clip = ui_clip_top(ctx);
    rec->clip_flags = ctx->clip_flags[ctx->clip_depth - 1];
    rec->parent = ctx->layout_depth ? ctx->layouts[ctx->layout_depth - 1].record : -1;
    rec->kind = (uint8_t)kind;
    rec->layer = (uint8_t)ctx->layer;
    rec->scroll = (uint8_t)scroll;
    rec->id = ctx->last_id;
    rec->name = name;
    ctx->owner = index;
    return index;
}

/* ---- interaction --------------------------------------------------------------------- */

bool ui_input_blocked(const ui_context *ctx)
{
    return (ctx->modal_prev != 0 || ctx->modal_cur != 0) && !ctx->in_modal;
}

bool ui_mouse_over(const ui_context *ctx, ui_rect r)
{
    ui_rect c = ui_clip_top(ctx);
    int x = ctx->mouse_x, y = ctx->mouse_y;
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h && x >= c.x && y >= c.y &&
           x < c.x + c.w && y < c.y + c.h;
}

void ui_focus_register(ui_context *ctx, ui_id id)
{
    if (ctx->focus_count == UI_FOCUS_CAPACITY) { /* later widgets are not Tab stops */
        ctx->stats.focus_dropped++;
        return;
    }
    ctx->focus_in_modal[ctx->focus_count] = ctx->in_modal;
    ctx->focus_order[ctx->focus_count++] = id;
}

void ui_wake(ui_context *ctx, int64_t at)
{
    if (ctx->wake_at < 0 || at < ctx->wake_at) ctx->wake_at = at;
}

int ui_control(ui_context *ctx, ui_id id, ui_rect r, int opt)
{
    UI_ASSERT(ctx->in_frame && id != 0);
    ctx->last_id = id;
    ctx->last_rect = r;
    if (opt & UI_OPT_DISABLED) {
        if (ctx->active == id) ctx->active = 0;
        return 0;
    }
    bool focusable = !(opt & UI_OPT_NO_FOCUS);
    if (focusable) ui_focus_register(ctx, id);
    int res = 0;
    bool blocked = ui_input_blocked(ctx);
    if (ctx->focus == id) {
        ctx->focus_seen = true;
        if (!blocked) res |= UI_CTL_FOCUSED;
    }
    bool over = !blocked && ui_mouse_over(ctx, r);
    if (over) {
        ctx->hover = id;
        res |= UI_CTL_HOVER;
    }
    if (over && (ctx->mouse_pressed & UI_MOUSE_LEFT)) {
        ctx->active = id;
        ctx->pressed_something = true;
        res |= UI_CTL_PRESSED;
        if (ctx->last_click_id == id && ctx->now - ctx->last_click_time < UI_DOUBLE_CLICK_MS)
            res |= UI_CTL_DOUBLE;
        ctx->last_click_id = id;
        ctx->last_click_time = ctx->now;
        if (focusable) {
            ctx->focus = id;
            ctx->focus_seen = true;
            ctx->focus_visible = false;
            res |= UI_CTL_FOCUSED;
        }
    }
    if (ctx->active == id) {
        ctx->active_seen = true;
        res |= UI_CTL_ACTIVE;
        if (ctx->mouse_released & UI_MOUSE_LEFT) {
            if (over) res |= UI_CTL_CLICKED;
            if (!(ctx->mouse_down & UI_MOUSE_LEFT)) ctx->active = 0;
        } else if (!(ctx->mouse_down & UI_MOUSE_LEFT)) {
            ctx->active = 0; /* the release was lost (window lost focus) */
        }
    }
    return res;
}

bool ui_wants_mouse(const ui_context *ctx)
{
    return ctx->hover != 0 || ctx->active != 0 || ctx->modal_prev != 0;
}

/* ---- clipping and layers --------------------------------------------------------------- */

static ui_rect ui_rect_intersect(ui_rect a, ui_rect b)
{
    int x0 = ui_max(a.x, b.x), y0 = ui_max(a.y, b.y);
    int x1 = ui_min(a.x + a.w, b.x + b.w), y1 = ui_min(a.y + a.h, b.y + b.h);
    return ui_rect_make(x0, y0, ui_max(0, x1 - x0), ui_max(0, y1 - y0));
}

bool ui_rect_overlaps(ui_rect a, ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool ui_rect_contains(ui_rect outer, ui_rect inner)
{
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
           inner.y + inner.h <= outer.y + outer.h;
}

ui_rect ui_clip_top(const ui_context *ctx)
{
    UI_ASSERT(ctx->clip_depth > 0);
    return ctx->clips[ctx->clip_depth - 1];
}

static ui_command *ui_command_push(ui_context *ctx, ui_command_type type)
{
    if (ctx->command_count >= UI_COMMAND_CAPACITY) {
        ctx->stats.commands_dropped++;
        return NULL;
    }
    ui_command *c = &ctx->commands[ctx->command_count++];
    memset(c, 0, sizeof *c);
    c->type = (uint8_t)type;
    c->layer = (uint8_t)ctx->layer;
    c->owner = ctx->owner;
    return c;
}

static void ui_emit_clip(ui_context *ctx)
{
    ui_command *c = ui_command_push(ctx, UI_CMD_CLIP);
    if (!c) return;
    c->rect = ui_clip_top(ctx);
    c->flags = ctx->clip_flags[ctx->clip_depth - 1];
    c->owner = -1;
}

void ui_push_clip_ex(ui_context *ctx, ui_rect r, int flags, bool replace)
{
    UI_ASSERT(ctx->clip_depth < UI_CLIP_STACK_DEPTH && "clip stack overflow");
    ui_rect c = replace ? r : ui_rect_intersect(r, ui_clip_top(ctx));
    ctx->clips[ctx->clip_depth] = c;
    ctx->clip_flags[ctx->clip_depth] =
        (uint8_t)(flags | (replace ? 0 : ctx->clip_flags[ctx->clip_depth - 1]));
    ctx->clip_depth++;
    ui_emit_clip(ctx);
}

void ui_push_clip(ui_context *ctx, ui_rect r)
{
    ui_push_clip_ex(ctx, r, 0, false);
}

void ui_pop_clip(ui_context *ctx)
{
    UI_ASSERT(ctx->clip_depth > 1 && "ui_pop_clip without ui_push_clip");
    ctx->clip_depth--;
    ui_emit_clip(ctx);
}

void ui_layer_push(ui_context *ctx, int layer)
{
    UI_ASSERT(ctx->layer_depth < 4 && layer >= 0 && layer < UI_LAYER_COUNT);
    ctx->layer_stack[ctx->layer_depth++] = ctx->layer;
    ctx->layer = layer;
    ui_emit_clip(ctx); /* each run of a layer starts by setting its clip */
}

void ui_layer_pop(ui_context *ctx)
{
    UI_ASSERT(ctx->layer_depth > 0);
    ctx->layer = ctx->layer_stack[--ctx->layer_depth];
    ui_emit_clip(ctx);
}

/* ---- drawing ------------------------------------------------------------------------- */

static bool ui_visible(const ui_context *ctx, ui_rect r)
{
    return r.w > 0 && r.h > 0 && ui_rect_overlaps(r, ui_clip_top(ctx));
}

void ui_draw_rect(ui_context *ctx, ui_rect r, ui_color color, int radius)
{
    if (color.a == 0 || !ui_visible(ctx, r)) return;
    ui_command *c = ui_command_push(ctx, UI_CMD_RECT);
    if (!c) return;
    c->rect = r;
    c->color = color;
    c->radius = (int16_t)ui_clamp(radius, 0, ui_min(r.w, r.h) / 2);
}

void ui_draw_border(ui_context *ctx, ui_rect r, ui_color color, int thickness, int radius)
{
    if (color.a == 0 || thickness <= 0 || !ui_visible(ctx, r)) return;
    ui_command *c = ui_command_push(ctx, UI_CMD_RECT);
    if (!c) return;
    c->rect = r;
    c->color = color;
    c->radius = (int16_t)ui_clamp(radius, 0, ui_min(r.w, r.h) / 2);
    c->thickness = (int16_t)thickness;
}

void ui_draw_icon(ui_context *ctx, ui_icon icon, ui_rect r, ui_color color)
{
    if (icon == UI_ICON_NONE || color.a == 0 || !ui_visible(ctx, r)) return;
    UI_ASSERT(icon > UI_ICON_NONE && icon < UI_ICON_COUNT);
    ui_command *c = ui_command_push(ctx, UI_CMD_ICON);
    if (!c) return;
    c->rect = r;
    c->color = color;
    c->icon = (uint16_t)icon;
}

void ui_draw_image(ui_context *ctx, uint32_t image, ui_rect r, ui_color tint)
{
    if (!ui_visible(ctx, r)) return;
    ui_command *c = ui_command_push(ctx, UI_CMD_IMAGE);
    if (!c) return;
    c->rect = r;
    c->color = tint;
    c->image = image;
}

int ui_text_width(ui_context *ctx, ui_font font, int size_px, const char *text, int len)
{
    if (len < 0) len = (int)strlen(text);
    if (len == 0) return 0;
    return ctx->measure.width(ctx->measure.user, font, size_px, text, len);
}

int ui_text_height(ui_context *ctx, ui_font font, int size_px)
{
    return ctx->measure.height(ctx->measure.user, font, size_px);
}

/* Emits a text command made of a followed by b (either may be empty). */
int ui_draw_text2(ui_context *ctx, ui_font font, int size_px, int x, int y, const char *a, int alen,
                  const char *b, int blen, ui_color color, int flags)
{
    int len = alen + blen;
    if (len == 0) return 0;
    int w;
    if (blen == 0)
        w = ui_text_width(ctx, font, size_px, a, alen);
    else
        w = ui_text_width(ctx, font, size_px, a, alen) + ui_text_width(ctx, font, size_px, b, blen);
    int h = ui_text_height(ctx, font, size_px);
    ui_rect r = ui_rect_make(x, y, w, h);
    if (color.a == 0 || !ui_visible(ctx, r)) return w;
    if (len + 1 > UI_TEXT_ARENA_BYTES - ctx->text_used) {
        ctx->stats.text_dropped++;
        return w;
    }
    ui_command *c = ui_command_push(ctx, UI_CMD_TEXT);
    if (!c) return w;
    char *dst = ctx->text_arena + ctx->text_used;
    memcpy(dst, a, (size_t)alen);
    if (blen) memcpy(dst + alen, b, (size_t)blen);
    dst[len] = 0;
    c->text = (uint32_t)ctx->text_used;
    c->len = (uint32_t)len;
    ctx->text_used += len + 1;
    c->rect = r;
    c->color = color;
    c->font = (uint8_t)font;
    c->size = (uint16_t)size_px;
    c->flags = (uint8_t)flags;
    return w;
}

int ui_draw_text(ui_context *ctx, ui_font font, int size_px, int x, int y, const char *text,
                 int len, ui_color color)
{
    UI_ASSERT(ctx->in_frame && text);
    if (len < 0) len = (int)strlen(text);
    return ui_draw_text2(ctx, font, size_px, x, y, text, len, "", 0, color, 0);
}

/* ---- layout -------------------------------------------------------------------------- */

ui_layout *ui_layout_top(ui_context *ctx)
{
    UI_ASSERT(ctx->layout_depth > 0);
    return &ctx->layouts[ctx->layout_depth - 1];
}

static void ui_layout_default_row(ui_layout *l)
{
    l->mode = UI_LAYOUT_MODE_ROW;
    l->ncells = 1;
    l->sizes[0] = UI_FLEX(1);
    l->height = UI_AUTO;
    l->cell = l->ncells; /* the next widget starts a strip */
}

ui_layout *ui_layout_push(ui_context *ctx, ui_rect body, int kind, int16_t record, ui_id id)
{
    UI_ASSERT(ctx->layout_depth < UI_LAYOUT_STACK_DEPTH && "layout stack overflow");
    ui_layout *l = &ctx->layouts[ctx->layout_depth++];
    memset(l, 0, sizeof *l);
    l->body = body;
    l->view = body;
    l->cursor_y = body.y;
    l->max_x = body.x;
    l->max_y = body.y;
    l->spacing = ui_px(ctx, (float)ctx->theme.spacing);
    l->record = record;
    l->kind = (uint8_t)kind;
    l->id = id;
    ui_layout_default_row(l);
    return l;
}

void ui_layout_pop(ui_context *ctx, int kind)
{
    ui_layout *l = ui_layout_top(ctx);
    UI_ASSERT(l->kind == kind && "unbalanced layout begin/end");
    UI_ASSERT(ctx->layout_depth > 1);
    ctx->layout_depth--;
}

/* Splits `total` pixels into n cells; AUTO counts as auto_px, or as FLEX(1) if auto_px < 0. */
static void ui_layout_split(const ui_context *ctx, int origin, int total, int n,
                            const ui_size *sizes, int spacing, int auto_px, int *pos, int *len)
{
    int fixed = 0;
    float flex = 0.0f;
    for (int i = 0; i < n; i++) {
        if (sizes[i].kind == UI_SIZE_PX)
            fixed += ui_px(ctx, sizes[i].value);
        else if (sizes[i].kind == UI_SIZE_AUTO && auto_px >= 0)
            fixed += auto_px;
        else
            flex += sizes[i].kind == UI_SIZE_FLEX ? sizes[i].value : 1.0f;
    }
    int rest = ui_max(0, total - spacing * (n - 1) - fixed);
    int given = 0, last_flex = -1;
    for (int i = 0; i < n; i++) {
        if (sizes[i].kind == UI_SIZE_PX)
            len[i] = ui_px(ctx, sizes[i].value);
        else if (sizes[i].kind == UI_SIZE_AUTO && auto_px >= 0)
            len[i] = auto_px;
        else {
            float w = sizes[i].kind == UI_SIZE_FLEX ? sizes[i].value : 1.0f;
            len[i] = flex > 0.0f ? (int)((float)rest * w / flex) : 0;
            given += len[i];
            last_flex = i;
        }
    }
    if (last_flex >= 0) len[last_flex] += rest - given; /* rounding leftovers */
    int at = origin;
    for (int i = 0; i < n; i++) {
        pos[i] = at;
        at += len[i] + spacing;
    }
}

void ui_layout_row(ui_context *ctx, int count, const ui_size *widths, ui_size height)
{
    UI_ASSERT(count >= 1 && count <= UI_ROW_MAX_CELLS && widths);
    ui_layout *l = ui_layout_top(ctx);
    l->mode = UI_LAYOUT_MODE_ROW;
    l->ncells = count;
    memcpy(l->sizes, widths, sizeof(ui_size) * (size_t)count);
    l->height = height;
    l->cell = count;
}

void ui_layout_set_spacing(ui_context *ctx, int logical)
{
    UI_ASSERT(logical >= 0);
    ui_layout_top(ctx)->spacing = ui_px(ctx, (float)logical);
}

void ui_layout_rows(ui_context *ctx, int count, const ui_size *heights)
{
    UI_ASSERT(count >= 1 && count <= UI_ROW_MAX_CELLS && heights);
    ui_layout *l = ui_layout_top(ctx);
    int bottom = l->body.y + l->body.h;
    ui_layout_split(ctx, l->cursor_y, bottom - l->cursor_y, count, heights, l->spacing,
                    ui_px(ctx, (float)ctx->theme.row_height), l->rows_y, l->rows_h);
    l->mode = UI_LAYOUT_MODE_ROWS;
    l->ncells = count;
    l->cell = 0;
}

static void ui_layout_start_strip(ui_context *ctx, ui_layout *l, int want_h)
{
    int h;
    if (l->fixed_item_h > 0)
        h = l->fixed_item_h;
    else if (l->height.kind == UI_SIZE_PX)
        h = ui_px(ctx, l->height.value);
    else if (l->height.kind == UI_SIZE_FLEX)
        h = ui_max(0, l->body.y + l->body.h - l->cursor_y);
    else {
        h = ui_px(ctx, (float)ctx->theme.row_height);
        if (l->ncells == 1 && want_h > h) h = want_h;
    }
    ui_layout_split(ctx, l->body.x, l->body.w, l->ncells, l->sizes, l->spacing, -1, l->cell_x,
                    l->cell_w);
    l->strip_y = l->cursor_y;
    l->strip_h = h;
    l->cursor_y += h + (l->fixed_item_h > 0 ? 0 : l->spacing);
    l->cell = 0;
}

int ui_layout_next_width(ui_context *ctx)
{
    ui_layout *l = ui_layout_top(ctx);
    if (l->mode == UI_LAYOUT_MODE_ROWS && l->cell < l->ncells) return l->body.w;
    if (l->mode == UI_LAYOUT_MODE_ROWS || l->cell >= l->ncells) {
        int pos[UI_ROW_MAX_CELLS], len[UI_ROW_MAX_CELLS];
        if (l->mode == UI_LAYOUT_MODE_ROWS) return l->body.w; /* back to one full row */
        ui_layout_split(ctx, l->body.x, l->body.w, l->ncells, l->sizes, l->spacing, -1, pos, len);
        return len[0];
    }
    return l->cell_w[l->cell];
}

ui_rect ui_layout_next_h(ui_context *ctx, int want_h)
{
    UI_ASSERT(ctx->in_frame);
    ui_layout *l = ui_layout_top(ctx);
    ui_rect r;
    if (l->mode == UI_LAYOUT_MODE_ROWS) {
        if (l->cell < l->ncells) {
            r = ui_rect_make(l->body.x, l->rows_y[l->cell], l->body.w, l->rows_h[l->cell]);
            l->cell++;
            if (l->cell == l->ncells) {
                l->cursor_y = r.y + r.h + l->spacing;
                ui_layout_default_row(l);
            }
            goto done;
        }
        ui_layout_default_row(l);
    }
    if (l->cell >= l->ncells) ui_layout_start_strip(ctx, l, want_h);
    r = ui_rect_make(l->cell_x[l->cell], l->strip_y, l->cell_w[l->cell], l->strip_h);
    l->cell++;
done:
    l->max_x = ui_max(l->max_x, r.x + r.w);
    l->max_y = ui_max(l->max_y, r.y + r.h);
    ctx->last_rect = r;
    return r;
}

ui_rect ui_layout_next(ui_context *ctx)
{
    ui_rect r = ui_layout_next_h(ctx, 0);
    ctx->last_id = 0;
    ui_record_add(ctx, r, UI_RECORD_LEAF, "area", 0);
    return r;
}

void ui_layout_skip(ui_context *ctx)
{
    (void)ui_layout_next_h(ctx, 0);
}

void ui_layout_column_begin(ui_context *ctx)
{
    ui_rect r = ui_layout_next_h(ctx, 0);
    ctx->last_id = 0;
    int16_t rec = ui_record_add(ctx, r, UI_RECORD_CONTAINER, "column", 0);
    ui_layout_push(ctx, r, UI_LAYOUT_COLUMN, rec, 0);
}

void ui_layout_column_end(ui_context *ctx)
{
    ui_layout_pop(ctx, UI_LAYOUT_COLUMN);
}

/* ---- frame --------------------------------------------------------------------------- */

void ui_begin(ui_context *ctx, int width, int height, int64_t now_ms)
{
    UI_ASSERT(!ctx->in_frame && "ui_begin twice without ui_end");
    UI_ASSERT(width >= 0 && height >= 0);
    ctx->in_frame = true;
    ctx->frame++;
    ctx->now = now_ms;
    ctx->width = width;
    ctx->height = height;
    ctx->command_count = 0;
    ctx->text_used = 0;
    ctx->record_count = 0;
    ctx->focus_count = 0;
    ctx->layout_depth = 0;
    ctx->id_depth = 0;
    ctx->hover_prev = ctx->hover;
    ctx->hover = 0;
    ctx->last_id = 0;
    ctx->active_seen = ctx->focus_seen = ctx->pressed_something = false;
    ctx->modal_cur = 0;
    ctx->in_modal = false;
    ctx->layer = UI_LAYER_MAIN;
    ctx->layer_depth = 0;
    ctx->owner = -1;
    ctx->cursor = UI_CURSOR_ARROW;
    ctx->text_input_wanted = false;
    ctx->wake_at = -1;
    ctx->scroll_used = false;
    int events_dropped = ctx->stats.events_dropped;
    memset(&ctx->stats, 0, sizeof ctx->stats);
    ctx->stats.events_dropped = events_dropped;

    ui_rect screen = ui_rect_make(0, 0, width, height);
    ctx->clips[0] = screen;
    ctx->clip_flags[0] = 0;
    ctx->clip_depth = 1;
    ui_emit_clip(ctx);
    ui_draw_rect(ctx, screen, ctx->theme.bg, 0);
    int16_t rec = ui_record_add(ctx, screen, UI_RECORD_CONTAINER, "screen", 0);
    ui_layout_push(ctx, screen, UI_LAYOUT_ROOT, rec, 0);
    ctx->owner = -1;
    ui_overlay_begin(ctx);
}

static void ui_focus_keys(ui_context *ctx)
{
    ui_id list[UI_FOCUS_CAPACITY];
    int n = 0;
    bool modal = ctx->modal_cur != 0;
    for (int i = 0; i < ctx->focus_count; i++)
        if (!modal || ctx->focus_in_modal[i]) list[n++] = ctx->focus_order[i];
    for (int i = 0; i < ctx->event_count; i++) {
        ui_event *e = &ctx->events[i];
        if (e->type != UI_EVENT_KEY || e->consumed || e->key != UI_KEY_TAB) continue;
        if (e->mods & (UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER)) continue;
        e->consumed = 1;
        if (n == 0) continue;
        int dir = (e->mods & UI_MOD_SHIFT) ? -1 : 1, at = -1;
        for (int k = 0; k < n; k++)
            if (list[k] == ctx->focus) at = k;
        if (at < 0)
            ctx->focus = dir > 0 ? list[0] : list[n - 1];
        else
            ctx->focus = list[(at + dir + n) % n];
        ctx->focus_visible = true;
        ctx->focus_seen = true;
    }
    if (modal && n > 0) {
        bool inside = false;
        for (int k = 0; k < n; k++)
            if (list[k] == ctx->focus) inside = true;
        if (!inside) {
            ctx->focus = list[0];
            ctx->focus_seen = true;
        }
    }
}

static void ui_build_order(ui_context *ctx)
{
    int counts[UI_LAYER_COUNT] = {0}, start[UI_LAYER_COUNT];
    for (int i = 0; i < ctx->command_count; i++) counts[ctx->commands[i].layer]++;
    start[0] = 0;
    for (int l = 1; l < UI_LAYER_COUNT; l++) start[l] = start[l - 1] + counts[l - 1];
    for (int i = 0; i < ctx->command_count; i++)
        ctx->order[start[ctx->commands[i].layer]++] = (uint16_t)i;
}

void ui_end(ui_context *ctx)
{
    UI_ASSERT(ctx->in_frame && "ui_end without ui_begin");
    UI_ASSERT(!ctx->in_modal && "ui_modal_begin without ui_modal_end");
    UI_ASSERT(ctx->id_depth == 0 && "ui_push_id without ui_pop_id");
    UI_ASSERT(ctx->layout_depth == 1 && "a column, panel or list was not ended");
    UI_ASSERT(ctx->clip_depth == 1 && "ui_push_clip without ui_pop_clip");
    UI_ASSERT(ctx->layer_depth == 0);

    ui_overlay_end(ctx);

    /* modal focus: remember where focus was, move it in, give it back on close */
    if (ctx->modal_cur && !ctx->modal_prev) ctx->focus_restore = ctx->focus;
    ui_focus_keys(ctx);
    if (!ctx->modal_cur && ctx->modal_prev) {
        ctx->focus = ctx->focus_restore;
        ctx->focus_seen = true; /* it gets checked again next frame */
    }

    if ((ctx->mouse_pressed & UI_MOUSE_LEFT) && !ctx->pressed_something) {
        ctx->focus = 0; /* a click on nothing takes focus away */
        ctx->focus_visible = false;
    }
    if (!ctx->focus_seen) ctx->focus = 0;
    if (!ctx->active_seen) ctx->active = 0;

    if (ctx->hover != ctx->hover_prev) {
        ctx->hover_since = ctx->now;
        ctx->tooltip_suppressed = false;
    }
    if (ctx->mouse_pressed) ctx->tooltip_suppressed = true;

    ctx->modal_prev = ctx->modal_cur;
    ctx->layout_depth = 0;
    ctx->mouse_pressed = ctx->mouse_released = 0;
    ctx->scroll_dx = ctx->scroll_dy = 0.0f;
    ctx->event_count = 0;
    ctx->input_text_len = 0;
    ui_build_order(ctx);
    ctx->stats.commands = ctx->command_count;
    ctx->stats.text_bytes = ctx->text_used;
    ctx->stats.records = ctx->record_count;
    int states = 0;
    for (int i = 0; i < UI_STATE_CAPACITY; i++) states += ctx->states[i].id != 0;
    ctx->stats.states = states;
    ctx->in_frame = false;
}

/* ---- output -------------------------------------------------------------------------- */

bool ui_command_next(const ui_context *ctx, int *iter, const ui_command **cmd)
{
    UI_ASSERT(!ctx->in_frame && "read the commands after ui_end");
    if (*iter < 0 || *iter >= ctx->command_count) return false;
    *cmd = &ctx->commands[ctx->order[(*iter)++]];
    return true;
}

const char *ui_command_text(const ui_context *ctx, const ui_command *cmd)
{
    UI_ASSERT(cmd->type == UI_CMD_TEXT);
    return ctx->text_arena + cmd->text;
}

uint32_t ui_frame_hash(const ui_context *ctx)
{
    ui_id h = UI_HASH_INITIAL;
    int iter = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c)) {
        ui_command k = *c;
        k.owner = 0; /* bookkeeping, not picture */
        k.text = 0;
        h = ui_id_combine(h, &k, sizeof k);
        if (c->type == UI_CMD_TEXT) h = ui_id_combine(h, ui_command_text(ctx, c), c->len);
    }
    return h;
}

int64_t ui_next_frame_in(const ui_context *ctx)
{
    if (ctx->wake_at < 0) return -1;
    return ctx->wake_at > ctx->now ? ctx->wake_at - ctx->now : 0;
}

bool ui_text_input_wanted(const ui_context *ctx, ui_rect *caret)
{
    if (caret) *caret = ctx->text_input_rect;
    return ctx->text_input_wanted;
}

ui_cursor ui_mouse_cursor(const ui_context *ctx)
{
    return ctx->cursor;
}

ui_stats ui_get_stats(const ui_context *ctx)
{
    return ctx->stats;
}
