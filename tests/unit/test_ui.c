/* UI toolkit: widgets driven with synthetic input on the fixed-width measurer (no SDL). */
#include "ui.h"
#include "ui_geom.h"
#include "../test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define W 640
#define H 480

/* ---- harness ------------------------------------------------------------------------- */

typedef void (*screen_fn)(ui_context *ctx, void *user);

static int64_t now_ms = 1000;
static char clipboard[256];

static int clip_get(void *user, char *buf, int cap)
{
    (void)user;
    int n = (int)strlen(clipboard);
    snprintf(buf, (size_t)cap, "%s", clipboard);
    return n;
}

static void clip_set(void *user, const char *text)
{
    (void)user;
    snprintf(clipboard, sizeof clipboard, "%s", text);
}

static ui_context *ctx_new(void)
{
    ui_context *ctx = malloc(sizeof *ctx);
    ui_text_measurer m = ui_fixed_measurer();
    ui_init(ctx, &m, NULL);
    ui_clipboard c = {clip_get, clip_set, NULL};
    ui_set_clipboard(ctx, &c);
    clipboard[0] = 0;
    return ctx;
}

static void frame(ui_context *ctx, screen_fn fn, void *user)
{
    ui_begin(ctx, W, H, now_ms);
    fn(ctx, user);
    ui_end(ctx);
    now_ms += 16;
}

static ui_rect rect_of(ui_context *ctx, const char *label)
{
    ui_id id = ui_get_id_str(ctx, label);
    for (int i = 0; i < ctx->record_count; i++)
        if (ctx->records[i].id == id) return ctx->records[i].rect;
    ui_rect none = {-1000, -1000, 0, 0};
    return none;
}

static void move_to(ui_context *ctx, ui_rect r)
{
    ui_input_mouse_move(ctx, r.x + r.w / 2, r.y + r.h / 2);
}

static void click(ui_context *ctx, screen_fn fn, void *user, int x, int y)
{
    ui_input_mouse_move(ctx, x, y);
    frame(ctx, fn, user);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    frame(ctx, fn, user);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, fn, user);
}

static void click_on(ui_context *ctx, screen_fn fn, void *user, const char *label)
{
    ui_rect r = rect_of(ctx, label);
    click(ctx, fn, user, r.x + r.w / 2, r.y + r.h / 2);
}

static void key(ui_context *ctx, screen_fn fn, void *user, ui_key k, int mods)
{
    ui_input_key(ctx, k, mods, true);
    ui_input_key(ctx, k, mods, false);
    frame(ctx, fn, user);
}

static void type(ui_context *ctx, screen_fn fn, void *user, const char *text)
{
    ui_input_text(ctx, text);
    frame(ctx, fn, user);
}

/* the first text command containing s, or NULL */
static const ui_command *find_text(const ui_context *ctx, const char *s)
{
    int iter = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c))
        if (c->type == UI_CMD_TEXT && strstr(ui_command_text(ctx, c), s)) return c;
    return NULL;
}

/* ---- buttons ------------------------------------------------------------------------- */

static void screen_buttons(ui_context *ctx, void *user)
{
    int *clicks = user;
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(100), UI_PX(100)}, UI_PX(30));
    if (ui_button(ctx, "OK")) clicks[0]++;
    if (ui_button(ctx, "Cancel")) clicks[1]++;
}

static void test_button_click(void)
{
    ui_context *ctx = ctx_new();
    int clicks[2] = {0, 0};
    frame(ctx, screen_buttons, clicks);
    ui_rect ok = rect_of(ctx, "OK"), cancel = rect_of(ctx, "Cancel");
    CHECK_EQ(ok.w, 100);
    CHECK_EQ(cancel.x, 106);

    click(ctx, screen_buttons, clicks, ok.x + 50, ok.y + 15);
    CHECK_EQ(clicks[0], 1);
    CHECK_EQ(clicks[1], 0);

    /* pressed on OK, released on Cancel: neither */
    move_to(ctx, ok);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    frame(ctx, screen_buttons, clicks);
    move_to(ctx, cancel);
    frame(ctx, screen_buttons, clicks);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, screen_buttons, clicks);
    CHECK_EQ(clicks[0], 1);
    CHECK_EQ(clicks[1], 0);

    /* pressed outside, released on OK: no */
    ui_input_mouse_move(ctx, 400, 300);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    frame(ctx, screen_buttons, clicks);
    move_to(ctx, ok);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, screen_buttons, clicks);
    CHECK_EQ(clicks[0], 1);

    /* press and release within one frame still counts */
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, screen_buttons, clicks);
    CHECK_EQ(clicks[0], 2);
    CHECK(ctx->hover == ui_get_id_str(ctx, "OK"));
    free(ctx);
}

/* ---- focus and keyboard -------------------------------------------------------------- */

typedef struct focus_state {
    char buf[64];
    int go, off;
    bool agree;
} focus_state;

static void screen_focus(ui_context *ctx, void *user)
{
    focus_state *s = user;
    ui_textfield(ctx, "name", s->buf, sizeof s->buf);
    if (ui_button(ctx, "Go")) s->go++;
    if (ui_button_ex(ctx, "Off", UI_ICON_NONE, UI_OPT_DISABLED)) s->off++;
    ui_checkbox(ctx, "Agree", &s->agree);
}

