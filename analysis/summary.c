/* summary.c - the cells and their statistics, their flags, and
 * summary.csv.
 *
 * Statistics per cell (implementation, workload, split, size, T) are over
 * the verified runs only: median, min, max, quartiles, a distribution-free
 * 95% confidence interval for the median, the cost per unit of work (ns per
 * sumsq iteration or N-Queens node), speedup against the same series at
 * T = 1 (throughput speedup for weak scaling) and efficiency, each with a
 * bootstrap 95% interval, Karp-Flatt, the cost against C pthreads
 * (slowdown_vs_c, with its interval), CPU utilisation, worker creation's
 * share of the run, pyperf's noise checks; per series, an Amdahl or
 * Gustafson serial fraction fitted by least squares; and the sanity flags
 * of FLAG_TABLE.
 */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "flags.h"
#include "out.h"
#include "stats.h"
#include "workload.h"

/* The order of implementations: by family, then mode; unknown names after
 * them (alphabetically, by the caller's tie-break). */
static int impl_rank(const char *impl)
{
    int fam, mode;
    catalog_impl_kind(impl, &fam, &mode);
    if (fam == FAM_OTHER || mode == MODE_OTHER)
        return FAMILY_COUNT * MODE_COUNT;
    return fam * MODE_COUNT + mode;
}

static int run_cmp(const void *pa, const void *pb)
{
    const struct run *a = pa, *b = pb;
    int c = impl_rank(a->impl) - impl_rank(b->impl);
    if (c || (c = strcmp(a->impl, b->impl)) || (c = strcmp(a->workload, b->workload)) ||
        (c = strcmp(a->split, b->split)))
        return c;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    return (int)a->threads - (int)b->threads;
}

#define SERIES_MAX 4096

static int same_series(const struct cell *a, const struct cell *b)
{
    return !strcmp(a->impl, b->impl) && !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split) &&
           a->size == b->size;
}

static const double *walls_of(const struct analysis *a, const struct cell *c)
{
    return a->walls + c->first;
}

/* "impl/workload/split/size/T": names a cell in seeds. */
static void cell_key(const struct cell *c, char *buf, size_t len)
{
    catalog_cell_key(c->impl, c->workload, c->split, c->size, c->threads, buf, len);
}

/* The units one run of c does (0: unknown workload, split or size). */
static uint64_t units_of(const struct cell *c)
{
    const struct workload_desc *w = workload_by_name(c->workload);
    const struct split_desc *s = split_by_name(c->split);
    if (!w || !s || s->workload != w->id || c->size > w->size_max)
        return 0;
    return workload_units(w->id, s->id, c->size, c->threads);
}

/* The bootstrap interval of median(x) / median(y) times k. */
static void ratio_interval(const struct analysis *a, const char *what, const struct cell *x, const struct cell *y,
                           double k, double *lo, double *hi)
{
    char kx[2 * DS_NAME_MAX + 64], ky[2 * DS_NAME_MAX + 64], name[5 * DS_NAME_MAX + 160];
    cell_key(x, kx, sizeof kx);
    cell_key(y, ky, sizeof ky);
    snprintf(name, sizeof name, "%s:%s:%s", what, kx, ky);
    if (stats_ratio_ci(walls_of(a, x), x->n, walls_of(a, y), y->n, CATALOG_CI_LEVEL,
                       stats_seed_for(a->boot_seed, name), STATS_RESAMPLES_DEFAULT, lo, hi) == 0) {
        *lo *= k;
        *hi *= k;
    }
}

int summary_cost_ratio(const struct analysis *a, const struct cell *x, const struct cell *y, double *r, double *lo,
                       double *hi)
{
    *r = *lo = *hi = NAN;
    double k; /* (median_x / units_x) / (median_y / units_y) = k median_x / median_y */
    if (x->units && y->units)
        k = (double)y->units / (double)x->units;
    else if (x->size == y->size && x->threads == y->threads && !strcmp(x->split, y->split))
        k = 1;
    else
        return -1;
    *r = k * x->median / y->median;
    ratio_interval(a, "cost", x, y, k, lo, hi);
    return 0;
}

int summary_is_weak(const char *split)
{
    return strcmp(split, "weak") == 0;
}

