/* gui_host.c — starting parley-server on this PC (see gui_host.h). */
#include "gui_host.h"

#include "cl_fs.h"

#include <SDL.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool gui_host_spawn(gui_host *h, uint16_t port)
{
    char port_s[8];
    snprintf(port_s, sizeof port_s, "%u", (unsigned)port);
    const char *argv[] = {h->exe,   "--port", port_s,         "--data", h->data,
                          "--name", h->name,  "--no-console", NULL};
    h->line_len = 0;
    h->last[0] = '\0';
    h->proc = gui_proc_start(h->exe, argv, h->err, sizeof h->err);
    if (!h->proc) {
        h->state = GUI_HOST_FAILED;
        return false;
    }
    h->state = GUI_HOST_STARTING;
    return true;
}

bool gui_host_start(gui_host *h, const char *name)
{
    memset(h, 0, sizeof *h);
    char *base = SDL_GetBasePath();
    char *pref = SDL_GetPrefPath("parley", "server");
    int n1 = base
                 ? snprintf(h->exe, sizeof h->exe, "%sparley-server%s", base, gui_plat_exe_suffix())
                 : -1;
    int n2 = pref ? snprintf(h->data, sizeof h->data, "%s", pref) : -1;
    SDL_free(base);
    SDL_free(pref);
    if (n1 <= 0 || (size_t)n1 >= sizeof h->exe || n2 <= 0 || (size_t)n2 >= sizeof h->data) {
        snprintf(h->err, sizeof h->err,
                 "cannot find where parley-server and its data folder belong: %s", SDL_GetError());
        h->state = GUI_HOST_FAILED;
        return false;
    }
    size_t dl = strlen(h->data);
    if (dl > 1 && (h->data[dl - 1] == '/' || h->data[dl - 1] == '\\')) h->data[dl - 1] = '\0';
    cl_fs_mkdir_p(h->data);
    snprintf(h->name, sizeof h->name, "%s", name && name[0] ? name : "Parley");
    return gui_host_spawn(h, GUI_HOST_PORT);
}

/* One line the server printed. */
static void gui_host_line(gui_host *h, const char *line)
{
    if (line[0]) snprintf(h->last, sizeof h->last, "%s", line);
    const char *p = strstr(line, "listening on UDP port ");
    unsigned port;
    if (h->state == GUI_HOST_STARTING && p &&
        sscanf(p + strlen("listening on UDP port "), "%u", &port) == 1 && port > 0 &&
        port < 65536) {
        h->port = (uint16_t)port;
        h->state = GUI_HOST_RUNNING;
    }
}

bool gui_host_poll(gui_host *h)
{
    if (!h->proc) return false;
    gui_host_state before = h->state;
    char buf[512];
    int n;
    while ((n = gui_proc_read(h->proc, buf, sizeof buf)) > 0) {
        for (int i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n' || h->line_len + 1 >= sizeof h->line) {
                h->line[h->line_len] = '\0';
                gui_host_line(h, h->line);
                h->line_len = 0;
                if (c == '\n') continue;
            }
            if (c != '\r') h->line[h->line_len++] = c;
        }
    }
    int code;
    if (!gui_proc_running(h->proc, &code)) {
        gui_proc_stop(h->proc, 0);
        h->proc = NULL;
        if (h->state == GUI_HOST_STARTING && !h->fallback) {
            /* most likely 7777 is taken (another server runs here): try a free port */
            h->fallback = true;
            gui_host_spawn(h, 0);
        } else {
            snprintf(h->err, sizeof h->err, "the server stopped (exit code %d)%s%s", code,
                     h->last[0] ? ": " : "", h->last);
            h->state = GUI_HOST_FAILED;
        }
    }
    return h->state != before;
}

void gui_host_stop(gui_host *h)
{
    if (h->proc) gui_proc_stop(h->proc, 3000);
    h->proc = NULL;
    h->state = GUI_HOST_OFF;
}
