/* stats.h - the statistics the runner and the analysis share (a cell's
 * CI against its target is judged by citarget.h, a question by
 * questions.h, both on resample.h, for the runner and the report alike),
 * pure functions on arrays so the tests can check them against
 * hand-computed values. */
#ifndef STUDY_STATS_H
#define STUDY_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Sorts x[0..n-1] ascending in place. */
void stats_sort(double *x, size_t n);

/* Quantile p in [0,1] of sorted x by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the default of R and numpy):
 * h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). */
double stats_quantile(const double *sorted, size_t n, double p);

double stats_mean(const double *x, size_t n);
/* Sample standard deviation (n-1); 0 for n < 2. */
double stats_stdev(const double *x, size_t n);

/* Distribution-free confidence interval for the median from order
 * statistics: the widest-ranked pair x(k), x(n-k+1) whose binomial
 * coverage 1 - 2 P(B(n, 1/2) <= k-1) is at least `level`.  With too few
 * runs for that level it falls back to [min, max] and *achieved says the
 * coverage that interval has (e.g. 0.75 for n = 3). */
void stats_median_ci(const double *sorted, size_t n, double level, double *lo, double *hi, double *achieved);

/* Speedup of T workers from the medians: strong scaling t1/tT; weak
 * scaling (each worker does the whole job) throughput T*t1/tT. */
double stats_speedup(double t1, double tT, unsigned T, int weak);

/* Karp-Flatt experimentally determined serial fraction
 * e = (1/S - 1/T) / (1 - 1/T), for T > 1. */
double stats_karp_flatt(double S, unsigned T);

/* Least-squares serial fraction f over points (T[i], S[i]), T > 1 only:
 * Amdahl (strong): 1/S = f + (1-f)/T, i.e. (1/S - 1/T) = f (1 - 1/T);
 * Gustafson (weak): S = T - f (T - 1), i.e. (T - S) = f (T - 1).
 * Returns NAN with no point of T > 1. */
double stats_fit_serial(const unsigned *T, const double *S, size_t n, int weak);

/* pyperf's stability checks, as in pyperf 2.9.0 (pyperf/_cli.py,
 * format_checks; released 2025-03-03, the version that also warns about
 * too few samples): a benchmark is unstable when the standard deviation is
 * at least 10% of the mean, or the minimum or the maximum is at least 50%
 * away from the mean (pyperf had 25% before), and a run shorter than 1 ms
 * is too short to time reliably. */
#define STATS_NOISE_STDEV_FRAC 0.10
#define STATS_NOISE_RANGE_FRAC 0.50
#define STATS_SHORT_RUN_S 1e-3

/* 1 when sorted[0..n-1] is unstable by the first two checks above. */
int stats_noisy(const double *sorted, size_t n);
/* 1 when the shortest run, sorted[0], is under STATS_SHORT_RUN_S. */
int stats_too_short(const double *sorted, size_t n);

/* ---- ratios with intervals ---------------------------------------------- */

/* A confidence interval for median(a) / median(b), two independent samples
 * of positive values (e.g. run times), by the percentile bootstrap:
 * `resamples` times, draw na values from a and nb from b with replacement,
 * uniformly, and take the ratio of the two resamples' medians (type 7, as
 * stats_quantile); *lo and *hi are the type-7 quantiles (1 - level)/2 and
 * (1 + level)/2 of those ratios.  No normality assumption; the answer
 * depends only on the data, level, seed and resamples (splitmix64 drawn
 * from `seed`, indices without modulo bias), so a recorded seed reproduces
 * it exactly on any platform.
 *
 * Caveats the caller must report: with few values per sample the
 * bootstrap distribution of a median is coarse and the interval's real
 * coverage is below `level` (use stats_median_ci's achieved coverage to
 * tell); the interval of a ratio scaled by a constant k is [k lo, k hi].
 *
 * a and b need not be sorted and are not modified.  Returns 0; or -1 with
 * *lo = *hi = NAN when a sample is empty, a value is not finite and > 0,
 * level is not in (0, 1), resamples < 2, or memory runs out. */
#define STATS_RESAMPLES_DEFAULT 10000u
int stats_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double level, uint64_t seed,
                   unsigned resamples, double *lo, double *hi);

/* Where an interval [lo, hi] of a ratio lies against 1: entirely above,
 * entirely below, or containing 1 (or not known: NAN bounds), in which case
 * the two things compared are not distinguishable at this sample size. */
enum stats_verdict { STATS_BELOW_1 = -1, STATS_UNSURE = 0, STATS_ABOVE_1 = 1 };
enum stats_verdict stats_verdict(double lo, double hi);

/* A seed for one comparison, from a study's seed and a name (FNV-1a of
 * the name mixed into the seed), so that each interval is reproducible
 * alone, whatever else was analysed with it. */
uint64_t stats_seed_for(uint64_t seed, const char *name);

#endif
