/* test_bootref.c - the bootstrap of processes x values (common/resample.c)
 * against independent references.
 *
 * "resample reference": every statistic's resamples against a naive,
 * obviously-correct implementation of the documented stream (put the cell
 * in canonical order by a selection sort, pool the drawn values, sort,
 * take the middle; a process's resampled median from counts enumerated
 * over every histogram of k draws), to the bit, and each interval's ends
 * as the type-7 quantiles of those resamples; the order of the caller's
 * processes and values changing nothing; with one value per process,
 * stats_ratio_ci to the bit; the two-level bootstrap's whole distribution
 * against an exact enumeration; with identical values within each
 * process, the one-level bootstrap of process medians, by enumeration. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "medtable.h"
#include "orderstat.h"
#include "resample.h"
#include "resample_fixture.h"
#include "rng.h"
#include "tests.h"
/* stats.h moves from analysis/ to common/; either place will do. */
#if __has_include("stats.h")
#include "stats.h"
#else
#include "stats.h"
#endif

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

/* The tables of medtable.c: k = 2..12 against the histogram enumeration,
 * outcome by outcome; up to 15, k^k sequences in all and the mirror's
 * symmetry (positions a, b of k - 1 - b, k - 1 - a are as likely). */
static void t_medtable_exact(void)
{
    struct medtable *t = malloc(sizeof *t);
    for (unsigned k = 2; k <= MEDTABLE_K_MAX; k++) {
        medtable_make(k, t);
        uint64_t kk = 1, count[16][16] = {{0}};
        for (unsigned i = 0; i < k; i++)
            kk *= k;
        for (size_t i = 0; i < t->outcomes; i++)
            count[t->a[i]][t->b[i]] = t->cum[i] - (i ? t->cum[i - 1] : 0);
        CHECK(t->total == kk, "k = %u: %llu sequences, want k^k = %llu", k, (unsigned long long)t->total,
              (unsigned long long)kk);
        bool mirror = true, same = true;
        for (unsigned a = 0; a < k; a++)
            for (unsigned b = a; b < k; b++)
                mirror &= count[a][b] == count[k - 1 - b][k - 1 - a];
        if (k <= 12) {
            if (!ntables[k].total)
                naive_table(k, &ntables[k]);
            for (size_t i = 0; i < ntables[k].n; i++) {
                uint64_t want = ntables[k].cum[i] - (i ? ntables[k].cum[i - 1] : 0);
                same &= count[ntables[k].a[i]][ntables[k].b[i]] == want;
            }
        }
        CHECK(mirror && same, "k = %u: counts %s", k, mirror ? "differ from the enumeration" : "not symmetric");
    }
    free(t);
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


static CU_TestInfo bootref_tests[] = {
    {"every resample against a naive same-stream reference", t_draws_naive_reference},
    {"exact resampled-median tables against enumeration, k = 2..15", t_medtable_exact},
    {"the caller's order of processes and values does not matter", t_order_invariant},
    {"one value per process is stats_ratio_ci to the bit", t_one_value_is_stats_ratio_ci},
    {"two-level distribution against exact enumeration", t_two_level_enumerated},
    {"identical within: the one-level bootstrap, by enumeration", t_identical_within_is_one_level},
    CU_TEST_INFO_NULL,
};

CU_SuiteInfo bootref_suites[] = {
    {"resample reference", NULL, NULL, NULL, NULL, bootref_tests},
    CU_SUITE_INFO_NULL,
};
