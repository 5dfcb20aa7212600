/* main.c — parley, the GUI client: the window, the render loop, settings on disk, the
 * notification sound, the compact always-on-top window, and the test hooks.
 *
 * The loop sleeps in SDL_WaitEventTimeout until input arrives, a datagram arrives (the waker
 * thread posts an event), the session's timers are due, or the UI will change by itself
 * (caret, toast, tooltip, fading overlay lines). A frame is built only when something may
 * have changed, and drawn only when its commands differ from the last one's, so an idle
 * window costs next to nothing. docs/UI.md describes the program. */
#include "cl_fs.h"
#include "cl_home.h"
#include "gui.h"
#include "gui_args.h"
#include "gui_ctl.h"
#include "gui_plat.h"
#include "gui_settings.h"
#include "gui_shot.h"
#include "gui_sound.h"
#include "gui_state.h"
#include "gui_str.h"
#include "gui_trace.h"
#include "gui_view.h"
#include "gui_voice.h"
#include "ui.h"
#include "ui_png.h"
#include "ui_sdl.h"

#include <SDL.h>
#include <sodium.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GUI_MAIN_SAVE_DELAY_MS 2000 /* settings are written this long after the last change */
#define GUI_MAIN_SHOT_QUIET_MS 300  /* --screenshot-dir: after the window was still this long */
#define GUI_MAIN_QUIT_LINGER   2000 /* at most this long for own messages to be stored */
#define GUI_DEFAULT_W          1100
#define GUI_DEFAULT_H          700
#define GUI_COMPACT_W          420
#define GUI_COMPACT_H          280
#define GUI_COMPACT_STRIP      30 /* logical px of the compact window's drag strip */

typedef struct gui_app {
    gui_args args;
    char home[CL_PATH_MAX], settings_path[CL_PATH_MAX];
    const char *trace;
    SDL_Window *win;
    SDL_Renderer *ren;
    ui_sdl *r;
    ui_context ui;
    gui_state st;
    gui_view v;
    gui_ctl ctl;
    gui_sound *sound;
    gui_voice_ctl *voice;
    uint32_t wake_event;
    bool running, redraw, frame_wanted;
    uint32_t last_hash, seen_changes, seen_dings;
    int seen_dropped; /* ui.stats.events_dropped already reported */
    bool applied_dark;
    float applied_scale;
    int64_t start_ms, save_at, shot_due, ui_due, tz_at;
    gui_screen last_screen;
    bool maximized;
} gui_app;

static int64_t gui_main_now(void)
{
    return (int64_t)SDL_GetTicks64();
}

/* ---- settings ------------------------------------------------------------------------------- */

static void gui_main_save(gui_app *a)
{
    char err[512];
    if (!gui_settings_save(a->settings_path, &a->st.settings, err, sizeof err))
        fprintf(stderr, "parley: %s\n", err);
    a->save_at = 0;
}

static void gui_main_apply(gui_app *a)
{
    if (a->applied_dark != a->st.settings.dark) {
        a->applied_dark = a->st.settings.dark;
        ui_theme t = a->applied_dark ? ui_theme_dark() : ui_theme_light();
        ui_set_theme(&a->ui, &t);
        a->redraw = true;
    }
    /* the text size follows the slider once it is let go, so the slider does not move under
     * the mouse while it is dragged */
    if (a->applied_scale != a->st.settings.scale && !(a->ui.mouse_down & UI_MOUSE_LEFT)) {
        a->applied_scale = a->st.settings.scale;
        a->frame_wanted = true;
    }
}

/* ---- the window ----------------------------------------------------------------------------- */

/* A saved place is used only when its top left corner is on a display now. */
static bool gui_main_on_screen(const gui_window_place *p)
{
    if (p->w <= 0) return false;
    int n = SDL_GetNumVideoDisplays();
    for (int i = 0; i < n; i++) {
        SDL_Rect b;
        if (SDL_GetDisplayBounds(i, &b) == 0 && p->x + 40 >= b.x && p->y + 10 >= b.y &&
            p->x + 40 < b.x + b.w && p->y + 10 < b.y + b.h)
            return true;
    }
    return false;
}

