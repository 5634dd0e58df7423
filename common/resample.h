/* resample.h - intervals for cells measured as processes x values, by the
 * percentile bootstrap: a cell's median, the ratio of two cells' medians
 * (unpaired, or from pairs), the ratio of two cells' low quantiles; the
 * spread between and within processes; the level an interval reached, its
 * precision, and the runs a precision target needs.
 *
 * The data (issue 16): each child process does one warm-up, then k timed
 * values, as pyperf's processes x values.  A cell's sample is n processes,
 * process i holding k_i >= 1 values (k_i may differ: a process may be cut
 * short).  A pair is one process of each of two cells, run back to back in
 * a shuffled order in the same round; pair i is process i of both cells.
 *
 * The runner calls these while a study runs, to decide where to spend runs,
 * and the analysis reports them: the answer depends only on the data, the
 * level, the seed and the number of resamples (rng.h's stream, the stream
 * of stats_ratio_ci), so both get the same interval.
 *
 * Contract of every interval function: values must be finite and > 0 (run
 * times), every process must hold a value, level must be in (0, 1) and
 * resamples >= 2; otherwise it returns -1 with every output NAN.  It
 * returns 0 otherwise, also when there are too few units for an interval
 * (fewer than 2 processes or pairs): then the estimate is given, lo and hi
 * are NAN and reached is 0.  Memory: O(values + resamples), freed before
 * return; -1 when it runs out.  The percentile interval is [lo, hi], the
 * type-7 quantiles (1 - level) / 2 and (1 + level) / 2 of the resampled
 * statistics, as stats_ratio_ci takes them.
 */
#ifndef STUDY_RESAMPLE_H
#define STUDY_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#define RESAMPLE_DEFAULT 10000u

/* One cell's values, process by process: process i holds counts[i] values,
 * stored one process after the other in values[]. */
struct resample_cell {
    const double *values;
    const size_t *counts;
    size_t processes;
};

/* An estimate with its interval. */
struct resample_ci {
    double estimate;
    double lo, hi;   /* NAN with fewer than 2 units */
    double level;    /* the level asked for */
    double reached;  /* the level it reached (resample_level_reached) */
    size_t units;    /* the independent units it rests on: processes, or
                      * pairs; for two unpaired cells the smaller count */
};

/* ---- the level reached and the precision --------------------------------- */

/* The level reached by an interval of a median built from n independent
 * units: min(nominal, 1 - 2 * 0.5^n), the distribution-free coverage of
 * the units' [min, max] (orderstat_level_reached with p = 1/2): 0 at n = 1,
 * 0.5 at 2, 0.75 at 3, 0.875 at 4, 0.9375 at 5, 0.96875 at 6 (so a 95%
 * interval needs 6 processes or pairs, 99% needs 8).  For a ratio of two
 * unpaired cells, the smaller of the two cells' levels; for pairs, that of
 * the number of pairs.  This is the level the report prints beside every
 * interval, never the nominal one alone. */
double resample_level_reached(size_t n, double nominal);

/* Relative half-width of an interval around its estimate,
 * (hi - lo) / 2 / estimate: the precision of a time or a speed-up ratio
 * (0.02 is "+-2%").  NAN when the interval is not known or estimate <= 0. */
double resample_rel_halfwidth(double estimate, double lo, double hi);

/* Half-width in percentage points of a cost c = r - 1 whose ratio r has
 * the interval [lo, hi]: (hi - lo) / 2 * 100 (the interval of the cost is
 * [lo - 1, hi - 1]; a +6.6% cost "+-0.4 points").  NAN when not known. */
double resample_points_halfwidth(double lo, double hi);

/* The units (processes, or pairs) an interval now resting on n units with
 * half-width `halfwidth` would need to reach half-width `target` (both in
 * the same unit: relative, or points): ceil(n * (halfwidth / target)^2),
 * and n itself once halfwidth <= target.  It assumes the half-width shrinks
 * as 1 / sqrt(n), true of a median's interval for large n (its standard
 * error is 1 / (2 f(m) sqrt(n))); with few units, where the interval is
 * still [min, max]-like, it is a rough guide.  0 when it cannot tell (n ==
 * 0, a half-width or target not finite, target <= 0). */
size_t resample_runs_needed(size_t n, double halfwidth, double target);

/* ---- one cell ------------------------------------------------------------- */

/* The median of all the cell's values and its two-level bootstrap interval:
 * each resample draws n processes with replacement, then, for each process
 * drawn, its k_i values with replacement, and takes the median (type 7) of
 * the pooled values.  Resampling the processes carries the spread between
 * processes (a process that started on a busy core, an unlucky memory
 * layout); resampling within carries the noise of each value.  Resampling
 * both levels is slightly conservative (Davison and Hinkley 1997, sec.
 * 3.8: it counts the within-process noise twice, once in the process drawn
 * and once in its redrawn values); with k >= 5 values a process that is
 * small, and it is the design issue 16 asks for.  units = n. */
int resample_median_ci(const struct resample_cell *c, double level, uint64_t seed, unsigned resamples,
                       struct resample_ci *out);

/* The spread between processes and within them, each a coefficient of
 * variation, so that cells of different speeds compare and the two read as
 * "percent of a value":
 *   *between: the sample stdev of the n process medians over their mean -
 *     what more processes average away (it includes the noise of a
 *     median of k values, about 1.25 within / sqrt(k) for normal noise);
 *   *within: the pooled within-process CV, sqrt(sum_i sum_j ((x_ij -
 *     mean_i) / mean_i)^2 / sum_i (k_i - 1)), one-way ANOVA's within mean
 *     square made relative per process - what more values per process
 *     average away.
 * Process medians for between (robust to one disturbed value, and the
 * summary the paired ratio uses); means for within (a variance needs
 * them).  *between is NAN with fewer than 2 processes, *within when no
 * process has 2 values.  Returns 0, or -1 (both NAN) on invalid data. */
