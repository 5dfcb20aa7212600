/* cli_term_posix.c — cli_term.h on POSIX: poll(2) on stdin, termios for echo. */
#ifndef _WIN32
#include "cli_term.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static struct {
    char buf[CLI_LINE_MAX * 2]; /* bytes read but not yet returned as lines */
    size_t len;
    bool eof;
    bool skipping; /* inside an over-long line: drop until its newline */
    bool echo_off;
    struct termios saved;
} cli_term_in;

static volatile sig_atomic_t cli_term_signalled;

static void cli_term_on_signal(int sig)
{
    (void)sig;
    cli_term_signalled = 1;
}

bool cli_term_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cli_term_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed stdout is an error return, not a death */
    return true;
}

void cli_term_restore(void)
{
    cli_term_echo(true);
}

bool cli_term_is_tty(void)
{
    return isatty(STDIN_FILENO) == 1;
}

bool cli_term_interrupted(void)
{
    return cli_term_signalled != 0;
}

double cli_term_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* TCSANOW, not TCSAFLUSH: what was typed ahead stays (a flush would eat a password typed
 * right after the prompt). */
void cli_term_echo(bool on)
{
    if (!isatty(STDIN_FILENO)) return;
    if (!on && !cli_term_in.echo_off) {
        struct termios t;
        if (tcgetattr(STDIN_FILENO, &cli_term_in.saved) != 0) return;
        t = cli_term_in.saved;
        t.c_lflag &= ~(tcflag_t)ECHO;
        t.c_lflag |= ECHONL;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) cli_term_in.echo_off = true;
    } else if (on && cli_term_in.echo_off) {
        tcsetattr(STDIN_FILENO, TCSANOW, &cli_term_in.saved);
        cli_term_in.echo_off = false;
    }
}

/* Takes one line out of the buffer if a whole one is there. */
static int cli_term_take(char *out, size_t cap, bool *too_long)
{
    char *nl = memchr(cli_term_in.buf, '\n', cli_term_in.len);
    if (!nl) {
        if (cli_term_in.len == sizeof cli_term_in.buf) { /* no newline in sight: skip it */
            cli_term_in.len = 0;
            cli_term_in.skipping = true;
            *too_long = true;
        }
        if (cli_term_in.eof && cli_term_in.len > 0 && !cli_term_in.skipping) {
            nl = cli_term_in.buf + cli_term_in.len; /* a last line without newline */
        } else {
            return cli_term_in.eof ? -1 : 0;
        }
    }
    size_t n = (size_t)(nl - cli_term_in.buf);
    size_t used = n < cli_term_in.len ? n + 1 : n;
    bool skip = cli_term_in.skipping;
    cli_term_in.skipping = false;
    if (skip || n >= cap) {
        *too_long = true;
    } else {
        memcpy(out, cli_term_in.buf, n);
        out[n] = '\0';
    }
    memmove(cli_term_in.buf, cli_term_in.buf + used, cli_term_in.len - used);
    cli_term_in.len -= used;
    return (skip || n >= cap) ? 0 : 1;
}

int cli_term_read_line(char *out, size_t cap, bool *too_long)
{
    *too_long = false;
    int r = cli_term_take(out, cap, too_long);
    if (r != 0 || *too_long) return r;
    while (!cli_term_in.eof && cli_term_in.len < sizeof cli_term_in.buf) {
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        int ready = poll(&p, 1, 0);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        ssize_t got = read(STDIN_FILENO, cli_term_in.buf + cli_term_in.len,
                           sizeof cli_term_in.buf - cli_term_in.len);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            cli_term_in.eof = true;
            break;
        }
        cli_term_in.len += (size_t)got;
        if (memchr(cli_term_in.buf + cli_term_in.len - (size_t)got, '\n', (size_t)got)) break;
    }
    return cli_term_take(out, cap, too_long);
}

bool cli_term_prompt_secret(const char *prompt, char *out, size_t cap)
{
    cli_term_echo(false); /* before the prompt: a password typed at once is not echoed */
    fputs(prompt, stderr);
    fflush(stderr);
    bool ok = false, too_long = false;
    for (;;) {
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        if (poll(&p, 1, 100) < 0 && errno != EINTR) break;
        if (cli_term_signalled) break;
        int r = cli_term_read_line(out, cap, &too_long);
        if (r != 0 || too_long) {
            ok = r == 1;
            break;
        }
    }
    cli_term_echo(true);
    return ok;
}
#endif
