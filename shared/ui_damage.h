/* ui_damage.h — which parts of the screen changed since the last drawn frame.
 *
 * The screen is a grid of tiles; each tile keeps a hash of the draw commands that touch it
 * (command, clip and text, in drawing order). Tiles whose hash differs from the last frame's
 * are merged into a few rectangles, and only those are redrawn. Pure logic, no SDL: ui_sdl
 * feeds it each command's visible bounds and hash.
 *
 *     ui_damage_begin(d, w, h, seed);
 *     for each command: ui_damage_add(d, bounds, hash)   (or ui_damage_force for images)
 *     int n = ui_damage_end(d, rects, UI_DAMAGE_MAX_RECTS);   redraw rects[0..n) */
#ifndef PARLEY_UI_DAMAGE_H
#define PARLEY_UI_DAMAGE_H

#include "ui.h"

#define UI_DAMAGE_TILE      32 /* pixels; doubled until the grid fits the limits below */
#define UI_DAMAGE_MAX_COLS  160
#define UI_DAMAGE_MAX_ROWS  100
#define UI_DAMAGE_MAX_RECTS 64 /* more separate changes than this: one bounding rectangle */
#define UI_DAMAGE_MAX_WHOLE 64 /* forced rectangles per frame that must not be split */

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
} ui_damage;

/* Starts a frame of w x h pixels. A new size or seed makes the whole screen damaged. */
void ui_damage_begin(ui_damage *d, int w, int h, uint64_t seed);
/* A command whose visible pixels lie within bounds (already clipped). */
void ui_damage_add(ui_damage *d, ui_rect bounds, uint64_t hash);
/* Pixels that change without their command changing (images: a video frame arrives in the
 * same texture). Always redrawn, and never split between two rectangles, because a scaled
 * copy drawn in two clipped parts need not match one drawn whole. */
void ui_damage_force(ui_damage *d, ui_rect bounds);
/* The rectangles to redraw (at most cap, cap >= 1); the frame becomes the one to compare the
 * next against. 0 = nothing changed. */
int ui_damage_end(ui_damage *d, ui_rect *out, int cap);
/* The next frame is damaged everywhere (the kept picture was lost). */
void ui_damage_invalidate(ui_damage *d);

/* in lies wholly inside outer. */
bool ui_damage_contains(ui_rect outer, ui_rect in);

/* FNV-1a over bytes, continuing from h (start with UI_DAMAGE_HASH_INITIAL). */
#define UI_DAMAGE_HASH_INITIAL 14695981039346656037ull
uint64_t ui_damage_hash(uint64_t h, const void *data, size_t size);

#endif
