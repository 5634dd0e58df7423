/* test_stats.c - the statistics of common/stats.c on inputs that tell a
 * right answer from a plausible wrong one, and against independent
 * references.
 *
 * "statistics": skewed and noisy fixtures with the answers worked out by
 * hand in the comments.  Every sample is skewed, so a median that is
 * really a mean, a quantile of another type, or a stdev over n instead of
 * n - 1 gives a different number; the fits get noisy points, where least
 * squares, the mean of the per-point Karp-Flatt values and the last point
 * all differ; each noise rule has a fixture that trips it and no other.
 *
 * "statistics reference": random samples (fixed seed, sizes 1 to 200, ties,
 * outliers, near-constant runs) compared with Python's `statistics` module,
 * run by whichever interpreter the project has, to 1e-12 relative; and the
 * order-statistic CI of the median against a slow reference that sums the
 * binomial coefficients exactly, in integers. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "tests.h"

/* Relative agreement to rel (absolute near 0). */
static bool near_rel(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fmax(fabs(want), 1e-300) || got == want;
}

#define HAND 1e-12 /* hand-computed values: exact up to rounding */

/* A sorted copy of x[0..n-1] (at most 256 values) in out. */
static void sorted_copy(const double *x, size_t n, double *out)
{
    memcpy(out, x, n * sizeof *x);
    stats_sort(out, n);
}

/* ---- order statistics --------------------------------------------------- */

/* Powers of two, given unsorted: {32, 1, 8, 2, 16, 4}.
 *   type 7, h = (n - 1) p = 5p:
 *   median  h = 2.5:  4 + 0.5 (8 - 4)   = 6      (mean 63/6 = 10.5)
 *   q1      h = 1.25: 2 + 0.25 (4 - 2)  = 2.5    (type 6 would say 1.75)
 *   q3      h = 3.75: 8 + 0.75 (16 - 8) = 14     (type 6: 20)
 *   p = 0.1 h = 0.5:  1 + 0.5 (2 - 1)   = 1.5
 *   p = 0.9 h = 4.5:  16 + 0.5 (32 - 16) = 24
 *   p = 0, 1: min 1, max 32
 * Five runs {1.0, 1.1, 1.2, 1.4, 5.0}: median 1.2 (mean 1.94), q1 (h = 1)
 * 1.1, q3 (h = 3) 1.4, p = 0.9 (h = 3.6) 1.4 + 0.6 * 3.6 = 3.56. */
static void t_quantiles_skewed(void)
{
    const double raw[] = {32, 1, 8, 2, 16, 4};
    double x[6];
    sorted_copy(raw, 6, x);
    const struct {
        double p, want;
    } q6[] = {{0.5, 6}, {0.25, 2.5}, {0.75, 14}, {0.1, 1.5}, {0.9, 24}, {0, 1}, {1, 32}};
    for (size_t i = 0; i < sizeof q6 / sizeof q6[0]; i++)
        CHECK(near_rel(stats_quantile(x, 6, q6[i].p), q6[i].want, HAND), "quantile %g of {1,2,4,8,16,32}: %.17g, want %g",
              q6[i].p, stats_quantile(x, 6, q6[i].p), q6[i].want);
    const double y[] = {1.0, 1.1, 1.2, 1.4, 5.0};
    const struct {
        double p, want;
    } q5[] = {{0.5, 1.2}, {0.25, 1.1}, {0.75, 1.4}, {0.9, 3.56}};
    for (size_t i = 0; i < sizeof q5 / sizeof q5[0]; i++)
        CHECK(near_rel(stats_quantile(y, 5, q5[i].p), q5[i].want, HAND), "quantile %g of {1,1.1,1.2,1.4,5}: %.17g, want %g",
              q5[i].p, stats_quantile(y, 5, q5[i].p), q5[i].want);
    /* One value: every quantile is it. */
    const double one[] = {2.5};
    CHECK(stats_quantile(one, 1, 0.5) == 2.5 && stats_quantile(one, 1, 0.9) == 2.5, "quantiles of one value");
    CHECK(isnan(stats_quantile(one, 0, 0.5)), "no quantile of nothing");
}

