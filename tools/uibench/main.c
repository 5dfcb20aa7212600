/* uibench — frame times of the UI toolkit: building the frame (ui.c) and drawing it (ui_sdl.c
 * on SDL's software renderer, offscreen), p50 and p99, against an empty frame measured in the
 * same run.
 *
 *   uibench [--frames N] [--size WxH] [--scale S] [--messages N] [--retained in-place|texture]
 *           [--only SCENARIO]
 *
 * Scenarios: "empty" (ui_begin/ui_end, a clear and a full draw of nothing: the machine's
 * own noise), "chat" (the room screen with 500 messages in the log and 100 members, a new
 * message every 10 frames, moving level meters and the mouse moving over the member list),
 * "scroll" (the same while scrolling back through the history a few lines per frame, so new
 * lines keep appearing) and "idle" (a frame with nothing changing: the renderer is skipped
 * when the frame hash is unchanged). They are drawn with ui_sdl_render_retained (only the
 * changed tiles redrawn; by default in place, as SDL's software renderer on a surface
 * allows); "chat-full" and "scroll-full" are the same frames drawn whole (clear +
 * ui_sdl_render), the baseline, in the same run. The software renderer is much slower than
 * a GPU one, so "draw" is an upper bound. */
#include "ui.h"
#include "ui_gallery.h"
#include "ui_sdl.h"

#include <SDL.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bench_times {
    double *build, *draw, *total;
    int n;
} bench_times;

typedef enum bench_kind { BENCH_EMPTY, BENCH_CHAT, BENCH_SCROLL, BENCH_IDLE } bench_kind;

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double bench_pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp);
    int i = (int)(p * (double)(n - 1) + 0.5);
    return v[i];
}

