/* Fuzz target: any input msg_decode accepts must re-encode to exactly the same bytes (one
 * encoding per message), measure to its length, and decode again to the same message.
 *   make fuzz && build/fuzz/fuzz_msg -max_total_time=30 tests/fuzz/corpus/fuzz_msg */
#include "msg.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static msg first, second;
    static uint8_t buf[MSG_MAX_SIZE];
    bits_error why = BITS_OK;
    if (!msg_decode(data, size, &first, &why)) {
        if (why == BITS_OK || first.type != MSG_NONE) abort();
        return 0;
    }
    if (why != BITS_OK || !msg_type_known(first.type) || msg_channel(first.type) < 0) abort();
    size_t len = 0;
    if (!msg_encode(&first, buf, sizeof buf, &len)) abort();
    if (len != size || memcmp(buf, data, size) != 0) abort();
    if (msg_measure(&first) != len) abort();
    if (!msg_decode(buf, len, &second, NULL)) abort();
    if (memcmp(&first, &second, sizeof first) != 0) abort();
    return 0;
}
