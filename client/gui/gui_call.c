/* gui_call.c — 1:1 calls in the GUI: the model kept from the session's events (gui_call.h),
 * and its widgets (gui_view.h): the incoming-call dialog, the bar shown on every screen while
 * calling out or in a call, and the Call button used by member rows, the member dialog and
 * the direct-message header. */
#include "gui_call.h"
#include "gui_str.h"
#include "gui_view.h"

#include <stdio.h>
#include <string.h>

#define GUI_CALL_ELLIPSIS "\xe2\x80\xa6"

/* ---- the model ----------------------------------------------------------------------------- */

bool gui_call_ringing_here(const gui_state *st)
{
    const cl_call *c = &st->call.c;
    return cl_call_incoming(c) && st->call.answered != c->call_id;
}

bool gui_call_bar_shown(const gui_state *st)
{
    const cl_call *c = &st->call.c;
    if (!cl_call_live(c)) return false;
    if (c->state == MSG_CALL_RINGING && !c->outgoing) /* the dialog, or answering it */
        return st->call.answered == c->call_id && st->call.accepted;
    return true;
}

bool gui_call_can(const gui_state *st, uint32_t user_id, msg_status status)
{
    return st->logged_in && user_id != st->me.user_id && status != MSG_STATUS_OFFLINE &&
           !cl_call_live(&st->call.c);
}