static void test_focus_tab_order(void)
{
    ui_context *ctx = ctx_new();
    focus_state s = {"", 0, 0, false};
    frame(ctx, screen_focus, &s);
    CHECK_EQ(ctx->focus, 0);
    ui_id name = ui_get_id_str(ctx, "name"), go = ui_get_id_str(ctx, "Go"),
          agree = ui_get_id_str(ctx, "Agree");
    key(ctx, screen_focus, &s, UI_KEY_TAB, 0);
    CHECK(ctx->focus == name);
    CHECK(ctx->focus_visible);
    key(ctx, screen_focus, &s, UI_KEY_TAB, 0);
    CHECK(ctx->focus == go);
    key(ctx, screen_focus, &s, UI_KEY_TAB, 0); /* the disabled button is skipped */
    CHECK(ctx->focus == agree);
    key(ctx, screen_focus, &s, UI_KEY_TAB, 0);
    CHECK(ctx->focus == name);
    key(ctx, screen_focus, &s, UI_KEY_TAB, UI_MOD_SHIFT);
    CHECK(ctx->focus == agree);
    key(ctx, screen_focus, &s, UI_KEY_SPACE, 0);
    CHECK(s.agree);
    key(ctx, screen_focus, &s, UI_KEY_ENTER, 0);
    CHECK(!s.agree);
    key(ctx, screen_focus, &s, UI_KEY_TAB, UI_MOD_SHIFT);
    CHECK(ctx->focus == go);
    key(ctx, screen_focus, &s, UI_KEY_ENTER, 0);
    key(ctx, screen_focus, &s, UI_KEY_SPACE, 0);
    CHECK_EQ(s.go, 2);
    CHECK_EQ(s.off, 0);
    /* typing goes to the focused field only */
    key(ctx, screen_focus, &s, UI_KEY_TAB, UI_MOD_SHIFT);
    CHECK(ctx->focus == name);
    type(ctx, screen_focus, &s, "hi");
    CHECK_STR(s.buf, "hi");
    /* a click on nothing takes focus away; the focus ring shows only after Tab */
    click(ctx, screen_focus, &s, 600, 450);
    CHECK_EQ(ctx->focus, 0);
    click_on(ctx, screen_focus, &s, "Go");
    CHECK(ctx->focus == go);
    CHECK(!ctx->focus_visible);
    CHECK_EQ(s.go, 3);
    free(ctx);
}

/* ---- text field ---------------------------------------------------------------------- */

typedef struct field_state {
    char buf[32];
    int cap;
    int res;
    ui_history *history;
    int opt;
    bool clear_on_submit;
    int width;
} field_state;

static void screen_field(ui_context *ctx, void *user)
{
    field_state *s = user;
    ui_layout_row(ctx, 1, (ui_size[]){UI_PX(s->width ? s->width : 300)}, UI_AUTO);
    int r = ui_textfield_ex(ctx, "field", s->buf, s->cap, "Say something", s->history, s->opt);
    s->res |= r;
    if ((r & UI_RES_SUBMIT) && s->clear_on_submit) s->buf[0] = 0;
}

static ui_state *field_st(ui_context *ctx)
{
    return ui_get_state(ctx, ui_get_id_str(ctx, "field"));
}

static void field_focus(ui_context *ctx, field_state *s)
{
    frame(ctx, screen_field, s);
    click_on(ctx, screen_field, s, "field");
}

static void test_textfield_utf8(void)
{
    ui_context *ctx = ctx_new();
    field_state s = {"", 32, 0, NULL, 0, false, 0};
    field_focus(ctx, &s);
    CHECK(ctx->focus == ui_get_id_str(ctx, "field"));
    CHECK(ctx->text_input_wanted);
    type(ctx, screen_field, &s, "h\xc3\xa9llo"); /* héllo */
    CHECK_STR(s.buf, "h\xc3\xa9llo");
    CHECK_EQ(field_st(ctx)->cursor, 6);
    key(ctx, screen_field, &s, UI_KEY_LEFT, 0);
    key(ctx, screen_field, &s, UI_KEY_LEFT, 0);
    key(ctx, screen_field, &s, UI_KEY_LEFT, 0);
    CHECK_EQ(field_st(ctx)->cursor, 3);
    key(ctx, screen_field, &s, UI_KEY_LEFT, 0);
    CHECK_EQ(field_st(ctx)->cursor, 1); /* over the two bytes of é at once */
    key(ctx, screen_field, &s, UI_KEY_RIGHT, 0);
    key(ctx, screen_field, &s, UI_KEY_BACKSPACE, 0);
    CHECK_STR(s.buf, "hllo");
    CHECK_EQ(field_st(ctx)->cursor, 1);
    type(ctx, screen_field, &s, "\xe4\xb8\x96\xe7\x95\x8c"); /* 世界 */
    CHECK_STR(s.buf, "h\xe4\xb8\x96\xe7\x95\x8cllo");
    key(ctx, screen_field, &s, UI_KEY_DELETE, 0);
    CHECK_STR(s.buf, "h\xe4\xb8\x96\xe7\x95\x8clo");
    key(ctx, screen_field, &s, UI_KEY_LEFT, 0);
    key(ctx, screen_field, &s, UI_KEY_BACKSPACE, 0);
    CHECK_STR(s.buf, "h\xe7\x95\x8clo");
    key(ctx, screen_field, &s, UI_KEY_HOME, 0);
    key(ctx, screen_field, &s, UI_KEY_DELETE, 0);
    CHECK_STR(s.buf, "\xe7\x95\x8clo");
    key(ctx, screen_field, &s, UI_KEY_END, 0);
    key(ctx, screen_field, &s, UI_KEY_BACKSPACE, 0);
    CHECK_STR(s.buf, "\xe7\x95\x8cl");
    /* a combining accent goes with its letter */
    snprintf(s.buf, sizeof s.buf, "e\xcc\x81x"); /* e + U+0301, x */
    key(ctx, screen_field, &s, UI_KEY_HOME, 0);
    key(ctx, screen_field, &s, UI_KEY_RIGHT, 0);
    CHECK_EQ(field_st(ctx)->cursor, 3);
    /* words */
    snprintf(s.buf, sizeof s.buf, "hello big world");
    key(ctx, screen_field, &s, UI_KEY_END, 0);
    key(ctx, screen_field, &s, UI_KEY_BACKSPACE, UI_MOD_CTRL);
    CHECK_STR(s.buf, "hello big ");
    key(ctx, screen_field, &s, UI_KEY_LEFT, UI_MOD_CTRL);
    CHECK_EQ(field_st(ctx)->cursor, 6);
    /* control characters in typed text become spaces */
    snprintf(s.buf, sizeof s.buf, "%s", "");
    type(ctx, screen_field, &s, "a\tb");
    CHECK_STR(s.buf, "a b");
    free(ctx);
}

