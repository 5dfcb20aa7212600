/* cl_call.h — the client's side of a 1:1 call (docs/VOICE.md "Calls"): the requests that
 * place, answer and end one, and the call's state kept from the session's events.
 *
 * The server decides everything (ringing, busy, time-out, who hears the call); the client
 * only follows its CALL_STATE messages, plus what it knows first itself: its own link
 * dropping (the call shows "reconnecting" until the session resumes) and a log-in that
 * replaced a session the server had forgotten (the call is gone). Feed every event from
 * cl_session_poll to cl_call_on_event; it does no I/O and reads no clock.
 *
 * For a front end:
 *     cl_call call;  cl_call_init(&call);
 *     while (cl_session_poll(s, &ev))
 *         if (cl_call_on_event(&call, &ev, now)) show(&call);     // ring, update the UI
 *     cl_voice_set_call(voice, cl_call_voice(&call));              // the call takes the mic
 * and cl_call_dial / cl_call_accept / cl_call_decline / cl_call_hangup on the user's say.
 * Their RESULTs come as ordinary CL_EV_MSG events (req_type MSG_CALL_*): errors such as
 * NO_SUCH_USER, USER_OFFLINE or IN_CALL are for the person; the state itself always
 * arrives as a CALL_STATE. */
#ifndef PARLEY_CL_CALL_H
#define PARLEY_CL_CALL_H

#include "cl_event.h"
#include "cl_session.h"
#include "msg.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cl_call {
    msg_call_phase state;   /* meaningless while call_id is 0: there was never a call */
    msg_call_reason reason; /* why the last change happened */
    uint32_t call_id;
    uint32_t peer_id;
    char peer[MSG_NAME_MAX + 1];
    bool outgoing; /* this client placed the call */
    bool by_peer;  /* the other side caused the last change (hung up, declined) */
    double since;  /* when the state last changed */
} cl_call;

/* A zeroed cl_call is valid too: no call. */
void cl_call_init(cl_call *c);
/* Updates the call from one session event. True when it changed (or a CALL_STATE about a
 * call that never became this client's, such as an immediate BUSY, arrived): show it. */
bool cl_call_on_event(cl_call *c, const cl_event *ev, double now);

/* A call is ringing, active or reconnecting: there is something to hang up. */
bool cl_call_live(const cl_call *c);
/* A call rings for this client: it can be accepted or declined. */
bool cl_call_incoming(const cl_call *c);
/* The call is active: the microphone goes to it and its voice is played. */
bool cl_call_voice(const cl_call *c);

/* Requests (cl_session_request); *req (may be NULL) is the id its RESULT carries. */
cl_err cl_call_dial(cl_session *s, const char *name, uint32_t *req);
/* call_id 0: the call ringing for (or, for hang-up, held by) this user. */
cl_err cl_call_accept(cl_session *s, uint32_t call_id, uint32_t *req);
cl_err cl_call_decline(cl_session *s, uint32_t call_id, uint32_t *req);
cl_err cl_call_hangup(cl_session *s, uint32_t call_id, uint32_t *req);

#endif
