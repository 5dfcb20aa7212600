/* ui_check.c — the layout checker: walks a finished frame's widget records and commands. */
#include "ui_check.h"
#include "log.h"
#include "ui_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

PARLEY_PRINTF(2, 3)
static void ui_check_problem(ui_check_report *rep, const char *fmt, ...)
{
    rep->problems++;
    size_t used = strlen(rep->text);
    if (used + 2 >= sizeof rep->text) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->text + used, sizeof rep->text - used - 1, fmt, ap);
    va_end(ap);
    used = strlen(rep->text);
    rep->text[used] = '\n';
    rep->text[used + 1] = 0;
}

/* inner inside outer, except along the scrolling axes */
static bool ui_check_inside(ui_rect outer, ui_rect inner, int scroll)
{
    bool x_ok = (scroll & UI_CLIP_SCROLL_X) ||
                (inner.x >= outer.x && inner.x + inner.w <= outer.x + outer.w);
    bool y_ok = (scroll & UI_CLIP_SCROLL_Y) ||
                (inner.y >= outer.y && inner.y + inner.h <= outer.y + outer.h);
    return x_ok && y_ok;
}

#define UI_RECT_FMT     "(%d,%d %dx%d)"
#define UI_RECT_ARGS(r) (r).x, (r).y, (r).w, (r).h

static void ui_check_records(const ui_context *ctx, ui_check_report *rep)
{
    ui_rect screen = ui_rect_make(0, 0, ctx->width, ctx->height);
    for (int i = 0; i < ctx->record_count; i++) {
        const ui_record *r = &ctx->records[i];
        rep->widgets++;
        if (r->rect.w <= 0 || r->rect.h <= 0) {
            ui_check_problem(rep, "%s " UI_RECT_FMT ": no room left for it", r->name,
                             UI_RECT_ARGS(r->rect));
            continue;
        }
        if (r->parent < 0) {
            if (!ui_check_inside(screen, r->rect, 0))
                ui_check_problem(rep, "%s " UI_RECT_FMT ": off the screen", r->name,
                                 UI_RECT_ARGS(r->rect));
            continue;
        }
        const ui_record *p = &ctx->records[r->parent];
        if (!ui_check_inside(p->rect, r->rect, p->scroll))
            ui_check_problem(rep, "%s " UI_RECT_FMT ": sticks out of its %s " UI_RECT_FMT, r->name,
                             UI_RECT_ARGS(r->rect), p->name, UI_RECT_ARGS(p->rect));
    }
    for (int i = 0; i < ctx->record_count; i++) {
        const ui_record *a = &ctx->records[i];
        if (a->rect.w <= 0 || a->rect.h <= 0) continue;
        for (int j = i + 1; j < ctx->record_count; j++) {
            const ui_record *b = &ctx->records[j];
            if (b->parent != a->parent || b->layer != a->layer) continue;
            if (b->rect.w <= 0 || b->rect.h <= 0) continue;
            if (ui_rect_overlaps(a->rect, b->rect))
                ui_check_problem(rep, "%s " UI_RECT_FMT " overlaps %s " UI_RECT_FMT, a->name,
                                 UI_RECT_ARGS(a->rect), b->name, UI_RECT_ARGS(b->rect));
        }
    }
}

static void ui_check_texts(const ui_context *ctx, ui_check_report *rep)
{
    ui_rect clip = ui_rect_make(0, 0, ctx->width, ctx->height);
    int clip_flags = 0;
    int iter = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c)) {
        if (c->type == UI_CMD_CLIP) {
            clip = c->rect;
            clip_flags = c->flags;
            continue;
        }
        if (c->type != UI_CMD_TEXT) continue;
        rep->texts++;
        if (c->flags & UI_TEXT_ELLIPSIZED) rep->ellipsized++;
        const char *s = ui_command_text(ctx, c);
        if (!ui_check_inside(clip, c->rect, clip_flags))
            ui_check_problem(rep, "text \"%.40s\" " UI_RECT_FMT " is cut by its clip " UI_RECT_FMT,
                             s, UI_RECT_ARGS(c->rect), UI_RECT_ARGS(clip));
        if (c->owner >= 0 && c->owner < ctx->record_count) {
            const ui_record *o = &ctx->records[c->owner];
            if (!ui_check_inside(o->rect, c->rect, o->scroll | clip_flags))
                ui_check_problem(rep,
                                 "text \"%.40s\" " UI_RECT_FMT " spills out of its %s " UI_RECT_FMT,
                                 s, UI_RECT_ARGS(c->rect), o->name, UI_RECT_ARGS(o->rect));
        }
    }
}

int ui_check_frame(const ui_context *ctx, ui_check_report *rep)
{
    UI_ASSERT(ctx && rep && !ctx->in_frame);
    memset(rep, 0, sizeof *rep);
    const ui_stats *st = &ctx->stats;
    if (st->commands_dropped)
        ui_check_problem(rep, "%d draw commands dropped: UI_COMMAND_CAPACITY is too small",
                         st->commands_dropped);
    if (st->text_dropped)
        ui_check_problem(rep, "%d texts dropped: UI_TEXT_ARENA_BYTES is too small",
                         st->text_dropped);
    if (st->records_dropped)
        ui_check_problem(rep, "%d widgets not checked: UI_RECORD_CAPACITY is too small",
                         st->records_dropped);
    if (st->focus_dropped)
        ui_check_problem(rep,
                         "%d widgets cannot be reached with Tab: UI_FOCUS_CAPACITY is too small",
                         st->focus_dropped);
    ui_check_records(ctx, rep);
    ui_check_texts(ctx, rep);
    return rep->problems;
}
