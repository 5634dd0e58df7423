/* analyze.c - bin/analyze DIR: turns DIR/raw.csv (and timeline.csv,
 * meta.json) into summary.csv, the figures (gnuplot scripts in analysis/,
 * each in PNG, SVG and PDF) and report.md.
 *
 * Statistics per cell (implementation, workload, split, size, T) are over
 * the verified runs only: median, min, max, quartiles, a distribution-free
 * 95% confidence interval for the median, speedup against the same series
 * at T = 1 (throughput speedup for weak scaling), efficiency, Karp-Flatt,
 * slowdown against pthreads, CPU utilisation, and pyperf's noise flag; per
 * series, an Amdahl or Gustafson serial fraction fitted by least squares.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvread.h"
#include "dataset.h"
#include "stats.h"
#include "text.h"
#include "whoruns.h"

#define CI_LEVEL 0.95
#define MAX_PANELS 16
#define FIGURE_FORMATS 3
#define CLAIM_THREADS 8

static const char *const formats[FIGURE_FORMATS] = {"png", "svg", "pdf"};

/* The figures: script in analysis/, output name, what it shows. */
#define FIGURE_TABLE(X)                                                                     \
    X("speedup", "Speedup against workers (log2 axes; dashed: ideal)")                      \
    X("walltime", "Wall time against workers (median; bars: min-max)")                      \
    X("efficiency", "Parallel efficiency against workers")                                  \
    X("single", "Single-worker time of each implementation (log scale)")                    \
    X("timeline", "Per-worker timeline of one run: 3.12 threading beside 3.14t threading")  \
    X("cpu", "CPU utilisation, (user+sys)/wall, against workers")                          \
    X("whoruns", "Who runs when: each worker's time on a CPU in one sampled run, GIL against free-threading and C")
#define FIG_ROW(name, title) {name, title},
static const struct {
    const char *name, *title;
} figures[] = {FIGURE_TABLE(FIG_ROW)};
#undef FIG_ROW
#define NFIGURES (sizeof figures / sizeof figures[0])

/* The implementations in a fixed order: a series keeps its style (colour,
 * dash, marker) in every figure.  Unknown names follow, alphabetically. */
static const char *const known_impls[] = {
    "pthreads", "openmp", "multiprocess",
    "py3.12-threading", "py3.12-cthreads", "py3.12-subinterp", "py3.12-multiprocessing",
    "py3.14-threading", "py3.14-cthreads", "py3.14-subinterp", "py3.14-multiprocessing",
    "py3.14t-threading", "py3.14t-cthreads", "py3.14t-subinterp", "py3.14t-multiprocessing",
};
#define NKNOWN (sizeof known_impls / sizeof known_impls[0])

struct cell {
    char impl[DS_NAME_MAX], workload[16], split[16];
    uint64_t size;
    unsigned threads;
    int style;          /* 1-based line style */
    size_t n;
    double median, min, max, q1, q3, ci_lo, ci_hi, ci_level, mean, stdev, cpu_util;
    double speedup, efficiency, karp_flatt, slowdown, serial_fit;
    int noisy, weak;
};

#define NFIGURES_MAX 8

struct analysis {
    const char *dir;
    int missing[NFIGURES_MAX]; /* figure i could not be drawn */
    struct dataset ds;
    struct cell *cells;
    size_t ncells;
};

static int impl_rank(const char *impl)
{
    for (size_t i = 0; i < NKNOWN; i++)
        if (strcmp(known_impls[i], impl) == 0)
            return (int)i;
    return (int)NKNOWN;
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

static int same_series(const struct cell *a, const struct cell *b)
{
    return !strcmp(a->impl, b->impl) && !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split) &&
           a->size == b->size;
}

static int is_weak(const char *split)
{
    return strcmp(split, "weak") == 0;
}

/* Groups the runs into cells and computes every statistic. */
static int summarise(struct analysis *a, struct err *e)
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
        c->weak = is_weak(c->split);
        int rank = impl_rank(c->impl);
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
        stats_median_ci(wall, n, CI_LEVEL, &c->ci_lo, &c->ci_hi, &c->ci_level);
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

/* ---- output helpers ---------------------------------------------------- */

static void num(FILE *f, double v, const char *fmt)
{
    if (isfinite(v))
        fprintf(f, fmt, v);
}

static FILE *open_out(const char *dir, const char *name, char *path, struct err *e)
{
    snprintf(path, PATH_MAX, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        err_set(e, EXIT_RUN_FAILED, "cannot write '%s': %s", path, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path, struct err *e)
{
    if (ferror(f) | (fclose(f) != 0))
        return err_set(e, EXIT_RUN_FAILED, "writing '%s' failed", path);
    return 0;
}

static int write_summary(const struct analysis *a, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = open_out(a->dir, "summary.csv", path, e);
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
            num(f, v[k], "%.9g");
            fputc(',', f);
        }
        fprintf(f, "%d,%s,", c->noisy, c->weak ? "gustafson" : "amdahl");
        num(f, c->serial_fit, "%.6g");
        fputs("\r\n", f);
    }
    return close_out(f, path, e);
}