static void test_textfield_limit(void)
{
    ui_context *ctx = ctx_new();
    field_state s = {"", 8, 0, NULL, 0, false, 0};
    field_focus(ctx, &s);
    type(ctx, screen_field, &s, "abcd\xc3\xa9"); /* 6 bytes of 7 */
    CHECK_EQ(s.res & UI_RES_LIMIT, 0);
    s.res = 0;
    type(ctx, screen_field, &s, "\xc3\xa9\xc3\xa9"); /* one free byte: no half character */
    CHECK_STR(s.buf, "abcd\xc3\xa9");
    CHECK(s.res & UI_RES_LIMIT);
    s.res = 0;
    type(ctx, screen_field, &s, "z");
    CHECK_STR(s.buf, "abcd\xc3\xa9z");
    CHECK_EQ(s.res & UI_RES_LIMIT, 0);
    free(ctx);
}

static void test_textfield_selection_clipboard(void)
{
    ui_context *ctx = ctx_new();
    field_state s = {"", 32, 0, NULL, 0, false, 0};
    field_focus(ctx, &s);
    type(ctx, screen_field, &s, "hello world");
    for (int i = 0; i < 5; i++) key(ctx, screen_field, &s, UI_KEY_LEFT, UI_MOD_SHIFT);
    CHECK_EQ(field_st(ctx)->anchor, 11);
    CHECK_EQ(field_st(ctx)->cursor, 6);
    key(ctx, screen_field, &s, UI_KEY_LETTER('c'), UI_MOD_CTRL);
    CHECK_STR(clipboard, "world");
    CHECK_STR(s.buf, "hello world");
    key(ctx, screen_field, &s, UI_KEY_LETTER('x'), UI_MOD_CTRL);
    CHECK_STR(s.buf, "hello ");
    key(ctx, screen_field, &s, UI_KEY_LETTER('v'), UI_MOD_CTRL);
    key(ctx, screen_field, &s, UI_KEY_LETTER('v'), UI_MOD_SUPER); /* Cmd on a Mac */
    CHECK_STR(s.buf, "hello worldworld");
    /* typing replaces the selection */
    key(ctx, screen_field, &s, UI_KEY_LETTER('a'), UI_MOD_CTRL);
    type(ctx, screen_field, &s, "x");
    CHECK_STR(s.buf, "x");
    /* pasted new lines become spaces, a paste that does not fit stops at the limit */
    snprintf(clipboard, sizeof clipboard, "a\r\nb");
    key(ctx, screen_field, &s, UI_KEY_LETTER('v'), UI_MOD_CTRL);
    CHECK_STR(s.buf, "xa b");
    s.res = 0;
    snprintf(clipboard, sizeof clipboard, "%s", "0123456789012345678901234567890123456789");
    key(ctx, screen_field, &s, UI_KEY_LETTER('v'), UI_MOD_CTRL);
    CHECK_EQ((int)strlen(s.buf), 31);
    CHECK(s.res & UI_RES_LIMIT);

    /* mouse: drag selects, shift+click extends, double click takes a word */
    snprintf(s.buf, sizeof s.buf, "alpha beta gamma");
    frame(ctx, screen_field, &s);
    ui_rect r = rect_of(ctx, "field");
    int x0 = r.x + 8; /* text starts after the padding; every character is 8 px */
    ui_input_mouse_move(ctx, x0 + 1, r.y + 10);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    frame(ctx, screen_field, &s);
    ui_input_mouse_move(ctx, x0 + 8 * 5 + 1, r.y + 10);
    frame(ctx, screen_field, &s);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, screen_field, &s);
    CHECK_EQ(field_st(ctx)->anchor, 0);
    CHECK_EQ(field_st(ctx)->cursor, 5);
    key(ctx, screen_field, &s, UI_KEY_LETTER('c'), UI_MOD_CTRL);
    CHECK_STR(clipboard, "alpha");
    now_ms += 1000;
    ui_input_mouse_move(ctx, x0 + 8 * 7, r.y + 10);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, screen_field, &s);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, screen_field, &s);
    CHECK_EQ(field_st(ctx)->anchor, 6);
    CHECK_EQ(field_st(ctx)->cursor, 10);
    /* the selection is drawn */
    int iter = 0, sel_rects = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c))
        if (c->type == UI_CMD_RECT && c->color.r == ctx->theme.selection.r &&
            c->color.a == ctx->theme.selection.a && c->rect.w == 32)
            sel_rects++;
    CHECK_EQ(sel_rects, 1);

    /* passwords show dots and are never copied */
    field_state p = {"secret", 32, 0, NULL, UI_OPT_PASSWORD, false, 0};
    frame(ctx, screen_field, &p);
    CHECK(find_text(ctx, "secret") == NULL);
    CHECK(find_text(ctx, "\xe2\x80\xa2\xe2\x80\xa2") != NULL);
    clipboard[0] = 0;
    key(ctx, screen_field, &p, UI_KEY_LETTER('a'), UI_MOD_CTRL);
    key(ctx, screen_field, &p, UI_KEY_LETTER('c'), UI_MOD_CTRL);
    CHECK_STR(clipboard, "");
    free(ctx);
}

