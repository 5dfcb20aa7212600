/* ui_sdl.c — the renderer (command list to SDL_Renderer, text via SDL2_ttf with an LRU
 * texture cache) and the SDL glue for input, clipboard, text input and cursor. */
#include "ui_sdl.h"
#include "ui_damage.h"
#include "ui_fonts.h"
#include "ui_geom.h"
#include "ui_internal.h"

#include <SDL_ttf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_SDL_GEOM_VERTICES (UI_GEOM_ICON_MAX_VERTICES * 2)
#define UI_SDL_PATH_BYTES    1024

typedef struct ui_sdl_text {
    uint64_t hash;
    char *text;
    int len;
    uint8_t face;
    uint16_t size;
    SDL_Texture *texture; /* the string in the colour `baked` */
    uint8_t *mask;        /* its coverage, w * h bytes, to bake another colour without SDL_ttf */
    ui_color baked;
    int w, h;
    int prev, next; /* LRU list, most recent first */
    int chain;      /* next in the hash bucket */
} ui_sdl_text;

/* Widths of short strings (words, names) measured before: wrapping asks for the same words
 * every frame. Direct-mapped: a colliding string simply replaces the old one. */
#define UI_SDL_MEASURE_SLOTS 8192
#define UI_SDL_MEASURE_TEXT  40
typedef struct ui_sdl_measure {
    uint64_t hash;
    int width;
    uint8_t len, face;
    uint16_t size;
    char text[UI_SDL_MEASURE_TEXT];
} ui_sdl_measure;

typedef struct ui_sdl_font {
    TTF_Font *font;
    int face, size;
    uint64_t last_used;
} ui_sdl_font;

/* Textures hold their colour baked in rather than tinted per draw: SDL's software renderer
 * blends an untinted texture with a fast blitter that skips transparent pixels, while a
 * colour-modulated one goes through a generic per-pixel blitter several times slower. */

/* A round-corner mask: a disc (or ring) in one colour with alpha coverage, copied a quarter
 * at a time. */
typedef struct ui_sdl_disc {
    SDL_Texture *texture;
    int radius, thickness;
    ui_color color;
    uint64_t last_used;
} ui_sdl_disc;

#define UI_SDL_DISC_SLOTS 64

/* An icon drawn once into a texture at one size and colour: triangles with soft edges are
 * slow in the software renderer, a textured copy is not. */
typedef struct ui_sdl_icon {
    SDL_Texture *texture;
    int icon, w, h;
    ui_color color;
    uint64_t last_used;
} ui_sdl_icon;

#define UI_SDL_ICON_SLOTS 128

/* Retained drawing: the last picture, and what each command covered this frame. */
typedef struct ui_sdl_retained {
    SDL_Texture *canvas;
    int w, h;
    SDL_Texture *scratch; /* moved pixels pass through it (ui_sdl_move) */
    int scratch_w, scratch_h;
    uint8_t *readback; /* in place: the moved pixels read from the target, w * h * 4 bytes */
    ui_rect *bounds;   /* per command in drawing order; w = 0 when nothing is visible */
    ui_rect *clips;    /* the clip in effect for each command */
    ui_damage damage;
    ui_rect rects[UI_DAMAGE_MAX_RECTS];
} ui_sdl_retained;

typedef struct ui_sdl_image {
    SDL_Texture *texture;
    uint16_t generation;
} ui_sdl_image;

struct ui_sdl {
    SDL_Renderer *renderer;
    char paths[UI_FONT_COUNT][UI_SDL_PATH_BYTES];
    ui_sdl_font fonts[UI_SDL_FONT_SLOTS];
    uint64_t font_clock;
    ui_sdl_text *texts;
    int *buckets;
    int capacity, nbuckets, count, lru_head, lru_tail, free_head;
    ui_sdl_image images[UI_SDL_IMAGE_CAPACITY];
    ui_sdl_disc discs[UI_SDL_DISC_SLOTS];
    uint64_t disc_clock;
    ui_sdl_icon icons[UI_SDL_ICON_SLOTS];
    uint64_t icon_clock;
    bool targets;  /* the renderer can draw into textures */
    bool in_place; /* desc.target_keeps_pixels */
    ui_vertex *geom;
    SDL_Vertex *verts;
    ui_sdl_measure *measures;
    uint32_t *pixels; /* scratch for baking colours; grows to the largest string */
    size_t pixels_cap;
    ui_sdl_retained *kept; /* made on the first ui_sdl_render_retained */
    ui_sdl_stats stats;
    SDL_Cursor *cursors[3];
    int cursor_shown;
    char scratch[1024];
};

const char *ui_sdl_result_name(ui_sdl_result result)
{
    switch (result) {
    case UI_SDL_OK:
        return "ok";
    case UI_SDL_NO_FONT:
        return "no font";
    case UI_SDL_FONT_UNUSABLE:
        return "font unusable";
    case UI_SDL_TTF_FAILED:
        return "SDL_ttf failed";
    case UI_SDL_NO_MEMORY:
        return "out of memory";
    }
    return "?";
}

/* ---- fonts --------------------------------------------------------------------------- */

static TTF_Font *ui_sdl_font_get(ui_sdl *r, int face, int size)
{
    if (size < 1) size = 1;
    if (face < 0 || face >= UI_FONT_COUNT || !r->paths[face][0]) face = UI_FONT_REGULAR;
    ui_sdl_font *slot = NULL;
    r->font_clock++;
    for (int i = 0; i < UI_SDL_FONT_SLOTS; i++) {
        ui_sdl_font *f = &r->fonts[i];
        if (f->font && f->face == face && f->size == size) {
            f->last_used = r->font_clock;
            return f->font;
        }
        if (!slot || !f->font || (slot->font && f->last_used < slot->last_used)) slot = f;
    }
    if (slot->font) TTF_CloseFont(slot->font);
    slot->font = TTF_OpenFont(r->paths[face], size);
    slot->face = face;
    slot->size = size;
    slot->last_used = r->font_clock;
    if (!slot->font && face != UI_FONT_REGULAR) return ui_sdl_font_get(r, UI_FONT_REGULAR, size);
    return slot->font;
}

static uint64_t ui_sdl_hash(int face, int size, const char *text, int len);

