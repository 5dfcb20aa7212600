/* server.h — parley-server's fixed-tick loop: one UDP socket, the connection host, the
 * application logic, discovery answers and the operator console.
 *
 * Datagrams are handled as they arrive and what they cause is flushed at once (nothing
 * waits for the next tick); the tick runs timers: resends, time-outs, keep-alives, rate
 * limit refills, expiries. */
#ifndef PARLEY_SERVER_H
#define PARLEY_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SRV_DEFAULT_PORT 7777
#define SRV_VERSION      "0.1.0"

typedef struct srv srv;
struct app;
struct host;

/* Something that watches and steers the running loop from the loop's own thread (the
 * dashboard, server/dash_window.h). update runs between datagram batches and ticks, at most
 * every `interval` seconds; the network waits while it runs, so it must not block. */
typedef struct srv_observer {
    void (*update)(void *user, srv *s, double now);
    double interval; /* seconds [one tick] */
    void *user;
} srv_observer;

typedef struct srv_config {
    uint16_t port;        /* 0: any free port */
    const char *data_dir; /* required */
    const char *name;     /* shown in discovery and SERVER_INFO */
    const char *motd;
    uint32_t tick_hz;   /* [50] */
    uint32_t max_users; /* [1024] */
    bool guests_disabled;
    bool register_disabled;
    bool console;            /* read operator commands from stdin */
    double chat_rate;        /* chat messages per second per session; 0: the app's default */
    int64_t call_timeout_ms; /* a 1:1 call rings this long; 0: the app's default (30 s) */
    /* NULL: none. With an observer, a port that cannot be opened at start leaves the
     * listener stopped (the operator can pick another) instead of ending the run. */
    const srv_observer *observer;
} srv_config;

/* Runs until a signal, the console's "quit", or a fatal error. Returns the exit code. */
int srv_run(const srv_config *cfg);

/* ---- for observers, during update ---------------------------------------------------- */

typedef struct srv_status {
    bool listening;
    uint16_t port; /* the bound port while listening, else the port the listener last had */
    uint64_t datagrams_in, datagrams_out, bytes_in, bytes_out, discovery_replies;
} srv_status;

srv_status srv_get_status(const srv *s);
const srv_config *srv_get_config(const srv *s);
struct app *srv_get_app(srv *s);
struct host *srv_get_host(srv *s);
/* Listens on port (0: any free one). While listening on another port, the new socket is
 * opened first and only then the old one closed, with everyone on it told and disconnected;
 * on failure nothing changes. False with a message in err. */
bool srv_listen_start(srv *s, uint16_t port, char *err, size_t cap);
/* Tells every session why, disconnects them and closes the socket; the loop keeps running. */
void srv_listen_stop(srv *s, const char *why);
/* One operator command, as typed on the console ("quit" ends the loop, "net" shows the
 * transport's counters, the rest goes to app_console). The answer goes into out; false for
 * an unknown or malformed command. */
bool srv_command(srv *s, const char *line, char *out, size_t cap);
/* Ends the loop cleanly after the current step, as "quit" does. */
void srv_quit(srv *s);

#endif
