/* cl_home.h — where the client keeps its files, and their names.
 *
 *   HOME/known_servers                       pinned server keys (cl_known.h)
 *   HOME/outbox/SERVER_ACCOUNT.outbox        unacknowledged chat (cl_outbox.h)
 *
 * HOME is, first found: the folder the caller names (--home DIR), $PARLEY_HOME, then the
 * platform's per-user folder (cl_fs_default_home). */
#ifndef PARLEY_CL_HOME_H
#define PARLEY_CL_HOME_H

#include <stdbool.h>
#include <stddef.h>

#define CL_KNOWN_FILE   "known_servers"
#define CL_OUTBOX_DIR   "outbox"
#define CL_OUTBOX_SLOTS 8 /* clients of one account and server that can run at once */

/* Picks HOME (explicit may be NULL) and creates it. False with a message in err. */
bool cl_home_resolve(const char *explicit_dir, char *out, size_t cap, char *err, size_t errcap);

/* HOME/known_servers into out. False when it does not fit. */
bool cl_home_known_path(const char *home, char *out, size_t cap);

/* HOME/outbox/SERVER_ACCOUNT[.N].outbox: server is the canonical "host:port", account the
 * name (lower-cased) with guest marking guest sessions; bytes other than [a-z0-9.-] are
 * written as %XX so every server and account maps to its own file. slot 0 has no .N
 * (see CL_OUTBOX_SLOTS). Also creates HOME/outbox. False when it does not fit or the
 * folder cannot be made. */
bool cl_home_outbox_path(const char *home, const char *server, const char *account, bool guest,
                         int slot, char *out, size_t cap);

#endif
