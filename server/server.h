/* server.h — parley-server's fixed-tick loop: one UDP socket, the connection host, the
 * application logic, discovery answers and the operator console.
 *
 * Datagrams are handled as they arrive and what they cause is flushed at once (nothing
 * waits for the next tick); the tick runs timers: resends, time-outs, keep-alives, rate
 * limit refills, expiries. */
#ifndef PARLEY_SERVER_H
#define PARLEY_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#define SRV_DEFAULT_PORT 7777
#define SRV_VERSION      "0.1.0"

typedef struct srv_config {
    uint16_t port;           /* 0: any free port */
    const char *data_dir;    /* required */
    const char *name;        /* shown in discovery and SERVER_INFO */
    const char *motd;
    uint32_t tick_hz;        /* [50] */
    uint32_t max_users;      /* [1024] */
    bool guests_disabled;
    bool register_disabled;
    bool console;            /* read operator commands from stdin */
    double chat_rate;        /* chat messages per second per session; 0: the app's default */
} srv_config;

/* Runs until a signal, the console's "quit", or a fatal error. Returns the exit code. */
int srv_run(const srv_config *cfg);

#endif