static int ui_sdl_measure_width(void *user, ui_font face, int size, const char *text, int len)
{
    ui_sdl *r = user;
    if (len <= 0) return 0;
    ui_sdl_measure *slot = NULL;
    uint64_t hash = 0;
    if (len < UI_SDL_MEASURE_TEXT) {
        hash = ui_sdl_hash((int)face, size, text, len);
        slot = &r->measures[hash & (UI_SDL_MEASURE_SLOTS - 1)];
        if (slot->hash == hash && slot->len == len && slot->face == face && slot->size == size &&
            memcmp(slot->text, text, (size_t)len) == 0)
            return slot->width;
    }
    TTF_Font *font = ui_sdl_font_get(r, (int)face, size);
    if (!font) return 0;
    int total = 0;
    const char *start = text;
    int start_len = len;
    while (len > 0) {
        /* SDL_ttf wants NUL-terminated text: copy in pieces that end on a code point */
        int n = len;
        if (n >= (int)sizeof r->scratch) n = ui_utf8_snap(text, (int)sizeof r->scratch - 1);
        if (n <= 0) n = ui_min(len, (int)sizeof r->scratch - 1);
        memcpy(r->scratch, text, (size_t)n);
        r->scratch[n] = 0;
        int w = 0, h = 0;
        if (TTF_SizeUTF8(font, r->scratch, &w, &h) == 0) total += w;
        text += n;
        len -= n;
    }
    if (slot) {
        slot->hash = hash;
        slot->width = total;
        slot->len = (uint8_t)start_len;
        slot->face = (uint8_t)face;
        slot->size = (uint16_t)size;
        memcpy(slot->text, start, (size_t)start_len);
    }
    return total;
}

static int ui_sdl_measure_height(void *user, ui_font face, int size)
{
    ui_sdl *r = user;
    TTF_Font *font = ui_sdl_font_get(r, (int)face, size);
    return font ? TTF_FontHeight(font) : size;
}

ui_text_measurer ui_sdl_measurer(ui_sdl *r)
{
    ui_text_measurer m = {ui_sdl_measure_width, ui_sdl_measure_height, r};
    return m;
}

const char *ui_sdl_font_path(const ui_sdl *r, ui_font face)
{
    if (face < 0 || face >= UI_FONT_COUNT || !r->paths[face][0]) return r->paths[UI_FONT_REGULAR];
    return r->paths[face];
}

/* ---- create / destroy ---------------------------------------------------------------- */

static ui_sdl_result ui_sdl_fail(ui_sdl_result res, char *message, size_t cap, const char *fmt,
                                 const char *a, const char *b)
{
    if (message && cap) snprintf(message, cap, fmt, a, b);
    return res;
}

ui_sdl_result ui_sdl_create(const ui_sdl_desc *desc, ui_sdl **out, char *message, size_t cap)
{
    UI_ASSERT(desc && desc->renderer && out);
    *out = NULL;
    if (message && cap) message[0] = 0;

    char searched[2048];
    char regular[UI_SDL_PATH_BYTES];
    if (!ui_fonts_find(UI_FONT_REGULAR, desc->font_path, regular, sizeof regular, searched,
                       sizeof searched)) {
        if (desc->font_path && desc->font_path[0])
            return ui_sdl_fail(UI_SDL_NO_FONT, message, cap, "The font file %s cannot be read. %s",
                               desc->font_path,
                               "Choose another font file in Settings, or clear the setting to use "
                               "the system font.");
        return ui_sdl_fail(UI_SDL_NO_FONT, message, cap,
                           "No font was found. Parley looked in:\n%s%s", searched,
                           ui_fonts_install_hint());
    }
    if (TTF_Init() != 0) /* counted: each ui_sdl pairs it with a TTF_Quit */
        return ui_sdl_fail(UI_SDL_TTF_FAILED, message, cap, "SDL_ttf did not start: %s%s",
                           TTF_GetError(), "");

    ui_sdl *r = calloc(1, sizeof *r);
    int capacity =
        desc->text_cache_entries > 0 ? desc->text_cache_entries : UI_SDL_TEXT_CACHE_DEFAULT;
    int nbuckets = 1;
    while (nbuckets < capacity * 2) nbuckets <<= 1;
    if (r) {
        r->texts = calloc((size_t)capacity, sizeof *r->texts);
        r->buckets = malloc(sizeof(int) * (size_t)nbuckets);
        r->geom = malloc(sizeof(ui_vertex) * UI_SDL_GEOM_VERTICES);
        r->verts = malloc(sizeof(SDL_Vertex) * UI_SDL_GEOM_VERTICES);
        r->measures = calloc(UI_SDL_MEASURE_SLOTS, sizeof *r->measures);
    }
    if (!r || !r->texts || !r->buckets || !r->geom || !r->verts || !r->measures) {
        if (r) {
            free(r->measures);
            free(r->texts);
            free(r->buckets);
            free(r->geom);
            free(r->verts);
            free(r);
        }
        TTF_Quit();
        return ui_sdl_fail(UI_SDL_NO_MEMORY, message, cap, "Out of memory%s%s", "", "");
    }
    r->renderer = desc->renderer;
    r->targets = SDL_RenderTargetSupported(desc->renderer);
    r->in_place = desc->target_keeps_pixels;
    r->capacity = capacity;
    r->nbuckets = nbuckets;
    for (int i = 0; i < nbuckets; i++) r->buckets[i] = -1;
    for (int i = 0; i < capacity; i++) r->texts[i].next = i + 1 < capacity ? i + 1 : -1;
    r->free_head = 0;
    r->lru_head = r->lru_tail = -1;
    snprintf(r->paths[UI_FONT_REGULAR], UI_SDL_PATH_BYTES, "%s", regular);
    if (!ui_fonts_find(UI_FONT_BOLD, desc->bold_font_path, r->paths[UI_FONT_BOLD],
                       UI_SDL_PATH_BYTES, NULL, 0))
        r->paths[UI_FONT_BOLD][0] = 0;
    if (!ui_fonts_find(UI_FONT_MONO, desc->mono_font_path, r->paths[UI_FONT_MONO],
                       UI_SDL_PATH_BYTES, NULL, 0))
        r->paths[UI_FONT_MONO][0] = 0;

    TTF_Font *probe = TTF_OpenFont(regular, 14);
    if (!probe) {
        char why[256];
        snprintf(why, sizeof why, "%s. Choose another font file in Settings.", TTF_GetError());
        ui_sdl_destroy(r);
        return ui_sdl_fail(UI_SDL_FONT_UNUSABLE, message, cap, "The font %s cannot be used: %s",
                           regular, why);
    }
    TTF_CloseFont(probe);
    *out = r;
    return UI_SDL_OK;
}