static double bench_ms(Uint64 a, Uint64 b)
{
    return (double)(b - a) * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

static ui_context ctx;
static ui_gallery g;

/* Draws one built frame. Its own function so that `valgrind --tool=callgrind
 * --toggle-collect=bench_draw` counts the drawing alone, which a loaded machine cannot skew. */
static void bench_draw(ui_sdl *r, SDL_Renderer *ren, bool full)
{
    if (full) {
        SDL_SetRenderDrawColor(ren, 0, 0, 0, 255);
        SDL_RenderClear(ren);
        ui_sdl_render(r, &ctx);
    } else {
        ui_sdl_render_retained(r, &ctx, (ui_color){0, 0, 0, 255});
    }
    SDL_RenderFlush(ren);
}

/* called through a pointer the compiler cannot see through, so it is never inlined */
static void (*volatile bench_draw_call)(ui_sdl *, SDL_Renderer *, bool) = bench_draw;

static void bench_run(bench_kind kind, bool full, int frames, int w, int h, float scale,
                      int messages, ui_sdl *r, SDL_Renderer *ren, bench_times *out)
{
    ui_text_measurer m = ui_sdl_measurer(r);
    ui_init(&ctx, &m, NULL);
    ui_set_scale(&ctx, scale);
    ui_gallery_init(&g, messages);
    ui_sdl_invalidate(r); /* a full-redraw run drew over the kept picture */
    int64_t now = 100000;
    int warmup = 30, next_msg = messages;
    uint32_t last_hash = 0;
    out->n = 0;
    for (int f = 0; f < warmup + frames; f++) {
        if (kind == BENCH_CHAT || kind == BENCH_SCROLL) {
            now += 16;
            if (f % 10 == 0) ui_gallery_add_message(&g, next_msg++);
            ui_input_mouse_move(&ctx, w - 120 + (f % 40), 120 + (f * 7) % (h - 200));
        }
        if (kind == BENCH_SCROLL) {
            ui_input_mouse_move(&ctx, w / 3, h / 2);
            ui_input_scroll(&ctx, 0, (f / 100) % 2 ? -1.0f : 1.0f);
        }
        Uint64 t0 = SDL_GetPerformanceCounter();
        ui_begin(&ctx, w, h, now);
        if (kind != BENCH_EMPTY) ui_gallery_frame(&g, &ctx);
        ui_end(&ctx);
        Uint64 t1 = SDL_GetPerformanceCounter();
        uint32_t hash = ui_frame_hash(&ctx);
        if (kind != BENCH_IDLE || hash != last_hash) bench_draw_call(r, ren, full);
        last_hash = hash;
        Uint64 t2 = SDL_GetPerformanceCounter();
        if (f < warmup) continue;
        out->build[out->n] = bench_ms(t0, t1);
        out->draw[out->n] = bench_ms(t1, t2);
        out->total[out->n] = bench_ms(t0, t2);
        out->n++;
    }
}

int main(int argc, char **argv)
{
    int frames = 600, w = 1280, h = 720, messages = 500;
    float scale = 1.0f;
    bool in_place = true;
    const char *only = NULL; /* one scenario by name */
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--frames") == 0)
            frames = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--size") == 0)
            sscanf(argv[i + 1], "%dx%d", &w, &h);
        else if (strcmp(argv[i], "--scale") == 0)
            scale = (float)atof(argv[i + 1]);
        else if (strcmp(argv[i], "--messages") == 0)
            messages = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--only") == 0)
            only = argv[i + 1];
        else if (strcmp(argv[i], "--retained") == 0 && strcmp(argv[i + 1], "texture") == 0)
            in_place = false;
        else if (strcmp(argv[i], "--retained") == 0 && strcmp(argv[i + 1], "in-place") == 0)
            in_place = true;
        else {
            fprintf(stderr, "usage: uibench [--frames N] [--size WxH] [--scale S] [--messages N] "
                            "[--retained in-place|texture] [--only SCENARIO]\n");
            return 1;
        }
    }
    if (frames < 10 || w < 64 || h < 64 || scale < 0.5f) return 1;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!ren) {
        fprintf(stderr, "uibench: %s\n", SDL_GetError());
        return 1;
    }
    ui_sdl_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.renderer = ren;
    desc.target_keeps_pixels = in_place; /* the surface keeps its pixels: no texture, no copy */
    ui_sdl *r = NULL;
    char why[1024];
    if (ui_sdl_create(&desc, &r, why, sizeof why) != UI_SDL_OK) {
        fprintf(stderr, "uibench: %s\n", why);
        return 2;
    }
    bench_times t;
    t.build = malloc(sizeof(double) * (size_t)frames);
    t.draw = malloc(sizeof(double) * (size_t)frames);
    t.total = malloc(sizeof(double) * (size_t)frames);
    static const struct {
        bench_kind kind;
        bool full;
        const char *name;
    } runs[] = {{BENCH_EMPTY, true, "empty"},    {BENCH_CHAT, true, "chat-full"},
                {BENCH_CHAT, false, "chat"},     {BENCH_SCROLL, true, "scroll-full"},
                {BENCH_SCROLL, false, "scroll"}, {BENCH_IDLE, false, "idle"}};
    printf("uibench: %dx%d at %.1fx, %d frames each, %d messages, %d members, software renderer, "
           "retained %s\n",
           w, h, (double)scale, frames, messages, UI_GALLERY_MEMBERS,
           in_place ? "in place (the surface keeps its pixels)" : "in a texture, copied out");
    printf("%-11s %9s %9s %9s %9s %9s %9s   %s\n", "scenario", "build p50", "build p99", "draw p50",
           "draw p99", "total p50", "total p99", "vs empty (p50 / p99)");
    double base50 = 0, base99 = 0, chat_total50 = 0;
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        if (only && strcmp(only, runs[k].name) != 0) continue;
        ui_sdl_stats before = ui_sdl_get_stats(r);
        bench_run(runs[k].kind, runs[k].full, frames, w, h, scale, messages, r, ren, &t);
        ui_sdl_stats after = ui_sdl_get_stats(r);
        double b50 = bench_pct(t.build, t.n, 0.5), b99 = bench_pct(t.build, t.n, 0.99);
        double d50 = bench_pct(t.draw, t.n, 0.5), d99 = bench_pct(t.draw, t.n, 0.99);
        double t50 = bench_pct(t.total, t.n, 0.5), t99 = bench_pct(t.total, t.n, 0.99);
        if (runs[k].kind == BENCH_CHAT && !runs[k].full) chat_total50 = t50;
        if (runs[k].kind == BENCH_EMPTY) {
            base50 = t50;
            base99 = t99;
        }
        double redrawn = (double)(after.pixels_redrawn - before.pixels_redrawn) /
                         ((double)(frames + 30) * (double)w * (double)h);
        printf("%-11s %7.3f ms %7.3f ms %7.3f ms %7.3f ms %7.3f ms %7.3f ms   +%.3f / +%.3f ms, "
               "%.1f strings rasterized per frame, ",
               runs[k].name, b50, b99, d50, d99, t50, t99, t50 - base50, t99 - base99,
               (double)(after.rasterized - before.rasterized) / (double)(frames + 30));
        if (runs[k].full)
            printf("full redraw\n");
        else
            printf("%.1f %% of the screen redrawn per frame\n", 100.0 * redrawn);
    }
    /* idle: after the idle run nothing is due, so the host sleeps until input. With the message
     * field focused the caret blinks for 10 s after the last key (a frame per blink, each drawn
     * since the picture changes), then stays on and nothing wakes the host any more */
    int64_t idle_wake = ui_next_frame_in(&ctx);
    ui_id field = ui_get_id_str(&ctx, "message");
    for (int i = 0; i < ctx.record_count; i++)
        if (ctx.records[i].id == field)
            ui_input_mouse_move(&ctx, ctx.records[i].rect.x + 10, ctx.records[i].rect.y + 10);
    ui_input_mouse_button(&ctx, UI_MOUSE_LEFT, true); /* click into the message field */
    ui_input_mouse_button(&ctx, UI_MOUSE_LEFT, false);
    int64_t now = 200000, last = now;
    int wakes = 0;
    for (int i = 0; i < 100; i++) {
        ui_begin(&ctx, w, h, now);
        ui_gallery_frame(&g, &ctx);
        ui_end(&ctx);
        int64_t in = ui_next_frame_in(&ctx);
        if (in < 0) break;
        wakes++;
        last = now;
        now += in > 0 ? in : 1;
    }
    printf("idle: next frame in %lld ms (%s); a focused text field wakes the host %d times in "
           "the %.1f s after the last key (caret blink), then sleeps until input too: "
           "%.2f %% of a core over a minute at the chat frame's p50\n",
           (long long)idle_wake, idle_wake < 0 ? "sleeps until input" : "timer", wakes,
           (double)(last - 200000) / 1000.0, 100.0 * (double)wakes * chat_total50 / 60000.0);
    free(t.build);
    free(t.draw);
    free(t.total);
    ui_sdl_destroy(r);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surface);
    return 0;
}