/* Groups the sorted runs into cells: the order statistics, CI, noise,
 * CPU utilisation, worker creation's share, cost per unit. */
static int group_cells(struct analysis *a, struct err *e)
{
    struct dataset *d = &a->ds;
    a->cells = calloc(d->n, sizeof *a->cells);
    a->walls = malloc(d->n * sizeof *a->walls);
    double *util = malloc(d->n * sizeof *util), *spawn = malloc(d->n * sizeof *spawn);
    if (!a->cells || !a->walls || !util || !spawn) {
        free(util);
        free(spawn);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    int others = 0; /* unknown native models: each its own of MODE_EXTRA dash patterns, in turn */
    for (size_t i = 0; i < d->n;) {
        size_t j = i, nu = 0, ns = 0;
        double *wall = a->walls + i;
        while (j < d->n && !strcmp(d->runs[j].impl, d->runs[i].impl) &&
               !strcmp(d->runs[j].workload, d->runs[i].workload) && !strcmp(d->runs[j].split, d->runs[i].split) &&
               d->runs[j].size == d->runs[i].size && d->runs[j].threads == d->runs[i].threads) {
            const struct run *r = &d->runs[j];
            wall[j - i] = r->wall_s;
            if (isfinite(r->user_s) && isfinite(r->sys_s))
                util[nu++] = (r->user_s + r->sys_s) / r->wall_s;
            if (isfinite(r->spawn_s))
                spawn[ns++] = r->spawn_s / r->wall_s;
            j++;
        }
        size_t n = j - i;
        struct cell *c = &a->cells[a->ncells];
        const struct run *r = &d->runs[i];
        snprintf(c->impl, sizeof c->impl, "%s", r->impl);
        snprintf(c->workload, sizeof c->workload, "%s", r->workload);
        snprintf(c->split, sizeof c->split, "%s", r->split);
        c->size = r->size;
        c->threads = r->threads;
        c->weak = summary_is_weak(c->split);
        catalog_impl_kind(c->impl, &c->fam, &c->mode);
        if (c->mode == MODE_OTHER && c->fam == FAM_C) {
            if (a->ncells && !strcmp(a->cells[a->ncells - 1].impl, c->impl))
                c->mode = a->cells[a->ncells - 1].mode;
            else
                c->mode = MODE_COUNT + others++ % MODE_EXTRA;
        }
        stats_sort(wall, n);
        c->n = n;
        c->first = i;
        c->median = stats_quantile(wall, n, 0.5);
        c->q1 = stats_quantile(wall, n, 0.25);
        c->q3 = stats_quantile(wall, n, 0.75);
        c->min = wall[0];
        c->max = wall[n - 1];
        c->mean = stats_mean(wall, n);
        c->stdev = stats_stdev(wall, n);
        stats_median_ci(wall, n, CATALOG_CI_LEVEL, &c->ci_lo, &c->ci_hi, &c->ci_level);
        c->ci_half_rel = (c->ci_hi - c->ci_lo) / (2 * c->median);
        c->noisy = stats_noisy(wall, n);
        c->cpu_util = c->spawn_frac = NAN;
        if (nu) {
            stats_sort(util, nu);
            c->cpu_util = stats_quantile(util, nu, 0.5);
        }
        if (ns) {
            stats_sort(spawn, ns);
            c->spawn_frac = stats_quantile(spawn, ns, 0.5);
        }
        /* The median's interval maps to ns per unit exactly: a constant
         * factor keeps the order statistics in place. */
        c->units = units_of(c);
        c->ns_per_unit = c->ns_lo = c->ns_hi = NAN;
        if (c->units) {
            const double k = 1e9 / (double)c->units;
            c->ns_per_unit = k * c->median;
            c->ns_lo = k * c->ci_lo;
            c->ns_hi = k * c->ci_hi;
        }
        a->ncells++;
        i = j;
    }
    free(util);
    free(spawn);
    return 0;
}

const struct cell *summary_find(const struct analysis *a, const char *impl, const char *wl, const char *split,
                                unsigned T)
{
    const struct cell *best = NULL;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (!strcmp(c->impl, impl) && !strcmp(c->workload, wl) && !strcmp(c->split, split) && c->threads == T &&
            (!best || c->size > best->size))
            best = c;
    }
    return best;
}