/* ---- figures ----------------------------------------------------------- */

struct panel {
    char workload[16], split[16];
    uint64_t size;
};

static int split_rank(const char *s)
{
    static const char *const order[] = {"weak", "strong", "rr", "dynamic"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(order[i], s))
            return i;
    return 4;
}

static uint64_t panel_rank(const struct panel *p)
{
    return (uint64_t)(strcmp(p->workload, "sumsq") == 0 ? 0 : strcmp(p->workload, "nqueens") == 0 ? 1 : 2) << 60 |
           (uint64_t)split_rank(p->split) << 56 | (p->size & ((UINT64_C(1) << 56) - 1));
}

static size_t find_panels(const struct analysis *a, struct panel *p)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        size_t k = 0;
        while (k < n && !(strcmp(p[k].workload, c->workload) == 0 && strcmp(p[k].split, c->split) == 0 &&
                          p[k].size == c->size))
            k++;
        if (k == n && n < MAX_PANELS) {
            snprintf(p[n].workload, sizeof p[n].workload, "%s", c->workload);
            snprintf(p[n].split, sizeof p[n].split, "%s", c->split);
            p[n++].size = c->size;
        }
    }
    /* sumsq before nqueens, each in the split order of the tables, then
     * by size */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && panel_rank(&p[j - 1]) > panel_rank(&p[j]); j--) {
            struct panel t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
    return n;
}

static int in_panel(const struct cell *c, const struct panel *p)
{
    return !strcmp(c->workload, p->workload) && !strcmp(c->split, p->split) && c->size == p->size;
}

/* figures/data/panelK.dat: one block per implementation (gnuplot's index),
 * columns T median min max speedup efficiency cpu_util; and panels.gp with
 * each panel's title, implementation names and styles. */
static int write_plot_data(const struct analysis *a, const char *data, const struct panel *p, size_t np,
                           struct err *e)
{
    char path[PATH_MAX], name[64];
    FILE *g = open_out(data, "panels.gp", path, e);
    if (!g)
        return -1;
    fprintf(g, "# written by bin/analyze: what each panel holds\nnpanels = %zu\n", np);
    fprintf(g, "array ptitle[%zu]\narray pnames[%zu]\narray pstyles[%zu]\narray pweak[%zu]\n", np ? np : 1,
            np ? np : 1, np ? np : 1, np ? np : 1);
    for (size_t k = 0; k < np; k++) {
        snprintf(name, sizeof name, "panel%zu.dat", k + 1);
        char dpath[PATH_MAX];
        FILE *f = open_out(data, name, dpath, e);
        if (!f) {
            fclose(g);
            return -1;
        }
        fprintf(g, "ptitle[%zu] = \"%s %s (%s = %" PRIu64 ")\"\npnames[%zu] = \"", k + 1, p[k].workload, p[k].split,
                strcmp(p[k].workload, "sumsq") == 0 ? "N" : "n", p[k].size, k + 1);
        const char *prev = NULL;
        int blocks = 0;
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (!in_panel(c, &p[k]))
                continue;
            if (!prev || strcmp(prev, c->impl) != 0) {
                fprintf(f, "%s# %s\n", blocks ? "\n\n" : "", c->impl);
                fprintf(g, "%s%s", blocks ? " " : "", c->impl);
                blocks++;
                prev = c->impl;
            }
            fprintf(f, "%u %.9g %.9g %.9g ", c->threads, c->median, c->min, c->max);
            const double v[] = {c->speedup, c->efficiency, c->cpu_util};
            for (size_t x = 0; x < 3; x++)
                isfinite(v[x]) ? fprintf(f, "%.6g ", v[x]) : fprintf(f, "? ");
            fputc('\n', f);
        }
        fprintf(g, "\"\npstyles[%zu] = \"", k + 1);
        prev = NULL;
        blocks = 0;
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (!in_panel(c, &p[k]) || (prev && !strcmp(prev, c->impl)))
                continue;
            fprintf(g, "%s%d", blocks++ ? " " : "", c->style);
            prev = c->impl;
        }
        fprintf(g, "\"\npweak[%zu] = %d\n", k + 1, is_weak(p[k].split));
        if (close_out(f, dpath, e)) {
            fclose(g);
            return -1;
        }
    }
    return close_out(g, path, e);
}

/* single.dat: every implementation's T = 1 median in each panel ("?" when
 * absent), one row per implementation. */