static void gui_main_remember_place(gui_app *a)
{
    if (!a->win) return;
    Uint32 flags = SDL_GetWindowFlags(a->win);
    if (flags & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_FULLSCREEN | SDL_WINDOW_FULLSCREEN_DESKTOP))
        return;
    gui_window_place *p = a->v.compact ? &a->st.settings.small : &a->st.settings.main;
    p->maximized = (flags & SDL_WINDOW_MAXIMIZED) != 0;
    if (!p->maximized) {
        SDL_GetWindowPosition(a->win, &p->x, &p->y);
        SDL_GetWindowSize(a->win, &p->w, &p->h);
    }
}

static SDL_HitTestResult gui_main_hit(SDL_Window *win, const SDL_Point *pt, void *user)
{
    gui_app *a = user;
    int w, h;
    SDL_GetWindowSize(win, &w, &h);
    int strip = (int)((float)GUI_COMPACT_STRIP * a->applied_scale);
    int corner = 16;
    if (pt->x >= w - corner && pt->y >= h - corner) return SDL_HITTEST_RESIZE_BOTTOMRIGHT;
    if (pt->y < strip && pt->x < w - strip - (int)(14 * a->applied_scale))
        return SDL_HITTEST_DRAGGABLE;
    return SDL_HITTEST_NORMAL;
}

static void gui_main_place(SDL_Window *win, const gui_window_place *p, int w, int h)
{
    if (gui_main_on_screen(p)) {
        SDL_SetWindowSize(win, p->w, p->h);
        SDL_SetWindowPosition(win, p->x, p->y);
        if (p->maximized) SDL_MaximizeWindow(win);
        return;
    }
    SDL_SetWindowSize(win, w, h);
    SDL_SetWindowPosition(win, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED);
}

/* The compact always-on-top window, or back to the normal one. */
static void gui_main_compact(gui_app *a, bool on)
{
    if (on == a->v.compact || !a->win) return;
    gui_main_remember_place(a);
    gui_settings *s = &a->st.settings;
    if (on) {
        if (SDL_GetWindowFlags(a->win) & SDL_WINDOW_MAXIMIZED) SDL_RestoreWindow(a->win);
        a->v.compact = true;
        SDL_SetWindowBordered(a->win, SDL_FALSE);
        SDL_SetWindowAlwaysOnTop(a->win, SDL_TRUE);
        SDL_SetWindowMinimumSize(a->win, GUI_COMPACT_MIN_W, GUI_COMPACT_MIN_H);
        if (gui_main_on_screen(&s->small)) {
            gui_main_place(a->win, &s->small, GUI_COMPACT_W, GUI_COMPACT_H);
        } else { /* the top right corner of the display the window is on */
            SDL_Rect b;
            int d = SDL_GetWindowDisplayIndex(a->win);
            SDL_SetWindowSize(a->win, GUI_COMPACT_W, GUI_COMPACT_H);
            if (d >= 0 && SDL_GetDisplayUsableBounds(d, &b) == 0)
                SDL_SetWindowPosition(a->win, b.x + b.w - GUI_COMPACT_W - 24, b.y + 48);
        }
        SDL_SetWindowOpacity(a->win, 0.92f); /* needs a compositor; harmless without one */
        SDL_SetWindowHitTest(a->win, gui_main_hit, a);
        a->v.overlay_typing = false;
    } else {
        a->v.compact = false;
        SDL_SetWindowHitTest(a->win, NULL, NULL);
        SDL_SetWindowOpacity(a->win, 1.0f);
        SDL_SetWindowAlwaysOnTop(a->win, SDL_FALSE);
        SDL_SetWindowBordered(a->win, SDL_TRUE);
        SDL_SetWindowMinimumSize(a->win, GUI_WINDOW_MIN_W, GUI_WINDOW_MIN_H);
        gui_main_place(a->win, &s->main, GUI_DEFAULT_W, GUI_DEFAULT_H);
        a->v.focus_input = true;
    }
    a->redraw = true;
    a->frame_wanted = true;
}

