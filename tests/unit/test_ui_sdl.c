/* UI renderer: SDL's dummy video driver and a software renderer drawing into a surface. The
 * glyph cache rasterizes nothing for an unchanged frame; a missing font is a clear error. */
#include "ui.h"
#include "ui_check.h"
#include "ui_fonts.h"
#include "ui_gallery.h"
#include "ui_png.h"
#include "ui_sdl.h"
#include "../test.h"

#include <stdlib.h>
#include <unistd.h>

#define W 1280
#define H 720

static SDL_Surface *surface;
static SDL_Renderer *renderer;

static ui_sdl *renderer_new(int cache)
{
    ui_sdl_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.renderer = renderer;
    desc.text_cache_entries = cache;
    ui_sdl *r = NULL;
    char why[1024];
    ui_sdl_result res = ui_sdl_create(&desc, &r, why, sizeof why);
    if (res != UI_SDL_OK) fprintf(stderr, "  ui_sdl_create: %s\n", why);
    CHECK_EQ(res, UI_SDL_OK);
    return r;
}

static ui_context *ctx_new(ui_sdl *r)
{
    ui_context *ctx = malloc(sizeof *ctx);
    ui_text_measurer m = ui_sdl_measurer(r);
    ui_init(ctx, &m, NULL);
    return ctx;
}

static void clear(void)
{
    SDL_SetRenderDrawColor(renderer, 255, 255, 255, 255);
    SDL_RenderClear(renderer);
}

static uint32_t pixel(int x, int y)
{
    uint32_t *row = (uint32_t *)((uint8_t *)surface->pixels + y * surface->pitch);
    return row[x] & 0xffffff; /* ARGB8888 */
}

/* ---- the cache ----------------------------------------------------------------------- */

static void test_unchanged_frame_rasterizes_nothing(void)
{
    ui_sdl *r = renderer_new(0);
    if (!r) return;
    ui_context *ctx = ctx_new(r);
    ui_gallery *g = malloc(sizeof *g);
    ui_gallery_init(g, 120);
    for (int i = 0; i < 2; i++) {
        ui_begin(ctx, W, H, 1000);
        ui_gallery_frame(g, ctx);
        ui_end(ctx);
    }
    clear();
    ui_sdl_render(r, ctx);
    ui_sdl_stats first = ui_sdl_get_stats(r);
    CHECK(first.rasterized > 20);
    CHECK_EQ(first.failures, 0);

    /* the same frame again */
    ui_begin(ctx, W, H, 1000);
    ui_gallery_frame(g, ctx);
    ui_end(ctx);
    clear();
    ui_sdl_render(r, ctx);
    ui_sdl_stats second = ui_sdl_get_stats(r);
    CHECK_EQ(second.rasterized, first.rasterized);
    CHECK(first.icons_rasterized > 5);
    CHECK_EQ(second.icons_rasterized, first.icons_rasterized); /* icons are cached too */
    CHECK(second.cache_hits >= first.cache_hits + first.rasterized);

    /* hovering recolours things and the meters move: still no text rasterized */
    ui_input_mouse_move(ctx, 300, 150);
    ui_begin(ctx, W, H, 1400);
    ui_gallery_frame(g, ctx);
    ui_end(ctx);
    clear();
    ui_sdl_render(r, ctx);
    CHECK_EQ(ui_sdl_get_stats(r).rasterized, first.rasterized);

    /* a new message: only its own strings are new */
    ui_gallery_add_message(g, 5);
    ui_begin(ctx, W, H, 1400);
    ui_gallery_frame(g, ctx);
    ui_end(ctx);
    clear();
    ui_sdl_render(r, ctx);
    uint64_t added = ui_sdl_get_stats(r).rasterized - first.rasterized;
    CHECK(added >= 1 && added <= 4);
    free(g);
    free(ctx);
    ui_sdl_destroy(r);
}

typedef struct labels_screen {
    int from, count;
} labels_screen;

