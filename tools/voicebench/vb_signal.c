/* vb_signal.c — synthetic voice, clocks and correlation for voicebench (vb_signal.h). */
#define _POSIX_C_SOURCE 200809L
#include "vb_signal.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#define VB_PI  3.14159265358979323846
#define VB_DEC 6 /* 48 kHz -> 8 kHz for the coarse lag search */

double vb_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

double vb_thread_cpu(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void vb_voice(int16_t *x, size_t n, int rate)
{
    uint32_t rng = 1;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate, s = 0, f0 = 130 + 25 * sin(2 * VB_PI * 0.9 * t);
        for (int h = 1; h * f0 < rate * 0.45 && h < 60; h++) {
            double f = h * f0;
            double w = 1.0 / (1 + pow((f - 650) / 150, 2)) + 0.6 / (1 + pow((f - 1250) / 200, 2)) +
                       0.3 / (1 + pow((f - 2500) / 300, 2)) + 0.02;
            s += 3500 * w * sin(2 * VB_PI * f * t + h);
        }
        if (fmod(t, 0.3) >= 0.22) s *= 0.05; /* syllables */
        rng = rng * 1664525u + 1013904223u;
        s += (double)((int32_t)(rng >> 16) - 32768) / 200.0; /* noise at about -50 dBFS */
        x[i] = (int16_t)lrint(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
    }
}

double vb_corr(const int16_t *x, const int16_t *y, size_t from, size_t to, size_t lag)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = from; i < to; i++) {
        ab += (double)x[i] * y[i + lag];
        aa += (double)x[i] * x[i];
        bb += (double)y[i + lag] * y[i + lag];
    }
    return ab / sqrt(aa * bb + 1e-9);
}

/* Mean of each VB_DEC samples of x[from..from + n * VB_DEC). */
static void vb_decimate(const int16_t *x, size_t from, size_t n, float *out)
{
    for (size_t i = 0; i < n; i++) {
        int s = 0;
        for (size_t k = 0; k < VB_DEC; k++) s += x[from + i * VB_DEC + k];
        out[i] = (float)s / VB_DEC;
    }
}

size_t vb_best_lag(const int16_t *x, const int16_t *y, size_t from, size_t to, size_t lag_min,
                   size_t lag_max, double *r)
{
    size_t n = (to - from) / VB_DEC, lags = (lag_max - lag_min) / VB_DEC + 1;
    float *a = malloc(n * sizeof *a), *b = malloc((n + lags) * sizeof *b);
    size_t best_lag = lag_min;
    if (a && b) {
        vb_decimate(x, from, n, a);
        vb_decimate(y, from + lag_min, n + lags - 1, b);
        double best = -2, aa = 0;
        for (size_t i = 0; i < n; i++) aa += (double)a[i] * a[i];
        for (size_t l = 0; l < lags; l++) {
            double ab = 0, bb = 0;
            for (size_t i = 0; i < n; i++) {
                ab += (double)a[i] * b[i + l];
                bb += (double)b[i + l] * b[i + l];
            }
            double c = ab / sqrt(aa * bb + 1e-9);
            if (c > best) best = c, best_lag = lag_min + l * VB_DEC;
        }
    }
    free(a);
    free(b);
    /* Refine at the full rate within one coarse step either side. */
    size_t lo = best_lag > lag_min + VB_DEC ? best_lag - VB_DEC : lag_min;
    size_t hi = best_lag + VB_DEC < lag_max ? best_lag + VB_DEC : lag_max;
    double best = -2;
    for (size_t l = lo; l <= hi; l++) {
        double c = vb_corr(x, y, from, to, l);
        if (c > best) best = c, best_lag = l;
    }
    *r = best;
    return best_lag;
}

static int vb_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double vb_quantile(double *v, size_t n, double q)
{
    if (n == 0) return 0;
    qsort(v, n, sizeof *v, vb_cmp);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}
