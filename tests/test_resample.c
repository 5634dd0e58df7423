/* test_resample.c - the bootstrap of processes x values (common/resample.c)
 * on fixtures whose answers are known by hand, and that tell a right
 * answer from a plausible wrong one (test_bootref.c holds the independent
 * references, test_orderstat.c the order statistics under them).
 *
 * "resample": the levels reached (n = 0..8, exact); the precision and the
 * runs needed; degenerate cells (identical values, one process); the
 * paired estimate (the median of the pair ratios, not the ratio of the
 * medians); the paired interval narrower than the unpaired one when the
 * machine drifts; seeds; the spread between and within processes; the low
 * quantile of a cell; bad input. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orderstat.h"
#include "resample.h"
#include "resample_fixture.h"
#include "rng.h"
#include "tests.h"

/* ---- the level reached, the precision ---------------------------------------- */

/* 1 - 2 * 0.5^n: n = 1: 0; 2: 1/2; 3: 3/4; 4: 7/8; 5: 15/16; 6: 31/32;
 * 7: 63/64; 8: 127/128 - capped at the nominal level. */
static void t_level_reached(void)
{
    const double cov[] = {0, 0, 0.5, 0.75, 0.875, 0.9375, 0.96875, 0.984375, 0.9921875};
    for (size_t n = 0; n <= 8; n++) {
        double want95 = fmin(0.95, cov[n]), want99 = fmin(0.99, cov[n]);
        CHECK(resample_level_reached(n, 0.95) == want95, "n = %zu at 95%%: %.17g, want %.17g", n,
              resample_level_reached(n, 0.95), want95);
        CHECK(resample_level_reached(n, 0.99) == want99, "n = %zu at 99%%: %.17g, want %.17g", n,
              resample_level_reached(n, 0.99), want99);
    }
    /* A low quantile needs more units: p = 1/4, n = 4: 1 - 1/256 - 81/256. */
    CHECK(near_rel(orderstat_level_reached(4, 0.25, 0.95), 174.0 / 256, HAND), "p = 1/4, n = 4: %.17g, want 174/256",
          orderstat_level_reached(4, 0.25, 0.95));
    CHECK(near_rel(orderstat_minmax_coverage(10, 0.1), 1 - 1e-10 - pow(0.9, 10), HAND), "p = 0.1, n = 10");
}

/* [1.9, 2.1] around 2: +-5%.  A cost from [1.063, 1.070]: +-0.35 points.
 * Runs needed: 10 units at +-4% for +-1%: 10 * 4^2 = 160 (linear in the
 * width it would say 40); at +-0.5% already: 10; 123 pairs at 0.35 points
 * for 1 point: 123.  ceil: 7 units at 0.03 for 0.02: 7 * 2.25 = 15.75 -> 16. */
static void t_precision_by_hand(void)
{
    CHECK(near_rel(resample_rel_halfwidth(2, 1.9, 2.1), 0.05, HAND), "(2.1 - 1.9) / 2 / 2 = %.17g",
          resample_rel_halfwidth(2, 1.9, 2.1));
    CHECK(near_rel(resample_points_halfwidth(1.063, 1.070), 0.35, 1e-9), "points: %.17g, want 0.35",
          resample_points_halfwidth(1.063, 1.070));
    CHECK(isnan(resample_rel_halfwidth(2, NAN, NAN)) && isnan(resample_rel_halfwidth(0, 1, 2)) &&
              isnan(resample_points_halfwidth(NAN, 1)),
          "no precision without an interval");
    CHECK(resample_runs_needed(10, 0.04, 0.01) == 160, "10 units, +-4%% -> +-1%%: %zu, want 160",
          resample_runs_needed(10, 0.04, 0.01));
    CHECK(resample_runs_needed(10, 0.005, 0.01) == 10, "target met: %zu, want 10", resample_runs_needed(10, 0.005, 0.01));
    CHECK(resample_runs_needed(123, 0.35, 1) == 123, "123 pairs at 0.35 points: %zu", resample_runs_needed(123, 0.35, 1));
    CHECK(resample_runs_needed(7, 0.03, 0.02) == 16, "7 * 2.25 = 15.75 -> 16: %zu", resample_runs_needed(7, 0.03, 0.02));
    CHECK(resample_runs_needed(0, 0.03, 0.02) == 0 && resample_runs_needed(5, NAN, 0.02) == 0 &&
              resample_runs_needed(5, 0.03, 0) == 0,
          "runs needed: 0 when it cannot tell");
}

