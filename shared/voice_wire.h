/* voice_wire.h — the voice frame message carried on CONN_CH_VOICE.
 *
 * One message is one 20 ms Speex frame. The header is one byte, so a wideband frame at
 * quality 8 (70 bytes) costs 71 bytes of message; with the transport's 4-byte header, the
 * 16-byte tag and IPv4 + UDP (28 bytes) that is 119 bytes, 50 times a second: 47.6 kbit/s.
 * docs/VOICE.md has the full budget per mode.
 *
 *  client -> server (VW_UP)
 *    +--------+--------+---------+--------------------------------------+
 *    | mode:2 | tgt:1  | seq:5   | Speex frame, 1..VW_MAX_PAYLOAD bytes  |
 *    +--------+--------+---------+--------------------------------------+
 *     bit 0-1   bit 2    bit 3-7   byte 1 .. end of the message
 *
 *  server -> client (VW_DOWN): the same first byte, then the sender's user id, then the
 *  unchanged Speex frame
 *    | mode:2 | tgt:1 | seq:5 | sender v32 (non-zero) | Speex frame ... |
 *
 *  mode    u[0..2]: VW_MODE_NB (8 kHz), VW_MODE_WB (16 kHz), VW_MODE_UWB (32 kHz). The value 3
 *          is reserved for a future extended header and is rejected.
 *  tgt     0: the sender's voice room, 1: the sender's 1:1 call. The server decides who
 *          hears it; a receiver uses it to show which conversation is speaking.
 *  seq     the sender's frame counter modulo 32. It counts 20 ms frames whether or not they
 *          were sent, so the gap after a silence (no packets) shows as a jump. Receivers
 *          extend it to a full counter from arrival times (see voice_dec.c).
 *  sender  varint (bits.h), 1 byte for user ids below 128.
 *  payload runs to the end of the message (the transport keeps message boundaries), so it
 *          has no length field. It is never parsed here: the server relays it untouched.
 *
 * Encoding follows bits.h (least-significant bit first), and each message has exactly one
 * encoding: a reader rejects mode 3, sender 0, an over-long varint, an empty payload and
 * one over VW_MAX_PAYLOAD bytes. vw_serialize is the one description used to write, read
 * and measure. */
#ifndef PARLEY_VOICE_WIRE_H
#define PARLEY_VOICE_WIRE_H

#include "bits.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum vw_mode { VW_MODE_NB = 0, VW_MODE_WB = 1, VW_MODE_UWB = 2, VW_MODE_COUNT = 3 } vw_mode;
typedef enum vw_target { VW_TARGET_ROOM = 0, VW_TARGET_CALL = 1 } vw_target;
typedef enum vw_dir { VW_UP = 0, VW_DOWN = 1 } vw_dir;

#define VW_SEQ_BITS    5
#define VW_SEQ_MOD     (1u << VW_SEQ_BITS)
#define VW_MAX_PAYLOAD 256 /* Speex's largest frame (UWB, quality 10) is 110 bytes */
#define VW_HEADER_UP   1
#define VW_MAX_UP      (VW_HEADER_UP + VW_MAX_PAYLOAD)
#define VW_MAX_DOWN    (VW_HEADER_UP + 5 + VW_MAX_PAYLOAD)

typedef struct vw_frame {
    uint32_t mode;   /* vw_mode */
    uint32_t target; /* vw_target */
    uint32_t seq;    /* 0..VW_SEQ_MOD-1 */
    uint32_t sender; /* VW_DOWN only: the speaker's user id, non-zero */
    size_t len;      /* payload bytes, 1..VW_MAX_PAYLOAD */
    uint8_t payload[VW_MAX_PAYLOAD];
} vw_frame;

/* The message for all three bits.h modes. On reading, the payload is the rest of the
 * stream. */
bool vw_serialize(bits *b, vw_frame *f, vw_dir dir);

/* Writes the message; returns its length, 0 when a field is out of range (a caller's bug is
 * also asserted) or cap is too small. */
size_t vw_write(const vw_frame *f, vw_dir dir, uint8_t *out, size_t cap);
/* Reads and validates a message; false on anything malformed, with the reason in *why
 * (may be NULL). */
bool vw_read(const uint8_t *data, size_t len, vw_dir dir, vw_frame *f, bits_error *why);
size_t vw_measure(const vw_frame *f, vw_dir dir);

/* Server relay: turns a client's message into the one its listeners get, adding the sender's
 * id. Returns the new length (0 when the client's message is malformed: drop it) and the
 * frame's target in *target. The payload is copied, not decoded. */
size_t vw_relay(const uint8_t *up, size_t up_len, uint32_t sender, uint8_t *out, size_t cap,
                vw_target *target);

const char *vw_mode_name(vw_mode m);

#endif
