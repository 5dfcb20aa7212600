/* gui_discover.h — the start screen's search for servers on the LAN, without blocking: the
 * client core's discovery (cl_discover.h) over a UDP socket (net.h), polled from the render
 * loop. The probe goes out three times in the first half of the search, against loss. */
#ifndef PARLEY_GUI_DISCOVER_H
#define PARLEY_GUI_DISCOVER_H

#include "cl_discover.h"
#include "net.h"

#include <stdbool.h>
#include <stddef.h>

#define GUI_DISCOVER_MS     1500 /* how long one search listens */
#define GUI_DISCOVER_PROBES 3

typedef struct gui_discover {
    net_socket *sock;
    net_addr to;
    cl_discover d;
    int64_t start_ms;
    int sent;
    bool active;
    bool warned; /* the probe could not be sent (no network, no broadcast) */
} gui_discover;

/* Starts a search (forgetting the last one's servers). addr: where probes go, "HOST:PORT".
 * False with a message in err. */
bool gui_discover_start(gui_discover *g, const char *addr, int64_t now_ms, char *err,
                        size_t errcap);
/* Sends and reads what is due; true when a new server answered or the search ended. */
bool gui_discover_poll(gui_discover *g, int64_t now_ms, char *err, size_t errcap);
/* Ms until the next poll is due, -1 when not searching. */
int gui_discover_next(const gui_discover *g, int64_t now_ms);
void gui_discover_stop(gui_discover *g);

#endif
