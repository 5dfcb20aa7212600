/* ui_chat.c — the chat log (a caller-owned ring of messages) and the chat view that wraps,
 * scrolls and follows it, measuring and emitting only the messages in view. */
#include "ui.h"
#include "ui_internal.h"

#include <string.h>

/* ---- the log ------------------------------------------------------------------------- */

void ui_chat_log_init(ui_chat_log *log)
{
    memset(log, 0, sizeof *log);
    log->next_seq = 1;
}

void ui_chat_log_clear(ui_chat_log *log)
{
    log->first = log->count = 0;
    log->text_head = 0;
    log->changes++;
}

int ui_chat_log_count(const ui_chat_log *log)
{
    return log->count;
}

static ui_chat_entry *ui_chat_at(ui_chat_log *log, int i)
{
    return &log->entries[(log->first + i) % UI_CHAT_CAPACITY];
}

/* Copies src as display text: control characters become spaces (new lines stay), CRLF
 * becomes a new line, malformed UTF-8 becomes U+FFFD. dst NULL only counts. */
static uint32_t ui_chat_clean(char *dst, const char *src, size_t n, bool keep_newlines)
{
    uint32_t out = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)src[i];
        size_t need = c < 0x80             ? 1
                      : (c & 0xe0) == 0xc0 ? 2
                      : (c & 0xf0) == 0xe0 ? 3
                      : (c & 0xf8) == 0xf0 ? 4
                                           : 0;
        bool ok = need > 0 && i + need <= n;
        for (size_t k = 1; ok && k < need; k++)
            if (((unsigned char)src[i + k] & 0xc0) != 0x80) ok = false;
        if (ok && need == 2 && c < 0xc2) ok = false; /* overlong */
        if (!ok) {
            if (dst) memcpy(dst + out, "\xef\xbf\xbd", 3);
            out += 3;
            i++;
            continue;
        }
        if (need == 1 && (c < 0x20 || c == 0x7f)) {
            if (c == '\r' && i + 1 < n && src[i + 1] == '\n') i++;
            if (dst) dst[out] = (keep_newlines && (c == '\n' || c == '\r')) ? '\n' : ' ';
            out++;
            i++;
            continue;
        }
        if (dst) memcpy(dst + out, src + i, need);
        out += (uint32_t)need;
        i += need;
    }
    return out;
}

static void ui_chat_drop_oldest(ui_chat_log *log)
{
    log->first = (log->first + 1) % UI_CHAT_CAPACITY;
    log->count--;
    log->dropped++;
}

/* Where `need` contiguous bytes can go, dropping the oldest messages to make room. */
static uint32_t ui_chat_reserve(ui_chat_log *log, uint32_t need)
{
    for (;;) {
        if (log->count == 0) return 0;
        uint32_t tail = ui_chat_at(log, 0)->off, head = log->text_head;
        if (head > tail) { /* live text is [tail, head) */
            if (UI_CHAT_TEXT_BYTES - head >= need) return head;
            if (tail >= need) return 0;
        } else if (tail - head >= need) { /* live text wraps: free space is [head, tail) */
            return head;
        }
        ui_chat_drop_oldest(log);
    }
}

bool ui_chat_log_add(ui_chat_log *log, const ui_chat_message *msg)
{
    UI_ASSERT(log && msg && msg->text);
    const char *author = msg->author ? msg->author : "";
    const char *time = msg->time ? msg->time : "";
    size_t an = strlen(author), tn = strlen(msg->text), mn = strlen(time);
    if (an + tn + mn > UI_CHAT_MESSAGE_MAX) return false; /* cleaning grows at most 3x */
    uint32_t al = ui_chat_clean(NULL, author, an, false);
    uint32_t ml = ui_chat_clean(NULL, time, mn, false);
    uint32_t tl = ui_chat_clean(NULL, msg->text, tn, true);
    if (al > 0xffff || ml > 0xffff) return false;
    uint32_t need = al + ml + tl;
    if (need == 0) need = 1; /* an entry always owns a byte, so head == tail stays unambiguous */
    if (log->count == UI_CHAT_CAPACITY) ui_chat_drop_oldest(log);
    uint32_t at = ui_chat_reserve(log, need);
    char *p = log->text + at;
    ui_chat_clean(p, time, mn, false);
    ui_chat_clean(p + ml, author, an, false);
    ui_chat_clean(p + ml + al, msg->text, tn, true);
    log->text_head = at + need;
    ui_chat_entry *e = &log->entries[(log->first + log->count) % UI_CHAT_CAPACITY];
    log->count++;
    e->off = at;
    e->time_len = (uint16_t)ml;
    e->author_len = (uint16_t)al;
    e->text_len = tl;
    e->seq = log->next_seq++;
    e->author_color = msg->author_color;
    e->flags = msg->flags;
    e->height = -1;
    log->changes++;
    return true;
}

/* ---- layout of one message ----------------------------------------------------------- */

typedef struct ui_chat_style {
    int size, line_h, space_w, gap, text_w;
    ui_color text, dim, accent, mention;
} ui_chat_style;

