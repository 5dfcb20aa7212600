/* gui_ctl.h — the controller: the one place the GUI talks to the client core. It owns the
 * session (cl_session.h), the LAN search and the hosted server, carries out the actions the
 * screens ask for, and feeds the session's events into the state.
 *
 * Time is the caller's (ms, monotonic); the session's clock is the same in seconds. */
#ifndef PARLEY_GUI_CTL_H
#define PARLEY_GUI_CTL_H

#include "cl_session.h"
#include "gui_discover.h"
#include "gui_host.h"
#include "gui_state.h"
#include "gui_view.h"
#include "gui_waker.h"

#include <stdbool.h>
#include <stdint.h>

#define GUI_CTL_TICK_MS 50 /* session timers (resends, keep-alives) while connected */
#define GUI_CTL_PROBES  32 /* requests timed for the round trip shown */

typedef struct gui_ctl_config {
    const char *home;          /* the client core's folder (cl_home_resolve) */
    const char *discover_addr; /* where LAN probes go */
    bool trust_new_key;
    bool verbose;                 /* the protocol log on stderr */
    uint32_t wake_event;          /* SDL event type the waker posts; (uint32_t)-1: no waker */
    void (*on_close)(void *user); /* optional: the session is about to go (voice stops) */
    void *on_close_user;
} gui_ctl_config;

typedef struct gui_ctl {
    gui_ctl_config cfg;
    cl_session *s;
    gui_waker *waker;
    cl_event *ev; /* large: one, reused */
    gui_discover disc;
    gui_host host;
    bool host_connect; /* connect once the hosted server listens ... */
    cl_auth host_auth; /* ... and log in like this */
    struct {
        uint32_t req;
        int64_t sent_ms;
    } probes[GUI_CTL_PROBES];
    int probe_next;
} gui_ctl;

/* False when out of memory. */
bool gui_ctl_init(gui_ctl *c, const gui_ctl_config *cfg);
void gui_ctl_free(gui_ctl *c, gui_state *st);

/* Connects to server and logs in with auth (mode NONE: the log-in screen asks). False with a
 * note in the state when the address or the home folder is unusable. */
bool gui_ctl_connect(gui_ctl *c, gui_state *st, const char *server, const cl_auth *auth,
                     int64_t now_ms);
/* Says goodbye and forgets the session; back to the start screen. */
void gui_ctl_disconnect(gui_ctl *c, gui_state *st, int64_t now_ms);
/* Starts parley-server here and connects to it once it listens (auth NULL: the log-in
 * screen asks). */
void gui_ctl_host(gui_ctl *c, gui_state *st, const cl_auth *auth);
/* Starts a LAN search. */
void gui_ctl_discover(gui_ctl *c, gui_state *st, int64_t now_ms);

/* Carries out one action of a screen (the host's own actions — settings, sound, the compact
 * window, quitting — are not handled here: false). */
bool gui_ctl_action(gui_ctl *c, gui_state *st, gui_view *v, gui_action *a, int64_t now_ms);
/* Runs the session, the search and the hosted server; feeds events to the state. True when
 * anything happened that the screen may show. */
bool gui_ctl_update(gui_ctl *c, gui_state *st, gui_view *v, int64_t now_ms);
/* Ms until gui_ctl_update is due again, -1 when nothing is running. */
int gui_ctl_next(const gui_ctl *c, int64_t now_ms);
/* Waits (at most wait_ms, on clock_ms) for own messages to be stored; then closes. */
void gui_ctl_quit(gui_ctl *c, gui_state *st, int wait_ms, int64_t (*clock_ms)(void));

#endif
