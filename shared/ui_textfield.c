/* ui_textfield.c — the one-line text field (UTF-8 editing, selection, clipboard, IME
 * composition, password dots) and its input history. */
#include "ui.h"
#include "ui_internal.h"

#include <string.h>

#define UI_PASTE_BYTES        8192  /* clipboard text read per paste; more is refused as LIMIT */
#define UI_CARET_BLINK_FOR_MS 10000 /* then the caret stays on and the field stops waking */

static int64_t ui_min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}
#define UI_BULLET "\xe2\x80\xa2"

/* ---- history ------------------------------------------------------------------------- */

void ui_history_init(ui_history *h)
{
    memset(h, 0, sizeof *h);
    h->browse = -1;
}

const char *ui_history_get(const ui_history *h, int age)
{
    if (age < 0 || age >= h->count) return NULL;
    int i = (h->newest - age + UI_HISTORY_CAPACITY) % UI_HISTORY_CAPACITY;
    return h->lines[i];
}

bool ui_history_push(ui_history *h, const char *line)
{
    h->browse = -1;
    size_t n = strlen(line);
    if (n == 0) return true;
    if (n >= UI_HISTORY_LINE_BYTES) return false;
    if (h->count > 0 && strcmp(h->lines[h->newest], line) == 0) return true;
    h->newest = h->count == 0 ? 0 : (h->newest + 1) % UI_HISTORY_CAPACITY;
    memcpy(h->lines[h->newest], line, n + 1);
    if (h->count < UI_HISTORY_CAPACITY) h->count++;
    return true;
}

/* ---- editing helpers ----------------------------------------------------------------- */

typedef struct ui_tf {
    char *buf;
    int cap, len;
    ui_state *st;
    int res;
} ui_tf;

static int ui_tf_sel_lo(const ui_tf *f)
{
    return ui_min(f->st->cursor, f->st->anchor);
}

static int ui_tf_sel_hi(const ui_tf *f)
{
    return ui_max(f->st->cursor, f->st->anchor);
}

static void ui_tf_delete(ui_tf *f, int from, int to)
{
    if (to <= from) return;
    memmove(f->buf + from, f->buf + to, (size_t)(f->len - to + 1));
    f->len -= to - from;
    f->st->cursor = f->st->anchor = from;
    f->res |= UI_RES_CHANGE;
}

static void ui_tf_delete_selection(ui_tf *f)
{
    ui_tf_delete(f, ui_tf_sel_lo(f), ui_tf_sel_hi(f));
}

/* Copies src into dst as one line: control characters become spaces (new lines included),
 * malformed UTF-8 is skipped. Returns the bytes written (dst holds at least n). */
static int ui_tf_sanitize(char *dst, const char *src, int n)
{
    int out = 0;
    for (int i = 0; i < n;) {
        unsigned char c = (unsigned char)src[i];
        int need = c < 0x80             ? 1
                   : (c & 0xe0) == 0xc0 ? 2
                   : (c & 0xf0) == 0xe0 ? 3
                   : (c & 0xf8) == 0xf0 ? 4
                                        : 0;
        if (need == 0 || i + need > n) {
            i++;
            continue;
        }
        bool ok = true;
        for (int k = 1; k < need; k++)
            if (((unsigned char)src[i + k] & 0xc0) != 0x80) ok = false;
        if (!ok) {
            i++;
            continue;
        }
        if (need == 1 && (c < 0x20 || c == 0x7f)) {
            if (c == '\r' && i + 1 < n && src[i + 1] == '\n') i++; /* CRLF is one space */
            dst[out++] = ' ';
            i++;
            continue;
        }
        memcpy(dst + out, src + i, (size_t)need);
        out += need;
        i += need;
    }
    return out;
}

