/* cl_call.c — a 1:1 call as the client sees it (cl_call.h). */
#include "cl_call.h"

#include <string.h>

void cl_call_init(cl_call *c)
{
    memset(c, 0, sizeof *c);
}

bool cl_call_live(const cl_call *c)
{
    return c->call_id && c->state != MSG_CALL_ENDED;
}
bool cl_call_incoming(const cl_call *c)
{
    return cl_call_live(c) && c->state == MSG_CALL_RINGING && !c->outgoing;
}
bool cl_call_voice(const cl_call *c)
{
    return cl_call_live(c) && c->state == MSG_CALL_ACTIVE;
}

static void cl_call_set(cl_call *c, msg_call_phase st, msg_call_reason why, bool by_peer,
                        double now)
{
    c->state = st;
    c->reason = why;
    c->by_peer = by_peer;
    c->since = now;
}

static bool cl_call_on_state(cl_call *c, const msg_call_state *m, double now)
{
    /* News about another call while this one lives (the answered-elsewhere end of a ring
     * another machine took, say) must not replace it. */
    if (cl_call_live(c) && m->call_id != c->call_id) return m->state == MSG_CALL_ENDED;
    c->call_id = m->call_id;
    c->peer_id = m->peer_id;
    memcpy(c->peer, m->peer, sizeof c->peer);
    c->peer[sizeof c->peer - 1] = '\0';
    c->outgoing = m->outgoing;
    cl_call_set(c, m->state, m->reason, m->by_peer, now);
    return true;
}

bool cl_call_on_event(cl_call *c, const cl_event *ev, double now)
{
    switch (ev->type) {
    case CL_EV_MSG:
        if (ev->m.type == MSG_CALL_STATE) return cl_call_on_state(c, &ev->m.call_state, now);
        if (ev->m.type == MSG_RESULT && ev->req_type == MSG_LOGOUT && ev->m.result.err == MSG_OK &&
            cl_call_live(c)) {
            cl_call_set(c, MSG_CALL_ENDED, MSG_CALL_R_LOGGED_OUT, false, now);
            return true;
        }
        return false;
    case CL_EV_DISCONNECTED:
        /* The server keeps the call for the resume window; a ringing one it ends. */
        if (cl_call_voice(c)) {
            cl_call_set(c, MSG_CALL_RECONNECTING, MSG_CALL_R_CONNECTION_LOST, false, now);
            return true;
        }
        return false;
    case CL_EV_SESSION:
        /* A fresh log-in, not a resume: the server has forgotten the call. */
        if (!ev->m.session.resumed && cl_call_live(c)) {
            cl_call_set(c, MSG_CALL_ENDED, MSG_CALL_R_CONNECTION_LOST, false, now);
            return true;
        }
        return false;
    case CL_EV_STOPPED:
        if (!cl_call_live(c)) return false;
        cl_call_set(c, MSG_CALL_ENDED, MSG_CALL_R_CONNECTION_LOST, false, now);
        return true;
    default:
        return false;
    }
}

static cl_err cl_call_request(cl_session *s, msg_type t, uint32_t call_id, uint32_t *req)
{
    msg m = {.type = t};
    m.call_accept.req = 0; /* the three share msg_call_request; the session picks req */
    m.call_accept.call_id = call_id;
    return cl_session_request(s, &m, req);
}

cl_err cl_call_dial(cl_session *s, const char *name, uint32_t *req)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > MSG_NAME_MAX) return CL_ERR_INVALID;
    msg m = {.type = MSG_CALL_START};
    memcpy(m.call_start.name, name, n + 1);
    return cl_session_request(s, &m, req);
}

cl_err cl_call_accept(cl_session *s, uint32_t call_id, uint32_t *req)
{
    return cl_call_request(s, MSG_CALL_ACCEPT, call_id, req);
}

cl_err cl_call_decline(cl_session *s, uint32_t call_id, uint32_t *req)
{
    return cl_call_request(s, MSG_CALL_DECLINE, call_id, req);
}

cl_err cl_call_hangup(cl_session *s, uint32_t call_id, uint32_t *req)
{
    return cl_call_request(s, MSG_CALL_HANGUP, call_id, req);
}