static void test_cache_evicts_least_recently_used(void)
{
    ui_sdl *r = renderer_new(8);
    if (!r) return;
    ui_context *ctx = ctx_new(r);
    for (int pass = 0; pass < 2; pass++) {
        ui_begin(ctx, W, H, 1000);
        for (int i = 0; i < 20; i++) {
            char text[32];
            snprintf(text, sizeof text, "label %d", i);
            ui_label(ctx, text);
        }
        ui_end(ctx);
        clear();
        ui_sdl_render(r, ctx);
    }
    ui_sdl_stats s = ui_sdl_get_stats(r);
    CHECK_EQ(s.cached, 8);
    CHECK_EQ(s.rasterized, 40); /* 20 strings through 8 slots: every one is gone by its turn */
    CHECK_EQ(s.evictions, 32);
    /* a working set that fits stays */
    for (int pass = 0; pass < 3; pass++) {
        ui_begin(ctx, W, H, 1000);
        for (int i = 0; i < 5; i++) {
            char text[32];
            snprintf(text, sizeof text, "kept %d", i);
            ui_label(ctx, text);
        }
        ui_end(ctx);
        ui_sdl_render(r, ctx);
    }
    CHECK_EQ(ui_sdl_get_stats(r).rasterized, 45);
    free(ctx);
    ui_sdl_destroy(r);
}

/* ---- pixels -------------------------------------------------------------------------- */

static void test_draws_shapes_text_and_images(void)
{
    ui_sdl *r = renderer_new(0);
    if (!r) return;
    ui_context *ctx = ctx_new(r);
    SDL_Texture *tex =
        SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, 4, 4);
    uint32_t green[16];
    for (int i = 0; i < 16; i++) green[i] = 0xff00ff00;
    SDL_UpdateTexture(tex, NULL, green, 16);
    uint32_t image = ui_sdl_image_add(r, tex);
    CHECK(image != 0);

    ui_color red = {255, 0, 0, 255}, black = {0, 0, 0, 255}, white = {255, 255, 255, 255};
    ui_begin(ctx, W, H, 1000);
    ui_draw_rect(ctx, (ui_rect){0, 0, W, H}, white, 0);
    ui_draw_rect(ctx, (ui_rect){10, 10, 20, 20}, red, 0);
    ui_draw_rect(ctx, (ui_rect){100, 10, 40, 40}, red, 12);
    ui_draw_border(ctx, (ui_rect){200, 10, 40, 40}, black, 2, 0);
    ui_draw_text(ctx, UI_FONT_BOLD, 24, 300, 10, "Hello", -1, black);
    ui_draw_icon(ctx, UI_ICON_DOT, (ui_rect){400, 10, 24, 24}, red);
    ui_draw_image(ctx, image, (ui_rect){500, 10, 16, 16}, white);
    ui_push_clip(ctx, (ui_rect){600, 10, 10, 10});
    ui_draw_rect(ctx, (ui_rect){590, 0, 40, 40}, red, 0); /* clipped to 10 x 10 */
    ui_pop_clip(ctx);
    ui_end(ctx);
    clear();
    ui_sdl_render(r, ctx);
    CHECK_EQ(pixel(15, 15), 0xff0000);
    CHECK_EQ(pixel(120, 30), 0xff0000); /* inside the rounded rect */
    CHECK_EQ(pixel(100, 10), 0xffffff); /* its corner is cut */
    CHECK_EQ(pixel(200, 30), 0x000000); /* the border */
    CHECK_EQ(pixel(220, 30), 0xffffff); /* not filled */
    CHECK_EQ(pixel(412, 22), 0xff0000); /* the dot icon */
    CHECK_EQ(pixel(508, 18), 0x00ff00); /* the image */
    CHECK_EQ(pixel(605, 15), 0xff0000);
    CHECK_EQ(pixel(615, 15), 0xffffff); /* outside the clip */
    int dark = 0;
    for (int y = 10; y < 40; y++)
        for (int x = 300; x < 380; x++) dark += (pixel(x, y) & 0xff) < 100;
    CHECK(dark > 50); /* "Hello" is there */
    CHECK_EQ(ui_sdl_get_stats(r).failures, 0);

    /* a removed image draws nothing, and says so in the stats */
    ui_sdl_image_remove(r, image);
    ui_begin(ctx, W, H, 1000);
    ui_draw_rect(ctx, (ui_rect){0, 0, W, H}, white, 0);
    ui_draw_image(ctx, image, (ui_rect){500, 10, 16, 16}, white);
    ui_end(ctx);
    clear();
    ui_sdl_render(r, ctx);
    CHECK_EQ(pixel(508, 18), 0xffffff);
    CHECK_EQ(ui_sdl_get_stats(r).failures, 1);
    SDL_DestroyTexture(tex);
    free(ctx);
    ui_sdl_destroy(r);
}

/* ---- retained drawing: the same pixels as a full redraw -------------------------------- */

