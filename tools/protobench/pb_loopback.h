/* pb_loopback.h — protobench's section 4: bulk goodput over real UDP sockets on 127.0.0.1. */
#ifndef PARLEY_PB_LOOPBACK_H
#define PARLEY_PB_LOOPBACK_H

#include <stdbool.h>

/* Runs each transfer for secs seconds and prints the figures. False when nothing moved. */
bool pb_loopback_section(double secs);

#endif
