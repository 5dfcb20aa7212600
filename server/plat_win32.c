/* plat_win32.c — plat.h for Windows: a console reader thread hands whole lines to the tick
 * loop through a small locked queue; Ctrl-C and console close request a clean stop. */
#if defined(_WIN32)
#include "plat.h"

#include <stdio.h>
#include <string.h>
#include <windows.h>

static volatile LONG plat_stop;
static CRITICAL_SECTION plat_lock;
static char plat_lines[16][4096];
static int plat_head, plat_count;
static volatile LONG plat_closed;

static BOOL WINAPI plat_on_ctrl(DWORD type)
{
    (void)type;
    InterlockedExchange(&plat_stop, 1);
    return TRUE;
}

void plat_signals_install(void)
{
    SetConsoleCtrlHandler(plat_on_ctrl, TRUE);
}

bool plat_stop_requested(void)
{
    return InterlockedCompareExchange(&plat_stop, 0, 0) != 0;
}

static DWORD WINAPI plat_reader(LPVOID arg)
{
    (void)arg;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        EnterCriticalSection(&plat_lock);
        if (plat_count < 16) {
            strcpy_s(plat_lines[(plat_head + plat_count) % 16], sizeof plat_lines[0], line);
            plat_count++;
        }
        LeaveCriticalSection(&plat_lock);
    }
    InterlockedExchange(&plat_closed, 1);
    return 0;
}

void plat_console_start(void)
{
    InitializeCriticalSection(&plat_lock);
    HANDLE t = CreateThread(NULL, 0, plat_reader, NULL, 0, NULL);
    if (t) CloseHandle(t);
}

bool plat_console_line(char *buf, size_t cap, bool *too_long)
{
    *too_long = false;
    bool got = false;
    EnterCriticalSection(&plat_lock);
    if (plat_count) {
        const char *l = plat_lines[plat_head];
        if (strlen(l) >= cap)
            *too_long = true;
        else {
            strcpy_s(buf, cap, l);
            got = true;
        }
        plat_head = (plat_head + 1) % 16;
        plat_count--;
    }
    LeaveCriticalSection(&plat_lock);
    return got;
}

bool plat_console_closed(void)
{
    return InterlockedCompareExchange(&plat_closed, 0, 0) != 0 && plat_count == 0;
}

long long plat_wall_ms(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    ULARGE_INTEGER u = {.LowPart = ft.dwLowDateTime, .HighPart = ft.dwHighDateTime};
    return (long long)(u.QuadPart / 10000ULL) - 11644473600000LL;
}
#endif