static void test_textfield_history(void)
{
    ui_context *ctx = ctx_new();
    ui_history *h = malloc(sizeof *h);
    ui_history_init(h);
    field_state s = {"", 32, 0, h, 0, true, 0};
    field_focus(ctx, &s);
    type(ctx, screen_field, &s, "first");
    key(ctx, screen_field, &s, UI_KEY_ENTER, 0);
    CHECK(s.res & UI_RES_SUBMIT);
    CHECK_STR(s.buf, "");
    type(ctx, screen_field, &s, "second");
    key(ctx, screen_field, &s, UI_KEY_ENTER, 0);
    type(ctx, screen_field, &s, "second");
    key(ctx, screen_field, &s, UI_KEY_ENTER, 0); /* a repeat is kept once */
    CHECK_EQ(h->count, 2);
    type(ctx, screen_field, &s, "draft");
    key(ctx, screen_field, &s, UI_KEY_UP, 0);
    CHECK_STR(s.buf, "second");
    key(ctx, screen_field, &s, UI_KEY_UP, 0);
    CHECK_STR(s.buf, "first");
    CHECK_EQ(field_st(ctx)->cursor, 5);
    key(ctx, screen_field, &s, UI_KEY_UP, 0);
    CHECK_STR(s.buf, "first");
    key(ctx, screen_field, &s, UI_KEY_DOWN, 0);
    CHECK_STR(s.buf, "second");
    key(ctx, screen_field, &s, UI_KEY_DOWN, 0);
    CHECK_STR(s.buf, "draft");
    key(ctx, screen_field, &s, UI_KEY_DOWN, 0);
    CHECK_STR(s.buf, "draft");
    /* editing a recalled line makes it the draft */
    key(ctx, screen_field, &s, UI_KEY_UP, 0);
    type(ctx, screen_field, &s, "!");
    CHECK_STR(s.buf, "second!");
    key(ctx, screen_field, &s, UI_KEY_UP, 0);
    key(ctx, screen_field, &s, UI_KEY_DOWN, 0);
    CHECK_STR(s.buf, "second!");
    /* the ring keeps the newest UI_HISTORY_CAPACITY lines */
    for (int i = 0; i < UI_HISTORY_CAPACITY + 5; i++) {
        char line[32];
        snprintf(line, sizeof line, "line %d", i);
        ui_history_push(h, line);
    }
    CHECK_EQ(h->count, UI_HISTORY_CAPACITY);
    CHECK_STR(ui_history_get(h, 0), "line 36");
    CHECK_STR(ui_history_get(h, UI_HISTORY_CAPACITY - 1), "line 5");
    CHECK(ui_history_get(h, UI_HISTORY_CAPACITY) == NULL);
    free(h);
    free(ctx);
}

static void test_textfield_ime(void)
{
    ui_context *ctx = ctx_new();
    field_state s = {"", 32, 0, NULL, 0, false, 0};
    field_focus(ctx, &s);
    type(ctx, screen_field, &s, "ab");
    ui_input_composition(ctx, "\xe3\x81\xab\xe3\x81\xbb", 3); /* にほ, cursor after に */
    frame(ctx, screen_field, &s);
    CHECK_STR(s.buf, "ab");
    const ui_command *c = find_text(ctx, "\xe3\x81\xab\xe3\x81\xbb");
    CHECK(c != NULL);
    /* underlined, right after "ab" */
    int iter = 0, underline = 0;
    const ui_command *k;
    while (ui_command_next(ctx, &iter, &k))
        if (c && k->type == UI_CMD_RECT && k->rect.x == c->rect.x && k->rect.w == c->rect.w &&
            k->rect.h == 1)
            underline++;
    CHECK_EQ(underline, 1);
    ui_rect caret;
    CHECK(ui_text_input_wanted(ctx, &caret));
    if (c) CHECK_EQ(caret.x, c->rect.x + 8); /* after the first composed character */
    ui_input_composition(ctx, "", 0);
    ui_input_text(ctx, "\xe6\x97\xa5\xe6\x9c\xac"); /* 日本 committed */
    frame(ctx, screen_field, &s);
    CHECK_STR(s.buf, "ab\xe6\x97\xa5\xe6\x9c\xac");
    CHECK(find_text(ctx, "\xe3\x81\xab") == NULL);
    free(ctx);
}

