/* ui_png.h — writes an SDL surface as a PNG file (screenshots of the UI for tests and docs). */
#ifndef PARLEY_UI_PNG_H
#define PARLEY_UI_PNG_H

#include <stdbool.h>

struct SDL_Surface;

/* False (and SDL_GetError-style text in err) if the surface cannot be converted or the file
 * cannot be written. */
bool ui_png_write(const char *path, struct SDL_Surface *surface, char *err, int err_cap);

#endif