/* Height of message e at the style's width; draws it at (x, y) when emit is set. */
static int ui_chat_message_layout(ui_context *ctx, const ui_chat_log *log, const ui_chat_entry *e,
                                  const ui_chat_style *s, int x, int y, bool emit)
{
    const char *time = log->text + e->off;
    const char *author = time + e->time_len;
    const char *body = author + e->author_len;
    int bl = (int)e->text_len;
    bool system = (e->flags & UI_CHAT_SYSTEM) != 0;
    int time_w = e->time_len
                     ? ui_text_width(ctx, UI_FONT_REGULAR, s->size, time, e->time_len) + s->space_w
                     : 0;
    int author_w =
        e->author_len
            ? ui_text_width(ctx, UI_FONT_BOLD, s->size, author, e->author_len) + s->space_w
            : 0;
    author_w = ui_min(author_w, s->text_w / 2);
    int prefix = time_w + author_w;
    bool body_below = prefix > 0 && s->text_w - prefix < s->text_w / 3;
    int indent = (!body_below && prefix <= s->text_w / 3) ? prefix : 0;
    if (emit) {
        if ((e->flags & UI_CHAT_MENTION) && e->height > 0) {
            int m = ui_px(ctx, 4);
            ui_draw_rect(ctx, ui_rect_make(x - m, y - s->gap / 2, s->text_w + 2 * m, e->height),
                         s->mention, ui_px(ctx, 4));
        }
        if (e->time_len)
            ui_draw_text_fit(ctx, UI_FONT_REGULAR, s->size, x, y, time, e->time_len, time_w,
                             s->dim);
        if (e->author_len) {
            ui_color ac = e->author_color.a ? e->author_color : s->accent;
            ui_draw_text_fit(ctx, UI_FONT_BOLD, s->size, x + time_w, y, author, e->author_len,
                             author_w - s->space_w, ac);
        }
    }
    int lines = 0, line_y = y;
    if (body_below) {
        lines = 1;
        line_y += s->line_h;
    }
    int pos = 0;
    do {
        int lx = lines == 0 ? prefix : indent;
        int next = bl - pos, n = 0;
        if (bl > 0)
            n = ui_wrap_line(ctx, UI_FONT_REGULAR, s->size, body + pos, bl - pos, s->text_w - lx,
                             &next);
        if (emit && n > 0)
            ui_draw_text(ctx, UI_FONT_REGULAR, s->size, x + lx, line_y, body + pos, n,
                         system ? s->dim : s->text);
        lines++;
        line_y += s->line_h;
        pos += next;
    } while (pos < bl);
    return lines * s->line_h + s->gap;
}

/* ---- the view ------------------------------------------------------------------------ */

void ui_chat_view_scroll_to_bottom(ui_context *ctx, const char *label)
{
    ui_get_state(ctx, ui_get_id_str(ctx, label))->pending = 1;
}

