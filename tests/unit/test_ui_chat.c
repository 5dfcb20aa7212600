/* UI toolkit: the chat log and view (wrap, scroll-back, stick to bottom, only what is in view
 * is emitted) and the virtualised list, on the fixed-width measurer. */
#include "ui.h"
#include "ui_check.h"
#include "../test.h"

#include <stdlib.h>
#include <time.h>

#define W 640
#define H 480

static int64_t now_ms = 1000;

static ui_context *ctx_new(void)
{
    ui_context *ctx = malloc(sizeof *ctx);
    ui_text_measurer m = ui_fixed_measurer();
    ui_init(ctx, &m, NULL);
    return ctx;
}

typedef struct chat_screen {
    ui_chat_log *log;
    ui_rect view;
} chat_screen;

static void screen_chat(ui_context *ctx, void *user)
{
    chat_screen *s = user;
    ui_layout_row(ctx, 1, (ui_size[]){UI_PX(400)}, UI_PX(300));
    ui_chat_view(ctx, "chat", s->log);
    s->view = ctx->last_rect;
}

static void frame(ui_context *ctx, chat_screen *s)
{
    ui_begin(ctx, W, H, now_ms);
    screen_chat(ctx, s);
    ui_end(ctx);
    now_ms += 16;
}

static void add(ui_chat_log *log, const char *author, const char *text)
{
    ui_chat_message m = {author, text, "12:00", {0, 0, 0, 0}, 0};
    CHECK(ui_chat_log_add(log, &m));
}

static int count_texts(const ui_context *ctx, const char *needle)
{
    int iter = 0, n = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c))
        if (c->type == UI_CMD_TEXT && (!needle || strstr(ui_command_text(ctx, c), needle))) n++;
    return n;
}

static const ui_command *find_text(const ui_context *ctx, const char *needle)
{
    int iter = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c))
        if (c->type == UI_CMD_TEXT && strstr(ui_command_text(ctx, c), needle)) return c;
    return NULL;
}

/* ---- the log ------------------------------------------------------------------------- */

static void test_chat_log_ring(void)
{
    ui_chat_log *log = malloc(sizeof *log);
    ui_chat_log_init(log);
    char text[600];
    /* many more bytes than the ring holds, with varying lengths, so the text wraps often */
    for (int i = 0; i < 5000; i++) {
        int len = 20 + (i * 37) % 500;
        int n = snprintf(text, sizeof text, "message %d ", i);
        for (; n < len; n++) text[n] = (char)('a' + (i + n) % 26);
        text[n] = 0;
        add(log, "bob", text);
    }
    CHECK(ui_chat_log_count(log) <= UI_CHAT_CAPACITY);
    CHECK(ui_chat_log_count(log) > 100);
    CHECK_EQ(log->dropped + (uint32_t)ui_chat_log_count(log), 5000);
    /* every kept message is intact and in order */
    int bad = 0;
    for (int k = 0; k < log->count; k++) {
        const ui_chat_entry *e = &log->entries[(log->first + k) % UI_CHAT_CAPACITY];
        int i = (int)e->seq - 1;
        char head[32];
        int hn = snprintf(head, sizeof head, "message %d ", i);
        const char *body = log->text + e->off + e->time_len + e->author_len;
        int len = 20 + (i * 37) % 500;
        if ((int)e->text_len != len || memcmp(body, head, (size_t)hn) != 0) bad++;
        if (memcmp(log->text + e->off, "12:00bob", 8) != 0) bad++;
        if (k > 0 && e->seq != log->entries[(log->first + k - 1) % UI_CHAT_CAPACITY].seq + 1) bad++;
    }
    CHECK_EQ(bad, 0);
    /* too long is refused, not cut */
    char *huge = malloc(UI_CHAT_MESSAGE_MAX + 10);
    memset(huge, 'x', UI_CHAT_MESSAGE_MAX + 9);
    huge[UI_CHAT_MESSAGE_MAX + 9] = 0;
    ui_chat_message m = {"a", huge, NULL, {0, 0, 0, 0}, 0};
    CHECK(!ui_chat_log_add(log, &m));
    free(huge);
    /* text from the network is cleaned for display */
    ui_chat_log_clear(log);
    ui_chat_message odd = {"eve\x1b[31m",
                           "a\tb\r\nc\xff"
                           "d",
                           NULL,
                           {0, 0, 0, 0},
                           0};
    CHECK(ui_chat_log_add(log, &odd));
    const ui_chat_entry *e = &log->entries[log->first];
    CHECK(memcmp(log->text + e->off, "eve [31m", 8) == 0);
    CHECK(memcmp(log->text + e->off + e->author_len,
                 "a b\nc\xef\xbf\xbd"
                 "d",
                 9) == 0);
    free(log);
}

