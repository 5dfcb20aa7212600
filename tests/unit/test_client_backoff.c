/* Client reconnect back-off: the schedule, its jitter bounds, reset, reproducibility. */
#include "../test.h"

#include "cl_backoff.h"

static void test_nominal_schedule(void)
{
    cl_backoff b;
    cl_backoff_init(&b, NULL, 1);
    const double want[] = {0.5, 1, 2, 4, 8, 10, 10, 10};
    for (uint32_t i = 0; i < sizeof want / sizeof want[0]; i++)
        CHECK(cl_backoff_nominal(&b, i) == want[i]);
    CHECK(cl_backoff_nominal(&b, 1000000) == 10);
}

static void test_jitter_bounds(void)
{
    for (uint64_t seed = 1; seed < 50; seed++) {
        cl_backoff b;
        cl_backoff_init(&b, NULL, seed);
        for (uint32_t i = 0; i < 12; i++) {
            double nominal = cl_backoff_nominal(&b, i);
            double d = cl_backoff_next(&b);
            CHECK(d >= nominal * 0.8 - 1e-9);
            CHECK(d <= nominal * 1.2 + 1e-9);
            CHECK(d <= 10.0);
            CHECK(d > 0);
        }
    }
}

static void test_spread_and_reset(void)
{
    cl_backoff a, b;
    cl_backoff_init(&a, NULL, 7);
    cl_backoff_init(&b, NULL, 7);
    for (int i = 0; i < 8; i++) CHECK(cl_backoff_next(&a) == cl_backoff_next(&b));
    cl_backoff_init(&a, NULL, 7);
    cl_backoff_init(&b, NULL, 8);
    int differ = 0;
    for (int i = 0; i < 8; i++) differ += cl_backoff_next(&a) != cl_backoff_next(&b);
    CHECK(differ > 0); /* two clients do not retry in lockstep */
    CHECK_EQ(a.attempt, 8);
    cl_backoff_reset(&a);
    double d = cl_backoff_next(&a);
    CHECK(d >= 0.4 && d <= 0.6);
}

static void test_config(void)
{
    cl_backoff b;
    cl_backoff_init(&b, &(cl_backoff_config){.min = 0.1, .max = 0.3, .jitter = -1}, 3);
    CHECK(cl_backoff_next(&b) == 0.1);
    CHECK(cl_backoff_next(&b) == 0.2);
    CHECK(cl_backoff_next(&b) == 0.3);
    CHECK(cl_backoff_next(&b) == 0.3);
}

int main(void)
{
    TEST_RUN(test_nominal_schedule);
    TEST_RUN(test_jitter_bounds);
    TEST_RUN(test_spread_and_reset);
    TEST_RUN(test_config);
    return test_summary();
}
