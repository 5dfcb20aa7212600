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
    TEST_RUN(test_gallery_fits_with_real_fonts);
    TEST_RUN(test_missing_font_is_a_clear_error);
    TEST_RUN(test_sdl_events);
    TEST_RUN(test_png_screenshot);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    SDL_Quit();
    return test_summary();
}
