/* gui_tone.c — the GUI's sounds as samples, made at run time: the notification chime (two
 * soft sine notes, E6 then A6, with a quick attack and an exponential decay, so it is audible
 * without being harsh) and the ring of an incoming call. */
#include "gui_sound.h"

#include <math.h>

void gui_tone_fill(int16_t *out, int frames, int rate)
{
    const double pi = 3.14159265358979323846;
    const double notes[2] = {1318.51, 1760.0}; /* E6, A6 */
    int half = (int)((long)rate * GUI_TONE_MS / 2000);
    for (int i = 0; i < frames; i++) {
        int note = i < half ? 0 : 1;
        int k = note ? i - half : i;
        double t = (double)k / rate;
        double attack = t < 0.005 ? t / 0.005 : 1.0;
        double decay = exp(-t * 18.0);
        double v = sin(2.0 * pi * notes[note] * t) * attack * decay * 0.35;
        v += 0.25 * sin(4.0 * pi * notes[note] * t) * attack * decay * 0.35; /* an overtone */
        double s = v * 32767.0;
        out[i] = (int16_t)(s > 32767.0 ? 32767 : s < -32768.0 ? -32768 : s);
    }
}

/* The ring: two bursts like a phone's "brr-brr", each a warm two-note trill (A5 and C#6
 * alternating 16 times a second) under a smooth envelope, then silence until the next ring
 * (gui_call.h repeats it). Softer than the chime: it goes on for up to the ring time-out. */
void gui_tone_ring_fill(int16_t *out, int frames, int rate)
{
    const double pi = 3.14159265358979323846;
    const double notes[2] = {880.0, 1108.73}; /* A5, C#6: a major third, friendly */
    const double burst = 0.4, gap = 0.2, fade = 0.02;
    for (int i = 0; i < frames; i++) {
        double t = (double)i / rate;
        double at = t < burst ? t : t - burst - gap; /* time into the current burst */
        double v = 0.0;
        if (at >= 0.0 && at < burst) {
            double env = at < fade ? at / fade : at > burst - fade ? (burst - at) / fade : 1.0;
            int note = (int)(at * 32.0) & 1; /* 16 trills a second: two notes each */
            v = sin(2.0 * pi * notes[note] * t) * env * 0.22;
        }
        double s = v * 32767.0;
        out[i] = (int16_t)(s > 32767.0 ? 32767 : s < -32768.0 ? -32768 : s);
    }
}
