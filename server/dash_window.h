/* dash_window.h — the dashboard's window (parley-server --gui): SDL video, the renderer,
 * input and frame pacing, run from the server loop as its srv_observer.
 *
 * One thread: the loop calls the observer 50 times a second between its datagram batches and
 * ticks. Each call takes the window's events without waiting, refreshes the snapshot once a
 * second, builds a frame only when input, data or a timer changed something, and draws it
 * only when it differs from the last one drawn — at most ~30 times a second, and never more
 * often than four times the last frame's drawing time, so drawing keeps to a fifth of the
 * loop. The renderer does not wait for vsync. Datagrams that arrive meanwhile wait in the
 * socket's buffer; nothing is dropped.
 *
 *     dash_window *w = dash_window_create(&(dash_window_desc){.server_name = name}, why, cap);
 *     if (w) cfg.observer = dash_window_observer(w);   // NULL: no display; run headless
 *     srv_run(&cfg);
 *     dash_window_destroy(w); */
#ifndef PARLEY_DASH_WINDOW_H
#define PARLEY_DASH_WINDOW_H

#include "server.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct dash_window dash_window;

/* Zero fields mean the default in brackets. */
typedef struct dash_window_desc {
    const char *server_name; /* ["Parley"] */
    int width, height;       /* [1280 x 720] window points */
    float scale;             /* [1] on top of the display's pixel ratio */
    const char *font_path;   /* [$PARLEY_FONT, else the system's fonts] */
    bool light;              /* [the dark theme] */
} dash_window_desc;

/* Opens the window and starts keeping log lines. NULL with a message in why when there is no
 * display (SDL video fails) or no window can be made. */
dash_window *dash_window_create(const dash_window_desc *desc, char *why, size_t cap);
const srv_observer *dash_window_observer(dash_window *w);
/* Closes the window and stops keeping log lines. NULL is fine. */
void dash_window_destroy(dash_window *w);

#endif