void ui_sdl_destroy(ui_sdl *r)
{
    if (!r) return;
    for (int i = r->lru_head; i >= 0; i = r->texts[i].next) {
        if (r->texts[i].texture) SDL_DestroyTexture(r->texts[i].texture);
        free(r->texts[i].text);
        free(r->texts[i].mask);
    }
    for (int i = 0; i < UI_SDL_FONT_SLOTS; i++)
        if (r->fonts[i].font) TTF_CloseFont(r->fonts[i].font);
    for (int i = 0; i < UI_SDL_DISC_SLOTS; i++)
        if (r->discs[i].texture) SDL_DestroyTexture(r->discs[i].texture);
    for (int i = 0; i < UI_SDL_ICON_SLOTS; i++)
        if (r->icons[i].texture) SDL_DestroyTexture(r->icons[i].texture);
    for (int i = 0; i < 3; i++)
        if (r->cursors[i]) SDL_FreeCursor(r->cursors[i]);
    free(r->texts);
    free(r->buckets);
    free(r->geom);
    free(r->verts);
    free(r->measures);
    free(r->pixels);
    if (r->kept) {
        if (r->kept->canvas) SDL_DestroyTexture(r->kept->canvas);
        if (r->kept->scratch) SDL_DestroyTexture(r->kept->scratch);
        free(r->kept->readback);
        free(r->kept->bounds);
        free(r->kept->clips);
        free(r->kept);
    }
    free(r);
    TTF_Quit();
}

ui_sdl_stats ui_sdl_get_stats(const ui_sdl *r)
{
    ui_sdl_stats s = r->stats;
    s.cached = r->count;
    return s;
}

/* ---- text cache ---------------------------------------------------------------------- */

static uint64_t ui_sdl_hash(int face, int size, const char *text, int len)
{
    uint64_t h = 1469598103934665603ull;
    h = (h ^ (uint64_t)face) * 1099511628211ull;
    h = (h ^ (uint64_t)size) * 1099511628211ull;
    for (int i = 0; i < len; i++) h = (h ^ (unsigned char)text[i]) * 1099511628211ull;
    return h;
}

static void ui_sdl_lru_unlink(ui_sdl *r, int i)
{
    ui_sdl_text *t = &r->texts[i];
    if (t->prev >= 0)
        r->texts[t->prev].next = t->next;
    else
        r->lru_head = t->next;
    if (t->next >= 0)
        r->texts[t->next].prev = t->prev;
    else
        r->lru_tail = t->prev;
}

static void ui_sdl_lru_front(ui_sdl *r, int i)
{
    ui_sdl_text *t = &r->texts[i];
    t->prev = -1;
    t->next = r->lru_head;
    if (r->lru_head >= 0) r->texts[r->lru_head].prev = i;
    r->lru_head = i;
    if (r->lru_tail < 0) r->lru_tail = i;
}

static void ui_sdl_evict(ui_sdl *r)
{
    int i = r->lru_tail;
    ui_sdl_text *t = &r->texts[i];
    int *link = &r->buckets[t->hash & (uint64_t)(r->nbuckets - 1)];
    while (*link != i) link = &r->texts[*link].chain;
    *link = t->chain;
    ui_sdl_lru_unlink(r, i);
    if (t->texture) SDL_DestroyTexture(t->texture);
    free(t->text);
    free(t->mask);
    memset(t, 0, sizeof *t);
    t->next = r->free_head;
    r->free_head = i;
    r->count--;
    r->stats.evictions++;
}

/* The coverage of a rasterized string (SDL_ttf's blended output: colour in every pixel, the
 * shape in alpha). NULL if out of memory. */
static uint8_t *ui_sdl_mask_from(SDL_Surface *surface)
{
    SDL_Surface *argb = surface->format->format == SDL_PIXELFORMAT_ARGB8888
                            ? surface
                            : SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_ARGB8888, 0);
    if (!argb) return NULL;
    uint8_t *mask = malloc((size_t)argb->w * (size_t)argb->h + 1);
    if (mask) {
        SDL_LockSurface(argb);
        for (int y = 0; y < argb->h; y++) {
            const uint32_t *row =
                (const uint32_t *)((const uint8_t *)argb->pixels + y * argb->pitch);
            for (int x = 0; x < argb->w; x++) mask[y * argb->w + x] = (uint8_t)(row[x] >> 24);
        }
        SDL_UnlockSurface(argb);
    }
    if (argb != surface) SDL_FreeSurface(argb);
    return mask;
}

/* Room for n pixels in the baking scratch; NULL if out of memory. */
static uint32_t *ui_sdl_scratch_pixels(ui_sdl *r, size_t n)
{
    if (n > r->pixels_cap) {
        uint32_t *grown = realloc(r->pixels, n * sizeof *grown);
        if (!grown) return NULL;
        r->pixels = grown;
        r->pixels_cap = n;
    }
    return r->pixels;
}

/* ARGB pixels of colour c with coverage mask (alpha scaled by c.a). */
static void ui_sdl_bake(uint32_t *out, const uint8_t *mask, size_t n, ui_color c)
{
    uint32_t rgb = ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
    for (size_t i = 0; i < n; i++) out[i] = (((uint32_t)mask[i] * c.a + 127u) / 255u) << 24 | rgb;
}

