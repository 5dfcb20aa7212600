/* fsutil_win32.c — fsutil.h on Windows. Paths arrive as UTF-8 and go to the ...W calls as
 * UTF-16; '/' and '\' both separate folders.
 *
 * Permissions: Windows has no mode bits, so the mode arguments are ignored and no ACL is set.
 * New folders and files inherit the ACL of the folder they are made in. The server keeps its
 * data under the user profile (%APPDATA%), whose ACL already admits only that user, SYSTEM and
 * the administrators: the people a 0600 file admits on POSIX, root included. A data folder
 * placed elsewhere gets whatever that place allows.
 *
 * Durability: the temp file is flushed with FlushFileBuffers, then MoveFileExW replaces the
 * target with MOVEFILE_WRITE_THROUGH, which returns only once the move is on disk; that takes
 * the place of POSIX's fsync of the folder. */
#if defined(_WIN32)
#include "fsutil.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#define FSU_WIN_CHUNK   ((DWORD)1 << 30) /* ReadFile / WriteFile move at most a DWORD per call */
#define FSU_WIN_TRIES   100              /* temp names tried before giving up */
#define FSU_WIN_TMP_LEN 6                /* random characters in a temp name, as mkstemp's */

/* Win32 errors reach the caller as errno, as fsutil.h promises. */
static int fsu_win_errno(DWORD err)
{
    switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return EACCES;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        return EEXIST;
    case ERROR_FILENAME_EXCED_RANGE:
        return ENAMETOOLONG;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return ENOSPC;
    case ERROR_DIRECTORY:
        return ENOTDIR;
    case ERROR_INVALID_NAME:
        return EINVAL;
    case ERROR_NO_UNICODE_TRANSLATION:
        return EILSEQ;
    default:
        return EIO;
    }
}

static bool fsu_win_is_sep(wchar_t c)
{
    return c == L'/' || c == L'\\';
}

/* UTF-8 to UTF-16. UTF-8 never needs fewer bytes than UTF-16 needs units, so FSU_PATH_MAX
 * units hold any path that fits FSU_PATH_MAX bytes. */
static fsu_err fsu_win_wide(const char *path, wchar_t *out, size_t cap)
{
    assert(cap <= FSU_PATH_MAX);
    if (strlen(path) >= cap) {
        errno = ENAMETOOLONG;
        return FSU_ERR_PATH_LONG;
    }
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, out, (int)cap) == 0) {
        DWORD err = GetLastError();
        errno = fsu_win_errno(err);
        return err == ERROR_INSUFFICIENT_BUFFER ? FSU_ERR_PATH_LONG : FSU_ERR_IO;
    }
    return FSU_OK;
}

/* Length of the root at the start of p, which is never created: "C:\", "C:", "\", or
 * "\\server\share\" (which also covers "\\?\C:\"). */
static size_t fsu_win_root_len(const wchar_t *p)
{
    if (fsu_win_is_sep(p[0]) && fsu_win_is_sep(p[1])) {
        size_t i = 2;
        for (int part = 0; part < 2; part++) {
            while (p[i] && !fsu_win_is_sep(p[i])) i++;
            if (p[i]) i++;
        }
        return i;
    }
    if (p[0] && p[1] == L':') return fsu_win_is_sep(p[2]) ? 3 : 2;
    return fsu_win_is_sep(p[0]) ? 1 : 0;
}

/* After ERROR_PATH_NOT_FOUND: true when the nearest existing thing on the way is a file,
 * which POSIX reports as ENOTDIR. */
static bool fsu_win_under_file(const wchar_t *path)
{
    wchar_t buf[FSU_PATH_MAX];
    size_t len = wcslen(path);
    assert(len < FSU_PATH_MAX);
    memcpy(buf, path, (len + 1) * sizeof *buf);
    size_t root = fsu_win_root_len(buf);
    for (;;) {
        while (len > root && !fsu_win_is_sep(buf[len - 1])) len--;
        while (len > root && fsu_win_is_sep(buf[len - 1])) len--;
        if (len <= root) return false;
        buf[len] = L'\0';
        DWORD attrs = GetFileAttributesW(buf);
        if (attrs != INVALID_FILE_ATTRIBUTES) return !(attrs & FILE_ATTRIBUTE_DIRECTORY);
    }
}

/* CreateDirectoryW that treats "already a directory" as success. */
static fsu_err fsu_win_mkdir_one(const wchar_t *path)
{
    if (CreateDirectoryW(path, NULL)) return FSU_OK;
    DWORD err = GetLastError();
    /* Whatever the error, an existing folder will do (a drive root reports access denied). */
    DWORD attrs = GetFileAttributesW(path);
    if (attrs != INVALID_FILE_ATTRIBUTES) {
        if (attrs & FILE_ATTRIBUTE_DIRECTORY) return FSU_OK;
        errno = ENOTDIR;
        return FSU_ERR_NOT_DIR;
    }
    errno = fsu_win_errno(err);
    return err == ERROR_DIRECTORY ? FSU_ERR_NOT_DIR : FSU_ERR_IO;
}

fsu_err fsu_mkdir_p(const char *dir, unsigned mode)
{
    assert(dir);
    (void)mode; /* no mode bits on Windows: the folder inherits its parent's ACL */
    if (dir[0] == '\0') {
        errno = ENOENT;
        return FSU_ERR_IO;
    }
    wchar_t buf[FSU_PATH_MAX];
    fsu_err e = fsu_win_wide(dir, buf, FSU_PATH_MAX);
    if (e != FSU_OK) return e;
    size_t len = wcslen(buf), root = fsu_win_root_len(buf);
    /* Each prefix ending before a separator is a parent; the root is not. */
    for (size_t i = root > 0 ? root : 1; i < len; i++) {
        if (!fsu_win_is_sep(buf[i]) || fsu_win_is_sep(buf[i - 1])) continue;
        wchar_t sep = buf[i];
        buf[i] = L'\0';
        e = fsu_win_mkdir_one(buf);
        buf[i] = sep;
        if (e != FSU_OK) return e;
    }
    return fsu_win_mkdir_one(buf);
}

