/* cl_cmd.c — the command-line grammar of the chat input (see cl_cmd.h). */
#include "cl_cmd.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct cl_cmd_spec {
    cl_cmd_kind kind;
    const char *name;
    const char *usage;
    const char *summary;
} cl_cmd_spec;

static const cl_cmd_spec cl_cmd_specs[] = {
    {CL_CMD_HELP, "help", "/help", "list the commands"},
    {CL_CMD_REGISTER, "register", "/register NAME [PASSWORD [EMAIL]]",
     "create an account and log in (asks for the password when not given)"},
    {CL_CMD_LOGIN, "login", "/login NAME [PASSWORD]",
     "log in (asks for the password when not given)"},
    {CL_CMD_LOGOUT, "logout", "/logout", "end the session; the connection stays"},
    {CL_CMD_ROOMS, "rooms", "/rooms", "list the rooms with their member counts"},
    {CL_CMD_CREATE, "create", "/create NAME [--private PASSWORD]", "create a room and join it"},
    {CL_CMD_JOIN, "join", "/join NAME [PASSWORD]",
     "join a room (or switch to one you are in); it becomes the current room"},
    {CL_CMD_LEAVE, "leave", "/leave [NAME]", "leave the current room (or the one named)"},
    {CL_CMD_DELETE, "delete", "/delete NAME", "delete a room (its owner and admins)"},
    {CL_CMD_WHO, "who", "/who [NAME]", "list the members of the current room, online and offline"},
    {CL_CMD_SEARCH, "search", "/search TEXT", "find users whose name contains TEXT"},
    {CL_CMD_STATUS, "status", "/status online|away|busy|invisible [TEXT]", "set your status"},
    {CL_CMD_DM, "dm", "/dm NAME TEXT", "send a direct message"},
    {CL_CMD_HISTORY, "history", "/history [N]",
     "show N older messages of the current room (default 20, at most 50)"},
    {CL_CMD_KICK, "kick", "/kick NAME [--server] [REASON]",
     "remove a user from the current room (--server: from the server)"},
    {CL_CMD_BAN, "ban", "/ban NAME [REASON]", "ban an account from the server"},
    {CL_CMD_MUTE, "mute", "/mute NAME SECONDS [REASON]",
     "mute a user in the current room (0 seconds: unmute)"},
    {CL_CMD_QUIT, "quit", "/quit", "send what is waiting, then leave"},
};

#define CL_CMD_SPEC_COUNT (sizeof cl_cmd_specs / sizeof cl_cmd_specs[0])

static const cl_cmd_spec *cl_cmd_spec_of(cl_cmd_kind kind)
{
    for (size_t i = 0; i < CL_CMD_SPEC_COUNT; i++)
        if (cl_cmd_specs[i].kind == kind) return &cl_cmd_specs[i];
    return NULL;
}

const char *cl_cmd_name(cl_cmd_kind kind)
{
    const cl_cmd_spec *s = cl_cmd_spec_of(kind);
    return s ? s->name : "";
}

const char *cl_cmd_usage(cl_cmd_kind kind)
{
    const cl_cmd_spec *s = cl_cmd_spec_of(kind);
    return s ? s->usage : "a message, or /help";
}

const char *cl_cmd_help(void)
{
    static char text[2048];
    if (text[0]) return text;
    size_t o = 0;
    o += (size_t)snprintf(text + o, sizeof text - o,
                          "A line without '/' is a message to the current room "
                          "(start it with // to send a leading /).\n");
    for (size_t i = 0; i < CL_CMD_SPEC_COUNT && o < sizeof text; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "  %-42s %s\n", cl_cmd_specs[i].usage,
                              cl_cmd_specs[i].summary);
    return text;
}

static bool cl_cmd_fail(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
    return false;
}

static bool cl_cmd_usage_fail(cl_cmd_kind kind, char *err, size_t errcap)
{
    return cl_cmd_fail(err, errcap, "usage: %s", cl_cmd_usage(kind));
}

