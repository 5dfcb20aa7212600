/* vb_signal.h — what voicebench feeds and measures: a synthetic voice, a clock, correlation.
 * Shared by the engine figures (voicebench.c) and the run through the real server
 * (vb_e2e.c). */
#ifndef PARLEY_VB_SIGNAL_H
#define PARLEY_VB_SIGNAL_H

#include <stddef.h>
#include <stdint.h>

/* Seconds from a monotonic clock. */
double vb_now(void);
/* CPU seconds used by the calling thread so far. */
double vb_thread_cpu(void);
/* A harmonic vowel with formants, its pitch gliding, in 300 ms syllables, plus quiet noise
 * (about -50 dBFS): n samples at rate. */
void vb_voice(int16_t *x, size_t n, int rate);
/* Correlation of x[from..to) with y[from+lag..to+lag). */
double vb_corr(const int16_t *x, const int16_t *y, size_t from, size_t to, size_t lag);
/* The lag in [lag_min, lag_max] at which y best matches x[from..to), searched coarsely on
 * 8 kHz box-filtered copies first, then sample by sample; *r gets the correlation there.
 * y must hold to + lag_max samples. */
size_t vb_best_lag(const int16_t *x, const int16_t *y, size_t from, size_t to, size_t lag_min,
                   size_t lag_max, double *r);
/* The q-quantile (0..1) of v[0..n), sorting v. */
double vb_quantile(double *v, size_t n, double q);

#endif
