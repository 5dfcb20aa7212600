/* cli_exec.c — turns typed lines into session calls, and keeps the CLI's own state (the
 * current room, quitting) in step with the session's events. */
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *cli_exec_err_code(cl_err e)
{
    switch (e) {
    case CL_OK:
        return "ok";
    case CL_ERR_NOT_CONNECTED:
        return "not_connected";
    case CL_ERR_NOT_LOGGED_IN:
        return "not_logged_in";
    case CL_ERR_LOGGED_IN:
        return "logged_in";
    case CL_ERR_INVALID:
        return "invalid";
    case CL_ERR_BUSY:
        return "busy";
    case CL_ERR_FULL:
        return "outbox_full";
    case CL_ERR_IO:
        return "io";
    case CL_ERR_STOPPED:
        return "stopped";
    }
    return "unknown";
}

static void cli_exec_fail(cli *c, cl_err e, double now)
{
    if (e == CL_ERR_NOT_CONNECTED && cl_session_state(c->s) == CL_STATE_WAITING) {
        double in = cl_session_retry_at(c->s) - now;
        cli_out_error(&c->out, cli_exec_err_code(e),
                      "not connected to the server; reconnecting in %.1f s", in > 0 ? in : 0);
        return;
    }
    cli_out_error(&c->out, cli_exec_err_code(e), "%s", cl_err_str(e));
}

static void cli_exec_set_room(cli *c, uint32_t room_id)
{
    if (c->room == room_id) return;
    c->room = room_id;
    const cl_room *r = room_id ? cl_session_room(c->s, room_id) : NULL;
    char name[MSG_ROOM_NAME_MAX + 16];
    if (r && r->name[0])
        snprintf(name, sizeof name, "%s", r->name);
    else
        snprintf(name, sizeof name, room_id ? "#%u" : "", (unsigned)room_id);
    cli_out_current(&c->out, room_id, name);
}

/* Keeps the current room one the user is in: another joined room, or none. */
static void cli_exec_check_room(cli *c)
{
    if (!cl_session_logged_in(c->s)) return;
    const cl_room *cur = c->room ? cl_session_room(c->s, c->room) : NULL;
    if (cur && cur->joined) return;
    if (c->room_req) return; /* a join is on its way */
    uint32_t next = 0;
    for (size_t i = 0; i < cl_session_room_count(c->s) && !next; i++) {
        const cl_room *r = cl_session_room_at(c->s, i);
        if (r->joined) next = r->id;
    }
    if (next || c->room) cli_exec_set_room(c, next);
}

bool cli_exec_ready(const cli *c)
{
    return cl_session_state(c->s) == CL_STATE_READY;
}

/* The room a command names, or the current one when it names none. */
static bool cli_exec_target(cli *c, const char *name, uint32_t *id)
{
    if (!name[0]) {
        if (!c->room) {
            cli_out_error(&c->out, "no_room", "no current room: /join NAME first");
            return false;
        }
        *id = c->room;
        return true;
    }
    const cl_room *r = cl_session_room_named(c->s, name);
    if (!r) {
        cli_out_error(&c->out, "unknown_room", "unknown room %s: /rooms lists the rooms", name);
        return false;
    }
    *id = r->id;
    return true;
}

static void cli_exec_start_quit(cli *c, double now)
{
    if (c->quitting) return;
    c->quitting = true;
    c->quit_at = now + c->args.linger;
    size_t n = cl_session_outbox_count(c->s);
    if (n && c->interactive)
        cli_out_info(&c->out, "waiting up to %.0f s for %zu message%s to be acknowledged",
                     c->args.linger, n, n == 1 ? "" : "s");
}

