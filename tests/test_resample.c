/* test_resample.c - the bootstrap of processes x values (common/resample.c)
 * on fixtures that tell a right answer from a plausible wrong one.
 *
 * "resample": the levels reached (n = 1..8, exact), the precision and the
 * runs needed by hand; degenerate cells (identical values, one process)
 * whose answers are known; every statistic's resamples against a naive,
 * obviously-correct implementation drawing the same stream (pool, sort,
 * take the middle), to the bit; the two-level bootstrap's whole
 * distribution against an exact enumeration; with identical values
 * within each process, the one-level bootstrap of process medians, by
 * enumeration; with one value per process, stats_ratio_ci to the bit; the
 * paired interval narrower than the unpaired one when the machine drifts;
 * the spread by hand; seeds; bad input.  (test_orderstat.c checks the
 * order statistics under them.) */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orderstat.h"
#include "resample.h"
#include "rng.h"
#include "tests.h"
/* stats.h moves from analysis/ to common/; either place will do. */
#if __has_include("stats.h")
#include "stats.h"
#else
#include "../analysis/stats.h"
#endif

#define HAND 1e-12

static bool near_rel(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fmax(fabs(want), 1e-300) || got == want;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type 7 from a sorted copy: the reference for every quantile here. */
static double ref_quantile(const double *x, size_t n, double p)
{
    double *s = malloc(n * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    double q = i + 1 >= n ? s[n - 1] : s[i] + (h - (double)i) * (s[i + 1] - s[i]);
    free(s);
    return q;
}

/* ---- cells for the fixtures -------------------------------------------------- */

#define CELL_MAX 2048

struct tcell {
    double v[CELL_MAX];
    size_t k[CELL_MAX];
    size_t n, total;
};

static struct resample_cell view(const struct tcell *c)
{
    return (struct resample_cell){c->v, c->k, c->n};
}

static void tcell_add(struct tcell *c, const double *v, size_t k)
{
    memcpy(c->v + c->total, v, k * sizeof *v);
    c->k[c->n++] = k;
    c->total += k;
}

/* A uniform double in [0, 1) from the test's own stream. */
static double unit(uint64_t *st)
{
    return (double)(rng_next(st) >> 11) * 0x1p-53;
}

/* n processes of kmin..kmax values, skewed (a slow tail) and rounded to
 * 1/100, so ties are common, as they are in resamples. */
static void tcell_random(struct tcell *c, size_t n, size_t kmin, size_t kmax, uint64_t *st)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < n; i++) {
        double v[64], base = 1 + unit(st);
        size_t k = kmin + rng_index(st, kmax - kmin + 1);
        for (size_t j = 0; j < k; j++)
            v[j] = round(100 * base * (1 + 0.3 * pow(unit(st), 4))) / 100;
        tcell_add(c, v, k);
    }
}

/* ---- the naive references: the documented stream, pooled and sorted -------- */

/* The canonical order (resample.h), by selection sort over whole
 * processes: values ascending within each; processes by their median (a
 * pair: the ratio of its medians), then count, then values; a pair's ties
 * then by b's count and values. */
static int cmp_proc(const double *x, size_t kx, const double *y, size_t ky)
{
    if (kx != ky)
        return kx < ky ? -1 : 1;
    for (size_t j = 0; j < kx; j++)
        if (x[j] != y[j])
            return x[j] < y[j] ? -1 : 1;
    return 0;
}

