/* cl_fs_posix.c — cl_fs.h on POSIX (Linux, macOS, the BSDs). */
#ifndef _WIN32
#include "cl_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct cl_fs_lock {
    int fd;
};

bool cl_fs_mkdir_p(const char *dir)
{
    char path[CL_PATH_MAX];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) return false;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) return false;
        path[i] = c;
    }
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

bool cl_fs_sync(FILE *f)
{
    return fflush(f) == 0 && fsync(fileno(f)) == 0;
}

bool cl_fs_replace(const char *tmp, const char *path)
{
    if (rename(tmp, path) != 0) return false;
    /* the rename lives in the folder: sync it too, or a crash can undo it */
    char dir[CL_PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash) return true;
    size_t n = (size_t)(slash - path);
    if (n == 0) n = 1;
    if (n >= sizeof dir) return true;
    memcpy(dir, path, n);
    dir[n] = '\0';
    int fd = open(dir, O_RDONLY);
    if (fd < 0) return true;
    fsync(fd);
    close(fd);
    return true;
}

bool cl_fs_truncate(FILE *f, long len)
{
    return fflush(f) == 0 && ftruncate(fileno(f), (off_t)len) == 0;
}

cl_fs_lock *cl_fs_lock_try(const char *path, bool *busy)
{
    *busy = false;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return NULL;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        *busy = errno == EWOULDBLOCK;
        close(fd);
        return NULL;
    }
    cl_fs_lock *l = malloc(sizeof *l);
    if (!l) {
        close(fd);
        return NULL;
    }
    l->fd = fd;
    return l;
}

void cl_fs_unlock(cl_fs_lock *l)
{
    if (!l) return;
    close(l->fd); /* releases the flock */
    free(l);
}

bool cl_fs_default_home(char *out, size_t cap)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    int n;
    if (xdg && xdg[0] == '/') {
        n = snprintf(out, cap, "%s/parley", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !*home) return false;
        n = snprintf(out, cap, "%s/.config/parley", home);
    }
    return n > 0 && (size_t)n < cap;
}
#endif
