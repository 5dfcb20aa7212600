/* ui_fonts.h — where fonts live on this platform.
 *
 * The per-platform lists of font files are in ui_fonts.c and nowhere else. A path in the
 * PARLEY_FONT environment variable, or one the caller passes (from the config), comes first. */
#ifndef PARLEY_UI_FONTS_H
#define PARLEY_UI_FONTS_H

#include "ui.h"

#include <stdbool.h>
#include <stddef.h>

/* Finds a readable font file for the face: the explicit path if given (and nothing else),
 * else PARLEY_FONT (regular face only), else the platform's list. Writes the path to out.
 * On failure `searched` (if not NULL) lists, one per line, where it looked. */
bool ui_fonts_find(ui_font face, const char *explicit_path, char *out, size_t out_cap,
                   char *searched, size_t searched_cap);

/* What to tell a person with no usable font on this platform (one sentence). */
const char *ui_fonts_install_hint(void);

#endif
