/* gui_voice_ctl.c — the GUI's voice glue: the client core's voice (cl_voice.h) run for the
 * model in gui_state (gui_voice.h), and the push-to-talk keys and audio device events from
 * SDL. */
#include "gui_state.h"
#include "gui_voice.h"

#include "cl_voice.h"

#include <SDL.h>

#include <stdlib.h>
#include <string.h>

#define GUI_VOICE_PUMP_MS 10   /* the loop's period while voice runs (devices' 10 ms period) */
#define GUI_VOICE_LIST_MS 2000 /* device lists are read again this often while shown */

struct gui_voice_ctl {
    cl_voice *cv;
    cl_session *s; /* the session cv runs on */
    gui_voice_applied done;
    char capture[AUD_NAME_MAX], playback[AUD_NAME_MAX]; /* the devices asked for */
    int64_t list_at;
};

gui_voice_ctl *gui_voice_ctl_create(void)
{
    return calloc(1, sizeof(gui_voice_ctl));
}

void gui_voice_ctl_stop(gui_voice_ctl *c)
{
    if (!c || !c->cv) return;
    cl_voice_destroy(c->cv);
    c->cv = NULL;
    c->s = NULL;
}

void gui_voice_ctl_destroy(gui_voice_ctl *c)
{
    gui_voice_ctl_stop(c);
    free(c);
}

static bool gui_voice_ctl_lists(gui_voice_ctl *c, gui_voice *gv, int64_t now_ms)
{
    if (!gv->devices_wanted || now_ms < c->list_at) return false;
    gv->devices_wanted = false; /* the settings ask again while they are shown */
    c->list_at = now_ms + GUI_VOICE_LIST_MS;
    for (int d = AUD_CAPTURE; d <= AUD_PLAYBACK; d++)
        gv->device_count[d] = aud_dev_list((aud_dir)d, gv->devices[d], GUI_VOICE_DEVICES);
    return true;
}

/* The devices' statuses into the model; a device that goes or comes back is told. */
static bool gui_voice_ctl_statuses(gui_voice_ctl *c, gui_state *st)
{
    static const char *const what[2] = {"microphone", "speakers"};
    gui_voice *gv = &st->voice;
    aud_dev *a = cl_voice_dev(c->cv);
    bool changed = false;
    for (int d = AUD_CAPTURE; d <= AUD_PLAYBACK; d++) {
        aud_status now = aud_dev_status(a, (aud_dir)d), was = gv->status[d];
        const char *text = aud_dev_status_text(a, (aud_dir)d);
        if (now == was && !strcmp(text, gv->status_text[d])) continue;
        if (now == AUD_STATUS_LOST)
            gui_state_note(st, GUI_NOTE_WARNING, "The %s went away: %s", what[d], text);
        else if (now == AUD_STATUS_OK && (was == AUD_STATUS_LOST || was == AUD_STATUS_FALLBACK))
            gui_state_note(st, GUI_NOTE_SUCCESS, "The %s %s back", what[d],
                           d == AUD_CAPTURE ? "is" : "are");
        gv->status[d] = now;
        size_t n = strlen(text);
        if (n >= sizeof gv->status_text[d]) n = sizeof gv->status_text[d] - 1;
        memcpy(gv->status_text[d], text, n);
        gv->status_text[d][n] = '\0';
        changed = true;
    }
    return changed;
}

static bool gui_voice_ctl_start(gui_voice_ctl *c, cl_session *s, gui_state *st, double now)
{
    cl_voice_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.dev.capture = st->settings.capture;
    cfg.dev.playback = st->settings.playback;
    c->cv = cl_voice_create(s, &cfg, now);
    if (!c->cv) {
        gui_state_note(st, GUI_NOTE_ERROR, "Voice cannot start (out of memory)");
        return false;
    }
    c->s = s;
    memset(&c->done, 0, sizeof c->done);
    memcpy(c->capture, st->settings.capture, sizeof c->capture);
    memcpy(c->playback, st->settings.playback, sizeof c->playback);
    st->voice.started = true;
    st->voice.status[0] = st->voice.status[1] = AUD_STATUS_OFF;
    gui_voice_ctl_statuses(c, st);
    return true;
}

/* Leaves voice: the server is told while the session can still carry it. */
static void gui_voice_ctl_end(gui_voice_ctl *c, gui_state *st, double now)
{
    cl_voice_set_room(c->cv, 0);
    cl_voice_pump(c->cv, now);
    gui_voice_ctl_stop(c);
    st->voice.started = false;
    st->voice.joined = 0;
    st->voice.meter = st->voice.peak = 0.0f;
    st->voice.talking = false;
}