static const char *cl_cmd_skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

/* Checks a value against a limit and UTF-8, and copies it. */
static bool cl_cmd_take(const char *what, const char *s, size_t len, size_t max, char *out,
                        char *err, size_t errcap)
{
    if (len > max)
        return cl_cmd_fail(err, errcap, "%s too long: %zu bytes, at most %zu", what, len, max);
    if (!bits_utf8_valid(s, len)) return cl_cmd_fail(err, errcap, "%s is not valid UTF-8", what);
    memcpy(out, s, len);
    out[len] = '\0';
    return true;
}

/* The next argument: a run of non-spaces, or a "quoted string". 1 when one was read, 0 when
 * the line is used up, -1 on an error (message in err). */
static int cl_cmd_arg(const char **pp, const char *what, size_t max, char *out, char *err,
                      size_t errcap)
{
    const char *p = cl_cmd_skip_space(*pp);
    if (*p == '\0') {
        *pp = p;
        return 0;
    }
    const char *start = p, *end;
    if (*p == '"') {
        start = ++p;
        while (*p && *p != '"') p++;
        if (*p != '"') {
            cl_cmd_fail(err, errcap, "missing closing quote after %s", what);
            return -1;
        }
        end = p++;
        if (*p != '\0' && *p != ' ' && *p != '\t') {
            cl_cmd_fail(err, errcap, "put a space after the quoted %s", what);
            return -1;
        }
        if (end == start) {
            cl_cmd_fail(err, errcap, "%s is empty", what);
            return -1;
        }
    } else {
        while (*p && *p != ' ' && *p != '\t') p++;
        end = p;
    }
    *pp = p;
    if (!cl_cmd_take(what, start, (size_t)(end - start), max, out, err, errcap)) return -1;
    return 1;
}

/* The rest of the line (spaces before it skipped, trailing spaces dropped). */
static bool cl_cmd_rest(const char **pp, const char *what, size_t max, char *out, char *err,
                        size_t errcap)
{
    const char *p = cl_cmd_skip_space(*pp);
    size_t n = strlen(p);
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    *pp = p + strlen(p);
    return cl_cmd_take(what, p, n, max, out, err, errcap);
}

static bool cl_cmd_number(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
    if (!*s || strlen(s) > 10) return false;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (v < min || v > max) return false;
    *out = (uint32_t)v;
    return true;
}

/* No argument may follow. */
static bool cl_cmd_end(const char *p, cl_cmd_kind kind, char *err, size_t errcap)
{
    if (*cl_cmd_skip_space(p) != '\0') return cl_cmd_usage_fail(kind, err, errcap);
    return true;
}

static bool cl_cmd_user(const char **pp, cl_cmd *c, bool required, char *err, size_t errcap)
{
    int r = cl_cmd_arg(pp, "user name", MSG_NAME_MAX, c->name, err, errcap);
    if (r < 0) return false;
    if (r == 0 && required) return cl_cmd_usage_fail(c->kind, err, errcap);
    return true;
}

static bool cl_cmd_room(const char **pp, cl_cmd *c, bool required, char *err, size_t errcap)
{
    int r = cl_cmd_arg(pp, "room name", MSG_ROOM_NAME_MAX, c->name, err, errcap);
    if (r < 0) return false;
    if (r == 0 && required) return cl_cmd_usage_fail(c->kind, err, errcap);
    return true;
}

static bool cl_cmd_password(const char **pp, cl_cmd *c, char *err, size_t errcap)
{
    int r = cl_cmd_arg(pp, "password", MSG_PASSWORD_MAX, c->secret, err, errcap);
    if (r < 0) return false;
    c->has_secret = r == 1;
    return true;
}

static bool cl_cmd_strong(const cl_cmd *c, char *err, size_t errcap)
{
    if (c->has_secret && strlen(c->secret) < MSG_PASSWORD_MIN)
        return cl_cmd_fail(err, errcap, "password too short: at least %u bytes",
                           (unsigned)MSG_PASSWORD_MIN);
    return true;
}