static void ui_tf_insert(ui_tf *f, const char *text, int n)
{
    ui_tf_delete_selection(f);
    int room = f->cap - 1 - f->len;
    if (n > room) {
        n = ui_utf8_snap(text, room);
        f->res |= UI_RES_LIMIT;
    }
    if (n <= 0) return;
    int at = f->st->cursor;
    memmove(f->buf + at + n, f->buf + at, (size_t)(f->len - at + 1));
    memcpy(f->buf + at, text, (size_t)n);
    f->len += n;
    f->st->cursor = f->st->anchor = at + n;
    f->res |= UI_RES_CHANGE;
}

static bool ui_tf_is_space(char c)
{
    return c == ' ';
}

static int ui_tf_word_left(const ui_tf *f, int i)
{
    while (i > 0 && ui_tf_is_space(f->buf[i - 1])) i--;
    while (i > 0 && !ui_tf_is_space(f->buf[i - 1])) i--;
    return i;
}

static int ui_tf_word_right(const ui_tf *f, int i)
{
    while (i < f->len && !ui_tf_is_space(f->buf[i])) i++;
    while (i < f->len && ui_tf_is_space(f->buf[i])) i++;
    return i;
}

/* Combining marks and variation selectors belong to the character before them. */
static bool ui_tf_combining_at(const ui_tf *f, int i)
{
    const unsigned char *s = (const unsigned char *)f->buf + i;
    if (i >= f->len) return false;
    if (s[0] == 0xcc || (s[0] == 0xcd && s[1] < 0xb0)) return true; /* U+0300..U+036F */
    if (s[0] == 0xef && s[1] == 0xb8 && s[2] <= 0x8f) return true;  /* U+FE00..U+FE0F */
    if (s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0x8d) return true;  /* ZWJ */
    return false;
}

static int ui_tf_next(const ui_tf *f, int i)
{
    i = ui_utf8_next(f->buf, f->len, i);
    while (ui_tf_combining_at(f, i)) i = ui_utf8_next(f->buf, f->len, i);
    return i;
}

static int ui_tf_prev(const ui_tf *f, int i)
{
    i = ui_utf8_prev(f->buf, i);
    while (i > 0 && ui_tf_combining_at(f, i)) i = ui_utf8_prev(f->buf, i);
    return i;
}

static void ui_tf_move(ui_tf *f, int to, bool extend)
{
    f->st->cursor = to;
    if (!extend) f->st->anchor = to;
}

static void ui_tf_set_text(ui_tf *f, const char *text)
{
    int n = (int)strlen(text);
    if (n >= f->cap) {
        f->res |= UI_RES_LIMIT;
        return;
    }
    memcpy(f->buf, text, (size_t)n + 1);
    f->len = n;
    f->st->cursor = f->st->anchor = n;
    f->res |= UI_RES_CHANGE;
}

static void ui_tf_copy(ui_context *ctx, ui_tf *f)
{
    int lo = ui_tf_sel_lo(f), hi = ui_tf_sel_hi(f);
    if (hi <= lo || !ctx->clipboard.set) return;
    char saved = f->buf[hi];
    f->buf[hi] = 0; /* hand out a NUL-terminated slice without copying */
    ctx->clipboard.set(ctx->clipboard.user, f->buf + lo);
    f->buf[hi] = saved;
}

static void ui_tf_paste(ui_context *ctx, ui_tf *f)
{
    if (!ctx->clipboard.get) return;
    char raw[UI_PASTE_BYTES], clean[UI_PASTE_BYTES];
    int full = ctx->clipboard.get(ctx->clipboard.user, raw, UI_PASTE_BYTES);
    if (full <= 0) return;
    int n = full < UI_PASTE_BYTES ? full : UI_PASTE_BYTES - 1;
    if (full >= UI_PASTE_BYTES) {
        n = ui_utf8_snap(raw, n);
        f->res |= UI_RES_LIMIT;
    }
    n = ui_tf_sanitize(clean, raw, n);
    ui_tf_insert(f, clean, n);
}

/* ---- display text: the buffer, or one bullet per code point for passwords ------------ */

