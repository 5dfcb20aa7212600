/* cli_voice.c — parley-cli's voice: the client core's voice (cl_voice.h, SDL audio, so
 * SDL_AUDIODRIVER=disk makes it scriptable), the commands /voice /talk /mute /deafen, and the
 * talk, level and voice_joined events (docs/CLI.md). The engine and the devices are made on first
 * use, so a session without voice never opens audio. */
#include "cli.h"

#include "cl_json.h"
#include "cl_voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_VOICE_LEVEL_EVERY 0.5 /* seconds between own input level events (JSON) */

struct cli_voice {
    cl_voice *cv;
    bool want; /* in the current room's voice (--voice, /voice); follows /join */
    double next_level;
    uint32_t joined; /* the room's voice the server was last told we are in (0: none) */
};

static bool cli_voice_make(cli *c, double now)
{
    if (c->voice) return true;
    cli_voice *v = calloc(1, sizeof *v);
    if (v) v->cv = cl_voice_create(c->s, NULL, now);
    if (!v || !v->cv) {
        cli_out_error(&c->out, "voice", "voice cannot start (out of memory)");
        free(v);
        return false;
    }
    c->voice = v;
    for (int d = AUD_CAPTURE; d <= AUD_PLAYBACK; d++) {
        aud_status st = aud_dev_status(cl_voice_dev(v->cv), (aud_dir)d);
        if (st != AUD_STATUS_OK)
            cli_out_error(&c->out, "audio_device", "%s: %s",
                          d == AUD_CAPTURE ? "microphone" : "speakers",
                          aud_dev_status_text(cl_voice_dev(v->cv), (aud_dir)d));
    }
    return true;
}

void cli_voice_free(cli *c)
{
    cli_voice *v = c->voice;
    if (!v) return;
    vc_engine_state st = vc_engine_get_state(cl_voice_engine(v->cv));
    cli_out_voice_stats(&c->out, st.frames, st.packets_sent, st.packets_received,
                        st.packets_rejected, cl_voice_send_failed(v->cv));
    cl_voice_destroy(v->cv);
    free(v);
    c->voice = NULL;
}

static void cli_voice_report(cli *c)
{
    vc_engine_state st = vc_engine_get_state(cl_voice_engine(c->voice->cv));
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
    vc_engine *e = cl_voice_engine(v->cv);
    vc_engine_state st = vc_engine_get_state(e);
    switch (which) {
    case 0:
        v->want = !v->want;
        break;
    case 1:
        vc_engine_set_tx(e, VC_TX_PTT);
        vc_engine_set_ptt(e, !st.ptt);
        break;
    case 2:
        vc_engine_set_mute(e, !st.muted);
        break;
    default:
        vc_engine_set_deafen(e, !st.deafened);
        break;
    }
    cli_voice_report(c);
    return true;
}

void cli_voice_pump(cli *c, double now)
{
    /* An active call needs audio even when the room's voice was never used. */
    if (!c->voice && (!cl_call_voice(&c->call) || !cli_voice_make(c, now))) return;
    cli_voice *v = c->voice;
    cl_voice_set_call(v->cv, cl_call_voice(&c->call));
    cl_voice_set_room(v->cv, v->want ? c->room : 0);
    cl_voice_pump(v->cv, now);
    if (cl_voice_joined(v->cv) != v->joined) {
        v->joined = cl_voice_joined(v->cv);
        cli_out_voice_joined(&c->out, v->joined);
    }
    vc_event ev;
    while (cl_voice_poll_event(v->cv, &ev))
        cli_out_voice_talk(&c->out, ev.user, ev.type == VC_EV_TALK_START);
    if (c->out.json && (v->want || cl_call_voice(&c->call)) && now >= v->next_level) {
        vc_engine_state st = vc_engine_get_state(cl_voice_engine(v->cv));
        cli_out_voice_level(&c->out, st.input_dbfs, st.input_meter, st.talking);
        v->next_level = now + CLI_VOICE_LEVEL_EVERY;
    }
}

struct cl_voice *cli_voice_get(cli *c, bool join, double now)
{
    if (!cli_voice_make(c, now)) return NULL;
    if (join) c->voice->want = true;
    return c->voice->cv;
}
