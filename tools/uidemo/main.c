/* uidemo — every widget of the UI toolkit in a window, or one frame written to a PNG.
 *
 *   uidemo [--size WxH] [--scale S] [--theme light|dark] [--font PATH]
 *   uidemo --screenshot FILE [--size WxH] [--scale S] [--theme dark] [--page chat|widgets]
 *          [--dialog] [--toast] [--hover X,Y] [--messages N] [--font PATH]
 *   uidemo ... --quit-after MS [--dump FILE]   (window: stop after MS, write the last frame)
 *
 * The screenshot is drawn offscreen with SDL's software renderer (no display needed) and
 * checked with ui_check; the exit code is 0 when the layout is clean, 3 when the checker
 * found problems, 2 when no font could be loaded (the PNG then shows the no-font screen).
 * In the window the loop sleeps on events until the UI says something will change. */
#include "ui.h"
#include "ui_check.h"
#include "ui_gallery.h"
#include "ui_png.h"
#include "ui_sdl.h"

#include <SDL.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct demo_options {
    const char *screenshot, *font, *dump;
    int w, h, messages, hover_x, hover_y, quit_after;
    float scale;
    bool dark, dialog, toast, hover;
    int page;
} demo_options;

static void demo_usage(void)
{
    fprintf(stderr,
            "usage: uidemo [--screenshot FILE] [--size WxH] [--scale S] [--theme light|dark]\n"
            "              [--page chat|widgets] [--dialog] [--toast] [--hover X,Y]\n"
            "              [--messages N] [--font PATH] [--quit-after MS] [--dump FILE]\n");
}

static bool demo_parse(int argc, char **argv, demo_options *o)
{
    memset(o, 0, sizeof *o);
    o->w = 1280;
    o->h = 720;
    o->scale = 1.0f;
    o->messages = 200;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--dialog") == 0) {
            o->dialog = true;
        } else if (strcmp(a, "--toast") == 0) {
            o->toast = true;
        } else if (!v) {
            return false;
        } else if (strcmp(a, "--screenshot") == 0) {
            o->screenshot = v, i++;
        } else if (strcmp(a, "--dump") == 0) {
            o->dump = v, i++;
        } else if (strcmp(a, "--quit-after") == 0) {
            o->quit_after = atoi(v), i++;
        } else if (strcmp(a, "--font") == 0) {
            o->font = v, i++;
        } else if (strcmp(a, "--size") == 0) {
            if (sscanf(v, "%dx%d", &o->w, &o->h) != 2 || o->w < 64 || o->h < 64) return false;
            i++;
        } else if (strcmp(a, "--scale") == 0) {
            o->scale = (float)atof(v), i++;
            if (o->scale < 0.5f || o->scale > 4.0f) return false;
        } else if (strcmp(a, "--theme") == 0) {
            o->dark = strcmp(v, "dark") == 0, i++;
        } else if (strcmp(a, "--page") == 0) {
            o->page = strcmp(v, "widgets") == 0, i++;
        } else if (strcmp(a, "--messages") == 0) {
            o->messages = atoi(v), i++;
        } else if (strcmp(a, "--hover") == 0) {
            if (sscanf(v, "%d,%d", &o->hover_x, &o->hover_y) != 2) return false;
            o->hover = true, i++;
        } else {
            return false;
        }
    }
    return true;
}

static ui_sdl *demo_renderer(SDL_Renderer *ren, const demo_options *o, char *why, size_t cap)
{
    ui_sdl_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.renderer = ren;
    desc.font_path = o->font;
    ui_sdl *r = NULL;
    ui_sdl_result res = ui_sdl_create(&desc, &r, why, cap);
    if (res != UI_SDL_OK) fprintf(stderr, "uidemo: %s: %s\n", ui_sdl_result_name(res), why);
    return r;
}

static int demo_screenshot(const demo_options *o)
{
    SDL_Surface *surface =
        SDL_CreateRGBSurfaceWithFormat(0, o->w, o->h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!ren) {
        fprintf(stderr, "uidemo: software renderer: %s\n", SDL_GetError());
        return 1;
    }
    char why[1024], err[256];
    int rc = 0;
    ui_sdl *r = demo_renderer(ren, o, why, sizeof why);
    static ui_context ctx;
    static ui_gallery g;
    if (!r) {
        ui_sdl_message_screen(ren, "Parley cannot show text", why, o->dark);
        rc = 2;
    } else {
        ui_text_measurer m = ui_sdl_measurer(r);
        ui_theme theme = o->dark ? ui_theme_dark() : ui_theme_light();
        ui_init(&ctx, &m, &theme);
        ui_set_scale(&ctx, o->scale);
        ui_gallery_init(&g, o->messages);
        g.page = o->page;
        g.dialog_open = o->dialog;
        if (o->hover) ui_input_mouse_move(&ctx, o->hover_x, o->hover_y);
        /* a few frames, far enough apart for the tooltip delay */
        int64_t t = 10000;
        for (int i = 0; i < 3; i++) {
            if (i == 1 && o->toast) ui_toast(&ctx, "Settings saved", UI_TOAST_SUCCESS, 4000);
            ui_begin(&ctx, o->w, o->h, t);
            ui_gallery_frame(&g, &ctx);
            ui_end(&ctx);
            t += 400;
        }
        SDL_SetRenderDrawColor(ren, 0, 0, 0, 255);
        SDL_RenderClear(ren);
        ui_sdl_render(r, &ctx);
        ui_check_report rep;
        int problems = ui_check_frame(&ctx, &rep);
        ui_stats us = ui_get_stats(&ctx);
        ui_sdl_stats ss = ui_sdl_get_stats(r);
        printf("%s: %dx%d at %.1fx, %d commands, %d widgets, %llu strings rasterized, "
               "layout: %d problems, %d shortened\n",
               o->screenshot, o->w, o->h, (double)o->scale, us.commands, us.records,
               (unsigned long long)ss.rasterized, problems, rep.ellipsized);
        if (problems) {
            fprintf(stderr, "%s", rep.text);
            rc = 3;
        }
    }
    if (!ui_png_write(o->screenshot, surface, err, sizeof err)) {
        fprintf(stderr, "uidemo: %s\n", err);
        rc = 1;
    }
    ui_sdl_destroy(r);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surface);
    return rc;
}

