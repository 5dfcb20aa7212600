/* gui_host.h — "Host a server here": starts parley-server from the folder the parley program
 * is in, with its data in the user's data folder, and learns its port from its first line.
 *
 * Port 7777 first, so that the LAN finds the server by broadcast; if that port is taken the
 * server is started again on a free port (others then type the address with the port). The
 * server runs while the GUI does and is stopped when the GUI closes. */
#ifndef PARLEY_GUI_HOST_H
#define PARLEY_GUI_HOST_H

#include "gui_plat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUI_HOST_PORT 7777

typedef enum gui_host_state {
    GUI_HOST_OFF = 0,
    GUI_HOST_STARTING, /* started, waiting for "listening on UDP port N" */
    GUI_HOST_RUNNING,  /* port is known */
    GUI_HOST_FAILED    /* see err */
} gui_host_state;

typedef struct gui_host {
    gui_host_state state;
    gui_proc *proc;
    uint16_t port;
    bool fallback; /* 7777 was taken: running on a free port */
    char exe[1024], data[1024], name[64];
    char line[512];
    size_t line_len;
    char last[512]; /* the last line it printed, for error messages */
    char err[768];
} gui_host;

/* Starts the server named `name` (shown on the LAN). False with a message in h->err. */
bool gui_host_start(gui_host *h, const char *name);
/* Reads what the server printed; moves STARTING to RUNNING or FAILED. True when the state
 * changed. */
bool gui_host_poll(gui_host *h);
void gui_host_stop(gui_host *h);

#endif
