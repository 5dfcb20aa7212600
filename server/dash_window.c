/* dash_window.c — the dashboard's SDL window, driven by the server loop (see dash_window.h). */
#include "dash_window.h"

#include "dash.h"
#include "log.h"
#include "ui_sdl.h"

#include <SDL.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DASH_WINDOW_UPDATE_S   0.02 /* events and data are looked at 50 times a second */
#define DASH_WINDOW_FRAME_MS   33   /* at most ~30 frames a second */
#define DASH_WINDOW_COLLECT_MS 1000 /* users, rooms, links and counters */
#define DASH_WINDOW_BUDGET     4    /* after a frame that took t ms, wait at least 4 t */
#define DASH_WINDOW_ANSWER     8192 /* a console answer */

struct dash_window {
    SDL_Window *win;
    SDL_Renderer *ren;
    ui_sdl *r; /* NULL: no font, the window shows why */
    char no_font[1024];
    bool dark;
    float scale, ratio;
    ui_context ui;
    dash *d;
    srv_observer obs;
    int64_t next_collect, next_render, wake_at;
    uint32_t log_changes, drawn_hash;
    bool build, pending, redraw;
    uint64_t frames;
    double draw_ms; /* the last frame's */
    char answer[DASH_WINDOW_ANSWER];
};

static void dash_window_time(char *out, size_t cap)
{
    time_t now = time(NULL);
    const struct tm *tm = localtime(&now); /* the loop's thread only */
    if (!tm || !strftime(out, cap, "%H:%M:%S", tm)) snprintf(out, cap, "--:--:--");
}

/* Carries out what the operator asked for; true when something was done. */
static bool dash_window_act(dash_window *w, srv *s, const dash_request *rq)
{
    bool acted = false;
    if (rq->command) {
        bool ok = srv_command(s, w->d->command_line, w->answer, sizeof w->answer);
        char time[16];
        dash_window_time(time, sizeof time);
        dash_console_answer(w->d, time, w->d->command_line, ok, w->answer);
        acted = true;
    }
    if (rq->stop) {
        srv_listen_stop(s, "the operator stopped the server");
        acted = true;
    }
    if (rq->listen_port) {
        char err[DASH_ERROR_BYTES];
        bool ok = srv_listen_start(s, rq->listen_port, err, sizeof err);
        dash_listen_result(w->d, ok, ok ? NULL : err);
        acted = true;
    }
    if (rq->quit) {
        log_info("the operator shut the server down from the dashboard");
        srv_quit(s);
        acted = true;
    }
    if (acted) w->next_collect = 0; /* show the new state at once */
    return acted;
}

static void dash_window_build(dash_window *w, srv *s, int64_t now)
{
    int ww, wh, pw, ph;
    SDL_GetWindowSize(w->win, &ww, &wh);
    if (SDL_GetRendererOutputSize(w->ren, &pw, &ph) != 0) {
        pw = ww;
        ph = wh;
    }
    w->ratio = ww > 0 ? (float)pw / (float)ww : 1.0f;
    ui_set_scale(&w->ui, w->ratio * w->scale);
    ui_begin(&w->ui, pw, ph, now);
    dash_request rq = dash_frame(w->d, &w->ui);
    ui_end(&w->ui);
    ui_sdl_update_text_input(&w->ui, w->ratio);
    ui_sdl_update_cursor(w->r, &w->ui);
    int64_t in = ui_next_frame_in(&w->ui);
    w->wake_at = in < 0 ? -1 : now + in;
    w->build = false;
    w->pending = ui_frame_hash(&w->ui) != w->drawn_hash;
    if (dash_window_act(w, s, &rq)) w->build = true; /* the outcome shows in the next frame */
}

static void dash_window_draw(dash_window *w, int64_t now)
{
    uint64_t start = SDL_GetPerformanceCounter();
    SDL_SetRenderDrawColor(w->ren, 0, 0, 0, 255);
    SDL_RenderClear(w->ren);
    ui_sdl_render(w->r, &w->ui);
    SDL_RenderPresent(w->ren);
    w->draw_ms = (double)(SDL_GetPerformanceCounter() - start) * 1000.0 /
                 (double)SDL_GetPerformanceFrequency();
    w->frames++;
    w->drawn_hash = ui_frame_hash(&w->ui);
    w->pending = w->redraw = false;
    int64_t gap = (int64_t)(w->draw_ms * DASH_WINDOW_BUDGET);
    w->next_render = now + (gap > DASH_WINDOW_FRAME_MS ? gap : DASH_WINDOW_FRAME_MS);
}

