/* app_index.c — an open-addressing index from a key's hash to a table slot (linear probing,
 * deletion by backward shift, so no tombstones pile up as sessions come and go). */
#include "app_internal.h"

#include <assert.h>
#include <stdlib.h>

bool app_index_init(app_index *ix, uint32_t max_items)
{
    /* At most half full keeps probe runs short. */
    uint32_t size = 16;
    while (size < max_items * 2u) size *= 2u;
    ix->e = malloc(sizeof *ix->e * size);
    if (!ix->e) return false;
    for (uint32_t i = 0; i < size; i++) ix->e[i] = (app_index_entry){0, -1};
    ix->mask = size - 1;
    return true;
}

void app_index_free(app_index *ix)
{
    free(ix->e);
    ix->e = NULL;
}

int32_t app_index_find(const app_index *ix, uint32_t hash, app_index_eq eq, const app *a,
                       const void *key)
{
    for (uint32_t i = hash & ix->mask;; i = (i + 1) & ix->mask) {
        const app_index_entry *e = &ix->e[i];
        if (e->slot < 0) return -1;
        if (e->hash == hash && eq(a, e->slot, key)) return e->slot;
    }
}

void app_index_insert(app_index *ix, uint32_t hash, int32_t slot)
{
    assert(slot >= 0);
    uint32_t i = hash & ix->mask;
    while (ix->e[i].slot >= 0) i = (i + 1) & ix->mask;
    ix->e[i] = (app_index_entry){hash, slot};
}

void app_index_remove(app_index *ix, uint32_t hash, int32_t slot)
{
    uint32_t i = hash & ix->mask;
    while (ix->e[i].slot != slot) {
        assert(ix->e[i].slot >= 0); /* removing what was never inserted */
        i = (i + 1) & ix->mask;
    }
    /* Backward shift: pull later entries of the run into the hole when their home allows. */
    for (uint32_t j = (i + 1) & ix->mask; ix->e[j].slot >= 0; j = (j + 1) & ix->mask) {
        uint32_t home = ix->e[j].hash & ix->mask;
        bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
            ix->e[i] = ix->e[j];
            i = j;
        }
    }
    ix->e[i] = (app_index_entry){0, -1};
}

uint32_t app_hash_u32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

bool app_name_eq(const char *x, const char *y)
{
    for (;; x++, y++) {
        unsigned cx = (unsigned char)*x, cy = (unsigned char)*y;
        if (cx >= 'A' && cx <= 'Z') cx += 32u;
        if (cy >= 'A' && cy <= 'Z') cy += 32u;
        if (cx != cy) return false;
        if (!cx) return true;
    }
}

uint32_t app_hash_name(const char *name)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned c = *p >= 'A' && *p <= 'Z' ? *p + 32u : *p;
        h = (h ^ c) * 16777619u;
    }
    return h;
}