static void ui_chat_view_ex(ui_context *ctx, const char *label, ui_chat_log *log, int opt)
{
    UI_ASSERT(label && log);
    const ui_theme *t = &ctx->theme;
    ui_id id = ui_get_id_str(ctx, label);
    ui_rect r = ui_layout_next_h(ctx, 0);
    ui_control(ctx, id, r, UI_OPT_NO_FOCUS);
    int16_t rec = ui_record_add(ctx, r, UI_RECORD_CONTAINER, "chat view", UI_CLIP_SCROLL_Y);
    ui_state *st = ui_get_state(ctx, id);

    int radius = (opt & UI_OPT_BORDER) ? ui_px(ctx, (float)t->radius) : 0;
    if (opt & UI_OPT_BACKGROUND) ui_draw_rect(ctx, r, t->panel, radius);
    int bw = (opt & UI_OPT_BORDER) ? ui_max(1, ui_px(ctx, 1)) : 0;
    if (bw) ui_draw_border(ctx, r, t->border, bw, radius);

    ui_chat_style s;
    s.size = ui_font_size(ctx);
    s.line_h = ui_text_height(ctx, UI_FONT_REGULAR, s.size);
    s.space_w = ui_text_width(ctx, UI_FONT_REGULAR, s.size, " ", 1);
    s.gap = ui_px(ctx, 6);
    s.text = t->text;
    s.dim = t->text_dim;
    s.accent = t->accent;
    s.mention = t->mention_bg;
    int pad = ui_px(ctx, (float)t->padding);
    int gutter = ui_px(ctx, (float)t->scrollbar_width) + ui_px(ctx, 4);
    s.text_w = ui_max(ui_px(ctx, 40), r.w - 2 * pad - gutter);

    /* heights: all of them when the width changed, else only the new messages */
    if (log->layout_w != s.text_w || log->layout_size != s.size ||
        log->layout_scale != ctx->scale) {
        for (int i = 0; i < log->count; i++) ui_chat_at(log, i)->height = -1;
        log->layout_w = s.text_w;
        log->layout_size = s.size;
        log->layout_scale = ctx->scale;
    }
    int total = 2 * pad;
    for (int i = 0; i < log->count; i++) {
        ui_chat_entry *e = ui_chat_at(log, i);
        if (e->height < 0) e->height = ui_chat_message_layout(ctx, log, e, &s, 0, 0, false);
        total += e->height;
    }
    int max_scroll = ui_max(0, total - r.h);

    /* where the view is: at the bottom, or anchored to a message */
    if (st->pending) {
        st->stick = true;
        st->pending = 0;
    }
    int y = max_scroll;
    if (!st->stick) {
        uint32_t oldest = log->count ? ui_chat_at(log, 0)->seq : log->next_seq;
        if (st->anchor_seq < oldest) {
            y = 0;
        } else {
            int k = (int)(st->anchor_seq - oldest), acc = pad;
            if (k < log->count) {
                for (int i = 0; i < k; i++) acc += ui_chat_at(log, i)->height;
                y = acc + st->anchor_off;
            }
        }
    }
    int step = s.line_h * 3;
    if (ctx->scroll_dy != 0.0f && !ctx->scroll_used && !ui_input_blocked(ctx) &&
        ui_mouse_over(ctx, r)) {
        ctx->scroll_used = true;
        y -= (int)(ctx->scroll_dy * (float)step);
    }
    int mask = UI_MOD_CTRL | UI_MOD_ALT | UI_MOD_SUPER | UI_MOD_SHIFT;
    while (ui_key_take(ctx, UI_KEY_PAGEUP, mask, 0)) y -= r.h - s.line_h;
    while (ui_key_take(ctx, UI_KEY_PAGEDOWN, mask, 0)) y += r.h - s.line_h;
    y = ui_clamp(y, 0, max_scroll);
    ui_rect track = ui_rect_make(r.x + r.w - bw - gutter + ui_px(ctx, 2), r.y + bw + ui_px(ctx, 2),
                                 gutter - ui_px(ctx, 4), r.h - 2 * bw - ui_px(ctx, 4));
    y = ui_scrollbar(ctx, ui_id_combine(id, "sb", 2), track, y, total, r.h);
    ctx->owner = rec;
    st->stick = y >= max_scroll;

    /* remember the message at the top, so new or dropped messages do not move the view */
    int acc = pad, first_visible = log->count;
    st->anchor_seq = log->count ? ui_chat_at(log, 0)->seq : log->next_seq;
    st->anchor_off = y - pad;
    for (int i = 0; i < log->count; i++) {
        ui_chat_entry *e = ui_chat_at(log, i);
        if (acc + e->height > y) {
            st->anchor_seq = e->seq;
            st->anchor_off = y - acc;
            first_visible = i;
            break;
        }
        acc += e->height;
    }

    ui_push_clip_ex(ctx, ui_rect_inset(r, bw, bw), UI_CLIP_SCROLL_Y, false);
    ui_clip_set_scroll(ctx, y);
    int top = r.y - y + acc;
    for (int i = first_visible; i < log->count && top < r.y + r.h; i++) {
        ui_chat_entry *e = ui_chat_at(log, i);
        ui_chat_message_layout(ctx, log, e, &s, r.x + pad, top, true);
        top += e->height;
    }
    ui_pop_clip(ctx);

    if (!st->stick && log->count > 0) {
        static const char jump[] = "Jump to latest";
        int size = ui_font_size_small(ctx);
        int icon = ui_px(ctx, 14), ph = ui_px(ctx, 26), pp = ui_px(ctx, 10);
        int w = ui_min(ui_text_width(ctx, UI_FONT_REGULAR, size, jump, -1) + icon + 3 * pp,
                       r.w - 2 * pad);
        ui_rect pill = ui_rect_make(r.x + (r.w - w) / 2, r.y + r.h - ph - ui_px(ctx, 8), w, ph);
        int res = ui_control(ctx, ui_id_combine(id, "jump", 4), pill, UI_OPT_NO_FOCUS);
        ui_record_add(ctx, pill, UI_RECORD_LEAF, "jump button", 0);
        if (rec >= 0 && ctx->record_count > 0) ctx->records[ctx->record_count - 1].parent = rec;
        if (res & UI_CTL_CLICKED) st->pending = 1;
        ui_draw_rect(ctx, pill, (res & UI_CTL_HOVER) ? t->accent_hover : t->accent, ph / 2);
        ui_draw_icon(ctx, UI_ICON_CHEVRON_DOWN,
                     ui_rect_make(pill.x + pp, pill.y + (ph - icon) / 2, icon, icon),
                     t->accent_text);
        int th = ui_text_height(ctx, UI_FONT_REGULAR, size);
        ui_draw_text_fit(ctx, UI_FONT_REGULAR, size, pill.x + pp + icon + pp / 2,
                         pill.y + (ph - th) / 2, jump, -1, pill.w - icon - 2 * pp - pp / 2,
                         t->accent_text);
    }
    ctx->last_id = id;
    ctx->last_rect = r;
}

void ui_chat_view(ui_context *ctx, const char *label, ui_chat_log *log)
{
    ui_chat_view_ex(ctx, label, log, UI_OPT_BACKGROUND | UI_OPT_BORDER);
}

void ui_chat_view_plain(ui_context *ctx, const char *label, ui_chat_log *log)
{
    ui_chat_view_ex(ctx, label, log, 0);
}
