/* iconmaker — draws Parley's icons from shapes and writes them as PNGs at every size a desktop
 * asks for: the client's (a speech bubble holding a voice level, on a blue square) and the
 * server dashboard's (the same bubble on a dark square, with a green "online" light).
 *
 *   iconmaker [--out DIR] [--sizes 16,24,32,...]
 *
 * writes DIR/parley-N.png and DIR/parley-server-N.png (DIR defaults to assets/icons, the sizes
 * to 16 24 32 48 64 128 256 512). Every shape is a signed distance in a unit square, sampled
 * 4x4 times per pixel, so each size is drawn afresh and stays sharp rather than being a
 * scaled copy. The output is the same bytes on every run. PNGs go through ui_png.h, the one
 * place stb_image_write is compiled. */
#include "ui_png.h"

#include <SDL.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICON_SIZES_MAX   16
#define ICON_SIZE_MIN    8
#define ICON_SIZE_MAX    1024
#define ICON_SUPERSAMPLE 4

typedef struct icon_rgba {
    float r, g, b, a; /* premultiplied */
} icon_rgba;

typedef struct icon_style {
    const char *name;
    uint32_t top, bottom; /* the background's gradient */
    uint32_t bars;        /* the voice level inside the bubble */
    bool online_light;
} icon_style;

static const icon_style icon_styles[] = {
    {"parley", 0x5c7cfa, 0x7048e8, 0x5f3dc4, false},
    {"parley-server", 0x495057, 0x212529, 0x2b8a3e, true},
};

static icon_rgba icon_color(uint32_t hex, float alpha)
{
    icon_rgba c = {(float)((hex >> 16) & 0xff) / 255.0f * alpha,
                   (float)((hex >> 8) & 0xff) / 255.0f * alpha,
                   (float)(hex & 0xff) / 255.0f * alpha, alpha};
    return c;
}

static icon_rgba icon_mix(icon_rgba a, icon_rgba b, float t)
{
    icon_rgba c = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t,
                   a.a + (b.a - a.a) * t};
    return c;
}

/* src over dst, both premultiplied */
static icon_rgba icon_over(icon_rgba dst, icon_rgba src)
{
    float k = 1.0f - src.a;
    icon_rgba c = {src.r + dst.r * k, src.g + dst.g * k, src.b + dst.b * k, src.a + dst.a * k};
    return c;
}

/* ---- shapes: negative inside ---------------------------------------------------------- */

static float icon_round_box(float x, float y, float cx, float cy, float hw, float hh, float r)
{
    float qx = fabsf(x - cx) - hw + r, qy = fabsf(y - cy) - hh + r;
    float ox = qx > 0.0f ? qx : 0.0f, oy = qy > 0.0f ? qy : 0.0f;
    float inside = qx > qy ? qx : qy;
    return sqrtf(ox * ox + oy * oy) + (inside < 0.0f ? inside : 0.0f) - r;
}

static float icon_circle(float x, float y, float cx, float cy, float r)
{
    return sqrtf((x - cx) * (x - cx) + (y - cy) * (y - cy)) - r;
}

/* A vertical capsule from (cx, y0) to (cx, y1), radius r. */
static float icon_capsule(float x, float y, float cx, float y0, float y1, float r)
{
    float py = y < y0 ? y0 : y > y1 ? y1 : y;
    return icon_circle(x, y, cx, py, r);
}

/* The triangle a, b, c (any winding). */
static bool icon_in_triangle(float x, float y, const float *t)
{
    float d1 = (x - t[2]) * (t[1] - t[3]) - (t[0] - t[2]) * (y - t[3]);
    float d2 = (x - t[4]) * (t[3] - t[5]) - (t[2] - t[4]) * (y - t[5]);
    float d3 = (x - t[0]) * (t[5] - t[1]) - (t[4] - t[0]) * (y - t[1]);
    bool neg = d1 < 0.0f || d2 < 0.0f || d3<0.0f, pos = d1> 0.0f || d2 > 0.0f || d3 > 0.0f;
    return !(neg && pos);
}

/* ---- the picture ---------------------------------------------------------------------- */

#define ICON_SNAP_BELOW 64 /* smaller icons put their straight edges on whole pixels */
#define ICON_BARS_MAX   4

