/* log.c — see log.h. */
#include "log.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

static log_level log_min = LOG_INFO;
static FILE *log_file;
static log_hook_fn log_hook;
static void *log_hook_user;
static bool log_to_stderr = true;

void log_set_level(log_level min)
{
    log_min = min;
}

bool log_parse_level(const char *s, log_level *out)
{
    static const char *names[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (log_level)i;
            return true;
        }
    return false;
}

bool log_set_file(const char *path)
{
    if (log_file) fclose(log_file);
    log_file = NULL;
    if (!path) return true;
    log_file = fopen(path, "a");
    return log_file != NULL;
}

void log_set_hook(log_hook_fn hook, void *user)
{
    log_hook = hook;
    log_hook_user = user;
}

void log_set_stderr(bool on)
{
    log_to_stderr = on;
}

const char *log_level_name(log_level level)
{
    switch (level) {
    case LOG_DEBUG:
        return "debug";
    case LOG_INFO:
        return "info";
    case LOG_WARN:
        return "warn";
    case LOG_ERROR:
        return "error";
    }
    return "?";
}

void log_write(log_level level, const char *fmt, ...)
{
    if (level < log_min) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    time_t t = time(NULL);
    struct tm tm;
#if defined(_WIN32)
    localtime_s(&tm, &t);
#else
    localtime_r(&t, &tm);
#endif
    char line[1100];
    snprintf(line, sizeof line, "%04d-%02d-%02d %02d:%02d:%02d %-5s %s", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, log_level_name(level),
             msg);
    if (log_to_stderr) fprintf(stderr, "%s\n", line);
    if (log_file) {
        fprintf(log_file, "%s\n", line);
        fflush(log_file);
    }
    if (log_hook) log_hook(log_hook_user, level, line);
}
