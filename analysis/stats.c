#include "stats.h"

#include <math.h>
#include <stdlib.h>

#define NOISE_STDEV_FRAC 0.10
#define NOISE_RANGE_FRAC 0.25

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void stats_sort(double *x, size_t n)
{
    qsort(x, n, sizeof *x, cmp);
}

double stats_quantile(const double *s, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    if (i + 1 >= n)
        return s[n - 1];
    return s[i] + (h - (double)i) * (s[i + 1] - s[i]);
}

double stats_mean(const double *x, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    return n ? sum / (double)n : NAN;
}

double stats_stdev(const double *x, size_t n)
{
    if (n < 2)
        return 0;
    double m = stats_mean(x, n), ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

/* P(B(n, 1/2) <= k), summed in log space so large n does not overflow. */
static double binom_cdf_half(size_t n, size_t k)
{
    double total = 0;
    for (size_t i = 0; i <= k && i <= n; i++)
        total += exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) -
                     (double)n * log(2.0));
    return total;
}

void stats_median_ci(const double *s, size_t n, double level, double *lo, double *hi, double *achieved)
{
    if (n == 0) {
        *lo = *hi = *achieved = NAN;
        return;
    }
    /* Largest k (1-based) with coverage >= level; ranks k and n-k+1. */
    size_t best = 0;
    for (size_t k = 1; k <= n / 2; k++) {
        double cov = 1 - 2 * binom_cdf_half(n, k - 1);
        if (cov >= level)
            best = k;
        else
            break;
    }
    if (best == 0) {
        *lo = s[0];
        *hi = s[n - 1];
        *achieved = 1 - 2 * binom_cdf_half(n, 0);
        return;
    }
    *lo = s[best - 1];
    *hi = s[n - best];
    *achieved = 1 - 2 * binom_cdf_half(n, best - 1);
}

double stats_speedup(double t1, double tT, unsigned T, int weak)
{
    if (!(tT > 0))
        return NAN;
    return (weak ? (double)T : 1.0) * t1 / tT;
}

double stats_karp_flatt(double S, unsigned T)
{
    if (T < 2 || !(S > 0))
        return NAN;
    return (1 / S - 1 / (double)T) / (1 - 1 / (double)T);
}

double stats_fit_serial(const unsigned *T, const double *S, size_t n, int weak)
{
    double sxy = 0, sxx = 0;
    for (size_t i = 0; i < n; i++) {
        if (T[i] < 2 || !(S[i] > 0) || !isfinite(S[i]))
            continue;
        double t = (double)T[i], x, y;
        if (weak) {
            x = t - 1;
            y = t - S[i];
        } else {
            x = 1 - 1 / t;
            y = 1 / S[i] - 1 / t;
        }
        sxy += x * y;
        sxx += x * x;
    }
    return sxx > 0 ? sxy / sxx : NAN;
}

int stats_noisy(const double *s, size_t n)
{
    if (n < 2)
        return 0;
    double m = stats_mean(s, n);
    if (!(m > 0))
        return 0;
    return stats_stdev(s, n) >= NOISE_STDEV_FRAC * m || (m - s[0]) / m > NOISE_RANGE_FRAC ||
           (s[n - 1] - m) / m > NOISE_RANGE_FRAC;
}