static int write_single(const struct analysis *a, const char *data, const struct panel *p, size_t np,
                        struct err *e)
{
    char path[PATH_MAX];
    FILE *f = open_out(data, "single.dat", path, e);
    if (!f)
        return -1;
    fprintf(f, "impl style");
    for (size_t k = 0; k < np; k++)
        fprintf(f, " \"%s %s\"", p[k].workload, p[k].split);
    fputc('\n', f);
    const char *prev = NULL;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (prev && !strcmp(prev, c->impl))
            continue;
        prev = c->impl;
        fprintf(f, "%s %d", c->impl, c->style);
        for (size_t k = 0; k < np; k++) {
            double t = NAN;
            for (size_t j = i; j < a->ncells && !strcmp(a->cells[j].impl, c->impl); j++)
                if (in_panel(&a->cells[j], &p[k]) && a->cells[j].threads == 1)
                    t = a->cells[j].median;
            isfinite(t) ? fprintf(f, " %.9g", t) : fprintf(f, " ?");
        }
        fputc('\n', f);
    }
    return close_out(f, path, e);
}

/* timeline-A.dat / timeline-B.dat: the workers of one run of py3.12 and
 * py3.14t threading, sumsq weak, at the largest T both have.
 * Writes timeline.gp with what was chosen (or tl_ok = 0). */
static int write_timeline(const struct analysis *a, const char *data, struct err *e)
{
    static const char *const pair[2] = {"py3.12-threading", "py3.14t-threading"};
    char src[PATH_MAX], path[PATH_MAX];
    snprintf(src, sizeof src, "%s/timeline.csv", a->dir);
    struct csv_reader r;
    struct err ignore;
    unsigned best_T = 0;
    char best_wl[16] = "", best_split[16] = "";
    /* Pass 0 finds the largest T both have; pass 1 writes that run. */
    for (int pass = 0; pass < 2; pass++) {
        FILE *out[2] = {NULL, NULL};
        char opath[2][PATH_MAX];
        unsigned round_of[2] = {0, 0};
        if (pass == 1) {
            for (int s = 0; s < 2; s++) {
                char nm[32];
                snprintf(nm, sizeof nm, "timeline-%c.dat", 'A' + s);
                if (!(out[s] = open_out(data, nm, opath[s], e))) {
                    if (out[0])
                        fclose(out[0]);
                    return -1;
                }
                fprintf(out[s], "# %s %s/%s T=%u: worker start_s end_s\n", pair[s], best_wl, best_split, best_T);
            }
        }
        unsigned maxT[2] = {0, 0}; /* per implementation, sumsq weak */
        if (csvr_open(&r, src, &ignore) == 0) {
            int idx[8], got, header = 1;
            size_t width = 0;
            static const char *const want[8] = {"impl", "round", "workload", "split", "threads", "worker",
                                                "start_s", "end_s"};
            while ((got = csvr_next(&r, &ignore)) == 1) {
                if (header) {
                    header = 0;
                    width = r.nfields;
                    for (int k = 0; k < 8; k++) {
                        idx[k] = -1;
                        for (size_t i = 0; i < r.nfields; i++)
                            if (!strcmp(r.fields[i], want[k]))
                                idx[k] = (int)i;
                    }
                    if (idx[0] < 0 || idx[4] < 0 || idx[5] < 0 || idx[6] < 0 || idx[7] < 0 || idx[2] < 0 ||
                        idx[3] < 0 || idx[1] < 0)
                        break;
                    continue;
                }
                if (r.nfields != width)
                    continue; /* a short or long row: every idx[] must be in range */
                int s = !strcmp(r.fields[idx[0]], pair[0]) ? 0 : !strcmp(r.fields[idx[0]], pair[1]) ? 1 : -1;
                if (s < 0)
                    continue;
                unsigned T = (unsigned)strtoul(r.fields[idx[4]], NULL, 10);
                unsigned rnd = (unsigned)strtoul(r.fields[idx[1]], NULL, 10);
                int sw = !strcmp(r.fields[idx[2]], "sumsq") && !strcmp(r.fields[idx[3]], "weak");
                if (pass == 0) {
                    if (sw && T > maxT[s])
                        maxT[s] = T;
                    continue;
                }
                if (T != best_T || strcmp(r.fields[idx[2]], best_wl) || strcmp(r.fields[idx[3]], best_split))
                    continue;
                if (!round_of[s])
                    round_of[s] = rnd;
                if (rnd != round_of[s])
                    continue;
                double st = strtod(r.fields[idx[6]], NULL), en = strtod(r.fields[idx[7]], NULL);
                if (isfinite(st) && isfinite(en))
                    fprintf(out[s], "%s %.9g %.9g\n", r.fields[idx[5]], st, en);
            }
            csvr_close(&r);
        }
        if (pass == 0) {
            best_T = maxT[0] < maxT[1] ? maxT[0] : maxT[1];
            if (!best_T)
                break; /* no sumsq weak timeline of both: tl_ok = 0 */
            snprintf(best_wl, sizeof best_wl, "sumsq");
            snprintf(best_split, sizeof best_split, "weak");
        } else {
            for (int s = 0; s < 2; s++)
                if (close_out(out[s], opath[s], e))
                    return -1;
        }
    }
    FILE *g = open_out(data, "timeline.gp", path, e);
    if (!g)
        return -1;
    fprintf(g, "tl_ok = %d\ntl_what = \"%s %s, T = %u\"\n", best_T > 0, best_wl, best_split, best_T);
    return close_out(g, path, e);
}

