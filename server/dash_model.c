/* dash_model.c — what the dashboard keeps over time: the traffic history, log lines and
 * console answers, the listener's last error, and the number formats it shows. */
#include "dash.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void dash_init(dash *d, const ui_theme *theme, const char *server_name)
{
    assert(d);
    ui_theme light = ui_theme_light();
    if (!theme) theme = &light;
    memset(d, 0, sizeof *d);
    ui_chat_log_init(&d->log);
    ui_history_init(&d->command_history);
    snprintf(d->server_name, sizeof d->server_name, "%s",
             server_name && *server_name ? server_name : "Parley");
    d->level_colors[LOG_DEBUG] = theme->text_dim;
    d->level_colors[LOG_INFO] = theme->accent;
    d->level_colors[LOG_WARN] = theme->warning;
    d->level_colors[LOG_ERROR] = theme->danger;
    d->console_color = theme->success;
    d->user_selected = -1;
    d->room_selected = -1;
}

/* ---- traffic ------------------------------------------------------------------------- */

static void dash_history_push(dash *d, dash_rate r)
{
    d->history[d->history_head] = r;
    d->history_head = (d->history_head + 1) % DASH_HISTORY;
    if (d->history_count < DASH_HISTORY) d->history_count++;
}

static float dash_per_second(uint64_t now, uint64_t before, float seconds)
{
    return now >= before ? (float)(now - before) / seconds : 0.0f;
}

bool dash_traffic_sample(dash *d, const dash_counters *totals, int64_t now_ms)
{
    assert(d && totals);
    if (!d->sampled || now_ms < d->sample_ms) {
        d->sample_base = *totals;
        d->sample_ms = now_ms;
        d->sampled = true;
        return false;
    }
    int64_t elapsed = now_ms - d->sample_ms;
    if (elapsed < 1000) return false;
    float secs = (float)elapsed / 1000.0f;
    const dash_counters *b = &d->sample_base;
    dash_rate r = {dash_per_second(totals->datagrams_in, b->datagrams_in, secs),
                   dash_per_second(totals->datagrams_out, b->datagrams_out, secs),
                   dash_per_second(totals->bytes_in, b->bytes_in, secs),
                   dash_per_second(totals->bytes_out, b->bytes_out, secs)};
    /* one bar per whole second, so a stall does not squeeze the time axis */
    int64_t n = elapsed / 1000;
    if (n > DASH_HISTORY) n = DASH_HISTORY;
    for (int64_t i = 0; i < n; i++) dash_history_push(d, r);
    d->sample_base = *totals;
    d->sample_ms = now_ms;
    return true;
}

dash_rate dash_traffic_at(const dash *d, int age)
{
    dash_rate none = {0};
    if (age < 0 || age >= d->history_count) return none;
    return d->history[(d->history_head - 1 - age + 2 * DASH_HISTORY) % DASH_HISTORY];
}

/* ---- log ----------------------------------------------------------------------------- */

void dash_log_hook(void *user, log_level level, const char *line)
{
    dash *d = user;
    assert(d && line);
    char time[9] = "";
    const char *text = line;
    /* "YYYY-MM-DD HH:MM:SS level message": keep the time of day, drop the level word */
    if (strlen(line) > 20 && line[4] == '-' && line[7] == '-' && line[10] == ' ' &&
        line[13] == ':' && line[16] == ':' && line[19] == ' ') {
        memcpy(time, line + 11, 8);
        text = line + 20;
        while (*text && *text != ' ') text++;
        while (*text == ' ') text++;
    }
    int lv = level < LOG_DEBUG ? LOG_DEBUG : level > LOG_ERROR ? LOG_ERROR : (int)level;
    ui_chat_message m = {.author = log_level_name((log_level)lv),
                         .text = text,
                         .time = time[0] ? time : NULL,
                         .author_color = d->level_colors[lv]};
    if (!ui_chat_log_add(&d->log, &m)) {
        m.text = "(a log line too long to show here; see stderr or the log file)";
        ui_chat_log_add(&d->log, &m);
    }
}

void dash_console_answer(dash *d, const char *time, const char *line, bool ok, const char *answer)
{
    assert(d && line && answer);
    ui_chat_message m = {.author = "console", .text = line, .time = time};
    m.author_color = d->console_color;
    if (!ui_chat_log_add(&d->log, &m)) {
        m.text = "(a command too long to show)";
        ui_chat_log_add(&d->log, &m);
    }
    /* one entry per line of the answer: the log view wraps lines but keeps no newlines */
    static char buf[UI_CHAT_MESSAGE_MAX];
    const char *p = answer;
    bool first = true;
    do {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *prefix = first && !ok ? "error: " : "";
        int n = snprintf(buf, sizeof buf, "%s%.*s", prefix, (int)len, p);
        ui_chat_message a = {.text = buf, .time = time};
        if (n < 0 || (size_t)n >= sizeof buf - 64 || !ui_chat_log_add(&d->log, &a)) {
            a.text = "(an answer line too long to show)";
            ui_chat_log_add(&d->log, &a);
        }
        first = false;
        p = nl ? nl + 1 : p + len;
    } while (*p);
}

void dash_listen_result(dash *d, bool ok, const char *error)
{
    assert(d);
    if (ok) {
        d->listen_error[0] = '\0';
        d->port_edited = false;
        return;
    }
    const char *why = error && *error ? error : "the port could not be opened";
    /* kept for the header only when it leaves the listener stopped */
    if (!d->snap.listening) snprintf(d->listen_error, sizeof d->listen_error, "%s", why);
    snprintf(d->toast, sizeof d->toast, "%s", why);
    d->toast_kind = UI_TOAST_ERROR;
}

bool dash_close_requested(dash *d)
{
    assert(d);
    if (d->snap.users_connected == 0 && d->snap.connections == 0) return true;
    d->confirm = DASH_CONFIRM_QUIT;
    d->confirm_open = true;
    return false;
}

/* ---- formats ------------------------------------------------------------------------- */

void dash_format_bytes(double bytes, char *out, size_t cap)
{
    static const char *const units[] = {"KB", "MB", "GB", "TB"};
    if (bytes < 1000.0) {
        snprintf(out, cap, "%.0f B", bytes < 0.0 ? 0.0 : bytes);
        return;
    }
    int u = 0;
    bytes /= 1000.0;
    while (bytes >= 1000.0 && u < 3) {
        bytes /= 1000.0;
        u++;
    }
    snprintf(out, cap, bytes < 100.0 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

void dash_format_duration(int64_t ms, char *out, size_t cap)
{
    int64_t s = ms < 0 ? 0 : ms / 1000;
    if (s < 60)
        snprintf(out, cap, "%lld s", (long long)s);
    else if (s < 3600)
        snprintf(out, cap, "%lld min", (long long)(s / 60));
    else if (s < 86400)
        snprintf(out, cap, "%lld h %02lld min", (long long)(s / 3600), (long long)(s / 60 % 60));
    else
        snprintf(out, cap, "%lld d %lld h", (long long)(s / 86400), (long long)(s / 3600 % 24));
}
