/* test.h — the tiny harness every unit test program uses.
 *
 * A program defines test functions, runs them with TEST_RUN(fn) from main and returns
 * test_summary(). Each test prints "PASS name" or "FAIL name" with the failing checks;
 * tests/run.sh adds the per-program counts into the final "N passed, N failed" line. */
#ifndef PARLEY_TEST_H
#define PARLEY_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_checks;
static int test_passed;
static int test_failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            test_failed_checks++;                                                                  \
            fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);             \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
        if (check_a_ != check_b_) {                                                                \
            test_failed_checks++;                                                                  \
            fprintf(stderr, "  %s:%d: CHECK_EQ failed: %s == %lld, %s == %lld\n", __FILE__,        \
                    __LINE__, #a, check_a_, #b, check_b_);                                         \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b) CHECK(strcmp((a), (b)) == 0)

#define TEST_RUN(fn)                                                                               \
    do {                                                                                           \
        int before_ = test_failed_checks;                                                          \
        fn();                                                                                      \
        if (test_failed_checks == before_) {                                                       \
            test_passed++;                                                                         \
            printf("PASS %s\n", #fn);                                                              \
        } else {                                                                                   \
            test_failed++;                                                                         \
            printf("FAIL %s\n", #fn);                                                              \
        }                                                                                          \
        fflush(stdout);                                                                            \
    } while (0)

static inline int test_summary(void)
{
    printf("%d passed, %d failed\n", test_passed, test_failed);
    return test_failed ? 1 : 0;
}

#endif
