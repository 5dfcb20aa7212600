/* cli_out.h — what parley-cli prints: every session event as a readable line, or with
 * --json as one JSON object per line with a "type" field (docs/CLI.md lists them all).
 * Text from the network is cleaned of control characters before it reaches a terminal. */
#ifndef PARLEY_CLI_OUT_H
#define PARLEY_CLI_OUT_H

#include "cl_call.h"
#include "cl_discover.h"
#include "cl_session.h"

#include <stdbool.h>
#include <stdio.h>

#define CLI_OUT_BYTES (512 * 1024) /* one JSON line at most */

typedef struct cli_out {
    bool json;
    FILE *f;
    char *buf; /* CLI_OUT_BYTES */
} cli_out;

bool cli_out_init(cli_out *o, bool json, FILE *f);
void cli_out_free(cli_out *o);

/* A session event; s gives room names and who "me" is. */
void cli_out_event(cli_out *o, const cl_session *s, const cl_event *ev);
/* A local problem: code is a stable id ("unknown_command", "not_connected" ...). */
void cli_out_error(cli_out *o, const char *code, const char *fmt, ...);
void cli_out_info(cli_out *o, const char *fmt, ...);
void cli_out_help(cli_out *o, const char *text);
void cli_out_current(cli_out *o, uint32_t room_id, const char *room);
void cli_out_found(cli_out *o, const cl_found *f);
void cli_out_discover_done(cli_out *o, size_t count);
void cli_out_exit(cli_out *o, int code, size_t pending);
/* Voice: a sender (user id; 0 is this client) started or stopped talking; own input level;
 * the local voice state after a command; counters when leaving. */
void cli_out_voice_talk(cli_out *o, uint32_t user, bool start);
void cli_out_voice_joined(cli_out *o, uint32_t room_id); /* 0: out of room voice */
void cli_out_voice_level(cli_out *o, float dbfs, float meter, bool talking);
void cli_out_voice_state(cli_out *o, bool on, uint32_t room_id, bool muted, bool deafened, bool ptt,
                         const char *mode);
/* Voice notes and /play (cli_note.c): what = "recording", "sent", "saved", "playing",
 * "streaming", "stopped"; text says it for people. */
void cli_out_note(cli_out *o, const char *what, uint64_t server_id, uint32_t ms, const char *path,
                  const char *text);
void cli_out_voice_stats(cli_out *o, uint64_t frames, uint64_t sent, uint64_t received,
                         uint64_t rejected, uint64_t send_failed);
/* A 1:1 call changed (the call_state event). */
void cli_out_call(cli_out *o, const cl_call *c);

#endif
