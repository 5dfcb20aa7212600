/* ui_sdl_fallback.c — a message screen drawn with rectangles only (stb_easy_font's quads), for
 * when no font can be loaded and the real renderer cannot start. */
#include "ui_sdl.h"
#include "ui_internal.h"

#include <SDL.h>

#include <string.h>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-braces"
#endif
#include <stb_easy_font.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#define UI_FALLBACK_LINE 160 /* characters per drawn line at most */

typedef struct ui_fallback_quad {
    float x, y, z;
    unsigned char color[4];
} ui_fallback_quad;

/* Draws one line of printable ASCII at (x, y), each font pixel `scale` screen pixels. */
static void ui_fallback_line(SDL_Renderer *ren, const char *text, int n, float x, float y,
                             float scale)
{
    char line[UI_FALLBACK_LINE + 1];
    if (n > UI_FALLBACK_LINE) n = UI_FALLBACK_LINE;
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        line[i] = (c >= 32 && c < 127) ? (char)c : '?'; /* the font knows ASCII only */
    }
    line[n] = 0;
    ui_fallback_quad verts[UI_FALLBACK_LINE * 40];
    int quads = stb_easy_font_print(0, 0, line, NULL, verts, (int)sizeof verts);
    SDL_FRect rects[UI_FALLBACK_LINE * 10];
    int count = 0;
    for (int q = 0; q < quads && count < (int)(sizeof rects / sizeof rects[0]); q++) {
        const ui_fallback_quad *v = &verts[q * 4];
        SDL_FRect r = {x + v[0].x * scale, y + v[0].y * scale, (v[2].x - v[0].x) * scale,
                       (v[2].y - v[0].y) * scale};
        rects[count++] = r;
    }
    SDL_RenderFillRectsF(ren, rects, count);
}

/* Draws text wrapped at max_chars; returns the y below it. */
static float ui_fallback_text(SDL_Renderer *ren, const char *text, float x, float y, float scale,
                              int max_chars)
{
    int len = (int)strlen(text);
    for (int at = 0; at < len;) {
        int end = at;
        while (end < len && text[end] != '\n') end++;
        int n = end - at;
        if (n > max_chars) { /* break at the last space that fits */
            n = max_chars;
            while (n > 0 && text[at + n] != ' ') n--;
            if (n == 0) n = max_chars;
        }
        ui_fallback_line(ren, text + at, n, x, y, scale);
        y += 12.0f * scale;
        at += n;
        while (at < len && text[at] == ' ') at++;
        if (at < len && text[at] == '\n') at++;
    }
    return y;
}

void ui_sdl_message_screen(SDL_Renderer *ren, const char *title, const char *body, bool dark)
{
    UI_ASSERT(ren && title && body);
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(ren, &w, &h) != 0) return;
    SDL_RenderSetClipRect(ren, NULL);
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_NONE);
    if (dark)
        SDL_SetRenderDrawColor(ren, 0x1e, 0x1f, 0x22, 255);
    else
        SDL_SetRenderDrawColor(ren, 0xf3, 0xf4, 0xf6, 255);
    SDL_RenderClear(ren);
    float scale = w >= 1600 ? 3.0f : w >= 500 ? 2.0f : 1.0f;
    float margin = 24.0f * scale / 2.0f;
    float card_w = (float)w - 2.0f * margin;
    if (card_w > 900.0f * scale / 2.0f) card_w = 900.0f * scale / 2.0f;
    float x = ((float)w - card_w) / 2.0f, y = margin * 2.0f;
    SDL_FRect bar = {x, y, 6.0f * scale / 2.0f, 0};
    int chars = (int)((card_w - 16.0f * scale) / (6.0f * scale));
    if (chars < 8) chars = 8;
    if (dark)
        SDL_SetRenderDrawColor(ren, 0xe3, 0xe5, 0xe8, 255);
    else
        SDL_SetRenderDrawColor(ren, 0x1f, 0x23, 0x28, 255);
    float tx = x + 16.0f * scale / 2.0f;
    float y2 = ui_fallback_text(ren, title, tx, y, scale * 1.5f, (int)((float)chars / 1.5f));
    y2 = ui_fallback_text(ren, body, tx, y2 + 12.0f * scale, scale, chars);
    bar.h = y2 - y;
    SDL_SetRenderDrawColor(ren, 0xcf, 0x22, 0x2e, 255);
    SDL_RenderFillRectF(ren, &bar);
}