static bool ui_sdl_same_color(ui_color a, ui_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* Puts colour c into the string's texture unless it is there already. */
static bool ui_sdl_text_color(ui_sdl *r, ui_sdl_text *t, ui_color c)
{
    if (t->baked.a != 0 && ui_sdl_same_color(t->baked, c)) return true;
    size_t n = (size_t)t->w * (size_t)t->h;
    uint32_t *px = ui_sdl_scratch_pixels(r, n ? n : 1);
    if (!px) return false;
    ui_sdl_bake(px, t->mask, n, c);
    if (SDL_UpdateTexture(t->texture, NULL, px, t->w * 4) != 0) return false;
    t->baked = c;
    r->stats.recolored++;
    return true;
}

/* The cached texture for the string, rasterizing it on a miss. NULL if it cannot be made. */
static ui_sdl_text *ui_sdl_text_get(ui_sdl *r, int face, int size, const char *text, int len)
{
    uint64_t hash = ui_sdl_hash(face, size, text, len);
    int *bucket = &r->buckets[hash & (uint64_t)(r->nbuckets - 1)];
    for (int i = *bucket; i >= 0; i = r->texts[i].chain) {
        ui_sdl_text *t = &r->texts[i];
        if (t->hash == hash && t->len == len && t->face == face && t->size == size &&
            memcmp(t->text, text, (size_t)len) == 0) {
            ui_sdl_lru_unlink(r, i);
            ui_sdl_lru_front(r, i);
            r->stats.cache_hits++;
            return t;
        }
    }
    TTF_Font *font = ui_sdl_font_get(r, face, size);
    if (!font) return NULL;
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *surface = TTF_RenderUTF8_Blended(font, text, white); /* text is NUL-terminated */
    r->stats.rasterized++;
    if (!surface) return NULL;
    int w = surface->w, h = surface->h;
    uint8_t *mask = ui_sdl_mask_from(surface);
    SDL_FreeSurface(surface);
    SDL_Texture *texture = mask ? SDL_CreateTexture(r->renderer, SDL_PIXELFORMAT_ARGB8888,
                                                    SDL_TEXTUREACCESS_STATIC, w, h)
                                : NULL;
    char *copy = malloc((size_t)len + 1); /* only on a miss, next to a rasterization */
    if (!texture || !copy) {
        if (texture) SDL_DestroyTexture(texture);
        free(copy);
        free(mask);
        return NULL;
    }
    memcpy(copy, text, (size_t)len + 1);
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    if (r->free_head < 0) ui_sdl_evict(r);
    int i = r->free_head;
    ui_sdl_text *t = &r->texts[i];
    r->free_head = t->next;
    bucket = &r->buckets[hash & (uint64_t)(r->nbuckets - 1)];
    t->hash = hash;
    t->text = copy;
    t->len = len;
    t->face = (uint8_t)face;
    t->size = (uint16_t)size;
    t->texture = texture;
    t->mask = mask;
    t->baked.a = 0; /* no colour yet: the first draw bakes one */
    t->w = w;
    t->h = h;
    t->chain = *bucket;
    *bucket = i;
    ui_sdl_lru_front(r, i);
    r->count++;
    return t;
}

/* ---- images -------------------------------------------------------------------------- */

uint32_t ui_sdl_image_add(ui_sdl *r, SDL_Texture *texture)
{
    UI_ASSERT(texture);
    for (int i = 0; i < UI_SDL_IMAGE_CAPACITY; i++) {
        ui_sdl_image *im = &r->images[i];
        if (!im->texture) {
            im->texture = texture;
            im->generation = (uint16_t)(im->generation + 1 ? im->generation + 1 : 1);
            return ((uint32_t)im->generation << 16) | (uint32_t)(i + 1);
        }
    }
    return 0;
}

static ui_sdl_image *ui_sdl_image_at(ui_sdl *r, uint32_t image)
{
    uint32_t i = (image & 0xffffu);
    if (i == 0 || i > UI_SDL_IMAGE_CAPACITY) return NULL;
    ui_sdl_image *im = &r->images[i - 1];
    if (!im->texture || im->generation != (uint16_t)(image >> 16)) return NULL;
    return im;
}

void ui_sdl_image_remove(ui_sdl *r, uint32_t image)
{
    ui_sdl_image *im = ui_sdl_image_at(r, image);
    if (im) im->texture = NULL;
}

/* ---- drawing ------------------------------------------------------------------------- */

static void ui_sdl_geometry(ui_sdl *r, const ui_geom *g)
{
    if (g->overflowed) r->stats.failures++;
    for (int i = 0; i < g->count; i++) {
        SDL_Vertex *v = &r->verts[i];
        v->position.x = g->v[i].x;
        v->position.y = g->v[i].y;
        v->color.r = g->v[i].color.r;
        v->color.g = g->v[i].color.g;
        v->color.b = g->v[i].color.b;
        v->color.a = g->v[i].color.a;
        v->tex_coord.x = v->tex_coord.y = 0.0f;
    }
    if (g->count > 0) {
        SDL_SetRenderDrawBlendMode(r->renderer, SDL_BLENDMODE_BLEND); /* the soft edges */
        SDL_RenderGeometry(r->renderer, NULL, r->verts, g->count, NULL, 0);
        r->stats.draw_calls++;
    }
}

static void ui_sdl_fill(ui_sdl *r, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0) return;
    SDL_Rect rect = {x, y, w, h};
    SDL_RenderFillRect(r->renderer, &rect);
    r->stats.draw_calls++;
}

/* The corner mask for (radius, thickness), made on first use. NULL if it cannot be made. */
static SDL_Texture *ui_sdl_disc_get(ui_sdl *r, int radius, int thickness, ui_color color)
{
    r->disc_clock++;
    ui_sdl_disc *slot = NULL;
    for (int i = 0; i < UI_SDL_DISC_SLOTS; i++) {
        ui_sdl_disc *d = &r->discs[i];
        if (d->texture && d->radius == radius && d->thickness == thickness &&
            ui_sdl_same_color(d->color, color)) {
            d->last_used = r->disc_clock;
            return d->texture;
        }
        if (!slot || !d->texture || (slot->texture && d->last_used < slot->last_used)) slot = d;
    }
    int size = 2 * radius;
    uint8_t *alpha = malloc((size_t)size * (size_t)size);
    uint32_t *pixels = malloc(sizeof(uint32_t) * (size_t)size * (size_t)size);
    SDL_Texture *tex = NULL;
    if (alpha && pixels) {
        ui_geom_disc_mask(alpha, radius, thickness);
        ui_sdl_bake(pixels, alpha, (size_t)size * (size_t)size, color);
        tex = SDL_CreateTexture(r->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                size, size);
        if (tex) {
            SDL_UpdateTexture(tex, NULL, pixels, size * 4);
            SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
        }
    }
    free(alpha);
    free(pixels);
    if (!tex) return NULL;
    if (slot->texture) SDL_DestroyTexture(slot->texture);
    slot->texture = tex;
    slot->radius = radius;
    slot->thickness = thickness;
    slot->color = color;
    slot->last_used = r->disc_clock;
    return tex;
}

/* Rounded rectangles: the straight parts as plain rectangles, the corners as quarters of an
 * anti-aliased disc texture. Nothing is drawn twice, so translucent colours stay even. */