/* Runs gnuplot on analysis/<name>.gp once per format. */
static int draw(const char *scripts, const char *figdir, const char *data, const char *name, struct err *e)
{
    for (int k = 0; k < FIGURE_FORMATS; k++) {
        char script[PATH_MAX], defs[3 * PATH_MAX];
        text_clip(script, sizeof script, "%s/%s.gp", scripts, name);
        text_clip(defs, sizeof defs, "fmt='%s'; data='%s'; out='%s/%s.%s'; styles='%s/style.gp'", formats[k], data,
                 figdir, name, formats[k], scripts);
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
            return err_set(e, EXIT_RUN_FAILED, "fork: %s", strerror(errno));
        if (pid == 0) {
            execlp("gnuplot", "gnuplot", "-e", defs, script, (char *)NULL);
            fprintf(stderr, "analyze: cannot run gnuplot: %s (install gnuplot-nox)\n", strerror(errno));
            _exit(127);
        }
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            /* No half-drawn figure stays behind. */
            for (int j = 0; j < FIGURE_FORMATS; j++) {
                char path[PATH_MAX];
                text_clip(path, sizeof path, "%s/%s.%s", figdir, name, formats[j]);
                unlink(path);
            }
            return err_set(e, EXIT_RUN_FAILED, "gnuplot could not draw %s (its message is above)", name);
        }
    }
    return 0;
}

/* ---- report.md --------------------------------------------------------- */

/* The value of "key" in our own meta.json (searched from `from`): a string
 * without its quotes, or the raw number/literal; "unknown" when absent. */
static void meta_get(const char *json, const char *from, const char *key, char *out, size_t len)
{
    snprintf(out, len, "unknown");
    if (!json)
        return;
    char pat[96];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(from ? from : json, pat);
    if (!p)
        return;
    p += strlen(pat);
    size_t k = 0;
    if (*p == '"') {
        for (p++; *p && *p != '"' && k + 1 < len; p++) {
            if (*p == '\\' && p[1])
                p++;
            out[k++] = *p;
        }
    } else {
        while (*p && *p != ',' && *p != '\n' && *p != '}' && k + 1 < len)
            out[k++] = *p++;
    }
    out[k] = '\0';
}

static const struct cell *find_cell(const struct analysis *a, const char *impl, const char *wl, const char *split,
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

/* Largest T <= want that impl has in (wl, split); 0 when none. */
static unsigned near_T(const struct analysis *a, const char *impl, const char *wl, const char *split, unsigned want)
{
    unsigned best = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (!strcmp(c->impl, impl) && !strcmp(c->workload, wl) && !strcmp(c->split, split) && c->threads <= want &&
            c->threads > best)
            best = c->threads;
    }
    return best;
}

