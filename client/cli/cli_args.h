/* cli_args.h — parley-cli's command line. */
#ifndef PARLEY_CLI_ARGS_H
#define PARLEY_CLI_ARGS_H

#include "cl_opts.h"
#include "msg.h"

#include <stdbool.h>
#include <stddef.h>

/* Exit codes (docs/CLI.md). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_ERROR = 1,    /* could not start or run: socket, folder, files, protocol */
    CLI_EXIT_USAGE = 2,    /* bad command line */
    CLI_EXIT_IDENTITY = 3, /* the server's identity key changed; refused */
    CLI_EXIT_UNSENT = 4,   /* quit with messages not yet acknowledged (they stay queued) */
    CLI_EXIT_AUTH = 5,     /* the log-in given on the command line was refused (piped mode) */
    CLI_EXIT_KICKED = 6,   /* kicked or banned from the server */
};

typedef struct cli_args {
    cl_opts o;            /* --server, --guest, --user, --home, --verbose ... (cl_opts.h) */
    bool json;            /* --json */
    bool discover;        /* --discover */
    double discover_time; /* --discover-time SECONDS [1] */
    double linger;        /* --linger SECONDS [10]: wait for acks when quitting */
    bool voice;           /* --voice: in the current room's voice from the start */
} cli_args;

/* Parses argv. False with a message in err (exit with CLI_EXIT_USAGE). */
bool cli_args_parse(int argc, char **argv, cli_args *out, char *err, size_t errcap);
const char *cli_args_help(void);

#endif
