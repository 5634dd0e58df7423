/* summary.c - the cells and their own statistics, the one way two cells
 * are compared, and summary.csv.
 *
 * A cell (implementation, workload, split, size, T) holds the verified
 * values of its undisturbed processes (dataset.h), process by process.
 * Its statistics: median, min, max, quartiles and pyperf's noise checks
 * over all its values; the median's interval from the two-level bootstrap
 * (resample_median_ci: processes, then values within each) with ci_level
 * the level it reached (min(0.95, 1 - 2 * 0.5^n) for n processes); the
 * spread between and within processes; the cost per unit of work (ns per
 * sumsq iteration or N-Queens node); CPU utilisation and worker creation's
 * share of the run.  Every ratio of two cells (speedup, the cost against
 * C, the questions) goes through summary_answer, which is question_answer
 * (common/questions.c), the rule the runner uses too.  relate.c computes
 * what relates the cells and the flags; summary.csv is written here.
 */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "citarget.h"
#include "flags.h"
#include "out.h"
#include "resample.h"
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
    if (a->threads != b->threads)
        return (int)a->threads - (int)b->threads;
    /* a cell's values process by process */
    if (a->proc != b->proc)
        return a->proc < b->proc ? -1 : 1;
    return (a->rep > b->rep) - (a->rep < b->rep);
}

uint64_t summary_units(const struct cell *c)
{
    const struct workload_desc *w = workload_by_name(c->workload);
    const struct split_desc *s = split_by_name(c->split);
    if (!w || !s || s->workload != w->id || c->size > w->size_max)
        return 0;
    if (!strcmp(c->impl, SUMMARY_CEILING)) /* T copies of the one-worker job */
        return workload_units(w->id, s->id, c->size, 1) * c->threads;
    return workload_units(w->id, s->id, c->size, c->threads);
}

void summary_question_cell(const struct analysis *a, const struct cell *c, uint64_t units, struct question_cell *qc,
                           char *key, size_t len)
{
    catalog_cell_key(c->impl, c->workload, c->split, c->size, c->threads, key, len);
    uint64_t u = summary_units(c);
    *qc = (struct question_cell){{a->vals + c->first, a->pcount + c->pfirst, c->nproc}, a->pblock + c->pfirst,
                                 u ? u : units, key};
}

/* Thread counts a study runs, at most. */
#define COUNTS_MAX 256

/* The counts at which both num and den ran in the question's workload and
 * split, ascending. */
static size_t common_counts(const struct analysis *a, const struct question *q, unsigned *Ts)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncells && n < COUNTS_MAX; i++) {
        const struct cell *c = &a->cells[i];
        if (strcmp(c->impl, q->num) || strcmp(c->workload, q->workload) || strcmp(c->split, q->split) ||
            !summary_find(a, q->den, q->workload, q->split, c->threads))
            continue;
        size_t k = 0;
        while (k < n && Ts[k] < c->threads)
            k++;
        if (k < n && Ts[k] == c->threads)
            continue;
        memmove(Ts + k + 1, Ts + k, (n - k) * sizeof *Ts);
        Ts[k] = c->threads;
        n++;
    }
    return n;
}

static int has_impl(const struct analysis *a, const char *impl, const struct question *q)
{
    for (size_t i = 0; i < a->ncells; i++)
        if (!strcmp(a->cells[i].impl, impl) && !strcmp(a->cells[i].workload, q->workload) &&
            !strcmp(a->cells[i].split, q->split))
            return 1;
    return 0;
}

int summary_question_cells(const struct analysis *a, const struct question *q, const struct cell **num,
                           const struct cell **den, unsigned *numT, unsigned *denT, int *at_claim, char *why,
                           size_t len)
{
    unsigned Ts[COUNTS_MAX];
    int at_num = 0, at_den = 0;
    *num = *den = NULL;
    *numT = *denT = 0;
    *at_claim = 0;
    if (!has_impl(a, q->num, q) || !has_impl(a, q->den, q)) {
        snprintf(why, len, "no %s cells in %s %s", has_impl(a, q->num, q) ? q->den : q->num, q->workload,
                 q->split);
        return -1;
    }
    size_t nT = common_counts(a, q, Ts);
    *numT = question_resolve_T(q->num_T, Ts, nT, a->cpus, &at_num);
    *denT = question_resolve_T(q->den_T, Ts, nT, a->cpus, &at_den);
    *at_claim = at_num && at_den;
    if (!*numT || !*denT) {
        unsigned rule = !*numT ? q->num_T : q->den_T;
        snprintf(why, len, "%s and %s never ran at %s together", q->num, q->den,
                 rule == 1 ? "T = 1" : "a T of 2 or more within the CPUs");
        return -1;
    }
    *num = summary_find(a, q->num, q->workload, q->split, *numT);
    *den = summary_find(a, q->den, q->workload, q->split, *denT);
    return 0;
}

