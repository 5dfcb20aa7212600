/* cl_opts.c — the options every client program shares (cl_opts.h). */
#include "cl_opts.h"

#include "log.h"
#include "msg.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool cl_opts_fail(char *err, size_t errcap, const char *fmt, ...) PARLEY_PRINTF(3, 4);
static bool cl_opts_fail(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
    return false;
}

void cl_opts_init(cl_opts *o)
{
    memset(o, 0, sizeof *o);
    o->discover_addr = CL_OPTS_DISCOVER_ADDR;
}

int cl_opts_take(cl_opts *o, int argc, char **argv, int *i, char *err, size_t errcap)
{
    const char *a = argv[*i];
    bool *flag = !strcmp(a, "--help") || !strcmp(a, "-h") ? &o->help
                 : !strcmp(a, "--version")                ? &o->version
                 : !strcmp(a, "--register")               ? &o->do_register
                 : !strcmp(a, "--trust-new-key")          ? &o->trust_new_key
                 : !strcmp(a, "--verbose")                ? &o->verbose
                                                          : NULL;
    if (flag) {
        *flag = true;
        return 1;
    }
    const char **value = !strcmp(a, "--server")          ? &o->server
                         : !strcmp(a, "--guest")         ? &o->guest
                         : !strcmp(a, "--user")          ? &o->user
                         : !strcmp(a, "--password-file") ? &o->password_file
                         : !strcmp(a, "--email")         ? &o->email
                         : !strcmp(a, "--home")          ? &o->home
                         : !strcmp(a, "--discover-addr") ? &o->discover_addr
                                                         : NULL;
    if (!value) return 0;
    if (*i + 1 >= argc) {
        cl_opts_fail(err, errcap, "%s needs a value (see --help)", a);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

bool cl_opts_check_login(const cl_opts *o, char *err, size_t errcap)
{
    if (o->guest && o->user)
        return cl_opts_fail(err, errcap, "--guest and --user exclude each other");
    const char *name = o->guest ? o->guest : o->user;
    if (name && (!*name || strlen(name) > MSG_NAME_MAX))
        return cl_opts_fail(err, errcap, "the name must be 1 to %u bytes", (unsigned)MSG_NAME_MAX);
    if (o->do_register && !o->user)
        return cl_opts_fail(err, errcap, "--register needs --user NAME");
    if (o->email && !o->do_register)
        return cl_opts_fail(err, errcap, "--email only goes with --register");
    if (o->email && strlen(o->email) > MSG_EMAIL_MAX)
        return cl_opts_fail(err, errcap, "--email is longer than %u bytes",
                            (unsigned)MSG_EMAIL_MAX);
    if (o->password_file && !o->user)
        return cl_opts_fail(err, errcap, "--password-file goes with --user NAME");
    return true;
}

bool cl_opts_read_password(const char *path, char *out, size_t cap, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) return cl_opts_fail(err, errcap, "cannot read %s: %s", path, strerror(errno));
    char buf[MSG_PASSWORD_MAX + 4];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    size_t len = strcspn(buf, "\r\n");
    bool ok = len > 0 && len <= MSG_PASSWORD_MAX && len < cap;
    if (ok) {
        memcpy(out, buf, len);
        out[len] = '\0';
    } else {
        cl_opts_fail(err, errcap, "%s: the first line must hold the password (1 to %u bytes)", path,
                     (unsigned)MSG_PASSWORD_MAX);
    }
    sodium_memzero(buf, sizeof buf);
    return ok;
}
