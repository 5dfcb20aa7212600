/* cl_fs.h — the few file-system calls the client core needs beyond stdio, behind one small
 * interface: cl_fs_posix.c implements it on POSIX, cl_fs_win32.c on Windows (each file
 * compiles to nothing on the other platform). */
#ifndef PARLEY_CL_FS_H
#define PARLEY_CL_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CL_PATH_MAX 1024 /* longest path the client core builds, NUL included */

/* Creates dir and its missing parents, private to the user (0700 on POSIX). */
bool cl_fs_mkdir_p(const char *dir);
/* Flushes f's buffer and asks the OS to put the bytes on disk (fsync). */
bool cl_fs_sync(FILE *f);
/* Renames tmp over path in one step and makes the rename durable (syncs the folder). */
bool cl_fs_replace(const char *tmp, const char *path);
/* Truncates an open file to len bytes. */
bool cl_fs_truncate(FILE *f, long len);

/* An exclusive advisory lock on a lock file (created if missing), held until released or the
 * process ends. NULL with *busy = true when another process holds it. */
typedef struct cl_fs_lock cl_fs_lock;
cl_fs_lock *cl_fs_lock_try(const char *path, bool *busy);
void cl_fs_unlock(cl_fs_lock *l);

/* The per-user folder for Parley's client files when neither --home nor PARLEY_HOME is
 * given: $XDG_CONFIG_HOME/parley or ~/.config/parley on POSIX, SDL's pref path on Windows.
 * False when none can be found. */
bool cl_fs_default_home(char *out, size_t cap);

#endif
