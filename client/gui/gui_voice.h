/* gui_voice.h — voice in the GUI: what the voice controls show and change (gui_voice, part of
 * gui_state), the push-to-talk keys, and the glue that carries it all to the client core's
 * voice (cl_voice.h).
 *
 * The screens change only this model and the settings (mute, deafen, input mode, codec,
 * devices, the push-to-talk key); gui_voice_apply turns them into engine calls and
 * gui_voice_on_talk turns the engine's talk events into the member list's rings. Neither needs
 * SDL or a session, so the unit tests drive them with a bare vc_engine. The glue
 * (gui_voice_ctl, the only part with devices) is made on first use — joining voice or testing
 * the microphone — so a window that never uses voice opens no audio device, and it stops
 * before its session goes (gui_voice_ctl_stop). A machine without sound still runs: the
 * device statuses say so, and the engine keeps working with nothing to read or play. */
#ifndef PARLEY_GUI_VOICE_H
#define PARLEY_GUI_VOICE_H

#include "audio_dev.h"
#include "voice_engine.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUI_VOICE_VOLUMES    64   /* members given a volume other than 100 % (this session) */
#define GUI_VOICE_DEVICES    16   /* devices listed per direction in the settings */
#define GUI_VOICE_VOLUME_MAX 4.0f /* 400 %: the engine's VC_DEC_MAX_VOLUME */

/* Keys that can be held to talk. None of them types text, so holding one works while the
 * message field has the keyboard. Default: Right Ctrl. */
typedef enum gui_ptt_key {
    GUI_PTT_RCTRL = 0,
    GUI_PTT_RALT,
    GUI_PTT_F5,
    GUI_PTT_F6,
    GUI_PTT_F7,
    GUI_PTT_F8,
    GUI_PTT_F9,
    GUI_PTT_F10,
    GUI_PTT_F11,
    GUI_PTT_F12,
    GUI_PTT_PAUSE,
    GUI_PTT_SCROLL_LOCK,
    GUI_PTT_MOUSE4, /* the mouse's side buttons */
    GUI_PTT_MOUSE5,
    GUI_PTT_COUNT
} gui_ptt_key;

const char *gui_ptt_key_name(gui_ptt_key k);  /* "right-ctrl": the settings file */
const char *gui_ptt_key_label(gui_ptt_key k); /* "Right Ctrl": the screens */
bool gui_ptt_key_parse(const char *name, gui_ptt_key *out);

typedef struct gui_voice_volume {
    uint32_t user;
    float volume; /* 0..GUI_VOICE_VOLUME_MAX */
} gui_voice_volume;

typedef struct gui_voice {
    /* what the person asked for */
    bool want;     /* in the voice of the room the room screen shows */
    uint32_t room; /* that room (kept when the screen shows another one) */
    bool ptt_down; /* the push-to-talk key is held */
    bool mic_test; /* the settings' microphone test runs */
    bool binding;  /* the settings wait for the next key to become the push-to-talk key */
    gui_voice_volume volumes[GUI_VOICE_VOLUMES];
    int volume_count;
    uint32_t volume_gen; /* bumps when a volume changes */
    bool devices_wanted; /* the settings want the device lists (read by the glue) */
    bool save;           /* a setting changed outside a frame (a key bound): save it */
    /* what the glue reports */
    bool started;         /* the engine and the devices exist */
    uint32_t joined;      /* the room the server was told about */
    float meter;          /* own input 0..1 */
    float peak;           /* the meter's peak hold */
    bool talking;         /* own voice is being sent (or looped back in the mic test) */
    aud_status status[2]; /* AUD_CAPTURE, AUD_PLAYBACK */
    char status_text[2][AUD_TEXT_MAX];
    char devices[2][GUI_VOICE_DEVICES][AUD_NAME_MAX];
    int device_count[2]; /* -1: the sound system cannot start */
    uint32_t changes;    /* bumps when anything above changed (a frame is due) */
} gui_voice;

struct gui_state;
struct gui_settings;

/* Joins (room != 0) or leaves (0) voice. */
void gui_voice_join(struct gui_state *st, uint32_t room);
/* The room whose voice this client is in or joining; 0 none. */
uint32_t gui_voice_room(const struct gui_state *st);
/* A member's volume (1 when never set). */
float gui_voice_volume_of(const gui_voice *gv, uint32_t user);
/* Sets it; false when the table is full (the person is told). */
bool gui_voice_set_volume(struct gui_state *st, uint32_t user, float volume);
/* The push-to-talk key went down or up (ignored unless push-to-talk is the input mode). */
void gui_voice_ptt(struct gui_state *st, bool down);
/* The settings' "press a key" finished: k becomes the push-to-talk key and is saved. */
void gui_voice_bind(struct gui_state *st, gui_ptt_key k);

/* A talk event of the engine: the member's ring in the voice room's list (VC_SELF is this
 * client). */
void gui_voice_on_talk(struct gui_state *st, const vc_event *ev);
/* What gui_voice_apply last gave the engine (zeroed: nothing yet). */
typedef struct gui_voice_applied {
    uint32_t volume_gen;
    int mode, quality;
    bool fresh; /* false: apply everything */
} gui_voice_applied;

/* Makes the engine do what the settings and the model say (cheap when nothing changed: call
 * every loop). */
void gui_voice_apply(const struct gui_state *st, vc_engine *e, gui_voice_applied *done);
/* The engine's numbers into the model (meter, talking). True when the view must redraw. */
bool gui_voice_observe(gui_voice *gv, const vc_engine *e);

/* ---- the glue (gui_voice_ctl.c: cl_voice and SDL) ---------------------------------------- */

typedef struct gui_voice_ctl gui_voice_ctl;
struct cl_session;
union SDL_Event;

gui_voice_ctl *gui_voice_ctl_create(void);
void gui_voice_ctl_destroy(gui_voice_ctl *c);
/* Closes the devices and the engine (the session is about to go). */
void gui_voice_ctl_stop(gui_voice_ctl *c);
/* Runs voice on session s (NULL: none) for st; true when a frame is due. */
bool gui_voice_ctl_update(gui_voice_ctl *c, struct cl_session *s, struct gui_state *st,
                          int64_t now_ms);
/* Ms until gui_voice_ctl_update is due again, -1 when voice is not running. */
int gui_voice_ctl_next(const gui_voice_ctl *c);
/* Push-to-talk keys, binding, and the audio device events; true when the event was voice's
 * (the view should not also see a bound key). */
bool gui_voice_ctl_event(gui_voice_ctl *c, struct gui_state *st, const union SDL_Event *e,
                         int64_t now_ms);

#endif