void gui_call_duration(int64_t ms, char *out, size_t cap)
{
    int64_t s = ms > 0 ? ms / 1000 : 0;
    if (s >= 3600)
        gui_str_fmt(out, cap, "%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
                    (long long)(s % 60));
    else
        gui_str_fmt(out, cap, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

/* Why a call ended, for the person (the same words as parley-cli's, as a sentence). */
static void gui_call_ended_note(gui_state *st, const cl_call *c, int64_t lasted_ms)
{
    const char *p = c->peer;
    char dur[32] = "";
    if (lasted_ms > 0) {
        char d[24];
        gui_call_duration(lasted_ms, d, sizeof d);
        gui_str_fmt(dur, sizeof dur, " (%s)", d);
    }
    switch (c->reason) {
    case MSG_CALL_R_DECLINED:
        if (c->by_peer)
            gui_state_note(st, GUI_NOTE_WARNING, "%s declined the call", p);
        else
            gui_state_note(st, GUI_NOTE_INFO, "You declined the call from %s", p);
        return;
    case MSG_CALL_R_BUSY:
        gui_state_note(st, GUI_NOTE_WARNING, "%s is busy in another call", p);
        return;
    case MSG_CALL_R_TIMEOUT:
        if (c->outgoing)
            gui_state_note(st, GUI_NOTE_WARNING, "%s did not answer", p);
        else
            gui_state_note(st, GUI_NOTE_INFO, "Missed call from %s", p);
        return;
    case MSG_CALL_R_HANGUP:
        if (c->by_peer)
            gui_state_note(st, GUI_NOTE_INFO, "%s %s%s", p,
                           lasted_ms > 0 ? "hung up" : "cancelled the call", dur);
        else
            gui_state_note(st, GUI_NOTE_INFO, "Call with %s ended%s", p, dur);
        return;
    case MSG_CALL_R_CONNECTION_LOST:
        gui_state_note(st, GUI_NOTE_ERROR, "Call with %s ended: %s%s", p,
                       c->by_peer ? "their connection was lost" : "the connection was lost", dur);
        return;
    case MSG_CALL_R_ANSWERED_ELSEWHERE:
        gui_state_note(st, GUI_NOTE_INFO, "The call from %s was answered on another device", p);
        return;
    case MSG_CALL_R_LOGGED_OUT:
        gui_state_note(st, GUI_NOTE_INFO, "Call with %s ended: %s logged out%s", p,
                       c->by_peer ? p : "you", dur);
        return;
    default:
        gui_state_note(st, GUI_NOTE_INFO, "Call with %s ended%s", p, dur);
        return;
    }
}

/* The toast for a change from `was` to the call now in st. */
static void gui_call_changed(gui_state *st, const cl_call *was, int64_t now_ms)
{
    gui_call *gc = &st->call;
    const cl_call *c = &gc->c;
    bool same = was->call_id == c->call_id;
    if (same && was->state == c->state && was->reason == c->reason) return;
    bool was_on = same && (was->state == MSG_CALL_ACTIVE || was->state == MSG_CALL_RECONNECTING);
    switch (c->state) {
    case MSG_CALL_RINGING:
        gc->active_ms = 0;
        break;
    case MSG_CALL_ACTIVE:
        if (!was_on) {
            gc->active_ms = now_ms;
            gui_state_note(st, GUI_NOTE_SUCCESS, "In a call with %s", c->peer);
        } else if (c->reason == MSG_CALL_R_RESUMED) {
            gui_state_note(st, GUI_NOTE_SUCCESS, "Call with %s resumed", c->peer);
        }
        break;
    case MSG_CALL_RECONNECTING:
        gui_state_note(st, GUI_NOTE_WARNING, "Call with %s: %s; waiting for it to come back",
                       c->peer, c->by_peer ? "their connection dropped" : "connection lost");
        break;
    case MSG_CALL_ENDED:
    case MSG_CALL_PHASE_COUNT:
        gui_call_ended_note(st, c, was_on && gc->active_ms ? now_ms - gc->active_ms : 0);
        gc->active_ms = 0;
        break;
    }
}

void gui_call_on_event(gui_state *st, const cl_event *ev, int64_t now_ms)
{
    gui_call *gc = &st->call;
    cl_call was = gc->c;
    if (!cl_call_on_event(&gc->c, ev, (double)now_ms / 1000.0)) return;
    gui_call_changed(st, &was, now_ms);
    if (gui_call_ringing_here(st)) {
        if (!gc->ring_at) gc->ring_at = now_ms; /* the first ring at once */
    } else {
        gc->ring_at = 0;
    }
    st->changes++;
}

void gui_call_reset(gui_state *st)
{
    gui_call *gc = &st->call;
    if (cl_call_live(&gc->c))
        gui_state_note(st, GUI_NOTE_INFO, "Call with %s ended: you disconnected", gc->c.peer);
    memset(gc, 0, sizeof *gc);
}

bool gui_call_ring_due(gui_state *st, int64_t now_ms)
{
    gui_call *gc = &st->call;
    if (!gui_call_ringing_here(st)) {
        gc->ring_at = 0;
        return false;
    }
    if (!gc->ring_at) gc->ring_at = now_ms;
    if (now_ms < gc->ring_at) return false;
    gc->ring_at = now_ms + GUI_CALL_RING_MS;
    gc->rings++;
    return true;
}

int64_t gui_call_ring_next(const gui_state *st)
{
    return gui_call_ringing_here(st) ? st->call.ring_at : 0;
}

cl_err gui_call_request(cl_session *s, const gui_action *a, uint32_t *req)
{
    switch (a->kind) {
    case GUI_ACT_CALL:
        return cl_call_dial(s, a->name, req);
    case GUI_ACT_CALL_ACCEPT:
        return cl_call_accept(s, a->number, req);
    case GUI_ACT_CALL_DECLINE:
        return cl_call_decline(s, a->number, req);
    case GUI_ACT_CALL_HANGUP:
        return cl_call_hangup(s, a->number, req);
    default:
        return CL_ERR_INVALID;
    }
}

/* ---- widgets ------------------------------------------------------------------------------- */

static void gui_call_answer(gui_view *v, gui_state *st, bool accept)
{
    gui_action *a =
        gui_actions_push(&v->actions, accept ? GUI_ACT_CALL_ACCEPT : GUI_ACT_CALL_DECLINE);
    if (!a) return; /* the queue is full: the dialog stays and can be answered again */
    a->number = st->call.c.call_id;
    st->call.answered = st->call.c.call_id;
    st->call.accepted = accept;
    st->call.ring_at = 0;
    st->changes++;
}

void gui_call_dialog(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!gui_call_ringing_here(st)) return;
    /* the call comes first: other dialogs close (a modal does not nest) */
    v->member_open = v->search_open = v->status_open = v->link_open = false;
    v->create_open = v->join_open = false;
    bool open = true;
    if (!ui_modal_begin(ctx, "Incoming call", &open, 400, 200)) {
        if (!open) gui_call_answer(v, st, false); /* Esc or the close button */
        return;
    }
    const char *peer = st->call.c.peer;
    char line[MSG_NAME_MAX + 32];
    gui_str_fmt(line, sizeof line, "%s is calling you", peer);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(28), UI_FLEX(1)}, UI_AUTO);
    gui_icon_cell(ctx, UI_ICON_PHONE, ctx->theme.success, 20);
    ui_label_ex(ctx, line, UI_FONT_BOLD, 0, 0);
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_label_ex(ctx, "Enter: accept. Esc: decline.", UI_FONT_REGULAR, ui_font_size_small(ctx),
                UI_OPT_DIM);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_PX(40));
    /* Accept first: the dialog's first Tab stop takes the focus, so Enter accepts */
    bool accept = ui_button_ex(ctx, "Accept", UI_ICON_PHONE, UI_OPT_PRIMARY);
    ui_tooltip(ctx, "Answer (Enter)");
    bool decline = ui_button_ex(ctx, "Decline", UI_ICON_PHONE_HANGUP, UI_OPT_DANGER);
    ui_tooltip(ctx, "Decline (Esc)");
    if (!accept && !decline && ui_key_pressed(ctx, UI_KEY_ENTER, 0)) accept = true;
    ui_modal_end(ctx);
    if (accept || decline) gui_call_answer(v, st, accept);
}