/* ---- wrapping ------------------------------------------------------------------------ */

static void test_wrap_line(void)
{
    ui_context *ctx = ctx_new();
    ui_begin(ctx, W, H, 0);
    const char *t = "the quick brown fox jumps";
    int next, n;
    n = ui_wrap_line(ctx, UI_FONT_REGULAR, 14, t, (int)strlen(t), 8 * 10, &next); /* 10 chars */
    CHECK_EQ(n, 9);                                                               /* "the quick" */
    CHECK_EQ(next, 10);
    n = ui_wrap_line(ctx, UI_FONT_REGULAR, 14, t + 10, (int)strlen(t) - 10, 80, &next);
    CHECK_EQ(n, 9); /* "brown fox" */
    /* a word longer than the line is broken between code points */
    const char *w = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"; /* 6 x é */
    n = ui_wrap_line(ctx, UI_FONT_REGULAR, 14, w, 12, 8 * 4, &next);
    CHECK_EQ(n, 8);
    CHECK_EQ(next, 8);
    /* new lines are hard breaks */
    n = ui_wrap_line(ctx, UI_FONT_REGULAR, 14, "ab\ncd", 5, 400, &next);
    CHECK_EQ(n, 2);
    CHECK_EQ(next, 3);
    /* never stuck: too narrow for one character still moves on */
    n = ui_wrap_line(ctx, UI_FONT_REGULAR, 14, "abc", 3, 2, &next);
    CHECK_EQ(n, 1);
    CHECK_EQ(next, 1);
    ui_end(ctx);
    free(ctx);
}

static void test_chat_wraps_to_width(void)
{
    ui_context *ctx = ctx_new();
    ui_chat_log *log = malloc(sizeof *log);
    ui_chat_log_init(log);
    chat_screen s = {log, {0, 0, 0, 0}};
    add(log, "alice",
        "This is a long message that has to wrap over several lines because the view is only "
        "four hundred pixels wide, and supercalifragilisticexpialidociousandthensomemorelettersto"
        "breakinside the word too.");
    add(log, NULL, "system line");
    frame(ctx, &s);
    int iter = 0, lines = 0;
    const ui_command *c;
    int left = s.view.x + 10, right = s.view.x + s.view.w - 10 - 12;
    while (ui_command_next(ctx, &iter, &c)) {
        if (c->type != UI_CMD_TEXT) continue;
        lines++;
        CHECK(c->rect.x >= left);
        CHECK(c->rect.x + c->rect.w <= right);
    }
    CHECK(lines >= 6);
    /* continuation lines hang under the text, not under the name */
    const ui_command *first = find_text(ctx, "This is");
    const ui_command *cont = find_text(ctx, "wrap");
    CHECK(first && cont);
    if (first && cont) CHECK_EQ(cont->rect.x, first->rect.x);
    ui_check_report rep;
    CHECK_EQ(ui_check_frame(ctx, &rep), 0);
    if (rep.problems) fprintf(stderr, "%s", rep.text);
    free(log);
    free(ctx);
}

/* ---- scrolling ----------------------------------------------------------------------- */

static void add_numbered(ui_chat_log *log, int from, int to)
{
    char text[64];
    for (int i = from; i < to; i++) {
        snprintf(text, sizeof text, "msg-%04d hello", i);
        add(log, "bob", text);
    }
}

