/* bits.h — a bit cursor over a caller-owned buffer.
 *
 * One serialize function describes a message for all three modes: BITS_WRITE packs the
 * fields, BITS_READ unpacks and validates them, BITS_MEASURE counts the bits without a
 * buffer. Every call takes a pointer to the field, so the same code runs in each mode:
 *
 *     static bool chat_serialize(bits *b, chat_msg *m) {
 *         bits_uint(b, &m->room, 0, ROOM_MAX);
 *         bits_string(b, m->text, sizeof m->text, TEXT_MAX);
 *         return bits_ok(b);
 *     }
 *
 * Errors are sticky (as in ioquake3's msg.c): after the first failure every read yields
 * zero and the stream stays failed, so a message is checked once, at its end. Reads reject
 * out-of-range values and non-canonical encodings (over-long varints, non-zero padding,
 * invalid UTF-8), so each value has exactly one encoding.
 *
 * Bits are packed least-significant first within each byte. */
#ifndef PARLEY_BITS_H
#define PARLEY_BITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum bits_mode { BITS_WRITE, BITS_READ, BITS_MEASURE } bits_mode;

typedef enum bits_error {
    BITS_OK = 0,
    BITS_ERR_OVERFLOW, /* ran past the end of the buffer */
    BITS_ERR_RANGE,    /* a value outside its declared range */
    BITS_ERR_NONCANON, /* an encoding that is valid but not the canonical one */
    BITS_ERR_UTF8,     /* a string that is not valid UTF-8 (or holds a NUL) */
} bits_error;

typedef struct bits {
    uint8_t *buf; /* NULL when measuring */
    size_t cap;   /* capacity in bits */
    size_t pos;   /* cursor in bits */
    bits_mode mode;
    bits_error err; /* sticky */
} bits;

void bits_write_init(bits *b, void *buf, size_t bytes);
void bits_read_init(bits *b, const void *buf, size_t bytes);
void bits_measure_init(bits *b);

static inline bool bits_ok(const bits *b)
{
    return b->err == BITS_OK;
}
static inline bool bits_reading(const bits *b)
{
    return b->mode == BITS_READ;
}
/* Marks the stream failed (a serializer's own semantic check); the first error sticks. */
void bits_fail(bits *b, bits_error err);

/* Raw field of n bits (0..32). */
bool bits_raw(bits *b, uint32_t *v, unsigned n);
bool bits_raw64(bits *b, uint64_t *v, unsigned n);
bool bits_bool(bits *b, bool *v);
/* An integer in [min, max], sent in exactly the bits the range needs. */
bool bits_uint(bits *b, uint32_t *v, uint32_t min, uint32_t max);
/* Unsigned varint: 7-bit groups, each led by a continuation bit; up to 64 bits. */
bool bits_varint(bits *b, uint64_t *v);
bool bits_varint32(bits *b, uint32_t *v, uint32_t max);
/* Pads to a byte boundary with zero bits (reading: the padding must be zero). */
bool bits_align(bits *b);
/* n raw bytes, byte-aligned first. */
bool bits_bytes(bits *b, void *p, size_t n);
/* A byte string of length 0..max (length as a ranged integer, then the bytes). */
bool bits_blob(bits *b, void *p, size_t *len, size_t max);
/* A NUL-terminated UTF-8 string of at most max bytes; cap is the buffer size (> max). */
bool bits_string(bits *b, char *s, size_t cap, size_t max);

/* Bytes the cursor has touched, rounded up. */
static inline size_t bits_bytes_used(const bits *b)
{
    return (b->pos + 7) / 8;
}
/* Whole bytes left after the cursor (reading). */
static inline size_t bits_bytes_left(const bits *b)
{
    size_t used = bits_bytes_used(b) * 8;
    return used >= b->cap ? 0 : (b->cap - used) / 8;
}
/* Reading: aligns and requires that nothing is left. */
bool bits_end(bits *b);

/* Number of bits needed for values 0..range. */
unsigned bits_width(uint32_t range);
/* True when s[0..len) is valid UTF-8 without NUL, overlongs or surrogates. */
bool bits_utf8_valid(const char *s, size_t len);
const char *bits_error_name(bits_error err);

#endif
