/* ui_damage.h — which parts of the screen changed since the last drawn frame.
 *
 * The screen is a grid of tiles; each tile keeps a hash of the draw commands that touch it
 * (command, clip and text, in drawing order). Tiles whose hash differs from the last frame's
 * are merged into a few rectangles, and only those are redrawn. Pure logic, no SDL: ui_sdl
 * feeds it each command's visible bounds and hash.
 *
 * A scroll view (a clip whose content is drawn moved up by its offset) keeps its content's
 * hashes in content space instead: when only the offset changed, the kept pixels are moved
 * and only the uncovered strip, changed content and whatever else draws into the view are
 * redrawn.
 *
 *     ui_damage_begin(d, w, h, seed);
 *     for each scroll view: ui_damage_scroll(d, clip, offset)
 *     for each command: ui_damage_add(d, bounds, hash)   (ui_damage_add_rect for rectangles,
 *         ui_damage_add_content for a view's content, ui_damage_force for images)
 *     int n = ui_damage_end(d, rects, UI_DAMAGE_MAX_RECTS);
 *     apply d->moves[0..d->move_count), then redraw rects[0..n) */
#ifndef PARLEY_UI_DAMAGE_H
#define PARLEY_UI_DAMAGE_H

#include "ui.h"

#define UI_DAMAGE_TILE       32 /* pixels; doubled until the grid fits the limits below */
#define UI_DAMAGE_MAX_COLS   160
#define UI_DAMAGE_MAX_ROWS   100
#define UI_DAMAGE_MAX_RECTS  64 /* more separate changes than this: one bounding rectangle */
#define UI_DAMAGE_MAX_WHOLE  64 /* forced rectangles per frame that must not be split */
#define UI_DAMAGE_MAX_VIEWS  8  /* scroll views per frame; more are redrawn like the rest */
#define UI_DAMAGE_MAX_OVER   48 /* other commands drawing into one view; more: no move */
#define UI_DAMAGE_VIEW_TILES (UI_DAMAGE_MAX_COLS * (UI_DAMAGE_MAX_ROWS + 2))

/* A scroll view: a clip whose content commands are placed at (x, y - offset). Their tiles are
 * kept in content space (y + offset), so content that only moved is recognised as unchanged. */
typedef struct ui_damage_view {
    ui_rect rect; /* the clip, on screen */
    int offset;
    int col0, cols, row0, rows, first; /* content tiles: rows of content space, at tiles[first] */
    int contents;                      /* content commands added so far */
    uint64_t backdrop;                 /* plain fills under the whole view before its content */
    bool over_full;
    int over_count;
    ui_rect over[UI_DAMAGE_MAX_OVER]; /* where anything else draws into it */
} ui_damage_view;

typedef struct ui_damage_views {
    int count, used;
    ui_damage_view v[UI_DAMAGE_MAX_VIEWS];
    uint64_t tiles[UI_DAMAGE_VIEW_TILES];
} ui_damage_views;

/* Pixels of the kept picture to move before redrawing: `to` gets what was at (to.x, to.y + dy). */
typedef struct ui_damage_move {
    ui_rect to;
    int dy;
} ui_damage_move;

typedef struct ui_damage {
    int w, h, tile, cols, rows;
    uint64_t seed; /* what is not a command but changes every pixel (the background) */
    bool valid;    /* prev describes a picture of this size that was drawn */
    bool whole_overflow;
    int whole_count;
    ui_rect whole[UI_DAMAGE_MAX_WHOLE];
    uint64_t prev[UI_DAMAGE_MAX_COLS * UI_DAMAGE_MAX_ROWS];
    uint64_t cur[UI_DAMAGE_MAX_COLS * UI_DAMAGE_MAX_ROWS];
    uint8_t forced[UI_DAMAGE_MAX_COLS * UI_DAMAGE_MAX_ROWS];
    ui_damage_views views[2]; /* this frame's and the last one's, by turns */
    int vcur;
    int move_count; /* set by ui_damage_end */
    ui_damage_move moves[UI_DAMAGE_MAX_VIEWS];
} ui_damage;

/* Starts a frame of w x h pixels. A new size or seed makes the whole screen damaged. */
void ui_damage_begin(ui_damage *d, int w, int h, uint64_t seed);
/* A command whose visible pixels lie within bounds (already clipped). */
void ui_damage_add(ui_damage *d, ui_rect bounds, uint64_t hash);
/* A rectangle command: rect as drawn, bounds its visible part. filled: one colour over rect but
 * for squares of `radius` pixels at its corners; else an outline: those corners and `thickness`
 * pixels along its sides. A fill under a whole scroll view does not stop it moving. */
void ui_damage_add_rect(ui_damage *d, ui_rect rect, ui_rect bounds, uint64_t hash, bool filled,
                        int radius, int thickness);
/* A scroll view: declare each one before adding any command (offset >= 0), then look it up
 * again with offset -1 when its clip comes. The handle, or -1 (not one, or no room). */
int ui_damage_scroll(ui_damage *d, ui_rect clip, int offset);
/* A command drawn in a view's content; hash must describe it in content coordinates (its y
 * plus the view's offset), so that scrolling alone does not change it. */
void ui_damage_add_content(ui_damage *d, int view, ui_rect bounds, uint64_t hash);
/* Pixels that change without their command changing (images: a video frame arrives in the
 * same texture). Always redrawn, and never split between two rectangles, because a scaled
 * copy drawn in two clipped parts need not match one drawn whole. */
void ui_damage_force(ui_damage *d, ui_rect bounds);
/* The rectangles to redraw (at most cap, cap >= 1); the frame becomes the one to compare the
 * next against. 0 = nothing changed. Before redrawing, apply d->moves[0..move_count): views
 * that scrolled keep their pixels, moved, and only what they do not cover is redrawn. */
int ui_damage_end(ui_damage *d, ui_rect *out, int cap);
/* The next frame is damaged everywhere (the kept picture was lost). */
void ui_damage_invalidate(ui_damage *d);

/* in lies wholly inside outer. */
bool ui_damage_contains(ui_rect outer, ui_rect in);

/* FNV-1a over bytes, continuing from h (start with UI_DAMAGE_HASH_INITIAL). */
#define UI_DAMAGE_HASH_INITIAL 14695981039346656037ull
uint64_t ui_damage_hash(uint64_t h, const void *data, size_t size);

#endif
