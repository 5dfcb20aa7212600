/* fsutil.c — the parts of fsutil.h that need no operating system: joining paths and naming
 * errors. The file-system calls live in fsutil_posix.c and fsutil_win32.c. */
#include "fsutil.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

bool fsu_join(char *out, size_t cap, const char *dir, const char *name)
{
    assert(out && cap && dir && name);
    size_t len = strlen(dir), dl = len;
    while (dl > 0 && dir[dl - 1] == '/') dl--;
    int n;
    if (len == 0)
        n = snprintf(out, cap, "%s", name); /* relative to the working folder */
    else
        n = snprintf(out, cap, "%.*s/%s", (int)dl, dir, name); /* dl 0: the root */
    if (n < 0 || (size_t)n >= cap) {
        out[0] = '\0';
        return false;
    }
    return true;
}

const char *fsu_err_str(fsu_err err)
{
    switch (err) {
    case FSU_OK:
        return "ok";
    case FSU_ERR_PATH_LONG:
        return "path is too long";
    case FSU_ERR_NOT_FOUND:
        return "file or folder not found";
    case FSU_ERR_TOO_BIG:
        return "file is larger than expected";
    case FSU_ERR_NOT_DIR:
        return "a part of the path is not a folder";
    case FSU_ERR_IO:
        return "file system error";
    }
    return "unknown file system error";
}
