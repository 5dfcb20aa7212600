/* app_voice.c — who is in which room's voice (VOICE_STATE), and relaying voice messages to
 * exactly the sessions that should hear them, without decoding them. */
#include "app_internal.h"
#include "conn.h"
#include "voice_wire.h"

#include <assert.h>

void app_on_voice_state(app *a, int32_t s, const msg_voice_state *m)
{
    app_session *ss = &a->sessions[s];
    if (m->room_id == 0) {
        ss->voice_room = 0;
        ss->voice_deaf = false;
        app_result(a, s, m->req, MSG_OK, 0, NULL);
        return;
    }
    if (!app_room_find(a, m->room_id)) {
        app_result(a, s, m->req, MSG_ERR_NO_SUCH_ROOM, 0, NULL);
        return;
    }
    if (app_user_room_index(a, ss->user, m->room_id) < 0) {
        app_result(a, s, m->req, MSG_ERR_NOT_IN_ROOM, 0, "join the room before its voice");
        return;
    }
    ss->voice_room = m->room_id;
    ss->voice_deaf = m->deafened;
    app_result(a, s, m->req, MSG_OK, m->room_id, NULL);
}

/* The sender's room when its voice may be heard there now; 0 otherwise. */
static uint32_t app_voice_room_of(const app *a, const app_session *ss)
{
    if (ss->state != APP_S_LOGGED_IN || ss->user < 0 || ss->voice_room == 0) return 0;
    int i = app_user_room_index(a, ss->user, ss->voice_room);
    if (i < 0) return 0; /* left, or was kicked from, the room since */
    if (a->users[ss->user].rooms[i].muted_until > a->now_ms) return 0;
    return ss->voice_room;
}

size_t app_voice_targets(const app *a, uint32_t session, int target, uint32_t *out, size_t cap)
{
    assert(a && (out || cap == 0));
    int32_t s = app_session_find(a, session);
    if (s < 0) return 0;
    if (target == VW_TARGET_CALL) {
        /* The call's other side and nobody else: never the room, never a ringing peer. */
        int32_t p = app_call_peer_session(a, s);
        if (p < 0 || cap == 0) return 0;
        out[0] = a->sessions[p].handle;
        return 1;
    }
    if (target != VW_TARGET_ROOM) return 0;
    const app_session *from = &a->sessions[s];
    uint32_t room = app_voice_room_of(a, from);
    if (!room) return 0;
    size_t n = 0;
    for (uint32_t i = 0; i < a->session_cap && n < cap; i++) {
        const app_session *to = &a->sessions[i];
        if (to->state != APP_S_LOGGED_IN || to->voice_room != room || to->voice_deaf) continue;
        if (to->user == from->user) continue; /* not the sender, nor its other machines */
        if (app_user_room_index(a, to->user, room) < 0) continue;
        out[n++] = to->handle;
    }
    return n;
}

void app_on_voice(app *a, uint32_t session, const uint8_t *data, size_t len, int64_t now_ms)
{
    assert(a && (data || len == 0));
    a->now_ms = now_ms;
    a->stats.voice_in++;
    int32_t s = app_session_find(a, session);
    if (s < 0) {
        a->stats.voice_bad++;
        return;
    }
    app_session *ss = &a->sessions[s];
    uint32_t retry;
    if (!app_take(&ss->voice, APP_VOICE_RATE, APP_VOICE_BURST, now_ms, &retry)) {
        a->stats.voice_rate_limited++;
        return;
    }
    if (ss->state != APP_S_LOGGED_IN || ss->user < 0) {
        a->stats.voice_unrouted++;
        return;
    }
    uint8_t down[VW_MAX_DOWN];
    vw_target target = VW_TARGET_ROOM;
    size_t n = vw_relay(data, len, a->users[ss->user].id, down, sizeof down, &target);
    if (n == 0) {
        a->stats.voice_bad++;
        app_logf(a, 0, "app: session %u sent a malformed voice message (%zu bytes)", session, len);
        return;
    }
    size_t k = app_voice_targets(a, session, (int)target, a->voice_targets, a->session_cap);
    if (k == 0) {
        a->stats.voice_unrouted++;
        return;
    }
    for (size_t i = 0; i < k; i++) {
        if (a->cfg.send) a->cfg.send(a->cfg.user, a->voice_targets[i], CONN_CH_VOICE, down, n);
        a->stats.voice_out++;
    }
}
