/* ui_png.c — PNG screenshots through stb_image_write (the only place it is compiled). */
#include "ui_png.h"

#include <SDL.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
/* zlib at its best level instead of stb's own deflate: screenshots in docs/ come out about
 * half the size */
static unsigned char *ui_png_deflate(unsigned char *data, int len, int *out_len, int quality);
#define STBIW_ZLIB_COMPRESS ui_png_deflate
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static unsigned char *ui_png_deflate(unsigned char *data, int len, int *out_len, int quality)
{
    (void)quality;
    uLongf cap = compressBound((uLong)len);
    unsigned char *out = malloc(cap);
    if (!out) return NULL;
    if (compress2(out, &cap, data, (uLong)len, Z_BEST_COMPRESSION) != Z_OK || cap > INT_MAX) {
        free(out);
        return NULL;
    }
    *out_len = (int)cap;
    return out;
}

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
        /* an opaque picture (a window) is written without its alpha channel: a quarter
         * smaller; icons keep theirs */
        unsigned char *px = rgba->pixels;
        bool opaque = true;
        for (int y = 0; y < rgba->h && opaque; y++)
            for (int x = 0; x < rgba->w && opaque; x++)
                opaque = px[(size_t)y * (size_t)rgba->pitch + (size_t)x * 4 + 3] == 255;
        if (opaque) {
            size_t o = 0;
            for (int y = 0; y < rgba->h; y++)
                for (int x = 0; x < rgba->w; x++, o += 3)
                    memmove(px + o, px + (size_t)y * (size_t)rgba->pitch + (size_t)x * 4, 3);
            ok = stbi_write_png(path, rgba->w, rgba->h, 3, px, rgba->w * 3);
        } else {
            ok = stbi_write_png(path, rgba->w, rgba->h, 4, px, rgba->pitch);
        }
        SDL_UnlockSurface(rgba);
    }
    SDL_FreeSurface(rgba);
    if (!ok && err && err_cap > 0) snprintf(err, (size_t)err_cap, "cannot write %s", path);
    return ok != 0;
}
