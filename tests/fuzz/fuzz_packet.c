/* libFuzzer: sealed-packet decoding. The input is sealed under the connection's real key
 * (so the fuzzer explores the body parser, acks, fragments and channel storage, not just the
 * tag check), and also fed raw. The connection must never crash, and must stay usable. */
#include "conn.h"

#include <sodium.h>
#include <string.h>

static void fuzz_drop(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    (void)user, (void)to, (void)data, (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t rx[PKT_KEY_BYTES], tx[PKT_KEY_BYTES], cpk[PKT_PK_BYTES];
    static bool ready;
    if (!ready) {
        if (sodium_init() < 0) return 0;
        memset(rx, 1, sizeof rx);
        memset(tx, 2, sizeof tx);
        ready = true;
    }
    net_addr peer = net_addr_make(0x7f000001, 7000);
    conn *c = conn_create_accepted(NULL, &peer, cpk, rx, tx, (const uint8_t *)"", 0, fuzz_drop,
                                   NULL, 0.0);
    if (!c) return 0;
    /* split the input into several bodies at 0xff 0xfe markers */
    uint64_t seq = 0;
    double now = 0.001;
    size_t start = 0;
    uint8_t wire[PKT_MAX_SIZE];
    for (size_t i = 0; i <= size; i++) {
        bool cut = i == size || (i + 1 < size && data[i] == 0xff && data[i + 1] == 0xfe);
        if (!cut) continue;
        size_t n = i - start;
        if (n + PKT_OVERHEAD <= sizeof wire) {
            size_t w = pkt_seal(PKT_PAYLOAD, seq++, rx, data + start, n, wire, sizeof wire);
            conn_on_packet(c, wire, w, now);
            conn_on_packet(c, data + start, n, now); /* and raw */
        }
        now += 0.001;
        conn_update(c, now);
        uint8_t out[CONN_MAX_MESSAGE];
        size_t len;
        for (int ch = 0; ch < CONN_CH_COUNT; ch++)
            while (conn_receive(c, ch, out, sizeof out, &len) == 1) {
            }
        start = i + 2;
    }
    conn_destroy(c);
    return 0;
}