static void test_textfield_scrolls_long_text(void)
{
    ui_context *ctx = ctx_new();
    field_state s = {"", 32, 0, NULL, 0, false, 100}; /* 84 px of text: ten characters */
    field_focus(ctx, &s);
    type(ctx, screen_field, &s, "abcdefghijklmnopqrst");
    ui_rect r = rect_of(ctx, "field"), caret;
    CHECK(ui_text_input_wanted(ctx, &caret));
    CHECK(field_st(ctx)->scroll_x > 0);
    CHECK(caret.x + caret.w <= r.x + r.w - 8);
    CHECK(caret.x >= r.x + 8);
    /* the line is cut by a clip that says it scrolls sideways */
    int iter = 0, scroll_clips = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c))
        if (c->type == UI_CMD_CLIP && (c->flags & UI_CLIP_SCROLL_X)) scroll_clips++;
    CHECK(scroll_clips > 0);
    key(ctx, screen_field, &s, UI_KEY_HOME, 0);
    CHECK_EQ(field_st(ctx)->scroll_x, 0);
    ui_text_input_wanted(ctx, &caret);
    CHECK_EQ(caret.x, r.x + 8);
    free(ctx);
}

/* ---- slider, checkbox, tabs ---------------------------------------------------------- */

typedef struct controls_state {
    float v;
    int tab;
    bool check;
} controls_state;

static void screen_controls(ui_context *ctx, void *user)
{
    controls_state *s = user;
    static const char *const tabs[] = {"One", "Two", "Three"};
    ui_layout_row(ctx, 1, (ui_size[]){UI_PX(200)}, UI_AUTO);
    ui_slider(ctx, "volume", &s->v, 0.0f, 1.0f, 0.0f, NULL);
    ui_tabs(ctx, "tabs", tabs, 3, &s->tab);
    ui_checkbox(ctx, "Check me", &s->check);
}

static void test_slider_drag(void)
{
    ui_context *ctx = ctx_new();
    controls_state s = {0.25f, 0, false};
    frame(ctx, screen_controls, &s);
    ui_rect r = rect_of(ctx, "volume");
    CHECK_EQ(r.w, 200);
    int track_x = r.x + 8, track_w = 200 - 16; /* the knob's half at either end */
    ui_input_mouse_move(ctx, track_x + track_w / 2, r.y + 10);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    frame(ctx, screen_controls, &s);
    CHECK(s.v > 0.49f && s.v < 0.51f);
    ui_input_mouse_move(ctx, 500, 300); /* dragging past the end clamps */
    frame(ctx, screen_controls, &s);
    CHECK(s.v == 1.0f);
    ui_input_mouse_move(ctx, -50, 300);
    frame(ctx, screen_controls, &s);
    CHECK(s.v == 0.0f);
    ui_input_mouse_move(ctx, track_x + track_w / 4, 300);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    frame(ctx, screen_controls, &s);
    CHECK(s.v > 0.24f && s.v < 0.26f);
    /* the drag gave it focus: arrows step by a twentieth */
    key(ctx, screen_controls, &s, UI_KEY_RIGHT, 0);
    CHECK(s.v > 0.29f && s.v < 0.31f);
    key(ctx, screen_controls, &s, UI_KEY_END, 0);
    CHECK(s.v == 1.0f);
    free(ctx);
}

static void test_tabs_and_checkbox(void)
{
    ui_context *ctx = ctx_new();
    controls_state s = {0.0f, 0, false};
    frame(ctx, screen_controls, &s);
    ui_rect tabs = rect_of(ctx, "tabs");
    /* "One" is 3 chars bold: 24 + 2 * 12 padding = 48 px wide; "Two" follows */
    click(ctx, screen_controls, &s, tabs.x + 48 + 10, tabs.y + 10);
    CHECK_EQ(s.tab, 1);
    key(ctx, screen_controls, &s, UI_KEY_RIGHT, 0);
    CHECK_EQ(s.tab, 2);
    key(ctx, screen_controls, &s, UI_KEY_RIGHT, 0);
    CHECK_EQ(s.tab, 0);
    click_on(ctx, screen_controls, &s, "Check me");
    CHECK(s.check);
    click_on(ctx, screen_controls, &s, "Check me");
    CHECK(!s.check);
    free(ctx);
}

/* ---- modal, toast, tooltip ----------------------------------------------------------- */

typedef struct modal_state {
    bool open;
    int behind, ok;
    char buf[32];
} modal_state;

static void screen_modal(ui_context *ctx, void *user)
{
    modal_state *s = user;
    if (ui_button(ctx, "Behind")) s->behind++;
    ui_textfield(ctx, "field", s->buf, sizeof s->buf);
    if (ui_modal_begin(ctx, "Dialog", &s->open, 300, 200)) {
        if (ui_button(ctx, "OK")) s->ok++;
        ui_button(ctx, "Cancel");
        ui_modal_end(ctx);
    }
}

