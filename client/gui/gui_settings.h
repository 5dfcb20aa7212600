/* gui_settings.h — what the GUI remembers between runs: theme, text scale, sound, the overlay,
 * the window's place and size, the last server and name, and voice (devices, input mode, the
 * push-to-talk key, codec, mute and deafen).
 *
 * The file is HOME/gui.conf (the client core's folder, cl_home.h): one "key = value" per line,
 * '#' comments. Unknown keys and malformed values are ignored with a note in the load report,
 * never trusted: each value is checked against its range. Saving writes a temporary file and
 * renames it over the old one, so a crash never leaves half a file. */
#ifndef PARLEY_GUI_SETTINGS_H
#define PARLEY_GUI_SETTINGS_H

#include "audio_dev.h"

#include <stdbool.h>
#include <stddef.h>

#define GUI_SETTINGS_FILE     "gui.conf"
#define GUI_SETTINGS_MAX_FILE (64 * 1024) /* larger files are refused, not cut */
#define GUI_SCALE_MIN         0.75f
#define GUI_SCALE_MAX         2.0f
#define GUI_FADE_MIN          3 /* overlay lines fade after this many seconds, at least */
#define GUI_FADE_MAX          60
#define GUI_WINDOW_MIN_W      640 /* the smallest window the screens are laid out for */
#define GUI_WINDOW_MIN_H      480
#define GUI_COMPACT_MIN_W     280
#define GUI_COMPACT_MIN_H     160

typedef struct gui_window_place {
    int x, y, w, h; /* w = 0: not known yet (centre, default size) */
    bool maximized;
} gui_window_place;

typedef struct gui_settings {
    bool dark;              /* theme */
    float scale;            /* text and layout scale on top of the display's, 0.75..2 */
    bool sound;             /* notification sound for mentions and direct messages */
    int overlay_fade_s;     /* overlay chat lines fade after this long */
    bool stage;             /* the room shows the stage (the video grid's area) above the chat */
    gui_window_place main;  /* the normal window */
    gui_window_place small; /* the compact always-on-top window */
    char server[300];       /* the last server connected to, "HOST[:PORT]" */
    char name[64];          /* the last name used to log in */
    /* voice (gui_voice.h) */
    char capture[AUD_NAME_MAX];  /* microphone; "": the system default */
    char playback[AUD_NAME_MAX]; /* speakers */
    int voice_tx;                /* vc_tx_mode: voice activation, push-to-talk, always on */
    int ptt_key;                 /* gui_ptt_key */
    int voice_mode;              /* vw_mode: 8, 16 or 32 kHz */
    int voice_quality;           /* Speex quality 0..10 */
    bool voice_muted, voice_deafened;
} gui_settings;

gui_settings gui_settings_default(void);

/* Reads path into *s (which keeps its values for keys the file does not set). A missing file
 * is not an error (true, nothing changed). False with a message in err when the file cannot
 * be read or is too large; notes about ignored lines go to err as well, with true. */
bool gui_settings_load(const char *path, gui_settings *s, char *err, size_t errcap);
/* Writes *s to path atomically. False with a message in err. */
bool gui_settings_save(const char *path, const gui_settings *s, char *err, size_t errcap);
/* The settings file's path in the client's home folder. False when it does not fit. */
bool gui_settings_path(const char *home, char *out, size_t cap);

#endif