/* The corner radius and outline thickness (0 = filled) a rectangle is drawn with. */
static void ui_sdl_rect_shape(const ui_command *c, int *rad, int *t)
{
    ui_rect q = c->rect;
    *rad = ui_max(0, ui_min(c->radius, ui_min(q.w, q.h) / 2));
    *t = c->thickness > 0 ? ui_min(c->thickness, ui_min(q.w, q.h) / 2) : 0;
    if (*t > 0 && *t >= *rad) *rad = 0; /* a border as thick as its radius: square corners */
}

static void ui_sdl_rect(ui_sdl *r, const ui_command *c)
{
    ui_rect q = c->rect;
    int rad, t;
    ui_sdl_rect_shape(c, &rad, &t);
    /* opaque fills need no blending (the software renderer blends per pixel otherwise) */
    SDL_SetRenderDrawBlendMode(r->renderer,
                               c->color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r->renderer, c->color.r, c->color.g, c->color.b, c->color.a);
    if (t == 0) {
        ui_sdl_fill(r, q.x + rad, q.y, q.w - 2 * rad, q.h);
        ui_sdl_fill(r, q.x, q.y + rad, rad, q.h - 2 * rad);
        ui_sdl_fill(r, q.x + q.w - rad, q.y + rad, rad, q.h - 2 * rad);
    } else {
        int side = ui_max(rad, t); /* how far the corners reach along each edge */
        ui_sdl_fill(r, q.x + rad, q.y, q.w - 2 * rad, t);
        ui_sdl_fill(r, q.x + rad, q.y + q.h - t, q.w - 2 * rad, t);
        ui_sdl_fill(r, q.x, q.y + side, t, q.h - 2 * side);
        ui_sdl_fill(r, q.x + q.w - t, q.y + side, t, q.h - 2 * side);
    }
    if (rad <= 0) return;
    SDL_Texture *disc = ui_sdl_disc_get(r, rad, t, c->color);
    if (!disc) {
        r->stats.failures++;
        return;
    }
    SDL_Rect src[4] = {
        {0, 0, rad, rad}, {rad, 0, rad, rad}, {rad, rad, rad, rad}, {0, rad, rad, rad}};
    SDL_Rect dst[4] = {{q.x, q.y, rad, rad},
                       {q.x + q.w - rad, q.y, rad, rad},
                       {q.x + q.w - rad, q.y + q.h - rad, rad, rad},
                       {q.x, q.y + q.h - rad, rad, rad}};
    for (int k = 0; k < 4; k++) SDL_RenderCopy(r->renderer, disc, &src[k], &dst[k]);
    r->stats.draw_calls += 4;
}

static void ui_sdl_text_draw(ui_sdl *r, const ui_context *ctx, const ui_command *c)
{
    ui_sdl_text *t = ui_sdl_text_get(r, c->font, c->size, ui_command_text(ctx, c), (int)c->len);
    if (!t) {
        r->stats.failures++;
        return;
    }
    if (c->color.a == 0) return; /* invisible (and alpha 0 marks "no colour baked yet") */
    if (!ui_sdl_text_color(r, t, c->color)) {
        r->stats.failures++;
        return;
    }
    SDL_Rect dst = {c->rect.x, c->rect.y, t->w, t->h};
    SDL_RenderCopy(r->renderer, t->texture, NULL, &dst);
    r->stats.draw_calls++;
}

/* The icon at this size as a white texture with alpha, drawn on first use. */
static SDL_Texture *ui_sdl_icon_get(ui_sdl *r, int icon, int w, int h, ui_color color)
{
    r->icon_clock++;
    ui_sdl_icon *slot = NULL;
    for (int i = 0; i < UI_SDL_ICON_SLOTS; i++) {
        ui_sdl_icon *k = &r->icons[i];
        if (k->texture && k->icon == icon && k->w == w && k->h == h &&
            ui_sdl_same_color(k->color, color)) {
            k->last_used = r->icon_clock;
            return k->texture;
        }
        if (!slot || !k->texture || (slot->texture && k->last_used < slot->last_used)) slot = k;
    }
    SDL_Texture *tex =
        SDL_CreateTexture(r->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    if (!tex) return NULL;
    SDL_Texture *old_target = SDL_GetRenderTarget(r->renderer);
    SDL_Rect clip;
    SDL_bool clipped = SDL_RenderIsClipEnabled(r->renderer);
    SDL_RenderGetClipRect(r->renderer, &clip);
    if (SDL_SetRenderTarget(r->renderer, tex) != 0) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    /* the same colour, transparent, underneath, so the soft edges keep the colour */
    SDL_SetRenderDrawBlendMode(r->renderer, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r->renderer, color.r, color.g, color.b, 0);
    SDL_RenderClear(r->renderer);
    ui_geom g;
    ui_geom_init(&g, r->geom, UI_SDL_GEOM_VERTICES);
    ui_rect box = {0, 0, w, h};
    ui_geom_icon(&g, (ui_icon)icon, box, color);
    ui_sdl_geometry(r, &g);
    SDL_SetRenderTarget(r->renderer, old_target);
    SDL_RenderSetClipRect(r->renderer, clipped ? &clip : NULL);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    if (slot->texture) SDL_DestroyTexture(slot->texture);
    slot->texture = tex;
    slot->icon = icon;
    slot->w = w;
    slot->h = h;
    slot->color = color;
    slot->last_used = r->icon_clock;
    r->stats.icons_rasterized++;
    return tex;
}

static void ui_sdl_icon_draw(ui_sdl *r, const ui_command *c)
{
    SDL_Texture *tex =
        r->targets ? ui_sdl_icon_get(r, c->icon, c->rect.w, c->rect.h, c->color) : NULL;
    if (!tex) { /* no render targets: triangles every time */
        ui_geom g;
        ui_geom_init(&g, r->geom, UI_SDL_GEOM_VERTICES);
        ui_geom_icon(&g, (ui_icon)c->icon, c->rect, c->color);
        ui_sdl_geometry(r, &g);
        return;
    }
    SDL_Rect dst = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
    SDL_RenderCopy(r->renderer, tex, NULL, &dst);
    r->stats.draw_calls++;
}

/* One drawing command (not a clip). */
static void ui_sdl_draw(ui_sdl *r, const ui_context *ctx, const ui_command *c)
{
    switch ((ui_command_type)c->type) {
    case UI_CMD_CLIP:
        break;
    case UI_CMD_RECT:
        ui_sdl_rect(r, c);
        break;
    case UI_CMD_TEXT:
        ui_sdl_text_draw(r, ctx, c);
        break;
    case UI_CMD_ICON:
        ui_sdl_icon_draw(r, c);
        break;
    case UI_CMD_IMAGE: {
        ui_sdl_image *im = ui_sdl_image_at(r, c->image);
        if (!im) {
            r->stats.failures++;
            break;
        }
        SDL_Rect dst = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
        SDL_SetTextureColorMod(im->texture, c->color.r, c->color.g, c->color.b);
        SDL_SetTextureAlphaMod(im->texture, c->color.a);
        SDL_RenderCopy(r->renderer, im->texture, NULL, &dst);
        r->stats.draw_calls++;
        break;
    }
    }
}

void ui_sdl_render(ui_sdl *r, const ui_context *ctx)
{
    UI_ASSERT(r && ctx);
    SDL_SetRenderDrawBlendMode(r->renderer, SDL_BLENDMODE_BLEND);
    int iter = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c)) {
        if (c->type == UI_CMD_CLIP) {
            SDL_Rect clip = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
            SDL_RenderSetClipRect(r->renderer, &clip);
        } else {
            ui_sdl_draw(r, ctx, c);
        }
    }
    SDL_RenderSetClipRect(r->renderer, NULL);
}

