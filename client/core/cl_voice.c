/* cl_voice.c — the voice engine between the devices and a session (cl_voice.h). */
#include "cl_voice.h"

#include <stdlib.h>

struct cl_voice {
    cl_session *s;
    vc_engine *e;
    aud_dev *a;
    vc_io *io;
    uint32_t want;  /* the room whose voice is wanted; 0: none */
    uint32_t sent;  /* the room the server was told about; 0: none (or told "none") */
    bool sent_deaf; /* the deafen state the server was told about */
    bool call;      /* a 1:1 call is active: it has the microphone and the speakers */
    uint64_t send_failed;
};

cl_voice *cl_voice_create(cl_session *s, const cl_voice_config *cfg, double now)
{
    cl_voice_config c = {0};
    if (cfg) c = *cfg;
    if (!c.engine_set) c.engine = vc_engine_default_config();
    cl_voice *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->s = s;
    v->a = aud_dev_open(&c.dev, now);
    if (v->a) {
        int cr = aud_dev_rate(v->a, AUD_CAPTURE), pr = aud_dev_rate(v->a, AUD_PLAYBACK);
        if (cr) c.engine.capture_rate = cr;
        if (pr) c.engine.playback_rate = pr;
        v->e = vc_engine_create(&c.engine);
    }
    if (v->e) v->io = vc_io_create(v->e, v->a, &c.io, now);
    if (!v->io) {
        cl_voice_destroy(v);
        return NULL;
    }
    return v;
}

void cl_voice_destroy(cl_voice *v)
{
    if (!v) return;
    if (v->io) vc_io_destroy(v->io);
    if (v->e) vc_engine_destroy(v->e);
    if (v->a) aud_dev_close(v->a);
    free(v);
}

void cl_voice_set_room(cl_voice *v, uint32_t room)
{
    if (!room && v->want) vc_engine_clear(v->e);
    v->want = room;
}

uint32_t cl_voice_room(const cl_voice *v)
{
    return v->want;
}
uint32_t cl_voice_joined(const cl_voice *v)
{
    return v->sent;
}
bool cl_voice_in_call(const cl_voice *v)
{
    return v->call;
}

void cl_voice_set_call(cl_voice *v, bool active)
{
    if (v->call == active) return;
    v->call = active;
    vc_engine_clear(v->e); /* nothing of the room carries into the call, nor back */
    vc_engine_set_target(v->e, active ? VW_TARGET_CALL : VW_TARGET_ROOM);
}

/* Tells the server which room's voice this connection is in, when that changed. */
static void cl_voice_sync(cl_voice *v)
{
    if (cl_session_state(v->s) != CL_STATE_READY || !cl_session_logged_in(v->s)) {
        v->sent = 0; /* a new connection knows nothing: tell it again when ready */
        return;
    }
    bool deaf = vc_engine_get_state(v->e).deafened;
    uint32_t want = v->call ? 0 : v->want; /* the room's voice pauses during a call */
    if (want == v->sent && deaf == v->sent_deaf) return;
    msg m = {.type = MSG_VOICE_STATE};
    m.voice_state.room_id = want;
    m.voice_state.deafened = deaf;
    if (cl_session_request(v->s, &m, NULL) != CL_OK) return; /* tried again next time */
    if (want != v->sent && !v->call) vc_engine_clear(v->e);
    v->sent = want;
    v->sent_deaf = deaf;
}

/* During a call only its voice plays (room voice still on its way is dropped); otherwise
 * the room's, while in it. The engine checks the rest of the message. */
static bool cl_voice_wanted(const cl_voice *v, const uint8_t *buf, size_t len)
{
    vw_frame f;
    if (!vw_read(buf, len, VW_DOWN, &f, NULL)) return false;
    return v->call ? f.target == VW_TARGET_CALL : v->sent && f.target == VW_TARGET_ROOM;
}

void cl_voice_pump(cl_voice *v, double now)
{
    cl_voice_sync(v);
    aud_dev_update(v->a, now);
    uint8_t buf[VW_MAX_DOWN];
    size_t len;
    while (cl_session_voice_receive(v->s, buf, sizeof buf, &len))
        if (cl_voice_wanted(v, buf, len)) vc_engine_receive(v->e, buf, len, now);
    vc_io_pump(v->io, now);
    bool any = false;
    while (vc_engine_pop_packet(v->e, buf, sizeof buf, &len)) {
        if (!v->sent && !v->call) continue; /* not in voice: what is captured goes nowhere */
        if (cl_session_voice_send(v->s, buf, len) == CL_OK)
            any = true;
        else
            v->send_failed++;
    }
    if (any) cl_session_voice_flush(v->s, now); /* voice does not wait for the next update */
}

bool cl_voice_poll_event(cl_voice *v, vc_event *ev)
{
    return vc_engine_poll_event(v->e, ev);
}
vc_engine *cl_voice_engine(cl_voice *v)
{
    return v->e;
}
aud_dev *cl_voice_dev(cl_voice *v)
{
    return v->a;
}
vc_io *cl_voice_io(cl_voice *v)
{
    return v->io;
}
uint64_t cl_voice_send_failed(const cl_voice *v)
{
    return v->send_failed;
}
