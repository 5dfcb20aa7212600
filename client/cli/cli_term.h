/* cli_term.h — what parley-cli needs from the platform: lines from stdin without blocking,
 * whether stdin is a terminal, echo off for passwords, a monotonic clock and Ctrl-C.
 *
 * cli_term_posix.c implements it with poll(2) on fd 0 and termios; cli_term_win32.c with a
 * console input thread feeding a locked line queue. Each compiles to nothing elsewhere. */
#ifndef PARLEY_CLI_TERM_H
#define PARLEY_CLI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_LINE_MAX 8192 /* longest input line; longer ones are reported and skipped */

/* Sets up stdin reading and the interrupt handler. */
bool cli_term_init(void);
void cli_term_restore(void); /* echo back on, thread stopped */
bool cli_term_is_tty(void);  /* stdin is an interactive terminal */

/* One complete line from stdin without its newline: 1 when out holds one, 0 when none is
 * complete yet, -1 at end of input. A line longer than cap sets *too_long (and is dropped). */
int cli_term_read_line(char *out, size_t cap, bool *too_long);

/* Terminal echo on or off (no-op when stdin is not a terminal). */
void cli_term_echo(bool on);
/* Blocking: shows prompt on stderr and reads a line with echo off. False at end of input. */
bool cli_term_prompt_secret(const char *prompt, char *out, size_t cap);

double cli_term_now(void);       /* monotonic seconds */
bool cli_term_interrupted(void); /* Ctrl-C / SIGTERM / console close seen */

#endif