typedef struct retained_step {
    const char *what;
    int w, h;
    int mouse_x, mouse_y;
    float scroll;
    int add_messages;
    bool dialog, dark;
    float max_redrawn; /* share of the screen the step may redraw at most */
    int page;          /* the gallery's page: 1 has no chat view */
} retained_step;

/* One frame of the gallery plus a scaled image (a video tile) over part of the members. */
static void retained_build(ui_context *ctx, ui_gallery *g, const retained_step *st, int64_t now,
                           uint32_t image)
{
    ui_begin(ctx, st->w, st->h, now);
    ui_gallery_frame(g, ctx);
    ui_draw_image(ctx, image, (ui_rect){st->w - 300, 200, 100, 75}, (ui_color){255, 255, 255, 255});
    ui_end(ctx);
}

/* Reads the current target (the window surface or a texture) into px, w pixels a row. */
static bool retained_read(SDL_Renderer *ren, int w, uint32_t *px)
{
    return SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, w * 4) == 0;
}

/* One side of the comparison: a renderer, a ui_sdl on it, and its textures. */
typedef struct retained_side {
    SDL_Surface *surface; /* NULL: the shared test surface */
    SDL_Renderer *ren;
    ui_sdl *r;
    SDL_Texture *small, *video;
    uint32_t image;
} retained_side;

static bool retained_side_open(retained_side *s, bool own_surface, bool in_place)
{
    memset(s, 0, sizeof *s);
    s->ren = renderer;
    if (own_surface) {
        s->surface = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
        s->ren = s->surface ? SDL_CreateSoftwareRenderer(s->surface) : NULL;
        if (!s->ren) return false;
    }
    ui_sdl_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.renderer = s->ren;
    desc.target_keeps_pixels = in_place;
    char why[1024];
    if (ui_sdl_create(&desc, &s->r, why, sizeof why) != UI_SDL_OK) return false;
    s->small =
        SDL_CreateTexture(s->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, 800, 600);
    s->video = SDL_CreateTexture(s->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, 4, 3);
    s->image = s->video ? ui_sdl_image_add(s->r, s->video) : 0;
    return s->small && s->image;
}

static void retained_side_close(retained_side *s)
{
    if (s->small) SDL_DestroyTexture(s->small);
    if (s->video) SDL_DestroyTexture(s->video);
    ui_sdl_destroy(s->r);
    if (s->surface) {
        SDL_DestroyRenderer(s->ren);
        SDL_FreeSurface(s->surface);
    }
}

/* The same frames through a full redraw and through ui_sdl_render_retained, drawn into a
 * texture of its own (in_place false) or into a surface that keeps its pixels (true). */