/* ---- retained drawing ---------------------------------------------------------------- */

static ui_rect ui_sdl_intersect(ui_rect a, ui_rect b)
{
    int x0 = ui_max(a.x, b.x), y0 = ui_max(a.y, b.y);
    int x1 = ui_min(a.x + a.w, b.x + b.w), y1 = ui_min(a.y + a.h, b.y + b.h);
    if (x1 <= x0 || y1 <= y0) return ui_rect_make(0, 0, 0, 0);
    return ui_rect_make(x0, y0, x1 - x0, y1 - y0);
}

void ui_sdl_invalidate(ui_sdl *r)
{
    if (r && r->kept) ui_damage_invalidate(&r->kept->damage);
}

/* The kept picture at w x h, made or remade as needed; NULL if it cannot be. */
static ui_sdl_retained *ui_sdl_kept(ui_sdl *r, int w, int h)
{
    if (!r->kept) {
        ui_sdl_retained *k = calloc(1, sizeof *k);
        if (!k) return NULL;
        k->bounds = malloc(sizeof(ui_rect) * UI_COMMAND_CAPACITY);
        k->clips = malloc(sizeof(ui_rect) * UI_COMMAND_CAPACITY);
        if (!k->bounds || !k->clips) {
            free(k->bounds);
            free(k->clips);
            free(k);
            return NULL;
        }
        r->kept = k;
    }
    ui_sdl_retained *k = r->kept;
    if (r->in_place) {
        if (k->w != w || k->h != h) ui_damage_invalidate(&k->damage);
        k->w = w;
        k->h = h;
        return k;
    }
    if (!k->canvas || k->w != w || k->h != h) {
        if (k->canvas) SDL_DestroyTexture(k->canvas);
        k->canvas = SDL_CreateTexture(r->renderer, SDL_PIXELFORMAT_ARGB8888,
                                      SDL_TEXTUREACCESS_TARGET, w, h);
        if (!k->canvas) return NULL;
        SDL_SetTextureBlendMode(k->canvas, SDL_BLENDMODE_NONE);
        k->w = w;
        k->h = h;
        ui_damage_invalidate(&k->damage);
    }
    return k;
}

/* Where each command draws and what it looks like, into the damage grid. Text is measured by
 * its texture (rasterized here if new), since that is what gets copied. */
static void ui_sdl_damage_frame(ui_sdl *r, ui_sdl_retained *k, const ui_context *ctx,
                                ui_color background)
{
    uint64_t seed = ui_damage_hash(UI_DAMAGE_HASH_INITIAL, &background, sizeof background);
    ui_damage *d = &k->damage;
    ui_damage_begin(d, k->w, k->h, seed);
    ui_rect screen = ui_rect_make(0, 0, k->w, k->h), clip = screen;
    int iter = 0, i = 0, view = -1;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c)) /* views first: fills under them come earlier */
        if (ui_clip_scroll(c) >= 0) ui_damage_scroll(d, c->rect, ui_clip_scroll(c));
    iter = 0;
    while (ui_command_next(ctx, &iter, &c)) {
        int at = i++;
        k->bounds[at] = ui_rect_make(0, 0, 0, 0);
        if (c->type == UI_CMD_CLIP) {
            clip = ui_sdl_intersect(c->rect, screen);
            /* the view's clip again after a nested one or a layer change */
            view = ui_clip_scroll(c) >= 0 || (c->flags & UI_CLIP_SCROLL_Y)
                       ? ui_damage_scroll(d, c->rect, -1)
                       : -1;
            continue;
        }
        k->clips[at] = clip;
        ui_rect box = c->rect;
        if (c->type == UI_CMD_TEXT) {
            ui_sdl_text *t =
                ui_sdl_text_get(r, c->font, c->size, ui_command_text(ctx, c), (int)c->len);
            if (t) {
                box.w = t->w;
                box.h = t->h;
            }
        }
        box = ui_sdl_intersect(box, clip);
        if (box.w <= 0) continue;
        k->bounds[at] = box;
        if (c->type == UI_CMD_IMAGE) {
            ui_damage_force(d, box);
            continue;
        }
        ui_command key = *c;
        key.owner = 0; /* bookkeeping, not picture */
        key.text = 0;
        if (view >= 0) key.rect.y += d->views[d->vcur].v[view].offset; /* content space */
        uint64_t h = ui_damage_hash(UI_DAMAGE_HASH_INITIAL, &key, sizeof key);
        h = ui_damage_hash(h, &clip, sizeof clip);
        if (c->type == UI_CMD_TEXT) h = ui_damage_hash(h, ui_command_text(ctx, c), c->len);
        if (view >= 0) {
            ui_damage_add_content(d, view, box, h);
        } else if (c->type == UI_CMD_RECT) {
            int rad, t;
            ui_sdl_rect_shape(c, &rad, &t);
            ui_damage_add_rect(d, c->rect, box, h, t == 0, rad, t);
        } else {
            ui_damage_add(d, box, h);
        }
    }
}

/* Copies the kept pixels of each scroll view that moved (ui_damage_move) within the target:
 * through a texture the size of the screen, since SDL copies between textures, not within
 * one. From the window surface (in place) the pixels are read back first. False if SDL
 * could not: the caller then redraws everything. */
