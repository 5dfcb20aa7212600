/* gui_shot.h — every screen drawn offscreen with made-up data (gui_demo.h), checked with the
 * toolkit's layout checker and written as PNG files: `parley --screenshots DIR` and the
 * screen tests use it. SDL's software renderer draws into a surface; no display is needed. */
#ifndef PARLEY_GUI_SHOT_H
#define PARLEY_GUI_SHOT_H

#include "gui_demo.h"
#include "ui_check.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct gui_shot {
    gui_demo_scene scene;
    int w, h; /* the window in pixels */
    float scale;
    bool dark;
    const char *font; /* NULL: search the system */
} gui_shot;

typedef struct gui_shot_result {
    ui_check_report check;
    bool no_font; /* the PNG shows the toolkit's no-font screen */
    int commands;
} gui_shot_result;

/* Builds one shot's frame and checks it; with a path, draws it and writes the PNG there.
 * False with a message in err when it could not be drawn or written (a missing font is drawn
 * as the no-font screen: true, res->no_font). */
bool gui_shot_draw(const gui_shot *shot, const char *path, gui_shot_result *res, char *err,
                   size_t errcap);

/* The standard set (every scene at 1280x720, 800x600 and 2x; some in the dark theme; the
 * no-font screen) into dir, one line per file on stdout; dir NULL: checked only, no files
 * (the screen tests). Returns the number of shots with layout problems (overlap, text
 * clipped or shortened, no font), or -1 when one could not be drawn. */
int gui_shot_all(const char *dir, const char *font);

#endif
