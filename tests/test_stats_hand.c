/* test_stats_hand.c - common/stats.c's ratio interval and pyperf's noise
 * thresholds against values worked out by hand: the bootstrap interval of
 * a ratio of medians on samples small enough that its exact distribution
 * can be enumerated, and the 50% min/max rule on forty runs.  (The pure
 * functions' skewed and noisy fixtures, and their independent references,
 * are in test_stats.c.) */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "stats.h"
#include "tests.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) <= 1e-9 * (1 + fabs((double)(b))))

/* pyperf 2.9.0's thresholds: 50% for min/max, not the 25% of old.  Forty
 * runs keep the stdev under 10% of the mean so the range rule decides. */
static void t_noise_range(void)
{
    double x[40];
    for (int i = 0; i < 39; i++)
        x[i] = 1.0;
    x[39] = 1.55; /* mean 1.01375: max 52.9% above it, stdev 8.6% of it */
    CHECK(stats_noisy(x, 40), "a max 53%% above the mean is noisy");
    x[39] = 1.40; /* mean 1.01: max 38.6% above it (noisy by the old 25%), stdev 6.2% */
    CHECK(!stats_noisy(x, 40), "a max 39%% above the mean is not noisy by the 50%% rule");
    double fast[] = {0.0009, 0.002, 0.003}, slow[] = {0.001, 0.002, 0.003};
    CHECK(stats_too_short(fast, 3) && !stats_too_short(slow, 3), "under 1 ms is too short; 1 ms is not");
}

/* The exact bootstrap distribution of median(a*) / median(b*), by
 * enumerating every resample (n^n index tuples per sample), and its
 * quantile p: the smallest ratio whose cumulative probability reaches p.
 * *gap: how far p is from the cumulative probabilities on either side of
 * that ratio (a Monte Carlo estimate with R resamples lands on the same
 * ratio when gap is many times sqrt(p (1-p) / R)). */
#define EXACT_MAX 5
struct atom {
    double v, p;
};

static int atom_cmp(const void *x, const void *y)
{
    double a = ((const struct atom *)x)->v, b = ((const struct atom *)y)->v;
    return (a > b) - (a < b);
}

static size_t exact_medians(const double *x, size_t n, struct atom *out)
{
    size_t idx[EXACT_MAX] = {0}, count = 0, total = 1;
    for (size_t i = 0; i < n; i++)
        total *= n;
    for (size_t t = 0; t < total; t++) {
        double v[EXACT_MAX];
        for (size_t i = 0; i < n; i++)
            v[i] = x[idx[i]];
        stats_sort(v, n);
        out[count++] = (struct atom){(v[(n - 1) / 2] + v[n / 2]) / 2, 1.0 / (double)total};
        for (size_t i = 0; i < n && ++idx[i] == n; i++) /* the next tuple, odometer order */
            idx[i] = 0;
    }
    return count;
}

static double exact_ratio_quantile(const double *a, size_t na, const double *b, size_t nb, double p, double *gap)
{
    static struct atom ma[3125], mb[3125], r[3125 * 27];
    size_t ka = exact_medians(a, na, ma), kb = exact_medians(b, nb, mb), k = 0;
    for (size_t i = 0; i < ka; i++)
        for (size_t j = 0; j < kb && k < sizeof r / sizeof r[0]; j++)
            r[k++] = (struct atom){ma[i].v / mb[j].v, ma[i].p * mb[j].p};
    qsort(r, k, sizeof r[0], atom_cmp);
    double cum = 0;
    for (size_t i = 0; i < k;) {
        double before = cum, v = r[i].v;
        for (; i < k && r[i].v == v; i++)
            cum += r[i].p;
        if (cum >= p) {
            *gap = fmin(p - before, cum - p);
            return v;
        }
    }
    *gap = 0;
    return NAN;
}