bool gui_voice_ctl_update(gui_voice_ctl *c, cl_session *s, gui_state *st, int64_t now_ms)
{
    gui_voice *gv = &st->voice;
    double now = (double)now_ms / 1000.0;
    bool changed = gui_voice_ctl_lists(c, gv, now_ms);
    if (c->cv && c->s != s) { /* the session went (gui_voice_ctl_stop should have run) */
        gui_voice_ctl_stop(c);
        gv->started = false;
        gv->joined = 0;
    }
    if (gv->want) { /* the room was left, or the log-in is gone: so is its voice */
        const cl_room *r = gui_state_room(st, gv->room);
        if (!s || !st->logged_in || !r || !r->joined) {
            gui_voice_join(st, 0);
            changed = true;
        }
    }
    if (gv->mic_test && !s) {
        gv->mic_test = false;
        gui_state_note(st, GUI_NOTE_INFO, "Connect to a server to test the microphone");
        changed = true;
    }
    bool call = s && cl_call_voice(&st->call.c); /* a call takes the mic even outside voice */
    bool need = s && (gv->want || gv->mic_test || call);
    if (!c->cv) {
        if (!need) return changed;
        if (!gui_voice_ctl_start(c, s, st, now)) {
            gv->want = gv->mic_test = false;
            return true;
        }
        changed = true;
    } else if (!need) {
        gui_voice_ctl_end(c, st, now);
        gv->changes++;
        return true;
    }
    aud_dev *a = cl_voice_dev(c->cv);
    if (strcmp(c->capture, st->settings.capture)) {
        memcpy(c->capture, st->settings.capture, sizeof c->capture);
        aud_dev_select(a, AUD_CAPTURE, c->capture, now);
    }
    if (strcmp(c->playback, st->settings.playback)) {
        memcpy(c->playback, st->settings.playback, sizeof c->playback);
        aud_dev_select(a, AUD_PLAYBACK, c->playback, now);
    }
    cl_voice_set_room(c->cv, gui_voice_room(st));
    cl_voice_set_call(c->cv, call);
    gui_voice_apply(st, cl_voice_engine(c->cv), &c->done);
    cl_voice_pump(c->cv, now);
    vc_event ev;
    while (cl_voice_poll_event(c->cv, &ev)) {
        gui_voice_on_talk(st, &ev);
        changed = true;
    }
    uint32_t joined = cl_voice_joined(c->cv);
    if (joined != gv->joined) {
        gv->joined = joined;
        c->done.fresh = false; /* a new room's senders get their volumes again */
        changed = true;
    }
    if (gui_voice_observe(gv, cl_voice_engine(c->cv))) changed = true;
    if (gui_voice_ctl_statuses(c, st)) changed = true;
    if (changed) {
        gv->changes++;
        st->changes++;
    }
    return changed;
}

int gui_voice_ctl_next(const gui_voice_ctl *c)
{
    return c && c->cv ? GUI_VOICE_PUMP_MS : -1;
}

/* The push-to-talk key an event is about, or -1. */
static int gui_voice_ctl_key(const SDL_Event *e, bool *down)
{
    if (e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP) {
        *down = e->type == SDL_MOUSEBUTTONDOWN;
        return e->button.button == SDL_BUTTON_X1   ? GUI_PTT_MOUSE4
               : e->button.button == SDL_BUTTON_X2 ? GUI_PTT_MOUSE5
                                                   : -1;
    }
    if (e->type != SDL_KEYDOWN && e->type != SDL_KEYUP) return -1;
    *down = e->type == SDL_KEYDOWN;
    SDL_Keycode k = e->key.keysym.sym;
    if (k >= SDLK_F5 && k <= SDLK_F12) return GUI_PTT_F5 + (int)(k - SDLK_F5);
    switch (k) {
    case SDLK_RCTRL:
        return GUI_PTT_RCTRL;
    case SDLK_RALT:
        return GUI_PTT_RALT;
    case SDLK_PAUSE:
        return GUI_PTT_PAUSE;
    case SDLK_SCROLLLOCK:
        return GUI_PTT_SCROLL_LOCK;
    default:
        return -1;
    }
}

bool gui_voice_ctl_event(gui_voice_ctl *c, gui_state *st, const SDL_Event *e, int64_t now_ms)
{
    if (e->type == SDL_AUDIODEVICEADDED || e->type == SDL_AUDIODEVICEREMOVED) {
        if (c->cv) aud_dev_on_event(cl_voice_dev(c->cv), e, (double)now_ms / 1000.0);
        c->list_at = 0; /* the lists are read again */
        st->changes++;
        return false;
    }
    bool down = false;
    int key = gui_voice_ctl_key(e, &down);
    if (st->voice.binding) {
        if (e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_ESCAPE) {
            st->voice.binding = false;
            st->changes++;
            return true;
        }
        if (key >= 0 && down) {
            gui_voice_bind(st, (gui_ptt_key)key);
            return true;
        }
        if (e->type == SDL_KEYDOWN) {
            gui_state_note(st, GUI_NOTE_WARNING,
                           "%s types text or has a job here: choose F5 to F12, Right Ctrl, "
                           "Right Alt, Pause, Scroll Lock or a mouse side button",
                           SDL_GetKeyName(e->key.keysym.sym));
            st->changes++;
            return true;
        }
        return false;
    }
    if (key < 0 || key != st->settings.ptt_key) return false;
    if (e->type == SDL_KEYDOWN && e->key.repeat) return false;
    gui_voice_ptt(st, down);
    return false; /* the toolkit still sees the key (Ctrl stays a modifier) */
}
