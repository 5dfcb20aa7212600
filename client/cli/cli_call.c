/* cli_call.c — parley-cli's 1:1 calls: /call NAME, /accept, /decline, /hangup, and the call's
 * state printed as it changes (docs/CLI.md). The call itself is the client core's (cl_call.h);
 * its voice runs through cli_voice.c, which makes the audio on the call's first use. */
#include "cli.h"

#include <string.h>

typedef enum cli_call_cmd {
    CLI_CALL_DIAL,
    CLI_CALL_ACCEPT,
    CLI_CALL_DECLINE,
    CLI_CALL_HANGUP
} cli_call_cmd;

/* Which command the line is, with its argument in arg; false for other lines. */
static bool cli_call_parse(const char *line, cli_call_cmd *cmd, char *arg, size_t cap)
{
    static const struct {
        const char *word;
        cli_call_cmd cmd;
    } words[] = {{"/call", CLI_CALL_DIAL},
                 {"/accept", CLI_CALL_ACCEPT},
                 {"/decline", CLI_CALL_DECLINE},
                 {"/hangup", CLI_CALL_HANGUP}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].word);
        if (strncmp(line, words[i].word, n) != 0) continue;
        if (line[n] != '\0' && line[n] != ' ' && line[n] != '\t') continue;
        const char *p = line + n;
        while (*p == ' ' || *p == '\t') p++;
        size_t len = strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
        if (len >= cap) len = cap - 1; /* too long for any name: refused below */
        memcpy(arg, p, len);
        arg[len] = '\0';
        *cmd = words[i].cmd;
        return true;
    }
    return false;
}

bool cli_call_line(cli *c, const char *line, double now, bool *wait)
{
    (void)now;
    cli_call_cmd cmd;
    char arg[256];
    *wait = false;
    if (!cli_call_parse(line, &cmd, arg, sizeof arg)) return false;
    if (cmd == CLI_CALL_DIAL && (!arg[0] || strchr(arg, ' ') || strlen(arg) > MSG_NAME_MAX)) {
        cli_out_error(&c->out, "usage", "usage: /call NAME (a user name, up to %u bytes)",
                      (unsigned)MSG_NAME_MAX);
        return true;
    }
    if (cmd != CLI_CALL_DIAL && arg[0]) {
        cli_out_error(&c->out, "usage", "usage: %s (no arguments)", line);
        return true;
    }
    if (!c->interactive && cl_session_state(c->s) != CL_STATE_STOPPED && !cli_exec_ready(c)) {
        *wait = true; /* piped input runs in order, once the session can take it */
        return true;
    }
    const cl_call *call = &c->call;
    uint32_t id = cl_call_live(call) ? call->call_id : 0;
    cl_err e = CL_OK;
    switch (cmd) {
    case CLI_CALL_DIAL:
        e = cl_call_dial(c->s, arg, NULL);
        break;
    case CLI_CALL_ACCEPT:
        e = cl_call_accept(c->s, cl_call_incoming(call) ? id : 0, NULL);
        break;
    case CLI_CALL_DECLINE:
        e = cl_call_decline(c->s, cl_call_incoming(call) ? id : 0, NULL);
        break;
    case CLI_CALL_HANGUP:
        e = cl_call_hangup(c->s, id, NULL);
        break;
    }
    if (e != CL_OK) cli_out_error(&c->out, "call", "%s", cl_err_str(e));
    return true;
}

void cli_call_event(cli *c, const cl_event *ev, double now)
{
    if (cl_call_on_event(&c->call, ev, now)) cli_out_call(&c->out, &c->call);
}