/* ---- degenerate cells ---------------------------------------------------------- */

static void t_identical_and_one(void)
{
    struct tcell *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    const double same[] = {1.5, 1.5, 1.5, 1.5}, twice[] = {3, 3, 3};
    for (int i = 0; i < 6; i++) {
        tcell_add(a, same, 1 + (size_t)i % 4);
        tcell_add(b, twice, 1 + (size_t)i % 3);
    }
    struct resample_cell ca = view(a), cb = view(b);
    struct resample_ci ci;
    REQUIRE_OR(out, resample_median_ci(&ca, 0.95, 7, 1000, &ci) == 0, "median of identical values");
    CHECK(ci.estimate == 1.5 && ci.lo == 1.5 && ci.hi == 1.5 && ci.units == 6 && ci.reached == 0.95,
          "identical values: %g [%g, %g] n %zu at %g, want 1.5 [1.5, 1.5] n 6 at 0.95", ci.estimate, ci.lo, ci.hi,
          ci.units, ci.reached);
    REQUIRE_OR(out, resample_ratio_ci(&ca, &cb, 0.95, 7, 1000, &ci) == 0, "ratio of identical values");
    CHECK(ci.estimate == 0.5 && ci.lo == 0.5 && ci.hi == 0.5, "1.5 / 3: %g [%g, %g]", ci.estimate, ci.lo, ci.hi);
    REQUIRE_OR(out, resample_paired_ratio_ci(&ca, &cb, 0.95, 7, 1000, &ci) == 0, "paired ratio of identical values");
    CHECK(ci.estimate == 0.5 && ci.lo == 0.5 && ci.hi == 0.5 && ci.units == 6, "paired 1.5 / 3: %g [%g, %g]",
          ci.estimate, ci.lo, ci.hi);
    /* One process: the estimate, and no interval (level reached 0). */
    const double vals[] = {1, 2, 4, 8, 16};
    struct tcell *one = calloc(1, sizeof *one);
    tcell_add(one, vals, 5);
    struct resample_cell c1 = view(one);
    REQUIRE_OR(out1, resample_median_ci(&c1, 0.95, 7, 1000, &ci) == 0, "one process");
    CHECK(ci.estimate == 4 && isnan(ci.lo) && isnan(ci.hi) && ci.reached == 0 && ci.units == 1,
          "one process: %g [%g, %g] at %g, want 4, no interval, level 0", ci.estimate, ci.lo, ci.hi, ci.reached);
    REQUIRE_OR(out1, resample_ratio_ci(&c1, &ca, 0.95, 7, 1000, &ci) == 0, "one process against six");
    CHECK(ci.estimate == 4 / 1.5 && isnan(ci.lo) && ci.reached == 0 && ci.units == 1,
          "ratio with one process: %g [%g, %g] at %g", ci.estimate, ci.lo, ci.hi, ci.reached);
out1:
    free(one);
out:
    free(a);
    free(b);
}


/* Pairs of one value: a = {1, 2, 10}, b = {2, 1, 4}.  Pair ratios 0.5, 2,
 * 2.5: their median is 2, where the ratio of the medians is 2 / 2 = 1.
 * A fourth pair disturbed in a alone ({1000} over {3}): the ratios 0.5, 2,
 * 2.5, 333 have median 2.25 - one rank moved - while their mean jumps to
 * 84.5. */
static void t_paired_by_hand(void)
{
    const double a[] = {1, 2, 10, 1000}, b[] = {2, 1, 4, 3};
    const size_t k[] = {1, 1, 1, 1};
    struct resample_cell ca = {a, k, 3}, cb = {b, k, 3};
    struct resample_ci ci;
    REQUIRE(resample_paired_ratio_ci(&ca, &cb, 0.95, 1, 500, &ci) == 0, "paired");
    CHECK(ci.estimate == 2 && ci.units == 3 && ci.reached == 0.75, "3 pairs: %g from %zu at %g, want 2 from 3 at 0.75",
          ci.estimate, ci.units, ci.reached);
    REQUIRE(resample_ratio_ci(&ca, &cb, 0.95, 1, 500, &ci) == 0, "unpaired");
    CHECK(ci.estimate == 1, "the ratio of the medians: %g, want 1", ci.estimate);
    ca.processes = cb.processes = 4;
    REQUIRE(resample_paired_ratio_ci(&ca, &cb, 0.95, 1, 500, &ci) == 0, "paired, one disturbed");
    CHECK(ci.estimate == 2.25 && ci.reached == 0.875, "4 pairs, one disturbed: %g at %g, want 2.25 at 0.875",
          ci.estimate, ci.reached);
}