static void canon(struct tcell *a, struct tcell *b)
{
    struct tcell *ta = malloc(sizeof *ta), *tb = malloc(sizeof *tb);
    size_t oa[CELL_MAX], ob[CELL_MAX];
    double key[CELL_MAX];
    bool used[CELL_MAX] = {false};
    for (size_t i = 0, o = 0, q = 0; i < a->n; o += a->k[i], q += b ? b->k[i] : 0, i++) {
        oa[i] = o;
        qsort(a->v + o, a->k[i], sizeof *a->v, cmp_double);
        key[i] = ref_quantile(a->v + o, a->k[i], 0.5);
        if (b) {
            ob[i] = q;
            qsort(b->v + q, b->k[i], sizeof *b->v, cmp_double);
            key[i] /= ref_quantile(b->v + q, b->k[i], 0.5);
        }
    }
    memset(ta, 0, sizeof *ta);
    memset(tb, 0, sizeof *tb);
    for (size_t c = 0; c < a->n; c++) {
        size_t best = CELL_MAX;
        for (size_t i = 0; i < a->n; i++) {
            if (used[i])
                continue;
            int d = best == CELL_MAX ? -1 : key[i] != key[best] ? (key[i] < key[best] ? -1 : 1) : 0;
            if (!d)
                d = cmp_proc(a->v + oa[i], a->k[i], a->v + oa[best], a->k[best]);
            if (!d && b)
                d = cmp_proc(b->v + ob[i], b->k[i], b->v + ob[best], b->k[best]);
            if (d < 0)
                best = i;
        }
        used[best] = true;
        tcell_add(ta, a->v + oa[best], a->k[best]);
        if (b)
            tcell_add(tb, b->v + ob[best], b->k[best]);
    }
    *a = *ta;
    if (b)
        *b = *tb;
    free(ta);
    free(tb);
}

static double naive_pooled(const struct tcell *c, uint64_t *st, double *pool)
{
    size_t m = 0;
    for (size_t d = 0; d < c->n; d++) {
        size_t i = rng_index(st, c->n), off = 0;
        for (size_t j = 0; j < i; j++)
            off += c->k[j];
        for (size_t v = 0; v < c->k[i]; v++)
            pool[m++] = c->v[off + (c->k[i] == 1 ? 0 : rng_index(st, c->k[i]))];
    }
    return ref_quantile(pool, m, 0.5);
}

static size_t offset_of(const struct tcell *c, size_t i)
{
    size_t off = 0;
    for (size_t j = 0; j < i; j++)
        off += c->k[j];
    return off;
}

/* The exact distribution of the median of k draws from k sorted values,
 * as counts of sequences per outcome (a, b): the positions of order
 * statistics (k - 1) / 2 and k / 2.  Enumerated over histograms (how many
 * draws land on each position, weighted by the multinomial), independently
 * of resample.c's formula.  k <= 12 here. */
struct ntable {
    uint64_t cum[16 * 16], total;
    unsigned a[16 * 16], b[16 * 16];
    size_t n;
};

static void histograms(unsigned k, unsigned pos, unsigned left, unsigned *h, u128 weight, u128 count[16][16])
{
    if (pos == k - 1) {
        h[pos] = left;
        for (unsigned f = 2; f <= left; f++)
            weight /= f;
        const unsigned k1 = (k - 1) / 2, k2 = k / 2;
        unsigned a = 0, b = 0, seen = 0;
        for (unsigned j = 0; j < k; j++) {
            if (seen <= k1 && k1 < seen + h[j])
                a = j;
            if (seen <= k2 && k2 < seen + h[j])
                b = j;
            seen += h[j];
        }
        count[a][b] += weight;
        return;
    }
    u128 w = weight;
    for (unsigned c = 0; c <= left; c++) {
        if (c >= 2)
            w /= c; /* weight / c! */
        h[pos] = c;
        histograms(k, pos + 1, left - c, h, w, count);
    }
}

static void naive_table(unsigned k, struct ntable *t)
{
    u128 count[16][16] = {{0}}, fact = 1;
    unsigned h[16];
    for (unsigned f = 2; f <= k; f++)
        fact *= f;
    histograms(k, 0, k, h, fact, count);
    uint64_t cum = 0;
    t->n = 0;
    for (unsigned a = 0; a < k; a++)
        for (unsigned b = a; b < k; b++) {
            cum += (uint64_t)count[a][b];
            t->a[t->n] = a;
            t->b[t->n] = b;
            t->cum[t->n++] = cum;
        }
    t->total = cum;
}

