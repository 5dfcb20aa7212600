/* cl_fs_win32.c — cl_fs.h on Windows (built only there; reviewed, not run on Linux CI). */
#ifdef _WIN32
#include "cl_fs.h"

#include <SDL.h>
#include <direct.h>
#include <errno.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

struct cl_fs_lock {
    HANDLE h;
};

bool cl_fs_mkdir_p(const char *dir)
{
    char path[CL_PATH_MAX];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) return false;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\\' && path[i] != '\0') continue;
        if (i == 2 && path[1] == ':') continue; /* "C:" */
        char c = path[i];
        path[i] = '\0';
        if (_mkdir(path) != 0 && errno != EEXIST) return false;
        path[i] = c;
    }
    DWORD attr = GetFileAttributesA(dir);
    return attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY);
}

bool cl_fs_sync(FILE *f)
{
    return fflush(f) == 0 && _commit(_fileno(f)) == 0;
}

bool cl_fs_replace(const char *tmp, const char *path)
{
    return MoveFileExA(tmp, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) != 0;
}

bool cl_fs_truncate(FILE *f, long len)
{
    return fflush(f) == 0 && _chsize(_fileno(f), len) == 0;
}

cl_fs_lock *cl_fs_lock_try(const char *path, bool *busy)
{
    *busy = false;
    /* no sharing: a second opener fails with a sharing violation while we hold it */
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        *busy = GetLastError() == ERROR_SHARING_VIOLATION;
        return NULL;
    }
    cl_fs_lock *l = malloc(sizeof *l);
    if (!l) {
        CloseHandle(h);
        return NULL;
    }
    l->h = h;
    return l;
}

void cl_fs_unlock(cl_fs_lock *l)
{
    if (!l) return;
    CloseHandle(l->h);
    free(l);
}

bool cl_fs_default_home(char *out, size_t cap)
{
    char *pref = SDL_GetPrefPath("parley", "parley");
    if (!pref) return false;
    size_t n = strlen(pref);
    while (n > 0 && (pref[n - 1] == '\\' || pref[n - 1] == '/')) n--;
    bool ok = n > 0 && n < cap;
    if (ok) {
        memcpy(out, pref, n);
        out[n] = '\0';
    }
    SDL_free(pref);
    return ok;
}
#endif
