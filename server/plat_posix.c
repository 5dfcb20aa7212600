/* plat_posix.c — plat.h for Linux, macOS and the BSDs. */
#if !defined(_WIN32)
#include "plat.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t plat_stop;
static char plat_buf[4096];
static size_t plat_len;
static bool plat_closed, plat_overflow;

static void plat_on_signal(int sig)
{
    (void)sig;
    plat_stop = 1;
}

void plat_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = plat_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

bool plat_stop_requested(void)
{
    return plat_stop != 0;
}

void plat_console_start(void)
{
    int flags = fcntl(0, F_GETFL);
    if (flags >= 0) fcntl(0, F_SETFL, flags | O_NONBLOCK);
}

bool plat_console_closed(void)
{
    return plat_closed && plat_len == 0;
}

bool plat_console_line(char *buf, size_t cap, bool *too_long)
{
    *too_long = false;
    for (;;) {
        char *nl = memchr(plat_buf, '\n', plat_len);
        if (nl) {
            size_t n = (size_t)(nl - plat_buf);
            bool over = plat_overflow || n >= cap;
            if (!over) {
                memcpy(buf, plat_buf, n);
                buf[n] = '\0';
                if (n && buf[n - 1] == '\r') buf[n - 1] = '\0';
            }
            memmove(plat_buf, nl + 1, plat_len - n - 1);
            plat_len -= n + 1;
            plat_overflow = false;
            if (over) {
                *too_long = true;
                return false;
            }
            return true;
        }
        if (plat_len == sizeof plat_buf) { /* a line longer than the buffer: drop it whole */
            plat_len = 0;
            plat_overflow = true;
        }
        if (plat_closed) {
            if (plat_len && plat_len < sizeof plat_buf) { /* last line without a newline */
                plat_buf[plat_len++] = '\n';
                continue;
            }
            return false;
        }
        struct pollfd p = {.fd = 0, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0) return false;
        ssize_t r = read(0, plat_buf + plat_len, sizeof plat_buf - plat_len);
        if (r == 0)
            plat_closed = true;
        else if (r < 0) {
            if (errno != EAGAIN && errno != EINTR) plat_closed = true;
            return false;
        } else
            plat_len += (size_t)r;
    }
}

long long plat_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
#endif
