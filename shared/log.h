/* log.h — leveled log lines for the programs (server, clients, tools).
 *
 * One process-wide sink (STYLE: process-wide state only for log hooks): lines go to stderr
 * and, when set, to a file; a hook lets a UI keep the lines it shows (server dashboard,
 * client event log). Libraries report through callbacks and let the program log. */
#ifndef PARLEY_LOG_H
#define PARLEY_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* printf-style checking of a function's format string (MinGW needs the gnu_printf form,
 * since its default printf archetype is Microsoft's). */
#if defined(__MINGW32__)
#define PARLEY_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__)
#define PARLEY_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PARLEY_PRINTF(fmt, args)
#endif

typedef enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 } log_level;

typedef void (*log_hook_fn)(void *user, log_level level, const char *line);

void log_set_level(log_level min);
/* Parses "debug", "info", "warn" or "error". */
bool log_parse_level(const char *s, log_level *out);
/* Also append lines to this file (NULL closes it). False if it cannot be opened. */
bool log_set_file(const char *path);
void log_set_hook(log_hook_fn hook, void *user);
void log_set_stderr(bool on);
PARLEY_PRINTF(2, 3)
void log_write(log_level level, const char *fmt, ...);
const char *log_level_name(log_level level);

#define log_debug(...) log_write(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_write(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_write(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_write(LOG_ERROR, __VA_ARGS__)

#endif