/* C pthreads' cell to compare c's cost with: the same workload, split and
 * T; of the same size where there is one, else the largest (longest runs).
 * NULL when there is none. */
static const struct cell *c_reference(const struct analysis *a, const struct cell *c)
{
    const struct cell *best = NULL;
    for (size_t k = 0; k < a->ncells; k++) {
        const struct cell *o = &a->cells[k];
        if (strcmp(o->impl, "pthreads") || strcmp(o->workload, c->workload) || strcmp(o->split, c->split) ||
            o->threads != c->threads)
            continue;
        if (!best || (o->size == c->size && best->size != c->size) ||
            (best->size != c->size && o->size > best->size))
            best = o;
    }
    return best;
}

/* Speedup, efficiency, Karp-Flatt against the series' T = 1 cell, with
 * their intervals; the cost against C. */
static void relate_cells(struct analysis *a)
{
    for (size_t i = 0; i < a->ncells; i++) {
        struct cell *c = &a->cells[i];
        c->speedup = c->speedup_lo = c->speedup_hi = NAN;
        c->efficiency = c->eff_lo = c->eff_hi = c->karp_flatt = NAN;
        c->slowdown = c->slow_lo = c->slow_hi = c->serial_fit = NAN;
        c->base = NULL;
        for (size_t k = 0; k < a->ncells && !c->base; k++)
            if (a->cells[k].threads == 1 && same_series(&a->cells[k], c))
                c->base = &a->cells[k];
        if (c->base) {
            c->speedup = stats_speedup(c->base->median, c->median, c->threads, c->weak);
            c->efficiency = c->speedup / c->threads;
            c->karp_flatt = stats_karp_flatt(c->speedup, c->threads);
            /* T = 1 is the baseline itself: speedup 1 by definition. */
            if (c->threads > 1) {
                ratio_interval(a, "speedup", c->base, c, c->weak ? (double)c->threads : 1.0, &c->speedup_lo,
                               &c->speedup_hi);
                c->eff_lo = c->speedup_lo / c->threads;
                c->eff_hi = c->speedup_hi / c->threads;
            }
        }
        const struct cell *ref = c_reference(a, c);
        if (ref == c)
            c->slowdown = 1;
        else if (ref)
            summary_cost_ratio(a, c, ref, &c->slowdown, &c->slow_lo, &c->slow_hi);
    }
    for (size_t i = 0; i < a->ncells;) {
        size_t j = i;
        unsigned T[SERIES_MAX];
        double S[SERIES_MAX];
        size_t n = 0;
        while (j < a->ncells && same_series(&a->cells[j], &a->cells[i])) {
            if (n < SERIES_MAX) {
                T[n] = a->cells[j].threads;
                S[n++] = a->cells[j].speedup;
            }
            j++;
        }
        double f = stats_fit_serial(T, S, n, a->cells[i].weak);
        for (size_t k = i; k < j; k++)
            a->cells[k].serial_fit = f;
        i = j;
    }
}

static int outside_01(double v)
{
    return isfinite(v) && (v < 0 || v > 1);
}

/* The sanity flags of each cell (FLAG_TABLE says what each means). */
static void flag_cells(struct analysis *a)
{
    a->flags_seen = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        struct cell *c = &a->cells[i];
        unsigned f = 0;
        if (stats_too_short(walls_of(a, c), c->n))
            f |= FLAG_UNDER_1MS;
        if (c->threads == 1 && c->median < a->min_run_time_s) /* false for NAN: no target */
            f |= FLAG_BELOW_MIN_RUN;
        if (c->noisy)
            f |= FLAG_NOISY;
        if (c->ci_half_rel > a->ci_target)
            f |= FLAG_CI_WIDE;
        if (c->ci_level < CATALOG_CI_LEVEL)
            f |= FLAG_FEW_RUNS;
        if (a->cpus && c->threads > a->cpus)
            f |= FLAG_OVERSUB;
        if (a->cpus && c->speedup > a->cpus)
            f |= FLAG_SPEEDUP_GT_CPUS;
        if (c->eff_lo > 1)
            f |= FLAG_SUPERLINEAR;
        if (c->spawn_frac > ANALYSIS_SPAWN_FRAC_MAX)
            f |= FLAG_SPAWN;
        if (outside_01(c->karp_flatt))
            f |= FLAG_KF_RANGE;
        if (outside_01(c->serial_fit))
            f |= FLAG_FIT_RANGE;
        c->flags = f;
        a->flags_seen |= f;
    }
}