/* The question of the table whose cells are exactly x over y, or NULL. */
static const struct question *question_of_cells(const struct analysis *a, const struct cell *x,
                                                const struct cell *y)
{
    for (size_t i = 0; i < QUESTIONS_COUNT; i++) {
        const struct question *q = &questions[i];
        const struct cell *n, *d;
        unsigned nT, dT;
        int at;
        char why[8];
        if (!strcmp(q->num, x->impl) && !strcmp(q->den, y->impl) && !strcmp(q->workload, x->workload) &&
            !strcmp(q->split, x->split) && !strcmp(y->workload, x->workload) && !strcmp(y->split, x->split) &&
            !summary_question_cells(a, q, &n, &d, &nT, &dT, &at, why, sizeof why) && n == x && d == y)
            return q;
    }
    return NULL;
}

int summary_answer(const struct analysis *a, const char *what, const struct cell *x, uint64_t ux,
                   const struct cell *y, uint64_t uy, struct question_answer *out)
{
    /* A question's own cells: answered as the question (its name seeds the
     * stream), so that a speed-up or a cost is the very interval the
     * questions give.  Any other comparison is asked on the fly: a factor,
     * the default target, no claim; `what` seeds the interval with both
     * cells' keys. */
    const struct question *tq = question_of_cells(a, x, y);
    const struct question q = tq ? *tq
                                 : (struct question){what,       QG_FIGURE,   QK_FACTOR,  x->workload,
                                                     x->split,   x->impl,     y->impl,    x->threads,
                                                     y->threads, Q_TARGET_REL, Q_NO_CLAIM, Q_NO_CLAIM,
                                                     "",         what};
    char kx[2 * DS_NAME_MAX + 64], ky[2 * DS_NAME_MAX + 64];
    struct question_cell qx, qy;
    summary_question_cell(a, x, ux, &qx, kx, sizeof kx);
    summary_question_cell(a, y, uy, &qy, ky, sizeof ky);
    if (!qx.units || !qy.units) {
        /* Unknown work: only cells that did the same work compare. */
        if (x->size != y->size || x->threads != y->threads || strcmp(x->split, y->split) ||
            strcmp(x->workload, y->workload)) {
            *out = (struct question_answer){.precision = NAN, .badness = INFINITY, .verdict = QV_NONE};
            out->ci.estimate = out->ci.lo = out->ci.hi = out->ci.level = out->ci.reached = NAN;
            return -1;
        }
        qx.units = qy.units = 1;
    }
    return question_answer(&q, &qx, &qy, a->boot_seed, out);
}

int summary_cost_ratio(const struct analysis *a, const struct cell *x, const struct cell *y, double *r, double *lo,
                       double *hi)
{
    struct question_answer ans;
    int rc = summary_answer(a, "cost", x, 0, y, 0, &ans);
    *r = rc ? NAN : ans.ci.estimate;
    *lo = rc ? NAN : ans.ci.lo;
    *hi = rc ? NAN : ans.ci.hi;
    return rc;
}

int summary_is_weak(const char *split)
{
    return strcmp(split, "weak") == 0;
}

static int same_cell(const struct run *a, const struct run *b)
{
    return !strcmp(a->impl, b->impl) && !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split) &&
           a->size == b->size && a->threads == b->threads;
}

/* The disturbed processes left out of c (dataset's left_out, one count
 * per process). */
static size_t left_out_of(const struct dataset *d, const struct run *c)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nleft_out; i++) {
        if (!same_cell(&d->left_out[i], c))
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = d->left_out[j].proc == d->left_out[i].proc;
        n += !seen;
    }
    return n;
}

/* The median's two-level bootstrap interval and the spreads of c, whose
 * processes are set; ci_level is the level the interval reached.  The
 * interval, and whether the cell is above the study's CI target, come from
 * citarget_above: the one rule the runner counts such cells by, with the
 * same seed (the cell's key), so meta.json and the flag agree. */
static void cell_interval(const struct analysis *a, struct cell *c)
{
    char key[2 * DS_NAME_MAX + 64];
    catalog_cell_key(c->impl, c->workload, c->split, c->size, c->threads, key, sizeof key);
    const struct resample_cell rc = {a->vals + c->first, a->pcount + c->pfirst, c->nproc};
    struct resample_ci ci = {.lo = NAN, .hi = NAN, .reached = NAN};
    c->ci_lo = c->ci_hi = c->ci_level = NAN;
    c->ci_above = citarget_above(&rc, key, a->boot_seed, a->ci_target, &ci);
    if (c->ci_above >= 0) {
        c->ci_lo = ci.lo;
        c->ci_hi = ci.hi;
        c->ci_level = ci.reached;
    }
    if (resample_spread(&rc, &c->spread_between, &c->spread_within))
        c->spread_between = c->spread_within = NAN;
}

/* Groups the sorted runs into cells and their processes: the order
 * statistics, the interval, noise, CPU utilisation, worker creation's
 * share, cost per unit. */