static bool cl_cmd_args(const char *p, cl_cmd *c, char *err, size_t errcap)
{
    char word[32];
    switch (c->kind) {
    case CL_CMD_HELP:
    case CL_CMD_LOGOUT:
    case CL_CMD_ROOMS:
    case CL_CMD_QUIT:
        return cl_cmd_end(p, c->kind, err, errcap);
    case CL_CMD_REGISTER: {
        if (!cl_cmd_user(&p, c, true, err, errcap) || !cl_cmd_password(&p, c, err, errcap))
            return false;
        int r = cl_cmd_arg(&p, "e-mail address", MSG_EMAIL_MAX, c->email, err, errcap);
        if (r < 0 || !cl_cmd_end(p, c->kind, err, errcap)) return false;
        return cl_cmd_strong(c, err, errcap);
    }
    case CL_CMD_LOGIN:
        return cl_cmd_user(&p, c, true, err, errcap) && cl_cmd_password(&p, c, err, errcap) &&
               cl_cmd_end(p, c->kind, err, errcap);
    case CL_CMD_CREATE: {
        if (!cl_cmd_room(&p, c, true, err, errcap)) return false;
        int r = cl_cmd_arg(&p, "option", sizeof word - 1, word, err, errcap);
        if (r < 0) return false;
        if (r == 1) {
            if (strcmp(word, "--private") != 0) return cl_cmd_usage_fail(c->kind, err, errcap);
            c->flag = true;
            if (!cl_cmd_password(&p, c, err, errcap)) return false;
            if (!c->has_secret)
                return cl_cmd_fail(err, errcap, "a private room needs a password: %s",
                                   cl_cmd_usage(c->kind));
        }
        return cl_cmd_end(p, c->kind, err, errcap) && cl_cmd_strong(c, err, errcap);
    }
    case CL_CMD_JOIN:
        return cl_cmd_room(&p, c, true, err, errcap) && cl_cmd_password(&p, c, err, errcap) &&
               cl_cmd_end(p, c->kind, err, errcap);
    case CL_CMD_LEAVE:
    case CL_CMD_WHO:
        return cl_cmd_room(&p, c, false, err, errcap) && cl_cmd_end(p, c->kind, err, errcap);
    case CL_CMD_DELETE:
        return cl_cmd_room(&p, c, true, err, errcap) && cl_cmd_end(p, c->kind, err, errcap);
    case CL_CMD_SEARCH:
        if (!cl_cmd_rest(&p, "search text", MSG_QUERY_MAX, c->text, err, errcap)) return false;
        if (!c->text[0]) return cl_cmd_usage_fail(c->kind, err, errcap);
        return true;
    case CL_CMD_STATUS: {
        int r = cl_cmd_arg(&p, "status", sizeof word - 1, word, err, errcap);
        if (r < 0) return false;
        if (r == 0) return cl_cmd_usage_fail(c->kind, err, errcap);
        if (strcmp(word, "online") == 0)
            c->status = MSG_STATUS_ONLINE;
        else if (strcmp(word, "away") == 0)
            c->status = MSG_STATUS_AWAY;
        else if (strcmp(word, "busy") == 0)
            c->status = MSG_STATUS_BUSY;
        else if (strcmp(word, "invisible") == 0)
            c->status = MSG_STATUS_INVISIBLE;
        else
            return cl_cmd_fail(err, errcap,
                               "unknown status '%s': use online, away, busy or invisible", word);
        return cl_cmd_rest(&p, "status text", MSG_STATUS_TEXT_MAX, c->text, err, errcap);
    }
    case CL_CMD_DM:
        if (!cl_cmd_user(&p, c, true, err, errcap)) return false;
        if (!cl_cmd_rest(&p, "message", MSG_TEXT_MAX, c->text, err, errcap)) return false;
        if (!c->text[0]) return cl_cmd_usage_fail(c->kind, err, errcap);
        return true;
    case CL_CMD_HISTORY: {
        c->number = CL_CMD_HISTORY_DEFAULT;
        int r = cl_cmd_arg(&p, "count", sizeof word - 1, word, err, errcap);
        if (r < 0) return false;
        if (r == 1 && !cl_cmd_number(word, 1, MSG_HISTORY_PAGE, &c->number))
            return cl_cmd_fail(err, errcap, "history count must be a number from 1 to %u",
                               (unsigned)MSG_HISTORY_PAGE);
        return cl_cmd_end(p, c->kind, err, errcap);
    }
    case CL_CMD_KICK: {
        if (!cl_cmd_user(&p, c, true, err, errcap)) return false;
        if (strcmp(c->name, "--server") == 0) { /* the flag before the name */
            c->flag = true;
            if (!cl_cmd_user(&p, c, true, err, errcap)) return false;
        } else {
            const char *q = cl_cmd_skip_space(p);
            if (strncmp(q, "--server", 8) == 0 && (q[8] == '\0' || q[8] == ' ' || q[8] == '\t')) {
                c->flag = true;
                p = q + 8;
            }
        }
        return cl_cmd_rest(&p, "reason", MSG_REASON_MAX, c->text, err, errcap);
    }
    case CL_CMD_BAN:
        return cl_cmd_user(&p, c, true, err, errcap) &&
               cl_cmd_rest(&p, "reason", MSG_REASON_MAX, c->text, err, errcap);
    case CL_CMD_MUTE: {
        if (!cl_cmd_user(&p, c, true, err, errcap)) return false;
        int r = cl_cmd_arg(&p, "seconds", sizeof word - 1, word, err, errcap);
        if (r < 0) return false;
        if (r == 0) return cl_cmd_usage_fail(c->kind, err, errcap);
        if (!cl_cmd_number(word, 0, MSG_SECONDS_MAX, &c->number))
            return cl_cmd_fail(err, errcap, "mute seconds must be a number from 0 to %u",
                               (unsigned)MSG_SECONDS_MAX);
        return cl_cmd_rest(&p, "reason", MSG_REASON_MAX, c->text, err, errcap);
    }
    case CL_CMD_NONE:
    case CL_CMD_SAY:
    case CL_CMD_COUNT:
        break;
    }
    return cl_cmd_usage_fail(c->kind, err, errcap);
}