static void claims(FILE *f, const struct analysis *a)
{
    fprintf(f, "## The articles' claims beside the measurements\n\n"
               "Ratios are of medians measured in this one study (same machine, same rounds). A claim is "
               "checked at the workers the articles used where this study has them; otherwise at the largest "
               "count it has, and the table says which.\n\n"
               "| claim | compared | workers | measured | claimed |\n|---|---|---|---|---|\n");
    /* 1: sumsq, 8 threads, 3.12 (GIL) against 3.14t. */
    unsigned T = near_T(a, "py3.12-threading", "sumsq", "weak", CLAIM_THREADS);
    unsigned T2 = near_T(a, "py3.14t-threading", "sumsq", "weak", CLAIM_THREADS);
    T = T < T2 ? T : T2;
    const struct cell *g = T ? find_cell(a, "py3.12-threading", "sumsq", "weak", T) : NULL;
    const struct cell *ft = T ? find_cell(a, "py3.14t-threading", "sumsq", "weak", T) : NULL;
    if (g && ft)
        fprintf(f, "| sumsq, free-threading over the GIL (article 1) | 3.12 threading / 3.14t threading wall time | %u | %.2fx | about 3x at 8 |\n",
                T, g->median / ft->median);
    else
        fprintf(f, "| sumsq, free-threading over the GIL (article 1) | 3.12 / 3.14t threading | - | not measured | about 3x at 8 |\n");
    /* 2: nqueens rr, 3.14 (GIL) against 3.14t, at 1, 2, 4, 8. */
    static const unsigned counts[] = {1, 2, 4, 8};
    for (size_t i = 0; i < 4; i++) {
        const struct cell *gl = find_cell(a, "py3.14-threading", "nqueens", "rr", counts[i]);
        const struct cell *fr = find_cell(a, "py3.14t-threading", "nqueens", "rr", counts[i]);
        if (gl && fr)
            fprintf(f, "| nqueens, free-threading over the GIL (article 2) | 3.14 threading / 3.14t threading | %u | %.2fx | %s |\n",
                    counts[i], gl->median / fr->median, counts[i] == 8 ? "about 8x" : "grows with threads");
        else
            fprintf(f, "| nqueens, free-threading over the GIL (article 2) | 3.14 / 3.14t threading | %u | not measured | %s |\n",
                    counts[i], counts[i] == 8 ? "about 8x" : "grows with threads");
    }
    /* 3: single-thread overhead of the free-threaded build. */
    static const char *const wl[2][2] = {{"sumsq", "weak"}, {"nqueens", "rr"}};
    for (int w = 0; w < 2; w++) {
        const struct cell *gl = find_cell(a, "py3.14-threading", wl[w][0], wl[w][1], 1);
        const struct cell *fr = find_cell(a, "py3.14t-threading", wl[w][0], wl[w][1], 1);
        if (gl && fr)
            fprintf(f, "| single-thread cost of free-threading (article 2) | 3.14t / 3.14 at T = 1, %s | 1 | %+.1f%% | +5 to +10%% |\n",
                    wl[w][0], 100 * (fr->median / gl->median - 1));
        else
            fprintf(f, "| single-thread cost of free-threading (article 2) | 3.14t / 3.14, %s | 1 | not measured | +5 to +10%% |\n",
                    wl[w][0]);
    }
    fprintf(f, "\nThe first article compares 3.12 with 3.14t, so its ratio mixes two changes: the interpreter "
               "version and the GIL. The 3.14 build with the GIL, built with the same flags as 3.14t, separates "
               "them: 3.14 / 3.14t is the effect of free-threading alone. On a machine with fewer cores than "
               "workers no threading model can reach the claimed factors; read the ratios against the CPU count "
               "above.\n\n");
}

static int quote_rank(const struct cell *c)
{
    static const char *const order[] = {"weak", "dynamic", "rr", "strong"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(c->split, order[i]))
            return i;
    return 4;
}

