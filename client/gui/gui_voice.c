/* gui_voice.c — voice in the GUI: the controls' model and its engine mapping (gui_voice.h),
 * and the widgets that change it: the voice panel under the member list, the voice tab of
 * the settings, a member's volume dialog. */
#include "gui_view.h"
#include "gui_str.h"

#include <math.h>
#include <string.h>

/* ---- push-to-talk keys ------------------------------------------------------------------- */

static const struct {
    const char *name, *label;
} gui_ptt_keys[GUI_PTT_COUNT] = {
    {"right-ctrl", "Right Ctrl"},
    {"right-alt", "Right Alt"},
    {"f5", "F5"},
    {"f6", "F6"},
    {"f7", "F7"},
    {"f8", "F8"},
    {"f9", "F9"},
    {"f10", "F10"},
    {"f11", "F11"},
    {"f12", "F12"},
    {"pause", "Pause"},
    {"scroll-lock", "Scroll Lock"},
    {"mouse4", "Mouse button 4"},
    {"mouse5", "Mouse button 5"},
};

const char *gui_ptt_key_name(gui_ptt_key k)
{
    return (unsigned)k < GUI_PTT_COUNT ? gui_ptt_keys[k].name : gui_ptt_keys[0].name;
}

const char *gui_ptt_key_label(gui_ptt_key k)
{
    return (unsigned)k < GUI_PTT_COUNT ? gui_ptt_keys[k].label : gui_ptt_keys[0].label;
}

bool gui_ptt_key_parse(const char *name, gui_ptt_key *out)
{
    for (int i = 0; i < GUI_PTT_COUNT; i++)
        if (!strcmp(name, gui_ptt_keys[i].name)) {
            *out = (gui_ptt_key)i;
            return true;
        }
    return false;
}

/* ---- the model ----------------------------------------------------------------------------- */

static void gui_voice_changed(gui_state *st)
{
    st->voice.changes++;
    st->changes++;
}

/* Every ring of a room's list goes out (voice left: no talk-stop events will come). */
static void gui_voice_clear_rings(gui_state *st, uint32_t room)
{
    gui_roster *r = room ? gui_state_find_roster(st, room) : NULL;
    if (!r) return;
    for (int i = 0; i < r->count; i++)
        if (r->v[i].talking > 0.0f) gui_roster_set_talking(r, r->v[i].user_id, 0.0f);
}

void gui_voice_join(gui_state *st, uint32_t room)
{
    gui_voice *gv = &st->voice;
    if (gv->want && gv->room != room) gui_voice_clear_rings(st, gv->room);
    gv->want = room != 0;
    gv->room = room;
    gui_voice_changed(st);
}

uint32_t gui_voice_room(const gui_state *st)
{
    return st->voice.want ? st->voice.room : 0;
}

float gui_voice_volume_of(const gui_voice *gv, uint32_t user)
{
    for (int i = 0; i < gv->volume_count; i++)
        if (gv->volumes[i].user == user) return gv->volumes[i].volume;
    return 1.0f;
}

bool gui_voice_set_volume(gui_state *st, uint32_t user, float volume)
{
    gui_voice *gv = &st->voice;
    if (!(volume >= 0.0f)) volume = 0.0f; /* NaN too */
    if (volume > GUI_VOICE_VOLUME_MAX) volume = GUI_VOICE_VOLUME_MAX;
    int i = 0;
    while (i < gv->volume_count && gv->volumes[i].user != user) i++;
    if (i == gv->volume_count) {
        if (i == GUI_VOICE_VOLUMES) {
            gui_state_note(st, GUI_NOTE_WARNING,
                           "At most %d people can have their own volume; reset one first",
                           GUI_VOICE_VOLUMES);
            return false;
        }
        gv->volume_count++;
    }
    gv->volumes[i].user = user;
    gv->volumes[i].volume = volume;
    gv->volume_gen++;
    gui_voice_changed(st);
    return true;
}

void gui_voice_ptt(gui_state *st, bool down)
{
    down = down && st->settings.voice_tx == VC_TX_PTT;
    if (st->voice.ptt_down == down) return;
    st->voice.ptt_down = down;
    gui_voice_changed(st);
}

void gui_voice_bind(gui_state *st, gui_ptt_key k)
{
    st->voice.binding = false;
    st->voice.ptt_down = false;
    st->settings.ptt_key = (int)k;
    st->voice.save = true;
    gui_voice_changed(st);
}