static void test_modal_blocks_input(void)
{
    ui_context *ctx = ctx_new();
    modal_state s = {false, 0, 0, ""};
    frame(ctx, screen_modal, &s);
    click_on(ctx, screen_modal, &s, "Behind");
    CHECK_EQ(s.behind, 1);
    click_on(ctx, screen_modal, &s, "field");
    ui_id field = ui_get_id_str(ctx, "field");
    CHECK(ctx->focus == field);

    s.open = true;
    frame(ctx, screen_modal, &s);
    frame(ctx, screen_modal, &s);
    /* focus moved into the dialog; what is behind gets neither clicks nor keys */
    click(ctx, screen_modal, &s, 20, 10);
    CHECK_EQ(s.behind, 1);
    type(ctx, screen_modal, &s, "zzz");
    CHECK_STR(s.buf, "");
    /* Tab cycles inside the dialog: OK and Cancel (the close button is mouse-only) */
    ui_id ok = ctx->focus;
    key(ctx, screen_modal, &s, UI_KEY_TAB, 0);
    CHECK(ctx->focus != ok && ctx->focus != field);
    key(ctx, screen_modal, &s, UI_KEY_TAB, 0);
    CHECK(ctx->focus == ok);
    key(ctx, screen_modal, &s, UI_KEY_ENTER, 0);
    CHECK_EQ(s.ok, 1);
    /* the dialog's own buttons take clicks, the dimmer is drawn above the screen */
    int iter = 0, modal_layer = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c)) modal_layer += c->layer == 1;
    CHECK(modal_layer > 0);
    /* Escape closes it and gives focus back */
    key(ctx, screen_modal, &s, UI_KEY_ESCAPE, 0);
    CHECK(!s.open);
    frame(ctx, screen_modal, &s);
    CHECK(ctx->focus == field);
    click_on(ctx, screen_modal, &s, "Behind");
    CHECK_EQ(s.behind, 2);
    free(ctx);
}

static void screen_empty(ui_context *ctx, void *user)
{
    (void)ctx;
    (void)user;
}

static void test_toast_expiry(void)
{
    ui_context *ctx = ctx_new();
    frame(ctx, screen_empty, NULL);
    CHECK_EQ(ui_next_frame_in(ctx), -1); /* nothing moves: the host may sleep */
    int64_t t0 = ctx->now; /* a toast made between frames starts at the last frame's time */
    ui_toast(ctx, "Saved", UI_TOAST_SUCCESS, 1000);
    now_ms = t0 + 100;
    frame(ctx, screen_empty, NULL);
    const ui_command *c = find_text(ctx, "Saved");
    CHECK(c != NULL);
    if (c) CHECK_EQ(c->color.a, 255);
    CHECK_EQ(ui_next_frame_in(ctx), 600); /* when the fade starts */
    now_ms = t0 + 850;
    frame(ctx, screen_empty, NULL);
    c = find_text(ctx, "Saved");
    CHECK(c != NULL);
    if (c) CHECK(c->color.a > 0 && c->color.a < 255);
    CHECK_EQ(ui_next_frame_in(ctx), 16);
    now_ms = t0 + 1000;
    frame(ctx, screen_empty, NULL);
    CHECK(find_text(ctx, "Saved") == NULL);
    CHECK_EQ(ui_next_frame_in(ctx), -1);
    /* more than fit: the oldest goes */
    for (int i = 0; i < UI_TOAST_CAPACITY + 2; i++) {
        char text[32];
        snprintf(text, sizeof text, "toast %d", i);
        ui_toast(ctx, text, UI_TOAST_INFO, 5000);
    }
    frame(ctx, screen_empty, NULL);
    CHECK(find_text(ctx, "toast 0") == NULL);
    CHECK(find_text(ctx, "toast 7") != NULL);
    free(ctx);
}

static void screen_tooltip(ui_context *ctx, void *user)
{
    (void)user;
    ui_layout_row(ctx, 1, (ui_size[]){UI_PX(40)}, UI_PX(40));
    ui_icon_button(ctx, "Mute", UI_ICON_MIC, 0);
    ui_tooltip(ctx, "Mute the microphone");
}

static void test_tooltip_delay(void)
{
    ui_context *ctx = ctx_new();
    frame(ctx, screen_tooltip, NULL);
    ui_input_mouse_move(ctx, 20, 20);
    int64_t t0 = now_ms;
    frame(ctx, screen_tooltip, NULL);
    CHECK(find_text(ctx, "Mute the") == NULL);
    CHECK_EQ(ui_next_frame_in(ctx), 500);
    now_ms = t0 + 300;
    frame(ctx, screen_tooltip, NULL);
    CHECK(find_text(ctx, "Mute the") == NULL);
    now_ms = t0 + 520;
    frame(ctx, screen_tooltip, NULL);
    const ui_command *c = find_text(ctx, "Mute the");
    CHECK(c != NULL);
    if (c) CHECK_EQ(c->layer, 2);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true); /* a click hides it */
    frame(ctx, screen_tooltip, NULL);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    now_ms += 2000;
    frame(ctx, screen_tooltip, NULL);
    CHECK(find_text(ctx, "Mute the") == NULL);
    ui_input_mouse_move(ctx, 300, 300);
    frame(ctx, screen_tooltip, NULL);
    CHECK(find_text(ctx, "Mute the") == NULL);
    free(ctx);
}

