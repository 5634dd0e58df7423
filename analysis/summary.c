/* summary.c - the cells and their statistics, and summary.csv.
 *
 * Statistics per cell (implementation, workload, split, size, T) are over
 * the verified runs only: median, min, max, quartiles, a distribution-free
 * 95% confidence interval for the median, speedup against the same series
 * at T = 1 (throughput speedup for weak scaling), efficiency, Karp-Flatt,
 * slowdown against pthreads, CPU utilisation, and pyperf's noise flag; per
 * series, an Amdahl or Gustafson serial fraction fitted by least squares.
 */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "stats.h"

/* The implementations in a fixed order: a series keeps its style (colour,
 * dash, marker) in every figure.  Unknown names follow, alphabetically. */
static const char *const known_impls[] = {
    "pthreads", "openmp", "multiprocess",
    "py3.12-threading", "py3.12-cthreads", "py3.12-subinterp", "py3.12-multiprocessing",
    "py3.14-threading", "py3.14-cthreads", "py3.14-subinterp", "py3.14-multiprocessing",
    "py3.14t-threading", "py3.14t-cthreads", "py3.14t-subinterp", "py3.14t-multiprocessing",
};
#define NKNOWN (sizeof known_impls / sizeof known_impls[0])

int analysis_impl_rank(const char *impl)
{
    for (size_t i = 0; i < NKNOWN; i++)
        if (strcmp(known_impls[i], impl) == 0)
            return (int)i;
    return (int)NKNOWN;
}

static int run_cmp(const void *pa, const void *pb)
{
    const struct run *a = pa, *b = pb;
    int c = analysis_impl_rank(a->impl) - analysis_impl_rank(b->impl);
    if (c || (c = strcmp(a->impl, b->impl)) || (c = strcmp(a->workload, b->workload)) ||
        (c = strcmp(a->split, b->split)))
        return c;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    return (int)a->threads - (int)b->threads;
}

static int same_series(const struct cell *a, const struct cell *b)
{
    return !strcmp(a->impl, b->impl) && !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split) &&
           a->size == b->size;
}

/* Groups the runs into cells and computes every statistic. */
int summary_build(struct analysis *a, struct err *e)
{
    struct dataset *d = &a->ds;
    qsort(d->runs, d->n, sizeof *d->runs, run_cmp);
    a->cells = calloc(d->n, sizeof *a->cells);
    double *wall = malloc(d->n * sizeof *wall), *util = malloc(d->n * sizeof *util);
    if (!a->cells || !wall || !util) {
        free(wall);
        free(util);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    int next_style = (int)NKNOWN + 1;
    for (size_t i = 0; i < d->n;) {
        size_t j = i, nu = 0;
        while (j < d->n && !strcmp(d->runs[j].impl, d->runs[i].impl) &&
               !strcmp(d->runs[j].workload, d->runs[i].workload) && !strcmp(d->runs[j].split, d->runs[i].split) &&
               d->runs[j].size == d->runs[i].size && d->runs[j].threads == d->runs[i].threads) {
            wall[j - i] = d->runs[j].wall_s;
            if (isfinite(d->runs[j].user_s) && isfinite(d->runs[j].sys_s))
                util[nu++] = (d->runs[j].user_s + d->runs[j].sys_s) / d->runs[j].wall_s;
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
        c->weak = analysis_is_weak(c->split);
        int rank = analysis_impl_rank(c->impl);
        if (rank < (int)NKNOWN)
            c->style = rank + 1;
        else if (a->ncells && !strcmp(a->cells[a->ncells - 1].impl, c->impl))
            c->style = a->cells[a->ncells - 1].style;
        else
            c->style = next_style++;
        stats_sort(wall, n);
        c->n = n;
        c->median = stats_quantile(wall, n, 0.5);
        c->q1 = stats_quantile(wall, n, 0.25);
        c->q3 = stats_quantile(wall, n, 0.75);
        c->min = wall[0];
        c->max = wall[n - 1];
        c->mean = stats_mean(wall, n);
        c->stdev = stats_stdev(wall, n);
        stats_median_ci(wall, n, ANALYSIS_CI_LEVEL, &c->ci_lo, &c->ci_hi, &c->ci_level);
        c->noisy = stats_noisy(wall, n);
        if (nu) {
            stats_sort(util, nu);
            c->cpu_util = stats_quantile(util, nu, 0.5);
        } else {
            c->cpu_util = NAN;
        }
        a->ncells++;
        i = j;
    }
    free(wall);
    free(util);
    /* Speedup and friends need the series' T = 1 cell; slowdown needs
     * pthreads' cell of the same workload, split, size and T. */
    for (size_t i = 0; i < a->ncells; i++) {
        struct cell *c = &a->cells[i];
        c->speedup = c->efficiency = c->karp_flatt = c->slowdown = c->serial_fit = NAN;
        for (size_t k = 0; k < a->ncells; k++) {
            const struct cell *o = &a->cells[k];
            if (o->threads == 1 && same_series(o, c)) {
                c->speedup = stats_speedup(o->median, c->median, c->threads, c->weak);
                c->efficiency = c->speedup / c->threads;
                c->karp_flatt = stats_karp_flatt(c->speedup, c->threads);
            }
            if (!strcmp(o->impl, "pthreads") && !strcmp(o->workload, c->workload) &&
                !strcmp(o->split, c->split) && o->size == c->size && o->threads == c->threads)
                c->slowdown = c->median / o->median;
        }
    }
    for (size_t i = 0; i < a->ncells;) {
        size_t j = i;
        unsigned T[4096];
        double S[4096];
        size_t n = 0;
        while (j < a->ncells && same_series(&a->cells[j], &a->cells[i])) {
            if (n < 4096) {
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
    return 0;
}

int summary_write(const struct analysis *a, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = analysis_open(a->dir, "summary.csv", path, e);
    if (!f)
        return -1;
    fputs("impl,workload,split,size,threads,runs,median_s,min_s,max_s,q1_s,q3_s,ci_lo_s,ci_hi_s,ci_level,"
          "mean_s,stdev_s,speedup,efficiency,karp_flatt,slowdown_vs_c,cpu_util,noisy,fit,serial_fraction\r\n",
          f);
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        fprintf(f, "%s,%s,%s,%" PRIu64 ",%u,%zu,", c->impl, c->workload, c->split, c->size, c->threads, c->n);
        const double v[] = {c->median, c->min, c->max, c->q1, c->q3, c->ci_lo, c->ci_hi, c->ci_level, c->mean,
                            c->stdev, c->speedup, c->efficiency, c->karp_flatt, c->slowdown, c->cpu_util};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            analysis_num(f, v[k], "%.9g");
            fputc(',', f);
        }
        fprintf(f, "%d,%s,", c->noisy, c->weak ? "gustafson" : "amdahl");
        analysis_num(f, c->serial_fit, "%.6g");
        fputs("\r\n", f);
    }
    return analysis_close(f, path, e);
}