/* The frame just drawn (before it is presented) as a PNG. */
static void demo_dump(SDL_Renderer *ren, int w, int h, const char *path)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    char err[256];
    if (!s || SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
        fprintf(stderr, "uidemo: cannot read the window: %s\n", SDL_GetError());
    else if (!ui_png_write(path, s, err, sizeof err))
        fprintf(stderr, "uidemo: %s\n", err);
    SDL_FreeSurface(s);
}

static int demo_window(const demo_options *o)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "uidemo: SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
    SDL_Window *win =
        SDL_CreateWindow("Parley UI demo", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o->w,
                         o->h, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_PRESENTVSYNC) : NULL;
    if (!ren && win) ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!ren) {
        fprintf(stderr, "uidemo: no window: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    char why[1024];
    ui_sdl *r = demo_renderer(ren, o, why, sizeof why);
    static ui_context ctx;
    static ui_gallery g;
    if (r) {
        ui_text_measurer m = ui_sdl_measurer(r);
        ui_theme theme = o->dark ? ui_theme_dark() : ui_theme_light();
        ui_init(&ctx, &m, &theme);
        ui_clipboard clip = ui_sdl_clipboard();
        ui_set_clipboard(&ctx, &clip);
        ui_gallery_init(&g, o->messages);
    }
    bool dark = o->dark, running = true, redraw = true;
    uint32_t last_hash = 0;
    Uint64 start = SDL_GetTicks64();
    while (running) {
        if (o->quit_after > 0 && SDL_GetTicks64() - start >= (Uint64)o->quit_after) running = false;
        int ww, wh, pw, ph;
        SDL_GetWindowSize(win, &ww, &wh);
        SDL_GetRendererOutputSize(ren, &pw, &ph);
        float ratio = ww > 0 ? (float)pw / (float)ww : 1.0f;
        /* sleep until input, or until the UI (or the demo's level meters) will change */
        int64_t wait = r ? ui_next_frame_in(&ctx) : -1;
        if (r && (wait < 0 || wait > 50)) wait = 50; /* the meters animate at 20 fps */
        SDL_Event e;
        bool got = wait < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, (int)wait);
        while (got) {
            if (e.type == SDL_QUIT) running = false;
            if (e.type == SDL_WINDOWEVENT) redraw = true;
            if (r) ui_sdl_handle_event(&ctx, &e, ratio);
            got = SDL_PollEvent(&e);
        }
        if (!r) {
            ui_sdl_message_screen(ren, "Parley cannot show text", why, dark);
            SDL_RenderPresent(ren);
            continue;
        }
        ui_set_scale(&ctx, ratio * o->scale);
        ui_begin(&ctx, pw, ph, (int64_t)SDL_GetTicks64());
        ui_gallery_frame(&g, &ctx);
        ui_end(&ctx);
        if (g.theme_changed) {
            g.theme_changed = false;
            dark = !dark;
            ui_theme t = dark ? ui_theme_dark() : ui_theme_light();
            ui_set_theme(&ctx, &t);
        }
        ui_sdl_update_text_input(&ctx, ratio);
        ui_sdl_update_cursor(r, &ctx);
        uint32_t hash = ui_frame_hash(&ctx);
        if (hash != last_hash || redraw || (!running && o->dump)) { /* identical: not drawn again */
            SDL_SetRenderDrawColor(ren, 0, 0, 0, 255);
            SDL_RenderClear(ren);
            ui_sdl_render(r, &ctx);
            if (!running && o->dump) demo_dump(ren, pw, ph, o->dump);
            SDL_RenderPresent(ren);
            last_hash = hash;
            redraw = false;
        }
    }
    ui_sdl_destroy(r);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return 0;
}

int main(int argc, char **argv)
{
    demo_options o;
    if (!demo_parse(argc, argv, &o)) {
        demo_usage();
        return 1;
    }
    return o.screenshot ? demo_screenshot(&o) : demo_window(&o);
}