/* Sorts a failed CreateFileW as POSIX sorts a failed open(): missing, under a file, other. */
static fsu_err fsu_win_open_fail(const wchar_t *path, DWORD err)
{
    if (err == ERROR_DIRECTORY || (err == ERROR_PATH_NOT_FOUND && fsu_win_under_file(path))) {
        errno = ENOTDIR;
        return FSU_ERR_NOT_DIR;
    }
    errno = fsu_win_errno(err);
    if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) return FSU_ERR_NOT_FOUND;
    return FSU_ERR_IO;
}

fsu_err fsu_read(const char *path, void *buf, size_t cap, size_t *len)
{
    assert(path && (buf || cap == 0) && len);
    *len = 0;
    wchar_t wpath[FSU_PATH_MAX];
    fsu_err e = fsu_win_wide(path, wpath, FSU_PATH_MAX);
    if (e != FSU_OK) return e;
    /* Sharing delete too, so a writer's MoveFileExW can replace the file while it is read. */
    HANDLE h =
        CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return fsu_win_open_fail(wpath, GetLastError());
    size_t got = 0;
    fsu_err result = FSU_OK;
    for (;;) {
        /* One spare byte past cap tells "exactly cap" apart from "more than cap". */
        char extra;
        char *dst = got < cap ? (char *)buf + got : &extra;
        size_t want = got < cap ? cap - got : 1;
        DWORD n = 0;
        if (!ReadFile(h, dst, want > FSU_WIN_CHUNK ? FSU_WIN_CHUNK : (DWORD)want, &n, NULL)) {
            errno = fsu_win_errno(GetLastError());
            result = FSU_ERR_IO;
            break;
        }
        if (n == 0) break;
        if (got >= cap) {
            result = FSU_ERR_TOO_BIG;
            break;
        }
        got += n;
    }
    CloseHandle(h);
    if (result == FSU_OK) *len = got;
    return result;
}

static bool fsu_win_write_all(HANDLE h, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        DWORD n = 0;
        if (!WriteFile(h, p, len > FSU_WIN_CHUNK ? FSU_WIN_CHUNK : (DWORD)len, &n, NULL))
            return false;
        if (n == 0) {
            SetLastError(ERROR_WRITE_FAULT);
            return false;
        }
        p += n;
        len -= n;
    }
    return true;
}

/* Like mkstemp: replaces the FSU_WIN_TMP_LEN characters at x (inside path) until CREATE_NEW
 * makes a file no one else has. Names only need to differ, not be secret. */
static HANDLE fsu_win_create_temp(wchar_t *path, wchar_t *x)
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    unsigned long long seed = (unsigned long long)now.QuadPart ^
                              ((unsigned long long)GetCurrentProcessId() << 32) ^
                              GetCurrentThreadId();
    for (int attempt = 0; attempt < FSU_WIN_TRIES; attempt++) {
        unsigned long long v = (seed + (unsigned long long)attempt) * 0x9E3779B97F4A7C15ull;
        v ^= v >> 29;
        for (int i = 0; i < FSU_WIN_TMP_LEN; i++) {
            x[i] = (wchar_t)digits[v % 36];
            v /= 36;
        }
        HANDLE h =
            CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        if (h != INVALID_HANDLE_VALUE) return h;
        DWORD err = GetLastError();
        if (err != ERROR_FILE_EXISTS && err != ERROR_ALREADY_EXISTS) return h;
    }
    SetLastError(ERROR_FILE_EXISTS);
    return INVALID_HANDLE_VALUE;
}

fsu_err fsu_write_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
    assert(path && (data || len == 0));
    (void)mode; /* no mode bits on Windows: the file inherits its folder's ACL */
    /* The same name length as the POSIX backend, so both refuse the same paths. */
    char tmp[FSU_PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return FSU_ERR_PATH_LONG;
    }
    wchar_t wpath[FSU_PATH_MAX], wtmp[FSU_PATH_MAX];
    fsu_err e = fsu_win_wide(path, wpath, FSU_PATH_MAX);
    if (e == FSU_OK) e = fsu_win_wide(tmp, wtmp, FSU_PATH_MAX);
    if (e != FSU_OK) return e;
    HANDLE h = fsu_win_create_temp(wtmp, wtmp + wcslen(wtmp) - FSU_WIN_TMP_LEN);
    if (h == INVALID_HANDLE_VALUE) {
        e = fsu_win_open_fail(wtmp, GetLastError());
        return e == FSU_ERR_NOT_FOUND ? e : FSU_ERR_IO; /* as mkstemp: ENOTDIR is an I/O error */
    }
    bool ok = fsu_win_write_all(h, data, len) && FlushFileBuffers(h);
    DWORD err = ok ? ERROR_SUCCESS : GetLastError();
    if (!CloseHandle(h) && ok) {
        ok = false;
        err = GetLastError();
    }
    if (ok && !MoveFileExW(wtmp, wpath, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        ok = false;
        err = GetLastError();
    }
    if (!ok) {
        DeleteFileW(wtmp);
        errno = fsu_win_errno(err);
        return FSU_ERR_IO;
    }
    return FSU_OK;
}

#endif
