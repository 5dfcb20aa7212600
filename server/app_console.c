/* app_console.c — the operator's console: one command line in, human text out. Kick, ban,
 * unban and role act as the moderation messages do, with the console above every role. */
#include "app_internal.h"
#include "log.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define APP_CONSOLE_ARGS 3

/* Output into a fixed buffer; what does not fit is cut with a note, never overrun. */
typedef struct app_out {
    char *buf;
    size_t cap, len;
    bool cut;
} app_out;

PARLEY_PRINTF(2, 3)
static void app_outf(app_out *o, const char *fmt, ...);
static void app_outf(app_out *o, const char *fmt, ...)
{
    if (o->cut) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len) {
        o->cut = true;
        const char *note = "\n(more not shown)";
        size_t keep = o->cap > strlen(note) + 1 ? o->cap - strlen(note) - 1 : 0;
        if (o->len > keep) o->len = keep;
        snprintf(o->buf + o->len, o->cap - o->len, "%s", keep ? note : "");
        o->len = strlen(o->buf);
        return;
    }
    o->len += (size_t)n;
}

/* Splits "cmd a b rest of line": up to max words, the last one keeping the rest. */
static int app_split(char *line, char **words, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        words[n++] = p;
        if (n == max) break;
        while (*p && *p != ' ' && *p != '\t') p++;
        if (*p) *p++ = '\0';
    }
    /* The last word keeps its inner spaces but not trailing ones or a newline. */
    if (n) {
        char *end = words[n - 1] + strlen(words[n - 1]);
        while (end > words[n - 1] &&
               (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
            *--end = '\0';
    }
    return n;
}

static const char app_console_help[] =
    "commands:\n"
    "  help                 this list\n"
    "  users                who is logged in (and who may still resume)\n"
    "  rooms                every room with its live counts\n"
    "  kick NAME [REASON]   disconnect a user\n"
    "  ban NAME [REASON]    ban an account for ever and disconnect it\n"
    "  unban NAME           lift a ban\n"
    "  role NAME ROLE       set an account's role: user, moderator, admin, owner\n"
    "  broadcast TEXT       a notice to everyone logged in\n"
    "  stats                counters\n"
    "  quit                 shut the server down";

static void app_console_users(app *a, app_out *o)
{
    uint32_t n = 0;
    for (uint32_t u = 0; u < a->user_hi; u++) {
        const app_user *uu = &a->users[u];
        if (!uu->used) continue;
        n++;
        app_outf(o, "%s%-32s %-9s %-9s %u session%s, %u room%s%s", n > 1 ? "\n" : "", uu->name,
                 store_role_name((store_role)uu->role), msg_status_name(uu->status), uu->nsessions,
                 uu->nsessions == 1 ? "" : "s", uu->nrooms, uu->nrooms == 1 ? "" : "s",
                 uu->nsessions ? "" : " (disconnected, may resume)");
    }
    if (!n) app_outf(o, "nobody is logged in");
}

static void app_console_rooms(app *a, app_out *o)
{
    for (uint32_t i = 0; i < a->room_count; i++) {
        const app_room *r = &a->rooms[i];
        app_outf(o, "%s%5u  %-48s %s %u online / %u members", i ? "\n" : "", r->id, r->name,
                 r->is_private ? "private" : "public ", r->online, r->total);
    }
}

static void app_console_stats(app *a, app_out *o)
{
    app_stats st = app_get_stats(a);
    app_outf(o,
             "sessions %u, logged in %u, guests %u, rooms %u\n"
             "messages in %llu, out %llu, chat %llu, rate limited %llu, bad %llu\n"
             "voice in %llu, relayed %llu, rate limited %llu, bad %llu, unrouted %llu",
             st.sessions, st.logged_in, st.guests, st.rooms, (unsigned long long)st.messages_in,
             (unsigned long long)st.messages_out, (unsigned long long)st.chat_messages,
             (unsigned long long)st.rate_limited, (unsigned long long)st.bad_messages,
             (unsigned long long)st.voice_in, (unsigned long long)st.voice_out,
             (unsigned long long)st.voice_rate_limited, (unsigned long long)st.voice_bad,
             (unsigned long long)st.voice_unrouted);
}

static bool app_console_done(app_out *o, msg_err err, const char *why, const char *ok)
{
    if (err == MSG_OK) {
        app_outf(o, "%s", ok);
        return true;
    }
    app_outf(o, "%s: %s", msg_err_name(err), why ? why : msg_err_str(err));
    return true; /* the command was understood; the act was refused */
}

static bool app_console_broadcast(app *a, app_out *o, const char *text)
{
    size_t len = strlen(text);
    if (!len || len > MSG_NOTICE_MAX || !bits_utf8_valid(text, len) ||
        !app_text_clean(text, true)) {
        app_outf(o, "broadcast needs 1..%u bytes of UTF-8 text without control characters",
                 MSG_NOTICE_MAX);
        return false;
    }
    msg m;
    app_msg_init(&m, MSG_NOTICE, sizeof m.notice);
    m.notice.kind = MSG_NOTICE_BROADCAST;
    app_copy(m.notice.text, sizeof m.notice.text, text);
    app_wire w;
    if (!app_wire_encode(a, &m, &w)) return false;
    uint32_t n = 0;
    for (uint32_t s = 0; s < a->session_cap; s++) {
        if (a->sessions[s].state != APP_S_LOGGED_IN) continue;
        app_wire_to_session(a, (int32_t)s, &w);
        n++;
    }
    app_outf(o, "sent to %u session%s", n, n == 1 ? "" : "s");
    return true;
}

bool app_console(app *a, const char *line, char *out, size_t cap, int64_t now_ms)
{
    assert(a && line && out && cap > 0);
    a->now_ms = now_ms;
    out[0] = '\0';
    app_out o = {out, cap, 0, false};
    char copy[MSG_NOTICE_MAX + 64];
    size_t len = strlen(line);
    if (len >= sizeof copy) {
        app_outf(&o, "line too long (at most %zu bytes)", sizeof copy - 1);
        return false;
    }
    memcpy(copy, line, len + 1);
    char *w[APP_CONSOLE_ARGS + 1] = {0};
    int n = app_split(copy, w, 2);
    if (!n) {
        app_outf(&o, "empty command; try help");
        return false;
    }
    const char *cmd = w[0];
    char empty[1] = "";
    char *rest = n > 1 ? w[1] : empty;
    const app_actor console = {-1, APP_ROLE_CONSOLE, ""};
    const char *why = NULL;

    if (!strcmp(cmd, "help")) {
        app_outf(&o, "%s", app_console_help);
        return true;
    }
    if (!strcmp(cmd, "users") && n == 1) {
        app_console_users(a, &o);
        return true;
    }
    if (!strcmp(cmd, "rooms") && n == 1) {
        app_console_rooms(a, &o);
        return true;
    }
    if (!strcmp(cmd, "stats") && n == 1) {
        app_console_stats(a, &o);
        return true;
    }
    if (!strcmp(cmd, "broadcast") && n == 2) return app_console_broadcast(a, &o, rest);

    /* The commands that name a user: NAME, then the rest. */
    char *args[2] = {0};
    int na = app_split(rest, args, 2);
    const char *name = na > 0 ? args[0] : "";
    const char *more = na > 1 ? args[1] : "";
    if (strlen(name) > MSG_NAME_MAX || strlen(more) > MSG_REASON_MAX ||
        !bits_utf8_valid(more, strlen(more))) {
        app_outf(&o, "name or reason too long (at most %u and %u bytes) or not UTF-8", MSG_NAME_MAX,
                 MSG_REASON_MAX);
        return false;
    }
    if (!strcmp(cmd, "kick") && na >= 1) {
        msg_err err = app_kick(a, &console, name, 0, more, &why);
        return app_console_done(&o, err, why, "kicked");
    }
    if (!strcmp(cmd, "ban") && na >= 1) {
        msg_err err = app_ban(a, &console, name, 0, more, &why);
        return app_console_done(&o, err, why, "banned");
    }
    if (!strcmp(cmd, "unban") && na == 1) {
        msg_err err = app_unban(a, &console, name, &why);
        return app_console_done(&o, err, why, "unbanned");
    }
    if (!strcmp(cmd, "role") && na == 2) {
        store_role role;
        if (!store_role_parse(more, &role) || role == STORE_ROLE_GUEST) {
            app_outf(&o, "unknown role '%s': user, moderator, admin or owner", more);
            return false;
        }
        msg_err err = app_role_set(a, &console, name, (int)role, &why);
        return app_console_done(&o, err, why, "role set");
    }
    static const char *const known[] = {"users", "rooms", "stats", "broadcast",
                                        "kick",  "ban",   "unban", "role"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!strcmp(cmd, known[i])) {
            app_outf(&o, "wrong arguments for %s; try help", cmd);
            return false;
        }
    }
    app_outf(&o, "unknown command '%s'; try help", cmd);
    return false;
}