/* {32, 1, 8, 2, 16, 4}: mean 63/6 = 10.5; deviations -9.5 -8.5 -6.5 -2.5
 * 5.5 21.5, squares 90.25 72.25 42.25 6.25 30.25 462.25, sum 703.5; sample
 * variance 703.5 / 5 = 140.7 (over n it would be 117.25), stdev
 * sqrt(140.7) = 11.86170308... */
static void t_mean_stdev_skewed(void)
{
    const double x[] = {32, 1, 8, 2, 16, 4};
    CHECK(near_rel(stats_mean(x, 6), 10.5, HAND), "mean %.17g, want 10.5", stats_mean(x, 6));
    CHECK(near_rel(stats_stdev(x, 6), sqrt(703.5 / 5), HAND), "stdev %.17g, want sqrt(140.7) = %.17g (n - 1)",
          stats_stdev(x, 6), sqrt(703.5 / 5));
    const double one[] = {3};
    CHECK(stats_stdev(one, 1) == 0 && stats_mean(one, 1) == 3, "one value: mean 3, stdev 0");
    CHECK(isnan(stats_mean(one, 0)), "no mean of nothing");
}

/* ---- the CI of the median ------------------------------------------------ */

/* Order-statistic intervals on skewed samples.
 *   n = 10, Fibonacci {1,1,2,3,5,8,13,21,34,55}: P(B(10,1/2) <= 1) =
 *   11/1024, so ranks 2 and 9 cover 1 - 22/1024 = 0.978515625; ranks 3 and 8
 *   only 1 - 2 * 56/1024 = 0.890625.  [x(2), x(9)] = [1, 34].
 *   n = 20, squares 1, 4, ..., 400: P(B(20,1/2) <= 5) = (1 + 20 + 190 +
 *   1140 + 4845 + 15504) / 2^20 = 21700/1048576, coverage of ranks 6, 15:
 *   1 - 43400/1048576 = 0.958610535; ranks 7, 14: 1 - 2 * 60460/1048576 =
 *   0.884681702 < 0.95.  [36, 225].  At level 0.5 (P(B <= 7) = 137980/2^20
 *   passes, P(B <= 8) = 263950/2^20 > 1/4 does not): ranks 8, 13, [64, 169].
 *   n = 5: no pair reaches 95%; [min, max] covers 1 - 2/32 = 0.9375. */
static void t_median_ci_skewed(void)
{
    double lo, hi, cov;
    const double fib[] = {1, 1, 2, 3, 5, 8, 13, 21, 34, 55};
    stats_median_ci(fib, 10, 0.95, &lo, &hi, &cov);
    CHECK(lo == 1 && hi == 34 && near_rel(cov, 1 - 22.0 / 1024, HAND), "Fibonacci n=10: [%g, %g] at %.17g", lo, hi, cov);
    double sq[20];
    for (int i = 0; i < 20; i++)
        sq[i] = (double)(i + 1) * (i + 1);
    stats_median_ci(sq, 20, 0.95, &lo, &hi, &cov);
    CHECK(lo == 36 && hi == 225 && near_rel(cov, 1 - 43400.0 / 1048576, HAND), "squares n=20 at 95%%: [%g, %g] at %.17g",
          lo, hi, cov);
    stats_median_ci(sq, 20, 0.5, &lo, &hi, &cov);
    CHECK(lo == 64 && hi == 169 && near_rel(cov, 1 - 2 * 137980.0 / 1048576, HAND),
          "squares n=20 at 50%%: [%g, %g] at %.17g", lo, hi, cov);
    const double five[] = {1.0, 1.1, 1.2, 1.4, 5.0};
    stats_median_ci(five, 5, 0.95, &lo, &hi, &cov);
    CHECK(lo == 1.0 && hi == 5.0 && near_rel(cov, 0.9375, HAND), "n=5: [%g, %g] at %g, want [1, 5] at 0.9375", lo, hi,
          cov);
}

