/* gui_settings.c — the GUI's settings file (see gui_settings.h). */
#include "gui_settings.h"

#include "cl_fs.h"
#include "gui_voice.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gui_settings gui_settings_default(void)
{
    gui_settings s;
    memset(&s, 0, sizeof s);
    s.dark = false;
    s.scale = 1.0f;
    s.sound = true;
    s.overlay_fade_s = 8;
    s.stage = true;
    s.voice_tx = VC_TX_VOICE;
    s.ptt_key = GUI_PTT_RCTRL;
    s.voice_mode = VW_MODE_WB;
    s.voice_quality = 8;
    return s;
}

bool gui_settings_path(const char *home, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%s", home, GUI_SETTINGS_FILE);
    return n > 0 && (size_t)n < cap;
}

/* Appends a note for a person, keeping what fits (a report, not data). */
static void gui_settings_note(char *err, size_t errcap, int line, const char *what)
{
    size_t used = strlen(err);
    if (used + 1 >= errcap) return;
    snprintf(err + used, errcap - used, "%sline %d: %s", used ? "; " : "", line, what);
}

static bool gui_settings_int(const char *v, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi) return false;
    *out = (int)x;
    return true;
}

static bool gui_settings_bool(const char *v, bool *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off")) {
        *out = false;
        return true;
    }
    return false;
}

static bool gui_settings_str(const char *v, char *out, size_t cap)
{
    size_t n = strlen(v);
    if (n >= cap) return false; /* too long: refused, never cut */
    memcpy(out, v, n + 1);
    return true;
}

/* "x,y,w,h[,max]" */
static bool gui_settings_place(const char *v, gui_window_place *p, int min_w, int min_h)
{
    int x, y, w, h, m = 0, n = 0;
    if (sscanf(v, "%d,%d,%d,%d%n", &x, &y, &w, &h, &n) != 4) return false;
    if (v[n] == ',' && sscanf(v + n + 1, "%d", &m) != 1) return false;
    if (w < min_w || h < min_h || w > 32768 || h > 32768 || x < -32768 || x > 32768 || y < -32768 ||
        y > 32768)
        return false;
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->maximized = m != 0;
    return true;
}

static const char *const gui_settings_tx_names[] = {"voice-activation", "push-to-talk",
                                                    "always-on"};
static const char *const gui_settings_mode_names[] = {"narrow", "wide", "ultra-wide"};

/* The index of v in names, or -1. */
static int gui_settings_pick(const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i])) return i;
    return -1;
}

static bool gui_settings_set_voice(gui_settings *s, const char *k, const char *v)
{
    int i;
    if (!strcmp(k, "microphone")) return gui_settings_str(v, s->capture, sizeof s->capture);
    if (!strcmp(k, "speakers")) return gui_settings_str(v, s->playback, sizeof s->playback);
    if (!strcmp(k, "voice_input")) {
        i = gui_settings_pick(v, gui_settings_tx_names, 3);
        if (i >= 0) s->voice_tx = i;
        return i >= 0;
    }
    if (!strcmp(k, "voice_codec")) {
        i = gui_settings_pick(v, gui_settings_mode_names, 3);
        if (i >= 0) s->voice_mode = i;
        return i >= 0;
    }
    if (!strcmp(k, "voice_quality")) return gui_settings_int(v, 0, 10, &s->voice_quality);
    if (!strcmp(k, "push_to_talk")) {
        gui_ptt_key key;
        if (!gui_ptt_key_parse(v, &key)) return false;
        s->ptt_key = (int)key;
        return true;
    }
    if (!strcmp(k, "voice_mute")) return gui_settings_bool(v, &s->voice_muted);
    if (!strcmp(k, "voice_deafen")) return gui_settings_bool(v, &s->voice_deafened);
    return false;
}

static bool gui_settings_set(gui_settings *s, const char *k, const char *v)
{
    int i;
    if (!strcmp(k, "theme")) {
        if (strcmp(v, "dark") && strcmp(v, "light")) return false;
        s->dark = !strcmp(v, "dark");
        return true;
    }
    if (!strcmp(k, "scale")) {
        if (!gui_settings_int(v, (long)(GUI_SCALE_MIN * 100), (long)(GUI_SCALE_MAX * 100), &i))
            return false;
        s->scale = (float)i / 100.0f;
        return true;
    }
    if (!strcmp(k, "sound")) return gui_settings_bool(v, &s->sound);
    if (!strcmp(k, "stage")) return gui_settings_bool(v, &s->stage);
    if (!strcmp(k, "overlay_fade")) {
        return gui_settings_int(v, GUI_FADE_MIN, GUI_FADE_MAX, &s->overlay_fade_s);
    }
    if (!strcmp(k, "window")) {
        return gui_settings_place(v, &s->main, GUI_WINDOW_MIN_W, GUI_WINDOW_MIN_H);
    }
    if (!strcmp(k, "compact_window")) {
        return gui_settings_place(v, &s->small, GUI_COMPACT_MIN_W, GUI_COMPACT_MIN_H);
    }
    if (!strcmp(k, "server")) return gui_settings_str(v, s->server, sizeof s->server);
    if (!strcmp(k, "name")) return gui_settings_str(v, s->name, sizeof s->name);
    return gui_settings_set_voice(s, k, v);
}