static struct ntable ntables[13];

/* Process i's resampled median by the documented stream: no draw for one
 * value; one index(k^k) looked up in the enumerated counts for k <= 12;
 * k explicit draws above 15 (13..15 are not used by these fixtures). */
static double naive_process(const struct tcell *c, size_t i, uint64_t *st)
{
    double pool[64];
    size_t off = offset_of(c, i), k = c->k[i];
    const double *s = c->v + off; /* sorted by canon() */
    if (k == 1)
        return s[0];
    if (k <= 12) {
        struct ntable *t = &ntables[k];
        if (!t->total)
            naive_table((unsigned)k, t);
        uint64_t w = rng_index(st, t->total);
        size_t j = 0;
        while (t->cum[j] <= w)
            j++;
        return s[t->a[j]] + (s[t->b[j]] - s[t->a[j]]) / 2;
    }
    for (size_t v = 0; v < k; v++)
        pool[v] = s[rng_index(st, k)];
    return ref_quantile(pool, k, 0.5);
}

enum kind { K_MEDIAN, K_RATIO, K_PAIRED, K_QRATIO };

static void naive_draws(enum kind kind, const struct tcell *a0, const struct tcell *b0, double p, uint64_t seed,
                        unsigned R, double *out)
{
    struct tcell *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    *a = *a0;
    *b = *b0;
    if (kind == K_PAIRED) {
        canon(a, b);
    } else {
        canon(a, NULL);
        canon(b, NULL);
    }
    uint64_t st = seed;
    double *pool = malloc(CELL_MAX * sizeof *pool), *ra = malloc(CELL_MAX * sizeof *ra);
    double *ma = malloc(CELL_MAX * sizeof *ma), *mb = malloc(CELL_MAX * sizeof *mb);
    for (size_t i = 0; i < a->n; i++)
        ma[i] = ref_quantile(a->v + offset_of(a, i), a->k[i], 0.5);
    for (size_t i = 0; i < b->n; i++)
        mb[i] = ref_quantile(b->v + offset_of(b, i), b->k[i], 0.5);
    for (unsigned r = 0; r < R; r++) {
        switch (kind) {
        case K_MEDIAN:
            out[r] = naive_pooled(a, &st, pool);
            break;
        case K_RATIO: {
            double x = naive_pooled(a, &st, pool);
            out[r] = x / naive_pooled(b, &st, pool);
            break;
        }
        case K_PAIRED:
            for (size_t d = 0; d < a->n; d++) {
                size_t i = rng_index(&st, a->n);
                double x = naive_process(a, i, &st);
                ra[d] = x / naive_process(b, i, &st);
            }
            out[r] = ref_quantile(ra, a->n, 0.5);
            break;
        case K_QRATIO: {
            for (size_t d = 0; d < a->n; d++)
                ra[d] = ma[rng_index(&st, a->n)];
            double qa = ref_quantile(ra, a->n, p);
            for (size_t d = 0; d < b->n; d++)
                ra[d] = mb[rng_index(&st, b->n)];
            out[r] = qa / ref_quantile(ra, b->n, p);
            break;
        }
        }
    }
    free(pool);
    free(ra);
    free(ma);
    free(mb);
    free(a);
    free(b);
}

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

/* ---- against the naive references ---------------------------------------------- */

/* Every kind of resample, on cells of one value per process, of up to 5
 * (the packed counts) and of up to 40 values (counts in memory), with
 * ties, to the bit; and each interval's ends are the type-7 quantiles of
 * those resamples. */
