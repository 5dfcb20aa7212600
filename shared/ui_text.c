/* ui_text.c — text helpers: UTF-8 stepping, "…" shortening and word wrap by measured width. */
#include "ui.h"
#include "ui_internal.h"

#include <string.h>

#define UI_ELLIPSIS     "\xe2\x80\xa6" /* … */
#define UI_ELLIPSIS_LEN 3

static bool ui_utf8_cont(char c)
{
    return ((unsigned char)c & 0xc0) == 0x80;
}

int ui_utf8_next(const char *s, int len, int i)
{
    if (i >= len) return len;
    i++;
    while (i < len && ui_utf8_cont(s[i])) i++;
    return i;
}

int ui_utf8_prev(const char *s, int i)
{
    if (i <= 0) return 0;
    i--;
    while (i > 0 && ui_utf8_cont(s[i])) i--;
    return i;
}

int ui_utf8_snap(const char *s, int i)
{
    while (i > 0 && ui_utf8_cont(s[i])) i--;
    return i;
}

static int ui_fixed_width(void *user, ui_font font, int size_px, const char *text, int len)
{
    (void)user;
    (void)font;
    int cps = 0;
    for (int i = 0; i < len; i++) cps += !ui_utf8_cont(text[i]);
    return cps * ((size_px * 4 + 3) / 7);
}

static int ui_fixed_height(void *user, ui_font font, int size_px)
{
    (void)user;
    (void)font;
    return size_px + size_px / 4;
}

ui_text_measurer ui_fixed_measurer(void)
{
    ui_text_measurer m = {ui_fixed_width, ui_fixed_height, NULL};
    return m;
}

int ui_label_len(const char *label)
{
    const char *hash = strstr(label, "##");
    return hash ? (int)(hash - label) : (int)strlen(label);
}

/* Longest prefix of text (ending on a code point) no wider than max_w; 0 if none. */
static int ui_fit_prefix(ui_context *ctx, ui_font font, int size_px, const char *text, int len,
                         int max_w)
{
    int lo = 0, hi = len; /* text[0..lo) fits; nothing longer than hi does */
    while (lo < hi) {
        int mid = ui_utf8_snap(text, (lo + hi + 1) / 2);
        if (mid <= lo) mid = ui_utf8_next(text, len, lo);
        if (mid > hi) break;
        if (ui_text_width(ctx, font, size_px, text, mid) <= max_w)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int ui_draw_text_fit(ui_context *ctx, ui_font font, int size_px, int x, int y, const char *text,
                     int len, int max_w, ui_color color)
{
    if (len < 0) len = (int)strlen(text);
    if (len == 0 || max_w <= 0) return 0;
    int w = ui_text_width(ctx, font, size_px, text, len);
    if (w <= max_w) return ui_draw_text2(ctx, font, size_px, x, y, text, len, "", 0, color, 0);
    int ell = ui_text_width(ctx, font, size_px, UI_ELLIPSIS, UI_ELLIPSIS_LEN);
    if (ell > max_w) return 0; /* not even "…" fits: draw nothing rather than spill */
    int n = ui_fit_prefix(ctx, font, size_px, text, len, max_w - ell);
    while (n > 0 && text[n - 1] == ' ') n--;
    return ui_draw_text2(ctx, font, size_px, x, y, text, n, UI_ELLIPSIS, UI_ELLIPSIS_LEN, color,
                         UI_TEXT_ELLIPSIZED);
}

/* Word wrap. Words are measured one at a time and added up (kerning across a space is
 * nil), then the finished line is measured once more so it never exceeds max_w. Spaces at a
 * break are dropped, so every line but a message's first starts with a word. */
int ui_wrap_line(ui_context *ctx, ui_font font, int size_px, const char *text, int len, int max_w,
                 int *next)
{
    int space_w = ui_text_width(ctx, font, size_px, " ", 1);
    int end = 0;   /* end of the last word that fits */
    int width = 0; /* width of text[0..end) */
    int i = 0;
    for (;;) {
        int ws = i;
        while (ws < len && text[ws] == ' ') ws++;
        if (ws >= len) {
            *next = len;
            break;
        }
        if (text[ws] == '\n') {
            *next = ws + 1;
            break;
        }
        int we = ws;
        while (we < len && text[we] != ' ' && text[we] != '\n') we++;
        int add = (ws - i) * space_w + ui_text_width(ctx, font, size_px, text + ws, we - ws);
        if (width + add <= max_w) {
            width += add;
            end = we;
            i = we;
            continue;
        }
        if (end == 0) {
            /* a single word wider than the line: break it between code points */
            int n = ui_fit_prefix(ctx, font, size_px, text, we, max_w);
            if (n <= ws) n = ui_utf8_next(text, we, ws); /* at least one code point */
            *next = n;
            return n;
        }
        *next = ws;
        break;
    }
    while (end > 0 && ui_text_width(ctx, font, size_px, text, end) > max_w) {
        int e = end;
        while (e > 0 && text[e - 1] != ' ') e--;
        int s = e;
        while (s > 0 && text[s - 1] == ' ') s--;
        if (s == 0) break; /* one word left: keep it */
        *next = e;
        end = s;
    }
    return end;
}