/* ---- layout, ids, output ------------------------------------------------------------- */

static void screen_layout(ui_context *ctx, void *user)
{
    ui_rect *out = user;
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(40), UI_FLEX(1), UI_PX(40)});
    out[0] = ui_layout_next(ctx);
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 4, (ui_size[]){UI_PX(100), UI_FLEX(1), UI_FLEX(2), UI_PX(50)}, UI_AUTO);
    for (int i = 0; i < 4; i++) out[1 + i] = ui_layout_next(ctx);
    out[5] = ui_layout_next(ctx); /* cells used up: a new strip below */
    ui_layout_column_end(ctx);
    out[6] = ui_layout_next(ctx);
    out[7] = ui_layout_next(ctx); /* after the split: full-width default rows again */
}

static void test_layout_rows_and_cells(void)
{
    ui_context *ctx = ctx_new();
    ui_rect r[8];
    frame(ctx, screen_layout, r);
    CHECK_EQ(r[0].y, 0);
    CHECK_EQ(r[0].h, 40);
    CHECK_EQ(r[6].y, 480 - 40);
    CHECK_EQ(r[1].x, 0);
    CHECK_EQ(r[1].w, 100);
    CHECK_EQ(r[2].x, 106);
    CHECK_EQ(r[2].w, 157);
    CHECK_EQ(r[3].x, 269);
    CHECK_EQ(r[3].w, 315);
    CHECK_EQ(r[4].x + r[4].w, 640);
    CHECK_EQ(r[1].y, 46);
    CHECK_EQ(r[1].h, 30);
    CHECK_EQ(r[5].y, 46 + 30 + 6);
    CHECK_EQ(r[5].w, 100);
    CHECK_EQ(r[7].y, 480 + 6);
    /* scale 2: every logical size doubles */
    ui_set_scale(ctx, 2.0f);
    frame(ctx, screen_layout, r);
    CHECK_EQ(r[0].h, 80);
    CHECK_EQ(r[1].w, 200);
    CHECK_EQ(r[1].h, 60);
    free(ctx);
}

static void screen_ids(ui_context *ctx, void *user)
{
    int *clicks = user;
    for (int i = 0; i < 3; i++) {
        ui_push_id_int(ctx, i);
        if (ui_button(ctx, "Join##room")) clicks[i]++;
        ui_pop_id(ctx);
    }
}

static void test_ids(void)
{
    ui_context *ctx = ctx_new();
    int clicks[3] = {0, 0, 0};
    frame(ctx, screen_ids, clicks);
    CHECK(find_text(ctx, "##") == NULL); /* the part after ## is not shown */
    CHECK(find_text(ctx, "Join") != NULL);
    click(ctx, screen_ids, clicks, 100, 30 + 6 + 15);
    CHECK_EQ(clicks[0], 0);
    CHECK_EQ(clicks[1], 1);
    CHECK_EQ(clicks[2], 0);
    CHECK(ui_get_id_str(ctx, "a##1") != ui_get_id_str(ctx, "a##2"));
    free(ctx);
}

static void test_frame_hash_and_idle(void)
{
    ui_context *ctx = ctx_new();
    int clicks[2] = {0, 0};
    frame(ctx, screen_buttons, clicks);
    uint32_t a = ui_frame_hash(ctx);
    frame(ctx, screen_buttons, clicks);
    CHECK_EQ(ui_frame_hash(ctx), a);
    ui_input_mouse_move(ctx, 10, 10); /* hover changes the picture */
    frame(ctx, screen_buttons, clicks);
    CHECK(ui_frame_hash(ctx) != a);
    CHECK_EQ(ui_next_frame_in(ctx), -1);
    CHECK(ui_wants_mouse(ctx));
    /* a focused field blinks its caret: the host must wake for it */
    field_state s = {"", 32, 0, NULL, 0, false, 0};
    field_focus(ctx, &s);
    int64_t in = ui_next_frame_in(ctx);
    CHECK(in > 0 && in <= ctx->theme.caret_blink_ms);
    CHECK_EQ(ui_mouse_cursor(ctx), UI_CURSOR_IBEAM);
    /* ... but only for a while after the last key: then the caret stays on and all is quiet */
    now_ms += 10000;
    frame(ctx, screen_field, &s);
    CHECK_EQ(ui_next_frame_in(ctx), -1);
    CHECK(ui_text_input_wanted(ctx, NULL));
    type(ctx, screen_field, &s, "x");
    CHECK(ui_next_frame_in(ctx) > 0);
    free(ctx);
}

static void test_unused_keys_reach_the_program(void)
{
    ui_context *ctx = ctx_new();
    field_state s = {"", 32, 0, NULL, 0, false, 0};
    frame(ctx, screen_field, &s);
    ui_input_key(ctx, UI_KEY_LETTER('t'), 0, true);
    ui_begin(ctx, W, H, now_ms);
    screen_field(ctx, &s);
    CHECK(ui_key_pressed(ctx, UI_KEY_LETTER('t'), 0));
    CHECK(!ui_key_pressed(ctx, UI_KEY_LETTER('t'), 0)); /* taken once */
    ui_end(ctx);
    /* with the field focused, the same key is typing, not a shortcut */
    field_focus(ctx, &s);
    ui_input_key(ctx, UI_KEY_LETTER('t'), 0, true);
    ui_input_text(ctx, "t");
    ui_begin(ctx, W, H, now_ms);
    screen_field(ctx, &s);
    CHECK(!ui_key_pressed(ctx, UI_KEY_LETTER('t'), 0));
    ui_end(ctx);
    CHECK_STR(s.buf, "t");
    free(ctx);
}