void gui_voice_on_talk(gui_state *st, const vc_event *ev)
{
    uint32_t room = st->voice.room;
    gui_roster *r = room ? gui_state_find_roster(st, room) : NULL;
    uint32_t user = ev->user == VC_SELF ? st->me.user_id : ev->user;
    if (r && user) gui_roster_set_talking(r, user, ev->type == VC_EV_TALK_START ? 1.0f : 0.0f);
    st->changes++;
}

void gui_voice_apply(const gui_state *st, vc_engine *e, gui_voice_applied *done)
{
    const gui_settings *s = &st->settings;
    const gui_voice *gv = &st->voice;
    vc_engine_state es = vc_engine_get_state(e);
    vc_tx_mode tx = s->voice_tx >= VC_TX_VOICE && s->voice_tx <= VC_TX_CONTINUOUS
                        ? (vc_tx_mode)s->voice_tx
                        : VC_TX_VOICE;
    if (es.tx != tx) vc_engine_set_tx(e, tx);
    bool ptt = tx == VC_TX_PTT && gv->ptt_down;
    if (es.ptt != ptt) vc_engine_set_ptt(e, ptt);
    if (es.muted != s->voice_muted) vc_engine_set_mute(e, s->voice_muted);
    if (es.deafened != s->voice_deafened) vc_engine_set_deafen(e, s->voice_deafened);
    if (es.mic_test != gv->mic_test) vc_engine_set_mic_test(e, gv->mic_test);
    if (!done->fresh || done->volume_gen != gv->volume_gen) {
        for (int i = 0; i < gv->volume_count; i++)
            vc_engine_set_volume(e, gv->volumes[i].user, gv->volumes[i].volume);
        done->volume_gen = gv->volume_gen;
    }
    if (!done->fresh || done->mode != s->voice_mode || done->quality != s->voice_quality) {
        /* out of range (a hand-edited file is checked on load; this is the last guard): the
         * engine refuses it and keeps what it had */
        if (s->voice_mode >= 0 && s->voice_mode < VW_MODE_COUNT)
            vc_engine_set_codec(e, (vw_mode)s->voice_mode, s->voice_quality);
        done->mode = s->voice_mode;
        done->quality = s->voice_quality;
    }
    done->fresh = true;
}

bool gui_voice_observe(gui_voice *gv, const vc_engine *e)
{
    vc_engine_state es = vc_engine_get_state(e);
    /* steps of 1/40: a meter that moves less than that is not worth a frame */
    float meter = floorf(es.input_meter * 40.0f + 0.5f) / 40.0f;
    float peak = gv->peak - 0.025f;
    if (meter > peak) peak = meter;
    if (peak < 0.0f) peak = 0.0f;
    bool changed = meter != gv->meter || peak != gv->peak || es.talking != gv->talking;
    gv->meter = meter;
    gv->peak = peak;
    gv->talking = es.talking;
    return changed;
}

/* ---- the voice panel (under the member list) --------------------------------------------- */

static const char *gui_voice_mode_short(int tx)
{
    return tx == VC_TX_PTT          ? "Push to talk"
           : tx == VC_TX_CONTINUOUS ? "Always on"
                                    : "Voice activity";
}

/* The status line: devices first (a person must know the microphone is gone), then voice. */
static void gui_voice_status_line(gui_state *st, ui_context *ctx, const cl_room *room)
{
    const gui_voice *gv = &st->voice;
    char line[96];
    ui_color dot = ctx->theme.text_disabled;
    const char *tip = NULL;
    if (gv->want && gv->started && gv->status[AUD_CAPTURE] != AUD_STATUS_OK) {
        dot = ctx->theme.warning;
        gui_str_fmt(line, sizeof line, "Microphone: %s",
                    gv->status[AUD_CAPTURE] == AUD_STATUS_FALLBACK ? "default" : "none");
        tip = gv->status_text[AUD_CAPTURE];
    } else if (gv->want && gv->started && gv->status[AUD_PLAYBACK] != AUD_STATUS_OK) {
        dot = ctx->theme.warning;
        gui_str_fmt(line, sizeof line, "Speakers: %s",
                    gv->status[AUD_PLAYBACK] == AUD_STATUS_FALLBACK ? "default" : "none");
        tip = gv->status_text[AUD_PLAYBACK];
    } else if (gv->want && gv->joined == gv->room) {
        dot = gv->talking ? ctx->theme.success : ctx->theme.accent;
        gui_str_fmt(line, sizeof line, "%s",
                    st->settings.voice_deafened ? "Voice (deafened)"
                    : st->settings.voice_muted  ? "Voice (muted)"
                                                : "Voice connected");
        tip = room ? room->name : NULL;
    } else if (gv->want) {
        dot = ctx->theme.warning;
        gui_str_fmt(line, sizeof line, "Joining voice...");
    } else {
        gui_str_fmt(line, sizeof line, "Voice is off");
    }
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(14), UI_FLEX(1)}, UI_PX(22));
    gui_dot(ctx, dot, 8);
    ui_label_ex(ctx, line, UI_FONT_REGULAR, ui_font_size_small(ctx), 0);
    if (tip && tip[0]) ui_tooltip(ctx, tip);
}

