/* cli.h — parley-cli's state, shared by the main loop (main.c), command execution
 * (cli_exec.c) and discovery (cli_discover.c). */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include "cl_call.h"
#include "cl_cmd.h"
#include "cl_session.h"
#include "cli_args.h"
#include "cli_out.h"
#include "cli_term.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cli_voice cli_voice;
typedef struct cli_note cli_note;

typedef struct cli {
    cli_args args;
    cli_voice *voice; /* NULL until voice is first used (cli_voice.c) */
    cli_note *note;   /* NULL until a voice note is first used (cli_note.c) */
    cl_call call;     /* the 1:1 call (cli_call.c) */
    cli_out out;
    cl_session *s;
    bool interactive;  /* stdin is a terminal: commands never wait, passwords are asked for */
    uint32_t room;     /* the current room: plain lines go there; 0 none */
    uint32_t room_req; /* a /join or /create whose room becomes current when it succeeds */
    /* piped input: one line waits until the session can take it */
    char held[CLI_LINE_MAX];
    bool has_held;
    char line[CLI_LINE_MAX]; /* the line being read */
    /* a /login or /register waiting for its password on the next line (echo off) */
    cl_cmd secret_for;
    bool wants_secret;
    bool quitting; /* /quit or end of input: leave once the outbox is empty */
    double quit_at;
    bool eof;
    bool was_ready;    /* the session has been ready at least once */
    bool startup_auth; /* the log-in from the command line has not been answered yet */
    int exit_code;     /* set when the program should end */
    bool done;
} cli;

/* Runs one input line (a command or a message). False when it has to wait (piped mode: the
 * session is not ready yet); the caller keeps the line and tries again later. */
bool cli_exec_line(cli *c, const char *line, double now);
/* Updates the CLI's own state from an event (current room, exit conditions). */
void cli_exec_event(cli *c, const cl_event *ev);
/* True when the session can take commands now. */
bool cli_exec_ready(const cli *c);

/* Voice (cli_voice.c). */
void cli_voice_start(cli *c, double now); /* --voice: join the current room's voice */
/* /voice /talk /mute /deafen without arguments; false for any other line. */
bool cli_voice_line(cli *c, const char *line, double now);
void cli_voice_pump(cli *c, double now); /* once per loop iteration */
void cli_voice_free(cli *c);             /* prints the voice_stats event */

/* 1:1 calls (cli_call.c): /call NAME, /accept, /decline, /hangup. False for any other line;
 * *wait (piped input) when the session cannot take the command yet. */
bool cli_call_line(cli *c, const char *line, double now, bool *wait);
void cli_call_event(cli *c, const cl_event *ev, double now); /* prints call_state changes */

/* The voice object, made on first use (NULL when it cannot start); join: also be in the
 * current room's voice, as /voice does. */
struct cl_voice *cli_voice_get(cli *c, bool join, double now);

/* Voice notes and file streaming (cli_note.c): /note /send /cancel /playnote /savenote /play
 * /stop. False for any other line; *wait (piped input) when the session cannot take it yet. */
bool cli_note_line(cli *c, const char *line, double now, bool *wait);
void cli_note_event(cli *c, const cl_event *ev, double now); /* NOTE_DATA of a fetch */
void cli_note_pump(cli *c, double now);                      /* once per loop iteration */
void cli_note_free(cli *c);

/* --discover: probes, prints what answers, returns the exit code. */
int cli_discover_run(cli *c);

#endif
