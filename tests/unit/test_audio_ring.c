/* Sample ring: wrap-around, partial reads and writes, and two threads (a producer writing
 * a counting sequence in uneven blocks, a consumer checking it) without a lost, repeated or
 * torn sample. */
#include "audio_ring.h"
#include "../test.h"

#include <pthread.h>
#include <sched.h>

static void test_wrap_and_partial(void)
{
    int16_t buf[8], out[8];
    aud_ring r;
    aud_ring_init(&r, buf, 8);
    int16_t a[6] = {1, 2, 3, 4, 5, 6};
    CHECK_EQ(aud_ring_write(&r, a, 6), 6);
    CHECK_EQ(aud_ring_readable(&r), 6);
    CHECK_EQ(aud_ring_writable(&r), 2);
    CHECK_EQ(aud_ring_read(&r, out, 4), 4);
    CHECK(out[0] == 1 && out[3] == 4);
    CHECK_EQ(aud_ring_write(&r, a, 6), 6); /* wraps: 5 6 | 1 2 3 4 5 6 */
    CHECK_EQ(aud_ring_write(&r, a, 6), 0); /* full */
    CHECK_EQ(aud_ring_skip(&r, 1), 1);
    CHECK_EQ(aud_ring_read(&r, out, 8), 7);
    int16_t want[7] = {6, 1, 2, 3, 4, 5, 6};
    CHECK(memcmp(out, want, sizeof want) == 0);
    CHECK_EQ(aud_ring_read(&r, out, 8), 0);
    aud_ring_reset(&r);
    CHECK_EQ(aud_ring_writable(&r), 8);
}

#define RING_TOTAL 4000000u

typedef struct ring_job {
    aud_ring *r;
    uint32_t errors;
    uint64_t done;
} ring_job;

static void *ring_producer(void *arg)
{
    ring_job *j = arg;
    int16_t block[97];
    uint32_t next = 0, size = 1;
    while (next < RING_TOTAL) {
        size = size * 7 % 97 + 1; /* uneven block sizes 1..97 */
        uint32_t n = size;
        if (n > RING_TOTAL - next) n = RING_TOTAL - next;
        for (uint32_t i = 0; i < n; i++) block[i] = (int16_t)(uint16_t)(next + i);
        size_t put = aud_ring_write(j->r, block, n);
        next += (uint32_t)put;
        if (put == 0) sched_yield();
    }
    j->done = next;
    return NULL;
}

static void *ring_consumer(void *arg)
{
    ring_job *j = arg;
    int16_t block[61];
    uint32_t expect = 0, size = 1;
    while (expect < RING_TOTAL) {
        size = size * 5 % 61 + 1;
        size_t got = aud_ring_read(j->r, block, size);
        for (size_t i = 0; i < got; i++) {
            if (block[i] != (int16_t)(uint16_t)expect) j->errors++;
            expect++;
        }
        if (got == 0) sched_yield();
    }
    j->done = expect;
    return NULL;
}

static void test_two_threads(void)
{
    static int16_t buf[256]; /* small, so the two sides meet and wrap constantly */
    aud_ring r;
    aud_ring_init(&r, buf, 256);
    ring_job prod = {&r, 0, 0}, cons = {&r, 0, 0};
    pthread_t tp, tc;
    CHECK_EQ(pthread_create(&tc, NULL, ring_consumer, &cons), 0);
    CHECK_EQ(pthread_create(&tp, NULL, ring_producer, &prod), 0);
    pthread_join(tp, NULL);
    pthread_join(tc, NULL);
    printf("  %llu samples through a 256-sample ring, %u out of sequence\n",
           (unsigned long long)cons.done, cons.errors);
    CHECK_EQ(prod.done, RING_TOTAL);
    CHECK_EQ(cons.done, RING_TOTAL);
    CHECK_EQ(cons.errors, 0);
    CHECK_EQ(aud_ring_readable(&r), 0);
}

int main(void)
{
    TEST_RUN(test_wrap_and_partial);
    TEST_RUN(test_two_threads);
    return test_summary();
}
