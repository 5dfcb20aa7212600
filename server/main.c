/* main.c — parley-server's command line and config file, then the loop (server.c). */
#include "bits.h"
#include "dash_window.h"
#include "log.h"
#include "server.h"

#include <SDL.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIN_TEXT_MAX 256

typedef struct main_opts {
    srv_config cfg;
    char data_dir[1024];
    char name[MAIN_TEXT_MAX];
    char motd[MAIN_TEXT_MAX];
    const char *config_file;
    bool port_set, tick_set, max_set, name_set, motd_set, gui;
} main_opts;

static void main_usage(FILE *f)
{
    fprintf(f,
            "usage: parley-server [options]\n"
            "  --port N          UDP port (default %d; 0 picks a free one)\n"
            "  --data DIR        where the store and identity live (default: the user's data "
            "folder)\n"
            "  --config FILE     key = value settings (port, name, motd, tick, max_users, guests,\n"
            "                    register, call_timeout, log_level, log_file); options given\n"
            "                    here win\n"
            "  --tick HZ         timer rate, 1..1000 (default 50)\n"
            "  --name NAME       server name shown to clients (default \"Parley\")\n"
            "  --max-users N     sessions at once, 1..60000 (default 1024)\n"
            "  --chat-rate N     chat messages per second per session, 1..10000 (default 5)\n"
            "  --call-timeout S  seconds a 1:1 call rings unanswered, 1..600 (default 30)\n"
            "  --no-guests       refuse guest logins\n"
            "  --no-register     refuse new accounts\n"
            "  --no-console      do not read operator commands from stdin\n"
            "  --gui             open the dashboard window (users, rooms, traffic, log);\n"
            "                    without a display the server runs on without it\n"
            "  --log-level L     debug, info, warn or error (default info)\n"
            "  --log-file FILE   also append the log to FILE\n"
            "  --help, --version\n"
            "Console commands: help, users, rooms, kick, ban, unban, role, broadcast, stats, net, "
            "quit.\n",
            SRV_DEFAULT_PORT);
}

static bool main_uint(const char *what, const char *s, unsigned long min, unsigned long max,
                      unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-' || v < min || v > max) {
        fprintf(stderr, "parley-server: %s must be a whole number from %lu to %lu, not \"%s\"\n",
                what, min, max, s);
        return false;
    }
    *out = v;
    return true;
}

static bool main_text(const char *what, const char *s, size_t max, char *out, size_t cap)
{
    size_t n = strlen(s);
    if (n == 0 || n > max || !bits_utf8_valid(s, n)) {
        fprintf(stderr, "parley-server: %s must be 1..%zu bytes of UTF-8 text\n", what, max);
        return false;
    }
    snprintf(out, cap, "%s", s);
    return true;
}

static bool main_bool(const char *what, const char *s, bool *out)
{
    if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "on") || !strcmp(s, "1"))
        *out = true;
    else if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "off") || !strcmp(s, "0"))
        *out = false;
    else {
        fprintf(stderr, "parley-server: %s must be yes or no, not \"%s\"\n", what, s);
        return false;
    }
    return true;
}

static bool main_set(main_opts *o, const char *key, const char *val, bool from_file)
{
    unsigned long v;
    bool b;
    if (!strcmp(key, "port")) {
        if (from_file && o->port_set) return true;
        if (!main_uint("port", val, 0, 65535, &v)) return false;
        o->cfg.port = (uint16_t)v;
        o->port_set = true;
    } else if (!strcmp(key, "tick")) {
        if (from_file && o->tick_set) return true;
        if (!main_uint("tick", val, 1, 1000, &v)) return false;
        o->cfg.tick_hz = (uint32_t)v;
        o->tick_set = true;
    } else if (!strcmp(key, "max_users") || !strcmp(key, "max-users")) {
        if (from_file && o->max_set) return true;
        if (!main_uint("max_users", val, 1, 60000, &v)) return false;
        o->cfg.max_users = (uint32_t)v;
        o->max_set = true;
    } else if (!strcmp(key, "chat_rate") || !strcmp(key, "chat-rate")) {
        if (!main_uint("chat_rate", val, 1, 10000, &v)) return false;
        o->cfg.chat_rate = (double)v;
    } else if (!strcmp(key, "call_timeout") || !strcmp(key, "call-timeout")) {
        if (!main_uint("call_timeout", val, 1, 600, &v)) return false;
        o->cfg.call_timeout_ms = (int64_t)v * 1000;
    } else if (!strcmp(key, "name")) {
        if (from_file && o->name_set) return true;
        if (!main_text("name", val, 32, o->name, sizeof o->name)) return false;
        o->name_set = true;
    } else if (!strcmp(key, "motd")) {
        if (from_file && o->motd_set) return true;
        if (!main_text("motd", val, 200, o->motd, sizeof o->motd)) return false;
        o->motd_set = true;
    } else if (!strcmp(key, "guests")) {
        if (!main_bool("guests", val, &b)) return false;
        o->cfg.guests_disabled = !b;
    } else if (!strcmp(key, "register")) {
        if (!main_bool("register", val, &b)) return false;
        o->cfg.register_disabled = !b;
    } else if (!strcmp(key, "log_level") || !strcmp(key, "log-level")) {
        log_level l;
        if (!log_parse_level(val, &l)) {
            fprintf(stderr, "parley-server: log level must be debug, info, warn or error\n");
            return false;
        }
        log_set_level(l);
    } else if (!strcmp(key, "log_file") || !strcmp(key, "log-file")) {
        if (!log_set_file(val)) {
            fprintf(stderr, "parley-server: cannot open log file %s: %s\n", val, strerror(errno));
            return false;
        }
    } else {
        fprintf(stderr, "parley-server: unknown setting \"%s\"\n", key);
        return false;
    }
    return true;
}