/* A teaching paragraph per model family, from the numbers. */
static void teaching(FILE *f, const struct analysis *a, unsigned cpus)
{
    fprintf(f, "## What each model's curve shows\n\n");
    static const struct {
        const char *impl, *what;
    } models[] = {
        {"pthreads", "**pthreads** (native threads, shared memory). The baseline: one OS thread per worker, "
                     "each writing its own padded result slot. Its curve is what the hardware allows"},
        {"openmp", "**OpenMP** (a compiler-directed thread team). The same threads, created once and kept in "
                   "a pool between parallel regions; `schedule(dynamic)` balances the uneven N-Queens tasks"},
        {"multiprocess", "**fork() processes**. Separate address spaces: no shared state to race on, at the "
                         "cost of creating processes (see spawn_s) and of memory per worker"},
        {"py3.12-threading", "**Python 3.12 threads**. The GIL lets one thread run Python bytecode at a time, "
                             "so more threads add no speed: the timeline figure shows the workers taking turns"},
        {"py3.12-subinterp", "**Python 3.12 sub-interpreters**, each with its own GIL. Real parallelism "
                             "already in 3.12, at the price of isolated interpreters that share no objects"},
        {"py3.12-multiprocessing", "**Python multiprocessing** (fork). The classic way around the GIL: parallel, "
                                   "but each worker is a process"},
        {"py3.14t-threading", "**Python 3.14t threads** (free-threaded). Without the GIL, the same threading "
                              "code runs in parallel; compare its curve with 3.14's, built with the same flags"},
    };
    for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
        /* Quote the largest T that still fits the CPUs (oversubscription
         * says more about the scheduler than about the model), in the
         * articles' own workload first (sumsq weak, then nqueens dynamic,
         * rr, strong), never the luckiest cell. */
        const struct cell *best = NULL;
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (strcmp(c->impl, models[m].impl) || !isfinite(c->speedup) || c->threads < 2 ||
                (cpus && c->threads > cpus))
                continue;
            if (!best || c->threads > best->threads ||
                (c->threads == best->threads && quote_rank(c) < quote_rank(best)))
                best = c;
        }
        fprintf(f, "- %s.", models[m].what);
        if (best)
            fprintf(f, " Here: speedup %.2f at %u workers (%s %s, efficiency %.0f%%, serial fraction %.2f by "
                       "%s's law).",
                    best->speedup, best->threads, best->workload, best->split, 100 * best->efficiency,
                    best->serial_fit, best->weak ? "Gustafson" : "Amdahl");
        else
            fprintf(f, " Not measured in this study.");
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void tables(FILE *f, const struct analysis *a, const struct panel *p, size_t np)
{
    for (size_t k = 0; k < np; k++) {
        unsigned Ts[64];
        size_t nT = 0;
        for (size_t i = 0; i < a->ncells; i++) {
            if (!in_panel(&a->cells[i], &p[k]))
                continue;
            size_t j = 0;
            while (j < nT && Ts[j] != a->cells[i].threads)
                j++;
            if (j == nT && nT < 64)
                Ts[nT++] = a->cells[i].threads;
        }
        for (size_t i = 1; i < nT; i++)
            for (size_t j = i; j > 0 && Ts[j - 1] > Ts[j]; j--) {
                unsigned t = Ts[j];
                Ts[j] = Ts[j - 1];
                Ts[j - 1] = t;
            }
        fprintf(f, "### %s, %s split, %s = %" PRIu64 "\n\nMedian wall time in seconds (speedup%s; * noisy)\n\n| "
                   "implementation |",
                p[k].workload, p[k].split, strcmp(p[k].workload, "sumsq") ? "n" : "N", p[k].size,
                is_weak(p[k].split) ? ", throughput: T x t1 / tT" : ": t1 / tT");
        for (size_t j = 0; j < nT; j++)
            fprintf(f, " T=%u |", Ts[j]);
        fprintf(f, " serial fraction |\n|---|");
        for (size_t j = 0; j <= nT; j++)
            fprintf(f, "---|");
        fputc('\n', f);
        const char *prev = NULL;
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (!in_panel(c, &p[k]) || (prev && !strcmp(prev, c->impl)))
                continue;
            prev = c->impl;
            fprintf(f, "| %s |", c->impl);
            for (size_t j = 0; j < nT; j++) {
                const struct cell *x = NULL;
                for (size_t q = i; q < a->ncells && !strcmp(a->cells[q].impl, c->impl); q++)
                    if (in_panel(&a->cells[q], &p[k]) && a->cells[q].threads == Ts[j])
                        x = &a->cells[q];
                if (!x)
                    fprintf(f, " - |");
                else if (isfinite(x->speedup))
                    fprintf(f, " %.4g (%.2fx)%s |", x->median, x->speedup, x->noisy ? "*" : "");
                else
                    fprintf(f, " %.4g%s |", x->median, x->noisy ? "*" : "");
            }
            isfinite(c->serial_fit) ? fprintf(f, " %.3f |\n", c->serial_fit) : fprintf(f, " - |\n");
        }
        fputc('\n', f);
    }
}

static int write_report(const struct analysis *a, const struct panel *p, size_t np, int no_figures,
                        struct err *e)
{
    char path[PATH_MAX], mpath[PATH_MAX];
    snprintf(mpath, sizeof mpath, "%s/meta.json", a->dir);
    char *meta = NULL;
    FILE *m = fopen(mpath, "r");
    if (m) {
        size_t cap = 1 << 16;
        meta = calloc(1, cap);
        if (meta && fread(meta, 1, cap - 1, m) == 0) {
            free(meta);
            meta = NULL;
        }
        fclose(m);
    }
    FILE *f = open_out(a->dir, "report.md", path, e);
    if (!f) {
        free(meta);
        return -1;
    }
    char v[12][256];
    static const char *const keys[12] = {"date", "host", "cpu_model", "cpus_online", "affinity", "governor",
                                         "turbo", "kernel", "compiler", "cflags", "git_commit", "preset"};
    for (int i = 0; i < 12; i++)
        meta_get(meta, NULL, keys[i], v[i], sizeof v[i]);
    char rounds[32], warm[32], pin[32], seed[32];
    meta_get(meta, NULL, "rounds", rounds, sizeof rounds);
    meta_get(meta, NULL, "warmup", warm, sizeof warm);
    meta_get(meta, NULL, "pin", pin, sizeof pin);
    meta_get(meta, NULL, "seed", seed, sizeof seed);

