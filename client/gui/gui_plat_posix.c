/* gui_plat_posix.c — gui_plat.h on POSIX (Linux, macOS, the BSDs). */
#ifndef _WIN32
#include "gui_plat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

struct gui_proc {
    pid_t pid;
    int fd; /* the read end of the child's stdout and stderr */
    bool done;
    int code;
};

gui_proc *gui_proc_start(const char *exe, const char *const *argv, char *err, size_t errcap)
{
    if (access(exe, X_OK) != 0) {
        snprintf(err, errcap, "cannot run %s: %s", exe, strerror(errno));
        return NULL;
    }
    gui_proc *p = calloc(1, sizeof *p);
    int fds[2];
    if (!p || pipe(fds) != 0) {
        snprintf(err, errcap, "cannot start %s: %s", exe, strerror(errno));
        free(p);
        return NULL;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errcap, "cannot start %s: %s", exe, strerror(errno));
        close(fds[0]);
        close(fds[1]);
        free(p);
        return NULL;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, 0);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        setpgid(0, 0); /* a terminal's Ctrl-C goes to the GUI, which stops the server itself */
#ifdef __linux__
        /* a window that is killed (or crashes) cannot stop its server: the kernel does */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) _exit(127); /* it died before prctl took effect */
#else
        (void)parent;
#endif
        execv(exe, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    p->pid = pid;
    p->fd = fds[0];
    return p;
}

int gui_proc_read(gui_proc *p, char *buf, size_t cap)
{
    if (p->fd < 0) return -1;
    ssize_t n = read(p->fd, buf, cap);
    if (n > 0) return (int)n;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return 0;
    close(p->fd);
    p->fd = -1;
    return -1;
}

bool gui_proc_running(gui_proc *p, int *code)
{
    if (!p->done) {
        int status;
        pid_t r = waitpid(p->pid, &status, WNOHANG);
        if (r == p->pid) {
            p->done = true;
            p->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
    }
    if (p->done && code) *code = p->code;
    return !p->done;
}

void gui_proc_stop(gui_proc *p, int wait_ms)
{
    if (!p) return;
    if (gui_proc_running(p, NULL)) {
        kill(p->pid, SIGTERM);
        for (int waited = 0; waited < wait_ms && gui_proc_running(p, NULL); waited += 10) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        if (gui_proc_running(p, NULL)) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, NULL, 0);
        }
    }
    if (p->fd >= 0) close(p->fd);
    free(p);
}

const char *gui_plat_exe_suffix(void)
{
    return "";
}

int32_t gui_plat_utc_offset(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm local;
    if (!localtime_r(&tt, &local)) return 0;
    return (int32_t)local.tm_gmtoff; /* glibc, musl, macOS and the BSDs all have it */
}
#endif