static void t_draws_naive_reference(void)
{
    enum { R = 400 };
    struct tcell *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    double *got = malloc(R * sizeof *got), *want = malloc(R * sizeof *want);
    uint64_t st = 99;
    const size_t shapes[][3] = {{7, 1, 1}, {12, 1, 5}, {9, 16, 40}, {2, 1, 3}, {31, 1, 6}, {15, 6, 12}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        tcell_random(a, shapes[s][0], shapes[s][1], shapes[s][2], &st);
        tcell_random(b, shapes[s][0], shapes[s][1], shapes[s][2], &st);
        struct resample_cell ca = view(a), cb = view(b);
        const char *names[] = {"median", "ratio", "paired", "quantile ratio"};
        for (enum kind kind = K_MEDIAN; kind <= K_QRATIO; kind++) {
            const uint64_t seed = 1000 + s;
            int rc = kind == K_MEDIAN  ? resample_median_draws(&ca, seed, R, got)
                     : kind == K_RATIO ? resample_ratio_draws(&ca, &cb, seed, R, got)
                     : kind == K_PAIRED ? resample_paired_draws(&ca, &cb, seed, R, got)
                                        : resample_quantile_ratio_draws(&ca, &cb, 0.25, seed, R, got);
            REQUIRE_OR(out, rc == 0, "%s draws on shape %zu", names[kind], s);
            naive_draws(kind, a, b, 0.25, seed, R, want);
            size_t bad = R;
            for (size_t r = 0; r < R && bad == R; r++)
                if (got[r] != want[r])
                    bad = r;
            CHECK(bad == R, "%s, %zu processes of %zu to %zu values: resample %zu is %.17g, the naive one %.17g",
                  names[kind], shapes[s][0], shapes[s][1], shapes[s][2], bad, bad < R ? got[bad] : 0,
                  bad < R ? want[bad] : 0);
            struct resample_ci ci;
            rc = kind == K_MEDIAN   ? resample_median_ci(&ca, 0.9, seed, R, &ci)
                 : kind == K_RATIO  ? resample_ratio_ci(&ca, &cb, 0.9, seed, R, &ci)
                 : kind == K_PAIRED ? resample_paired_ratio_ci(&ca, &cb, 0.9, seed, R, &ci)
                                    : resample_quantile_ratio_ci(&ca, &cb, 0.25, 0.9, seed, R, &ci);
            REQUIRE_OR(out, rc == 0, "%s interval", names[kind]);
            const double plo = (1 - 0.9) / 2, phi = (1 + 0.9) / 2;
            CHECK(ci.lo == ref_quantile(want, R, plo) && ci.hi == ref_quantile(want, R, phi),
                  "%s on shape %zu: [%.17g, %.17g], want the 5%% and 95%% of the resamples [%.17g, %.17g]", names[kind],
                  s, ci.lo, ci.hi, ref_quantile(want, R, plo), ref_quantile(want, R, phi));
        }
    }
out:
    free(a);
    free(b);
    free(got);
    free(want);
}

/* The caller's order does not matter: processes (pairs together) and the
 * values within each shuffled give the same resamples, to the bit. */