    fprintf(f, "# Concurrency models side by side: C threads, OpenMP, processes and CPython 3.12 / 3.14 / 3.14t\n\n");
    fprintf(f, "Generated by `bin/analyze` from `raw.csv` (%zu verified runs, %zu failed runs left out, %zu "
               "duplicate rows dropped) in this folder. Figures are in `figures/` as PNG, SVG and PDF.\n\n",
            a->ds.n, a->ds.failed, a->ds.duplicates);
    fprintf(f, "## Environment\n\n| | |\n|---|---|\n");
    for (int i = 0; i < 12; i++)
        fprintf(f, "| %s | %s |\n", keys[i], v[i]);
    fprintf(f, "| rounds / warm-up / pinning / seed | %s / %s / %s / %s |\n", rounds, warm, pin, seed);
    static const char *const tags[3] = {"3.12", "3.14", "3.14t"};
    for (int t = 0; t < 3; t++) {
        char key[16], ver[64], ft[16], flags[512];
        snprintf(key, sizeof key, "\"%s\": {", tags[t]);
        const char *at = meta ? strstr(meta, key) : NULL;
        if (!at)
            continue;
        meta_get(meta, at, "version", ver, sizeof ver);
        meta_get(meta, at, "free_threaded_build", ft, sizeof ft);
        meta_get(meta, at, "configure_flags", flags, sizeof flags);
        fprintf(f, "| Python %s | %s, free-threaded build: %s, configure: `%s` |\n", tags[t], ver, ft, flags);
    }
    fprintf(f, "\n## Method\n\n"
               "Each implementation runs the same two workloads. **sumsq** computes `sum(i**2 for i in range(N))` "
               "exactly; with the *weak* split every worker computes the whole sum (work grows with the "
               "workers, and speedup is throughput: T x t1 / tT), with *strong* [0, N) is cut into T chunks. "
               "**nqueens** counts the n-Queens solutions with the articles' bitmask recursion; *rr* deals the "
               "first-row columns round-robin (uneven), *dynamic* hands out two-row prefixes from a shared "
               "counter. Every run is checked against the exact answer (closed form; OEIS A000170) and only "
               "verified runs enter the statistics.\n\n"
               "`wall_s` runs from just before the first worker is started to just after the last is joined or "
               "reaped: creating workers (threads, processes, sub-interpreters) is included, program and "
               "interpreter start-up are not. Each cell ran once per round; rounds were interleaved across all "
               "cells in an order shuffled with the recorded seed, each run after %s untimed warm-up run(s) in "
               "its own process. Per cell: median, quartiles (type 7), min-max, and a distribution-free 95%% "
               "confidence interval for the median from order statistics (with fewer than 6 runs no such "
               "interval exists; summary.csv gives [min, max] and its actual coverage). Speedup is against the "
               "same implementation at T = 1; efficiency is speedup / T; the Karp-Flatt fraction is "
               "(1/S - 1/T) / (1 - 1/T); the serial fraction of each series is fitted by least squares to "
               "Amdahl's law (strong scaling) or Gustafson's (weak). Cells are flagged noisy by pyperf's rule: "
               "stdev >= 10%% of the mean, or min/max more than 25%% from it.\n\n",
            warm);
    fprintf(f, "## Figures\n\n");
    for (size_t i = 0; i < NFIGURES; i++)
        if (no_figures || a->missing[i])
            fprintf(f, "%zu. %s: not drawn (%s).\n\n", i + 1, figures[i].title,
                    no_figures ? "--no-figures" : "this study lacks what it needs, e.g. T = 1 runs or CPU times; see analyze's warnings");
        else
            fprintf(f, "%zu. %s: [PNG](figures/%s.png), [SVG](figures/%s.svg), [PDF](figures/%s.pdf)\n\n   "
                   "![%s](figures/%s.png)\n\n",
                i + 1, figures[i].title, figures[i].name, figures[i].name, figures[i].name, figures[i].title,
                figures[i].name);
    fprintf(f, "## Results\n\nThe full table, with every statistic, is `summary.csv`.\n\n");
    tables(f, a, p, np);
    whoruns_report(f, a->dir);
    claims(f, a);
    char cpus[32];
    meta_get(meta, NULL, "cpus_in_affinity", cpus, sizeof cpus);
    teaching(f, a, (unsigned)strtoul(cpus, NULL, 10));
    fprintf(f, "## Methods paragraph\n\n> We ran each workload on one machine (CPU: %s; %s CPUs online, affinity "
               "%s; governor %s, turbo %s; %s) with C code compiled by %s with `%s`. Python workloads ran in one C host embedding CPython, built "
               "once per interpreter",
            v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    for (int t = 0; t < 3; t++) {
        char key[16], ver[64];
        snprintf(key, sizeof key, "\"%s\": {", tags[t]);
        const char *at = meta ? strstr(meta, key) : NULL;
        if (!at)
            continue;
        meta_get(meta, at, "version", ver, sizeof ver);
        fprintf(f, "%s %s", t ? "," : ":", ver);
    }
    fprintf(f, " (the 3.14 builds share all configure flags but `--disable-gil`). Sizes:");
    for (size_t k = 0; k < np; k++)
        fprintf(f, "%s %s/%s %s = %" PRIu64, k ? "," : "", p[k].workload, p[k].split,
                strcmp(p[k].workload, "sumsq") ? "n" : "N", p[k].size);
    fprintf(f, ". Each configuration ran %s times in rounds interleaved across configurations in a "
               "shuffled order (seed %s), each after %s untimed warm-up run(s); threads were %s. We report "
               "medians with distribution-free 95%% confidence intervals from order statistics; every result "
               "was verified against its exact value. (Study preset `%s`, commit %.12s, %s.)\n",
            rounds, seed, warm, strcmp(pin, "cores") ? "not pinned" : "pinned one per physical core", v[11], v[10],
            v[0]);
    free(meta);
    return close_out(f, path, e);
}

/* ---- main -------------------------------------------------------------- */

static void default_scripts(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    snprintf(out, len, "analysis");
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *s = strrchr(exe, '/');
    if (s)
        *s = '\0';
    /* bin/analyze -> analysis/; build/<cc>-<san>/bin/analyze -> ../../../analysis */
    static const char *const rel[] = {"/../analysis", "/../../../analysis"};
    for (size_t i = 0; i < 2; i++) {
        char p[PATH_MAX + 32];
        snprintf(p, sizeof p, "%s%s/style.gp", exe, rel[i]);
        if (access(p, R_OK) == 0) {
            snprintf(p, sizeof p, "%s%s", exe, rel[i]);
            text_clip(out, len, "%s", p);
            return;
        }
    }
}

int main(int argc, char **argv)
{
    struct err e = {0};
    const char *dir = NULL, *scripts_opt = NULL;
    int no_figures = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: analyze [--no-figures] [--scripts DIR] RESULTS_DIR\n\nReads RESULTS_DIR/raw.csv "
                   "(and timeline.csv, meta.json); writes summary.csv, figures/ and report.md there.\n");
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--no-figures")) {
            no_figures = 1;
        } else if (!strcmp(argv[i], "--scripts") && i + 1 < argc) {
            scripts_opt = argv[++i];
        } else if (argv[i][0] == '-' || dir) {
            fprintf(stderr, "analyze: unexpected argument '%s' (see --help)\n", argv[i]);
            return EXIT_USAGE;
        } else {
            dir = argv[i];
        }
    }
    if (!dir) {
        fprintf(stderr, "analyze: which results folder? (usage: analyze RESULTS_DIR)\n");
        return EXIT_USAGE;
    }
    struct analysis a = {.dir = dir};
    char raw[PATH_MAX], figdir[PATH_MAX], data[PATH_MAX], scripts[PATH_MAX];
    snprintf(raw, sizeof raw, "%s/raw.csv", dir);
    if (dataset_load(&a.ds, raw, &e)) {
        fprintf(stderr, "analyze: %s\n", e.msg);
        return e.code;
    }
    if (a.ds.n == 0) {
        fprintf(stderr, "analyze: %s: no verified run to analyse (%zu failed)\n", raw, a.ds.failed);
        dataset_free(&a.ds);
        return EXIT_USAGE;
    }
    if (a.ds.duplicates)
        fprintf(stderr, "analyze: %s: %zu duplicate rows ignored\n", raw, a.ds.duplicates);
    struct panel panels[MAX_PANELS];
    size_t np = 0;
    int rc = summarise(&a, &e) || write_summary(&a, &e);
    if (!rc) {
        np = find_panels(&a, panels);
        snprintf(figdir, sizeof figdir, "%s/figures", dir);
        snprintf(data, sizeof data, "%s/figures/data", dir);
        if ((mkdir(figdir, 0777) && errno != EEXIST) || (mkdir(data, 0777) && errno != EEXIST))
            rc = err_set(&e, EXIT_RUN_FAILED, "cannot create '%s': %s", data, strerror(errno));
    }
    if (!rc)
        rc = write_plot_data(&a, data, panels, np, &e) || write_single(&a, data, panels, np, &e) ||
             write_timeline(&a, data, &e) || whoruns_write_data(dir, data, &e);
    /* A figure gnuplot cannot draw (a study without T = 1 has no speedup,
     * a CSV without user_s no CPU utilisation) is a warning: the report is
     * still written, and says which figure is missing and why. */
    if (!rc && !no_figures) {
        if (scripts_opt)
            snprintf(scripts, sizeof scripts, "%s", scripts_opt);
        else
            default_scripts(scripts, sizeof scripts);
        for (size_t i = 0; i < NFIGURES; i++) {
            struct err fe = {0};
            if (draw(scripts, figdir, data, figures[i].name, &fe)) {
                fprintf(stderr, "analyze: warning: %s\n", fe.msg);
                a.missing[i] = 1;
            }
        }
    }
    if (!rc)
        rc = write_report(&a, panels, np, no_figures, &e);
    if (rc)
        fprintf(stderr, "analyze: %s\n", e.msg);
    else
        printf("%s/report.md\n", dir);
    free(a.cells);
    dataset_free(&a.ds);
    return rc ? (e.code ? e.code : EXIT_RUN_FAILED) : EXIT_OK;
}

_Static_assert(NFIGURES <= NFIGURES_MAX, "raise NFIGURES_MAX");
