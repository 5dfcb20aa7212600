/* cli_args.h — parley-cli's command line. */
#ifndef PARLEY_CLI_ARGS_H
#define PARLEY_CLI_ARGS_H

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
    const char *server;        /* --server HOST[:PORT] */
    const char *guest;         /* --guest NAME */
    const char *user;          /* --user NAME */
    const char *password_file; /* --password-file F */
    bool do_register;          /* --register */
    const char *email;         /* --email E */
    bool json;                 /* --json */
    const char *home;          /* --home DIR */
    bool trust_new_key;        /* --trust-new-key */
    bool discover;             /* --discover */
    const char *discover_addr; /* --discover-addr HOST:PORT [255.255.255.255:7777] */
    double discover_time;      /* --discover-time SECONDS [1] */
    double linger;             /* --linger SECONDS [10]: wait for acks when quitting */
    bool verbose;              /* --verbose: protocol log on stderr */
    bool voice;                /* --voice: in the current room's voice from the start */
    bool help, version;
} cli_args;

/* Parses argv. False with a message in err (exit with CLI_EXIT_USAGE). */
bool cli_args_parse(int argc, char **argv, cli_args *out, char *err, size_t errcap);
const char *cli_args_help(void);

#endif