/* ---- speedup, efficiency, Karp-Flatt ------------------------------------- */

/* Strong: t1 = 10, t4 = 4: S = 2.5 (efficiency 0.625).  Weak (throughput,
 * every worker does the whole job): t1 = 2, t4 = 2.5: S = 4 * 2 / 2.5 = 3.2
 * (as strong it would be 0.8).  Karp-Flatt e = (1/S - 1/T) / (1 - 1/T):
 * S = 2.5, T = 4: (0.4 - 0.25) / 0.75 = 0.2; S = 3.2, T = 4: 0.0625 / 0.75
 * = 1/12; S = 1.6, T = 2: (0.625 - 0.5) / 0.5 = 0.25. */
static void t_speedup_karp_flatt(void)
{
    CHECK(near_rel(stats_speedup(10, 4, 4, 0), 2.5, HAND), "strong 10/4: %g", stats_speedup(10, 4, 4, 0));
    CHECK(near_rel(stats_speedup(2, 2.5, 4, 1), 3.2, HAND), "weak 4*2/2.5: %g", stats_speedup(2, 2.5, 4, 1));
    CHECK(near_rel(stats_speedup(2, 2.5, 4, 1) / 4, 0.8, HAND), "weak efficiency 0.8");
    CHECK(isnan(stats_speedup(1, 0, 2, 0)), "no speedup over a zero time");
    CHECK(near_rel(stats_karp_flatt(2.5, 4), 0.2, HAND), "Karp-Flatt(2.5, 4) = %.17g, want 0.2", stats_karp_flatt(2.5, 4));
    CHECK(near_rel(stats_karp_flatt(3.2, 4), 1.0 / 12, HAND), "Karp-Flatt(3.2, 4) = %.17g, want 1/12",
          stats_karp_flatt(3.2, 4));
    CHECK(near_rel(stats_karp_flatt(1.6, 2), 0.25, HAND), "Karp-Flatt(1.6, 2) = %.17g, want 0.25",
          stats_karp_flatt(1.6, 2));
    CHECK(isnan(stats_karp_flatt(1, 1)) && isnan(stats_karp_flatt(0, 4)), "Karp-Flatt undefined at T = 1 or S = 0");
}

/* ---- the serial fits on noisy points -------------------------------------- */

/* Amdahl, T = 1, 2, 4, 8 with S = 1, 1.9, 3.2, 4.8 (no single f fits):
 * x = 1 - 1/T = 1/2, 3/4, 7/8; y = 1/S - 1/T = 1/38, 1/16, 1/12.
 * Least squares through the origin: f = sum xy / sum xx, with
 *   sum xy = 1/76 + 3/64 + 7/96 = (48 + 171 + 266) / 3648 = 485/3648,
 *   sum xx = 1/4 + 9/16 + 49/64 = 101/64 = 5757/3648,
 *   f = 485/5757 = 0.0842453...
 * The per-point Karp-Flatt values y/x are 1/19, 1/12, 2/21: their mean is
 * 0.0770677 and the last point 0.0952381, both different.  Read as weak
 * scaling (Gustafson) the same points would give (0.1 + 0.8*3 + 3.2*7) / 59.
 *
 * Gustafson, the same T with S = 1, 1.8, 3.7, 7.0: x = T - 1 = 1, 3, 7;
 * y = T - S = 0.2, 0.3, 1.0; f = (0.2 + 0.9 + 7) / (1 + 9 + 49) = 8.1/59
 * = 0.137288...; per point 0.2, 0.1, 1/7: mean 0.147619, last 0.142857;
 * and Amdahl's form on these points gives another value again. */
