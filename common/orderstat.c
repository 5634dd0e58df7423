/* orderstat.c - order statistics for any quantile p (orderstat.h). */
#include "orderstat.h"

#include <math.h>

static void swap(double *x, size_t i, size_t j)
{
    double t = x[i];
    x[i] = x[j];
    x[j] = t;
}

/* The k-th smallest (0-based) of x[0..n-1], k < n, left at x[k] with
 * nothing larger before it and nothing smaller after it: Hoare's FIND
 * (CACM 1961, as Wirth writes it) around a median-of-three pivot.  Both
 * scans stop on values equal to the pivot, so the runs of equal values a
 * resample is full of split evenly instead of degrading the search. */
static double select_k(double *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double a = x[lo], b = x[lo + (hi - lo) / 2], c = x[hi];
        double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = lo, j = hi;
        for (;;) {
            while (x[i] < pivot)
                i++;
            while (pivot < x[j])
                j--;
            if (i >= j)
                break;
            swap(x, i++, j--);
        }
        /* Now x[lo..j] <= pivot <= x[j+1..hi] (Hoare's invariant). */
        if (k <= j)
            hi = j;
        else
            lo = j + 1;
    }
    return x[k];
}

double orderstat_select(double *x, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    if (i + 1 >= n)
        return select_k(x, n, n - 1);
    double v1 = select_k(x, n, i);
    if (h == (double)i)
        return v1;
    /* Everything after x[i] is at least x[i]: the next order statistic is
     * their minimum. */
    double v2 = x[i + 1];
    for (size_t j = i + 2; j < n; j++)
        if (x[j] < v2)
            v2 = x[j];
    return v1 + (h - (double)i) * (v2 - v1);
}

double orderstat_minmax_coverage(size_t n, double p)
{
    if (n == 0)
        return 0;
    return 1 - pow(p, (double)n) - pow(1 - p, (double)n);
}

double orderstat_level_reached(size_t n, double p, double nominal)
{
    return fmin(nominal, orderstat_minmax_coverage(n, p));
}

/* P(B = i) for B ~ Binomial(n, p), in log space so large n neither
 * overflows the coefficient nor underflows p^i too early. */
static double binom_pmf(size_t n, size_t i, double p)
{
    return exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) + (double)i * log(p) +
               (double)(n - i) * log1p(-p));
}

int orderstat_quantile_ci(const double *s, size_t n, double p, double level, double *q, double *lo, double *hi,
                          double *coverage)
{
    *q = *lo = *hi = *coverage = NAN;
    if (n == 0 || !(p > 0 && p < 1) || !(level > 0 && level < 1))
        return -1;
    const double tail = (1 - level) / 2;
    /* Lower end: the largest l with P(B <= l - 1) <= tail; else l = 1,
     * which misses with P(B = 0). */
    size_t l = 1;
    double cdf = 0, miss_lo = binom_pmf(n, 0, p);
    for (size_t i = 0; i < n; i++) {
        cdf += binom_pmf(n, i, p); /* P(B <= i) */
        if (cdf > tail)
            break;
        l = i + 1;
        miss_lo = cdf;
    }
    /* Upper end: the smallest u with P(B >= u) <= tail; else u = n, which
     * misses with P(B = n).  Summed from the top, so no 1 - (almost 1). */
    size_t u = n;
    double sf = 0, miss_hi = binom_pmf(n, n, p);
    for (size_t i = n; i >= 1; i--) {
        sf += binom_pmf(n, i, p); /* P(B >= i) */
        if (sf > tail)
            break;
        u = i;
        miss_hi = sf;
    }
    *lo = s[l - 1];
    *hi = s[u - 1];
    *coverage = 1 - miss_lo - miss_hi;
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    *q = i + 1 >= n ? s[n - 1] : s[i] + (h - (double)i) * (s[i + 1] - s[i]);
    return 0;
}