int summary_build(struct analysis *a, struct err *e)
{
    qsort(a->ds.runs, a->ds.n, sizeof *a->ds.runs, run_cmp);
    if (group_cells(a, e))
        return -1;
    relate_cells(a);
    flag_cells(a);
    return 0;
}

/* ---- summary.csv --------------------------------------------------------- */

static void put_str(FILE *f, const char *s)
{
    fputs(s, f);
}

static void put_u64(FILE *f, uint64_t v)
{
    fprintf(f, "%" PRIu64, v);
}

static void put_g9(FILE *f, double v)
{
    out_num(f, v, "%.9g");
}

static void put_g6(FILE *f, double v)
{
    out_num(f, v, "%.6g");
}

/* The columns of summary.csv, in order: name, printer, value (c: the cell,
 * a: the analysis, fl: its flag names).  The first 24 are those of earlier
 * versions, in their places; columns are only ever added at the end. */
#define SUMMARY_COLUMNS(X)                                          \
    X("impl", str, c->impl)                                         \
    X("workload", str, c->workload)                                 \
    X("split", str, c->split)                                       \
    X("size", u64, c->size)                                         \
    X("threads", u64, c->threads)                                   \
    X("runs", u64, c->n)                                            \
    X("median_s", g9, c->median)                                    \
    X("min_s", g9, c->min)                                          \
    X("max_s", g9, c->max)                                          \
    X("q1_s", g9, c->q1)                                            \
    X("q3_s", g9, c->q3)                                            \
    X("ci_lo_s", g9, c->ci_lo)                                      \
    X("ci_hi_s", g9, c->ci_hi)                                      \
    X("ci_level", g9, c->ci_level)                                  \
    X("mean_s", g9, c->mean)                                        \
    X("stdev_s", g9, c->stdev)                                      \
    X("speedup", g9, c->speedup)                                    \
    X("efficiency", g9, c->efficiency)                              \
    X("karp_flatt", g9, c->karp_flatt)                              \
    X("slowdown_vs_c", g9, c->slowdown)                             \
    X("cpu_util", g9, c->cpu_util)                                  \
    X("noisy", u64, (uint64_t)c->noisy)                             \
    X("fit", str, c->weak ? "gustafson" : "amdahl")                 \
    X("serial_fraction", g6, c->serial_fit)                         \
    X("ci_half_rel", g6, c->ci_half_rel)                            \
    X("units", u64, c->units)                                       \
    X("ns_per_unit", g9, c->ns_per_unit)                            \
    X("ns_per_unit_lo", g9, c->ns_lo)                               \
    X("ns_per_unit_hi", g9, c->ns_hi)                               \
    X("speedup_lo", g6, c->speedup_lo)                              \
    X("speedup_hi", g6, c->speedup_hi)                              \
    X("efficiency_lo", g6, c->eff_lo)                               \
    X("efficiency_hi", g6, c->eff_hi)                               \
    X("slowdown_lo", g6, c->slow_lo)                                \
    X("slowdown_hi", g6, c->slow_hi)                                \
    X("spawn_frac", g6, c->spawn_frac)                              \
    X("flags", str, fl)                                             \
    X("boot_seed", u64, a->boot_seed)

int summary_write(const struct analysis *a, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = out_open(a->dir, "summary.csv", path, e);
    if (!f)
        return -1;
    const char *sep = "";
#define COL_NAME(name, kind, value) fprintf(f, "%s%s", sep, name), sep = ",";
    SUMMARY_COLUMNS(COL_NAME)
#undef COL_NAME
    fputs("\r\n", f);
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        char fl[FLAGS_COUNT * 32];
        flags_names(c->flags, fl, sizeof fl);
        sep = "";
#define COL_VALUE(name, kind, value) fputs(sep, f), put_##kind(f, value), sep = ",";
        SUMMARY_COLUMNS(COL_VALUE)
#undef COL_VALUE
        fputs("\r\n", f);
    }
    return out_close(f, path, e);
}