typedef struct ui_tf_view {
    const char *text;
    int len;
    bool password;
    char dots[UI_PASSWORD_MAX_BYTES * 3 + 1];
} ui_tf_view;

static int ui_tf_to_view(const ui_tf *f, const ui_tf_view *v, int off)
{
    if (!v->password) return off;
    int cps = 0;
    for (int i = 0; i < off; i = ui_utf8_next(f->buf, f->len, i)) cps++;
    return cps * 3;
}

static int ui_tf_from_view(const ui_tf *f, const ui_tf_view *v, int voff)
{
    if (!v->password) return voff;
    int i = 0;
    for (int k = 0; k < voff / 3 && i < f->len; k++) i = ui_utf8_next(f->buf, f->len, i);
    return i;
}

static void ui_tf_view_make(const ui_tf *f, ui_tf_view *v, bool password)
{
    v->password = password;
    if (!password) {
        v->text = f->buf;
        v->len = f->len;
        return;
    }
    int n = 0;
    for (int i = 0; i < f->len; i = ui_utf8_next(f->buf, f->len, i)) {
        memcpy(v->dots + n, UI_BULLET, 3);
        n += 3;
    }
    v->dots[n] = 0;
    v->text = v->dots;
    v->len = n;
}

/* Largest code point boundary b of s[0..n) with width(s[0..b)) <= px. */
static int ui_tf_floor(ui_context *ctx, const char *s, int n, int size, int px)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = ui_utf8_snap(s, (lo + hi + 1) / 2);
        if (mid <= lo) mid = ui_utf8_next(s, n, lo);
        if (mid > hi) break;
        if (ui_text_width(ctx, UI_FONT_REGULAR, size, s, mid) <= px)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Byte offset in the view closest to pixel x (relative to the text start). */
static int ui_tf_hit(ui_context *ctx, const ui_tf_view *v, int size, int x)
{
    if (x <= 0 || v->len == 0) return 0;
    int lo = ui_tf_floor(ctx, v->text, v->len, size, x);
    if (lo >= v->len) return v->len;
    int next = ui_utf8_next(v->text, v->len, lo);
    int wl = ui_text_width(ctx, UI_FONT_REGULAR, size, v->text, lo);
    int wn = ui_text_width(ctx, UI_FONT_REGULAR, size, v->text, next);
    return (x - wl) <= (wn - x) ? lo : next;
}

/* ---- keyboard ------------------------------------------------------------------------ */

static void ui_tf_history(ui_tf *f, ui_history *h, int dir)
{
    if (!h || h->count == 0) return;
    int to = h->browse + dir;
    if (to >= h->count || to < -1) return;
    if (h->browse == -1) {
        if (f->len >= UI_HISTORY_LINE_BYTES) {
            f->res |= UI_RES_LIMIT; /* the draft could not be kept */
            return;
        }
        memcpy(h->draft, f->buf, (size_t)f->len + 1);
    }
    const char *line = to == -1 ? h->draft : ui_history_get(h, to);
    int before = f->res;
    ui_tf_set_text(f, line);
    if ((f->res & UI_RES_LIMIT) && !(before & UI_RES_LIMIT)) return;
    h->browse = to;
}

