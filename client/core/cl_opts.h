/* cl_opts.h — the command-line options every client program shares (parley-cli, parley):
 * where to connect, how to log in, the home folder, discovery, and the common switches.
 * Each program parses its own options and hands the others to cl_opts_take, then checks the
 * log-in options together with cl_opts_check_login. */
#ifndef PARLEY_CL_OPTS_H
#define PARLEY_CL_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#define CL_OPTS_DISCOVER_ADDR "255.255.255.255:7777" /* the LAN broadcast, discovery's port */

typedef struct cl_opts {
    const char *server;        /* --server HOST[:PORT] */
    const char *guest;         /* --guest NAME */
    const char *user;          /* --user NAME */
    const char *password_file; /* --password-file F */
    bool do_register;          /* --register */
    const char *email;         /* --email E */
    const char *home;          /* --home DIR: known_servers, the outbox, settings */
    const char *discover_addr; /* --discover-addr HOST:PORT [CL_OPTS_DISCOVER_ADDR] */
    bool trust_new_key;        /* --trust-new-key */
    bool verbose;              /* --verbose: the protocol log on stderr */
    bool help, version;        /* --help / -h, --version */
} cl_opts;

void cl_opts_init(cl_opts *o);
/* argv[*i] (and its value, moving *i past it) when it is one of the shared options: 1.
 * 0 when it is not one of them; -1 with a message in err when its value is missing. */
int cl_opts_take(cl_opts *o, int argc, char **argv, int *i, char *err, size_t errcap);
/* The log-in options together: --guest or --user, not both; names 1..MSG_NAME_MAX bytes;
 * --register, --email and --password-file only with --user. False with a message in err. */
bool cl_opts_check_login(const cl_opts *o, char *err, size_t errcap);
/* The first line of a file as the password (--password-file), without its line end; the
 * copy read is wiped. False with a message in err. */
bool cl_opts_read_password(const char *path, char *out, size_t cap, char *err, size_t errcap);

#endif