static void t_order_invariant(void)
{
    enum { R = 300 };
    struct tcell *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    struct tcell *sa = calloc(1, sizeof *sa), *sb = calloc(1, sizeof *sb);
    double *x = malloc(R * sizeof *x), *y = malloc(R * sizeof *y);
    uint64_t st = 17;
    tcell_random(a, 25, 1, 7, &st);
    tcell_random(b, 25, 1, 7, &st);
    size_t perm[25];
    for (size_t i = 0; i < 25; i++)
        perm[i] = i;
    for (size_t i = 24; i > 0; i--) {
        size_t j = rng_index(&st, i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < 25; i++) {
        double va[64], vb[64];
        size_t p = perm[i], ka = a->k[p], kb = b->k[p];
        for (size_t j = 0; j < ka; j++) /* reversed within */
            va[j] = a->v[offset_of(a, p) + ka - 1 - j];
        for (size_t j = 0; j < kb; j++)
            vb[j] = b->v[offset_of(b, p) + kb - 1 - j];
        tcell_add(sa, va, ka);
        tcell_add(sb, vb, kb);
    }
    struct resample_cell ca = view(a), cb = view(b), csa = view(sa), csb = view(sb);
    const char *names[] = {"median", "ratio", "paired", "quantile ratio"};
    for (enum kind kind = K_MEDIAN; kind <= K_QRATIO; kind++) {
        int rc = 0;
        switch (kind) {
        case K_MEDIAN:
            rc = resample_median_draws(&ca, 5, R, x) | resample_median_draws(&csa, 5, R, y);
            break;
        case K_RATIO:
            rc = resample_ratio_draws(&ca, &cb, 5, R, x) | resample_ratio_draws(&csa, &csb, 5, R, y);
            break;
        case K_PAIRED:
            rc = resample_paired_draws(&ca, &cb, 5, R, x) | resample_paired_draws(&csa, &csb, 5, R, y);
            break;
        case K_QRATIO:
            rc = resample_quantile_ratio_draws(&ca, &cb, 0.1, 5, R, x) |
                 resample_quantile_ratio_draws(&csa, &csb, 0.1, 5, R, y);
            break;
        }
        CHECK(rc == 0 && memcmp(x, y, R * sizeof *x) == 0, "%s: shuffled input, other resamples", names[kind]);
    }
    /* And the process medians come back in the caller's order. */
    double m[25];
    resample_process_medians(&csa, m);
    CHECK(m[3] == ref_quantile(a->v + offset_of(a, perm[3]), a->k[perm[3]], 0.5), "process medians out of order");
    free(a);
    free(b);
    free(sa);
    free(sb);
    free(x);
    free(y);
}

/* With one value per process the two-level ratio is stats_ratio_ci. */
static void t_one_value_is_stats_ratio_ci(void)
{
    struct tcell *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    uint64_t st = 5;
    tcell_random(a, 9, 1, 1, &st);
    tcell_random(b, 14, 1, 1, &st);
    struct resample_cell ca = view(a), cb = view(b);
    struct resample_ci ci;
    double lo, hi;
    REQUIRE_OR(out, resample_ratio_ci(&ca, &cb, 0.95, 77, 5000, &ci) == 0, "ratio");
    REQUIRE_OR(out, stats_ratio_ci(a->v, a->n, b->v, b->n, 0.95, 77, 5000, &lo, &hi) == 0, "stats_ratio_ci");
    CHECK(ci.lo == lo && ci.hi == hi, "one value a process: [%.17g, %.17g], stats_ratio_ci [%.17g, %.17g]", ci.lo,
          ci.hi, lo, hi);
out:
    free(a);
    free(b);
}

/* ---- whole distributions against enumeration ----------------------------------- */

#define ATOMS_MAX 4096

struct dist {
    double v[ATOMS_MAX], p[ATOMS_MAX];
    size_t n;
};

static void dist_add(struct dist *d, double v, double p)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i] == v) {
            d->p[i] += p;
            return;
        }
    d->v[d->n] = v;
    d->p[d->n++] = p;
}

/* Each atom's share of the resamples within 4.5 binomial standard errors
 * of its exact probability, and no resample off the atoms. */
static void dist_check(const struct dist *d, const double *draws, size_t R, const char *what)
{
    size_t on = 0;
    for (size_t i = 0; i < d->n; i++) {
        size_t hits = 0;
        for (size_t r = 0; r < R; r++)
            hits += draws[r] == d->v[i];
        on += hits;
        double f = (double)hits / (double)R, se = sqrt(d->p[i] * (1 - d->p[i]) / (double)R);
        CHECK(fabs(f - d->p[i]) <= 4.5 * se + 1e-12, "%s: %g drawn %.4f of the time, exactly %.4f", what, d->v[i], f,
              d->p[i]);
    }
    CHECK(on == R, "%s: %zu of %zu resamples off the exact distribution's atoms", what, R - on, R);
}

/* Two processes {1, 4} and {2, 3, 9}.  Each of the two slots picks a
 * process (1/2), then its values: 4 sequences of 2 or 27 of 3.  The pooled
 * median of every combination, weighted, is the exact distribution. */
