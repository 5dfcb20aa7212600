/* gui_args.c — parley's options (see gui_args.h and docs/UI.md). */
#include "gui_args.h"

#include "msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool gui_args_fail(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
    return false;
}

const char *gui_args_help(void)
{
    return "usage: parley [--server HOST[:PORT] [--guest NAME | --user NAME]] [options]\n"
           "\n"
           "Parley's window. Without --server it starts on the start screen: servers on the\n"
           "LAN, an address to type, or a server to host on this PC.\n"
           "\n"
           "  --server HOST[:PORT]    connect at once (port 7777 when not given)\n"
           "  --host                  start a server on this PC and connect to it (what the\n"
           "                          start screen's \"Host a server here\" does)\n"
           "  --guest NAME            ... and come in as a guest called NAME\n"
           "  --user NAME             ... and log in to the account NAME\n"
           "  --password-file F       the password is the first line of F (without it the\n"
           "                          log-in screen asks, with the name filled in)\n"
           "  --register              create the account --user NAME first\n"
           "  --email E               e-mail address for --register (optional)\n"
           "  --home DIR              folder for known_servers, the outbox and gui.conf (else\n"
           "                          $PARLEY_HOME, else ~/.config/parley)\n"
           "  --overlay               start as the compact always-on-top chat window\n"
           "  --size WxH              window size in points\n"
           "  --font PATH             the font to use (else the system's)\n"
           "  --discover-addr H:P     where to look for servers (default the LAN broadcast,\n"
           "                          255.255.255.255:7777)\n"
           "  --trust-new-key         accept and record a changed server identity key\n"
           "  --screenshots DIR       draw every screen offscreen into DIR and exit\n"
           "  --screenshot-dir DIR    save each screen in DIR once it stays still (tests)\n"
           "  --quit-after MS         close the window after MS milliseconds (tests)\n"
           "  --verbose               log the protocol, actions and keys on stderr\n"
           "  --help, --version\n"
           "\n"
           "Set PARLEY_GUI_TRACE=FILE to have the visible chat lines written to FILE (tests).\n"
           "Details: docs/UI.md\n";
}

bool gui_args_parse(int argc, char **argv, gui_args *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    cl_opts_init(&out->o);
    for (int i = 1; i < argc; i++) {
        int took = cl_opts_take(&out->o, argc, argv, &i, err, errcap);
        if (took < 0) return false;
        if (took) continue;
        const char *a = argv[i];
        if (!strncmp(a, "-psn_", 5)) continue; /* macOS Finder adds a process serial number */
        bool takes = !strcmp(a, "--font") || !strcmp(a, "--screenshot-dir") ||
                     !strcmp(a, "--screenshots") || !strcmp(a, "--size") ||
                     !strcmp(a, "--quit-after");
        if (takes && i + 1 >= argc)
            return gui_args_fail(err, errcap, "%s needs a value (see --help)", a);
        const char *v = takes ? argv[++i] : NULL;
        if (!strcmp(a, "--font"))
            out->font = v;
        else if (!strcmp(a, "--screenshot-dir"))
            out->screenshot_dir = v;
        else if (!strcmp(a, "--screenshots"))
            out->screenshots = v;
        else if (!strcmp(a, "--host"))
            out->host = true;
        else if (!strcmp(a, "--overlay"))
            out->overlay = true;
        else if (!strcmp(a, "--size")) {
            if (sscanf(v, "%dx%d", &out->width, &out->height) != 2 || out->width < 200 ||
                out->height < 150 || out->width > 16384 || out->height > 16384)
                return gui_args_fail(err, errcap, "--size wants WxH, at least 200x150");
        } else if (!strcmp(a, "--quit-after")) {
            char *end;
            long ms = strtol(v, &end, 10);
            if (end == v || *end || ms <= 0 || ms > 86400000L)
                return gui_args_fail(err, errcap, "--quit-after wants milliseconds");
            out->quit_after_ms = (int)ms;
        } else {
            return gui_args_fail(err, errcap, "unknown option '%s' (see --help)", a);
        }
    }
    const cl_opts *o = &out->o;
    if (o->help || o->version || out->screenshots) return true;
    if (out->host && o->server)
        return gui_args_fail(err, errcap, "--host and --server exclude each other");
    if ((o->guest || o->user) && !o->server && !out->host)
        return gui_args_fail(err, errcap, "--guest and --user need --server HOST[:PORT]");
    return cl_opts_check_login(o, err, errcap);
}