void gui_call_bar(gui_view *v, gui_state *st, ui_context *ctx)
{
    const cl_call *c = &st->call.c;
    ui_layout_column_begin(ctx);
    ui_rect area = ctx->last_rect;
    ui_color tint = c->state == MSG_CALL_ACTIVE         ? ctx->theme.success
                    : c->state == MSG_CALL_RECONNECTING ? ctx->theme.warning
                                                        : ctx->theme.accent;
    tint.a = 48;
    ui_draw_rect(ctx, area, tint, 0);
    /* a little air above and below the buttons */
    ui_layout_rows(ctx, 3, (ui_size[]){UI_PX(4), UI_FLEX(1), UI_PX(4)});
    ui_layout_skip(ctx);
    ui_layout_column_begin(ctx);
    char line[MSG_NAME_MAX + 64], dur[24] = "";
    ui_icon icon = UI_ICON_PHONE;
    const char *tip = NULL;
    if (c->state == MSG_CALL_RINGING && c->outgoing) {
        gui_str_fmt(line, sizeof line, "Calling %s" GUI_CALL_ELLIPSIS, c->peer);
        tip = "Waiting for them to answer";
    } else if (c->state == MSG_CALL_RINGING) {
        gui_str_fmt(line, sizeof line, "Answering %s" GUI_CALL_ELLIPSIS, c->peer);
    } else if (c->state == MSG_CALL_RECONNECTING) {
        gui_str_fmt(line, sizeof line, "Call with %s: reconnecting" GUI_CALL_ELLIPSIS, c->peer);
        icon = UI_ICON_WARNING;
        tip = c->by_peer ? "Their connection dropped; the call resumes when it is back"
                         : "Your connection dropped; the call resumes when it is back";
    } else {
        gui_str_fmt(line, sizeof line, "In a call with %s", c->peer);
        if (st->call.active_ms) {
            int64_t ms = v->now_ms - st->call.active_ms;
            gui_call_duration(ms, dur, sizeof dur);
            gui_view_wake(v, v->now_ms + 1000 - (ms > 0 ? ms % 1000 : 0)); /* the next second */
        }
    }
    bool active = c->state == MSG_CALL_ACTIVE;
    bool outgoing = c->state == MSG_CALL_RINGING && c->outgoing;
    if (active)
        ui_layout_row(ctx, 5, (ui_size[]){UI_PX(34), UI_FLEX(1), UI_PX(70), UI_PX(36), UI_PX(110)},
                      UI_FLEX(1));
    else
        ui_layout_row(ctx, 4, (ui_size[]){UI_PX(34), UI_FLEX(1), UI_PX(110), UI_PX(4)}, UI_FLEX(1));
    gui_icon_cell(ctx, icon, active ? ctx->theme.success : ctx->theme.text, 18);
    ui_label_ex(ctx, line, UI_FONT_BOLD, 0, 0);
    if (tip) ui_tooltip(ctx, tip);
    gui_settings *s = &st->settings;
    if (active) {
        ui_label_ex(ctx, dur, UI_FONT_REGULAR, 0, UI_OPT_RIGHT);
        ui_tooltip(ctx, "How long the call has lasted");
        if (ui_icon_button(ctx, "Mute##call", s->voice_muted ? UI_ICON_MIC_OFF : UI_ICON_MIC,
                           s->voice_muted ? UI_OPT_SELECTED : 0)) {
            s->voice_muted = !s->voice_muted;
            gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
        }
        ui_tooltip(ctx, s->voice_muted ? "Unmute your microphone" : "Mute your microphone");
    }
    if (ui_button_ex(ctx, outgoing ? "Cancel##call" : "Hang up##call", UI_ICON_PHONE_HANGUP,
                     UI_OPT_DANGER)) {
        gui_action *a = gui_actions_push(&v->actions, GUI_ACT_CALL_HANGUP);
        if (a) a->number = c->call_id;
    }
    ui_tooltip(ctx, outgoing ? "Stop calling" : "End the call");
    ui_layout_column_end(ctx);
    ui_layout_skip(ctx);
    ui_layout_column_end(ctx);
}

bool gui_call_button(gui_view *v, gui_state *st, ui_context *ctx, const char *label, bool text,
                     const char *name, uint32_t user_id, msg_status status, int opt)
{
    bool can = gui_call_can(st, user_id, status);
    opt |= can ? 0 : UI_OPT_DISABLED;
    bool clicked = text ? ui_button_ex(ctx, label, UI_ICON_PHONE, opt)
                        : ui_icon_button(ctx, label, UI_ICON_PHONE, opt);
    const char *tip = can                            ? "Call (voice, just the two of you)"
                      : cl_call_live(&st->call.c)    ? "You are already in a call"
                      : status == MSG_STATUS_OFFLINE ? "Offline: they cannot be called"
                                                     : "You cannot call yourself";
    ui_tooltip(ctx, tip);
    if (!clicked || !can) return false;
    gui_action *a = gui_actions_push(&v->actions, GUI_ACT_CALL);
    if (!a) return false;
    gui_str_copy(a->name, sizeof a->name, name);
    a->peer_id = user_id;
    return true;
}
