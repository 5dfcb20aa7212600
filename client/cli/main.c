/* main.c — parley-cli: a terminal client for Parley, for people and for scripts.
 *
 * One loop: wait up to 10 ms for a datagram, run the session, print its events, read what
 * stdin has (without blocking), and run it. Piped input runs in order: a command waits
 * until the session is ready and the previous request is answered, so scripts behave the
 * same however fast the server is. docs/CLI.md describes the flags, commands and events. */
#include "cl_fs.h"
#include "cl_home.h"
#include "cli.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_WAIT_MS 10

static void cli_log(void *user, int level, const char *text)
{
    (void)user;
    static const char *names[] = {"debug", "info", "warn", "error"};
    fprintf(stderr, "parley-cli: %s: %s\n", names[level < 0 ? 0 : level > 3 ? 3 : level], text);
}

/* Builds the session's log-in from the flags; asks for the password on a terminal. */
static int cli_auth(cli *c, cl_auth *auth)
{
    memset(auth, 0, sizeof *auth);
    const cl_opts *a = &c->args.o;
    if (a->guest) {
        auth->mode = CL_AUTH_GUEST;
        snprintf(auth->name, sizeof auth->name, "%s", a->guest);
        return CLI_EXIT_OK;
    }
    if (!a->user) return CLI_EXIT_OK;
    auth->mode = a->do_register ? CL_AUTH_REGISTER : CL_AUTH_LOGIN;
    snprintf(auth->name, sizeof auth->name, "%s", a->user);
    if (a->email) snprintf(auth->email, sizeof auth->email, "%s", a->email);
    char err[512];
    if (a->password_file) {
        if (!cl_opts_read_password(a->password_file, auth->password, sizeof auth->password, err,
                                   sizeof err)) {
            fprintf(stderr, "parley-cli: %s\n", err);
            return CLI_EXIT_USAGE;
        }
        return CLI_EXIT_OK;
    }
    if (!c->interactive) {
        fprintf(stderr, "parley-cli: --user needs --password-file when stdin is not a "
                        "terminal\n");
        return CLI_EXIT_USAGE;
    }
    char prompt[128];
    snprintf(prompt, sizeof prompt, "password for %s: ", a->user);
    if (!cli_term_prompt_secret(prompt, auth->password, sizeof auth->password) ||
        !auth->password[0]) {
        fprintf(stderr, "parley-cli: no password given\n");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* Piped input waits for each request's answer before the next line. */
static bool cli_can_read(const cli *c)
{
    if (c->has_held || c->eof || c->done) return false;
    if (c->interactive) return true;
    return cl_session_pending(c->s) == 0;
}

static void cli_drain_events(cli *c, cl_event *ev)
{
    while (cl_session_poll(c->s, ev)) {
        cli_out_event(&c->out, c->s, ev);
        cli_exec_event(c, ev);
    }
}

static void cli_read_input(cli *c, double now)
{
    char *line = c->line;
    if (c->has_held && cli_exec_line(c, c->held, now)) c->has_held = false;
    while (cli_can_read(c)) {
        bool too_long;
        int r = cli_term_read_line(line, CLI_LINE_MAX, &too_long);
        if (too_long) {
            cli_out_error(&c->out, "line_too_long", "input line longer than %d bytes ignored",
                          CLI_LINE_MAX - 1);
            continue;
        }
        if (r < 0) {
            c->eof = true;
            if (!c->quitting) {
                c->quitting = true;
                c->quit_at = now + c->args.linger;
            }
            break;
        }
        if (r == 0) break;
        if (!cli_exec_line(c, line, now)) {
            memcpy(c->held, line, sizeof c->held);
            c->has_held = true;
        }
    }
}

/* Quitting: leave once nothing waits, or when the linger time is up. */
static void cli_check_quit(cli *c, double now)
{
    if (!c->quitting || c->done) return;
    /* piped input: a script that only connects still waits for the connection */
    bool drained = cl_session_outbox_count(c->s) == 0 && cl_session_pending(c->s) == 0 &&
                   !c->has_held && (c->interactive || c->was_ready);
    if (drained || now >= c->quit_at || cl_session_state(c->s) == CL_STATE_STOPPED) {
        if (c->has_held) {
            cli_out_error(&c->out, "not_run", "not run (no connection before quitting): %s",
                          c->held);
            if (c->exit_code == CLI_EXIT_OK) c->exit_code = CLI_EXIT_ERROR;
        }
        c->done = true;
        if (c->exit_code == CLI_EXIT_OK && cl_session_outbox_count(c->s) > 0)
            c->exit_code = CLI_EXIT_UNSENT;
    }
}

static int cli_run(cli *c)
{
    char err[512], home[CL_PATH_MAX];
    if (!cl_home_resolve(c->args.o.home, home, sizeof home, err, sizeof err)) {
        cli_out_error(&c->out, "home", "%s", err);
        return CLI_EXIT_ERROR;
    }
    cl_session_config cfg = {0};
    int rc = cli_auth(c, &cfg.auth);
    if (rc != CLI_EXIT_OK) return rc;
    cfg.server = c->args.o.server;
    cfg.home = home;
    cfg.client_name = "parley-cli " CL_VERSION;
    cfg.trust_new_key = c->args.o.trust_new_key;
    cfg.trust_hint = "run parley-cli again with --trust-new-key";
    if (c->args.o.verbose) cfg.log = cli_log;
    double now = cli_term_now();
    c->s = cl_session_create(&cfg, now, err, sizeof err);
    sodium_memzero(&cfg.auth, sizeof cfg.auth);
    if (!c->s) {
        cli_out_error(&c->out, "start", "%s", err);
        return CLI_EXIT_ERROR;
    }
    c->startup_auth = c->args.o.guest || c->args.o.user;
    if (c->args.voice) cli_voice_start(c, now);
    cl_event *ev = malloc(sizeof *ev);
    if (!ev) {
        cl_session_destroy(c->s);
        return CLI_EXIT_ERROR;
    }
    while (!c->done) {
        cl_session_wait(c->s, CLI_WAIT_MS);
        now = cli_term_now();
        cl_session_update(c->s, now);
        cli_drain_events(c, ev);
        if (cli_exec_ready(c)) c->was_ready = true;
        if (cli_term_interrupted() && !c->done) {
            c->done = true;
            if (cl_session_outbox_count(c->s) > 0) c->exit_code = CLI_EXIT_UNSENT;
            break;
        }
        cli_read_input(c, now);
        cli_drain_events(c, ev);
        cli_voice_pump(c, cli_term_now());
        cli_note_pump(c, cli_term_now());
        cli_check_quit(c, now);
    }
    cli_note_free(c);
    cli_voice_free(c);
    size_t pending = cl_session_outbox_count(c->s);
    cl_session_close(c->s, cli_term_now());
    cli_drain_events(c, ev);
    cli_out_exit(&c->out, c->exit_code, pending);
    cl_session_destroy(c->s);
    free(ev);
    return c->exit_code;
}

int main(int argc, char **argv)
{
    static cli c; /* large: the held line and a pending command */
    char err[512];
    if (!cli_args_parse(argc, argv, &c.args, err, sizeof err)) {
        fprintf(stderr, "parley-cli: %s\n", err);
        return CLI_EXIT_USAGE;
    }
    if (c.args.o.help) {
        fputs(cli_args_help(), stdout);
        return CLI_EXIT_OK;
    }
    if (c.args.o.version) {
        printf("parley-cli %s (protocol %u)\n", CL_VERSION, (unsigned)MSG_PROTOCOL_VERSION);
        return CLI_EXIT_OK;
    }
    if (!cli_out_init(&c.out, c.args.json, stdout) || !cli_term_init()) {
        fprintf(stderr, "parley-cli: cannot start (out of memory?)\n");
        return CLI_EXIT_ERROR;
    }
    c.interactive = cli_term_is_tty();
    int rc = c.args.discover ? cli_discover_run(&c) : cli_run(&c);
    cli_term_restore();
    cli_out_free(&c.out);
    return rc;
}