static void ui_tf_keys(ui_context *ctx, ui_tf *f, ui_history *history, bool password)
{
    for (int i = 0; i < ctx->event_count; i++) {
        ui_event *e = &ctx->events[i];
        if (e->consumed) continue;
        int before = f->res;
        if (e->type == UI_EVENT_TEXT) {
            char clean[UI_INPUT_TEXT_BYTES];
            int n = ui_tf_sanitize(clean, ctx->input_text + e->text_off, e->text_len);
            ui_tf_insert(f, clean, n);
            e->consumed = 1;
        } else {
            bool shift = (e->mods & UI_MOD_SHIFT) != 0;
            bool shortcut = (e->mods & (UI_MOD_CTRL | UI_MOD_SUPER)) != 0;
            bool word = (e->mods & (UI_MOD_CTRL | UI_MOD_ALT)) != 0 && !password;
            bool sel = f->st->cursor != f->st->anchor;
            int c = f->st->cursor;
            e->consumed = 1;
            switch (e->key) {
            case UI_KEY_LEFT:
                if (sel && !shift)
                    ui_tf_move(f, ui_tf_sel_lo(f), false);
                else
                    ui_tf_move(f, word ? ui_tf_word_left(f, c) : ui_tf_prev(f, c), shift);
                break;
            case UI_KEY_RIGHT:
                if (sel && !shift)
                    ui_tf_move(f, ui_tf_sel_hi(f), false);
                else
                    ui_tf_move(f, word ? ui_tf_word_right(f, c) : ui_tf_next(f, c), shift);
                break;
            case UI_KEY_HOME:
                ui_tf_move(f, 0, shift);
                break;
            case UI_KEY_END:
                ui_tf_move(f, f->len, shift);
                break;
            case UI_KEY_BACKSPACE:
                if (sel)
                    ui_tf_delete_selection(f);
                else if (c > 0)
                    ui_tf_delete(f, word ? ui_tf_word_left(f, c) : ui_utf8_prev(f->buf, c), c);
                break;
            case UI_KEY_DELETE:
                if (sel)
                    ui_tf_delete_selection(f);
                else if (c < f->len)
                    ui_tf_delete(f, c, word ? ui_tf_word_right(f, c) : ui_tf_next(f, c));
                break;
            case UI_KEY_ENTER:
                f->res |= UI_RES_SUBMIT;
                if (history && !ui_history_push(history, f->buf)) f->res |= UI_RES_LIMIT;
                break;
            case UI_KEY_ESCAPE:
                f->res |= UI_RES_CANCEL;
                break;
            case UI_KEY_UP:
                if (history)
                    ui_tf_history(f, history, +1);
                else
                    e->consumed = 0;
                break;
            case UI_KEY_DOWN:
                if (history)
                    ui_tf_history(f, history, -1);
                else
                    e->consumed = 0;
                break;
            case UI_KEY_TAB:
            case UI_KEY_PAGEUP:
            case UI_KEY_PAGEDOWN:
                e->consumed = 0;
                break;
            default:
                if (e->key >= UI_KEY_F1) {
                    e->consumed = 0;
                } else if (shortcut && e->key == UI_KEY_LETTER('a')) {
                    f->st->anchor = 0;
                    f->st->cursor = f->len;
                } else if (shortcut && e->key == UI_KEY_LETTER('c')) {
                    if (!password) ui_tf_copy(ctx, f);
                } else if (shortcut && e->key == UI_KEY_LETTER('x')) {
                    if (!password) {
                        ui_tf_copy(ctx, f);
                        ui_tf_delete_selection(f);
                    }
                } else if (shortcut && e->key == UI_KEY_LETTER('v')) {
                    ui_tf_paste(ctx, f);
                } else if (shortcut || (e->mods & UI_MOD_ALT)) {
                    e->consumed = 0; /* the program's shortcut */
                }
                /* plain letters and Space arrive as text events too */
                break;
            }
        }
        if ((f->res & UI_RES_CHANGE) && !(before & UI_RES_CHANGE) && history &&
            e->key != UI_KEY_UP && e->key != UI_KEY_DOWN)
            history->browse = -1; /* an edited line is the new draft */
        if (e->consumed) f->st->blink_start = ctx->now;
    }
}

/* ---- the widget ---------------------------------------------------------------------- */

