/* stats.c - the statistics the runner and the analysis share (stats.h). */
#include "stats.h"

#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    return stats_stdev(s, n) >= STATS_NOISE_STDEV_FRAC * m || (m - s[0]) / m >= STATS_NOISE_RANGE_FRAC ||
           (s[n - 1] - m) / m >= STATS_NOISE_RANGE_FRAC;
}

int stats_too_short(const double *s, size_t n)
{
    return n > 0 && s[0] < STATS_SHORT_RUN_S;
}

/* ---- the bootstrap ------------------------------------------------------ */

/* The type-7 median of one resample of sorted s[0..n-1]: n indices drawn
 * and counted in count[] (all zero on entry and on return), then the order
 * statistics (n-1)/2 and n/2 (0-based) read off the counts: O(n). */
static double resample_median(const double *s, size_t n, size_t *count, uint64_t *state)
{
    for (size_t i = 0; i < n; i++)
        count[rng_index(state, n)]++;
    const size_t k1 = (n - 1) / 2, k2 = n / 2;
    double v1 = NAN, v2 = NAN;
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (count[i] && seen <= k1 && k1 < seen + count[i])
            v1 = s[i];
        if (count[i] && seen <= k2 && k2 < seen + count[i])
            v2 = s[i];
        seen += count[i];
        count[i] = 0;
    }
    return v1 + (v2 - v1) / 2;
}

static int positive_sample(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(x[i] > 0) || !isfinite(x[i]))
            return 0;
    return n > 0;
}

int stats_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double level, uint64_t seed,
                   unsigned resamples, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!positive_sample(a, na) || !positive_sample(b, nb) || !(level > 0 && level < 1) || resamples < 2)
        return -1;
    double *sa = malloc(na * sizeof *sa), *sb = malloc(nb * sizeof *sb);
    double *ratio = malloc(resamples * sizeof *ratio);
    size_t *count = calloc(na > nb ? na : nb, sizeof *count);
    int rc = -1;
    if (sa && sb && ratio && count) {
        memcpy(sa, a, na * sizeof *sa);
        memcpy(sb, b, nb * sizeof *sb);
        stats_sort(sa, na);
        stats_sort(sb, nb);
        uint64_t state = seed;
        for (unsigned r = 0; r < resamples; r++) {
            double ma = resample_median(sa, na, count, &state);
            ratio[r] = ma / resample_median(sb, nb, count, &state);
        }
        stats_sort(ratio, resamples);
        *lo = stats_quantile(ratio, resamples, (1 - level) / 2);
        *hi = stats_quantile(ratio, resamples, (1 + level) / 2);
        rc = 0;
    }
    free(sa);
    free(sb);
    free(ratio);
    free(count);
    return rc;
}

enum stats_verdict stats_verdict(double lo, double hi)
{
    if (lo > 1)
        return STATS_ABOVE_1;
    if (hi < 1)
        return STATS_BELOW_1;
    return STATS_UNSURE;
}

uint64_t stats_seed_for(uint64_t seed, const char *name)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a, 64-bit */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    uint64_t state = seed ^ h;
    return rng_next(&state);
}
