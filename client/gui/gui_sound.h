/* gui_sound.h — the GUI's sounds: the notification chime for mentions and direct messages
 * and the ring of an incoming call, made at run time (gui_tone.c, no assets) and played
 * through SDL audio.
 *
 * The audio device is opened for each sound and closed when it has played, so an idle
 * window keeps no audio stream (and no audio thread) running. With no audio device, or SDL
 * audio unavailable, playing does nothing: the sound is a nicety, never an error. */
#ifndef PARLEY_GUI_SOUND_H
#define PARLEY_GUI_SOUND_H

#include <stdbool.h>
#include <stdint.h>

#define GUI_TONE_RATE 48000
#define GUI_TONE_MS   220

#define GUI_RING_MS 1000 /* one ring: two 400 ms bursts and the gap between them */

/* The chime as 16-bit mono samples at `rate`: frames samples (GUI_TONE_MS long at most). */
void gui_tone_fill(int16_t *out, int frames, int rate);
/* One ring of an incoming call (GUI_RING_MS long at most). */
void gui_tone_ring_fill(int16_t *out, int frames, int rate);

typedef enum gui_sound_kind {
    GUI_SOUND_CHIME = 0, /* a mention or a direct message */
    GUI_SOUND_RING,      /* a call rings (played again every GUI_CALL_RING_MS) */
    GUI_SOUND_COUNT
} gui_sound_kind;

typedef struct gui_sound gui_sound;

gui_sound *gui_sound_create(void);
void gui_sound_destroy(gui_sound *s);
/* Plays a sound once (now_ms: the local clock), cutting off one still playing. False when
 * there is no audio. */
bool gui_sound_play(gui_sound *s, gui_sound_kind k, int64_t now_ms);
/* Closes the device once the sound has played; ms until it wants to be called again, or -1. */
int gui_sound_update(gui_sound *s, int64_t now_ms);

#endif
