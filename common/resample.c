/* resample.c - bootstrap intervals for processes x values (resample.h).
 *
 * Speed: the runner calls these after every block of runs, so one call with
 * 150 pairs x 5 values and 10,000 resamples must take well under 0.1 s
 * (about 40 ms of CPU for the paired interval, 35 ms for the unpaired one,
 * on the 2-core VM).  Nothing is sorted per resample: each value's rank in
 * the whole cell is found once, a two-level resample only counts how often
 * each rank was drawn and reads its median off the counts in one pass; a
 * process's resampled median (the paired bootstrap's inner loop) is one
 * draw from its exact distribution; the median of the pair ratios and the
 * ends of the interval come from quickselect (orderstat_select). */
#include "resample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "orderstat.h"
#include "medtable.h"
#include "rng.h"

/* ---- the level reached and the precision --------------------------------- */

double resample_level_reached(size_t n, double nominal)
{
    return orderstat_level_reached(n, 0.5, nominal);
}

double resample_rel_halfwidth(double estimate, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi) || !(estimate > 0) || !isfinite(estimate))
        return NAN;
    return (hi - lo) / 2 / estimate;
}

double resample_points_halfwidth(double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi))
        return NAN;
    return (hi - lo) / 2 * 100;
}

size_t resample_runs_needed(size_t n, double halfwidth, double target)
{
    if (n == 0 || !isfinite(halfwidth) || !isfinite(target) || !(target > 0) || halfwidth < 0)
        return 0;
    if (halfwidth <= target)
        return n;
    double need = ceil((double)n * (halfwidth / target) * (halfwidth / target));
    return need >= (double)(SIZE_MAX / 2) ? SIZE_MAX / 2 : (size_t)need;
}

/* ---- a cell, prepared once per call --------------------------------------- */

/* The cell in its canonical order, so that an interval depends on the
 * values and not on the order the caller lists them in (raw.csv re-sorted,
 * a port in another language): the values of each process ascending, and
 * the processes by their median, then by their count, then by their sorted
 * values (processes equal in all three are interchangeable).  A resample
 * draws positions in this order; with one value per process it is the
 * sorted sample stats_ratio_ci draws from.  Process c of the canonical
 * order is the caller's order[c]; its values are psorted[off[c] ..
 * off[c] + k[c] - 1], and psorted[j] is sorted[grank[j]] in the whole
 * cell sorted. */
struct prep {
    size_t n, total, kmax; /* processes, values, most values in one */
    size_t *order, *k, *off;
    double *psorted, *sorted;
    size_t *grank;
};

