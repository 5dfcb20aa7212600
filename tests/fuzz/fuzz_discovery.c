/* Fuzz target: discovery probes and replies. Whatever the bytes, the readers either reject
 * them or accept exactly one canonical encoding (re-encoding gives the same bytes), and a
 * server's reply is never longer than the datagram that caused it.
 *   make fuzz && build/fuzz/fuzz_discovery -max_total_time=30 tests/fuzz/corpus/fuzz_discovery */
#include "discovery.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t nonce[DISC_NONCE_BYTES], out[DISC_PROBE_SIZE];
    if (disc_read_probe(data, size, nonce)) {
        if (size != DISC_PROBE_SIZE) abort();
        if (disc_write_probe(nonce, out, sizeof out) != size || memcmp(out, data, size)) abort();
        disc_info info = {.name = "fuzz server", .port = 7777, .users = 1, .version = "0.1.0"};
        size_t n = disc_build_reply(data, size, &info, out, sizeof out);
        if (n == 0 || n > size) abort();
        disc_reply r;
        if (!disc_read_reply(out, n, &r) || memcmp(r.nonce, nonce, sizeof nonce)) abort();
    }
    disc_reply r;
    if (disc_read_reply(data, size, &r)) {
        if (size > DISC_PROBE_SIZE || size < DISC_REPLY_MIN) abort();
        size_t n = disc_write_reply(&r, out, sizeof out);
        if (n != size || memcmp(out, data, size)) abort();
        if (!r.name[0] || strlen(r.name) > DISC_NAME_MAX) abort();
    } else if (r.name[0] || r.version[0] || r.port || r.users) {
        abort(); /* a rejected reply leaves nothing behind */
    }
    /* the server's path on arbitrary input */
    disc_info info = {.name = "a name longer than the thirty-two bytes discovery carries",
                      .port = 1,
                      .users = 2,
                      .version = "a version that is also far too long"};
    size_t n = disc_build_reply(data, size, &info, out, sizeof out);
    if (n > size) abort();
    return 0;
}