static void cli_exec_cmd(cli *c, cl_cmd *cmd, double now)
{
    cl_err e = CL_OK;
    uint32_t room = 0, req = 0;
    switch (cmd->kind) {
    case CL_CMD_NONE:
        return;
    case CL_CMD_HELP:
        cli_out_help(&c->out, cl_cmd_help());
        return;
    case CL_CMD_QUIT:
        cli_exec_start_quit(c, now);
        return;
    case CL_CMD_SAY:
        if (!c->room) {
            cli_out_error(&c->out, "no_room", "no current room: /join NAME first");
            return;
        }
        e = cl_session_say(c->s, c->room, cmd->text, NULL, now);
        break;
    case CL_CMD_DM:
        e = cl_session_dm(c->s, cmd->name, cmd->text, NULL, now);
        break;
    case CL_CMD_REGISTER:
    case CL_CMD_LOGIN:
        if (!cmd->has_secret) {
            if (!c->interactive) {
                cli_out_error(&c->out, "usage", "usage: %s (no terminal to ask for it on)",
                              cmd->kind == CL_CMD_LOGIN ? "/login NAME PASSWORD"
                                                        : "/register NAME PASSWORD [EMAIL]");
                return;
            }
            c->secret_for = *cmd;
            c->wants_secret = true;
            cli_term_echo(false);
            fprintf(stderr, "password for %s: ", cmd->name);
            fflush(stderr);
            return;
        }
        e = cmd->kind == CL_CMD_LOGIN
                ? cl_session_login(c->s, cmd->name, cmd->secret, NULL)
                : cl_session_register(c->s, cmd->name, cmd->email, cmd->secret, NULL);
        break;
    case CL_CMD_LOGOUT:
        e = cl_session_logout(c->s, NULL);
        break;
    case CL_CMD_ROOMS:
        e = cl_session_list_rooms(c->s, NULL);
        break;
    case CL_CMD_CREATE:
        e = cl_session_create_room(c->s, cmd->name, "", cmd->flag ? cmd->secret : NULL, &req);
        if (e == CL_OK) c->room_req = req;
        break;
    case CL_CMD_JOIN:
        /* always asked of the server, even for a room the user is in: the answer carries
         * the members and the recent history (already shown messages are skipped) */
        e = cl_session_join(c->s, 0, cmd->name, cmd->has_secret ? cmd->secret : "", &req);
        if (e == CL_OK) c->room_req = req;
        break;
    case CL_CMD_LEAVE:
        if (!cli_exec_target(c, cmd->name, &room)) return;
        e = cl_session_leave(c->s, room, NULL);
        break;
    case CL_CMD_DELETE:
        if (!cli_exec_target(c, cmd->name, &room)) return;
        e = cl_session_delete_room(c->s, room, NULL);
        break;
    case CL_CMD_WHO:
        if (!cli_exec_target(c, cmd->name, &room)) return;
        e = cl_session_members(c->s, room, NULL);
        break;
    case CL_CMD_SEARCH:
        e = cl_session_search(c->s, cmd->text, NULL);
        break;
    case CL_CMD_STATUS:
        e = cl_session_set_status(c->s, cmd->status, cmd->text, NULL);
        break;
    case CL_CMD_HISTORY: {
        if (!cli_exec_target(c, "", &room)) return;
        const cl_room *r = cl_session_room(c->s, room);
        e = cl_session_history(c->s, room, 0, r ? r->seen_lo : 0, cmd->number, NULL);
        break;
    }
    case CL_CMD_KICK:
        if (!cmd->flag && !c->room) {
            cli_out_error(&c->out, "no_room",
                          "no current room: /join one, or /kick NAME --server for the server");
            return;
        }
        e = cl_session_kick(c->s, cmd->name, cmd->flag ? 0 : c->room, cmd->text, NULL);
        break;
    case CL_CMD_BAN:
        e = cl_session_ban(c->s, cmd->name, 0, cmd->text, NULL);
        break;
    case CL_CMD_MUTE:
        if (!cli_exec_target(c, "", &room)) return;
        e = cl_session_mute(c->s, cmd->name, room, cmd->number, cmd->text, NULL);
        break;
    case CL_CMD_COUNT:
        return;
    }
    if (e != CL_OK) cli_exec_fail(c, e, now);
}