static bool ui_sdl_move(ui_sdl *r, ui_sdl_retained *k)
{
    const ui_damage *d = &k->damage;
    if (d->move_count == 0) return true;
    Uint32 format = SDL_PIXELFORMAT_ARGB8888;
    int access = r->in_place ? SDL_TEXTUREACCESS_STREAMING : SDL_TEXTUREACCESS_TARGET;
    if (!k->scratch || k->scratch_w != k->w || k->scratch_h != k->h) {
        if (k->scratch) SDL_DestroyTexture(k->scratch);
        free(k->readback);
        k->readback = NULL;
        k->scratch = SDL_CreateTexture(r->renderer, format, access, k->w, k->h);
        if (!k->scratch) return false;
        SDL_SetTextureBlendMode(k->scratch, SDL_BLENDMODE_NONE);
        k->scratch_w = k->w;
        k->scratch_h = k->h;
    }
    if (r->in_place && !k->readback) {
        k->readback = malloc((size_t)k->w * (size_t)k->h * 4);
        if (!k->readback) return false;
    }
    SDL_RenderSetClipRect(r->renderer, NULL);
    for (int i = 0; i < d->move_count; i++) {
        ui_rect to = d->moves[i].to;
        SDL_Rect src = {to.x, to.y + d->moves[i].dy, to.w, to.h};
        SDL_Rect dst = {to.x, to.y, to.w, to.h}, at = {0, 0, to.w, to.h};
        if (r->in_place) {
            if (SDL_RenderReadPixels(r->renderer, &src, format, k->readback, to.w * 4) != 0 ||
                SDL_UpdateTexture(k->scratch, &at, k->readback, to.w * 4) != 0)
                return false;
        } else {
            if (SDL_SetRenderTarget(r->renderer, k->scratch) != 0 ||
                SDL_RenderCopy(r->renderer, k->canvas, &src, &at) != 0 ||
                SDL_SetRenderTarget(r->renderer, k->canvas) != 0)
                return false;
        }
        if (SDL_RenderCopy(r->renderer, k->scratch, &at, &dst) != 0) return false;
        r->stats.pixels_moved += (uint64_t)to.w * (uint64_t)to.h;
    }
    return true;
}

/* Clears area to the background and draws every command that reaches into it, each clipped
 * to its own clip within area. */