static void retained_compare(bool in_place)
{
    static const retained_step steps[] = {
        {"first frame", W, H, -1, -1, 0, 0, false, false, 1.0f, 0},
        {"unchanged (the video only)", W, H, -1, -1, 0, 0, false, false, 0.03f, 0},
        {"hover a member", W, H, W - 120, 160, 0, 0, false, false, 0.25f, 0},
        {"hover the next member", W, H, W - 120, 200, 0, 0, false, false, 0.25f, 0},
        {"hover over the image", W, H, W - 260, 230, 0, 0, false, false, 0.5f, 0},
        {"a new message", W, H, W - 120, 200, 0, 1, false, false, 1.0f, 0},
        {"three more", W, H, W - 120, 200, 0, 3, false, false, 1.0f, 0},
        {"scroll back", W, H, W / 3, H / 2, 2.0f, 0, false, false, 1.0f, 0},
        {"scroll more", W, H, W / 3, H / 2, 1.0f, 0, false, false, 1.0f, 0},
        /* a wheel step is three lines: 0.025 of one moves the chat a pixel, 0.34 a line */
        {"scroll down 1 px", W, H, W / 3, H / 2, -0.025f, 0, false, false, 0.1f, 0},
        {"scroll up 1 px", W, H, W / 3, H / 2, 0.025f, 0, false, false, 0.1f, 0},
        {"scroll up a line", W, H, W / 3, H / 2, 0.34f, 0, false, false, 0.2f, 0},
        {"scroll down a line, hover moves", W, H, W / 3, H / 2 + 40, -0.34f, 0, false, false, 0.2f,
         0},
        {"scroll up, a new message below", W, H, W / 3, H / 2, 1.0f, 1, false, false, 0.2f, 0},
        {"scroll up past the view", W, H, W / 3, H / 2, 20.0f, 0, false, false, 1.0f, 0},
        {"scroll down 1 px at the top", W, H, W / 3, H / 2, -0.025f, 0, false, false, 0.1f, 0},
        {"scroll down past the view", W, H, W / 3, H / 2, -20.0f, 0, false, false, 1.0f, 0},
        {"at the bottom, a new message", W, H, W / 3, H / 2, 0, 1, false, false, 0.2f, 0},
        {"two more, hover moves", W, H, W / 3, H / 2 - 60, 0, 2, false, false, 0.25f, 0},
        {"scroll up 1 px, a new message", W, H, W / 3, H / 2, 0.025f, 1, false, false, 0.1f, 0},
        {"back to the bottom", W, H, W / 3, H / 2, -1.0f, 0, false, false, 0.3f, 0},
        {"hover a member while scrolling", W, H, W - 120, 160, 0.34f, 0, false, false, 0.3f, 0},
        {"the widgets page (the chat view gone)", W, H, W / 3, H / 2, 0, 0, false, false, 1.0f, 1},
        {"back to the chat", W, H, W / 3, H / 2, 0, 0, false, false, 1.0f, 0},
        {"a modal", W, H, W / 3, H / 2, 0, 0, true, false, 1.0f, 0},
        {"hover in the modal", W, H, W / 2, H / 2, 0, 0, true, false, 1.0f, 0},
        {"modal closed", W, H, W / 2, H / 2, 0, 0, false, false, 1.0f, 0},
        {"dark theme", W, H, W / 2, H / 2, 0, 0, false, true, 1.0f, 0},
        {"dark hover", W, H, W - 120, 240, 0, 0, false, true, 0.25f, 0},
        {"resized", 800, 600, 700, 240, 0, 0, false, true, 1.0f, 0},
        {"resized, a message", 800, 600, 700, 240, 0, 1, false, true, 1.0f, 0},
        {"resized, hover", 800, 600, 700, 280, 0, 0, false, true, 0.3f, 0},
        {"back to full size", W, H, W - 120, 240, 0, 0, false, true, 1.0f, 0},
    };
    retained_side full, kept;
    bool ok = retained_side_open(&full, false, false);
    ok = retained_side_open(&kept, in_place, in_place) && ok;
    CHECK(ok);
    CHECK_EQ(kept.image, full.image); /* the same handle on both sides */
    ui_context *ctx = ok ? ctx_new(full.r) : NULL;
    ui_gallery *g = malloc(sizeof *g);
    ui_gallery_init(g, 200);
    uint32_t *px_full = malloc(sizeof(uint32_t) * W * H);
    uint32_t *px_kept = malloc(sizeof(uint32_t) * W * H);
    uint32_t frame[12];
    ui_theme light = ui_theme_light(), dark = ui_theme_dark();
    int64_t now = 1000;
    for (size_t i = 0; ok && i < sizeof steps / sizeof steps[0]; i++) {
        const retained_step *st = &steps[i];
        for (int k = 0; k < 12; k++) /* a new video frame every step, same command */
            frame[k] = 0xff000000u | (uint32_t)(i * 0x1f3d5b + (size_t)k * 0x0a0b0c);
        SDL_UpdateTexture(full.video, NULL, frame, 16);
        SDL_UpdateTexture(kept.video, NULL, frame, 16);
        ui_set_theme(ctx, st->dark ? &dark : &light);
        g->dialog_open = st->dialog;
        g->page = st->page;
        for (int m = 0; m < st->add_messages; m++) ui_gallery_add_message(g, 1000 + (int)i * 7 + m);
        ui_input_mouse_move(ctx, st->mouse_x, st->mouse_y);
        if (st->scroll != 0.0f) ui_input_scroll(ctx, 0, st->scroll);
        now += 16;
        /* build twice (settles hover and layout); the second frame is the one compared */
        retained_build(ctx, g, st, now, full.image);
        retained_build(ctx, g, st, now, full.image);
        ui_color bg = st->dark ? (ui_color){20, 20, 24, 255} : (ui_color){250, 250, 250, 255};
        SDL_SetRenderTarget(full.ren, st->w == W ? NULL : full.small);
        SDL_SetRenderDrawColor(full.ren, bg.r, bg.g, bg.b, bg.a);
        SDL_RenderClear(full.ren);
        ui_sdl_render(full.r, ctx);
        CHECK(retained_read(full.ren, st->w, px_full));
        SDL_SetRenderTarget(full.ren, NULL);

        SDL_SetRenderTarget(kept.ren, st->w == W ? NULL : kept.small);
        if (!in_place) { /* junk the copy must hide */
            SDL_SetRenderDrawColor(kept.ren, 255, 0, 255, 255);
            SDL_RenderClear(kept.ren);
        }
        uint64_t before = ui_sdl_get_stats(kept.r).pixels_redrawn;
        uint64_t moved = ui_sdl_get_stats(kept.r).pixels_moved;
        ui_sdl_render_retained(kept.r, ctx, bg);
        uint64_t redrawn = ui_sdl_get_stats(kept.r).pixels_redrawn - before;
        CHECK(retained_read(kept.ren, st->w, px_kept));
        SDL_SetRenderTarget(kept.ren, NULL);
        int differ = 0, first = -1;
        for (int p = 0; p < st->w * st->h; p++)
            if (px_full[p] != px_kept[p]) {
                if (first < 0) first = p;
                differ++;
            }
        double share = (double)redrawn / ((double)st->w * (double)st->h);
        if (getenv("UI_SDL_TEST_VERBOSE"))
            fprintf(stderr, "  %s %zu %s: %.1f %% redrawn, %.1f %% moved\n",
                    in_place ? "in place" : "texture", i, st->what, 100.0 * share,
                    100.0 * (double)(ui_sdl_get_stats(kept.r).pixels_moved - moved) /
                        ((double)st->w * (double)st->h));
        if (differ || share > (double)st->max_redrawn)
            fprintf(stderr,
                    "  %s, step %zu (%s): %d pixels differ (first at %d,%d), %.1f %% redrawn\n",
                    in_place ? "in place" : "texture", i, st->what, differ,
                    first < 0 ? 0 : first % st->w, first < 0 ? 0 : first / st->w, 100.0 * share);
        CHECK_EQ(differ, 0);
        CHECK(share <= (double)st->max_redrawn);
    }
    if (ok) CHECK_EQ(ui_sdl_get_stats(kept.r).failures, 0);
    free(px_full);
    free(px_kept);
    free(g);
    free(ctx);
    retained_side_close(&full);
    retained_side_close(&kept);
}