static void t_ratio_ci_by_hand(void)
{
    double lo, hi;
    /* a = {1, 2, 10}, b = {2}: a resample's median is 1 when two or three
     * of its three draws are 1: 3 (1/3)^2 (2/3) + (1/3)^3 = 7/27; 10 with
     * the same 7/27; 2 otherwise (13/27).  The 2.5% and 97.5% points are
     * the medians 1 and 10, over median(b) = 2: [0.5, 5].  (The point
     * ratio is 1; a mean-based interval would centre on 13/6.) */
    const double a1[] = {10, 1, 2}, b1[] = {2};
    REQUIRE(stats_ratio_ci(a1, 3, b1, 1, 0.95, 1, 20000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, 0.5) && NEAR(hi, 5), "{1,2,10}/{2} at 95%%: [%g, %g], want [0.5, 5]", lo, hi);
    /* a = {1, 2, 3, 4, 100}, b = {1}, 80%: P(median <= x(j)) = P(B(5, j/5)
     * >= 3): j = 1: 0.05792, j = 2: 0.31744, j = 3: 0.68256, j = 4:
     * 0.94208.  The 10% point is x(2) = 2, the 90% point x(4) = 4: [2, 4],
     * inside [min, max] and far from the skewed mean (22). */
    const double a2[] = {100, 3, 1, 4, 2}, b2[] = {1};
    REQUIRE(stats_ratio_ci(a2, 5, b2, 1, 0.80, 7, 20000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, 2) && NEAR(hi, 4), "{1,2,3,4,100}/{1} at 80%%: [%g, %g], want [2, 4]", lo, hi);
    /* Scaling b scales the interval: b = {0.5} doubles it. */
    const double b3[] = {0.5};
    REQUIRE(stats_ratio_ci(a2, 5, b3, 1, 0.80, 7, 20000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, 4) && NEAR(hi, 8), "{1,2,3,4,100}/{0.5} at 80%%: [%g, %g], want [4, 8]", lo, hi);
}

/* Two skewed samples of 4 and 3 (even n: the median averages the middle
 * pair) against the exact bootstrap distribution; the same seed gives the
 * same interval, and bad input is refused. */
static void t_ratio_ci_exact(void)
{
    const double a[] = {4.0, 1.1, 3.0, 1.3}, b[] = {2.5, 0.8, 1.1};
    double glo, ghi, lo, hi, lo2, hi2;
    double want_lo = exact_ratio_quantile(a, 4, b, 3, 0.025, &glo);
    double want_hi = exact_ratio_quantile(a, 4, b, 3, 0.975, &ghi);
    /* By hand: the lowest medians of a* are 1.1 (three or four draws of
     * 1.1: P = 13/256) and 1.2 (two of 1.1, the least other 1.3: P =
     * 6/16 * 5/16 = 30/256); the highest of b* is 2.5 (P = 7/27).  So
     * P(ratio <= 1.1/2.5) = 0.013 < 0.025 <= P(ratio <= 1.2/2.5 = 0.48) =
     * 43/256 * 7/27 = 0.0435: 0.48 is the 2.5% point.  At the top, only
     * 4.0/0.8 = 5 (P = 13/256 * 7/27 = 0.013) lies above (3.0 + 4.0)/2/0.8
     * = 4.375, the 97.5% point. */
    REQUIRE(NEAR(want_lo, 0.48) && NEAR(want_hi, 4.375), "exact reference [%g, %g], want [0.48, 4.375]", want_lo,
            want_hi);
    REQUIRE(glo > 0.01 && ghi > 0.01, "fixture too close to a jump: gaps %g %g", glo, ghi);
    REQUIRE(stats_ratio_ci(a, 4, b, 3, 0.95, 42, 10000, &lo, &hi) == 0, "stats_ratio_ci failed");
    CHECK(NEAR(lo, want_lo) && NEAR(hi, want_hi), "bootstrap [%g, %g], exact [%g, %g]", lo, hi, want_lo, want_hi);
    stats_ratio_ci(a, 4, b, 3, 0.95, 42, 10000, &lo2, &hi2);
    CHECK(lo2 == lo && hi2 == hi, "the same seed gives the same interval");
    CHECK(stats_verdict(lo, hi) == STATS_UNSURE && stats_verdict(1.01, 2) == STATS_ABOVE_1 &&
              stats_verdict(0.5, 0.99) == STATS_BELOW_1 && stats_verdict(NAN, NAN) == STATS_UNSURE,
          "verdicts: [%g, %g] contains 1", lo, hi);
    const double zero[] = {1, 0};
    CHECK(stats_ratio_ci(a, 0, b, 3, 0.95, 1, 100, &lo, &hi) == -1 && isnan(lo) && isnan(hi), "empty sample");
    CHECK(stats_ratio_ci(a, 4, zero, 2, 0.95, 1, 100, &lo, &hi) == -1, "a zero time");
    CHECK(stats_ratio_ci(a, 4, b, 3, 1.0, 1, 100, &lo, &hi) == -1, "level 1");
    CHECK(stats_seed_for(1, "x") != stats_seed_for(1, "y") && stats_seed_for(1, "x") == stats_seed_for(1, "x"),
          "seeds per name");
}

static CU_TestInfo hand_tests[] = {
    {"pyperf 2.9.0: 50% min/max threshold, 1 ms runs", t_noise_range},
    {"ratio interval: hand-computed bootstrap cases", t_ratio_ci_by_hand},
    {"ratio interval: exact bootstrap distribution", t_ratio_ci_exact},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo stats_hand_suites[] = {
    {"statistics by hand", NULL, NULL, NULL, NULL, hand_tests},
    CU_SUITE_INFO_NULL,
};