void gui_voice_panel(gui_view *v, gui_state *st, ui_context *ctx)
{
    gui_voice *gv = &st->voice;
    gui_settings *s = &st->settings;
    const cl_room *room = gui_state_room(st, st->current_room);
    bool here = gv->want && gv->room == st->current_room;
    ui_layout_column_begin(ctx);
    gui_voice_status_line(st, ctx, room);
    if (!here) {
        ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_PX(36));
        bool can = room && room->joined && st->logged_in;
        if (ui_button_ex(ctx, gv->want ? "Move voice here" : "Join voice", UI_ICON_HEADPHONES,
                         can ? UI_OPT_PRIMARY : UI_OPT_DISABLED))
            gui_voice_join(st, st->current_room);
        ui_tooltip(ctx, "Talk with the people in this room");
        ui_layout_column_end(ctx);
        return;
    }
    ui_layout_row(ctx, 4, (ui_size[]){UI_PX(36), UI_PX(36), UI_FLEX(1), UI_PX(36)}, UI_PX(36));
    if (ui_icon_button(ctx, "Mute##voice", s->voice_muted ? UI_ICON_MIC_OFF : UI_ICON_MIC,
                       s->voice_muted ? UI_OPT_SELECTED : 0)) {
        s->voice_muted = !s->voice_muted;
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    }
    ui_tooltip(ctx, s->voice_muted ? "Unmute your microphone" : "Mute your microphone");
    if (ui_icon_button(ctx, "Deafen##voice",
                       s->voice_deafened ? UI_ICON_SPEAKER_OFF : UI_ICON_HEADPHONES,
                       s->voice_deafened ? UI_OPT_SELECTED : 0)) {
        s->voice_deafened = !s->voice_deafened;
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    }
    ui_tooltip(ctx,
               s->voice_deafened ? "Hear the room again" : "Deafen: hear nothing and send nothing");
    if (ui_button_ex(ctx,
                     s->voice_tx == VC_TX_PTT          ? "PTT"
                     : s->voice_tx == VC_TX_CONTINUOUS ? "Open"
                                                       : "Auto",
                     UI_ICON_NONE, UI_OPT_FLAT)) {
        s->voice_tx = (s->voice_tx + 1) % 3;
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    }
    char tip[160];
    if (s->voice_tx == VC_TX_PTT)
        gui_str_fmt(tip, sizeof tip, "Push to talk: hold %s (click for always on)",
                    gui_ptt_key_label((gui_ptt_key)s->ptt_key));
    else
        gui_str_fmt(tip, sizeof tip, "%s (click to change; the key is in the settings)",
                    gui_voice_mode_short(s->voice_tx));
    ui_tooltip(ctx, tip);
    if (ui_icon_button(ctx, "Leave voice##voice", UI_ICON_PHONE_HANGUP, UI_OPT_DANGER))
        gui_voice_join(st, 0);
    ui_tooltip(ctx, "Leave voice");
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_PX(12));
    ui_level_meter(ctx, gv->meter, gv->peak);
    ui_tooltip(ctx, "Your microphone's level");
    ui_layout_column_end(ctx);
}

/* ---- a member's dialog --------------------------------------------------------------------- */