/* Where the shapes are for one size, in the unit square. */
typedef struct icon_layout {
    float square_half;        /* the square, centred, corner radius 0.2 */
    float bx0, by0, bx1, by1; /* the bubble */
    float tail[6];            /* its tail, a triangle */
    int bars;                 /* the voice level */
    float bar_x0[ICON_BARS_MAX], bar_x1[ICON_BARS_MAX];
    float bar_y0[ICON_BARS_MAX], bar_y1[ICON_BARS_MAX];
    bool bar_round; /* capsules; small icons get crisp rectangles */
} icon_layout;

static float icon_snap(float v, int size)
{
    return size < ICON_SNAP_BELOW ? roundf(v * (float)size) / (float)size : v;
}

static void icon_layout_make(int size, icon_layout *l)
{
    float s = (float)size;
    float margin = size < ICON_SNAP_BELOW ? fmaxf(1.0f, roundf(0.04f * s)) / s : 0.04f;
    l->square_half = 0.5f - margin;
    l->bx0 = icon_snap(0.19f, size);
    l->bx1 = icon_snap(0.81f, size);
    l->by0 = icon_snap(0.22f, size);
    l->by1 = icon_snap(0.68f, size);
    const float tail[] = {0.25f, l->by1 - 0.08f, 0.45f, l->by1 - 0.08f, 0.22f, 0.82f};
    memcpy(l->tail, tail, sizeof tail);
    /* bars in whole pixels: width, step and heights; fewer and plainer when small */
    static const float tall[] = {0.16f, 0.30f, 0.22f, 0.12f}, low[] = {0.19f, 0.31f, 0.19f};
    bool small = size < 32;
    l->bars = small ? 3 : 4;
    l->bar_round = size >= ICON_SNAP_BELOW;
    const float *h = small ? low : tall;
    float w = fmaxf(1.0f, roundf((small ? 0.07f : 0.064f) * s));
    float step = fmaxf(w + 1.0f, roundf((small ? 0.13f : 0.1f) * s));
    float total = step * (float)(l->bars - 1) + w;
    float x = size < ICON_SNAP_BELOW ? roundf((s - total) / 2.0f) : (s - total) / 2.0f;
    float cy = (l->by0 + l->by1) / 2.0f * s;
    for (int i = 0; i < l->bars; i++) {
        float hp = fmaxf(1.0f, roundf(h[i] * s));
        float top = size < ICON_SNAP_BELOW ? roundf(cy - hp / 2.0f) : cy - hp / 2.0f;
        l->bar_x0[i] = (x + step * (float)i) / s;
        l->bar_x1[i] = (x + step * (float)i + w) / s;
        l->bar_y0[i] = top / s;
        l->bar_y1[i] = (top + hp) / s;
    }
}

/* The colour at one point of the unit square. */
static icon_rgba icon_sample(const icon_style *st, const icon_layout *l, float x, float y)
{
    icon_rgba out = {0, 0, 0, 0};
    if (icon_round_box(x, y, 0.5f, 0.5f, l->square_half, l->square_half, 0.2f) < 0.0f)
        out = icon_mix(icon_color(st->top, 1.0f), icon_color(st->bottom, 1.0f), y);
    float bw = (l->bx1 - l->bx0) / 2.0f, bh = (l->by1 - l->by0) / 2.0f;
    bool bubble = icon_round_box(x, y, l->bx0 + bw, l->by0 + bh, bw, bh, 0.13f) < 0.0f ||
                  icon_in_triangle(x, y, l->tail);
    if (bubble) out = icon_over(out, icon_color(0xffffff, 1.0f));
    for (int i = 0; i < l->bars; i++) {
        float hw = (l->bar_x1[i] - l->bar_x0[i]) / 2.0f, cx = l->bar_x0[i] + hw;
        bool in =
            l->bar_round
                ? icon_capsule(x, y, cx, l->bar_y0[i] + hw, l->bar_y1[i] - hw, hw) < 0.0f
                : x >= l->bar_x0[i] && x < l->bar_x1[i] && y >= l->bar_y0[i] && y < l->bar_y1[i];
        if (in) out = icon_over(out, icon_color(st->bars, 1.0f));
    }
    if (st->online_light) {
        float ring = icon_circle(x, y, 0.8f, 0.2f, 0.13f),
              dot = icon_circle(x, y, 0.8f, 0.2f, 0.09f);
        if (ring < 0.0f) out = icon_over(out, icon_color(st->bottom, 1.0f));
        if (dot < 0.0f) out = icon_over(out, icon_color(0x40c057, 1.0f));
    }
    return out;
}

