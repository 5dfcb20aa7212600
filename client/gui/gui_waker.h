/* gui_waker.h — wakes the render loop the moment a datagram for the session arrives.
 *
 * The loop sleeps in SDL_WaitEventTimeout; a thread waits on the session's socket
 * (cl_session_wait, which only polls the socket) and posts an SDL event when data is there,
 * then waits to be re-armed by the loop once it has run cl_session_update. So answers are
 * handled at once (the round trip shown is the network's, not the loop's sleep) while an idle
 * window wakes only for the session's timers. Everything else about the session stays on the
 * loop's thread. */
#ifndef PARLEY_GUI_WAKER_H
#define PARLEY_GUI_WAKER_H

#include "cl_session.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct gui_waker gui_waker;

/* event_type: an SDL_RegisterEvents type to post. NULL when no thread can be started (the
 * loop then simply polls with its timer). */
gui_waker *gui_waker_start(cl_session *s, uint32_t event_type);
/* After cl_session_update: wait for the next datagram. */
void gui_waker_rearm(gui_waker *w);
/* Stops and joins the thread (before the session is destroyed). */
void gui_waker_stop(gui_waker *w);

#endif
