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
    d->vcur ^= 1;
    d->views[d->vcur].count = 0;
    d->views[d->vcur].used = 0;
    d->move_count = 0;
}

static ui_rect ui_damage_clip(ui_rect a, ui_rect b)
{
    int x0 = ui_max(a.x, b.x), y0 = ui_max(a.y, b.y);
    int x1 = ui_min(a.x + a.w, b.x + b.w), y1 = ui_min(a.y + a.h, b.y + b.h);
    if (x1 <= x0 || y1 <= y0) return ui_rect_make(0, 0, 0, 0);
    return ui_rect_make(x0, y0, x1 - x0, y1 - y0);
}

bool ui_damage_contains(ui_rect outer, ui_rect in)
{
    return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
           in.y + in.h <= outer.y + outer.h;
}

static bool ui_damage_same(ui_rect a, ui_rect b)
{
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

int ui_damage_scroll(ui_damage *d, ui_rect clip, int offset)
{
    ui_damage_views *vs = &d->views[d->vcur];
    clip = ui_damage_clip(clip, ui_rect_make(0, 0, d->w, d->h));
    if (clip.w <= 0) return -1;
    for (int i = 0; i < vs->count; i++)
        if (ui_damage_same(vs->v[i].rect, clip))
            return offset < 0 || offset == vs->v[i].offset ? i : -1;
    if (offset < 0 || vs->count == UI_DAMAGE_MAX_VIEWS) return -1;
    int t = d->tile;
    int col0 = clip.x / t, col1 = (clip.x + clip.w + t - 1) / t;
    int row0 = (clip.y + offset) / t, row1 = (clip.y + clip.h + offset + t - 1) / t;
    int tiles = (col1 - col0) * (row1 - row0);
    if (vs->used + tiles > UI_DAMAGE_VIEW_TILES) return -1;
    ui_damage_view *v = &vs->v[vs->count];
    memset(v, 0, sizeof *v - sizeof v->over);
    v->rect = clip;
    v->offset = offset;
    v->col0 = col0;
    v->cols = col1 - col0;
    v->row0 = row0;
    v->rows = row1 - row0;
    v->first = vs->used;
    v->backdrop = UI_DAMAGE_HASH_INITIAL;
    for (int i = 0; i < tiles; i++) vs->tiles[vs->used + i] = UI_DAMAGE_HASH_INITIAL;
    vs->used += tiles;
    return vs->count++;
}

void ui_damage_add_content(ui_damage *d, int view, ui_rect bounds, uint64_t hash)
{
    ui_damage_views *vs = &d->views[d->vcur];
    UI_ASSERT(view >= 0 && view < vs->count);
    ui_damage_view *v = &vs->v[view];
    v->contents++;
    bounds = ui_damage_clip(bounds, v->rect);
    if (bounds.w <= 0) return;
    int t = d->tile;
    int c0 = bounds.x / t - v->col0, c1 = (bounds.x + bounds.w + t - 1) / t - v->col0;
    int r0 = (bounds.y + v->offset) / t - v->row0;
    int r1 = (bounds.y + bounds.h + v->offset + t - 1) / t - v->row0;
    for (int r = ui_max(r0, 0); r < ui_min(r1, v->rows); r++) {
        uint64_t *row = &vs->tiles[v->first + r * v->cols];
        for (int c = ui_max(c0, 0); c < ui_min(c1, v->cols); c++)
            row[c] = (row[c] ^ hash) * 1099511628211ull;
    }
}

/* Something other than its content draws into part of each view it touches. */
static void ui_damage_over(ui_damage *d, ui_rect part)
{
    ui_damage_views *vs = &d->views[d->vcur];
    for (int i = 0; i < vs->count; i++) {
        ui_damage_view *v = &vs->v[i];
        ui_rect in = ui_damage_clip(part, v->rect);
        if (in.w <= 0) continue;
        if (v->over_count == UI_DAMAGE_MAX_OVER)
            v->over_full = true;
        else
            v->over[v->over_count++] = in;
    }
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

static void ui_damage_grid(ui_damage *d, ui_rect bounds, uint64_t hash)
{
    int c0, c1, r0, r1;
    if (!ui_damage_span(d, bounds, &c0, &c1, &r0, &r1)) return;
    for (int r = r0; r < r1; r++) {
        uint64_t *row = &d->cur[r * d->cols];
        for (int c = c0; c < c1; c++) row[c] = (row[c] ^ hash) * 1099511628211ull;
    }
}

void ui_damage_add(ui_damage *d, ui_rect bounds, uint64_t hash)
{
    ui_damage_grid(d, bounds, hash);
    ui_damage_over(d, bounds);
}

/* Records part as drawn over each view it reaches into (unless it is one of its backdrop). */
static void ui_damage_over_views(ui_damage *d, ui_rect part, ui_rect bounds, bool filled)
{
    ui_damage_views *vs = &d->views[d->vcur];
    part = ui_damage_clip(part, bounds);
    for (int i = 0; i < vs->count && part.w > 0; i++) {
        ui_damage_view *v = &vs->v[i];
        ui_rect in = ui_damage_clip(part, v->rect);
        if (in.w <= 0) continue;
        if (filled && !(v->contents == 0 && ui_damage_contains(bounds, v->rect))) continue;
        if (v->over_count == UI_DAMAGE_MAX_OVER)
            v->over_full = true;
        else
            v->over[v->over_count++] = in;
    }
}

void ui_damage_add_rect(ui_damage *d, ui_rect rect, ui_rect bounds, uint64_t hash, bool filled,
                        int radius, int thickness)
{
    ui_damage_grid(d, bounds, hash);
    ui_damage_views *vs = &d->views[d->vcur];
    for (int i = 0; i < vs->count && filled; i++) {
        ui_damage_view *v = &vs->v[i];
        if (!ui_rect_overlaps(bounds, v->rect)) continue;
        if (v->contents == 0 && ui_damage_contains(bounds, v->rect)) /* one colour: moves */
            v->backdrop = ui_damage_hash(v->backdrop, &hash, sizeof hash);
        else /* over part of it, or over its content */
            ui_damage_over_views(d, bounds, bounds, false);
    }
    /* where the pixels depend on the place: the corners, and an outline's sides */
    int e = ui_clamp(radius, 0, ui_min(rect.w, rect.h));
    ui_rect parts[8] = {
        ui_rect_make(rect.x, rect.y, e, e),
        ui_rect_make(rect.x + rect.w - e, rect.y, e, e),
        ui_rect_make(rect.x, rect.y + rect.h - e, e, e),
        ui_rect_make(rect.x + rect.w - e, rect.y + rect.h - e, e, e),
    };
    int n = e > 0 ? 4 : 0, t = filled ? 0 : ui_clamp(thickness, 0, ui_min(rect.w, rect.h));
    if (t > 0) {
        parts[n++] = ui_rect_make(rect.x, rect.y, rect.w, t);
        parts[n++] = ui_rect_make(rect.x, rect.y + rect.h - t, rect.w, t);
        parts[n++] = ui_rect_make(rect.x, rect.y, t, rect.h);
        parts[n++] = ui_rect_make(rect.x + rect.w - t, rect.y, t, rect.h);
    }
    for (int k = 0; k < n; k++) ui_damage_over_views(d, parts[k], bounds, filled);
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
    ui_damage_over(d, bounds);
    if (d->whole_count < UI_DAMAGE_MAX_WHOLE)
        d->whole[d->whole_count++] = bounds;
    else
        d->whole_overflow = true; /* reported as one rectangle for the whole screen */
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

/* The tiles under r are redrawn. */
static void ui_damage_mark(ui_damage *d, ui_rect r)
{
    int c0, c1, r0, r1;
    if (!ui_damage_span(d, r, &c0, &c1, &r0, &r1)) return;
    for (int row = r0; row < r1; row++)
        memset(&d->forced[row * d->cols + c0], 1, (size_t)(c1 - c0));
}

/* Can v's kept pixels move from where they were in p (the same view last frame)? */
static bool ui_damage_movable(const ui_damage_views *vs, const ui_damage_view *v,
                              const ui_damage_view *p, int dy)
{
    if (dy == 0 || ui_abs(dy) >= v->rect.h || v->backdrop != p->backdrop || v->over_full ||
        p->over_full)
        return false;
    for (int i = 0; i < vs->count; i++) /* another view's content would move along */
        if (&vs->v[i] != v && ui_rect_overlaps(vs->v[i].rect, v->rect)) return false;
    return true;
}

/* Scroll views against last frame's: marks what they must redraw and lists the moves. */
static void ui_damage_views_diff(ui_damage *d)
{
    const ui_damage_views *vs = &d->views[d->vcur], *ps = &d->views[d->vcur ^ 1];
    int t = d->tile;
    /* a view gone (another screen): its content was in no grid tile, so nothing else marks
     * where it was */
    for (int j = 0; j < ps->count; j++) {
        bool kept = false;
        for (int i = 0; i < vs->count && !kept; i++)
            kept = ui_damage_same(ps->v[j].rect, vs->v[i].rect);
        if (!kept) ui_damage_mark(d, ps->v[j].rect);
    }
    for (int i = 0; i < vs->count; i++) {
        const ui_damage_view *v = &vs->v[i], *p = NULL;
        for (int j = 0; j < ps->count && !p; j++)
            if (ui_damage_same(ps->v[j].rect, v->rect)) p = &ps->v[j];
        int dy = p ? v->offset - p->offset : 0;
        if (!p || (dy != 0 && !ui_damage_movable(vs, v, p, dy))) {
            ui_damage_mark(d, v->rect);
            continue;
        }
        /* content tiles: the same place in content space, last frame and now */
        for (int r = 0; r < v->rows; r++) {
            int k = v->row0 + r, pr = k - p->row0;
            for (int c = 0; c < v->cols; c++) {
                uint64_t now = vs->tiles[v->first + r * v->cols + c];
                if (pr >= 0 && pr < p->rows && now == ps->tiles[p->first + pr * p->cols + c])
                    continue;
                ui_rect tile = ui_rect_make((v->col0 + c) * t, k * t - v->offset, t, t);
                ui_damage_mark(d, ui_damage_clip(tile, v->rect));
            }
        }
        if (dy == 0) continue; /* the grid compares everything else in place */
        ui_rect to = v->rect;
        to.h -= ui_abs(dy);
        if (dy < 0) to.y -= dy;
        /* the strip that scrolled in, and what is drawn over the view now and was before */
        ui_rect in = v->rect;
        in.h = ui_abs(dy);
        if (dy > 0) in.y += to.h;
        ui_damage_mark(d, in);
        for (int k = 0; k < v->over_count; k++) ui_damage_mark(d, v->over[k]);
        for (int k = 0; k < p->over_count; k++) {
            ui_rect was = p->over[k];
            was.y -= dy;
            ui_damage_mark(d, ui_damage_clip(was, to));
        }
        d->moves[d->move_count].to = to;
        d->moves[d->move_count].dy = dy;
        d->move_count++;
    }
}

int ui_damage_end(ui_damage *d, ui_rect *out, int cap)
{
    UI_ASSERT(cap >= 1);
    ui_rect screen = ui_rect_make(0, 0, d->w, d->h);
    d->move_count = 0;
    if (d->valid && !d->whole_overflow) ui_damage_views_diff(d);
    int n = d->valid && !d->whole_overflow ? ui_damage_runs(d, out, cap) : -1;
    if (n < 0) {
        out[0] = screen;
        n = 1;
        d->move_count = 0; /* everything is redrawn anyway */
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
                if (ui_rect_overlaps(out[k], b) && !ui_damage_contains(out[k], b)) {
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