/* ---- pairs against drift --------------------------------------------------------- */

/* 40 pairs of 5 values.  The machine drifts: pair i runs at a slowdown
 * d_i = exp(0.3 z), z uniform in [-1, 1], shared by both members; within,
 * 2% noise.  A is 5% slower than B.  The drift is noise to the unpaired
 * ratio and cancels in the pairs: the paired interval must be far
 * narrower, and still hold 1.05. */
static void t_paired_narrower_on_drift(void)
{
    struct tcell *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    uint64_t st = 2024;
    for (int i = 0; i < 40; i++) {
        double d = exp(0.3 * (2 * unit(&st) - 1)), va[5], vb[5];
        for (int j = 0; j < 5; j++) {
            va[j] = 1.05 * d * (1 + 0.02 * unit(&st));
            vb[j] = d * (1 + 0.02 * unit(&st));
        }
        tcell_add(a, va, 5);
        tcell_add(b, vb, 5);
    }
    struct resample_cell ca = view(a), cb = view(b);
    struct resample_ci paired, unpaired;
    REQUIRE_OR(out, resample_paired_ratio_ci(&ca, &cb, 0.95, 1, 4000, &paired) == 0, "paired");
    REQUIRE_OR(out, resample_ratio_ci(&ca, &cb, 0.95, 1, 4000, &unpaired) == 0, "unpaired");
    double wp = paired.hi - paired.lo, wu = unpaired.hi - unpaired.lo;
    CHECK(wp < wu / 4, "paired [%g, %g] (width %g) not 4 times narrower than unpaired [%g, %g] (width %g)", paired.lo,
          paired.hi, wp, unpaired.lo, unpaired.hi, wu);
    CHECK(paired.lo < 1.05 && 1.05 < paired.hi && fabs(paired.estimate - 1.05) < 0.01,
          "paired %g [%g, %g] misses the true 1.05", paired.estimate, paired.lo, paired.hi);
    CHECK(paired.units == 40 && paired.reached == 0.95, "40 pairs reach 95%%: %zu, %g", paired.units, paired.reached);
out:
    free(a);
    free(b);
}

/* ---- seeds, spread, bad input ------------------------------------------------------ */

static void t_seeded(void)
{
    struct tcell *a = calloc(1, sizeof *a);
    uint64_t st = 8;
    for (int i = 0; i < 20; i++) { /* continuous values: no ties at the ends */
        double v[5];
        for (int j = 0; j < 5; j++)
            v[j] = 1 + unit(&st);
        tcell_add(a, v, 5);
    }
    struct resample_cell ca = view(a);
    struct resample_ci x, y, z;
    resample_median_ci(&ca, 0.95, 42, 2000, &x);
    resample_median_ci(&ca, 0.95, 42, 2000, &y);
    resample_median_ci(&ca, 0.95, 43, 2000, &z);
    CHECK(x.lo == y.lo && x.hi == y.hi, "same seed: [%.17g, %.17g] then [%.17g, %.17g]", x.lo, x.hi, y.lo, y.hi);
    CHECK(x.lo != z.lo || x.hi != z.hi, "another seed, the same interval [%.17g, %.17g]", x.lo, x.hi);
    free(a);
}

/* {1, 2, 6} and {2, 4, 5}: process medians 2 and 4, so between = sd / mean
 * = sqrt(2) / 3 (their means 3 and 11/3 would give 0.1414).  Within,
 * relative to each process's mean: (-2, -1, 3) / 3 -> 14/9 and (-5, 1, 4) /
 * 11 -> 42/121; (14/9 + 42/121) / 4 = 518/1089. */
