/* orderstat.h - order statistics for any quantile p: the type-7 quantile of
 * an unsorted sample in linear time, its distribution-free interval from
 * order statistics, and the most an interval built from n independent
 * units can claim (the "level reached" that the report prints beside every
 * interval).
 *
 * Why distribution-free: run times are skewed and their disturbances only
 * ever add time, so no normal model holds; the number of the n units below
 * the true quantile xi_p is Binomial(n, p) whatever the distribution, and
 * that alone gives the coverage of [x(l), x(u)].
 *
 * Pure functions; no allocation.
 */
#ifndef STUDY_ORDERSTAT_H
#define STUDY_ORDERSTAT_H

#include <stddef.h>

/* The type-7 quantile p in [0, 1] of x[0..n-1] (Hyndman and Fan 1996, the
 * default of R and numpy, as stats_quantile computes it from sorted data:
 * h = (n - 1) p, x(floor h) + (h - floor h)(x(floor h + 1) - x(floor h)),
 * 0-based), by quickselect with a three-way partition (bootstrap resamples
 * are full of ties): expected O(n), no sorting.  Reorders x.  NAN for
 * n == 0. */
double orderstat_select(double *x, size_t n, double p);

/* Coverage of [min, max] of n independent units as an interval for their
 * quantile p: 1 - p^n - (1 - p)^n (for the median 1 - 2 * 0.5^n: 0.875 at
 * n = 4, 0.9375 at 5, 0.96875 at 6).  0 for n == 0. */
double orderstat_minmax_coverage(size_t n, double p);

/* The level an interval for quantile p built from n independent units
 * (processes, or pairs) reached: min(nominal, orderstat_minmax_coverage(n,
 * p)).  With n units even their whole range [min, max] covers xi_p only
 * that often, whatever the distribution; an interval built from the same
 * n units (by order statistics, or a percentile bootstrap that only
 * reshuffles them) cannot honestly claim more, and claims no more than it
 * was built for.  A percentile bootstrap with few units is known to
 * under-cover (Efron and Tibshirani 1993, ch. 13); this is the cap the
 * report prints, not a guarantee that the bootstrap reaches it. */
double orderstat_level_reached(size_t n, double p, double nominal);

/* The interval [*lo, *hi] = [x(l), x(u)] (1-based ranks) of sorted[0..n-1]
 * for the population quantile p in (0, 1), equal-tailed: the number B of
 * units below xi_p is Binomial(n, p); x(l) misses above xi_p with
 * probability P(B <= l - 1), x(u) misses below with P(B >= u).  l is the
 * largest rank whose miss is at most (1 - level) / 2, u the smallest; a
 * side that cannot get its miss that low takes the extreme (l = 1, or
 * u = n).  *coverage = 1 - both misses, exactly (it is below `level` when
 * n is too small; for p = 1/2 the ranks and coverage are those of
 * stats_median_ci).  *q is the type-7 quantile p.
 * Returns 0; or -1 with every output NAN when n == 0, p is not in (0, 1)
 * or level is not in (0, 1). */
int orderstat_quantile_ci(const double *sorted, size_t n, double p, double level, double *q, double *lo,
                          double *hi, double *coverage);

#endif
