/* ui_sdl.h — the one renderer: draws a ui_context's command list with SDL_Renderer, text
 * through SDL2_ttf; plus the SDL glue (events, clipboard, text input, cursor) and a
 * font-less message screen.
 *
 * Text is rasterized once per (font, size, string) into a texture kept in an LRU cache;
 * colour is applied when drawing, so a string that only changes colour is not rasterized
 * again. ui_sdl_get_stats counts rasterizations, so tests can assert that an unchanged frame
 * rasterizes nothing.
 *
 *     ui_sdl *r;
 *     char why[1024];
 *     if (ui_sdl_create(&(ui_sdl_desc){.renderer = ren}, &r, why, sizeof why) != UI_SDL_OK)
 *         ... show why with ui_sdl_message_screen(ren, "No font", why, true) ...
 *     ui_text_measurer m = ui_sdl_measurer(r);
 *     ui_init(ctx, &m, NULL);
 *     ... each frame: ui_sdl_handle_event(ctx, &e, ratio) for every event, build the frame,
 *         ui_sdl_render(r, ctx), SDL_RenderPresent(ren) ... */
#ifndef PARLEY_UI_SDL_H
#define PARLEY_UI_SDL_H

#include "ui.h"

#include <SDL.h>

typedef struct ui_sdl ui_sdl;

/* Zero fields mean defaults. */
typedef struct ui_sdl_desc {
    SDL_Renderer *renderer;     /* required; not owned */
    const char *font_path;      /* regular face; NULL or "" = search the system (ui_fonts.h) */
    const char *bold_font_path; /* NULL = search; none found = the regular face */
    const char *mono_font_path;
    int text_cache_entries; /* 0 = UI_SDL_TEXT_CACHE_DEFAULT */
    /* The render target keeps its pixels from frame to frame and nothing else draws into it
     * (SDL's software renderer on a surface): ui_sdl_render_retained then redraws the changed
     * tiles in place, with no texture of its own and no copy. Call ui_sdl_invalidate after
     * drawing anything else there. */
    bool target_keeps_pixels;
} ui_sdl_desc;

#define UI_SDL_TEXT_CACHE_DEFAULT 1024
#define UI_SDL_IMAGE_CAPACITY     256
#define UI_SDL_FONT_SLOTS         24 /* (face, size) pairs open at once */

typedef enum ui_sdl_result {
    UI_SDL_OK = 0,
    UI_SDL_NO_FONT,       /* no font file found (the message lists where we looked) */
    UI_SDL_FONT_UNUSABLE, /* the file exists but SDL_ttf cannot open it */
    UI_SDL_TTF_FAILED,    /* SDL_ttf did not initialise */
    UI_SDL_NO_MEMORY
} ui_sdl_result;

typedef struct ui_sdl_stats {
    uint64_t rasterized; /* strings turned into textures */
    uint64_t cache_hits;
    uint64_t evictions;
    uint64_t draw_calls;
    uint64_t failures;         /* text or shapes that could not be drawn */
    uint64_t icons_rasterized; /* icons drawn into a texture (once per icon, size, colour) */
    uint64_t recolored;        /* cached strings given another colour (no SDL_ttf involved) */
    uint64_t retained_frames;  /* ui_sdl_render_retained calls that drew anything */
    uint64_t pixels_redrawn;   /* ... and the pixels they redrew (a full frame = w * h) */
    uint64_t pixels_moved;     /* kept pixels of scroll views moved instead of redrawn */
    int cached;                /* textures in the cache now */
} ui_sdl_stats;

/* On failure *out is NULL and message says what went wrong and what to do. */
ui_sdl_result ui_sdl_create(const ui_sdl_desc *desc, ui_sdl **out, char *message, size_t cap);
void ui_sdl_destroy(ui_sdl *r);
const char *ui_sdl_result_name(ui_sdl_result result);
const char *ui_sdl_font_path(const ui_sdl *r, ui_font face);

/* The measurer to give ui_init: same fonts, same numbers as the drawing. */
ui_text_measurer ui_sdl_measurer(ui_sdl *r);

/* Draws the frame (after ui_end). Does not clear or present. */
void ui_sdl_render(ui_sdl *r, const ui_context *ctx);
/* The same picture as clearing the target to `background` and calling ui_sdl_render, pixel
 * for pixel, but drawn into a texture the renderer keeps between frames: only the screen
 * tiles whose draw commands changed since the last call are redrawn (ui_damage.h), then the
 * whole texture is copied to the current target. A hover redraws a few tiles; an unchanged
 * frame draws nothing but the copy. A scroll view that only scrolled has its kept pixels moved
 * and redraws the strip that came into view and what changed. Images are redrawn every frame (a
 * video frame changes the texture, not the command). Without render targets it is the full
 * draw. Does not present. */
void ui_sdl_render_retained(ui_sdl *r, const ui_context *ctx, ui_color background);
/* The next retained frame redraws everything (call after SDL_RENDER_TARGETS_RESET). */
void ui_sdl_invalidate(ui_sdl *r);
ui_sdl_stats ui_sdl_get_stats(const ui_sdl *r);

/* Textures for UI_CMD_IMAGE (video tiles, avatars). Handles carry a generation, so a stale
 * handle draws nothing instead of someone else's picture. 0 = no room. */
uint32_t ui_sdl_image_add(ui_sdl *r, SDL_Texture *texture);
void ui_sdl_image_remove(ui_sdl *r, uint32_t image);

/* ---- glue ---------------------------------------------------------------------------- */

/* Feeds one SDL event to the context; pixel_ratio = drawable pixels per window point
 * (SDL_GetRendererOutputSize / SDL_GetWindowSize). True if it was an input event. */
bool ui_sdl_handle_event(ui_context *ctx, const SDL_Event *e, float pixel_ratio);
/* Clipboard callbacks on SDL's clipboard. */
ui_clipboard ui_sdl_clipboard(void);
/* After ui_end: start or stop SDL text input and place the IME window at the caret. */
void ui_sdl_update_text_input(const ui_context *ctx, float pixel_ratio);
/* After ui_end: the mouse cursor the frame asked for (I-beam over text fields). */
void ui_sdl_update_cursor(ui_sdl *r, const ui_context *ctx);

/* ---- without fonts ------------------------------------------------------------------- */

/* Clears the target and draws title and body (ASCII, wrapped) with rectangles only — for
 * when no font could be loaded. Does not present. */
void ui_sdl_message_screen(SDL_Renderer *renderer, const char *title, const char *body, bool dark);

#endif