static void t_fits_noisy(void)
{
    const unsigned T[] = {1, 2, 4, 8};
    const double sa[] = {1, 1.9, 3.2, 4.8}, sg[] = {1, 1.8, 3.7, 7.0};
    const double fa = stats_fit_serial(T, sa, 4, 0), fg = stats_fit_serial(T, sg, 4, 1);
    CHECK(near_rel(fa, 485.0 / 5757, HAND), "Amdahl fit on noisy points: %.17g, want 485/5757 = %.17g", fa,
          485.0 / 5757);
    CHECK(near_rel(fg, 8.1 / 59, HAND), "Gustafson fit on noisy points: %.17g, want 8.1/59 = %.17g", fg, 8.1 / 59);
    /* The fixture tells the estimators apart (by hand, above). */
    const double kf_mean = (1.0 / 19 + 1.0 / 12 + 2.0 / 21) / 3, kf_last = 2.0 / 21;
    CHECK(fabs(fa - kf_mean) > 1e-3 && fabs(fa - kf_last) > 1e-3, "Amdahl: %g is the mean %g or the last point %g", fa,
          kf_mean, kf_last);
    CHECK(fabs(fg - (0.2 + 0.1 + 1.0 / 7) / 3) > 1e-3 && fabs(fg - 1.0 / 7) > 1e-3, "Gustafson: %g is a mean or last", fg);
    /* The law follows the scaling: each fit differs when read as the other. */
    CHECK(fabs(stats_fit_serial(T, sg, 4, 0) - fg) > 1e-2 && fabs(stats_fit_serial(T, sa, 4, 1) - fa) > 1e-2,
          "the weak flag changes nothing");
    /* Points at T = 1, and speedups that are not positive, are left out. */
    const unsigned T2[] = {1, 2, 4, 4};
    const double s2[] = {1, 1.6, 3.0, -1};
    CHECK(near_rel(stats_fit_serial(T2, s2, 4, 0), 0.125 / 0.8125, HAND),
          "Amdahl on T = 2, 4 (S 1.6, 3): %.17g, want (0.0625 + 0.0625) / 0.8125 = 2/13",
          stats_fit_serial(T2, s2, 4, 0));
    CHECK(isnan(stats_fit_serial(T, sa, 1, 0)), "no fit from T = 1 alone");
}

/* ---- the noise rules, one at a time ---------------------------------------- */

/* Each fixture is written against the thresholds' names, so it tracks
 * them, and trips exactly one rule (pyperf 2.9.0: stdev >= STDEV_FRAC of
 * the mean; min or max >= RANGE_FRAC away from it; and, apart, a shortest
 * run under STATS_SHORT_RUN_S).
 *
 * One outlier at 1 +- d among n - 1 values of 1 (n = 100): the mean is
 * m = 1 +- d/n and the sample stdev d / sqrt(n) (sum of squares
 * d^2 (n-1)/n over n - 1).  With d = RANGE_FRAC + 0.1 = 0.6: the outlier is
 * |1 +- d - m| / m = 0.594/0.994 = 59.8% (low) or 0.594/1.006 = 59.0% (high)
 * from the mean, the other end 0.6%, and the stdev 0.06, 6% of the mean.
 *
 * Half the values at 1 - e, half at 1 + e (n = 6): mean 1, stdev
 * e sqrt(6/5) = 1.095 e; with e = STDEV_FRAC that is 10.95% of the mean
 * while min and max are only e = 10% from it. */
#define ONE_OUT_N 100

