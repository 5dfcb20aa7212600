/* ui_png.c — PNG screenshots through stb_image_write (the only place it is compiled). */
#include "ui_png.h"

#include <SDL.h>

#include <stdio.h>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

bool ui_png_write(const char *path, struct SDL_Surface *surface, char *err, int err_cap)
{
    SDL_Surface *rgba = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGBA32, 0);
    if (!rgba) {
        if (err && err_cap > 0)
            snprintf(err, (size_t)err_cap, "cannot convert: %s", SDL_GetError());
        return false;
    }
    int ok = 0;
    if (SDL_LockSurface(rgba) == 0) {
        ok = stbi_write_png(path, rgba->w, rgba->h, 4, rgba->pixels, rgba->pitch);
        SDL_UnlockSurface(rgba);
    }
    SDL_FreeSurface(rgba);
    if (!ok && err && err_cap > 0) snprintf(err, (size_t)err_cap, "cannot write %s", path);
    return ok != 0;
}