static bool gui_main_window(gui_app *a)
{
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN;
    a->win = SDL_CreateWindow(GUI_NAME, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              GUI_DEFAULT_W, GUI_DEFAULT_H, flags);
    if (!a->win) {
        fprintf(stderr, "parley: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(a->win, GUI_WINDOW_MIN_W, GUI_WINDOW_MIN_H);
    if (a->args.width) {
        SDL_SetWindowSize(a->win, a->args.width, a->args.height);
        SDL_SetWindowPosition(a->win, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED);
    } else {
        gui_main_place(a->win, &a->st.settings.main, GUI_DEFAULT_W, GUI_DEFAULT_H);
    }
    a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!a->ren) a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    if (!a->ren) {
        fprintf(stderr, "parley: cannot draw in the window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
    SDL_ShowWindow(a->win);
    return true;
}

/* ---- starting ----------------------------------------------------------------------------------
 */

/* --server (or --host) with --guest or --user: straight in. */
static void gui_main_connect_args(gui_app *a, int64_t now)
{
    const cl_opts *g = &a->args.o;
    cl_auth auth;
    memset(&auth, 0, sizeof auth);
    if (g->guest) {
        auth.mode = CL_AUTH_GUEST;
        gui_str_copy(auth.name, sizeof auth.name, g->guest);
    } else if (g->user && g->password_file) {
        char err[512];
        if (!cl_opts_read_password(g->password_file, auth.password, sizeof auth.password, err,
                                   sizeof err)) {
            gui_state_note(&a->st, GUI_NOTE_ERROR, "%s", err);
        } else {
            auth.mode = g->do_register ? CL_AUTH_REGISTER : CL_AUTH_LOGIN;
            gui_str_copy(auth.name, sizeof auth.name, g->user);
            if (g->email) gui_str_copy(auth.email, sizeof auth.email, g->email);
        }
    }
    if (g->user) {
        gui_str_copy(a->v.login_name, sizeof a->v.login_name, g->user);
        a->v.login_tab = g->do_register ? 1 : 0;
    }
    if (a->args.host)
        gui_ctl_host(&a->ctl, &a->st, &auth);
    else
        gui_ctl_connect(&a->ctl, &a->st, g->server, &auth, now);
    sodium_memzero(&auth, sizeof auth);
}

/* ---- one turn of the loop ------------------------------------------------------------------- */

/* Window events after which the target may no longer hold the last picture: the software
 * renderer's window surface is made anew at another size, and a compositor may hand back an
 * exposed window without its contents. The next frame is drawn whole. */
static bool gui_main_loses_pixels(Uint8 event)
{
    switch (event) {
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_RESIZED:
    case SDL_WINDOWEVENT_SIZE_CHANGED:
    case SDL_WINDOWEVENT_RESTORED:
    case SDL_WINDOWEVENT_DISPLAY_CHANGED:
        return true;
    default:
        return false;
    }
}

static void gui_main_event(gui_app *a, const SDL_Event *e, float ratio)
{
    if (e->type == SDL_QUIT) {
        a->running = false;
        return;
    }
    if (e->type == a->wake_event) {
        return; /* a datagram: gui_ctl_update reads it */
    }
    if (e->type == SDL_RENDER_TARGETS_RESET || e->type == SDL_RENDER_DEVICE_RESET) {
        ui_sdl_invalidate(a->r); /* the kept picture is gone with the textures */
        a->redraw = true;
        a->frame_wanted = true;
        return;
    }
    if (e->type == SDL_WINDOWEVENT) {
        if (gui_main_loses_pixels(e->window.event)) ui_sdl_invalidate(a->r);
        switch (e->window.event) {
        case SDL_WINDOWEVENT_FOCUS_GAINED:
            a->st.window_focused = true;
            break;
        case SDL_WINDOWEVENT_FOCUS_LOST:
            a->st.window_focused = false;
            break;
        case SDL_WINDOWEVENT_MOVED:
        case SDL_WINDOWEVENT_SIZE_CHANGED:
        case SDL_WINDOWEVENT_MAXIMIZED:
        case SDL_WINDOWEVENT_RESTORED:
            gui_main_remember_place(a);
            a->save_at = gui_main_now() + GUI_MAIN_SAVE_DELAY_MS;
            break;
        default:
            break;
        }
        a->redraw = true;
        a->frame_wanted = true;
        return;
    }
    if (a->args.o.verbose && e->type == SDL_KEYDOWN)
        fprintf(stderr, "parley: debug: key %s (text input %s, %u ms late)\n",
                SDL_GetKeyName(e->key.keysym.sym), SDL_IsTextInputActive() ? "on" : "off",
                (unsigned)(SDL_GetTicks() - e->key.timestamp));
    if (a->args.o.verbose && e->type == SDL_TEXTINPUT)
        fprintf(stderr, "parley: debug: text \"%s\"\n", e->text.text);
    if (gui_voice_ctl_event(a->voice, &a->st, e, gui_main_now())) { /* binding a key */
        a->frame_wanted = true;
        return;
    }
    if (ui_sdl_handle_event(&a->ui, e, ratio)) a->frame_wanted = true;
    if (a->ui.stats.events_dropped != a->seen_dropped) { /* gui_main_barrier should prevent it */
        a->seen_dropped = a->ui.stats.events_dropped;
        fprintf(stderr, "parley: input lost: more keys between two frames than the UI holds\n");
    }
}

/* True when a frame must run before the next event is fed: focus moves (Tab, a click) and
 * fields open (Enter, T, F2) at the end of a frame, so text typed after such a key has to
 * wait for that frame to land in the right field. */
static bool gui_main_barrier(const gui_app *a, const SDL_Event *e)
{
    /* the toolkit holds a fixed number of keys and bytes of text between two frames: when
     * keys piled up while the window was busy (a slow frame, the sound device opening), they
     * go in several frames instead of the rest being dropped (room is left for the text of
     * the key that ends the batch, fed below) */
    if (a->ui.event_count >= UI_EVENT_CAPACITY - 2 ||
        a->ui.input_text_len > UI_INPUT_TEXT_BYTES - 2 * SDL_TEXTINPUTEVENT_TEXT_SIZE)
        return true;
    if (e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP) return true;
    if (e->type != SDL_KEYDOWN) return false;
    SDL_Keycode k = e->key.keysym.sym;
    if (k == SDLK_TAB || k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_ESCAPE ||
        (k >= SDLK_F1 && k <= SDLK_F12))
        return true;
    ui_rect caret;
    return !ui_text_input_wanted(&a->ui, &caret); /* no field has the keyboard: may open one */
}

static void gui_main_actions(gui_app *a, int64_t now)
{
    for (int i = 0; i < a->v.actions.count; i++) {
        gui_action *act = &a->v.actions.v[i];
        switch (act->kind) {
        case GUI_ACT_SETTINGS:
            gui_main_apply(a);
            a->save_at = now + GUI_MAIN_SAVE_DELAY_MS;
            break;
        case GUI_ACT_COMPACT:
            gui_main_compact(a, act->number != 0);
            break;
        case GUI_ACT_TEST_SOUND:
            if (!gui_sound_play(a->sound, GUI_SOUND_CHIME, now))
                gui_state_note(&a->st, GUI_NOTE_WARNING, "No sound device to play on");
            break;
        case GUI_ACT_QUIT:
            a->running = false;
            break;
        default:
            gui_ctl_action(&a->ctl, &a->st, &a->v, act, now);
            break;
        }
    }
    if (a->v.actions.count) a->frame_wanted = true; /* the state changed: show it */
    gui_actions_clear(&a->v.actions);
}

/* The frame just drawn (before it is shown), for --screenshot-dir: saved once the window
 * has been still for GUI_MAIN_SHOT_QUIET_MS (the loop draws it again then). Reading the
 * window and writing a PNG takes about half a second in a sanitizer build, so a screenshot
 * taken while the person types would hold up the keys behind it. */
static void gui_main_shot(gui_app *a, int pw, int ph, int64_t now)
{
    if (!a->args.screenshot_dir) return;
    if (!a->shot_due || now < a->shot_due) {
        a->shot_due = now + GUI_MAIN_SHOT_QUIET_MS;
        return;
    }
    a->shot_due = 0;
    char path[1200], tmp[1210], err[256];
    snprintf(path, sizeof path, "%s/%s.png", a->args.screenshot_dir,
             a->v.compact ? "compact" : gui_screen_name(a->st.screen));
    snprintf(tmp, sizeof tmp, "%s.tmp", path); /* renamed over it: a reader never sees half */
    /* the window may have changed size since the frame was laid out (the compact window):
     * read no more than both sizes allow */
    int ow, oh;
    SDL_GetRendererOutputSize(a->ren, &ow, &oh);
    SDL_Rect rect = {0, 0, pw < ow ? pw : ow, ph < oh ? ph : oh};
    if (rect.w <= 0 || rect.h <= 0) return;
    SDL_Surface *s =
        SDL_CreateRGBSurfaceWithFormat(0, rect.w, rect.h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s || SDL_RenderReadPixels(a->ren, &rect, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch))
        fprintf(stderr, "parley: cannot read the window: %s\n", SDL_GetError());
    else if (!ui_png_write(tmp, s, err, sizeof err))
        fprintf(stderr, "parley: %s\n", err);
    else if (!cl_fs_replace(tmp, path))
        fprintf(stderr, "parley: cannot write %s\n", path);
    SDL_FreeSurface(s);
}

/* SDL turns key presses into text when it reads them from the system, before they are
 * handed out, and only while text input is on. If it were on only while a field has the
 * keyboard (ui_sdl_update_text_input), keys typed right after a Tab or an Enter that opens a
 * field would be read before the frame that switches it on, and lost. So it stays on, as SDL
 * has it by default on desktops; the IME's window follows the caret of the field in use. */
static void gui_main_text_input(const ui_context *ctx, float ratio)
{
    ui_rect caret;
    if (!SDL_IsTextInputActive()) SDL_StartTextInput();
    if (!ui_text_input_wanted(ctx, &caret)) return;
    float k = ratio > 0.0f ? 1.0f / ratio : 1.0f;
    SDL_Rect r = {(int)((float)caret.x * k), (int)((float)caret.y * k),
                  (int)((float)caret.w * k) > 0 ? (int)((float)caret.w * k) : 1,
                  (int)((float)caret.h * k)};
    SDL_SetTextInputRect(&r);
}

/* What the view shows beyond its widgets' own state: a change made at the end of a frame
 * (F2, Enter opening the overlay input, a dialog, another screen) needs the next frame now,
 * before more input arrives, so that the field it opens has the keyboard in time. */
static uint32_t gui_main_view_sig(const gui_app *a)
{
    const gui_view *v = &a->v;
    const gui_state *st = &a->st;
    uint32_t flags = (uint32_t)v->overlay | (uint32_t)v->overlay_typing << 1 |
                     (uint32_t)v->compact << 2 | (uint32_t)v->search_open << 3 |
                     (uint32_t)v->status_open << 4 | (uint32_t)v->link_open << 5 |
                     (uint32_t)v->create_open << 6 | (uint32_t)v->join_open << 7 |
                     (uint32_t)v->focus_input << 8 | (uint32_t)st->password_prompt << 9 |
                     (uint32_t)st->identity_prompt << 10 | (uint32_t)st->stopped_prompt << 11;
    return flags ^ (uint32_t)st->screen << 16 ^ st->current_room * 2654435761u;
}

static void gui_main_frame(gui_app *a, int64_t now, float ratio, int pw, int ph)
{
    uint32_t sig = gui_main_view_sig(a);
    if (now >= a->tz_at) { /* daylight saving may start while the window is open */
        a->st.utc_offset_s = gui_plat_utc_offset((int64_t)time(NULL));
        a->tz_at = now + 60000;
    }
    float scale = ratio * a->applied_scale;
    ui_set_scale(&a->ui, scale < 0.5f ? 0.5f : scale > 8.0f ? 8.0f : scale);
    a->v.now_ms = now;
    a->v.wall_ms = (uint64_t)time(NULL) * 1000u;
    ui_id focus = a->ui.focus, modal = a->ui.modal_prev;
    ui_begin(&a->ui, pw, ph, now);
    if (a->v.compact)
        gui_view_compact(&a->v, &a->st, &a->ui);
    else
        gui_view_frame(&a->v, &a->st, &a->ui);
    ui_end(&a->ui);
    gui_main_text_input(&a->ui, ratio);
    ui_sdl_update_cursor(a->r, &a->ui);
    int64_t in = ui_next_frame_in(&a->ui);
    a->ui_due = in >= 0 ? now + in : -1;
    /* focus moved at the end of the frame (Tab, a dialog opening or closing): the widget
     * that has it now must be drawn as focused — and a text field must switch text input on —
     * before the next key arrives */
    if (a->ui.focus != focus || a->ui.modal_prev != modal) a->frame_wanted = true;
    a->seen_changes = a->st.changes;
    gui_main_actions(a, now);
    if (a->v.compact && !a->st.logged_in) gui_main_compact(a, false);
    if (gui_main_view_sig(a) != sig || a->v.focus_input) a->frame_wanted = true;

    uint32_t hash = ui_frame_hash(&a->ui);
    if (hash != a->last_hash || a->redraw) { /* an identical frame is not drawn again */
        /* only the tiles whose commands changed are redrawn; the rest is the kept picture */
        ui_sdl_render_retained(a->r, &a->ui, (ui_color){0, 0, 0, 255});
        gui_main_shot(a, pw, ph, now);
        SDL_RenderPresent(a->ren);
        a->last_hash = hash;
        a->redraw = false;
        if (a->trace && !gui_trace_write(a->trace, &a->st, &a->v))
            fprintf(stderr, "parley: cannot write the trace file %s\n", a->trace);
    }
}

/* Another screen is about to be shown (a command typed, an answer from the server, a
 * button): the caret goes to its message field, so what is typed next is not lost. */
static void gui_main_screen_opened(gui_app *a)
{
    if (a->v.compact) return;
    if ((a->st.screen == GUI_SCREEN_ROOM && !a->v.overlay) || a->st.screen == GUI_SCREEN_DMS)
        a->v.focus_input = true;
}

/* How long the loop may sleep. */
static int gui_main_wait(const gui_app *a, int64_t now)
{
    if (a->frame_wanted || a->redraw) return 0;
    int64_t wait = -1;
#define GUI_MAIN_WAIT_UNTIL(at)                                                                    \
    do {                                                                                           \
        int64_t at_ = (at);                                                                        \
        if (at_ > 0 && (wait < 0 || at_ - now < wait)) wait = at_ > now ? at_ - now : 0;           \
    } while (0)
    GUI_MAIN_WAIT_UNTIL(a->ui_due);
    GUI_MAIN_WAIT_UNTIL(a->v.wake_at);
    GUI_MAIN_WAIT_UNTIL(a->save_at);
    GUI_MAIN_WAIT_UNTIL(a->shot_due);
    GUI_MAIN_WAIT_UNTIL(gui_call_ring_next(&a->st));
    if (a->args.quit_after_ms) GUI_MAIN_WAIT_UNTIL(a->start_ms + a->args.quit_after_ms);
#undef GUI_MAIN_WAIT_UNTIL
    int c = gui_ctl_next(&a->ctl, now);
    if (c >= 0 && (wait < 0 || c < wait)) wait = c;
    c = gui_voice_ctl_next(a->voice);
    if (c >= 0 && (wait < 0 || c < wait)) wait = c;
    return wait > 1000000 ? 1000000 : (int)wait;
}

static void gui_main_loop(gui_app *a)
{
    a->running = true;
    a->frame_wanted = true;
    while (a->running) {
        int64_t now = gui_main_now();
        int ww, wh, pw, ph;
        SDL_GetWindowSize(a->win, &ww, &wh);
        SDL_GetRendererOutputSize(a->ren, &pw, &ph);
        float ratio = ww > 0 ? (float)pw / (float)ww : 1.0f;
        int wait = gui_main_wait(a, now);
        SDL_Event e;
        bool got = wait < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, wait);
        for (; got; got = SDL_PollEvent(&e)) {
            gui_main_event(a, &e, ratio);
            if (gui_main_barrier(a, &e)) {
                /* the key's own text (the "t" of T) belongs to this frame, not to the field
                 * the key is about to open */
                SDL_Event next;
                if (e.type == SDL_KEYDOWN &&
                    SDL_PeepEvents(&next, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) == 1 &&
                    next.type == SDL_TEXTINPUT && SDL_PollEvent(&next))
                    gui_main_event(a, &next, ratio);
                a->frame_wanted = true; /* the rest waits in SDL's queue for the next turn */
                break;
            }
        }
        now = gui_main_now();
        if (a->args.quit_after_ms && now - a->start_ms >= a->args.quit_after_ms) a->running = false;
        if (gui_ctl_update(&a->ctl, &a->st, &a->v, now)) a->frame_wanted = true;
        if (gui_voice_ctl_update(a->voice, a->ctl.s, &a->st, now)) a->frame_wanted = true;
        gui_sound_update(a->sound, now);
        if (a->st.dings != a->seen_dings) {
            a->seen_dings = a->st.dings;
            if (a->st.settings.sound) gui_sound_play(a->sound, GUI_SOUND_CHIME, now);
        }
        /* a call ringing for us rings again every few seconds until it is answered or gone */
        if (gui_call_ring_due(&a->st, now) && a->st.settings.sound)
            gui_sound_play(a->sound, GUI_SOUND_RING, now);
        if (a->save_at && now >= a->save_at) gui_main_save(a);
        if (a->shot_due && now >= a->shot_due) a->redraw = true; /* the frame not yet saved */
        gui_main_apply(a);
        bool due =
            (a->ui_due >= 0 && now >= a->ui_due) || (a->v.wake_at >= 0 && now >= a->v.wake_at);
        if (a->frame_wanted || a->redraw || due || a->st.changes != a->seen_changes ||
            a->st.screen != a->last_screen) {
            /* a frame that moved the focus or opened a field gets its follow-up at once,
             * before SDL reads more keys from the system: keys are turned into text only
             * while text input is on, which the follow-up frame switches on */
            for (int settle = 0; settle < 3; settle++) {
                a->frame_wanted = false;
                if (a->st.screen != a->last_screen) gui_main_screen_opened(a);
                a->last_screen = a->st.screen;
                SDL_GetWindowSize(a->win, &ww, &wh);
                SDL_GetRendererOutputSize(a->ren, &pw, &ph);
                ratio = ww > 0 ? (float)pw / (float)ww : 1.0f;
                gui_main_frame(a, now, ratio, pw, ph);
                if (!a->frame_wanted || a->redraw) break;
            }
        }
    }
}

/* SDL's software renderer draws straight into the window surface, which SDL_RenderPresent
 * only copies to the screen (SDL_UpdateWindowSurface) and which lives until the window
 * changes size (gui_main_loses_pixels): the retained renderer can then redraw the changed
 * tiles in place, with no picture of its own to copy out every frame. A GPU renderer's back
 * buffer is undefined after a present, so it keeps its picture in a texture. */
static bool gui_main_target_keeps_pixels(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(ren, &info) != 0) return false;
    return (info.flags & SDL_RENDERER_SOFTWARE) != 0 && strcmp(info.name, "software") == 0;
}

/* No font: say so with rectangles only until the window is closed. */
static int gui_main_no_font(gui_app *a, const char *why)
{
    fprintf(stderr, "parley: %s\n", why);
    bool running = true;
    while (running) {
        ui_sdl_message_screen(a->ren, "Parley cannot show text", why, a->st.settings.dark);
        SDL_RenderPresent(a->ren);
        SDL_Event e;
        if (!SDL_WaitEvent(&e)) break;
        do {
            if (e.type == SDL_QUIT) running = false;
        } while (SDL_PollEvent(&e));
        if (a->args.quit_after_ms && gui_main_now() - a->start_ms >= a->args.quit_after_ms)
            running = false;
    }
    return 1;
}

/* Voice runs on the session: it stops before the session goes. */
static void gui_main_voice_stop(void *voice)
{
    gui_voice_ctl_stop(voice);
}

static int gui_main_run(gui_app *a)
{
    char err[1024];
    if (!cl_home_resolve(a->args.o.home, a->home, sizeof a->home, err, sizeof err)) {
        fprintf(stderr, "parley: %s\n", err);
        SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "Parley", err, NULL);
        return 1;
    }
    gui_settings settings = gui_settings_default();
    if (!gui_settings_path(a->home, a->settings_path, sizeof a->settings_path)) {
        fprintf(stderr, "parley: the home folder's path is too long\n");
        return 1;
    }
    if (!gui_settings_load(a->settings_path, &settings, err, sizeof err) || err[0])
        fprintf(stderr, "parley: %s: %s\n", a->settings_path, err);
    gui_state_init(&a->st, &settings);
    gui_view_init(&a->v);
    gui_str_copy(a->v.config_path, sizeof a->v.config_path, a->settings_path);
    gui_str_copy(a->v.address, sizeof a->v.address, settings.server);
    gui_str_copy(a->v.login_name, sizeof a->v.login_name, settings.name);
    a->trace = getenv("PARLEY_GUI_TRACE");
    if (a->trace && !a->trace[0]) a->trace = NULL;

    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "parley: cannot start SDL: %s\n", SDL_GetError());
        return 1;
    }
    a->start_ms = gui_main_now();
    int rc = 1;
    if (!gui_main_window(a)) goto out;
    ui_sdl_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.renderer = a->ren;
    desc.font_path = a->args.font;
    desc.target_keeps_pixels = gui_main_target_keeps_pixels(a->ren);
    if (ui_sdl_create(&desc, &a->r, err, sizeof err) != UI_SDL_OK) {
        rc = gui_main_no_font(a, err);
        goto out;
    }
    ui_text_measurer m = ui_sdl_measurer(a->r);
    a->applied_dark = settings.dark;
    a->applied_scale = settings.scale;
    ui_theme theme = settings.dark ? ui_theme_dark() : ui_theme_light();
    ui_init(&a->ui, &m, &theme);
    ui_clipboard clip = ui_sdl_clipboard();
    ui_set_clipboard(&a->ui, &clip);
    a->sound = gui_sound_create();
    a->wake_event = SDL_RegisterEvents(1);
    a->voice = gui_voice_ctl_create();
    if (!a->voice) {
        fprintf(stderr, "parley: out of memory\n");
        goto out;
    }
    gui_ctl_config cc;
    memset(&cc, 0, sizeof cc);
    cc.home = a->home;
    cc.discover_addr = a->args.o.discover_addr;
    cc.trust_new_key = a->args.o.trust_new_key;
    cc.verbose = a->args.o.verbose;
    cc.wake_event = a->wake_event;
    cc.on_close = gui_main_voice_stop;
    cc.on_close_user = a->voice;
    if (!gui_ctl_init(&a->ctl, &cc)) {
        fprintf(stderr, "parley: out of memory\n");
        goto out;
    }
    int64_t now = gui_main_now();
    if (a->args.o.server || a->args.host)
        gui_main_connect_args(a, now);
    else
        gui_ctl_discover(&a->ctl, &a->st, now);
    if (a->args.overlay) {
        if (a->args.o.server || a->args.host)
            gui_main_compact(a, true);
        else
            gui_state_note(&a->st, GUI_NOTE_INFO, "The compact window opens once you are in");
    }
    gui_main_loop(a);
    gui_main_remember_place(a);
    gui_main_save(a);
    gui_ctl_quit(&a->ctl, &a->st, GUI_MAIN_QUIT_LINGER, gui_main_now);
    gui_ctl_free(&a->ctl, &a->st);
    rc = 0;
out:
    gui_voice_ctl_destroy(a->voice);
    gui_sound_destroy(a->sound);
    gui_state_free(&a->st);
    ui_sdl_destroy(a->r);
    if (a->ren) SDL_DestroyRenderer(a->ren);
    if (a->win) SDL_DestroyWindow(a->win);
    SDL_Quit();
    return rc;
}

int main(int argc, char **argv)
{
    static gui_app app; /* large (the UI context, the chat logs): not on the stack */
    char err[512];
    if (!gui_args_parse(argc, argv, &app.args, err, sizeof err)) {
        fprintf(stderr, "parley: %s\n", err);
        return 2;
    }
    if (app.args.o.help) {
        fputs(gui_args_help(), stdout);
        return 0;
    }
    if (app.args.o.version) {
        printf("parley %s (protocol %u)\n", CL_VERSION, (unsigned)MSG_PROTOCOL_VERSION);
        return 0;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "parley: the crypto library did not start\n");
        return 1;
    }
    if (app.args.screenshots) {
        int bad = gui_shot_all(app.args.screenshots, app.args.font);
        return bad < 0 ? 1 : bad > 0 ? 3 : 0;
    }
    return gui_main_run(&app);
}