static uint8_t icon_byte(float v)
{
    v = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
    return (uint8_t)(v * 255.0f + 0.5f);
}

/* RGBA, straight alpha, size x size. */
static void icon_draw(const icon_style *st, int size, uint8_t *pixels)
{
    const int ss = ICON_SUPERSAMPLE;
    icon_layout l;
    icon_layout_make(size, &l);
    for (int py = 0; py < size; py++) {
        for (int px = 0; px < size; px++) {
            icon_rgba acc = {0, 0, 0, 0};
            for (int sy = 0; sy < ss; sy++) {
                for (int sx = 0; sx < ss; sx++) {
                    float x = ((float)px + ((float)sx + 0.5f) / (float)ss) / (float)size;
                    float y = ((float)py + ((float)sy + 0.5f) / (float)ss) / (float)size;
                    icon_rgba c = icon_sample(st, &l, x, y);
                    acc.r += c.r, acc.g += c.g, acc.b += c.b, acc.a += c.a;
                }
            }
            float n = (float)(ss * ss), a = acc.a / n;
            uint8_t *p = pixels + ((size_t)py * (size_t)size + (size_t)px) * 4;
            p[0] = icon_byte(a > 0.0f ? acc.r / n / a : 0.0f);
            p[1] = icon_byte(a > 0.0f ? acc.g / n / a : 0.0f);
            p[2] = icon_byte(a > 0.0f ? acc.b / n / a : 0.0f);
            p[3] = icon_byte(a);
        }
    }
}

static bool icon_write(const icon_style *st, int size, const char *dir)
{
    uint8_t *pixels = malloc((size_t)size * (size_t)size * 4);
    if (!pixels) {
        fprintf(stderr, "iconmaker: out of memory for %dx%d\n", size, size);
        return false;
    }
    icon_draw(st, size, pixels);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(pixels, size, size, 32, size * 4,
                                                        SDL_PIXELFORMAT_RGBA32);
    char path[1024], err[256];
    int n = snprintf(path, sizeof path, "%s/%s-%d.png", dir, st->name, size);
    bool ok = s && n > 0 && (size_t)n < sizeof path && ui_png_write(path, s, err, sizeof err);
    if (!ok)
        fprintf(stderr, "iconmaker: %s: %s\n", path, s ? err : SDL_GetError());
    else
        printf("%s\n", path);
    SDL_FreeSurface(s);
    free(pixels);
    return ok;
}

static int icon_parse_sizes(const char *text, int *sizes)
{
    int n = 0;
    const char *p = text;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < ICON_SIZE_MIN || v > ICON_SIZE_MAX || n == ICON_SIZES_MAX) return 0;
        sizes[n++] = (int)v;
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            return 0;
    }
    return n;
}

int main(int argc, char **argv)
{
    const char *out = "assets/icons";
    int sizes[ICON_SIZES_MAX] = {16, 24, 32, 48, 64, 128, 256, 512}, count = 8;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--out") && v) {
            out = v;
            i++;
        } else if (!strcmp(argv[i], "--sizes") && v && (count = icon_parse_sizes(v, sizes)) > 0) {
            i++;
        } else {
            fprintf(stderr,
                    "usage: iconmaker [--out DIR] [--sizes N,N,...]   (sizes %d..%d, at most %d)\n",
                    ICON_SIZE_MIN, ICON_SIZE_MAX, ICON_SIZES_MAX);
            return 2;
        }
    }
    bool ok = true;
    for (size_t s = 0; s < sizeof icon_styles / sizeof icon_styles[0]; s++)
        for (int i = 0; i < count; i++) ok = icon_write(&icon_styles[s], sizes[i], out) && ok;
    return ok ? 0 : 1;
}