static char *main_trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static bool main_config_file(main_opts *o, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "parley-server: cannot read config %s: %s\n", path, strerror(errno));
        return false;
    }
    char line[1024];
    int lineno = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            fprintf(stderr, "parley-server: %s:%d: line too long\n", path, lineno);
            ok = false;
            break;
        }
        char *l = main_trim(line);
        if (*l == '\0' || *l == '#') continue;
        char *eq = strchr(l, '=');
        if (!eq) {
            fprintf(stderr, "parley-server: %s:%d: expected key = value\n", path, lineno);
            ok = false;
            break;
        }
        *eq = '\0';
        char *key = main_trim(l), *val = main_trim(eq + 1);
        if (!main_set(o, key, val, true)) {
            fprintf(stderr, "parley-server: (in %s line %d)\n", path, lineno);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}

int main(int argc, char **argv)
{
    static main_opts o;
    o.cfg.port = SRV_DEFAULT_PORT;
    o.cfg.tick_hz = 50;
    o.cfg.max_users = 1024;
    o.cfg.console = true;
    snprintf(o.name, sizeof o.name, "Parley");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool needs = !strcmp(a, "--port") || !strcmp(a, "--data") || !strcmp(a, "--config") ||
                     !strcmp(a, "--tick") || !strcmp(a, "--name") || !strcmp(a, "--max-users") ||
                     !strcmp(a, "--log-level") || !strcmp(a, "--log-file") ||
                     !strcmp(a, "--motd") || !strcmp(a, "--chat-rate") ||
                     !strcmp(a, "--call-timeout");
        if (needs && !val) {
            fprintf(stderr, "parley-server: %s needs a value (see --help)\n", a);
            return 2;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            main_usage(stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("parley-server %s\n", SRV_VERSION);
            return 0;
        } else if (!strcmp(a, "--data")) {
            snprintf(o.data_dir, sizeof o.data_dir, "%s", val);
            i++;
        } else if (!strcmp(a, "--config")) {
            o.config_file = val;
            i++;
        } else if (!strcmp(a, "--no-guests")) {
            o.cfg.guests_disabled = true;
        } else if (!strcmp(a, "--no-register")) {
            o.cfg.register_disabled = true;
        } else if (!strcmp(a, "--no-console")) {
            o.cfg.console = false;
        } else if (!strcmp(a, "--gui")) {
            o.gui = true;
        } else if (needs) {
            if (!main_set(&o, a + 2, val, false)) return 2;
            i++;
        } else {
            fprintf(stderr, "parley-server: unknown option \"%s\" (see --help)\n", a);
            return 2;
        }
    }
    if (o.config_file && !main_config_file(&o, o.config_file)) return 2;
    if (!o.data_dir[0]) {
        char *pref = SDL_GetPrefPath("parley", "server");
        if (!pref) {
            fprintf(stderr, "parley-server: no data folder found; pass --data DIR\n");
            return 2;
        }
        snprintf(o.data_dir, sizeof o.data_dir, "%s", pref);
        SDL_free(pref);
    }
    o.cfg.data_dir = o.data_dir;
    o.cfg.name = o.name;
    o.cfg.motd = o.motd;
    dash_window *dash = NULL;
    if (o.gui) {
        char why[512];
        dash = dash_window_create(&(dash_window_desc){.server_name = o.name}, why, sizeof why);
        if (dash)
            o.cfg.observer = dash_window_observer(dash);
        else
            fprintf(stderr,
                    "parley-server: --gui: %s\n"
                    "parley-server: running without the dashboard (the console still works)\n",
                    why);
    }
    int rc = srv_run(&o.cfg);
    dash_window_destroy(dash);
    return rc;
}
