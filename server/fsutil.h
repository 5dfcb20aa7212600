/* fsutil.h — the few file-system operations the server needs, behind one small interface:
 * create a directory path, read a small file whole, and replace a file atomically.
 *
 * fsutil.c holds the portable parts; fsutil_posix.c and fsutil_win32.c the file-system calls,
 * each compiling to nothing on the other platform. Paths are UTF-8 (POSIX takes them as bytes).
 * On failure errno says why (on Windows mapped from GetLastError), so a caller can log
 * strerror(errno). Windows has no mode bits: there the mode arguments are ignored and files
 * inherit their folder's ACL. */
#ifndef PARLEY_FSUTIL_H
#define PARLEY_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>

#define FSU_PATH_MAX 1024 /* longest path these functions build, NUL included */

typedef enum fsu_err {
    FSU_OK = 0,
    FSU_ERR_PATH_LONG, /* a path (or one built from it) does not fit FSU_PATH_MAX */
    FSU_ERR_NOT_FOUND, /* the file does not exist */
    FSU_ERR_TOO_BIG,   /* the file is larger than the caller's buffer */
    FSU_ERR_NOT_DIR,   /* a path component exists but is not a directory */
    FSU_ERR_IO,        /* any other OS error; see errno */
} fsu_err;

/* Joins dir and name with one '/' into out. False when it does not fit. */
bool fsu_join(char *out, size_t cap, const char *dir, const char *name);

/* Creates dir and any missing parents with mode (existing directories are left alone). */
fsu_err fsu_mkdir_p(const char *dir, unsigned mode);

/* Reads the whole file into buf. FSU_ERR_TOO_BIG when it holds more than cap bytes;
 * FSU_ERR_NOT_DIR when a folder on the way is a file. */
fsu_err fsu_read(const char *path, void *buf, size_t cap, size_t *len);

/* Replaces path with data so a reader (or a crash) sees the old file or the new one, never
 * a mix: writes a temp file beside it with mode, fsyncs it, renames it over path, then
 * fsyncs the directory so the rename itself is durable (on Windows: FlushFileBuffers, then
 * MoveFileExW with MOVEFILE_WRITE_THROUGH). */
fsu_err fsu_write_atomic(const char *path, const void *data, size_t len, unsigned mode);

const char *fsu_err_str(fsu_err err);

#endif