static void t_noise_each_rule_alone(void)
{
    const double S = STATS_NOISE_STDEV_FRAC, R = STATS_NOISE_RANGE_FRAC;
    const double d = R + 0.1;
    double low[ONE_OUT_N], high[ONE_OUT_N];
    for (size_t i = 0; i < ONE_OUT_N; i++)
        low[i] = high[i] = 1;
    low[0] = 1 - d;              /* sorted: the outlier first */
    high[ONE_OUT_N - 1] = 1 + d; /* ... and last */
    const double ml = 1 - d / ONE_OUT_N, mh = 1 + d / ONE_OUT_N, sd = d / sqrt(ONE_OUT_N);
    /* The fixture's own preconditions, by the formulas above. */
    REQUIRE(d < 1 && (ml - (1 - d)) / ml >= R && (1 - ml) / ml < R && sd / ml < S, "min fixture no longer trips only the min rule");
    REQUIRE((1 + d - mh) / mh >= R && (mh - 1) / mh < R && sd / mh < S, "max fixture no longer trips only the max rule");
    CHECK(near_rel(stats_stdev(low, ONE_OUT_N), sd, 1e-9), "stdev with one outlier: %g, want %g",
          stats_stdev(low, ONE_OUT_N), sd);
    CHECK(stats_noisy(low, ONE_OUT_N), "min %.0f%% below the mean, stdev %.1f%%: noisy by the min rule alone",
          100 * (ml - (1 - d)) / ml, 100 * sd / ml);
    CHECK(stats_noisy(high, ONE_OUT_N), "max %.0f%% above the mean, stdev %.1f%%: noisy by the max rule alone",
          100 * (1 + d - mh) / mh, 100 * sd / mh);
    const double e = S;
    double spread[6] = {1 - e, 1 - e, 1 - e, 1 + e, 1 + e, 1 + e};
    REQUIRE(e * sqrt(6.0 / 5) >= S && e < R, "stdev fixture no longer trips only the stdev rule");
    CHECK(stats_noisy(spread, 6), "stdev %.2f%% of the mean, min and max %.0f%% from it: noisy by the stdev rule alone",
          100 * e * sqrt(6.0 / 5), 100 * e);
    /* Near misses: the same shapes under each threshold are quiet. */
    low[0] = 1 - (R - 0.1);
    high[ONE_OUT_N - 1] = 1 + (R - 0.1);
    const double e2 = 0.9 * S / sqrt(6.0 / 5);
    double quiet[6] = {1 - e2, 1 - e2, 1 - e2, 1 + e2, 1 + e2, 1 + e2};
    CHECK(!stats_noisy(low, ONE_OUT_N) && !stats_noisy(high, ONE_OUT_N) && !stats_noisy(quiet, 6),
          "an outlier %.0f%% away, or a stdev 90%% of the threshold, is not noisy", 100 * (R - 0.1));
    /* The short-run rule, alone: 0.90, 0.95, 1.00 of the limit (stdev 5%,
     * range 5%: quiet); at 1.0, 1.05, 1.1 of it, not short. */
    const double L = STATS_SHORT_RUN_S;
    double brief[3] = {0.90 * L, 0.95 * L, 1.00 * L}, enough[3] = {1.0 * L, 1.05 * L, 1.1 * L};
    CHECK(stats_too_short(brief, 3) && !stats_noisy(brief, 3), "a shortest run at 90%% of %g s is too short, not noisy", L);
    CHECK(!stats_too_short(enough, 3), "a shortest run at the limit is not too short");
    CHECK(!stats_noisy(spread, 1) && !stats_noisy(spread, 0), "one run or none is never noisy");
}

/* ---- the reference: Python's statistics module ----------------------------- */

#define REF_SEED 0x5EED2026u
#define REF_SAMPLES 300 /* sizes 1..200 once each, then 100 of random sizes */
#define REF_SIZE_MAX 200
#define REF_REL 1e-12
#define REF_REPORT_MAX 8
/* Cut points compared per sample: quartiles, deciles, percentiles. */
static const unsigned ref_cuts[] = {4, 10, 100};

/* splitmix64, the test's own (stats.c's bootstrap has its own copy). */
static uint64_t ref_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static double ref_unit(uint64_t *s) /* uniform in (0, 1) */
{
    return ((double)(ref_next(s) >> 11) + 0.5) / 9007199254740992.0;
}

