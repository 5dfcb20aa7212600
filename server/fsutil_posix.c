/* fsutil_posix.c — fsutil.h on Linux, macOS and the BSDs: mkdir, open/read, and mkstemp +
 * fsync + rename + fsync of the folder for atomic replacement. */
#if !defined(_WIN32)
#include "fsutil.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* mkdir that treats "already a directory" as success. */
static fsu_err fsu_mkdir_one(const char *path, unsigned mode)
{
    if (mkdir(path, (mode_t)mode) == 0) return FSU_OK;
    int saved = errno;
    struct stat sb;
    if (saved == EEXIST) {
        if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) return FSU_OK;
        errno = ENOTDIR;
        return FSU_ERR_NOT_DIR;
    }
    errno = saved;
    return saved == ENOTDIR ? FSU_ERR_NOT_DIR : FSU_ERR_IO;
}

fsu_err fsu_mkdir_p(const char *dir, unsigned mode)
{
    assert(dir);
    char buf[FSU_PATH_MAX];
    size_t len = strlen(dir);
    if (len == 0) {
        errno = ENOENT;
        return FSU_ERR_IO;
    }
    if (len >= sizeof buf) {
        errno = ENAMETOOLONG;
        return FSU_ERR_PATH_LONG;
    }
    memcpy(buf, dir, len + 1);
    /* Each prefix ending before a '/' is a parent; the leading '/' of an absolute path is not. */
    for (size_t i = 1; i < len; i++) {
        if (buf[i] != '/' || buf[i - 1] == '/') continue;
        buf[i] = '\0';
        fsu_err e = fsu_mkdir_one(buf, mode);
        buf[i] = '/';
        if (e != FSU_OK) return e;
    }
    return fsu_mkdir_one(buf, mode);
}

fsu_err fsu_read(const char *path, void *buf, size_t cap, size_t *len)
{
    assert(path && (buf || cap == 0) && len);
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return FSU_ERR_NOT_FOUND;
        return errno == ENOTDIR ? FSU_ERR_NOT_DIR : FSU_ERR_IO;
    }
    size_t got = 0;
    fsu_err result = FSU_OK;
    for (;;) {
        /* One spare byte past cap tells "exactly cap" apart from "more than cap". */
        char extra;
        char *dst = got < cap ? (char *)buf + got : &extra;
        size_t want = got < cap ? cap - got : 1;
        ssize_t n = read(fd, dst, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            result = FSU_ERR_IO;
            break;
        }
        if (n == 0) break;
        if (got >= cap) {
            result = FSU_ERR_TOO_BIG;
            break;
        }
        got += (size_t)n;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    if (result == FSU_OK) *len = got;
    return result;
}

static bool fsu_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* The rename is only durable once the directory entry itself reaches the disk. */
static bool fsu_sync_parent(const char *path)
{
    char dir[FSU_PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash) {
        dir[0] = '.';
        dir[1] = '\0';
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = fsync(fd) == 0;
    int saved = errno;
    close(fd);
    errno = saved;
    return ok;
}

fsu_err fsu_write_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
    assert(path && (data || len == 0));
    char tmp[FSU_PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return FSU_ERR_PATH_LONG;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) return errno == ENOENT ? FSU_ERR_NOT_FOUND : FSU_ERR_IO;
    /* mkstemp makes 0600; set the caller's mode before any data lands in the file. */
    bool ok = fchmod(fd, (mode_t)mode) == 0 && fsu_write_all(fd, data, len) && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        errno = saved;
        return FSU_ERR_IO;
    }
    if (!fsu_sync_parent(path)) return FSU_ERR_IO;
    return FSU_OK;
}

#endif
