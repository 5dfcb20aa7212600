/* gui_trace.h — a test hook: with PARLEY_GUI_TRACE=FILE the GUI writes what its chat shows to
 * FILE whenever that changes, so integration tests can check the window's content without
 * reading pixels.
 *
 *   screen room
 *   link 2                     (gui_link_state)
 *   server 127.0.0.1:7777
 *   hosting 0
 *   overlay 0
 *   overlay-input 0            (the overlay's message field is open)
 *   dings 1                    (notification sounds asked for)
 *   room General
 *   user gina
 *   line alice: hello there
 *   line * bob joined
 *   input hello wor            (typed into the screen's message field, not yet sent)
 *
 * The file is replaced atomically (a temporary file renamed over it). */
#ifndef PARLEY_GUI_TRACE_H
#define PARLEY_GUI_TRACE_H

#include "gui_view.h"

#include <stdbool.h>

#define GUI_TRACE_LINES 200 /* the newest lines of the conversation on screen */

/* False when the file cannot be written. */
bool gui_trace_write(const char *path, const gui_state *st, const gui_view *v);

#endif