static void t_spread_by_hand(void)
{
    struct tcell *c = calloc(1, sizeof *c);
    const double p[] = {1, 2, 6}, q[] = {2, 4, 5};
    tcell_add(c, p, 3);
    tcell_add(c, q, 3);
    struct resample_cell cc = view(c);
    double between, within;
    REQUIRE_OR(out, resample_spread(&cc, &between, &within) == 0, "spread");
    CHECK(near_rel(between, sqrt(2) / 3, HAND), "between %.17g, want sqrt(2)/3", between);
    CHECK(near_rel(within, sqrt(518.0 / 1089), HAND), "within %.17g, want sqrt(518/1089)", within);
    memset(c, 0, sizeof *c);
    tcell_add(c, p, 1);
    tcell_add(c, q, 1);
    cc = view(c);
    resample_spread(&cc, &between, &within);
    CHECK(isnan(within) && near_rel(between, 1 / 1.5 / sqrt(2), HAND), "one value each: within %g, between %g", within,
          between);
out:
    free(c);
}

static void t_bad_input(void)
{
    const double ok[] = {1, 2, 3}, neg[] = {1, -2, 3}, nan_[] = {1, NAN, 3};
    const size_t k3[] = {3}, k21[] = {2, 1}, k0[] = {3, 0};
    struct resample_cell good = {ok, k3, 1}, two = {ok, k21, 2};
    struct resample_cell bad[] = {{neg, k3, 1}, {nan_, k3, 1}, {ok, k0, 2}, {ok, k3, 0}};
    struct resample_ci ci;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(resample_median_ci(&bad[i], 0.95, 1, 100, &ci) == -1 && isnan(ci.estimate) && isnan(ci.lo),
              "bad cell %zu accepted", i);
    CHECK(resample_median_ci(&good, 1.0, 1, 100, &ci) == -1 && resample_median_ci(&good, 0.95, 1, 1, &ci) == -1,
          "level 1 or one resample accepted");
    CHECK(resample_paired_ratio_ci(&good, &two, 0.95, 1, 100, &ci) == -1 && isnan(ci.estimate),
          "pairs of cells with 1 and 2 processes accepted");
    CHECK(resample_quantile_ratio_ci(&two, &two, 1.0, 0.95, 1, 100, &ci) == -1, "quantile p = 1 accepted");
}

/* The low quantile of a cell: process medians {4, 1, 3, 2, 5, 8, 6, 7, 10,
 * 9} (k = 1 or 3), p = 1/4 at 90%: the interval of orderstat_quantile_ci
 * on 1..10, whatever order the processes came in. */
static void t_quantile_cell(void)
{
    struct tcell *c = calloc(1, sizeof *c);
    const double med[] = {4, 1, 3, 2, 5, 8, 6, 7, 10, 9};
    for (int i = 0; i < 10; i++) {
        double v[3] = {med[i] - 0.5, med[i], med[i] + 2};
        tcell_add(c, i % 2 ? v + 1 : v, i % 2 ? 1 : 3);
    }
    struct resample_cell cc = view(c);
    struct resample_ci ci;
    const double sorted[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double q, lo, hi, cov;
    orderstat_quantile_ci(sorted, 10, 0.25, 0.9, &q, &lo, &hi, &cov);
    REQUIRE_OR(out, resample_quantile_ci(&cc, 0.25, 0.9, &ci) == 0, "quantile of a cell");
    CHECK(ci.estimate == 3.25 && q == 3.25 && ci.lo == lo && ci.hi == hi && ci.reached == fmin(0.9, cov),
          "q0.25 of 1..10: %g [%g, %g] at %g, want 3.25 [%g, %g] at %g", ci.estimate, ci.lo, ci.hi, ci.reached, lo, hi,
          fmin(0.9, cov));
out:
    free(c);
}


static CU_TestInfo resample_tests[] = {
    {"level reached n = 0..8 exactly, and for a low quantile", t_level_reached},
    {"precision and runs needed by hand", t_precision_by_hand},
    {"identical values collapse; one process has no interval", t_identical_and_one},
    {"paired estimate: the median of the pair ratios, by hand", t_paired_by_hand},
    {"paired interval narrower than unpaired under drift", t_paired_narrower_on_drift},
    {"same seed same interval, another seed another", t_seeded},
    {"spread between and within by hand", t_spread_by_hand},
    {"bad input refused with NAN", t_bad_input},
    {"low quantile of a cell's process medians", t_quantile_cell},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo resample_suites[] = {
    {"resample", NULL, NULL, NULL, NULL, resample_tests},
    CU_SUITE_INFO_NULL,
};
