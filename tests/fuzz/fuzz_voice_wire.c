/* Fuzz target: voice frame messages in both directions. Anything vw_read accepts must write
 * back to exactly the same bytes (one encoding per message) and measure to its length; an
 * accepted client message must relay to a server message that reads back the same; and
 * every message goes into a voice engine's receive path and is played. Random bytes rarely
 * form a valid Speex frame (and libspeex is not instrumented, so the fuzzer cannot steer
 * into it), so the input is also used as the content bits of a frame whose layer headers
 * are made valid: Speex then decodes arbitrary bits in every sub-mode, as it would from a
 * hostile sender.
 *   make fuzz && build/fuzz/fuzz_voice_wire -max_total_time=30 */
#include "voice_engine.h"
#include "voice_wire.h"

#include <speex/speex.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_dir(const uint8_t *data, size_t size, vw_dir dir)
{
    static vw_frame f, g;
    static uint8_t buf[VW_MAX_DOWN + 16];
    bits_error why = BITS_OK;
    if (!vw_read(data, size, dir, &f, &why)) {
        if (why == BITS_OK) abort();
        return;
    }
    size_t n = vw_write(&f, dir, buf, sizeof buf);
    if (n != size || memcmp(buf, data, size) != 0) abort();
    if (vw_measure(&f, dir) != size) abort();
    if (dir == VW_UP) {
        vw_target t;
        size_t m = vw_relay(data, size, 12345, buf, sizeof buf, &t);
        if (m == 0 || !vw_read(buf, m, VW_DOWN, &g, NULL)) abort();
        if (g.sender != 12345 || g.mode != f.mode || g.seq != f.seq || g.target != t ||
            g.len != f.len || memcmp(g.payload, f.payload, f.len) != 0)
            abort();
    }
}

/* Builds a valid Speex frame of a mode chosen by the input, with content bits from it. */
static bool fuzz_make_frame(const uint8_t *data, size_t size, vw_frame *f)
{
    static const SpeexMode *const layers[3] = {&speex_nb_mode, &speex_wb_mode, &speex_uwb_mode};
    if (size < 4) return false;
    memset(f, 0, sizeof *f);
    f->mode = data[0] % 3;
    f->seq = (uint32_t)(data[0] >> 2) % VW_SEQ_MOD;
    f->sender = 1u + data[1] % 3;
    size_t pos = 0, src = 32; /* bit positions: out, and in the input after 4 bytes */
    for (uint32_t layer = 0; layer <= f->mode; layer++) {
        unsigned sub_bits = layer == 0 ? 4 : 3;
        int sub = data[1 + layer] % (layer == 0 ? 9 : 8), nbits = sub;
        if (speex_mode_query(layers[layer], SPEEX_SUBMODE_BITS_PER_FRAME, &nbits) != 0 ||
            nbits <= 0) {
            sub = 0;
            nbits = 0;
            speex_mode_query(layers[layer], SPEEX_SUBMODE_BITS_PER_FRAME, &nbits);
        }
        if (pos + (size_t)nbits + 8 > VW_MAX_PAYLOAD * 8) return false;
        uint32_t head = (layer ? 1u : 0u) << sub_bits | (uint32_t)sub;
        for (unsigned i = 0; i <= sub_bits; i++, pos++)
            if (head >> (sub_bits - i) & 1u) f->payload[pos >> 3] |= (uint8_t)(0x80u >> (pos & 7));
        for (int i = (int)sub_bits + 1; i < nbits; i++, pos++, src++) {
            unsigned bit = data[(src / 8) % size] >> (7 - src % 8) & 1u;
            if (bit) f->payload[pos >> 3] |= (uint8_t)(0x80u >> (pos & 7));
        }
    }
    if (pos & 7) { /* the terminator: 0, then ones */
        for (pos++; pos & 7; pos++) f->payload[pos >> 3] |= (uint8_t)(0x80u >> (pos & 7));
    }
    f->len = pos / 8;
    if (!vc_codec_check_frame((vw_mode)f->mode, f->payload, f->len)) abort();
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static vc_engine *engine;
    static double now;
    static int16_t out[960];
    if (!engine) {
        vc_engine_config c = vc_engine_default_config();
        c.dec.mode = VW_MODE_UWB; /* the widest decoder reads every layer */
        engine = vc_engine_create(&c);
        if (!engine) abort();
    }
    fuzz_check_dir(data, size, VW_UP);
    fuzz_check_dir(data, size, VW_DOWN);
    now += 0.02;
    vc_engine_receive(engine, data, size, now);
    static vw_frame made;
    static uint8_t msg[VW_MAX_DOWN];
    if (fuzz_make_frame(data, size, &made)) {
        /* It may be refused as late or as a duplicate, never as invalid. */
        vc_sender_info before = {0}, after = {0};
        vc_engine_sender(engine, made.sender, &before);
        size_t n = vw_write(&made, VW_DOWN, msg, sizeof msg);
        if (n == 0) abort();
        vc_engine_receive(engine, msg, n, now);
        if (!vc_engine_sender(engine, made.sender, &after) &&
            vc_engine_senders(engine, NULL, 0) < 32)
            abort();
        if (after.id == made.sender && after.invalid != before.invalid) abort();
    }
    vc_engine_playback(engine, out, 960, now);
    return 0;
}