int resample_spread(const struct resample_cell *c, double *between, double *within);

/* The median (type 7) of each process's values, into out[0..n-1]. */
int resample_process_medians(const struct resample_cell *c, double *out);

/* The low-quantile estimator (issue 16's "robust estimator ... if it earns
 * its place"): the type-7 quantile p of the n process medians and its
 * distribution-free interval from order statistics (orderstat_quantile_ci).
 * One value per process because the interval needs independent units, and
 * values within a process are not independent (a process that started
 * slow stays slow); the process's median rather than its minimum because a
 * minimum of k_i values falls as k_i grows, so processes cut short would
 * not be alike, while a median estimates the same thing at any k_i; the
 * low quantile across processes is what keeps Chen and Revels' idea (the
 * delays only add time), at the level of processes.  reached is the exact
 * coverage of [lo, hi], at most `level`; units = n. */
int resample_quantile_ci(const struct resample_cell *c, double p, double level, struct resample_ci *out);

/* ---- two cells ------------------------------------------------------------ */

/* median(a) / median(b), of all the values of each cell, with the interval
 * of the ratio of two independent two-level resamples (as
 * resample_median_ci, a's then b's from one stream). */
int resample_ratio_ci(const struct resample_cell *a, const struct resample_cell *b, double level,
                      uint64_t seed, unsigned resamples, struct resample_ci *out);

/* The ratio from pairs: a and b hold the same number of processes, process
 * i of each forming pair i.  r_i = median(a's values in i) / median(b's
 * values in i); the estimate is the median of the r_i.  Each resample
 * draws pairs with replacement, and within each pair drawn redraws a's
 * values and b's values (k each, with replacement; for k <= 15 the median
 * of those draws comes from its exact distribution, in one draw),
 * recomputes its r and takes the median of those.  units = pairs.
 *
 * Why pairs: a slowdown of the machine that lasts longer than a pair (a
 * neighbour's job, a frequency change, thermal drift) slows both members
 * alike and cancels in r_i, where the unpaired ratio counts it as noise in
 * both cells.  Why the median of the r_i, not the ratio of the medians: one
 * pair disturbed in only one member (a burst shorter than the pair) gives
 * one wild r_i, which moves the median of the r_i by one rank and a mean
 * of them without bound.  The two estimate the same thing when the drift
 * is multiplicative and the noise symmetric in log: then median(r_i) ~
 * median(a) / median(b); under an additive disturbance or a drift that
 * acts on one member more than the other they differ, and the paired one
 * is the one that compares like with like. */
int resample_paired_ratio_ci(const struct resample_cell *a, const struct resample_cell *b, double level,
                             uint64_t seed, unsigned resamples, struct resample_ci *out);

/* q_p(a) / q_p(b) of the process medians (the low-quantile estimator of
 * resample_quantile_ci, p in (0, 1)), with a one-level bootstrap interval:
 * each resample draws each cell's process medians with replacement (a's
 * then b's) and takes the ratio of their type-7 quantiles p.  One level
 * because the unit is the process median, already a summary of its
 * values.  reached: the smaller over the two cells of
 * orderstat_level_reached(n, p, level) (a low quantile needs more units
 * than a median: 1 - 0.25^n - 0.75^n is 0.68 at n = 4 for p = 1/4). */
int resample_quantile_ratio_ci(const struct resample_cell *a, const struct resample_cell *b, double p,
                               double level, uint64_t seed, unsigned resamples, struct resample_ci *out);

/* ---- the resampled statistics themselves ----------------------------------
 * The statistic of each resample, in resample order, into out[0..resamples-1]
 * (from `seed`, exactly as the interval functions above draw them), for
 * tests against an independent implementation and for plots of the
 * bootstrap distribution.  Returns 0, or -1 on invalid data (out
 * untouched).  The stream, per resample:
 *   median:  n times { i = index(n); k_i times index(k_i) }
 *   ratio:   the median's draws for a, then for b
 *   paired:  P times { i = index(P); a's process i; b's process i },
 *            a process of k values drawing: nothing when k = 1; one
 *            index(k^k) when k <= 15, mapped to the resampled median through
 *            the exact counts of the k^k sequences of k draws (resample.c);
 *            k times index(k) above
 *   quantile ratio: n_a times index(n_a), then n_b times index(n_b)
 * with index(m) = rng_index(&state, m), state starting at the seed, and
 * every index into the canonical order, so that the answer does not depend
 * on the order the caller lists processes and values in: a process's
 * values ascending; the processes by their median, then their count, then
 * their values in order (the quantile ratio: the process medians
 * ascending); the pairs by the ratio of their medians, then a's count and
 * values, then b's.  A process of one value draws no index for it.  So
 * with one value per process (today's raw.csv) resample_ratio_ci's
 * interval is stats_ratio_ci's, which draws from the sorted sample, to the
 * bit. */
int resample_median_draws(const struct resample_cell *c, uint64_t seed, unsigned resamples, double *out);
int resample_ratio_draws(const struct resample_cell *a, const struct resample_cell *b, uint64_t seed,
                         unsigned resamples, double *out);
int resample_paired_draws(const struct resample_cell *a, const struct resample_cell *b, uint64_t seed,
                          unsigned resamples, double *out);
int resample_quantile_ratio_draws(const struct resample_cell *a, const struct resample_cell *b, double p,
                                  uint64_t seed, unsigned resamples, double *out);

#endif
