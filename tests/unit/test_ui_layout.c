/* UI toolkit: layout at 1280x720, 800x600 and 2x scale without overlapping widgets or clipped
 * text (ui_check walks the command list), and the checker itself catching bad layouts. */
#include "ui.h"
#include "ui_check.h"
#include "ui_gallery.h"
#include "../test.h"

#include <stdlib.h>

typedef struct size_case {
    int w, h;
    float scale;
} size_case;

static const size_case sizes[] = {{1280, 720, 1.0f},
                                  {800, 600, 1.0f},
                                  {2560, 1440, 2.0f},
                                  {1600, 1200, 2.0f},
                                  {1920, 1080, 1.5f}};

static ui_context *ctx_new(float scale, bool dark)
{
    ui_context *ctx = malloc(sizeof *ctx);
    ui_text_measurer m = ui_fixed_measurer();
    ui_theme t = dark ? ui_theme_dark() : ui_theme_light();
    ui_init(ctx, &m, &t);
    ui_set_scale(ctx, scale);
    return ctx;
}

/* Builds the gallery a few frames (so scroll state settles) and checks the last one. */
static int check_gallery(const size_case *sc, int page, bool dialog, bool hover_x,
                         ui_check_report *rep)
{
    ui_context *ctx = ctx_new(sc->scale, page == 1);
    ui_gallery *g = malloc(sizeof *g);
    ui_gallery_init(g, 200);
    g->page = page;
    g->dialog_open = dialog;
    int64_t now = 1000;
    if (hover_x) ui_input_mouse_move(ctx, sc->w - ui_px(ctx, 40), ui_px(ctx, 26));
    for (int i = 0; i < 4; i++) {
        if (i == 2) ui_toast(ctx, "Settings saved", UI_TOAST_SUCCESS, 5000);
        ui_begin(ctx, sc->w, sc->h, now);
        ui_gallery_frame(g, ctx);
        ui_end(ctx);
        now += 400; /* long enough for the tooltip */
    }
    int problems = ui_check_frame(ctx, rep);
    free(g);
    free(ctx);
    return problems;
}

static void test_gallery_fits_every_size(void)
{
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int page = 0; page < 2; page++) {
            for (int dialog = 0; dialog < 2; dialog++) {
                ui_check_report rep;
                int problems = check_gallery(&sizes[i], page, dialog != 0, dialog != 0, &rep);
                if (problems || rep.ellipsized)
                    fprintf(stderr,
                            "  %dx%d at %.1fx, page %d, dialog %d: %d problems, %d shortened\n%s",
                            sizes[i].w, sizes[i].h, (double)sizes[i].scale, page, dialog, problems,
                            rep.ellipsized, rep.text);
                CHECK_EQ(problems, 0);
                CHECK_EQ(rep.ellipsized, 0);
                CHECK(rep.texts > 20);
                CHECK(rep.widgets > 30);
            }
        }
    }
}

/* ---- the checker finds what it should ------------------------------------------------ */

static void screen_overflow(ui_context *ctx)
{
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(400), UI_PX(400)}, UI_AUTO); /* 800 px in 640 */
    ui_button(ctx, "A");
    ui_button(ctx, "B");
}

static void screen_spill(ui_context *ctx)
{
    ui_layout_row(ctx, 1, (ui_size[]){UI_PX(60)}, UI_AUTO);
    ui_rect r = ui_layout_next(ctx);
    ui_draw_text(ctx, UI_FONT_REGULAR, ui_font_size(ctx), r.x, r.y, "far too long for sixty pixels",
                 -1, ctx->theme.text);
}

static void screen_too_tall(ui_context *ctx)
{
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_PX(100));
    ui_panel_begin(ctx, "fixed", UI_OPT_NO_SCROLL | UI_OPT_NO_PADDING);
    for (int i = 0; i < 5; i++) {
        ui_push_id_int(ctx, i);
        ui_button(ctx, "Row");
        ui_pop_id(ctx);
    }
    ui_panel_end(ctx);
}

static void screen_scrolls(ui_context *ctx)
{
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_PX(100));
    ui_panel_begin(ctx, "scrolling", 0);
    for (int i = 0; i < 20; i++) {
        ui_push_id_int(ctx, i);
        ui_button(ctx, "Row");
        ui_pop_id(ctx);
    }
    ui_panel_end(ctx);
}

static void screen_ellipsis(ui_context *ctx)
{
    ui_layout_row(ctx, 1, (ui_size[]){UI_PX(60)}, UI_AUTO);
    ui_label(ctx, "far too long for sixty pixels");
}

static int run_check(void (*screen)(ui_context *), ui_check_report *rep)
{
    ui_context *ctx = ctx_new(1.0f, false);
    for (int i = 0; i < 2; i++) {
        ui_begin(ctx, 640, 480, 1000 + i * 16);
        screen(ctx);
        ui_end(ctx);
    }
    int n = ui_check_frame(ctx, rep);
    free(ctx);
    return n;
}

static void test_checker_catches_bad_layouts(void)
{
    ui_check_report rep;
    CHECK(run_check(screen_overflow, &rep) > 0);
    CHECK(strstr(rep.text, "sticks out") != NULL);
    CHECK(run_check(screen_spill, &rep) > 0);
    CHECK(strstr(rep.text, "spills out") != NULL);
    CHECK(run_check(screen_too_tall, &rep) > 0);
    CHECK(strstr(rep.text, "sticks out of its panel") != NULL);
    CHECK_EQ(run_check(screen_scrolls, &rep), 0); /* scrolled content may leave the view */
    CHECK_EQ(run_check(screen_ellipsis, &rep), 0);
    CHECK_EQ(rep.ellipsized, 1);
}

static void test_scaled_layout_is_proportional(void)
{
    /* the same logical screen at 1x and 2x: every widget exactly twice as big */
    ui_gallery *g = malloc(sizeof *g);
    ui_rect small[64], big[64];
    int n_small = 0, n_big = 0;
    for (int pass = 0; pass < 2; pass++) {
        float scale = pass == 0 ? 1.0f : 2.0f;
        ui_context *ctx = ctx_new(scale, false);
        ui_gallery_init(g, 50);
        g->page = 1;
        for (int i = 0; i < 2; i++) {
            ui_begin(ctx, (int)(1280 * scale), (int)(720 * scale), 1000);
            ui_gallery_frame(g, ctx);
            ui_end(ctx);
        }
        ui_rect *out = pass == 0 ? small : big;
        int *n = pass == 0 ? &n_small : &n_big;
        for (int i = 0; i < ctx->record_count && *n < 64; i++) out[(*n)++] = ctx->records[i].rect;
        free(ctx);
    }
    CHECK_EQ(n_small, n_big);
    int off = 0;
    for (int i = 0; i < n_small && i < n_big; i++)
        if (abs(big[i].x - 2 * small[i].x) > 2 || abs(big[i].w - 2 * small[i].w) > 2 ||
            abs(big[i].y - 2 * small[i].y) > 2 || abs(big[i].h - 2 * small[i].h) > 2)
            off++;
    CHECK_EQ(off, 0);
    free(g);
}

int main(void)
{
    TEST_RUN(test_gallery_fits_every_size);
    TEST_RUN(test_checker_catches_bad_layouts);
    TEST_RUN(test_scaled_layout_is_proportional);
    return test_summary();
}