void gui_voice_member_dialog(gui_view *v, gui_state *st, ui_context *ctx)
{
    if (!v->member_open) return;
    gui_roster *r = gui_state_find_roster(st, st->current_room);
    const gui_member *m = r ? gui_roster_find(r, v->member_user) : NULL;
    if (!m) {
        v->member_open = false;
        return;
    }
    if (!ui_modal_begin(ctx, m->name, &v->member_open, 400, 215)) return;
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(16), UI_FLEX(1)}, UI_AUTO);
    gui_dot(ctx, gui_status_color(ctx, m->status), 10);
    char line[MSG_STATUS_TEXT_MAX + 32];
    gui_str_fmt(line, sizeof line, "%s%s%s", gui_status_label(m->status),
                m->status_text[0] ? ": " : "", m->status_text);
    ui_label(ctx, line);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(80), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Volume");
    float pct = gui_voice_volume_of(&st->voice, m->user_id) * 100.0f;
    if (ui_slider(ctx, "member volume", &pct, 0.0f, GUI_VOICE_VOLUME_MAX * 100.0f, 5.0f, "%.0f %%"))
        gui_voice_set_volume(st, m->user_id, pct / 100.0f);
    ui_tooltip(ctx, "How loud this person is for you only (100 %: as sent)");
    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    ui_label_ex(ctx, st->voice.want ? "Applies at once." : "Applies when you join voice.",
                UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
    bool guest = gui_state_is_guest(st);
    bool can = !guest && m->role != MSG_ROLE_GUEST && m->user_id != st->me.user_id;
    ui_layout_row(ctx, 4, (ui_size[]){UI_FLEX(1), UI_PX(90), UI_PX(90), UI_PX(110)}, UI_AUTO);
    ui_layout_skip(ctx);
    if (ui_button_ex(ctx, "Reset", UI_ICON_NONE, pct == 100.0f ? UI_OPT_DISABLED : 0))
        gui_voice_set_volume(st, m->user_id, 1.0f);
    if (gui_call_button(v, st, ctx, "Call", true, m->name, m->user_id, m->status, 0))
        v->member_open = false;
    if (ui_button_ex(ctx, "Message", UI_ICON_MESSAGE, can ? UI_OPT_PRIMARY : UI_OPT_DISABLED)) {
        gui_state_open_dm(st, m->name, m->user_id);
        v->member_open = false;
        v->focus_input = true;
    }
    ui_modal_end(ctx);
}

/* ---- the settings' voice tab ------------------------------------------------------------- */

/* A list of devices ("System default" first); the pick is saved by name. */
static void gui_voice_device_list(gui_view *v, gui_state *st, ui_context *ctx, aud_dir d)
{
    gui_voice *gv = &st->voice;
    char *chosen = d == AUD_CAPTURE ? st->settings.capture : st->settings.playback;
    int n = gv->device_count[d] < 0 ? 0 : gv->device_count[d];
    int selected = 0;
    for (int i = 0; i < n; i++)
        if (chosen[0] && !strcmp(chosen, gv->devices[d][i])) selected = i + 1;
    bool missing = chosen[0] && !selected; /* saved, but not plugged in now */
    int rows = n + 1 + (missing ? 1 : 0);
    int before = selected = missing ? rows - 1 : selected;
    ui_list l;
    ui_list_begin(ctx, d == AUD_CAPTURE ? "microphones" : "speakers", rows, 26, &selected, &l);
    for (int i = l.first; i < l.last; i++) {
        char name[AUD_NAME_MAX + 32];
        if (i == 0)
            gui_str_fmt(name, sizeof name, "System default");
        else if (i <= n)
            gui_str_fmt(name, sizeof name, "%s", gv->devices[d][i - 1]);
        else
            gui_str_fmt(name, sizeof name, "%s (not found)", chosen);
        ui_list_item(ctx, &l, i, name, i == before ? UI_ICON_CHECK : UI_ICON_NONE, ctx->theme.text);
    }
    ui_list_end(ctx, &l);
    if (selected != before && selected >= 0 && selected <= n) {
        gui_str_copy(chosen, AUD_NAME_MAX, selected ? gv->devices[d][selected - 1] : "");
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
        gv->changes++;
    }
}

static void gui_voice_device_status(gui_state *st, ui_context *ctx, aud_dir d)
{
    const gui_voice *gv = &st->voice;
    char text[AUD_TEXT_MAX + 32];
    if (gv->device_count[d] < 0)
        gui_str_fmt(text, sizeof text, "No sound system: voice runs without sound.");
    else if (!gv->started)
        gui_str_fmt(text, sizeof text, "Opens when you join voice or test the microphone.");
    else
        gui_str_fmt(text, sizeof text, "%s", gv->status_text[d]);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_AUTO);
    ui_layout_skip(ctx);
    ui_label_ex(ctx, text, UI_FONT_REGULAR, ui_font_size_small(ctx), UI_OPT_DIM);
    ui_tooltip(ctx, text);
}