static void test_chat_stick_to_bottom(void)
{
    ui_context *ctx = ctx_new();
    ui_chat_log *log = malloc(sizeof *log);
    ui_chat_log_init(log);
    chat_screen s = {log, {0, 0, 0, 0}};
    add_numbered(log, 0, 100);
    frame(ctx, &s);
    CHECK(find_text(ctx, "msg-0099") != NULL);
    CHECK(find_text(ctx, "msg-0000") == NULL);
    /* new messages while at the bottom: the view follows */
    add_numbered(log, 100, 110);
    frame(ctx, &s);
    CHECK(find_text(ctx, "msg-0109") != NULL);
    const ui_command *last = find_text(ctx, "msg-0109");
    if (last) CHECK(last->rect.y + last->rect.h <= s.view.y + s.view.h);
    CHECK(find_text(ctx, "Jump to latest") == NULL);

    /* scroll up: the view stays where the reader is while messages arrive */
    ui_input_mouse_move(ctx, s.view.x + 50, s.view.y + 50);
    ui_input_scroll(ctx, 0, 5);
    frame(ctx, &s);
    CHECK(find_text(ctx, "msg-0109") == NULL);
    CHECK(find_text(ctx, "Jump to latest") != NULL);
    int iter = 0;
    const ui_command *c, *top = NULL;
    while (ui_command_next(ctx, &iter, &c))
        if (c->type == UI_CMD_TEXT && strstr(ui_command_text(ctx, c), "msg-") &&
            c->rect.y >= s.view.y) {
            top = c;
            break;
        }
    CHECK(top != NULL);
    char top_text[32] = "";
    int top_y = top ? top->rect.y : 0;
    if (top) snprintf(top_text, sizeof top_text, "%.8s", ui_command_text(ctx, top));
    add_numbered(log, 110, 150);
    frame(ctx, &s);
    const ui_command *same = find_text(ctx, top_text);
    CHECK(same != NULL);
    if (same) CHECK_EQ(same->rect.y, top_y);
    CHECK(find_text(ctx, "msg-0149") == NULL);

    /* back to the bottom with the wheel: following again */
    ui_input_scroll(ctx, 0, -1000);
    frame(ctx, &s);
    CHECK(find_text(ctx, "msg-0149") != NULL);
    add_numbered(log, 150, 151);
    frame(ctx, &s);
    CHECK(find_text(ctx, "msg-0150") != NULL);

    /* the jump button brings it back too */
    ui_input_scroll(ctx, 0, 3);
    frame(ctx, &s);
    const ui_command *jump = find_text(ctx, "Jump to latest");
    CHECK(jump != NULL);
    add_numbered(log, 151, 160);
    if (jump) {
        ui_input_mouse_move(ctx, jump->rect.x + 4, jump->rect.y + 4);
        frame(ctx, &s);
        ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
        frame(ctx, &s);
        ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
        frame(ctx, &s);
        frame(ctx, &s);
    }
    CHECK(find_text(ctx, "msg-0159") != NULL);
    /* Page Up scrolls back a screen */
    ui_input_key(ctx, UI_KEY_PAGEUP, 0, true);
    frame(ctx, &s);
    CHECK(find_text(ctx, "msg-0159") == NULL);
    free(log);
    free(ctx);
}

static void test_chat_only_visible_lines(void)
{
    ui_context *ctx = ctx_new();
    ui_chat_log *log = malloc(sizeof *log);
    ui_chat_log_init(log);
    chat_screen s = {log, {0, 0, 0, 0}};
    add_numbered(log, 0, 600);
    frame(ctx, &s);
    int texts = count_texts(ctx, NULL);
    /* 300 px of 17 px lines: at most 19 messages, three texts each (time, name, body) */
    CHECK(texts > 0 && texts <= 3 * 20);
    int iter = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c))
        if (c->type == UI_CMD_TEXT)
            CHECK(c->rect.y + c->rect.h > s.view.y && c->rect.y < s.view.y + s.view.h);
    /* the same in the middle of the scroll-back */
    ui_input_mouse_move(ctx, s.view.x + 50, s.view.y + 50);
    ui_input_scroll(ctx, 0, 200);
    frame(ctx, &s);
    CHECK(count_texts(ctx, NULL) <= 3 * 20);
    CHECK(find_text(ctx, "msg-0599") == NULL);
    /* and it stays fast: 500 frames of a 600-message view with one new message each */
    clock_t t0 = clock();
    for (int i = 0; i < 500; i++) {
        add_numbered(log, 600 + i, 601 + i);
        frame(ctx, &s);
    }
    double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC / 500.0;
    printf("  chat view, %d messages: %.3f ms per frame (sanitizer build)\n", log->count, ms);
    CHECK(ms < 5.0);
    ui_check_report rep;
    CHECK_EQ(ui_check_frame(ctx, &rep), 0);
    free(log);
    free(ctx);
}

/* ---- virtualised list ---------------------------------------------------------------- */

