/* cl_call: a 1:1 call's state on the client, driven by made-up session events (no I/O). */
#include "cl_call.h"
#include "../test.h"

#include <string.h>

static cl_event ev; /* large: one, reused */

static const cl_event *call_state(uint32_t id, msg_call_phase st, msg_call_reason why,
                                  const char *peer, bool outgoing, bool by_peer)
{
    memset(&ev, 0, sizeof ev);
    ev.type = CL_EV_MSG;
    ev.m.type = MSG_CALL_STATE;
    ev.m.call_state = (msg_call_state){.call_id = id,
                                       .peer_id = 7,
                                       .state = st,
                                       .reason = why,
                                       .outgoing = outgoing,
                                       .by_peer = by_peer};
    snprintf(ev.m.call_state.peer, sizeof ev.m.call_state.peer, "%s", peer);
    return &ev;
}

static const cl_event *plain(cl_event_type t)
{
    memset(&ev, 0, sizeof ev);
    ev.type = t;
    return &ev;
}

static const cl_event *session(bool resumed)
{
    memset(&ev, 0, sizeof ev);
    ev.type = CL_EV_SESSION;
    ev.m.type = MSG_SESSION;
    ev.m.session.resumed = resumed;
    return &ev;
}

static void test_outgoing(void)
{
    cl_call c;
    memset(&c, 0xff, sizeof c);
    cl_call_init(&c);
    CHECK(!cl_call_live(&c) && !cl_call_voice(&c) && !cl_call_incoming(&c));
    cl_call z = {0}; /* zeroed is "no call" too */
    CHECK(!cl_call_live(&z));
    CHECK(cl_call_on_event(&c, call_state(5, MSG_CALL_RINGING, MSG_CALL_R_NONE, "bob", true, false),
                           1.0));
    CHECK(cl_call_live(&c) && !cl_call_incoming(&c) && !cl_call_voice(&c));
    CHECK_STR(c.peer, "bob");
    CHECK_EQ(c.call_id, 5);
    CHECK(cl_call_on_event(&c, call_state(5, MSG_CALL_ACTIVE, MSG_CALL_R_NONE, "bob", true, true),
                           2.0));
    CHECK(cl_call_voice(&c));
    CHECK(c.since == 2.0);
    /* own link drops: reconnecting, no voice; the resume brings it back */
    CHECK(cl_call_on_event(&c, plain(CL_EV_DISCONNECTED), 3.0));
    CHECK(c.state == MSG_CALL_RECONNECTING && c.reason == MSG_CALL_R_CONNECTION_LOST);
    CHECK(!cl_call_voice(&c) && cl_call_live(&c));
    CHECK(!cl_call_on_event(&c, session(true), 4.0));
    CHECK(cl_call_on_event(
        &c, call_state(5, MSG_CALL_ACTIVE, MSG_CALL_R_RESUMED, "bob", true, false), 4.1));
    CHECK(cl_call_voice(&c));
    /* another call's end (answered elsewhere) does not touch this one, but is shown */
    CHECK(cl_call_on_event(
        &c, call_state(9, MSG_CALL_ENDED, MSG_CALL_R_ANSWERED_ELSEWHERE, "cat", false, false),
        5.0));
    CHECK(cl_call_voice(&c) && c.call_id == 5);
    CHECK(!cl_call_on_event(
        &c, call_state(9, MSG_CALL_RINGING, MSG_CALL_R_NONE, "cat", false, false), 5.0));
    CHECK(cl_call_on_event(&c, call_state(5, MSG_CALL_ENDED, MSG_CALL_R_HANGUP, "bob", true, true),
                           6.0));
    CHECK(!cl_call_live(&c) && c.reason == MSG_CALL_R_HANGUP && c.by_peer);
    /* an immediate BUSY for a new attempt */
    CHECK(cl_call_on_event(&c, call_state(6, MSG_CALL_ENDED, MSG_CALL_R_BUSY, "dan", true, true),
                           7.0));
    CHECK(!cl_call_live(&c) && c.reason == MSG_CALL_R_BUSY);
    CHECK_STR(c.peer, "dan");
    CHECK(!cl_call_on_event(&c, plain(CL_EV_DISCONNECTED), 8.0)); /* no call: nothing */
}

static void test_incoming_and_lost(void)
{
    cl_call c;
    cl_call_init(&c);
    CHECK(cl_call_on_event(
        &c, call_state(3, MSG_CALL_RINGING, MSG_CALL_R_NONE, "amy", false, false), 1.0));
    CHECK(cl_call_incoming(&c));
    /* a ring survives a drop of this client's link (the server rings again on resume) */
    CHECK(!cl_call_on_event(&c, plain(CL_EV_DISCONNECTED), 2.0));
    CHECK(cl_call_incoming(&c));
    /* but a fresh log-in means the server forgot the session, and the call with it */
    CHECK(cl_call_on_event(&c, session(false), 3.0));
    CHECK(!cl_call_live(&c) && c.reason == MSG_CALL_R_CONNECTION_LOST);
    CHECK(cl_call_on_event(&c, call_state(4, MSG_CALL_ACTIVE, MSG_CALL_R_NONE, "amy", false, false),
                           4.0));
    /* logging out ends it here at once */
    memset(&ev, 0, sizeof ev);
    ev.type = CL_EV_MSG;
    ev.m.type = MSG_RESULT;
    ev.req_type = MSG_LOGOUT;
    CHECK(cl_call_on_event(&c, &ev, 5.0));
    CHECK(!cl_call_live(&c) && c.reason == MSG_CALL_R_LOGGED_OUT);
    CHECK(cl_call_on_event(&c, call_state(8, MSG_CALL_ACTIVE, MSG_CALL_R_NONE, "amy", false, false),
                           6.0));
    CHECK(cl_call_on_event(&c, plain(CL_EV_STOPPED), 7.0));
    CHECK(!cl_call_live(&c));
}

int main(void)
{
    TEST_RUN(test_outgoing);
    TEST_RUN(test_incoming_and_lost);
    return test_summary();
}
