/* voice_wire.c — the voice frame message: see voice_wire.h for the layout. */
#include "voice_wire.h"

#include <assert.h>

bool vw_serialize(bits *b, vw_frame *f, vw_dir dir)
{
    bits_uint(b, &f->mode, 0, VW_MODE_COUNT - 1);
    bits_uint(b, &f->target, 0, VW_TARGET_CALL);
    bits_uint(b, &f->seq, 0, VW_SEQ_MOD - 1);
    if (dir == VW_DOWN) {
        bits_varint32(b, &f->sender, UINT32_MAX);
        if (bits_ok(b) && f->sender == 0) bits_fail(b, BITS_ERR_RANGE);
    }
    if (bits_reading(b)) f->len = bits_ok(b) ? bits_bytes_left(b) : 0;
    if (bits_ok(b) && (f->len == 0 || f->len > VW_MAX_PAYLOAD)) bits_fail(b, BITS_ERR_RANGE);
    if (!bits_ok(b)) {
        if (bits_reading(b)) f->len = 0;
        return false;
    }
    bits_bytes(b, f->payload, f->len);
    return bits_end(b);
}

size_t vw_write(const vw_frame *f, vw_dir dir, uint8_t *out, size_t cap)
{
    assert(f->mode < VW_MODE_COUNT && f->target <= VW_TARGET_CALL && f->seq < VW_SEQ_MOD);
    assert(f->len >= 1 && f->len <= VW_MAX_PAYLOAD);
    assert(dir == VW_UP || f->sender != 0);
    bits b;
    bits_write_init(&b, out, cap);
    if (!vw_serialize(&b, (vw_frame *)f, dir)) return 0;
    return bits_bytes_used(&b);
}

bool vw_read(const uint8_t *data, size_t len, vw_dir dir, vw_frame *f, bits_error *why)
{
    bits b;
    bits_read_init(&b, data, len);
    bool ok = vw_serialize(&b, f, dir);
    if (why) *why = b.err;
    return ok;
}

size_t vw_measure(const vw_frame *f, vw_dir dir)
{
    bits b;
    bits_measure_init(&b);
    if (!vw_serialize(&b, (vw_frame *)f, dir)) return 0;
    return bits_bytes_used(&b);
}

size_t vw_relay(const uint8_t *up, size_t up_len, uint32_t sender, uint8_t *out, size_t cap,
                vw_target *target)
{
    assert(sender != 0);
    vw_frame f;
    if (!vw_read(up, up_len, VW_UP, &f, NULL)) return 0;
    f.sender = sender;
    if (target) *target = (vw_target)f.target;
    return vw_write(&f, VW_DOWN, out, cap);
}

const char *vw_mode_name(vw_mode m)
{
    switch (m) {
    case VW_MODE_NB:
        return "narrowband 8 kHz";
    case VW_MODE_WB:
        return "wideband 16 kHz";
    case VW_MODE_UWB:
        return "ultra-wideband 32 kHz";
    case VW_MODE_COUNT:
        break;
    }
    return "unknown";
}