static void t_two_level_enumerated(void)
{
    struct tcell *c = calloc(1, sizeof *c);
    struct dist *d = calloc(1, sizeof *d);
    const double p0[] = {1, 4}, p1[] = {2, 3, 9};
    tcell_add(c, p0, 2);
    tcell_add(c, p1, 3);
    /* A slot's outcomes: (values drawn, how many, probability). */
    struct {
        double v[3];
        size_t k;
        double p;
    } slot[31];
    size_t ns = 0;
    for (unsigned s = 0; s < 4; s++)
        slot[ns++] = (typeof(slot[0])){{p0[s & 1], p0[s >> 1], 0}, 2, 0.5 / 4};
    for (unsigned s = 0; s < 27; s++)
        slot[ns++] = (typeof(slot[0])){{p1[s % 3], p1[s / 3 % 3], p1[s / 9]}, 3, 0.5 / 27};
    for (size_t x = 0; x < ns; x++)
        for (size_t y = 0; y < ns; y++) {
            double pool[6];
            memcpy(pool, slot[x].v, slot[x].k * sizeof *pool);
            memcpy(pool + slot[x].k, slot[y].v, slot[y].k * sizeof *pool);
            dist_add(d, ref_quantile(pool, slot[x].k + slot[y].k, 0.5), slot[x].p * slot[y].p);
        }
    enum { R = 40000 };
    double *draws = malloc(R * sizeof *draws);
    struct resample_cell cc = view(c);
    if (CHECK(resample_median_draws(&cc, 3, R, draws) == 0, "draws"))
        dist_check(d, draws, R, "two-level {1,4} {2,3,9}");
    free(draws);
    free(c);
    free(d);
}

/* Values identical within each process, k equal: the pooled median of a
 * two-level resample is the median of the processes drawn, so the
 * two-level bootstrap is the one-level bootstrap of process medians.
 * n = 3 {1, 2, 5} (k = 3): 27 tuples, P(1) = P(5) = 7/27, P(2) = 13/27.
 * n = 4 {1, 2, 5, 7} (k = 2): 256 tuples, type-7 medians of 4. */
static void t_identical_within_is_one_level(void)
{
    const double m3[] = {1, 2, 5}, m4[] = {1, 2, 5, 7};
    enum { R = 40000 };
    double *draws = malloc(R * sizeof *draws);
    for (int which = 0; which < 2; which++) {
        const double *m = which ? m4 : m3;
        const size_t n = which ? 4 : 3, k = which ? 2 : 3;
        struct tcell *c = calloc(1, sizeof *c);
        struct dist *d = calloc(1, sizeof *d);
        for (size_t i = 0; i < n; i++) {
            double v[3] = {m[i], m[i], m[i]};
            tcell_add(c, v, k);
        }
        size_t tuples = (size_t)pow((double)n, (double)n);
        for (size_t t = 0; t < tuples; t++) {
            double pick[4];
            for (size_t j = 0, u = t; j < n; j++, u /= n)
                pick[j] = m[u % n];
            dist_add(d, ref_quantile(pick, n, 0.5), 1.0 / (double)tuples);
        }
        if (which == 0)
            CHECK(d->n == 3 && near_rel(d->p[0], 7.0 / 27, HAND), "the n = 3 enumeration itself: P(1) = %g", d->p[0]);
        struct resample_cell cc = view(c);
        if (CHECK(resample_median_draws(&cc, 11, R, draws) == 0, "draws"))
            dist_check(d, draws, R, which ? "identical within, n = 4" : "identical within, n = 3");
        free(c);
        free(d);
    }
    free(draws);
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
    {"every resample against a naive same-stream reference", t_draws_naive_reference},
    {"the caller's order of processes and values does not matter", t_order_invariant},
    {"one value per process is stats_ratio_ci to the bit", t_one_value_is_stats_ratio_ci},
    {"two-level distribution against exact enumeration", t_two_level_enumerated},
    {"identical within: the one-level bootstrap, by enumeration", t_identical_within_is_one_level},
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