void gui_voice_settings(gui_view *v, gui_state *st, ui_context *ctx)
{
    static const char *const modes[] = {"Voice activity", "Push to talk", "Always on"};
    static const char *const codecs[] = {"8 kHz", "16 kHz", "32 kHz"};
    gui_settings *s = &st->settings;
    gui_voice *gv = &st->voice;
    gv->devices_wanted = true; /* the glue lists the devices while this tab is shown */

    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    gui_caption(ctx, "DEVICES");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_PX(82));
    ui_label(ctx, "Microphone");
    gui_voice_device_list(v, st, ctx, AUD_CAPTURE);
    gui_voice_device_status(st, ctx, AUD_CAPTURE);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_PX(82));
    ui_label(ctx, "Speakers");
    gui_voice_device_list(v, st, ctx, AUD_PLAYBACK);
    gui_voice_device_status(st, ctx, AUD_PLAYBACK);

    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    gui_caption(ctx, "INPUT");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Send my voice");
    int tx = s->voice_tx;
    if (ui_tabs(ctx, "input mode", modes, 3, &tx)) {
        s->voice_tx = tx;
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    }
    ui_label(ctx, "Push-to-talk key");
    char key[64];
    gui_str_fmt(key, sizeof key, "%s",
                gv->binding ? "Press a key... (Esc: cancel)"
                            : gui_ptt_key_label((gui_ptt_key)s->ptt_key));
    if (ui_button_ex(ctx, key, UI_ICON_NONE, gv->binding ? UI_OPT_SELECTED : 0))
        gv->binding = !gv->binding;
    ui_tooltip(ctx, "Click, then press the key (or mouse side button) to hold while you talk. "
                    "Keys that type text cannot be used, so it works while you type.");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_PX(34));
    ui_label(ctx, "Microphone test");
    ui_layout_column_begin(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(130), UI_FLEX(1)}, UI_FLEX(1));
    if (ui_button_ex(ctx, gv->mic_test ? "Stop test" : "Start test", UI_ICON_MIC,
                     gv->mic_test ? UI_OPT_SELECTED : 0)) {
        gv->mic_test = !gv->mic_test;
        gv->changes++;
    }
    ui_tooltip(ctx, "Hear yourself through the codec, as others would (nothing is sent)");
    ui_level_meter(ctx, gv->meter, gv->peak);
    ui_layout_column_end(ctx);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_FLEX(1)}, UI_AUTO);
    if (ui_checkbox(ctx, "Mute my microphone", &s->voice_muted))
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    if (ui_checkbox(ctx, "Deafen (hear nothing)", &s->voice_deafened))
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);

    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    gui_caption(ctx, "QUALITY");
    ui_layout_row(ctx, 2, (ui_size[]){UI_PX(150), UI_FLEX(1)}, UI_AUTO);
    ui_label(ctx, "Codec band");
    int mode = s->voice_mode;
    if (ui_tabs(ctx, "codec", codecs, 3, &mode)) {
        s->voice_mode = mode;
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    }
    ui_tooltip(ctx, "16 kHz suits speech; 32 kHz sounds fuller and costs more");
    ui_label(ctx, "Quality");
    float q = (float)s->voice_quality;
    if (ui_slider(ctx, "quality", &q, 0.0f, 10.0f, 1.0f, "%.0f")) {
        s->voice_quality = (int)(q + 0.5f);
        gui_actions_push(&v->actions, GUI_ACT_SETTINGS);
    }
    ui_tooltip(ctx, "Speex quality 0..10: higher sounds better and sends more");

    ui_layout_row(ctx, 1, (ui_size[]){UI_FLEX(1)}, UI_AUTO);
    gui_caption(ctx, "VOLUMES");
    char vols[128];
    gui_str_fmt(vols, sizeof vols,
                "Each person's volume: the speaker button next to their name in a room "
                "(%d set).",
                gv->volume_count);
    ui_layout_row(ctx, 2, (ui_size[]){UI_FLEX(1), UI_PX(150)}, UI_AUTO);
    ui_text(ctx, vols);
    if (ui_button_ex(ctx, "Reset all", UI_ICON_NONE, gv->volume_count ? 0 : UI_OPT_DISABLED)) {
        for (int i = 0; i < gv->volume_count; i++) gv->volumes[i].volume = 1.0f;
        gv->volume_gen++;
        gv->changes++;
    }
}