static void test_retained_matches_full_redraw(void)
{
    retained_compare(false);
}

static void test_retained_in_place_matches_full_redraw(void)
{
    retained_compare(true);
}

/* ---- real fonts: the layout still fits ------------------------------------------------ */

static void test_gallery_fits_with_real_fonts(void)
{
    static const struct {
        int w, h;
        float scale;
    } sizes[] = {{1280, 720, 1.0f}, {800, 600, 1.0f}, {2560, 1440, 2.0f}, {1600, 1200, 2.0f}};
    ui_sdl *r = renderer_new(0);
    if (!r) return;
    ui_gallery *g = malloc(sizeof *g);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int page = 0; page < 2; page++) {
            ui_context *ctx = ctx_new(r);
            ui_set_scale(ctx, sizes[i].scale);
            ui_gallery_init(g, 200);
            g->page = page;
            g->dialog_open = page == 1;
            for (int f = 0; f < 3; f++) {
                ui_begin(ctx, sizes[i].w, sizes[i].h, 1000 + f * 16);
                ui_gallery_frame(g, ctx);
                ui_end(ctx);
            }
            ui_check_report rep;
            int problems = ui_check_frame(ctx, &rep);
            if (problems || rep.ellipsized)
                fprintf(stderr, "  %dx%d at %.0fx page %d: %d problems, %d shortened\n%s",
                        sizes[i].w, sizes[i].h, (double)sizes[i].scale, page, problems,
                        rep.ellipsized, rep.text);
            CHECK_EQ(problems, 0);
            CHECK_EQ(rep.ellipsized, 0);
            free(ctx);
        }
    }
    free(g);
    ui_sdl_destroy(r);
}

/* ---- no font: a clear error, and a screen that needs none ----------------------------- */

