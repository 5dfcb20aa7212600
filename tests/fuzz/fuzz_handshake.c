/* libFuzzer: every handshake decoder, the server's handshake handler (from many addresses)
 * and a client in each handshake state. Nothing may crash, and nothing the host sends may
 * exceed what the address sent before it is authenticated. */
#include "host.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fuzz_in[256], fuzz_out[256];

static void fuzz_count(void *user, const net_addr *to, const uint8_t *data, size_t len)
{
    (void)user, (void)data;
    fuzz_out[to->port & 255] += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static host *h;
    if (!h) {
        if (sodium_init() < 0) return 0;
        host_config hc = {.max_conns = 16};
        uint8_t pk[32], seed[32] = {7};
        crypto_sign_seed_keypair(pk, hc.identity_sk, seed);
        h = host_create(&hc, fuzz_count, NULL);
        if (!h) return 0;
    }
    pkt_hello hello;
    pkt_accept acc;
    pkt_deny_reason why;
    uint8_t cookie[PKT_COOKIE_BYTES];
    (void)pkt_read_hello(PKT_REQUEST, data, size, &hello);
    (void)pkt_read_hello(PKT_RESPONSE, data, size, &hello);
    (void)pkt_read_challenge(data, size, cookie);
    if (pkt_read_accept(data, size, &acc)) (void)pkt_accept_verify(&acc, hello.client_pk);
    (void)pkt_read_deny(data, size, &why);

    /* the host: the first byte picks the address */
    if (size > 0) {
        memset(fuzz_in, 0, sizeof fuzz_in);
        memset(fuzz_out, 0, sizeof fuzz_out);
        net_addr from = net_addr_make(0x7f000001, data[0]);
        fuzz_in[data[0]] += size - 1;
        host_on_packet(h, &from, data + 1, size - 1, 1.0);
        host_update(h, 1.0);
        /* nothing can authenticate from fuzz input, so every reply counts */
        if (fuzz_out[data[0]] > fuzz_in[data[0]]) abort();
    }

    /* a client in each handshake state */
    net_addr server = net_addr_make(0x7f000001, 7777);
    conn *c = conn_create_client(NULL, &server, fuzz_count, NULL, 0.0);
    if (!c) return 0;
    conn_on_packet(c, data, size, 0.01);
    uint8_t ch[PKT_CHALLENGE_SIZE] = {PKT_CHALLENGE};
    conn_on_packet(c, ch, sizeof ch, 0.02); /* now responding */
    conn_on_packet(c, data, size, 0.03);
    conn_update(c, 0.2);
    conn_destroy(c);
    return 0;
}
