/* plat.h — what the server needs from the operating system besides sockets: console lines
 * without blocking the tick loop, and a clean stop on Ctrl-C / SIGTERM. plat_posix.c and
 * plat_win32.c implement it; each compiles to nothing on the other platform. */
#ifndef PARLEY_SERVER_PLAT_H
#define PARLEY_SERVER_PLAT_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the stop handlers; plat_stop_requested() turns true after the first signal. */
void plat_signals_install(void);
bool plat_stop_requested(void);
/* Starts reading console lines (stdin). */
void plat_console_start(void);
/* One complete line (without the newline) if one is waiting: true and the line in buf
 * (a longer line is refused whole: false with *too_long set). Never blocks. */
bool plat_console_line(char *buf, size_t cap, bool *too_long);
/* True once stdin has ended (piped input finished). */
bool plat_console_closed(void);
/* Wall-clock milliseconds since 1970 (message timestamps). */
long long plat_wall_ms(void);

#endif
