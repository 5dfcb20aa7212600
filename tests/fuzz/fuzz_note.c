/* Fuzz target: the voice-note container and its decoder, as the server and clients meet it
 * from the network or the store. Whatever vn_parse accepts must walk to exactly its frames
 * and rebuild to the same bytes with vn_writer, and decode (cl_note_decode) to frames * frame
 * size samples; whatever it refuses must be refused by the decoder too, and the frame walk
 * must never read outside the buffer either way. The chunk assembler gets the input cut into
 * NOTE_DATA chunks of a size taken from the first byte.
 *   make fuzz && build/fuzz/fuzz_note -max_total_time=30 tests/fuzz/corpus/fuzz_note */
#include "cl_note.h"
#include "voice_codec.h"
#include "voice_note.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int16_t pcm[VN_MAX_FRAMES * VC_MAX_FRAME];
static uint8_t rebuilt[VN_MAX_BYTES];
static cl_note_rx rx;
static msg_note_data chunk;

static void fuzz_note_rx(const uint8_t *data, size_t size)
{
    if (size == 0 || size > VN_MAX_BYTES) return;
    size_t step = 1 + (size_t)data[0] * 97 % MSG_NOTE_CHUNK;
    cl_note_rx_begin(&rx, 1, 2);
    cl_note_rx_state st = CL_NOTE_RX_MORE;
    for (size_t off = 0; off < size && st == CL_NOTE_RX_MORE; off += step) {
        chunk.req = 1;
        chunk.server_id = 2;
        chunk.total = (uint32_t)size;
        chunk.offset = (uint32_t)off;
        chunk.len = (uint32_t)(size - off < step ? size - off : step);
        memcpy(chunk.data, data + off, chunk.len);
        st = cl_note_rx_feed(&rx, &chunk);
    }
    bool valid = vn_parse(data, size, NULL) == VN_OK;
    if ((st == CL_NOTE_RX_DONE) != valid) abort();
    if (valid && memcmp(rx.data, data, size) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vn_info info;
    vn_error e = vn_parse(data, size, &info);
    size_t pos = 0, frames = 0;
    const uint8_t *f;
    size_t flen;
    vn_writer w;
    bool rebuild = e == VN_OK && vn_write_begin(&w, rebuilt, sizeof rebuilt, info.mode);
    while (vn_next_frame(data, size, &pos, &f, &flen)) {
        if (f < data || f + flen > data + size || flen == 0) abort();
        if (rebuild && !vn_write_frame(&w, f, flen)) abort();
        if (++frames > size) abort();
    }
    size_t samples = 0;
    int rate = 0;
    bool decoded =
        cl_note_decode(data, size, pcm, sizeof pcm / sizeof pcm[0], &samples, &rate, NULL);
    if (decoded != (e == VN_OK)) abort();
    if (e == VN_OK) {
        if (frames != info.frames || pos != size) abort();
        if (vn_write_end(&w) != size || memcmp(rebuilt, data, size) != 0) abort();
        if (samples != info.frames * vc_codec_frame(info.mode)) abort();
        if (rate != vc_codec_rate(info.mode)) abort();
    }
    fuzz_note_rx(data, size);
    return 0;
}
