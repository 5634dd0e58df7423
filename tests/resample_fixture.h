/* resample_fixture.h - what the resample test files share: cells of
 * processes x values built in place, and the type-7 quantile from a sorted
 * copy as the reference for every quantile (static, header-only: the two
 * files that include it are the only users). */
#ifndef STUDY_RESAMPLE_FIXTURE_H
#define STUDY_RESAMPLE_FIXTURE_H

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "resample.h"
#include "rng.h"

#define HAND 1e-12

static inline bool near_rel(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fmax(fabs(want), 1e-300) || got == want;
}

static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type 7 from a sorted copy: the reference for every quantile here. */
static inline double ref_quantile(const double *x, size_t n, double p)
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

static inline struct resample_cell view(const struct tcell *c)
{
    return (struct resample_cell){c->v, c->k, c->n};
}

static inline void tcell_add(struct tcell *c, const double *v, size_t k)
{
    memcpy(c->v + c->total, v, k * sizeof *v);
    c->k[c->n++] = k;
    c->total += k;
}

/* A uniform double in [0, 1) from the test's own stream. */
static inline double unit(uint64_t *st)
{
    return (double)(rng_next(st) >> 11) * 0x1p-53;
}

/* n processes of kmin..kmax values, skewed (a slow tail) and rounded to
 * 1/100, so ties are common, as they are in resamples. */
static inline void tcell_random(struct tcell *c, size_t n, size_t kmin, size_t kmax, uint64_t *st)
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


#endif
