/* cli_term_win32.c — cli_term.h on Windows: a console input thread reads whole lines (the
 * console has no poll for line input) into a small locked queue the main loop drains
 * without blocking. Built only on Windows; reviewed, not run in Linux CI. */
#ifdef _WIN32
#include "cli_term.h"

#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define CLI_TERM_QUEUE 64

static struct {
    CRITICAL_SECTION lock;
    HANDLE thread;
    char *lines[CLI_TERM_QUEUE];
    bool too_long[CLI_TERM_QUEUE];
    size_t head, count;
    bool eof;
    DWORD saved_mode;
    bool echo_off;
} cli_term_in;

static volatile LONG cli_term_signalled;

static BOOL WINAPI cli_term_on_ctrl(DWORD type)
{
    (void)type;
    InterlockedExchange(&cli_term_signalled, 1);
    return TRUE; /* handled: the main loop quits cleanly */
}

static DWORD WINAPI cli_term_reader(LPVOID arg)
{
    (void)arg;
    static char line[CLI_LINE_MAX + 2];
    for (;;) {
        bool too_long = false;
        if (!fgets(line, sizeof line, stdin)) break;
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] != '\n' && !feof(stdin)) { /* over-long: drop the rest */
            too_long = true;
            int c;
            while ((c = fgetc(stdin)) != EOF && c != '\n') {
            }
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        char *copy = _strdup(too_long ? "" : line);
        for (;;) { /* wait for room rather than drop input */
            EnterCriticalSection(&cli_term_in.lock);
            if (cli_term_in.count < CLI_TERM_QUEUE) {
                size_t at = (cli_term_in.head + cli_term_in.count) % CLI_TERM_QUEUE;
                cli_term_in.lines[at] = copy;
                cli_term_in.too_long[at] = too_long;
                cli_term_in.count++;
                LeaveCriticalSection(&cli_term_in.lock);
                break;
            }
            LeaveCriticalSection(&cli_term_in.lock);
            Sleep(10);
        }
    }
    EnterCriticalSection(&cli_term_in.lock);
    cli_term_in.eof = true;
    LeaveCriticalSection(&cli_term_in.lock);
    return 0;
}

bool cli_term_init(void)
{
    InitializeCriticalSection(&cli_term_in.lock);
    SetConsoleCtrlHandler(cli_term_on_ctrl, TRUE);
    cli_term_in.thread = CreateThread(NULL, 0, cli_term_reader, NULL, 0, NULL);
    return cli_term_in.thread != NULL;
}

void cli_term_restore(void)
{
    cli_term_echo(true);
    /* the reader thread may sit in fgets; the process exit ends it */
}

bool cli_term_is_tty(void)
{
    return _isatty(_fileno(stdin)) != 0;
}

bool cli_term_interrupted(void)
{
    return InterlockedCompareExchange(&cli_term_signalled, 0, 0) != 0;
}

double cli_term_now(void)
{
    static LARGE_INTEGER freq;
    LARGE_INTEGER t;
    if (!freq.QuadPart) QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart / (double)freq.QuadPart;
}

void cli_term_echo(bool on)
{
    HANDLE h = GetStdHandle(STD_INPUT_HANDLE);
    if (!cli_term_is_tty()) return;
    if (!on && !cli_term_in.echo_off && GetConsoleMode(h, &cli_term_in.saved_mode)) {
        SetConsoleMode(h, cli_term_in.saved_mode & ~(DWORD)ENABLE_ECHO_INPUT);
        cli_term_in.echo_off = true;
    } else if (on && cli_term_in.echo_off) {
        SetConsoleMode(h, cli_term_in.saved_mode);
        cli_term_in.echo_off = false;
    }
}

int cli_term_read_line(char *out, size_t cap, bool *too_long)
{
    *too_long = false;
    int r = 0;
    EnterCriticalSection(&cli_term_in.lock);
    if (cli_term_in.count) {
        char *line = cli_term_in.lines[cli_term_in.head];
        bool over = cli_term_in.too_long[cli_term_in.head];
        cli_term_in.head = (cli_term_in.head + 1) % CLI_TERM_QUEUE;
        cli_term_in.count--;
        if (over || !line || strlen(line) >= cap) {
            *too_long = true;
        } else {
            strcpy(out, line);
            r = 1;
        }
        free(line);
    } else if (cli_term_in.eof) {
        r = -1;
    }
    LeaveCriticalSection(&cli_term_in.lock);
    return r;
}

bool cli_term_prompt_secret(const char *prompt, char *out, size_t cap)
{
    cli_term_echo(false);
    fputs(prompt, stderr);
    fflush(stderr);
    bool too_long = false;
    int r = 0;
    while ((r = cli_term_read_line(out, cap, &too_long)) == 0 && !too_long &&
           !cli_term_interrupted())
        Sleep(20);
    cli_term_echo(true);
    fputs("\n", stderr);
    return r == 1;
}
#endif
