/* test_orderstat.c - the order statistics under the bootstrap and the low
 * quantile (common/orderstat.c).
 *
 * "order statistics": quickselect against sorting (random with ties,
 * sorted, reversed, constant; every p from 0 to 1); the quantile interval
 * against exact binomial sums in integers for p = 1/4, 1/10 and 1/2 at
 * three levels, so an interval computed for the median when a low
 * quantile was asked (or with one tail's rank off by one) fails. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orderstat.h"
#include "rng.h"
#include "tests.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type 7 from a sorted copy (n <= 300). */
static double ref_quantile(const double *x, size_t n, double p)
{
    double s[300];
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    return i + 1 >= n ? s[n - 1] : s[i] + (h - (double)i) * (s[i + 1] - s[i]);
}

static void t_select_against_sort(void)
{
    uint64_t st = 31;
    double x[300], y[300];
    const double ps[] = {0, 0.025, 0.1, 0.25, 0.5, 0.75, 0.975, 1, 1.0 / 3};
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 1 + rng_index(&st, 300);
        int shape = trial % 4; /* random with ties, sorted, reversed, constant */
        for (size_t i = 0; i < n; i++)
            x[i] = shape == 3 ? 7 : shape == 0 ? (double)rng_index(&st, 20) : (double)i;
        if (shape == 2)
            for (size_t i = 0; i < n; i++)
                x[i] = (double)(n - i);
        for (size_t j = 0; j < sizeof ps / sizeof ps[0]; j++) {
            memcpy(y, x, n * sizeof *x);
            double got = orderstat_select(y, n, ps[j]), want = ref_quantile(x, n, ps[j]);
            if (!CHECK(got == want, "n %zu shape %d p %g: %.17g, sorting says %.17g", n, shape, ps[j], got, want))
                return;
        }
    }
    CHECK(isnan(orderstat_select(x, 0, 0.5)), "no quantile of nothing");
}

/* Exact: with p = a/b, P(B = i) = C(n, i) a^i (b - a)^(n - i) / b^n, all in
 * integers; a rank is taken when its miss times tail_den <= b^n (tail =
 * (1 - level) / 2 = 1 / tail_den). */
static void ref_ranks(unsigned n, unsigned a, unsigned b, unsigned tail_den, size_t *l, size_t *u, double *cov)
{
    u128 pmf[101], D = 1, C = 1;
    for (unsigned i = 0; i < n; i++)
        D *= b;
    for (unsigned i = 0; i <= n; i++) {
        u128 t = C;
        for (unsigned j = 0; j < i; j++)
            t *= a;
        for (unsigned j = i; j < n; j++)
            t *= b - a;
        pmf[i] = t;
        C = C * (n - i) / (i + 1);
    }
    u128 cdf = 0, miss_lo = pmf[0], sf = 0, miss_hi = pmf[n];
    *l = 1;
    for (unsigned i = 0; i < n; i++) {
        cdf += pmf[i];
        if (cdf * tail_den > D)
            break;
        *l = i + 1;
        miss_lo = cdf;
    }
    *u = n;
    for (unsigned i = n; i >= 1; i--) {
        sf += pmf[i];
        if (sf * tail_den > D)
            break;
        *u = i;
        miss_hi = sf;
    }
    *cov = 1 - ((double)miss_lo + (double)miss_hi) / (double)D;
}

static void t_quantile_ci_exact(void)
{
    const struct {
        unsigned a, b, nmax;
    } ps[] = {{1, 4, 60}, {1, 10, 30}, {1, 2, 100}};
    const struct {
        double level;
        unsigned tail_den;
    } levels[] = {{0.95, 40}, {0.9, 20}, {0.5, 4}};
    double x[100];
    for (size_t i = 0; i < 100; i++)
        x[i] = (double)(i + 1) * (i + 1); /* x(r) = r^2 tells the rank */
    for (size_t pi = 0; pi < 3; pi++)
        for (size_t li = 0; li < 3; li++)
            for (unsigned n = 1; n <= ps[pi].nmax; n++) {
                size_t l, u;
                double cov, q, lo, hi, got_cov;
                ref_ranks(n, ps[pi].a, ps[pi].b, levels[li].tail_den, &l, &u, &cov);
                double p = (double)ps[pi].a / ps[pi].b;
                orderstat_quantile_ci(x, n, p, levels[li].level, &q, &lo, &hi, &got_cov);
                if (!CHECK(lo == x[l - 1] && hi == x[u - 1] && fabs(got_cov - cov) <= 1e-9,
                           "p = %g, level %g, n = %u: ranks %g %g at %.12g, exactly %zu %zu at %.12g", p,
                           levels[li].level, n, sqrt(lo), sqrt(hi), got_cov, l, u, cov))
                    return;
            }
    double q, lo, hi, cov;
    CHECK(orderstat_quantile_ci(x, 0, 0.25, 0.95, &q, &lo, &hi, &cov) == -1 && isnan(q) &&
              orderstat_quantile_ci(x, 5, 0, 0.95, &q, &lo, &hi, &cov) == -1,
          "n = 0 or p = 0 accepted");
}

static CU_TestInfo orderstat_tests[] = {
    {"quickselect against sorting, ties and sorted input", t_select_against_sort},
    {"quantile interval against exact binomial sums", t_quantile_ci_exact},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo orderstat_suites[] = {
    {"order statistics", NULL, NULL, NULL, NULL, orderstat_tests},
    CU_SUITE_INFO_NULL,
};