/* Commands that talk to the server now (chat goes through the outbox and may wait). */
static bool cli_exec_needs_server(cl_cmd_kind k)
{
    return k != CL_CMD_NONE && k != CL_CMD_HELP && k != CL_CMD_QUIT && k != CL_CMD_SAY &&
           k != CL_CMD_DM;
}

bool cli_exec_line(cli *c, const char *line, double now)
{
    cl_cmd cmd; /* about 4.5 KB */
    if (c->wants_secret) {
        c->wants_secret = false;
        cli_term_echo(true);
        cmd = c->secret_for;
        sodium_memzero(&c->secret_for, sizeof c->secret_for);
        size_t n = strlen(line);
        if (n == 0 || n > MSG_PASSWORD_MAX) {
            cli_out_error(&c->out, "invalid", "the password must be 1 to %u bytes",
                          (unsigned)MSG_PASSWORD_MAX);
            return true;
        }
        memcpy(cmd.secret, line, n + 1);
        cmd.has_secret = true;
        cli_exec_cmd(c, &cmd, now);
        sodium_memzero(&cmd, sizeof cmd);
        return true;
    }
    if (cli_voice_line(c, line, now)) return true;
    bool wait = false;
    if (cli_call_line(c, line, now, &wait)) return !wait;
    if (cli_note_line(c, line, now, &wait)) return !wait; /* voice notes, /play */
    char err[256];
    if (!cl_cmd_parse(line, &cmd, err, sizeof err)) {
        bool unknown = strncmp(err, "unknown command", 15) == 0;
        cli_out_error(&c->out, unknown ? "unknown_command" : "bad_arguments", "%s", err);
        return true;
    }
    if (!c->interactive && cl_session_state(c->s) != CL_STATE_STOPPED) {
        /* piped input runs in order: a command waits until the session can take it */
        bool ready = cli_exec_ready(c);
        if ((cli_exec_needs_server(cmd.kind) || cmd.kind == CL_CMD_QUIT) && !ready) return false;
        if (cmd.kind == CL_CMD_SAY && !c->room && (!ready || c->room_req)) return false;
        if (cmd.kind == CL_CMD_DM && !ready && !cl_session_outbox_path(c->s)) return false;
    }
    cli_exec_cmd(c, &cmd, now);
    sodium_memzero(&cmd, sizeof cmd);
    return true;
}

void cli_exec_event(cli *c, const cl_event *ev)
{
    cli_call_event(c, ev, cli_term_now());
    cli_note_event(c, ev, cli_term_now());
    switch (ev->type) {
    case CL_EV_MSG: {
        const msg *m = &ev->m;
        if (m->type == MSG_RESULT) {
            bool ok = m->result.err == MSG_OK;
            if (c->room_req && ev->req == c->room_req) {
                c->room_req = 0;
                if (ok && m->result.id) cli_exec_set_room(c, m->result.id);
            }
            if (ok && ev->req_type == MSG_LOGOUT) cli_exec_set_room(c, 0);
        }
        break;
    }
    case CL_EV_REQUEST_LOST:
        if (ev->req == c->room_req) c->room_req = 0; /* that join will not answer */
        break;
    case CL_EV_SESSION:
        c->startup_auth = false;
        break;
    case CL_EV_AUTH_FAILED:
        if (c->startup_auth && !c->interactive) {
            c->exit_code = CLI_EXIT_AUTH;
            c->done = true;
        }
        c->startup_auth = false;
        break;
    case CL_EV_STOPPED:
        switch (ev->stop) {
        case CL_STOP_IDENTITY:
            c->exit_code = CLI_EXIT_IDENTITY;
            break;
        case CL_STOP_KICKED:
        case CL_STOP_BANNED:
            c->exit_code = CLI_EXIT_KICKED;
            break;
        case CL_STOP_CLOSED:
            break;
        default:
            c->exit_code = CLI_EXIT_ERROR;
            break;
        }
        c->done = true;
        break;
    default:
        break;
    }
    cli_exec_check_room(c);
}
