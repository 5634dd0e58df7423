/* stats.h - the statistics of the analysis, pure functions on arrays so the
 * tests can check them against hand-computed values. */
#ifndef STUDY_STATS_H
#define STUDY_STATS_H

#include <stddef.h>

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

/* pyperf's rule of thumb: stdev >= 10% of the mean, or min or max more
 * than 25% away from the mean. */
int stats_noisy(const double *sorted, size_t n);

#endif
