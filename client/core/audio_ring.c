/* audio_ring.c — single-producer single-consumer sample ring: see audio_ring.h. */
#include "audio_ring.h"

#include <assert.h>
#include <string.h>

#if !defined(__STDC_NO_ATOMICS__)
static uint32_t aud_ring_load(const aud_ring_index *a)
{
    return atomic_load_explicit((aud_ring_index *)a, memory_order_acquire);
}

static void aud_ring_store(aud_ring_index *a, uint32_t v)
{
    atomic_store_explicit(a, v, memory_order_release);
}
#else
static uint32_t aud_ring_load(const aud_ring_index *a)
{
    return (uint32_t)SDL_AtomicGet((aud_ring_index *)a);
}

static void aud_ring_store(aud_ring_index *a, uint32_t v)
{
    SDL_AtomicSet(a, (int)v);
}
#endif

void aud_ring_init(aud_ring *r, int16_t *buf, size_t cap)
{
    assert(buf && cap && cap <= AUD_RING_MAX && (cap & (cap - 1)) == 0);
    r->buf = buf;
    r->cap = cap;
    aud_ring_store(&r->head, 0);
    aud_ring_store(&r->tail, 0);
}

size_t aud_ring_readable(const aud_ring *r)
{
    uint32_t head = aud_ring_load(&r->head), tail = aud_ring_load(&r->tail);
    return (size_t)(uint32_t)(head - tail);
}

size_t aud_ring_writable(const aud_ring *r)
{
    return r->cap - aud_ring_readable(r);
}

size_t aud_ring_write(aud_ring *r, const int16_t *src, size_t n)
{
    uint32_t head = aud_ring_load(&r->head), tail = aud_ring_load(&r->tail);
    size_t space = r->cap - (size_t)(uint32_t)(head - tail);
    if (n > space) n = space;
    size_t at = head & (r->cap - 1);
    size_t first = r->cap - at < n ? r->cap - at : n;
    memcpy(r->buf + at, src, first * sizeof *src);
    memcpy(r->buf, src + first, (n - first) * sizeof *src);
    aud_ring_store(&r->head, head + (uint32_t)n);
    return n;
}

static size_t aud_ring_take(aud_ring *r, int16_t *dst, size_t n)
{
    uint32_t tail = aud_ring_load(&r->tail), head = aud_ring_load(&r->head);
    size_t avail = (size_t)(uint32_t)(head - tail);
    if (n > avail) n = avail;
    if (dst) {
        size_t at = tail & (r->cap - 1);
        size_t first = r->cap - at < n ? r->cap - at : n;
        memcpy(dst, r->buf + at, first * sizeof *dst);
        memcpy(dst + first, r->buf, (n - first) * sizeof *dst);
    }
    aud_ring_store(&r->tail, tail + (uint32_t)n);
    return n;
}

size_t aud_ring_read(aud_ring *r, int16_t *dst, size_t n)
{
    assert(dst || n == 0);
    return aud_ring_take(r, dst, n);
}

size_t aud_ring_skip(aud_ring *r, size_t n)
{
    return aud_ring_take(r, NULL, n);
}

void aud_ring_reset(aud_ring *r)
{
    aud_ring_store(&r->head, 0);
    aud_ring_store(&r->tail, 0);
}
