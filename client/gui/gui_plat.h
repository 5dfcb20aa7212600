/* gui_plat.h — what the GUI needs from the operating system beyond SDL: starting a child
 * process (the hosted server) and reading its output without blocking, and the local time
 * zone. gui_plat_posix.c implements it on POSIX, gui_plat_win32.c on Windows; each file
 * compiles to nothing on the other platform. */
#ifndef PARLEY_GUI_PLAT_H
#define PARLEY_GUI_PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUI_PLAT_ARGS 16 /* arguments a child gets at most */

typedef struct gui_proc gui_proc;

/* Starts exe with argv (argv[0] is exe; NULL-terminated), stdin closed, stdout and stderr
 * into one pipe this side reads. NULL with a message in err. */
gui_proc *gui_proc_start(const char *exe, const char *const *argv, char *err, size_t errcap);
/* What the child wrote since the last call, without waiting: bytes read, 0 when nothing is
 * there, -1 when the pipe is closed (the child ended or closed it). */
int gui_proc_read(gui_proc *p, char *buf, size_t cap);
/* True while the child runs; when it ended, *code is its exit code (-1: killed). */
bool gui_proc_running(gui_proc *p, int *code);
/* Asks the child to end (SIGTERM / a console break), waits up to wait_ms, then kills it;
 * frees p. */
void gui_proc_stop(gui_proc *p, int wait_ms);

/* The program file's name suffix on this platform ("" or ".exe"). */
const char *gui_plat_exe_suffix(void);
/* Seconds to add to UTC for local time at unix time t (daylight saving included). */
int32_t gui_plat_utc_offset(int64_t t);

#endif
