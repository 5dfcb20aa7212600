/* vb_e2e.h — voicebench through a real parley-server on loopback: two client sessions in one
 * process (client core + voice engine, modelled devices), so every stage can be timed.
 * Latency from A's capture to B's playback by signal correlation (median, p99) at 0% loss
 * and at 5% loss + 20 ms jitter, with a per-stage breakdown; wire bytes per second per
 * talking client for NB, WB and UWB at quality 8 (all headers, IPv4 + UDP counted); CPU
 * per stream. */
#ifndef PARLEY_VB_E2E_H
#define PARLEY_VB_E2E_H

#include <stdbool.h>

typedef struct vb_e2e_opts {
    const char *spawn;  /* a parley-server binary to start on 127.0.0.1 with a temp data dir */
    const char *server; /* or the HOST:PORT of a running server (loopback only) */
    bool quick;         /* shorter phases */
    int period_ms;      /* [10] the devices' callback period modelled (aud_dev_config) */
    bool plain;         /* echo canceller, noise suppression and AGC off (a headset's
                           choice: the preprocessor's 10 ms block delay goes) */
} vb_e2e_opts;

/* Prints the figures; returns the exit status (0, or 1 when it could not run). */
int vb_e2e_run(const vb_e2e_opts *o);

#endif