/* Draws s[0..n) starting at pixel x; of a long line only the part inside the clip. */
static int ui_tf_draw_run(ui_context *ctx, const char *s, int n, int size, int x, int y,
                          ui_rect clip, ui_color color)
{
    int w = ui_text_width(ctx, UI_FONT_REGULAR, size, s, n);
    if (n < 256 || w <= clip.w * 2) {
        ui_draw_text2(ctx, UI_FONT_REGULAR, size, x, y, s, n, "", 0, color, 0);
        return w;
    }
    int start = ui_tf_floor(ctx, s, n, size, clip.x - x);
    int end = ui_utf8_next(s, n, ui_tf_floor(ctx, s, n, size, clip.x + clip.w - x));
    int sx = x + ui_text_width(ctx, UI_FONT_REGULAR, size, s, start);
    ui_draw_text2(ctx, UI_FONT_REGULAR, size, sx, y, s + start, end - start, "", 0, color, 0);
    return w;
}

int ui_textfield_ex(ui_context *ctx, const char *label, char *buf, int cap, const char *placeholder,
                    ui_history *history, int opt)
{
    UI_ASSERT(label && buf && cap > 0);
    bool password = (opt & UI_OPT_PASSWORD) != 0;
    UI_ASSERT((!password || cap <= UI_PASSWORD_MAX_BYTES) && "password fields are short");
    UI_ASSERT(memchr(buf, 0, (size_t)cap) && "text field buffer must be NUL-terminated");
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    int res = ui_control(ctx, id, r, opt);
    ui_record_add(ctx, r, UI_RECORD_LEAF, "text field", 0);
    const ui_theme *t = &ctx->theme;
    ui_state *st = ui_get_state(ctx, id);
    ui_tf f = {buf, cap, (int)strlen(buf), st, 0};
    st->cursor = ui_utf8_snap(buf, ui_clamp(st->cursor, 0, f.len));
    st->anchor = ui_utf8_snap(buf, ui_clamp(st->anchor, 0, f.len));

    int size = ui_font_size(ctx);
    int pad = ui_px(ctx, 8);
    ui_rect inner = ui_rect_make(r.x + pad, r.y, ui_max(0, r.w - 2 * pad), r.h);
    int line_h = ui_text_height(ctx, UI_FONT_REGULAR, size);
    int ty = r.y + (r.h - line_h) / 2;
    bool focused = (res & UI_CTL_FOCUSED) != 0;
    if (res & UI_CTL_HOVER) ctx->cursor = UI_CURSOR_IBEAM;

    ui_tf_view view;
    ui_tf_view_make(&f, &view, password);
    if (res & UI_CTL_PRESSED) {
        int pos = ui_tf_from_view(
            &f, &view, ui_tf_hit(ctx, &view, size, ctx->mouse_x - inner.x + st->scroll_x));
        bool shift = (ctx->mods & UI_MOD_SHIFT) != 0;
        if (res & UI_CTL_DOUBLE) {
            int a = pos, b = pos;
            while (a > 0 && !ui_tf_is_space(buf[a - 1])) a--;
            while (b < f.len && !ui_tf_is_space(buf[b])) b++;
            st->anchor = a;
            st->cursor = b;
        } else {
            ui_tf_move(&f, pos, shift);
        }
        st->blink_start = ctx->now;
    } else if ((res & UI_CTL_ACTIVE) && (ctx->mouse_down & UI_MOUSE_LEFT)) {
        st->cursor = ui_tf_from_view(
            &f, &view, ui_tf_hit(ctx, &view, size, ctx->mouse_x - inner.x + st->scroll_x));
    }
    if (focused) {
        ui_tf_keys(ctx, &f, history, password);
        if (f.res & UI_RES_CHANGE) ui_tf_view_make(&f, &view, password);
    }

    const char *comp = focused ? ctx->composition : "";
    int comp_len = (int)strlen(comp);
    int vc = ui_tf_to_view(&f, &view, st->cursor);
    int cursor_x = ui_text_width(ctx, UI_FONT_REGULAR, size, view.text, vc);
    int comp_w = ui_text_width(ctx, UI_FONT_REGULAR, size, comp, comp_len);
    int caret_x =
        cursor_x + (comp_len ? ui_text_width(ctx, UI_FONT_REGULAR, size, comp,
                                             ui_clamp(ctx->composition_cursor, 0, comp_len))
                             : 0);
    int caret_w = ui_max(1, ui_px(ctx, 1));
    int total_w = ui_text_width(ctx, UI_FONT_REGULAR, size, view.text, view.len) + comp_w;
    /* keep the caret in view, and no empty space at the end while text is hidden at the start */
    if (caret_x - st->scroll_x > inner.w - caret_w) st->scroll_x = caret_x - inner.w + caret_w;
    if (caret_x - st->scroll_x < 0) st->scroll_x = caret_x;
    st->scroll_x = ui_clamp(st->scroll_x, 0, ui_max(0, total_w + caret_w - inner.w));

    /* frame */
    int radius = ui_px(ctx, (float)t->radius);
    ui_draw_rect(ctx, r, t->field, radius);
    ui_color border = focused                ? t->focus_ring
                      : (res & UI_CTL_HOVER) ? t->text_dim
                                             : t->field_border;
    ui_draw_border(ctx, r, border, focused ? ui_max(1, ui_px(ctx, 2)) : ui_max(1, ui_px(ctx, 1)),
                   radius);

    ui_push_clip_ex(ctx, inner, UI_CLIP_SCROLL_X, false);
    int x0 = inner.x - st->scroll_x;
    if (f.len == 0 && comp_len == 0) {
        if (placeholder)
            ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, inner.x, ty, placeholder, -1, inner.w,
                             t->text_disabled);
    } else {
        if (st->cursor != st->anchor && comp_len == 0) {
            int a = ui_text_width(ctx, UI_FONT_REGULAR, size, view.text,
                                  ui_tf_to_view(&f, &view, ui_tf_sel_lo(&f)));
            int b = ui_text_width(ctx, UI_FONT_REGULAR, size, view.text,
                                  ui_tf_to_view(&f, &view, ui_tf_sel_hi(&f)));
            ui_draw_rect(ctx, ui_rect_make(x0 + a, ty, b - a, line_h), t->selection, 0);
        }
        ui_color tc = (opt & UI_OPT_DISABLED) ? t->text_disabled : t->text;
        int w1 = ui_tf_draw_run(ctx, view.text, vc, size, x0, ty, inner, tc);
        if (comp_len) {
            ui_draw_text(ctx, UI_FONT_REGULAR, size, x0 + w1, ty, comp, comp_len, tc);
            int ul = ui_max(1, ui_px(ctx, 1));
            ui_draw_rect(ctx, ui_rect_make(x0 + w1, ty + line_h - ul, comp_w, ul), tc, 0);
        }
        ui_tf_draw_run(ctx, view.text + vc, view.len - vc, size, x0 + w1 + comp_w, ty, inner, tc);
    }
    if (focused) {
        /* the caret blinks for a while after the last key or click, then stays on, so an
         * idle window with a focused field stops waking up (as GTK does) */
        int64_t blink = t->caret_blink_ms > 0 ? t->caret_blink_ms : 0;
        int64_t since = ctx->now - st->blink_start;
        if (since >= UI_CARET_BLINK_FOR_MS) blink = 0;
        int64_t phase = blink ? since / blink : 0;
        if (phase % 2 == 0)
            ui_draw_rect(ctx, ui_rect_make(x0 + caret_x, ty, caret_w, line_h), t->text, 0);
        if (blink) {
            int64_t next = st->blink_start + (phase + 1) * blink;
            ui_wake(ctx, ui_min64(next, st->blink_start + UI_CARET_BLINK_FOR_MS));
        }
        ctx->text_input_wanted = true;
        ctx->text_input_rect = ui_rect_make(x0 + caret_x, ty, caret_w, line_h);
    }
    ui_pop_clip(ctx);
    return f.res;
}

int ui_textfield(ui_context *ctx, const char *label, char *buf, int cap)
{
    return ui_textfield_ex(ctx, label, buf, cap, NULL, NULL, 0);
}