/* One sample of n run times: a base between 0.1 ms and 10 s, then one of
 * five shapes: exponential spread; the same rounded to 1% steps (ties);
 * spread with outliers 10 to 1000 times slower; nearly constant (1e-6
 * relative: where a one-pass variance loses every digit); all equal. */
static void ref_sample(uint64_t *s, size_t n, double *x)
{
    const double base = pow(10, -4 + 5 * ref_unit(s));
    const unsigned shape = (unsigned)(ref_next(s) % 5);
    for (size_t i = 0; i < n; i++) {
        double v = base * (1 - 0.1 * log(ref_unit(s)));
        switch (shape) {
        case 1: v = base * round(v / base * 100) / 100; break;
        case 2: if (ref_unit(s) < 0.1) v *= pow(10, 1 + 2 * ref_unit(s)); break;
        case 3: v = base * (1 + 1e-6 * ref_unit(s)); break;
        case 4: v = base; break;
        default: break;
        }
        x[i] = v;
    }
}

/* Reads a sample per line; writes, per line: median, mean, stdev, then the
 * cut points of quantiles(n=4, 10, 100, method='inclusive') (type 7). */
static const char ref_script[] =
    "import statistics, sys\n"
    "out = []\n"
    "for line in open(sys.argv[1]):\n"
    "    xs = [float(t) for t in line.split()]\n"
    "    r = [statistics.median(xs), statistics.mean(xs), statistics.stdev(xs) if len(xs) > 1 else 0.0]\n"
    "    for n in (4, 10, 100):\n"
    "        # 3.12 refuses a single value; every cut point is that value\n"
    "        r += statistics.quantiles(xs, n=n, method='inclusive') if len(xs) > 1 else [xs[0]] * (n - 1)\n"
    "    out.append(' '.join(repr(v) for v in r))\n"
    "open(sys.argv[2], 'w').write('\\n'.join(out) + '\\n')\n"
    "print('%d.%d.%d' % sys.version_info[:3])\n";

struct ref_tally {
    long compared, wrong;
};

static void ref_compare(struct ref_tally *t, size_t sample, size_t n, const char *what, double got, double want,
                        double floor)
{
    t->compared++;
    const double scale = fmax(fabs(want), floor);
    if (fabs(got - want) <= REF_REL * scale)
        return;
    if (t->wrong++ < REF_REPORT_MAX)
        CHECK(false, "sample %zu (n = %zu): %s: C %.17g, Python %.17g (off by %.2g of %.3g)", sample, n, what, got,
              want, fabs(got - want) / scale, scale);
}