static char *gui_settings_trim(char *p)
{
    while (*p == ' ' || *p == '\t') p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r')) p[--n] = '\0';
    return p;
}

bool gui_settings_load(const char *path, gui_settings *s, char *err, size_t errcap)
{
    if (errcap) err[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT) return true;
        snprintf(err, errcap, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    char *buf = malloc(GUI_SETTINGS_MAX_FILE + 1);
    if (!buf) {
        fclose(f);
        snprintf(err, errcap, "out of memory reading %s", path);
        return false;
    }
    size_t n = fread(buf, 1, GUI_SETTINGS_MAX_FILE + 1, f);
    fclose(f);
    if (n > GUI_SETTINGS_MAX_FILE) {
        free(buf);
        snprintf(err, errcap, "%s is larger than %d bytes: not read", path, GUI_SETTINGS_MAX_FILE);
        return false;
    }
    buf[n] = '\0';
    int line = 0;
    for (char *p = buf, *next; p && *p; p = next) {
        line++;
        next = strchr(p, '\n');
        if (next) *next++ = '\0';
        char *t = gui_settings_trim(p);
        if (!*t || *t == '#') continue;
        char *eq = strchr(t, '=');
        if (!eq) {
            gui_settings_note(err, errcap, line, "not \"key = value\", ignored");
            continue;
        }
        *eq = '\0';
        char *k = gui_settings_trim(t), *v = gui_settings_trim(eq + 1);
        if (!gui_settings_set(s, k, v)) gui_settings_note(err, errcap, line, "ignored");
    }
    free(buf);
    return true;
}

static void gui_settings_put_place(FILE *f, const char *key, const gui_window_place *p)
{
    if (p->w > 0) fprintf(f, "%s = %d,%d,%d,%d,%d\n", key, p->x, p->y, p->w, p->h, p->maximized);
}

bool gui_settings_save(const char *path, const gui_settings *s, char *err, size_t errcap)
{
    char tmp[CL_PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (n <= 0 || (size_t)n >= sizeof tmp) {
        snprintf(err, errcap, "the settings path is too long");
        return false;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errcap, "cannot write %s: %s", tmp, strerror(errno));
        return false;
    }
    fprintf(f, "# Parley GUI settings (written by the program; edit while it is closed)\n");
    fprintf(f, "theme = %s\n", s->dark ? "dark" : "light");
    fprintf(f, "scale = %d\n", (int)(s->scale * 100.0f + 0.5f));
    fprintf(f, "sound = %s\n", s->sound ? "on" : "off");
    fprintf(f, "stage = %s\n", s->stage ? "on" : "off");
    fprintf(f, "overlay_fade = %d\n", s->overlay_fade_s);
    gui_settings_put_place(f, "window", &s->main);
    gui_settings_put_place(f, "compact_window", &s->small);
    if (s->server[0]) fprintf(f, "server = %s\n", s->server);
    if (s->name[0]) fprintf(f, "name = %s\n", s->name);
    /* a device name with a line break cannot be one line: the default is kept instead */
    if (s->capture[0] && !strpbrk(s->capture, "\r\n")) fprintf(f, "microphone = %s\n", s->capture);
    if (s->playback[0] && !strpbrk(s->playback, "\r\n")) fprintf(f, "speakers = %s\n", s->playback);
    if (s->voice_tx >= 0 && s->voice_tx < 3)
        fprintf(f, "voice_input = %s\n", gui_settings_tx_names[s->voice_tx]);
    if (s->voice_mode >= 0 && s->voice_mode < 3)
        fprintf(f, "voice_codec = %s\n", gui_settings_mode_names[s->voice_mode]);
    fprintf(f, "voice_quality = %d\n", s->voice_quality);
    fprintf(f, "push_to_talk = %s\n", gui_ptt_key_name((gui_ptt_key)s->ptt_key));
    fprintf(f, "voice_mute = %s\n", s->voice_muted ? "on" : "off");
    fprintf(f, "voice_deafen = %s\n", s->voice_deafened ? "on" : "off");
    bool ok = !ferror(f) && cl_fs_sync(f);
    ok = fclose(f) == 0 && ok;
    if (!ok || !cl_fs_replace(tmp, path)) {
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        return false;
    }
    return true;
}
