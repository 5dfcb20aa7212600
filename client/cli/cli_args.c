/* cli_args.c — parley-cli's options (see docs/CLI.md). */
#include "cli_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool cli_args_fail(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
    return false;
}

static bool cli_args_seconds(const char *s, double max, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v > 0) || v > max) return false;
    *out = v;
    return true;
}

const char *cli_args_help(void)
{
    return "usage: parley-cli --server HOST[:PORT] [--guest NAME | --user NAME] [options]\n"
           "       parley-cli --discover [--discover-addr HOST:PORT]\n"
           "\n"
           "Connects to a Parley server and reads commands and messages from stdin, one per\n"
           "line (type /help once connected). Works interactively and with piped input.\n"
           "\n"
           "  --server HOST[:PORT]    the server (port 7777 when not given)\n"
           "  --guest NAME            come in as a guest called NAME\n"
           "  --user NAME             log in to the account NAME\n"
           "  --password-file F       the password is the first line of F (else asked for on\n"
           "                          a terminal)\n"
           "  --register              create the account --user NAME first\n"
           "  --email E               e-mail address for --register (optional)\n"
           "  --json                  print every event as one JSON object per line\n"
           "  --home DIR              folder for known_servers and the outbox (else\n"
           "                          $PARLEY_HOME, else ~/.config/parley)\n"
           "  --trust-new-key         accept and record a changed server identity key\n"
           "  --linger SECONDS        on /quit or end of input, wait at most this long for\n"
           "                          unacknowledged messages (default 10)\n"
           "  --discover              list the servers on the LAN and exit\n"
           "  --discover-addr H:P     where to send the probe (default 255.255.255.255:7777)\n"
           "  --discover-time S       how long to listen for answers (default 1)\n"
           "  --voice                 join the current room's voice at once, with voice\n"
           "                          activation (audio through SDL; see docs/CLI.md)\n"
           "  --verbose               log the protocol on stderr\n"
           "  --help, --version\n"
           "\n"
           "Exit codes: 0 ok, 1 error, 2 usage, 3 server key changed, 4 unsent messages left,\n"
           "5 log-in refused, 6 kicked or banned. Details: docs/CLI.md\n";
}

bool cli_args_parse(int argc, char **argv, cli_args *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    cl_opts_init(&out->o);
    out->discover_time = 1.0;
    out->linger = 10.0;
    for (int i = 1; i < argc; i++) {
        int took = cl_opts_take(&out->o, argc, argv, &i, err, errcap);
        if (took < 0) return false;
        if (took) continue;
        const char *a = argv[i];
        bool takes = !strcmp(a, "--discover-time") || !strcmp(a, "--linger");
        if (takes && i + 1 >= argc)
            return cli_args_fail(err, errcap, "%s needs a value (see --help)", a);
        const char *v = takes ? argv[++i] : NULL;
        if (!strcmp(a, "--json"))
            out->json = true;
        else if (!strcmp(a, "--discover"))
            out->discover = true;
        else if (!strcmp(a, "--voice"))
            out->voice = true;
        else if (!strcmp(a, "--discover-time")) {
            if (!cli_args_seconds(v, 60, &out->discover_time))
                return cli_args_fail(err, errcap, "--discover-time wants 0 < SECONDS <= 60");
        } else if (!strcmp(a, "--linger")) {
            if (!cli_args_seconds(v, 3600, &out->linger))
                return cli_args_fail(err, errcap, "--linger wants 0 < SECONDS <= 3600");
        } else {
            return cli_args_fail(err, errcap, "unknown option '%s' (see --help)", a);
        }
    }
    if (out->o.help || out->o.version || out->discover) return true;
    if (!out->o.server) return cli_args_fail(err, errcap, "--server HOST[:PORT] is required");
    return cl_opts_check_login(&out->o, err, errcap);
}
