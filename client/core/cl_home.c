/* cl_home.c — the client's folder and the names of the files in it. */
#include "cl_home.h"

#include "cl_fs.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cl_home_resolve(const char *explicit_dir, char *out, size_t cap, char *err, size_t errcap)
{
    assert(out && err);
    const char *dir = explicit_dir && *explicit_dir ? explicit_dir : getenv("PARLEY_HOME");
    char fallback[CL_PATH_MAX];
    if (!dir || !*dir) {
        if (!cl_fs_default_home(fallback, sizeof fallback)) {
            snprintf(err, errcap,
                     "cannot find a folder for Parley's files: set PARLEY_HOME or use --home DIR");
            return false;
        }
        dir = fallback;
    }
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (n + 64 >= cap || n + 64 >= CL_PATH_MAX) { /* room for the file names inside */
        snprintf(err, errcap, "the folder path is too long: %s", dir);
        return false;
    }
    memmove(out, dir, n);
    out[n] = '\0';
    if (!cl_fs_mkdir_p(out)) {
        snprintf(err, errcap,
                 "cannot create the folder %s (check its permissions or use --home DIR)", out);
        return false;
    }
    return true;
}

bool cl_home_known_path(const char *home, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%s", home, CL_KNOWN_FILE);
    return n > 0 && (size_t)n < cap;
}

/* Appends s to out at *o, escaping all but [a-z0-9.-] (upper case is lowered first). */
static bool cl_home_escape(const char *s, char *out, size_t cap, size_t *o)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
        if (*o + (plain ? 1 : 3) >= cap) return false;
        if (plain) {
            out[(*o)++] = (char)c;
        } else {
            out[(*o)++] = '%';
            out[(*o)++] = hex[c >> 4];
            out[(*o)++] = hex[c & 15];
        }
    }
    out[*o] = '\0';
    return true;
}

bool cl_home_outbox_path(const char *home, const char *server, const char *account, bool guest,
                         int slot, char *out, size_t cap)
{
    assert(home && server && account && out && slot >= 0);
    int n = snprintf(out, cap, "%s/%s", home, CL_OUTBOX_DIR);
    if (n <= 0 || (size_t)n >= cap || !cl_fs_mkdir_p(out)) return false;
    size_t o = (size_t)n;
    if (o + 1 >= cap) return false;
    out[o++] = '/';
    if (!cl_home_escape(server, out, cap, &o)) return false;
    if (o + 3 >= cap) return false;
    memcpy(out + o, guest ? "_g_" : "_u_", 4);
    o += 3;
    if (!cl_home_escape(account, out, cap, &o)) return false;
    char tail[32];
    if (slot > 0)
        snprintf(tail, sizeof tail, ".%d.outbox", slot);
    else
        snprintf(tail, sizeof tail, ".outbox");
    size_t t = strlen(tail);
    if (o + t >= cap) return false;
    memcpy(out + o, tail, t + 1);
    return true;
}
