/* gui_sound_sdl.c — plays the chime and the ring through SDL audio (see gui_sound.h). */
#include "gui_sound.h"

#include <SDL.h>

#include <stdlib.h>

#define GUI_SOUND_FRAMES (GUI_TONE_RATE * GUI_TONE_MS / 1000)
#define GUI_RING_FRAMES  (GUI_TONE_RATE * GUI_RING_MS / 1000)

struct gui_sound {
    bool tried, available; /* SDL audio started (once) */
    SDL_AudioDeviceID dev;
    int64_t close_at;
    int16_t tone[GUI_SOUND_FRAMES];
    int16_t ring[GUI_RING_FRAMES];
};

gui_sound *gui_sound_create(void)
{
    gui_sound *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    gui_tone_fill(s->tone, GUI_SOUND_FRAMES, GUI_TONE_RATE);
    gui_tone_ring_fill(s->ring, GUI_RING_FRAMES, GUI_TONE_RATE);
    return s;
}

void gui_sound_destroy(gui_sound *s)
{
    if (!s) return;
    if (s->dev) SDL_CloseAudioDevice(s->dev);
    if (s->available) SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(s);
}

bool gui_sound_play(gui_sound *s, gui_sound_kind k, int64_t now_ms)
{
    if (!s) return false;
    if (!s->tried) {
        s->tried = true;
        s->available = SDL_InitSubSystem(SDL_INIT_AUDIO) == 0;
    }
    if (!s->available) return false;
    if (!s->dev) {
        SDL_AudioSpec want, have;
        SDL_zero(want);
        want.freq = GUI_TONE_RATE;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = 1024;
        s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
        if (!s->dev) return false; /* no device: no sound, quietly */
        SDL_PauseAudioDevice(s->dev, 0);
    }
    bool ring = k == GUI_SOUND_RING;
    SDL_ClearQueuedAudio(s->dev);
    if (SDL_QueueAudio(s->dev, ring ? s->ring : s->tone,
                       ring ? (Uint32)sizeof s->ring : (Uint32)sizeof s->tone) != 0)
        return false;
    /* the device's own buffer drains too */
    s->close_at = now_ms + (ring ? GUI_RING_MS : GUI_TONE_MS) + 400;
    return true;
}

int gui_sound_update(gui_sound *s, int64_t now_ms)
{
    if (!s || !s->dev) return -1;
    if (now_ms < s->close_at || SDL_GetQueuedAudioSize(s->dev) > 0) {
        int64_t left = s->close_at - now_ms;
        return left > 50 ? (int)left : 50;
    }
    SDL_CloseAudioDevice(s->dev);
    s->dev = 0;
    return -1;
}