static void dash_window_update(void *user, srv *s, double now_s)
{
    (void)now_s;
    dash_window *w = user;
    int64_t now = (int64_t)SDL_GetTicks64();
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        if (e.type == SDL_QUIT) {
            if (dash_close_requested(w->d)) srv_quit(s);
            w->build = true;
            continue;
        }
        if (e.type == SDL_WINDOWEVENT) w->redraw = w->build = true;
        if (w->r && ui_sdl_handle_event(&w->ui, &e, w->ratio)) w->build = true;
    }
    if (now >= w->next_collect) {
        dash_collect(w->d, s, now);
        w->next_collect = now + DASH_WINDOW_COLLECT_MS;
        w->build = true;
    }
    if (w->d->log.changes != w->log_changes) {
        w->log_changes = w->d->log.changes;
        w->build = true;
    }
    if (w->wake_at >= 0 && now >= w->wake_at) w->build = true;
    if (!w->r) { /* no font: say so with rectangles, keep serving */
        if (w->redraw) {
            ui_sdl_message_screen(w->ren, "The dashboard cannot show text", w->no_font, w->dark);
            SDL_RenderPresent(w->ren);
            w->redraw = false;
        }
        return;
    }
    if (w->build) dash_window_build(w, s, now);
    if ((w->pending || w->redraw) && now >= w->next_render) dash_window_draw(w, now);
}

dash_window *dash_window_create(const dash_window_desc *desc, char *why, size_t cap)
{
    /* Ctrl-C and SIGTERM stay the server's own clean shutdown */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(why, cap, "no display for the dashboard (SDL: %s)", SDL_GetError());
        return NULL;
    }
    /* without X11 or Wayland SDL falls back to drivers that show nothing: that is no display,
     * unless someone asked for them (SDL_VIDEODRIVER=offscreen for tests) */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) &&
        !(asked && *asked)) {
        snprintf(why, cap,
                 "no display for the dashboard (no X11 or Wayland session here; set DISPLAY or "
                 "WAYLAND_DISPLAY, or leave out --gui)");
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    dash_window *w = calloc(1, sizeof *w);
    dash *d = calloc(1, sizeof *d);
    if (!w || !d) {
        snprintf(why, cap, "out of memory for the dashboard");
        free(w);
        free(d);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    w->d = d;
    w->dark = !desc->light;
    w->scale = desc->scale > 0.0f ? desc->scale : 1.0f;
    w->ratio = 1.0f;
    const char *name = desc->server_name && *desc->server_name ? desc->server_name : "Parley";
    char title[128];
    snprintf(title, sizeof title, "%s \xe2\x80\x94 Parley server", name);
    w->win = SDL_CreateWindow(
        title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, desc->width > 0 ? desc->width : 1280,
        desc->height > 0 ? desc->height : 720, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    /* no vsync: presenting must never hold the network loop until the next display refresh */
    if (w->win) w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED);
    if (w->win && !w->ren) w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->ren) {
        snprintf(why, cap, "cannot open the dashboard window (SDL: %s)", SDL_GetError());
        dash_window_destroy(w);
        return NULL;
    }
    SDL_SetWindowMinimumSize(w->win, 640, 480);
    ui_sdl_desc ud;
    memset(&ud, 0, sizeof ud);
    ud.renderer = w->ren;
    ud.font_path = desc->font_path;
    ui_sdl_result res = ui_sdl_create(&ud, &w->r, w->no_font, sizeof w->no_font);
    if (res != UI_SDL_OK)
        fprintf(stderr, "parley-server: dashboard: %s: %s\n", ui_sdl_result_name(res), w->no_font);
    ui_theme theme = w->dark ? ui_theme_dark() : ui_theme_light();
    if (w->r) {
        ui_text_measurer m = ui_sdl_measurer(w->r);
        ui_init(&w->ui, &m, &theme);
        ui_clipboard clip = ui_sdl_clipboard();
        ui_set_clipboard(&w->ui, &clip);
    }
    dash_init(d, &theme, name);
    log_set_hook(dash_log_hook, d);
    SDL_RendererInfo info;
    log_info("dashboard: SDL video driver %s, renderer %s", driver ? driver : "?",
             SDL_GetRendererInfo(w->ren, &info) == 0 ? info.name : "?");
    w->obs =
        (srv_observer){.update = dash_window_update, .interval = DASH_WINDOW_UPDATE_S, .user = w};
    w->wake_at = -1;
    w->build = w->redraw = true;
    return w;
}

const srv_observer *dash_window_observer(dash_window *w)
{
    return &w->obs;
}

void dash_window_destroy(dash_window *w)
{
    if (!w) return;
    log_set_hook(NULL, NULL);
    if (w->frames)
        log_debug("dashboard: %llu frames drawn, the last in %.1f ms",
                  (unsigned long long)w->frames, w->draw_ms);
    ui_sdl_destroy(w->r);
    if (w->ren) SDL_DestroyRenderer(w->ren);
    if (w->win) SDL_DestroyWindow(w->win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(w->d);
    free(w);
}