static void ui_sdl_redraw_area(ui_sdl *r, ui_sdl_retained *k, const ui_context *ctx, ui_rect area,
                               ui_color background)
{
    /* the last opaque square fill that covers the whole area hides everything before it (the
     * window background, panels): start there and skip the clear, since SDL's fills write
     * around the cache and every pixel not written twice is time saved */
    int from = -1, iter = 0, i = 0;
    const ui_command *c;
    while (ui_command_next(ctx, &iter, &c)) {
        int at = i++;
        if (c->type == UI_CMD_RECT && c->color.a == 255 && c->radius <= 0 && c->thickness <= 0 &&
            ui_damage_contains(k->bounds[at], area))
            from = at;
    }
    SDL_Rect a = {area.x, area.y, area.w, area.h};
    if (from < 0) {
        SDL_RenderSetClipRect(r->renderer, &a);
        SDL_SetRenderDrawBlendMode(r->renderer, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(r->renderer, background.r, background.g, background.b, background.a);
        SDL_RenderFillRect(r->renderer, &a);
    }
    iter = 0;
    i = 0;
    while (ui_command_next(ctx, &iter, &c)) {
        int at = i++;
        if (at < from || ui_sdl_intersect(k->bounds[at], area).w <= 0) continue;
        ui_rect clip = ui_sdl_intersect(k->clips[at], area);
        SDL_Rect sc = {clip.x, clip.y, clip.w, clip.h};
        SDL_RenderSetClipRect(r->renderer, &sc);
        ui_sdl_draw(r, ctx, c);
    }
    r->stats.pixels_redrawn += (uint64_t)area.w * (uint64_t)area.h;
}

void ui_sdl_render_retained(ui_sdl *r, const ui_context *ctx, ui_color background)
{
    UI_ASSERT(r && ctx);
    int w = 0, h = 0;
    SDL_Texture *target = SDL_GetRenderTarget(r->renderer);
    if (target)
        SDL_QueryTexture(target, NULL, NULL, &w, &h);
    else
        SDL_GetRendererOutputSize(r->renderer, &w, &h);
    ui_sdl_retained *k =
        (r->targets || r->in_place) && w > 0 && h > 0 ? ui_sdl_kept(r, w, h) : NULL;
    if (!k || (!r->in_place && SDL_SetRenderTarget(r->renderer, k->canvas) != 0)) {
        SDL_SetRenderDrawColor(r->renderer, background.r, background.g, background.b, background.a);
        SDL_RenderClear(r->renderer);
        ui_sdl_render(r, ctx);
        return;
    }
    ui_sdl_damage_frame(r, k, ctx, background);
    int n = ui_damage_end(&k->damage, k->rects, UI_DAMAGE_MAX_RECTS);
    if (!ui_sdl_move(r, k)) {
        r->stats.failures++;
        k->rects[0] = ui_rect_make(0, 0, k->w, k->h);
        n = 1;
    }
    for (int i = 0; i < n; i++) ui_sdl_redraw_area(r, k, ctx, k->rects[i], background);
    if (n > 0) r->stats.retained_frames++;
    if (r->in_place) {
        SDL_RenderSetClipRect(r->renderer, NULL);
        return;
    }
    SDL_SetRenderTarget(r->renderer, target);
    SDL_RenderSetClipRect(r->renderer, NULL);
    SDL_RenderCopy(r->renderer, k->canvas, NULL, NULL);
}

/* ---- glue ---------------------------------------------------------------------------- */

static ui_key ui_sdl_key(SDL_Keycode k)
{
    if (k >= SDLK_a && k <= SDLK_z) return (ui_key)(UI_KEY_A + (k - SDLK_a));
    if (k >= SDLK_F1 && k <= SDLK_F12) return (ui_key)(UI_KEY_F1 + (k - SDLK_F1));
    switch (k) {
    case SDLK_TAB:
        return UI_KEY_TAB;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return UI_KEY_ENTER;
    case SDLK_ESCAPE:
        return UI_KEY_ESCAPE;
    case SDLK_BACKSPACE:
        return UI_KEY_BACKSPACE;
    case SDLK_DELETE:
        return UI_KEY_DELETE;
    case SDLK_LEFT:
        return UI_KEY_LEFT;
    case SDLK_RIGHT:
        return UI_KEY_RIGHT;
    case SDLK_UP:
        return UI_KEY_UP;
    case SDLK_DOWN:
        return UI_KEY_DOWN;
    case SDLK_HOME:
        return UI_KEY_HOME;
    case SDLK_END:
        return UI_KEY_END;
    case SDLK_PAGEUP:
        return UI_KEY_PAGEUP;
    case SDLK_PAGEDOWN:
        return UI_KEY_PAGEDOWN;
    case SDLK_SPACE:
        return UI_KEY_SPACE;
    default:
        return UI_KEY_NONE;
    }
}

static int ui_sdl_mods(Uint16 m)
{
    int mods = 0;
    if (m & KMOD_SHIFT) mods |= UI_MOD_SHIFT;
    if (m & KMOD_CTRL) mods |= UI_MOD_CTRL;
    if (m & KMOD_ALT) mods |= UI_MOD_ALT;
    if (m & KMOD_GUI) mods |= UI_MOD_SUPER;
    return mods;
}

static int ui_sdl_scaled(int v, float ratio)
{
    return (int)((float)v * ratio + 0.5f);
}

/* SDL gives the composition cursor in code points; the context wants bytes. */
static int ui_sdl_cp_to_byte(const char *s, int cps)
{
    int len = (int)strlen(s), i = 0;
    for (int k = 0; k < cps && i < len; k++) i = ui_utf8_next(s, len, i);
    return i;
}

bool ui_sdl_handle_event(ui_context *ctx, const SDL_Event *e, float pixel_ratio)
{
    switch (e->type) {
    case SDL_MOUSEMOTION:
        ui_input_mouse_move(ctx, ui_sdl_scaled(e->motion.x, pixel_ratio),
                            ui_sdl_scaled(e->motion.y, pixel_ratio));
        return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        ui_mouse_button b = e->button.button == SDL_BUTTON_LEFT    ? UI_MOUSE_LEFT
                            : e->button.button == SDL_BUTTON_RIGHT ? UI_MOUSE_RIGHT
                                                                   : UI_MOUSE_MIDDLE;
        ui_input_mouse_move(ctx, ui_sdl_scaled(e->button.x, pixel_ratio),
                            ui_sdl_scaled(e->button.y, pixel_ratio));
        ctx->mods = ui_sdl_mods((Uint16)SDL_GetModState()); /* shift+click extends a selection */
        ui_input_mouse_button(ctx, b, e->type == SDL_MOUSEBUTTONDOWN);
        return true;
    }
    case SDL_MOUSEWHEEL: {
        float dx = e->wheel.preciseX, dy = e->wheel.preciseY;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED) {
            dx = -dx;
            dy = -dy;
        }
        ui_input_scroll(ctx, dx, dy);
        return true;
    }
    case SDL_KEYDOWN:
    case SDL_KEYUP: {
        ui_key k = ui_sdl_key(e->key.keysym.sym);
        if (k == UI_KEY_NONE) {
            ctx->mods = ui_sdl_mods(e->key.keysym.mod);
            return false;
        }
        ui_input_key(ctx, k, ui_sdl_mods(e->key.keysym.mod), e->type == SDL_KEYDOWN);
        return true;
    }
    case SDL_TEXTINPUT:
        ui_input_text(ctx, e->text.text);
        ui_input_composition(ctx, "", 0);
        return true;
    case SDL_TEXTEDITING:
        ui_input_composition(ctx, e->edit.text, ui_sdl_cp_to_byte(e->edit.text, e->edit.start));
        return true;
#if SDL_VERSION_ATLEAST(2, 0, 22)
    case SDL_TEXTEDITING_EXT: /* the caller frees editExt.text, as SDL asks */
        ui_input_composition(ctx, e->editExt.text ? e->editExt.text : "",
                             e->editExt.text ? ui_sdl_cp_to_byte(e->editExt.text, e->editExt.start)
                                             : 0);
        return true;
#endif
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE) {
            ui_input_mouse_move(ctx, -1, -1);
            return true;
        }
        if (e->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
            /* a release we will never see must not leave a drag running */
            if (ctx->mouse_down & UI_MOUSE_LEFT) ui_input_mouse_button(ctx, UI_MOUSE_LEFT, false);
            ctx->mods = 0;
            return true;
        }
        return false;
    default:
        return false;
    }
}

static int ui_sdl_clipboard_get(void *user, char *buf, int cap)
{
    (void)user;
    if (!SDL_HasClipboardText()) return 0;
    char *text = SDL_GetClipboardText();
    if (!text) return 0;
    int n = (int)strlen(text);
    int copy = ui_min(n, cap - 1);
    memcpy(buf, text, (size_t)copy);
    buf[copy] = 0;
    SDL_free(text);
    return n;
}

static void ui_sdl_clipboard_set(void *user, const char *text)
{
    (void)user;
    SDL_SetClipboardText(text);
}

ui_clipboard ui_sdl_clipboard(void)
{
    ui_clipboard c = {ui_sdl_clipboard_get, ui_sdl_clipboard_set, NULL};
    return c;
}

void ui_sdl_update_text_input(const ui_context *ctx, float pixel_ratio)
{
    ui_rect caret;
    bool wanted = ui_text_input_wanted(ctx, &caret);
    if (wanted) {
        if (!SDL_IsTextInputActive()) SDL_StartTextInput();
        float k = pixel_ratio > 0.0f ? 1.0f / pixel_ratio : 1.0f;
        SDL_Rect r = {(int)((float)caret.x * k), (int)((float)caret.y * k),
                      ui_max(1, (int)((float)caret.w * k)), (int)((float)caret.h * k)};
        SDL_SetTextInputRect(&r);
    } else if (SDL_IsTextInputActive()) {
        SDL_StopTextInput();
    }
}

void ui_sdl_update_cursor(ui_sdl *r, const ui_context *ctx)
{
    int want = (int)ui_mouse_cursor(ctx);
    if (want == r->cursor_shown) return;
    static const SDL_SystemCursor ids[3] = {SDL_SYSTEM_CURSOR_ARROW, SDL_SYSTEM_CURSOR_IBEAM,
                                            SDL_SYSTEM_CURSOR_HAND};
    if (!r->cursors[want]) r->cursors[want] = SDL_CreateSystemCursor(ids[want]);
    if (r->cursors[want]) SDL_SetCursor(r->cursors[want]);
    r->cursor_shown = want;
}
