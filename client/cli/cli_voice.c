/* cli_voice.c — parley-cli's voice: the voice engine between SDL audio (audio_dev.h, so
 * SDL_AUDIODRIVER=disk makes it scriptable) and the session's CONN_CH_VOICE, the commands
 * /voice /talk /mute /deafen, and the talk and level events (docs/CLI.md). The engine and the
 * devices are made on first use, so a session without voice never opens audio. */
#include "cli.h"

#include "voice_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_VOICE_LEVEL_EVERY 0.5 /* seconds between own input level events (JSON) */

struct cli_voice {
    vc_engine *e;
    aud_dev *a;
    vc_io *io;
    bool want;      /* in the current room's voice (--voice, /voice) */
    uint32_t sent;  /* the room the server was told about; 0: none (or told "none") */
    bool sent_deaf; /* the deafen state the server was told about */
    double next_level;
    uint64_t send_failed;
};

static bool cli_voice_make(cli *c, double now)
{
    if (c->voice && c->voice->e) return true;
    cli_voice *v = c->voice ? c->voice : calloc(1, sizeof *v);
    if (!v) return false;
    c->voice = v;
    vc_engine_config ec = vc_engine_default_config();
    aud_dev_config ac = {0};
    v->a = aud_dev_open(&ac, now);
    if (v->a) {
        int cr = aud_dev_rate(v->a, AUD_CAPTURE), pr = aud_dev_rate(v->a, AUD_PLAYBACK);
        if (cr) ec.capture_rate = cr;
        if (pr) ec.playback_rate = pr;
    }
    v->e = v->a ? vc_engine_create(&ec) : NULL;
    v->io = v->e ? vc_io_create(v->e, v->a, NULL, now) : NULL;
    if (!v->io) {
        cli_out_error(&c->out, "voice", "voice cannot start (out of memory)");
        if (v->e) vc_engine_destroy(v->e);
        if (v->a) aud_dev_close(v->a);
        v->e = NULL, v->a = NULL;
        return false;
    }
    for (int d = AUD_CAPTURE; d <= AUD_PLAYBACK; d++) {
        aud_status st = aud_dev_status(v->a, (aud_dir)d);
        if (st != AUD_STATUS_OK)
            cli_out_error(&c->out, "audio_device", "%s: %s",
                          d == AUD_CAPTURE ? "microphone" : "speakers",
                          aud_dev_status_text(v->a, (aud_dir)d));
    }
    return true;
}

void cli_voice_free(cli *c)
{
    cli_voice *v = c->voice;
    if (!v) return;
    if (v->e) {
        vc_engine_state st = vc_engine_get_state(v->e);
        cli_out_voice_stats(&c->out, st.frames, st.packets_sent, st.packets_received,
                            st.packets_rejected, v->send_failed);
    }
    if (v->io) vc_io_destroy(v->io);
    if (v->e) vc_engine_destroy(v->e);
    if (v->a) aud_dev_close(v->a);
    free(v);
    c->voice = NULL;
}

static void cli_voice_report(cli *c)
{
    vc_engine_state st = vc_engine_get_state(c->voice->e);
    cli_out_voice_state(&c->out, c->voice->want, c->room, st.muted, st.deafened, st.ptt,
                        st.tx == VC_TX_PTT ? "push-to-talk" : "voice-activation");
}

void cli_voice_start(cli *c, double now)
{
    if (!cli_voice_make(c, now)) return;
    c->voice->want = true;
}

/* "/voice", "/talk", "/mute", "/deafen" without arguments. "/mute NAME ..." stays the
 * moderator's command. False when the line is not one of them. */
bool cli_voice_line(cli *c, const char *line, double now)
{
    static const char *const cmds[] = {"/voice", "/talk", "/mute", "/deafen"};
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
    int which = -1;
    for (int i = 0; i < 4; i++)
        if (n == strlen(cmds[i]) && !strncmp(line, cmds[i], n)) which = i;
    if (which < 0) return false;
    if (!cli_voice_make(c, now)) return true;
    cli_voice *v = c->voice;
    vc_engine_state st = vc_engine_get_state(v->e);
    switch (which) {
    case 0:
        v->want = !v->want;
        if (!v->want) vc_engine_clear(v->e);
        break;
    case 1:
        vc_engine_set_tx(v->e, VC_TX_PTT);
        vc_engine_set_ptt(v->e, !st.ptt);
        break;
    case 2:
        vc_engine_set_mute(v->e, !st.muted);
        break;
    default:
        vc_engine_set_deafen(v->e, !st.deafened);
        break;
    }
    cli_voice_report(c);
    return true;
}

/* Tells the server which room's voice this connection is in, when that changed. */
static void cli_voice_sync(cli *c)
{
    cli_voice *v = c->voice;
    if (cl_session_state(c->s) != CL_STATE_READY || !cl_session_logged_in(c->s)) {
        v->sent = 0; /* a new connection knows nothing: tell it again when ready */
        return;
    }
    uint32_t room = v->want ? c->room : 0;
    bool deaf = vc_engine_get_state(v->e).deafened;
    if (room == v->sent && deaf == v->sent_deaf) return;
    msg m = {.type = MSG_VOICE_STATE};
    m.voice_state.room_id = room;
    m.voice_state.deafened = deaf;
    if (cl_session_request(c->s, &m, NULL) != CL_OK) return; /* tried again next time */
    if (room != v->sent) vc_engine_clear(v->e);
    v->sent = room;
    v->sent_deaf = deaf;
}

void cli_voice_pump(cli *c, double now)
{
    cli_voice *v = c->voice;
    if (!v || !v->e) return;
    cli_voice_sync(c);
    aud_dev_update(v->a, now);
    uint8_t buf[VW_MAX_DOWN];
    size_t len;
    while (cl_session_voice_receive(c->s, buf, sizeof buf, &len))
        if (v->sent) vc_engine_receive(v->e, buf, len, now);
    vc_io_pump(v->io, now);
    bool any = false;
    while (vc_engine_pop_packet(v->e, buf, sizeof buf, &len)) {
        if (!v->sent) continue; /* not in voice: what is captured goes nowhere */
        if (cl_session_voice_send(c->s, buf, len) == CL_OK)
            any = true;
        else
            v->send_failed++;
    }
    if (any) cl_session_voice_flush(c->s, now); /* voice does not wait for the next update */
    vc_event ev;
    while (vc_engine_poll_event(v->e, &ev))
        cli_out_voice_talk(&c->out, ev.user, ev.type == VC_EV_TALK_START);
    if (c->out.json && v->want && now >= v->next_level) {
        vc_engine_state st = vc_engine_get_state(v->e);
        cli_out_voice_level(&c->out, st.input_dbfs, st.input_meter, st.talking);
        v->next_level = now + CLI_VOICE_LEVEL_EVERY;
    }
}
