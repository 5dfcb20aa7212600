/* gui_sound.h — the notification sound for mentions and direct messages: a short two-note
 * chime made at run time (gui_tone_fill, no asset), played through SDL audio.
 *
 * The audio device is opened for each chime and closed when it has played, so an idle
 * window keeps no audio stream (and no audio thread) running. With no audio device, or SDL
 * audio unavailable, playing does nothing: the sound is a nicety, never an error. */
#ifndef PARLEY_GUI_SOUND_H
#define PARLEY_GUI_SOUND_H

#include <stdbool.h>
#include <stdint.h>

#define GUI_TONE_RATE 48000
#define GUI_TONE_MS   220

/* The chime as 16-bit mono samples at `rate`: frames samples (GUI_TONE_MS long at most). */
void gui_tone_fill(int16_t *out, int frames, int rate);

typedef struct gui_sound gui_sound;

gui_sound *gui_sound_create(void);
void gui_sound_destroy(gui_sound *s);
/* Plays the chime once (now_ms: the local clock). False when there is no audio. */
bool gui_sound_play(gui_sound *s, int64_t now_ms);
/* Closes the device once the chime has played; ms until it wants to be called again, or -1. */
int gui_sound_update(gui_sound *s, int64_t now_ms);

#endif
