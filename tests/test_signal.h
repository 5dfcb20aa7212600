/* test_signal.h — measuring synthetic audio in tests: pitch and correlation. */
#ifndef PARLEY_TEST_SIGNAL_H
#define PARLEY_TEST_SIGNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* Frequency from interpolated upward zero crossings; 0 when fewer than two. */
static inline double test_signal_freq(const int16_t *x, size_t n, int rate)
{
    double first = -1, last = -1;
    int crossings = 0;
    for (size_t i = 1; i < n; i++) {
        if (x[i - 1] < 0 && x[i] >= 0) {
            double at = (double)(i - 1) + (double)-x[i - 1] / (double)(x[i] - x[i - 1]);
            if (first < 0)
                first = at;
            else
                crossings++;
            last = at;
        }
    }
    return crossings > 0 ? crossings * (double)rate / (last - first) : 0;
}

/* Normalised correlation of x[from, to) with y shifted by lag (y has to + lag samples). */
static inline double test_signal_corr(const int16_t *x, const int16_t *y, size_t from, size_t to,
                                      size_t lag)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = from; i < to; i++) {
        ab += (double)x[i] * y[i + lag];
        aa += (double)x[i] * x[i];
        bb += (double)y[i + lag] * y[i + lag];
    }
    return ab / sqrt(aa * bb + 1e-9);
}

#endif
