/* gui_shot.c — offscreen, checked screenshots of every screen (see gui_shot.h). */
#include "gui_shot.h"

#include "ui_png.h"
#include "ui_sdl.h"

#include <SDL.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GUI_SHOT_NOW       100000           /* the local clock of every shot */
#define GUI_SHOT_WALL      1767268800000ull /* 2026-01-01 12:00 UTC: stable message times */
#define GUI_SHOT_COMPACT_W 420
#define GUI_SHOT_COMPACT_H 280

typedef struct gui_shot_ctx {
    ui_context ui;
    gui_state st;
    gui_view v;
    gui_demo demo;
} gui_shot_ctx;

static void gui_shot_frames(gui_shot_ctx *c, const gui_shot *shot)
{
    int64_t t = GUI_SHOT_NOW;
    /* a few frames: the first one asks for the conversation, the later ones settle */
    for (int i = 0; i < 3; i++) {
        c->v.now_ms = t;
        ui_begin(&c->ui, shot->w, shot->h, t);
        if (shot->scene == GUI_DEMO_COMPACT)
            gui_view_compact(&c->v, &c->st, &c->ui);
        else
            gui_view_frame(&c->v, &c->st, &c->ui);
        ui_end(&c->ui);
        gui_actions_clear(&c->v.actions);
        t += 16;
    }
}

bool gui_shot_draw(const gui_shot *shot, const char *path, gui_shot_result *res, char *err,
                   size_t errcap)
{
    memset(res, 0, sizeof *res);
    SDL_Surface *surface =
        SDL_CreateRGBSurfaceWithFormat(0, shot->w, shot->h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!ren) {
        snprintf(err, errcap, "software renderer: %s", SDL_GetError());
        SDL_FreeSurface(surface);
        return false;
    }
    gui_shot_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errcap, "out of memory");
        SDL_DestroyRenderer(ren);
        SDL_FreeSurface(surface);
        return false;
    }
    bool ok = true;
    char why[1024];
    ui_sdl *r = NULL;
    ui_sdl_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.renderer = ren;
    desc.font_path = shot->font;
    if (ui_sdl_create(&desc, &r, why, sizeof why) != UI_SDL_OK) {
        ui_sdl_message_screen(ren, "Parley cannot show text", why, shot->dark);
        res->no_font = true;
    } else {
        ui_text_measurer m = ui_sdl_measurer(r);
        ui_theme theme = shot->dark ? ui_theme_dark() : ui_theme_light();
        ui_init(&c->ui, &m, &theme);
        ui_set_scale(&c->ui, shot->scale);
        gui_settings s = gui_settings_default();
        s.dark = shot->dark;
        gui_state_init(&c->st, &s);
        gui_view_init(&c->v);
        gui_demo_fill(&c->demo, &c->st, &c->v, shot->scene, GUI_SHOT_NOW, GUI_SHOT_WALL);
        gui_shot_frames(c, shot);
        if (path) { /* pixels only when they are wanted: the check needs the commands */
            SDL_SetRenderDrawColor(ren, 0, 0, 0, 255);
            SDL_RenderClear(ren);
            ui_sdl_render(r, &c->ui);
        }
        ui_check_frame(&c->ui, &res->check);
        res->commands = ui_get_stats(&c->ui).commands;
        gui_state_free(&c->st);
    }
    if (path && !ui_png_write(path, surface, err, (int)errcap)) ok = false;
    ui_sdl_destroy(r);
    free(c);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surface);
    return ok;
}

int gui_shot_all(const char *dir, const char *font)
{
    static const struct {
        int w, h;
        float scale;
        const char *tag;
    } sizes[] = {
        {1280, 720, 1.0f, "1280x720"}, {800, 600, 1.0f, "800x600"}, {2560, 1440, 2.0f, "2x"}};
    int bad = 0;
    for (int s = 0; s < GUI_DEMO_COUNT; s++) {
        for (int k = 0; k < 3; k++) {
            for (int dark = 0; dark < 2; dark++) {
                /* dark: the main screens once each, at 1280x720 */
                if (dark && (k != 0 || (s != GUI_DEMO_ROOM && s != GUI_DEMO_ROOM_OVERLAY &&
                                        s != GUI_DEMO_LOBBY && s != GUI_DEMO_COMPACT)))
                    continue;
                gui_shot shot = {(gui_demo_scene)s, sizes[k].w, sizes[k].h,
                                 sizes[k].scale,    dark != 0,  font};
                if (s == GUI_DEMO_COMPACT) {
                    shot.w = (int)(GUI_SHOT_COMPACT_W * shot.scale);
                    shot.h = (int)(GUI_SHOT_COMPACT_H * shot.scale);
                    if (k == 1) continue; /* the compact window has one size */
                }
                char path[1024], err[512];
                snprintf(path, sizeof path, "%s/%s-%s%s.png", dir ? dir : ".",
                         gui_demo_name(shot.scene), sizes[k].tag, dark ? "-dark" : "");
                static gui_shot_result res;
                if (!gui_shot_draw(&shot, dir ? path : NULL, &res, err, sizeof err)) {
                    fprintf(stderr, "parley: %s: %s\n", path, err);
                    return -1;
                }
                /* shortened text ("...") counts as clipped: every screen must fit */
                bool fits = !res.check.problems && !res.check.ellipsized && !res.no_font;
                if (dir || !fits)
                    printf("%s: %d commands, %d problems, %d shortened%s\n", path, res.commands,
                           res.check.problems, res.check.ellipsized,
                           res.no_font ? " (no font)" : "");
                if (!fits) {
                    fprintf(stderr, "%s", res.check.text);
                    bad++;
                }
            }
        }
    }
    /* the screen shown when no font can be found, drawn with rectangles alone */
    if (!dir) return bad;
    gui_shot shot = {GUI_DEMO_START, 800, 600, 1.0f, false, "/nonexistent/font.ttf"};
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/no-font-800x600.png", dir);
    static gui_shot_result res;
    if (!gui_shot_draw(&shot, path, &res, err, sizeof err)) {
        fprintf(stderr, "parley: %s: %s\n", path, err);
        return -1;
    }
    printf("%s: the no-font screen\n", path);
    return bad;
}