static void t_reference_python(void)
{
    char py[PATH_MAX];
    if (!t_python_any("statistics against Python's statistics module", py))
        return;
    char *dir = tmpdir_make(), in[PATH_MAX], out[PATH_MAX], script[PATH_MAX];
    REQUIRE(dir, "mkdtemp");
    static double xs[REF_SAMPLES][REF_SIZE_MAX];
    size_t sizes[REF_SAMPLES];
    uint64_t rng = REF_SEED;
    FILE *f = fopen(path_in(in, dir, "samples.txt"), "w");
    REQUIRE_OR(done, f, "cannot write the samples");
    for (size_t k = 0; k < REF_SAMPLES; k++) {
        sizes[k] = k < REF_SIZE_MAX ? k + 1 : 1 + (size_t)(ref_next(&rng) % REF_SIZE_MAX);
        ref_sample(&rng, sizes[k], xs[k]);
        for (size_t i = 0; i < sizes[k]; i++)
            fprintf(f, "%s%.17g", i ? " " : "", xs[k][i]);
        fputc('\n', f);
    }
    REQUIRE_OR(done, fclose(f) == 0, "cannot write the samples");
    write_file(path_in(script, dir, "ref.py"), ref_script);
    char *argv[] = {py, "-I", script, in, path_in(out, dir, "stats.txt"), NULL};
    struct proc p;
    REQUIRE_OR(done, proc_run(argv, &p) == 0, "cannot run %s", py);
    bool ran = CHECK(p.exited && p.code == 0, "%s failed (exit %d): %s", py, p.code, p.err);
    char version[32];
    snprintf(version, sizeof version, "%.*s", (int)strcspn(p.out, "\n"), p.out);
    proc_free(&p);
    if (!ran)
        goto done;
    char *text = slurp(out, NULL), *line = text, *save = NULL;
    REQUIRE_OR(done, text, "no output from Python");
    struct ref_tally t = {0};
    size_t k = 0;
    for (line = strtok_r(text, "\n", &save); line && k < REF_SAMPLES; line = strtok_r(NULL, "\n", &save), k++) {
        const size_t n = sizes[k];
        double sorted[REF_SIZE_MAX], want[3 + 4 + 10 + 100];
        size_t nw = 0;
        for (char *end, *q = line; nw < sizeof want / sizeof want[0]; q = end) {
            want[nw] = strtod(q, &end);
            if (end == q)
                break;
            nw++;
        }
        if (!CHECK(nw == 3 + 3 + 9 + 99, "sample %zu: Python gave %zu numbers", k, nw))
            continue;
        sorted_copy(xs[k], n, sorted);
        const double mean = stats_mean(xs[k], n);
        ref_compare(&t, k, n, "median", stats_quantile(sorted, n, 0.5), want[0], 0);
        ref_compare(&t, k, n, "mean", mean, want[1], 0);
        /* A stdev below 1e-12 of the mean is zero at this precision: the
         * two-pass sum of a constant sample leaves ~1e-17 behind. */
        ref_compare(&t, k, n, "stdev", stats_stdev(xs[k], n), want[2], fabs(want[1]));
        size_t w = 3;
        for (size_t c = 0; c < sizeof ref_cuts / sizeof ref_cuts[0]; c++)
            for (unsigned i = 1; i < ref_cuts[c]; i++, w++) {
                char what[48];
                snprintf(what, sizeof what, "quantile %u/%u (type 7)", i, ref_cuts[c]);
                ref_compare(&t, k, n, what, stats_quantile(sorted, n, (double)i / ref_cuts[c]), want[w], 0);
            }
    }
    free(text);
    CHECK(k == REF_SAMPLES, "Python answered %zu samples of %d", k, REF_SAMPLES);
    CHECK(t.wrong == 0, "%ld of %ld values differ from Python %s's statistics by more than %g relative", t.wrong,
          t.compared, version, REF_REL);
    printf("\n    reference: %ld values of %d samples agree with Python %s's statistics to %g relative\n", t.compared,
           REF_SAMPLES, version, REF_REL);
done:
    tmpdir_remove(dir);
}

/* ---- the reference: the CI of the median, exactly ---------------------------- */

/* Unsigned integers of 256 bits, little-endian 32-bit limbs: enough for
 * 2^200 times a small factor.  Only addition, multiplication by a small
 * number and comparison: each obviously right. */
#define BIG_LIMBS 8
struct big {
    uint32_t d[BIG_LIMBS];
};

