/* audio_ring.h — a lock-free ring of 16-bit samples for one producer and one consumer.
 *
 * The audio device callback (its own thread) and the client loop hand samples to each other
 * through these rings: capture is written by the callback and read by the loop, playback the
 * other way round. Exactly one thread writes and one thread reads; neither ever blocks or
 * allocates. The caller owns the buffer, whose capacity is a power of two.
 *
 * The indices only grow (wrapping as unsigned 32-bit numbers do; the capacity is at most
 * 2^30); the writer publishes its index with a release store after copying, the reader
 * acquires it before copying, and the same the other way round, so a sample is never read
 * before it is written nor overwritten before it is read. C11 atomics where the compiler has
 * them (ThreadSanitizer can check those); SDL's atomics, full barriers, where it does not
 * (MSVC's C11 mode defines __STDC_NO_ATOMICS__). */
#ifndef PARLEY_AUDIO_RING_H
#define PARLEY_AUDIO_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if !defined(__STDC_NO_ATOMICS__)
#include <stdatomic.h>
typedef _Atomic uint32_t aud_ring_index;
#else
#include <SDL_atomic.h>
typedef SDL_atomic_t aud_ring_index;
#endif

typedef struct aud_ring {
    int16_t *buf;
    size_t cap;          /* power of two */
    aud_ring_index head; /* samples ever written, mod 2^32; changed by the producer only */
    aud_ring_index tail; /* samples ever read, mod 2^32; changed by the consumer only */
} aud_ring;

#define AUD_RING_MAX ((size_t)1 << 30)

/* cap must be a power of two, at most AUD_RING_MAX (asserted). */
void aud_ring_init(aud_ring *r, int16_t *buf, size_t cap);
/* Producer: copies up to n samples in; returns how many fit. */
size_t aud_ring_write(aud_ring *r, const int16_t *src, size_t n);
/* Consumer: copies up to n samples out; returns how many there were. */
size_t aud_ring_read(aud_ring *r, int16_t *dst, size_t n);
/* Consumer: drops up to n samples; returns how many. */
size_t aud_ring_skip(aud_ring *r, size_t n);
size_t aud_ring_readable(const aud_ring *r);
size_t aud_ring_writable(const aud_ring *r);
/* Empties the ring; only while neither side is running. */
void aud_ring_reset(aud_ring *r);

#endif
