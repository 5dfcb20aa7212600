/* gui_args.h — parley's command line (the GUI client). With no options it opens the start
 * screen; --server with --guest or --user skips it (shortcuts, tests). */
#ifndef PARLEY_GUI_ARGS_H
#define PARLEY_GUI_ARGS_H

#include "cl_opts.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct gui_args {
    cl_opts o;                  /* --server, --guest, --user, --home, --verbose ... (cl_opts.h) */
    bool host;                  /* --host: start a server here and connect to it */
    const char *font;           /* --font PATH */
    const char *screenshot_dir; /* --screenshot-dir DIR: write each screen's frame (tests) */
    const char *screenshots;    /* --screenshots DIR: draw every screen offscreen and exit */
    bool overlay;               /* --overlay: start in the compact always-on-top window */
    int width, height;          /* --size WxH of the window (0: the saved or default size) */
    int quit_after_ms;          /* --quit-after MS (tests) */
} gui_args;

/* False with a message in err (exit 2). */
bool gui_args_parse(int argc, char **argv, gui_args *out, char *err, size_t errcap);
const char *gui_args_help(void);

#endif