bool cl_cmd_parse(const char *line, cl_cmd *out, char *err, size_t errcap)
{
    assert(line && out && err && errcap > 0);
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;

    const char *p = line;
    size_t lead = (size_t)(cl_cmd_skip_space(line) - line);
    if (lead >= n) return true; /* empty: CL_CMD_NONE */
    if (line[0] != '/' || (n >= 2 && line[1] == '/')) {
        out->kind = CL_CMD_SAY;
        const char *text = line[0] == '/' ? line + 1 : line;
        size_t len = n - (size_t)(text - line);
        return cl_cmd_take("message", text, len, MSG_TEXT_MAX, out->text, err, errcap);
    }

    char body[MSG_TEXT_MAX + 256];
    if (n >= sizeof body)
        return cl_cmd_fail(err, errcap, "line too long: %zu bytes, at most %zu", n,
                           sizeof body - 1);
    memcpy(body, line, n);
    body[n] = '\0';
    p = body + 1;
    const char *word = p;
    while (*p && *p != ' ' && *p != '\t') p++;
    size_t wlen = (size_t)(p - word);
    for (size_t i = 0; i < CL_CMD_SPEC_COUNT; i++) {
        if (strlen(cl_cmd_specs[i].name) == wlen && memcmp(cl_cmd_specs[i].name, word, wlen) == 0) {
            out->kind = cl_cmd_specs[i].kind;
            return cl_cmd_args(p, out, err, errcap);
        }
    }
    if (wlen == 0) return cl_cmd_fail(err, errcap, "empty command: type /help for the list");
    return cl_cmd_fail(err, errcap, "unknown command /%.*s: type /help for the list",
                       (int)(wlen > 40 ? 40 : wlen), word);
}