typedef struct list_screen {
    int count, selected, clicked, activated, first, last, emitted;
} list_screen;

static void screen_list(ui_context *ctx, void *user)
{
    list_screen *s = user;
    ui_layout_row(ctx, 1, (ui_size[]){UI_PX(220)}, UI_PX(300));
    ui_list l;
    ui_list_begin(ctx, "members", s->count, 30, &s->selected, &l);
    s->first = l.first;
    s->last = l.last;
    s->emitted = 0;
    for (int i = l.first; i < l.last; i++) {
        char name[32];
        snprintf(name, sizeof name, "member %05d", i);
        if (ui_list_item(ctx, &l, i, name, UI_ICON_DOT, ctx->theme.success)) s->clicked = i;
        s->emitted++;
    }
    if (l.activated) s->activated++;
    ui_list_end(ctx, &l);
}

static void lframe(ui_context *ctx, list_screen *s)
{
    ui_begin(ctx, W, H, now_ms);
    screen_list(ctx, s);
    ui_end(ctx);
    now_ms += 16;
}

static void test_list_virtualized(void)
{
    ui_context *ctx = ctx_new();
    list_screen s = {10000, -1, -1, 0, 0, 0, 0};
    lframe(ctx, &s);
    CHECK_EQ(s.first, 0);
    CHECK_EQ(s.last, 10); /* 300 px of 30 px rows */
    CHECK_EQ(count_texts(ctx, "member"), 10);
    /* wheel down: other rows, still only a screenful */
    ui_input_mouse_move(ctx, 100, 100);
    ui_input_scroll(ctx, 0, -10);
    lframe(ctx, &s);
    CHECK(s.first > 0);
    CHECK(s.last - s.first <= 11);
    CHECK(count_texts(ctx, "member") <= 11);
    /* click a row: selected and clicked */
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    lframe(ctx, &s);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    lframe(ctx, &s);
    int row = s.first + (100 + (s.first * 30) % 30) / 30;
    CHECK(s.selected >= s.first && s.selected < s.last);
    CHECK_EQ(s.clicked, s.selected);
    (void)row;
    /* the keyboard moves the selection and scrolls it into view */
    ui_input_key(ctx, UI_KEY_END, 0, true);
    lframe(ctx, &s);
    lframe(ctx, &s);
    CHECK_EQ(s.selected, 9999);
    CHECK_EQ(s.last, 10000);
    CHECK(find_text(ctx, "member 09999") != NULL);
    ui_input_key(ctx, UI_KEY_UP, 0, true);
    ui_input_key(ctx, UI_KEY_UP, 0, true);
    lframe(ctx, &s);
    CHECK_EQ(s.selected, 9997);
    ui_input_key(ctx, UI_KEY_ENTER, 0, true);
    lframe(ctx, &s);
    CHECK_EQ(s.activated, 1);
    ui_input_key(ctx, UI_KEY_HOME, 0, true);
    lframe(ctx, &s);
    lframe(ctx, &s);
    CHECK_EQ(s.first, 0);
    ui_list_scroll_to(ctx, "members", 5000); /* e.g. "show me in the list" */
    lframe(ctx, &s);
    CHECK(s.first <= 5000 && s.last > 5000);
    /* dragging the scrollbar to the bottom */
    int sx = 220 - 6, sy = 10;
    ui_input_mouse_move(ctx, sx, sy);
    lframe(ctx, &s);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, true);
    lframe(ctx, &s);
    ui_input_mouse_move(ctx, sx, 1000);
    lframe(ctx, &s);
    ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
    lframe(ctx, &s);
    CHECK_EQ(s.last, 10000);
    ui_check_report rep;
    CHECK_EQ(ui_check_frame(ctx, &rep), 0);
    if (rep.problems) fprintf(stderr, "%s", rep.text);
    /* an empty list is fine */
    s.count = 0;
    s.selected = -1;
    lframe(ctx, &s);
    CHECK_EQ(s.emitted, 0);
    free(ctx);
}

int main(void)
{
    TEST_RUN(test_chat_log_ring);
    TEST_RUN(test_wrap_line);
    TEST_RUN(test_chat_wraps_to_width);
    TEST_RUN(test_chat_stick_to_bottom);
    TEST_RUN(test_chat_only_visible_lines);
    TEST_RUN(test_list_virtualized);
    return test_summary();
}
