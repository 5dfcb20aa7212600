/* ui_damage.c — tile hashes of two frames compared, changed tiles merged into rectangles. */
#include "ui_damage.h"
#include "ui_internal.h"

#include <string.h>

uint64_t ui_damage_hash(uint64_t h, const void *data, size_t size)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < size; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

void ui_damage_invalidate(ui_damage *d)
{
    d->valid = false;
}

void ui_damage_begin(ui_damage *d, int w, int h, uint64_t seed)
{
    UI_ASSERT(w > 0 && h > 0);
    int tile = UI_DAMAGE_TILE;
    while ((w + tile - 1) / tile > UI_DAMAGE_MAX_COLS || (h + tile - 1) / tile > UI_DAMAGE_MAX_ROWS)
        tile *= 2;
    if (w != d->w || h != d->h || tile != d->tile || seed != d->seed) d->valid = false;
    d->w = w;
    d->h = h;
    d->tile = tile;
    d->seed = seed;
    d->cols = (w + tile - 1) / tile;
    d->rows = (h + tile - 1) / tile;
    size_t n = (size_t)d->cols * (size_t)d->rows;
    for (size_t i = 0; i < n; i++) d->cur[i] = UI_DAMAGE_HASH_INITIAL;
    memset(d->forced, 0, n);
    d->whole_count = 0;
    d->whole_overflow = false;
}

/* The tiles bounds touches, as [c0, c1) x [r0, r1); false if none. */
static bool ui_damage_span(const ui_damage *d, ui_rect b, int *c0, int *c1, int *r0, int *r1)
{
    int x0 = ui_max(b.x, 0), y0 = ui_max(b.y, 0);
    int x1 = ui_min(b.x + b.w, d->w), y1 = ui_min(b.y + b.h, d->h);
    if (x1 <= x0 || y1 <= y0) return false;
    *c0 = x0 / d->tile;
    *r0 = y0 / d->tile;
    *c1 = (x1 + d->tile - 1) / d->tile;
    *r1 = (y1 + d->tile - 1) / d->tile;
    return true;
}

void ui_damage_add(ui_damage *d, ui_rect bounds, uint64_t hash)
{
    int c0, c1, r0, r1;
    if (!ui_damage_span(d, bounds, &c0, &c1, &r0, &r1)) return;
    for (int r = r0; r < r1; r++) {
        uint64_t *row = &d->cur[r * d->cols];
        for (int c = c0; c < c1; c++) row[c] = (row[c] ^ hash) * 1099511628211ull;
    }
}

void ui_damage_force(ui_damage *d, ui_rect bounds)
{
    int c0, c1, r0, r1;
    if (!ui_damage_span(d, bounds, &c0, &c1, &r0, &r1)) return;
    int x1 = ui_min(bounds.x + bounds.w, d->w), y1 = ui_min(bounds.y + bounds.h, d->h);
    bounds.x = ui_max(bounds.x, 0);
    bounds.y = ui_max(bounds.y, 0);
    bounds.w = x1 - bounds.x;
    bounds.h = y1 - bounds.y;
    for (int r = r0; r < r1; r++) memset(&d->forced[r * d->cols + c0], 1, (size_t)(c1 - c0));
    if (d->whole_count < UI_DAMAGE_MAX_WHOLE)
        d->whole[d->whole_count++] = bounds;
    else
        d->whole_overflow = true; /* reported as one rectangle for the whole screen */
}

static bool ui_damage_overlap(ui_rect a, ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool ui_damage_contains(ui_rect outer, ui_rect in)
{
    return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
           in.y + in.h <= outer.y + outer.h;
}

static ui_rect ui_damage_union(ui_rect a, ui_rect b)
{
    int x0 = ui_min(a.x, b.x), y0 = ui_min(a.y, b.y);
    int x1 = ui_max(a.x + a.w, b.x + b.w), y1 = ui_max(a.y + a.h, b.y + b.h);
    return ui_rect_make(x0, y0, x1 - x0, y1 - y0);
}

/* Runs of changed tiles per row, stacked with the run of the same span in the row above. */
static int ui_damage_runs(const ui_damage *d, ui_rect *out, int cap)
{
    int n = 0;
    for (int r = 0; r < d->rows; r++) {
        for (int c = 0; c < d->cols;) {
            int i = r * d->cols + c;
            if (d->cur[i] == d->prev[i] && !d->forced[i]) {
                c++;
                continue;
            }
            int start = c;
            while (c < d->cols && (d->cur[r * d->cols + c] != d->prev[r * d->cols + c] ||
                                   d->forced[r * d->cols + c]))
                c++;
            ui_rect run =
                ui_rect_make(start * d->tile, r * d->tile, (c - start) * d->tile, d->tile);
            bool stacked = false;
            for (int k = 0; k < n && !stacked; k++) {
                if (out[k].x == run.x && out[k].w == run.w && out[k].y + out[k].h == run.y) {
                    out[k].h += d->tile;
                    stacked = true;
                }
            }
            if (stacked) continue;
            if (n == cap) return -1;
            out[n++] = run;
        }
    }
    return n;
}

int ui_damage_end(ui_damage *d, ui_rect *out, int cap)
{
    UI_ASSERT(cap >= 1);
    ui_rect screen = ui_rect_make(0, 0, d->w, d->h);
    int n = d->valid && !d->whole_overflow ? ui_damage_runs(d, out, cap) : -1;
    if (n < 0) {
        out[0] = screen;
        n = 1;
    }
    for (int k = 0; k < n; k++) { /* the last column and row are partial tiles */
        int x1 = ui_min(out[k].x + out[k].w, d->w), y1 = ui_min(out[k].y + out[k].h, d->h);
        out[k].w = x1 - out[k].x;
        out[k].h = y1 - out[k].y;
    }
    /* a rectangle that cuts through a forced one grows to hold it whole; growing may cut
     * another, so repeat (each pass only grows rectangles, and the screen bounds them) */
    for (int pass = 0, grew = 1; grew; pass++) {
        grew = 0;
        if (pass > 2 * UI_DAMAGE_MAX_WHOLE) {
            out[0] = screen;
            n = 1;
            break;
        }
        for (int k = 0; k < n; k++)
            for (int i = 0; i < d->whole_count; i++) {
                ui_rect b = d->whole[i];
                if (ui_damage_overlap(out[k], b) && !ui_damage_contains(out[k], b)) {
                    ui_rect u = ui_damage_union(out[k], b);
                    int x1 = ui_min(u.x + u.w, d->w), y1 = ui_min(u.y + u.h, d->h);
                    u.x = ui_max(u.x, 0);
                    u.y = ui_max(u.y, 0);
                    u.w = x1 - u.x;
                    u.h = y1 - u.y;
                    if (!ui_damage_contains(out[k], u)) grew = 1;
                    out[k] = u;
                }
            }
    }
    size_t tiles = (size_t)d->cols * (size_t)d->rows;
    memcpy(d->prev, d->cur, tiles * sizeof d->cur[0]);
    d->valid = true;
    return n;
}