/* ---- geometry ------------------------------------------------------------------------ */

static void test_icons_tessellate_inside_their_box(void)
{
    static ui_vertex buf[UI_GEOM_ICON_MAX_VERTICES];
    ui_color c = {0, 0, 0, 255};
    int sizes[] = {12, 24, 48};
    for (int s = 0; s < 3; s++) {
        ui_rect r = {100, 100, sizes[s], sizes[s]};
        for (int icon = 1; icon < UI_ICON_COUNT; icon++) {
            ui_geom g;
            ui_geom_init(&g, buf, UI_GEOM_ICON_MAX_VERTICES);
            ui_geom_icon(&g, (ui_icon)icon, r, c);
            CHECK(!g.overflowed);
            CHECK(g.count > 0 && g.count % 3 == 0);
            int outside = 0;
            for (int i = 0; i < g.count; i++)
                if (g.v[i].x < 98.0f || g.v[i].y < 98.0f || g.v[i].x > 102.0f + (float)r.w ||
                    g.v[i].y > 102.0f + (float)r.h)
                    outside++;
            if (outside) fprintf(stderr, "  icon %s leaves its box\n", ui_icon_name((ui_icon)icon));
            CHECK_EQ(outside, 0);
        }
    }
    ui_geom g;
    ui_geom_init(&g, buf, 10);
    ui_geom_icon(&g, UI_ICON_SETTINGS, (ui_rect){0, 0, 24, 24}, c);
    CHECK(g.overflowed); /* a small buffer is reported, never overrun */
    CHECK(g.count <= 10);
}

/* ---- misuse asserts at once ---------------------------------------------------------- */

static bool dies(void (*fn)(ui_context *ctx))
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr)) _exit(3);
        ui_context *ctx = ctx_new();
        fn(ctx);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void misuse_pop_id(ui_context *ctx)
{
    ui_begin(ctx, W, H, 0);
    ui_pop_id(ctx);
}

static void misuse_id_overflow(ui_context *ctx)
{
    ui_begin(ctx, W, H, 0);
    for (int i = 0; i <= UI_ID_STACK_DEPTH; i++) ui_push_id_int(ctx, i);
}

static void misuse_unended_column(ui_context *ctx)
{
    ui_begin(ctx, W, H, 0);
    ui_layout_column_begin(ctx);
    ui_end(ctx);
}

static void misuse_wrong_end(ui_context *ctx)
{
    ui_begin(ctx, W, H, 0);
    ui_layout_column_begin(ctx);
    ui_panel_end(ctx);
}

static void misuse_begin_twice(ui_context *ctx)
{
    ui_begin(ctx, W, H, 0);
    ui_begin(ctx, W, H, 0);
}

static void misuse_unpopped_id(ui_context *ctx)
{
    ui_begin(ctx, W, H, 0);
    ui_push_id_int(ctx, 1);
    ui_end(ctx);
}

static void misuse_modal_end(ui_context *ctx)
{
    ui_begin(ctx, W, H, 0);
    ui_modal_end(ctx);
}

static void balanced(ui_context *ctx)
{
    bool open = true;
    ui_begin(ctx, W, H, 0);
    ui_push_id_int(ctx, 1);
    ui_layout_column_begin(ctx);
    ui_panel_begin(ctx, "p", 0);
    ui_label(ctx, "x");
    ui_panel_end(ctx);
    ui_layout_column_end(ctx);
    ui_pop_id(ctx);
    if (ui_modal_begin(ctx, "m", &open, 200, 100)) ui_modal_end(ctx);
    ui_end(ctx);
}

static void test_misuse_asserts(void)
{
    CHECK(!dies(balanced));
    CHECK(dies(misuse_pop_id));
    CHECK(dies(misuse_id_overflow));
    CHECK(dies(misuse_unended_column));
    CHECK(dies(misuse_wrong_end));
    CHECK(dies(misuse_begin_twice));
    CHECK(dies(misuse_unpopped_id));
    CHECK(dies(misuse_modal_end));
}

int main(void)
{
    TEST_RUN(test_button_click);
    TEST_RUN(test_focus_tab_order);
    TEST_RUN(test_textfield_utf8);
    TEST_RUN(test_textfield_limit);
    TEST_RUN(test_textfield_selection_clipboard);
    TEST_RUN(test_textfield_history);
    TEST_RUN(test_textfield_ime);
    TEST_RUN(test_textfield_scrolls_long_text);
    TEST_RUN(test_slider_drag);
    TEST_RUN(test_tabs_and_checkbox);
    TEST_RUN(test_modal_blocks_input);
    TEST_RUN(test_toast_expiry);
    TEST_RUN(test_tooltip_delay);
    TEST_RUN(test_layout_rows_and_cells);
    TEST_RUN(test_ids);
    TEST_RUN(test_frame_hash_and_idle);
    TEST_RUN(test_unused_keys_reach_the_program);
    TEST_RUN(test_icons_tessellate_inside_their_box);
    TEST_RUN(test_misuse_asserts);
    return test_summary();
}