static void test_missing_font_is_a_clear_error(void)
{
    ui_sdl_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.renderer = renderer;
    desc.font_path = "/nonexistent/fonts/Missing.ttf";
    ui_sdl *r = (ui_sdl *)1;
    char why[1024];
    CHECK_EQ(ui_sdl_create(&desc, &r, why, sizeof why), UI_SDL_NO_FONT);
    CHECK(r == NULL);
    CHECK(strstr(why, "/nonexistent/fonts/Missing.ttf") != NULL);
    CHECK(strstr(why, "Settings") != NULL);

    /* a file that is not a font */
    char path[] = "/tmp/parley-not-a-font-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, "this is not a font", 18) == 18);
        close(fd);
        desc.font_path = path;
        r = (ui_sdl *)1;
        CHECK_EQ(ui_sdl_create(&desc, &r, why, sizeof why), UI_SDL_FONT_UNUSABLE);
        CHECK(r == NULL);
        CHECK(strstr(why, path) != NULL);
        unlink(path);
    }

    /* the search reports where it looked */
    char found[512], searched[2048];
    CHECK(!ui_fonts_find(UI_FONT_REGULAR, "/nope.ttf", found, sizeof found, searched,
                         sizeof searched));
    CHECK(strstr(searched, "/nope.ttf") != NULL);
    CHECK(ui_fonts_find(UI_FONT_REGULAR, NULL, found, sizeof found, searched, sizeof searched));
    CHECK(strstr(found, ".ttf") != NULL || strstr(found, ".ttc") != NULL);
    CHECK(strlen(ui_fonts_install_hint()) > 20);

    /* the message screen draws with rectangles only */
    ui_sdl_message_screen(renderer, "No font found", why, true);
    uint32_t bg = pixel(0, 0);
    int ink = 0;
    for (int y = 0; y < H; y += 2)
        for (int x = 0; x < W; x += 2) ink += pixel(x, y) != bg;
    CHECK(ink > 200);
}

/* ---- glue ---------------------------------------------------------------------------- */

static void test_sdl_events(void)
{
    ui_context *ctx = malloc(sizeof *ctx);
    ui_text_measurer m = ui_fixed_measurer();
    ui_init(ctx, &m, NULL);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = 100;
    e.motion.y = 50;
    CHECK(ui_sdl_handle_event(ctx, &e, 2.0f));
    CHECK_EQ(ctx->mouse_x, 200);
    CHECK_EQ(ctx->mouse_y, 100);
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_c;
    e.key.keysym.mod = KMOD_LCTRL;
    CHECK(ui_sdl_handle_event(ctx, &e, 1.0f));
    CHECK_EQ(ctx->event_count, 1);
    CHECK_EQ(ctx->events[0].key, UI_KEY_LETTER('c'));
    CHECK_EQ(ctx->events[0].mods, UI_MOD_CTRL);
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTEDITING;
    snprintf(e.edit.text, sizeof e.edit.text, "\xe3\x81\xab\xe3\x81\xbb");
    e.edit.start = 1; /* code points */
    CHECK(ui_sdl_handle_event(ctx, &e, 1.0f));
    CHECK_STR(ctx->composition, "\xe3\x81\xab\xe3\x81\xbb");
    CHECK_EQ(ctx->composition_cursor, 3);
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "x");
    CHECK(ui_sdl_handle_event(ctx, &e, 1.0f));
    CHECK_STR(ctx->composition, "");
    CHECK_EQ(ctx->event_count, 2);
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.preciseY = 1.5f;
    CHECK(ui_sdl_handle_event(ctx, &e, 1.0f));
    CHECK(ctx->scroll_dy == 1.5f);
    free(ctx);
}

static void test_png_screenshot(void)
{
    ui_sdl_message_screen(renderer, "Screenshot", "A test picture.", false);
    char path[] = "/tmp/parley-ui-test-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    close(fd);
    char err[256];
    CHECK(ui_png_write(path, surface, err, sizeof err));
    FILE *f = fopen(path, "rb");
    unsigned char sig[8] = {0};
    CHECK(f != NULL);
    if (f) {
        CHECK(fread(sig, 1, 8, f) == 8);
        fclose(f);
    }
    CHECK(memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0);
    unlink(path);
    CHECK(!ui_png_write("/nonexistent/dir/x.png", surface, err, sizeof err));
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        printf("SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    surface = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!renderer) {
        printf("software renderer: %s\n", SDL_GetError());
        return 1;
    }
    TEST_RUN(test_unchanged_frame_rasterizes_nothing);
    TEST_RUN(test_cache_evicts_least_recently_used);
    TEST_RUN(test_draws_shapes_text_and_images);
    TEST_RUN(test_retained_matches_full_redraw);
    TEST_RUN(test_retained_in_place_matches_full_redraw);
    TEST_RUN(test_gallery_fits_with_real_fonts);
    TEST_RUN(test_missing_font_is_a_clear_error);
    TEST_RUN(test_sdl_events);
    TEST_RUN(test_png_screenshot);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
    return test_summary();
}
