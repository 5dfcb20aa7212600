/* gui_discover.c — a non-blocking LAN search for servers (see gui_discover.h). */
#include "gui_discover.h"

#include <stdio.h>
#include <string.h>

bool gui_discover_start(gui_discover *g, const char *addr, int64_t now_ms, char *err, size_t errcap)
{
    if (!g->sock) {
        if (!net_init(err, errcap)) return false;
        g->sock = net_open(0, err, errcap);
        if (!g->sock) {
            net_quit();
            return false;
        }
    }
    if (!net_resolve(addr, 7777, &g->to, err, errcap)) {
        gui_discover_stop(g);
        return false;
    }
    cl_discover_init(&g->d);
    g->start_ms = now_ms;
    g->sent = 0;
    g->active = true;
    g->warned = false;
    return true;
}

bool gui_discover_poll(gui_discover *g, int64_t now_ms, char *err, size_t errcap)
{
    if (!g->active) return false;
    bool changed = false;
    int64_t age = now_ms - g->start_ms;
    if (g->sent < GUI_DISCOVER_PROBES &&
        age >= g->sent * GUI_DISCOVER_MS / (2 * GUI_DISCOVER_PROBES)) {
        uint8_t probe[DISC_PROBE_SIZE];
        size_t n = cl_discover_probe(&g->d, probe, sizeof probe);
        if (!net_send(g->sock, &g->to, probe, n) && !g->warned) {
            g->warned = true;
            snprintf(err, errcap,
                     "cannot look for servers (no network, or broadcasts are not allowed here)");
        }
        g->sent++;
    }
    uint8_t buf[NET_MAX_DATAGRAM];
    net_addr from;
    int n;
    while ((n = net_recv(g->sock, buf, sizeof buf, &from)) > 0)
        if (cl_discover_on_datagram(&g->d, &from, buf, (size_t)n)) changed = true;
    if (age >= GUI_DISCOVER_MS) {
        g->active = false;
        changed = true;
    }
    return changed;
}

int gui_discover_next(const gui_discover *g, int64_t now_ms)
{
    if (!g->active) return -1;
    int64_t left = g->start_ms + GUI_DISCOVER_MS - now_ms;
    return left < 0 ? 0 : left < 20 ? (int)left : 20;
}

void gui_discover_stop(gui_discover *g)
{
    if (g->sock) {
        net_close(g->sock);
        net_quit();
    }
    g->sock = NULL;
    g->active = false;
}
