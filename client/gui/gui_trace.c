/* gui_trace.c — the chat lines on screen, written for tests (see gui_trace.h). */
#include "gui_trace.h"

#include "cl_fs.h"

#include <stdio.h>
#include <string.h>

/* The text on one line: new lines become spaces so each message stays one trace line. */
static void gui_trace_put(FILE *f, const char *s)
{
    for (; *s; s++) fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
}

bool gui_trace_write(const char *path, const gui_state *st, const gui_view *v)
{
    char tmp[CL_PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (n <= 0 || (size_t)n >= sizeof tmp) return false;
    FILE *f = fopen(tmp, "wb");
    if (!f) return false;
    const gui_convo *c = NULL;
    const char *screen = v->compact ? "compact" : gui_screen_name(st->screen);
    fprintf(f, "screen %s\n", screen);
    fprintf(f, "link %d\n", (int)st->link.state);
    fprintf(f, "server %s\n", st->link.server);
    fprintf(f, "hosting %d\n", st->hosting ? 1 : 0);
    fprintf(f, "overlay %d\n", v->overlay ? 1 : 0);
    fprintf(f, "overlay-input %d\n", v->overlay_typing ? 1 : 0);
    fprintf(f, "dings %u\n", (unsigned)st->dings);
    if (st->call.c.call_id)
        fprintf(f, "call %s %s\n", msg_call_phase_name(st->call.c.state), st->call.c.peer);
    if (st->logged_in) fprintf(f, "user %s\n", st->me.name);
    if (st->login_error[0]) fprintf(f, "login-error %s\n", st->login_error);
    if (st->screen == GUI_SCREEN_DMS && !v->compact) {
        c = gui_state_find_dm_convo(st, st->current_peer);
        fprintf(f, "peer %s\n", st->current_peer);
    } else {
        c = gui_state_find_room_convo(st, st->current_room);
        const cl_room *r = gui_state_room(st, st->current_room);
        fprintf(f, "room %s\n", r ? r->name : "");
    }
    fprintf(f, "found %d\n", st->found_count);
    for (int i = 0; i < st->found_count; i++)
        fprintf(f, "server-found %s\n", st->found[i].info.name);
    const gui_roster *r = gui_state_find_roster(st, st->current_room);
    for (int i = 0; r && i < r->count; i++)
        fprintf(f, "member %s %s\n", r->v[i].name, msg_status_name(r->v[i].status));
    int from = c && c->count > GUI_TRACE_LINES ? c->count - GUI_TRACE_LINES : 0;
    for (int i = from; c && i < c->count; i++) {
        const gui_line *l = &c->lines[i];
        fputs("line ", f);
        if (l->flags & GUI_LINE_SYSTEM) {
            fputs("* ", f);
        } else {
            gui_trace_put(f, l->sender);
            fputs(": ", f);
        }
        gui_trace_put(f, gui_convo_text(c, l));
        if (l->flags & GUI_LINE_PENDING) fputs(" [sending]", f);
        fputc('\n', f);
    }
    /* what is typed but not yet sent: a line that went nowhere shows here */
    fputs("input ", f);
    gui_trace_put(f, st->screen == GUI_SCREEN_DMS ? v->dm_input : v->input);
    fputc('\n', f);
    bool ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    return ok && cl_fs_replace(tmp, path);
}