static int group_cells(struct analysis *a, struct err *e)
{
    struct dataset *d = &a->ds;
    a->cells = calloc(d->n, sizeof *a->cells);
    a->walls = malloc(d->n * sizeof *a->walls);
    a->vals = malloc(d->n * sizeof *a->vals);
    a->pcount = malloc(d->n * sizeof *a->pcount);
    a->pblock = malloc(d->n * sizeof *a->pblock);
    double *util = malloc(d->n * sizeof *util), *spawn = malloc(d->n * sizeof *spawn);
    if (!a->cells || !a->walls || !a->vals || !a->pcount || !a->pblock || !util || !spawn) {
        free(util);
        free(spawn);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    int others = 0; /* unknown native models: each its own of MODE_EXTRA dash patterns, in turn */
    for (size_t i = 0; i < d->n;) {
        size_t j = i, nu = 0, ns = 0;
        double *wall = a->walls + i;
        struct cell *c = &a->cells[a->ncells];
        c->pfirst = a->nprocs;
        while (j < d->n && same_cell(&d->runs[j], &d->runs[i])) {
            const struct run *r = &d->runs[j];
            wall[j - i] = a->vals[j] = r->wall_s;
            /* runs are sorted by process within a cell: a new process
             * starts wherever the number changes */
            if (j == i || r->proc != d->runs[j - 1].proc) {
                a->pcount[a->nprocs] = 0;
                a->pblock[a->nprocs++] = r->block;
            }
            a->pcount[a->nprocs - 1]++;
            if (isfinite(r->user_s) && isfinite(r->sys_s))
                util[nu++] = (r->user_s + r->sys_s) / r->wall_s;
            if (isfinite(r->spawn_s))
                spawn[ns++] = r->spawn_s / r->wall_s;
            j++;
        }
        size_t n = j - i;
        const struct run *r = &d->runs[i];
        snprintf(c->impl, sizeof c->impl, "%s", r->impl);
        snprintf(c->workload, sizeof c->workload, "%s", r->workload);
        snprintf(c->split, sizeof c->split, "%s", r->split);
        c->size = r->size;
        c->threads = r->threads;
        c->weak = summary_is_weak(c->split);
        c->throughput = c->weak || !strcmp(c->impl, SUMMARY_CEILING);
        catalog_impl_kind(c->impl, &c->fam, &c->mode);
        if (c->mode == MODE_OTHER && c->fam == FAM_C) {
            if (a->ncells && !strcmp(a->cells[a->ncells - 1].impl, c->impl))
                c->mode = a->cells[a->ncells - 1].mode;
            else
                c->mode = MODE_COUNT + others++ % MODE_EXTRA;
        }
        c->n = n;
        c->first = i;
        c->nproc = a->nprocs - c->pfirst;
        c->disturbed = left_out_of(d, r);
        cell_interval(a, c);
        stats_sort(wall, n);
        c->median = stats_quantile(wall, n, 0.5);
        c->q1 = stats_quantile(wall, n, 0.25);
        c->q3 = stats_quantile(wall, n, 0.75);
        c->min = wall[0];
        c->max = wall[n - 1];
        c->mean = stats_mean(wall, n);
        c->stdev = stats_stdev(wall, n);
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
         * factor keeps the percentiles in place. */
        c->units = summary_units(c);
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

int summary_build(struct analysis *a, struct err *e)
{
    qsort(a->ds.runs, a->ds.n, sizeof *a->ds.runs, run_cmp);
    return group_cells(a, e);
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
 * versions, in their places; columns are only ever added at the end.
 * Since processes x values: runs counts values, ci_level is the level the
 * median's two-level bootstrap interval reached, fit and serial_fraction
 * are Amdahl's for strong-scaling series and empty for throughput ones
 * (the weak split, the ceiling), whose scaled serial fraction is
 * gustafson, per cell. */
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
    X("fit", str, c->throughput ? "" : "amdahl")                    \
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
    X("boot_seed", u64, a->boot_seed)                               \
    X("processes", u64, c->nproc)                                   \
    X("disturbed", u64, c->disturbed)                               \
    X("spread_between", g6, c->spread_between)                      \
    X("spread_within", g6, c->spread_within)                        \
    X("speedup_level", g6, c->speedup_level)                        \
    X("speedup_paired", u64, (uint64_t)c->speedup_paired)           \
    X("slowdown_level", g6, c->slow_level)                          \
    X("gustafson", g6, c->gustafson)                                \
    X("split_cap", g6, c->split_cap)                                \
    X("efficiency_vs_ceiling", g6, c->eff_ceiling)                  \
    X("efficiency_vs_ceiling_lo", g6, c->effc_lo)                   \
    X("efficiency_vs_ceiling_hi", g6, c->effc_hi)                   \
    X("efficiency_vs_ceiling_level", g6, c->effc_level)

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
