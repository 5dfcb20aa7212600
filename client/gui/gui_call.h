/* gui_call.h — 1:1 calls in the GUI (features C1, A4; docs/VOICE.md "Calls"): the call as the
 * screens show it, kept from the session's events, and the ring.
 *
 * The call itself is the client core's (cl_call.h): gui_call_on_event feeds it every event
 * and turns its changes into what a person expects — a ring that repeats while a call rings
 * for them, a toast for every end (declined, busy, no answer, connection lost, hung up) and
 * for a call that drops and comes back. The widgets (gui_view.h: the incoming-call dialog,
 * the "Calling…" banner, the in-call bar, the Call buttons) read this model and ask for
 * GUI_ACT_CALL* actions; the controller runs them (gui_call_request). No SDL, no clock:
 * the unit tests drive it with made-up CALL_STATE events. */
#ifndef PARLEY_GUI_CALL_H
#define PARLEY_GUI_CALL_H

#include "cl_call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUI_CALL_RING_MS 3000 /* the ring repeats this often while a call rings for us */

typedef struct gui_call {
    cl_call c;         /* the core's view of the call */
    uint32_t answered; /* the ringing call the person accepted or declined (the dialog goes) */
    bool accepted;     /* ... and which */
    int64_t active_ms; /* local time the call became active (the bar's duration) */
    int64_t ring_at;   /* local time of the next ring; 0: not ringing */
    uint32_t rings;    /* rings wanted so far (the host plays one per step) */
} gui_call;

struct gui_state;
struct gui_action;
struct cl_session;

/* Applies one session event (any; most are not about calls). */
void gui_call_on_event(struct gui_state *st, const cl_event *ev, int64_t now_ms);
/* Forgets the call (a new connection): a live one is told as ended. */
void gui_call_reset(struct gui_state *st);

/* A call rings for this client and the person has not answered it: the dialog shows. */
bool gui_call_ringing_here(const struct gui_state *st);
/* Something to show in the bar: calling out, answering, in the call, reconnecting. */
bool gui_call_bar_shown(const struct gui_state *st);
/* The person can call this member: not themselves, not offline, no call of theirs going. */
bool gui_call_can(const struct gui_state *st, uint32_t user_id, msg_status status);

/* True once per GUI_CALL_RING_MS while the dialog shows (the host plays the ring then). */
bool gui_call_ring_due(struct gui_state *st, int64_t now_ms);
/* When the ring is next due (local ms), 0 when not ringing: the host's wake-up. */
int64_t gui_call_ring_next(const struct gui_state *st);

/* "In a call with bob · 2:05" parts: the duration as "m:ss" or "h:mm:ss". */
void gui_call_duration(int64_t ms, char *out, size_t cap);

/* Runs a GUI_ACT_CALL* action on session s (the controller); *req: its request id. */
cl_err gui_call_request(struct cl_session *s, const struct gui_action *a, uint32_t *req);

#endif