static void big_add(struct big *r, const struct big *a)
{
    uint64_t carry = 0;
    for (int i = 0; i < BIG_LIMBS; i++) {
        carry += (uint64_t)r->d[i] + a->d[i];
        r->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
}

static struct big big_times(const struct big *a, uint32_t k)
{
    struct big r = {{0}};
    uint64_t carry = 0;
    for (int i = 0; i < BIG_LIMBS; i++) {
        carry += (uint64_t)a->d[i] * k;
        r.d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    return r;
}

static int big_cmp(const struct big *a, const struct big *b)
{
    for (int i = BIG_LIMBS - 1; i >= 0; i--)
        if (a->d[i] != b->d[i])
            return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

static long double big_ld(const struct big *a)
{
    long double v = 0;
    for (int i = BIG_LIMBS - 1; i >= 0; i--)
        v = v * 4294967296.0L + a->d[i];
    return v;
}

#define CI_N_MAX 200

/* For n = 1..200 and five levels: C(n, i) by Pascal's rule, S_k = sum of
 * C(n, i) for i < k, and the interval's rank k the largest in 1..n/2 with
 * coverage 1 - 2 S_k / 2^n >= level = p/q, compared in integers as
 * (q - p) 2^n >= 2 q S_k (0: no rank reaches it, [min, max]).  Every
 * level's denominator has a factor 5, so no coverage equals it exactly
 * (2^n is never a multiple of 5): there are no ties to break. */
static void t_median_ci_exact(void)
{
    static const struct {
        uint32_t p, q;
    } levels[] = {{3, 5}, {4, 5}, {9, 10}, {19, 20}, {99, 100}};
    static struct big row[CI_N_MAX + 1];
    double x[CI_N_MAX];
    for (int i = 0; i < CI_N_MAX; i++)
        x[i] = i + 1; /* the values are the ranks */
    memset(row, 0, sizeof row);
    row[0].d[0] = 1;
    struct big pow2 = {{0}};
    pow2.d[0] = 1;
    long checked = 0, wrong = 0;
    for (unsigned n = 1; n <= CI_N_MAX; n++) {
        for (unsigned i = n; i > 0; i--) /* row n from row n - 1 */
            big_add(&row[i], &row[i - 1]);
        pow2 = big_times(&pow2, 2);
        for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
            const double level = (double)levels[l].p / levels[l].q;
            const struct big lhs = big_times(&pow2, levels[l].q - levels[l].p);
            struct big s = {{0}}, s_best = {{0}};
            unsigned best = 0;
            for (unsigned k = 1; k <= n / 2; k++) {
                big_add(&s, &row[k - 1]); /* S_k */
                struct big rhs = big_times(&s, 2 * levels[l].q);
                if (big_cmp(&lhs, &rhs) < 0)
                    break;
                best = k;
                s_best = s;
            }
            if (!best)
                s_best = row[0]; /* [min, max]: P(B <= 0) = 1 / 2^n */
            const double want_cov = (double)(1 - 2 * big_ld(&s_best) / big_ld(&pow2));
            const double want_lo = best ? best : 1, want_hi = best ? n - best + 1 : n;
            double lo, hi, cov;
            stats_median_ci(x, n, level, &lo, &hi, &cov);
            checked++;
            if ((lo != want_lo || hi != want_hi || fabs(cov - want_cov) > 1e-12) && wrong++ < REF_REPORT_MAX)
                CHECK(false, "n = %u, level %u/%u: ranks [%g, %g] covering %.15g; exact: [%g, %g] covering %.15g", n,
                      levels[l].p, levels[l].q, lo, hi, cov, want_lo, want_hi, want_cov);
        }
    }
    CHECK(wrong == 0, "%ld of %ld intervals differ from the exact binomial sums", wrong, checked);
}

static CU_TestInfo stats_tests[] = {
    {"quantiles (type 7) of skewed samples by hand", t_quantiles_skewed},
    {"mean and sample stdev of a skewed sample by hand", t_mean_stdev_skewed},
    {"median CI: order statistics of skewed samples by hand", t_median_ci_skewed},
    {"speedup (strong, weak) and Karp-Flatt by hand", t_speedup_karp_flatt},
    {"Amdahl and Gustafson fits on noisy points", t_fits_noisy},
    {"each noise rule alone trips stats_noisy", t_noise_each_rule_alone},
    CU_TEST_INFO_NULL,
};

static CU_TestInfo reference_tests[] = {
    {"median, quantiles, mean, stdev against Python's statistics", t_reference_python},
    {"median CI against exact binomial sums, n = 1..200", t_median_ci_exact},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo stats_suites[] = {
    {"statistics", NULL, NULL, NULL, NULL, stats_tests},
    {"statistics reference", NULL, NULL, NULL, NULL, reference_tests},
    CU_SUITE_INFO_NULL,
};