static int valid_cell(const struct resample_cell *c)
{
    if (!c || c->processes == 0 || !c->values || !c->counts)
        return 0;
    size_t total = 0;
    for (size_t i = 0; i < c->processes; i++) {
        if (c->counts[i] == 0 || c->counts[i] > SIZE_MAX / 4 - total)
            return 0;
        total += c->counts[i];
    }
    for (size_t j = 0; j < total; j++)
        if (!(c->values[j] > 0) || !isfinite(c->values[j]))
            return 0;
    return 1;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The type-7 median of sorted s[0..k-1]. */
static double median_sorted(const double *s, size_t k)
{
    return s[(k - 1) / 2] + (s[k / 2] - s[(k - 1) / 2]) / 2;
}

/* A cell's values sorted within each process, in the caller's order:
 * ps[off[i] ..] for process i.  Both malloc'd. */
static int sort_within(const struct resample_cell *c, double **ps, size_t **off)
{
    size_t total = 0;
    for (size_t i = 0; i < c->processes; i++)
        total += c->counts[i];
    *ps = malloc(total * sizeof **ps);
    *off = malloc(c->processes * sizeof **off);
    if (!*ps || !*off) {
        free(*ps);
        free(*off);
        return -1;
    }
    memcpy(*ps, c->values, total * sizeof **ps);
    for (size_t i = 0, o = 0; i < c->processes; o += c->counts[i], i++) {
        (*off)[i] = o;
        qsort(*ps + o, c->counts[i], sizeof **ps, cmp_double);
    }
    return 0;
}

/* A process (or a pair of processes) with what orders it. */
struct pkey {
    double key; /* its median, or the pair's ratio of medians */
    const double *a, *b;
    size_t ka, kb, i;
};

static int cmp_values(const double *x, size_t kx, const double *y, size_t ky)
{
    if (kx != ky)
        return kx < ky ? -1 : 1;
    for (size_t j = 0; j < kx; j++)
        if (x[j] != y[j])
            return x[j] < y[j] ? -1 : 1;
    return 0;
}

static int cmp_pkey(const void *pa, const void *pb)
{
    const struct pkey *x = pa, *y = pb;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    int c = cmp_values(x->a, x->ka, y->a, y->ka);
    if (!c && x->b)
        c = cmp_values(x->b, x->kb, y->b, y->kb);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The canonical order of a's processes (b NULL), or of the pairs of a's
 * and b's (by the ratio of their medians, then a's values, then b's),
 * into order[0..n-1]. */
static int canonical_order(const struct resample_cell *a, const struct resample_cell *b, size_t *order)
{
    const size_t n = a->processes;
    double *pa = NULL, *pb = NULL;
    size_t *oa = NULL, *ob = NULL;
    struct pkey *keys = malloc(n * sizeof *keys);
    int rc = -1;
    if (!keys || sort_within(a, &pa, &oa) || (b && sort_within(b, &pb, &ob)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        keys[i] = (struct pkey){.a = pa + oa[i], .ka = a->counts[i], .i = i};
        keys[i].key = median_sorted(keys[i].a, keys[i].ka);
        if (b) {
            keys[i].b = pb + ob[i];
            keys[i].kb = b->counts[i];
            keys[i].key /= median_sorted(keys[i].b, keys[i].kb);
        }
    }
    qsort(keys, n, sizeof *keys, cmp_pkey);
    for (size_t i = 0; i < n; i++)
        order[i] = keys[i].i;
    rc = 0;
out:
    free(keys);
    free(pa);
    free(pb);
    free(oa);
    free(ob);
    return rc;
}

static void prep_free(struct prep *p)
{
    free(p->order);
    free(p->k);
    free(p->off);
    free(p->psorted);
    free(p->sorted);
    free(p->grank);
    memset(p, 0, sizeof *p);
}

struct ranked {
    double v;
    size_t j;
};

static int cmp_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->j > b->j) - (a->j < b->j);
}

/* c in canonical order: its own (order NULL), or order[0..n-1] (that of
 * the pairs it is in). */
static int prep_make(const struct resample_cell *c, const size_t *order, struct prep *p)
{
    memset(p, 0, sizeof *p);
    p->n = c->processes;
    for (size_t i = 0; i < p->n; i++) {
        p->total += c->counts[i];
        if (c->counts[i] > p->kmax)
            p->kmax = c->counts[i];
    }
    double *ps = NULL;
    size_t *off = NULL;
    struct ranked *r = malloc(p->total * sizeof *r);
    p->order = malloc(p->n * sizeof *p->order);
    p->k = malloc(p->n * sizeof *p->k);
    p->off = malloc(p->n * sizeof *p->off);
    p->psorted = malloc(p->total * sizeof *p->psorted);
    p->sorted = malloc(p->total * sizeof *p->sorted);
    p->grank = malloc(p->total * sizeof *p->grank);
    int rc = !r || !p->order || !p->k || !p->off || !p->psorted || !p->sorted || !p->grank ? -1 : 0;
    if (!rc && order)
        memcpy(p->order, order, p->n * sizeof *order);
    else if (!rc)
        rc = canonical_order(c, NULL, p->order);
    if (rc || sort_within(c, &ps, &off)) {
        free(r);
        prep_free(p);
        return -1;
    }
    for (size_t cpos = 0, o = 0; cpos < p->n; cpos++) {
        const size_t i = p->order[cpos];
        p->k[cpos] = c->counts[i];
        p->off[cpos] = o;
        memcpy(p->psorted + o, ps + off[i], c->counts[i] * sizeof *ps);
        o += c->counts[i];
    }
    free(ps);
    free(off);
    for (size_t j = 0; j < p->total; j++)
        r[j] = (struct ranked){p->psorted[j], j};
    qsort(r, p->total, sizeof *r, cmp_ranked);
    for (size_t g = 0; g < p->total; g++) {
        p->sorted[g] = r[g].v;
        p->grank[r[g].j] = g;
    }
    free(r);
    return 0;
}

/* Both cells prepared (each in its own canonical order, or both in
 * `order`), or neither. */
static int prep_both(const struct resample_cell *a, const struct resample_cell *b, const size_t *order,
                     struct prep *pa, struct prep *pb)
{
    if (prep_make(a, order, pa))
        return -1;
    if (prep_make(b, order, pb)) {
        prep_free(pa);
        return -1;
    }
    return 0;
}

/* The type-7 median of a multiset given as counts over sorted s[0..m-1],
 * total draws `drawn` >= 1: the order statistics (drawn - 1) / 2 and
 * drawn / 2 (0-based), found with one running sum.  Leaves count[] all
 * zero, as it found it. */
static double median_of_counts(const double *s, size_t m, unsigned *count, size_t drawn)
{
    const size_t k1 = (drawn - 1) / 2, k2 = drawn / 2;
    size_t i = 0, seen = count[0]; /* seen: draws of rank <= i */
    while (seen <= k1)
        seen += count[++i];
    const double v1 = s[i];
    double v2 = v1;
    if (seen <= k2) { /* k2 = k1 + 1 falls on the next rank drawn */
        while (count[++i] == 0)
            ;
        v2 = s[i];
    }
    memset(count, 0, m * sizeof *count);
    return v1 + (v2 - v1) / 2;
}

/* One two-level resample of the cell: its pooled median. */
static double draw_pooled_median(const struct prep *p, unsigned *count, uint64_t *state)
{
    size_t drawn = 0;
    for (size_t d = 0; d < p->n; d++) {
        const size_t c = rng_index(state, p->n), k = p->k[c];
        const size_t *grank = p->grank + p->off[c];
        if (k == 1) /* nothing to draw: so one value per process is
                     * stats_ratio_ci's stream exactly */
            count[grank[0]]++;
        else
            for (size_t v = 0; v < k; v++)
                count[grank[rng_index(state, k)]]++;
        drawn += k;
    }
    return median_of_counts(p->sorted, p->total, count, drawn);
}

/* ---- a process's resampled median ----------------------------------------- */

/* k > MEDTABLE_K_MAX values: k explicit draws. */
static double draw_many(const double *s, size_t k, unsigned *count, uint64_t *state)
{
    for (size_t v = 0; v < k; v++)
        count[rng_index(state, k)]++;
    return median_of_counts(s, k, count, k);
}

/* Process c's values redrawn k_c times with replacement: their median,
 * drawn in one go from tables[k] (medtable.h) up to MEDTABLE_K_MAX values.
 * Inline: it is the paired bootstrap's whole inner loop. */
static inline double draw_process_median(const struct prep *p, size_t c, const struct medtable *tables,
                                         unsigned *count, uint64_t *state)
{
    const size_t k = p->k[c];
    const double *s = p->psorted + p->off[c];
    if (k == 1)
        return s[0];
    if (k <= MEDTABLE_K_MAX)
        return medtable_draw(&tables[k], s, state);
    return draw_many(s, k, count, state);
}

static double all_median(const struct prep *p)
{
    return median_sorted(p->sorted, p->total);
}

/* ---- the draws ------------------------------------------------------------- */

int resample_median_draws(const struct resample_cell *c, uint64_t seed, unsigned resamples, double *out)
{
    if (!valid_cell(c))
        return -1;
    struct prep p;
    if (prep_make(c, NULL, &p))
        return -1;
    unsigned *count = calloc(p.total, sizeof *count);
    if (!count) {
        prep_free(&p);
        return -1;
    }
    uint64_t state = seed;
    for (unsigned r = 0; r < resamples; r++)
        out[r] = draw_pooled_median(&p, count, &state);
    free(count);
    prep_free(&p);
    return 0;
}

int resample_ratio_draws(const struct resample_cell *a, const struct resample_cell *b, uint64_t seed,
                         unsigned resamples, double *out)
{
    if (!valid_cell(a) || !valid_cell(b))
        return -1;
    struct prep pa, pb;
    if (prep_both(a, b, NULL, &pa, &pb))
        return -1;
    unsigned *count = calloc(pa.total > pb.total ? pa.total : pb.total, sizeof *count);
    int rc = -1;
    if (count) {
        uint64_t state = seed;
        for (unsigned r = 0; r < resamples; r++) {
            double ma = draw_pooled_median(&pa, count, &state);
            out[r] = ma / draw_pooled_median(&pb, count, &state);
        }
        rc = 0;
    }
    free(count);
    prep_free(&pa);
    prep_free(&pb);
    return rc;
}

int resample_paired_draws(const struct resample_cell *a, const struct resample_cell *b, uint64_t seed,
                          unsigned resamples, double *out)
{
    if (!valid_cell(a) || !valid_cell(b) || a->processes != b->processes)
        return -1;
    const size_t pairs = a->processes;
    size_t *order = malloc(pairs * sizeof *order);
    if (!order || canonical_order(a, b, order)) {
        free(order);
        return -1;
    }
    struct prep pa, pb;
    int made = prep_both(a, b, order, &pa, &pb);
    free(order);
    if (made)
        return -1;
    unsigned *count = calloc(pa.kmax > pb.kmax ? pa.kmax : pb.kmax, sizeof *count);
    double *ratio = malloc(pairs * sizeof *ratio);
    struct medtable *tables = malloc((MEDTABLE_K_MAX + 1) * sizeof *tables);
    int rc = -1;
    if (count && ratio && tables) {
        for (size_t k = 2; k <= MEDTABLE_K_MAX && k <= (pa.kmax > pb.kmax ? pa.kmax : pb.kmax); k++)
            medtable_make(k, &tables[k]);
        uint64_t state = seed;
        for (unsigned r = 0; r < resamples; r++) {
            for (size_t d = 0; d < pairs; d++) {
                const size_t i = rng_index(&state, pairs);
                double ma = draw_process_median(&pa, i, tables, count, &state);
                ratio[d] = ma / draw_process_median(&pb, i, tables, count, &state);
            }
            out[r] = orderstat_select(ratio, pairs, 0.5);
        }
        rc = 0;
    }
    free(count);
    free(ratio);
    free(tables);
    prep_free(&pa);
    prep_free(&pb);
    return rc;
}

/* The process medians of both cells, malloc'd into *ma and *mb. */
/* The process medians of c, malloc'd; NULL when memory runs out. */
static double *medians_of(const struct resample_cell *c)
{
    double *m = malloc(c->processes * sizeof *m);
    if (m && resample_process_medians(c, m)) {
        free(m);
        m = NULL;
    }
    return m;
}

/* The process medians of both cells, malloc'd into *ma and *mb. */
static int both_process_medians(const struct resample_cell *a, const struct resample_cell *b, double **ma,
                                double **mb)
{
    *ma = medians_of(a);
    *mb = medians_of(b);
    if (!*ma || !*mb) {
        free(*ma);
        free(*mb);
        *ma = *mb = NULL;
        return -1;
    }
    return 0;
}

int resample_quantile_ratio_draws(const struct resample_cell *a, const struct resample_cell *b, double p,
                                  uint64_t seed, unsigned resamples, double *out)
{
    if (!valid_cell(a) || !valid_cell(b) || !(p > 0 && p < 1))
        return -1;
    double *ma, *mb;
    if (both_process_medians(a, b, &ma, &mb))
        return -1;
    const size_t na = a->processes, nb = b->processes;
    qsort(ma, na, sizeof *ma, cmp_double); /* the canonical order */
    qsort(mb, nb, sizeof *mb, cmp_double);
    double *buf = malloc((na > nb ? na : nb) * sizeof *buf);
    int rc = -1;
    if (buf) {
        uint64_t state = seed;
        for (unsigned r = 0; r < resamples; r++) {
            for (size_t d = 0; d < na; d++)
                buf[d] = ma[rng_index(&state, na)];
            double qa = orderstat_select(buf, na, p);
            for (size_t d = 0; d < nb; d++)
                buf[d] = mb[rng_index(&state, nb)];
            out[r] = qa / orderstat_select(buf, nb, p);
        }
        rc = 0;
    }
    free(buf);
    free(ma);
    free(mb);
    return rc;
}

/* ---- the intervals ---------------------------------------------------------- */

static void ci_unknown(struct resample_ci *out, double level)
{
    *out = (struct resample_ci){.estimate = NAN, .lo = NAN, .hi = NAN, .level = level, .reached = NAN};
}

static int args_ok(double level, unsigned resamples)
{
    return level > 0 && level < 1 && resamples >= 2;
}

/* The percentile interval from the draws of `fill` (one of the *_draws
 * above), when there are units enough; out->estimate, units and reached
 * are set by the caller. */
typedef int (*draws_fn)(const struct resample_cell *a, const struct resample_cell *b, double p, uint64_t seed,
                        unsigned resamples, double *out);

static int percentile_ci(draws_fn fill, const struct resample_cell *a, const struct resample_cell *b, double p,
                         uint64_t seed, unsigned resamples, struct resample_ci *out)
{
    if (out->units < 2)
        return 0; /* no interval from one unit: lo = hi = NAN, reached 0 */
    double *d = malloc((size_t)resamples * sizeof *d);
    if (!d || fill(a, b, p, seed, resamples, d)) {
        free(d);
        return -1;
    }
    out->lo = orderstat_select(d, resamples, (1 - out->level) / 2);
    out->hi = orderstat_select(d, resamples, (1 + out->level) / 2);
    free(d);
    return 0;
}

static int fill_median(const struct resample_cell *a, const struct resample_cell *b, double p, uint64_t seed,
                       unsigned resamples, double *out)
{
    (void)b;
    (void)p;
    return resample_median_draws(a, seed, resamples, out);
}

static int fill_ratio(const struct resample_cell *a, const struct resample_cell *b, double p, uint64_t seed,
                      unsigned resamples, double *out)
{
    (void)p;
    return resample_ratio_draws(a, b, seed, resamples, out);
}

static int fill_paired(const struct resample_cell *a, const struct resample_cell *b, double p, uint64_t seed,
                       unsigned resamples, double *out)
{
    (void)p;
    return resample_paired_draws(a, b, seed, resamples, out);
}

static int fill_quantile_ratio(const struct resample_cell *a, const struct resample_cell *b, double p,
                               uint64_t seed, unsigned resamples, double *out)
{
    return resample_quantile_ratio_draws(a, b, p, seed, resamples, out);
}

/* Finishes an interval: on failure every output is NAN again. */
static int finish(int rc, struct resample_ci *out, double level)
{
    if (rc)
        ci_unknown(out, level);
    return rc;
}

int resample_median_ci(const struct resample_cell *c, double level, uint64_t seed, unsigned resamples,
                       struct resample_ci *out)
{
    ci_unknown(out, level);
    if (!args_ok(level, resamples) || !valid_cell(c))
        return -1;
    struct prep p;
    if (prep_make(c, NULL, &p))
        return -1;
    out->estimate = all_median(&p);
    prep_free(&p);
    out->units = c->processes;
    out->reached = resample_level_reached(out->units, level);
    return finish(percentile_ci(fill_median, c, NULL, 0, seed, resamples, out), out, level);
}

int resample_ratio_ci(const struct resample_cell *a, const struct resample_cell *b, double level,
                      uint64_t seed, unsigned resamples, struct resample_ci *out)
{
    ci_unknown(out, level);
    if (!args_ok(level, resamples) || !valid_cell(a) || !valid_cell(b))
        return -1;
    struct prep pa, pb;
    if (prep_both(a, b, NULL, &pa, &pb))
        return -1;
    out->estimate = all_median(&pa) / all_median(&pb);
    prep_free(&pa);
    prep_free(&pb);
    out->units = a->processes < b->processes ? a->processes : b->processes;
    out->reached = resample_level_reached(out->units, level);
    return finish(percentile_ci(fill_ratio, a, b, 0, seed, resamples, out), out, level);
}

int resample_paired_ratio_ci(const struct resample_cell *a, const struct resample_cell *b, double level,
                             uint64_t seed, unsigned resamples, struct resample_ci *out)
{
    ci_unknown(out, level);
    if (!args_ok(level, resamples) || !valid_cell(a) || !valid_cell(b) || a->processes != b->processes)
        return -1;
    double *ma, *mb;
    if (both_process_medians(a, b, &ma, &mb))
        return -1;
    const size_t pairs = a->processes;
    for (size_t i = 0; i < pairs; i++)
        ma[i] /= mb[i];
    out->estimate = orderstat_select(ma, pairs, 0.5);
    free(ma);
    free(mb);
    out->units = pairs;
    out->reached = resample_level_reached(pairs, level);
    return finish(percentile_ci(fill_paired, a, b, 0, seed, resamples, out), out, level);
}

int resample_quantile_ratio_ci(const struct resample_cell *a, const struct resample_cell *b, double p,
                               double level, uint64_t seed, unsigned resamples, struct resample_ci *out)
{
    ci_unknown(out, level);
    if (!args_ok(level, resamples) || !valid_cell(a) || !valid_cell(b) || !(p > 0 && p < 1))
        return -1;
    double *ma, *mb;
    if (both_process_medians(a, b, &ma, &mb))
        return -1;
    out->estimate = orderstat_select(ma, a->processes, p) / orderstat_select(mb, b->processes, p);
    free(ma);
    free(mb);
    out->units = a->processes < b->processes ? a->processes : b->processes;
    out->reached = fmin(orderstat_level_reached(a->processes, p, level),
                        orderstat_level_reached(b->processes, p, level));
    return finish(percentile_ci(fill_quantile_ratio, a, b, p, seed, resamples, out), out, level);
}

/* ---- one cell's other summaries --------------------------------------------- */

int resample_process_medians(const struct resample_cell *c, double *out)
{
    if (!valid_cell(c))
        return -1;
    struct prep p;
    if (prep_make(c, NULL, &p))
        return -1;
    for (size_t c = 0; c < p.n; c++)
        out[p.order[c]] = median_sorted(p.psorted + p.off[c], p.k[c]);
    prep_free(&p);
    return 0;
}

int resample_spread(const struct resample_cell *c, double *between, double *within)
{
    *between = *within = NAN;
    if (!valid_cell(c))
        return -1;
    const size_t n = c->processes;
    double *m = medians_of(c);
    if (!m)
        return -1;
    if (n >= 2) {
        double mean = 0, ss = 0;
        for (size_t i = 0; i < n; i++)
            mean += m[i];
        mean /= (double)n;
        for (size_t i = 0; i < n; i++)
            ss += (m[i] - mean) * (m[i] - mean);
        *between = sqrt(ss / (double)(n - 1)) / mean;
    }
    free(m);
    double ss = 0;
    size_t df = 0;
    for (size_t i = 0, o = 0; i < n; o += c->counts[i], i++) {
        const size_t k = c->counts[i];
        double mean = 0;
        for (size_t v = 0; v < k; v++)
            mean += c->values[o + v];
        mean /= (double)k;
        for (size_t v = 0; v < k; v++) {
            double d = (c->values[o + v] - mean) / mean;
            ss += d * d;
        }
        df += k - 1;
    }
    if (df > 0)
        *within = sqrt(ss / (double)df);
    return 0;
}

int resample_quantile_ci(const struct resample_cell *c, double p, double level, struct resample_ci *out)
{
    ci_unknown(out, level);
    if (!valid_cell(c) || !(p > 0 && p < 1) || !(level > 0 && level < 1))
        return -1;
    const size_t n = c->processes;
    double *m = medians_of(c);
    if (!m)
        return -1;
    qsort(m, n, sizeof *m, cmp_double);
    double coverage;
    orderstat_quantile_ci(m, n, p, level, &out->estimate, &out->lo, &out->hi, &coverage);
    free(m);
    out->units = n;
    out->reached = fmin(level, coverage);
    if (n < 2)
        out->lo = out->hi = NAN;
    return 0;
}
