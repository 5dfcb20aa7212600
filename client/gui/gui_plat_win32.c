/* gui_plat_win32.c — gui_plat.h on Windows (built only there; compile-checked with MinGW, not
 * run on Linux CI). */
#ifdef _WIN32
#include "gui_plat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <windows.h>

struct gui_proc {
    PROCESS_INFORMATION pi;
    HANDLE out; /* the read end of the child's stdout and stderr */
    bool done;
    int code;
};

static void gui_plat_error(char *err, size_t errcap, const char *what, const char *exe)
{
    snprintf(err, errcap, "cannot %s %s (Windows error %lu)", what, exe,
             (unsigned long)GetLastError());
}

/* One command line from argv, each argument quoted the way CommandLineToArgvW reads it. */
static bool gui_plat_cmdline(const char *const *argv, char *out, size_t cap)
{
    size_t n = 0;
    for (int i = 0; argv[i] && i < GUI_PLAT_ARGS; i++) {
        if (n + 1 >= cap) return false;
        if (i) out[n++] = ' ';
        out[n++] = '"';
        for (const char *p = argv[i]; *p; p++) {
            size_t slashes = 0;
            while (*p == '\\') {
                slashes++;
                p++;
            }
            size_t times = (*p == '"' || *p == '\0') ? slashes * 2 : slashes;
            if (n + times + 2 >= cap) return false;
            for (size_t k = 0; k < times; k++) out[n++] = '\\';
            if (*p == '\0') break;
            if (*p == '"') out[n++] = '\\';
            out[n++] = *p;
        }
        if (n + 2 >= cap) return false;
        out[n++] = '"';
    }
    out[n] = '\0';
    return true;
}

gui_proc *gui_proc_start(const char *exe, const char *const *argv, char *err, size_t errcap)
{
    char cmd[4096];
    if (!gui_plat_cmdline(argv, cmd, sizeof cmd)) {
        snprintf(err, errcap, "the command line for %s is too long", exe);
        return NULL;
    }
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE rd = NULL, wr = NULL;
    if (!CreatePipe(&rd, &wr, &sa, 0)) {
        gui_plat_error(err, errcap, "make a pipe for", exe);
        return NULL;
    }
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    gui_proc *p = calloc(1, sizeof *p);
    if (!p) {
        CloseHandle(rd);
        CloseHandle(wr);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = NULL;
    si.hStdOutput = wr;
    si.hStdError = wr;
    /* its own process group and no console window: a console break reaches it alone */
    DWORD flags = CREATE_NO_WINDOW | CREATE_NEW_PROCESS_GROUP;
    if (!CreateProcessA(exe, cmd, NULL, NULL, TRUE, flags, NULL, NULL, &si, &p->pi)) {
        gui_plat_error(err, errcap, "start", exe);
        CloseHandle(rd);
        CloseHandle(wr);
        free(p);
        return NULL;
    }
    CloseHandle(wr);
    p->out = rd;
    return p;
}

int gui_proc_read(gui_proc *p, char *buf, size_t cap)
{
    if (!p->out) return -1;
    DWORD avail = 0;
    if (!PeekNamedPipe(p->out, NULL, 0, NULL, &avail, NULL)) {
        CloseHandle(p->out);
        p->out = NULL;
        return -1;
    }
    if (avail == 0) return 0;
    DWORD got = 0;
    DWORD want = avail < (DWORD)cap ? avail : (DWORD)cap;
    if (!ReadFile(p->out, buf, want, &got, NULL)) {
        CloseHandle(p->out);
        p->out = NULL;
        return -1;
    }
    return (int)got;
}

bool gui_proc_running(gui_proc *p, int *code)
{
    if (!p->done && WaitForSingleObject(p->pi.hProcess, 0) == WAIT_OBJECT_0) {
        DWORD c = 0;
        GetExitCodeProcess(p->pi.hProcess, &c);
        p->done = true;
        p->code = (int)c;
    }
    if (p->done && code) *code = p->code;
    return !p->done;
}

void gui_proc_stop(gui_proc *p, int wait_ms)
{
    if (!p) return;
    if (gui_proc_running(p, NULL)) {
        GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, p->pi.dwProcessId);
        if (WaitForSingleObject(p->pi.hProcess, (DWORD)wait_ms) != WAIT_OBJECT_0)
            TerminateProcess(p->pi.hProcess, 1);
    }
    if (p->out) CloseHandle(p->out);
    CloseHandle(p->pi.hProcess);
    CloseHandle(p->pi.hThread);
    free(p);
}

const char *gui_plat_exe_suffix(void)
{
    return ".exe";
}

int32_t gui_plat_utc_offset(int64_t t)
{
    (void)t;
    TIME_ZONE_INFORMATION tz;
    DWORD r = GetTimeZoneInformation(&tz);
    LONG bias = tz.Bias;
    if (r == TIME_ZONE_ID_DAYLIGHT)
        bias += tz.DaylightBias;
    else if (r == TIME_ZONE_ID_STANDARD)
        bias += tz.StandardBias;
    return (int32_t)(-bias * 60);
}
#endif
