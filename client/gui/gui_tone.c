/* gui_tone.c — the notification chime as samples: two soft sine notes (E6 then A6) with a
 * quick attack and an exponential decay, so it is audible without being harsh. */
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
