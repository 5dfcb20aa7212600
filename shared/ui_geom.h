/* ui_geom.h — the built-in vector icons as triangles, with a one-pixel soft edge (an alpha
 * fringe) instead of jaggies, and the coverage of round corners as an alpha mask.
 *
 * Pure C and no renderer inside, so it can be tested and reused by any backend. Icons are
 * appended as triangles (three vertices each) to a caller-owned buffer. */
#ifndef PARLEY_UI_GEOM_H
#define PARLEY_UI_GEOM_H

#include "ui.h"

typedef struct ui_vertex {
    float x, y;
    ui_color color;
} ui_vertex;

typedef struct ui_geom {
    ui_vertex *v;
    int count, cap;
    bool overflowed; /* sticky: the buffer was too small, the shape is incomplete */
} ui_geom;

#define UI_GEOM_ICON_MAX_VERTICES 4096 /* enough for any built-in icon at any size */

void ui_geom_init(ui_geom *g, ui_vertex *buf, int cap);
void ui_geom_icon(ui_geom *g, ui_icon icon, ui_rect r, ui_color c);
const char *ui_icon_name(ui_icon icon);

/* Alpha coverage (0..255, 4x4 samples per pixel) of a disc of the given radius, or of a ring
 * `thickness` wide inside its edge (thickness 0 = filled), into a 2r x 2r caller buffer. */
void ui_geom_disc_mask(uint8_t *alpha, int radius, int thickness);

#endif
