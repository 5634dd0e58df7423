/* compare.c - bin/compare A B: two results folders side by side (two
 * machines, two builds, before and after), in the manner of `pyperf
 * compare_to`, with an interval and a figure where pyperf gives a point.
 *
 * For each cell both folders have (implementation, workload, split, size,
 * T), the ratio B / A of the median wall times, with a 95% percentile
 * bootstrap interval of that ratio of medians (stats_ratio_ci over the two
 * cells' verified runs from raw.csv, seeded per cell), and a verdict: B is
 * faster (interval below 1), slower (above 1), or not distinguishable at
 * this sample size.  Cells in one folder only are listed.
 *
 * Contract: folders whose implementations or sizes differ are refused
 * (exit 2, one line) unless --force, which compares the shared cells.
 * Bad input (a missing folder, an unreadable raw.csv, no verified run) is
 * one line on stderr and exit 2, before anything is written.  The outputs
 * (compare.csv, .md, .html, .dat and the figure in PNG, SVG and PDF) are
 * written into a staging folder inside the output folder and renamed into
 * place only when all of them are complete.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "dataset.h"
#include "err.h"
#include "gnuplot.h"
#include "html.h"
#include "meta.h"
#include "opts.h"
#include "out.h"
#include "scripts.h"
#include "stats.h"
#include "text.h"

/* A cell needs this many runs on each side for an interval: one run says
 * nothing of its own spread. */
#define RUNS_FOR_INTERVAL 2
/* Names listed in the refusal message before "and N more". */
#define LIST_MAX 6
/* The figure: height per cell and the rest, per format. */
#define FIG_ROW_PX 26
#define FIG_BASE_PX 170
#define FIG_ROW_IN 0.2
#define FIG_BASE_IN 1.3
/* The ratio axis reaches this factor beyond the smallest and largest
 * ratio, however wide an interval. */
#define AXIS_REACH 4.0

static const char *const outputs[] = {"compare.csv", "compare.md",  "compare.html", "compare.dat",
                                      "compare.png", "compare.svg", "compare.pdf"};
#define NOUTPUTS (sizeof outputs / sizeof outputs[0])
static const char *const fig_formats[] = {"png", "svg", "pdf"};

enum verdict { V_SLOWER, V_FASTER, V_UNSURE, V_ONLY_A, V_ONLY_B };
static const char *const verdict_names[] = {"slower", "faster", "not distinguishable", "only in A", "only in B"};

/* One cell of one study: its runs' wall times, sorted. */
struct cell {
    const struct run *key; /* a run of the cell, for its names */
    double *walls;
    size_t n;
    double median;
};

struct study {
    const char *dir;
    char name[NAME_MAX + 1]; /* the folder's own name (links resolved) */
    struct dataset ds;
    struct cell *cells;
    size_t ncells;
    double *walls;
    json_t *meta; /* meta.json, or NULL */
};

/* One row of the comparison: a cell in both (a and b) or in one. */
struct row {
    const struct cell *a, *b;
    double ratio, lo, hi;
    enum verdict v;
    int few; /* fewer than out_runs_for_level() runs on a side */
};

struct options {
    const char *a, *b, *out, *scripts;
    int force, no_figure;
    uint64_t seed;
};

/* ---- loading ---------------------------------------------------------------- */

/* By workload and split; native implementations first, then Python's by
 * interpreter and mode (the report's order, closely enough); then size
 * and T. */
static int run_cmp(const void *pa, const void *pb)
{
    const struct run *a = *(const struct run *const *)pa, *b = *(const struct run *const *)pb;
    int c = strcmp(a->workload, b->workload);
    if (c || (c = strcmp(a->split, b->split)))
        return c;
    int pa_py = !strncmp(a->impl, "py", 2), pb_py = !strncmp(b->impl, "py", 2);
    if (pa_py != pb_py)
        return pa_py - pb_py;
    if ((c = strcmp(a->impl, b->impl)))
        return c;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    return a->threads < b->threads ? -1 : a->threads > b->threads;
}

static int same_cell(const struct run *a, const struct run *b)
{
    return !strcmp(a->impl, b->impl) && !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split) &&
           a->size == b->size && a->threads == b->threads;
}

static int load(struct study *s, const char *dir, struct err *e)
{
    struct stat st;
    char raw[PATH_MAX], real[PATH_MAX];
    s->dir = dir;
    if (stat(dir, &st) != 0)
        return err_set(e, EXIT_USAGE, "results folder '%s': %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return err_set(e, EXIT_USAGE, "'%s' is not a results folder (not a directory)", dir);
    const char *base = realpath(dir, real) ? strrchr(real, '/') : NULL;
    text_clip(s->name, sizeof s->name, "%s", base && base[1] ? base + 1 : dir);
    text_clip(raw, sizeof raw, "%s/raw.csv", dir);
    if (dataset_load(&s->ds, raw, e)) {
        e->code = EXIT_USAGE;
        return -1;
    }
    if (s->ds.n == 0)
        return err_set(e, EXIT_USAGE, "%s: no verified run to compare (%zu failed)", raw, s->ds.failed);
    const struct run **order = malloc(s->ds.n * sizeof *order);
    s->cells = calloc(s->ds.n, sizeof *s->cells);
    s->walls = malloc(s->ds.n * sizeof *s->walls);
    if (!order || !s->cells || !s->walls) {
        free(order);
        return err_set(e, EXIT_RUN_FAILED, "out of memory");
    }
    for (size_t i = 0; i < s->ds.n; i++)
        order[i] = &s->ds.runs[i];
    qsort(order, s->ds.n, sizeof *order, run_cmp);
    for (size_t i = 0; i < s->ds.n; i++) {
        if (i == 0 || !same_cell(order[i], order[i - 1]))
            s->cells[s->ncells++] = (struct cell){.key = order[i], .walls = s->walls + i};
        struct cell *c = &s->cells[s->ncells - 1];
        c->walls[c->n++] = order[i]->wall_s;
    }
    free(order);
    for (size_t i = 0; i < s->ncells; i++) {
        stats_sort(s->cells[i].walls, s->cells[i].n);
        s->cells[i].median = stats_quantile(s->cells[i].walls, s->cells[i].n, 0.5);
    }
    s->meta = meta_load(dir);
    return 0;
}

static void study_free(struct study *s)
{
    dataset_free(&s->ds);
    free(s->cells);
    free(s->walls);
    json_decref(s->meta);
}

/* ---- matching ----------------------------------------------------------------- */

/* "sumsq/weak N=10000" into buf. */
static void size_name(const struct run *r, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s %s=%" PRIu64, r->workload, r->split, dataset_size_name(r->workload), r->size);
}

/* Whether x has a run whose implementation (what 0) or workload, split and
 * size (what 1) equals r's. */
static int has(const struct study *x, const struct run *r, int what)
{
    for (size_t i = 0; i < x->ncells; i++) {
        const struct run *k = x->cells[i].key;
        if (what == 0 ? !strcmp(k->impl, r->impl)
                      : !strcmp(k->workload, r->workload) && !strcmp(k->split, r->split) && k->size == r->size)
            return 1;
    }
    return 0;
}

/* Appends to buf "; <label>: a, b, ... and N more" for the implementations
 * (what 0) or sizes (what 1) of x that y lacks; returns how many. */
static size_t list_missing(const struct study *x, const struct study *y, int what, const char *label, char *buf,
                           size_t len)
{
    size_t count = 0, used = strlen(buf);
    for (size_t i = 0; i < x->ncells; i++) {
        const struct run *r = x->cells[i].key;
        if (has(y, r, what))
            continue;
        int seen = 0; /* listed already (an earlier cell of the same name) */
        for (size_t j = 0; j < i && !seen; j++) {
            const struct run *q = x->cells[j].key;
            seen = what == 0 ? !strcmp(q->impl, r->impl)
                             : !strcmp(q->workload, r->workload) && !strcmp(q->split, r->split) && q->size == r->size;
        }
        if (seen)
            continue;
        char name[128];
        what == 0 ? (void)snprintf(name, sizeof name, "%s", r->impl) : size_name(r, name, sizeof name);
        if (count < LIST_MAX && used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", count ? ", " : label, name);
        count++;
    }
    if (count > LIST_MAX && used < len)
        snprintf(buf + used, len - used, " and %zu more", count - LIST_MAX);
    return count;
}

/* 0 when a and b have the same implementations and sizes; otherwise -1
 * with what differs in e (one line). */
static int check_match(const struct study *a, const struct study *b, struct err *e)
{
    char what[ERR_MSG_MAX] = "";
    size_t n = list_missing(a, b, 0, "; implementations only in A: ", what, sizeof what);
    n += list_missing(b, a, 0, "; implementations only in B: ", what, sizeof what);
    n += list_missing(a, b, 1, "; sizes only in A: ", what, sizeof what);
    n += list_missing(b, a, 1, "; sizes only in B: ", what, sizeof what);
    if (!n)
        return 0;
    return err_set(e, EXIT_USAGE,
                   "'%s' and '%s' do not match (%s); to compare the cells they share, add --force (across "
                   "machines, pin the sizes with --sumsq-size and --nqueens-size)",
                   a->dir, b->dir, what + 2);
}

/* A cell's name in its seed, as summary.c names it. */
static void cell_key(const struct run *r, char *buf, size_t len)
{
    catalog_cell_key(r->impl, r->workload, r->split, r->size, r->threads, buf, len);
}

static void compare_cell(struct row *w, uint64_t seed)
{
    const struct cell *a = w->a, *b = w->b;
    w->ratio = b->median / a->median;
    w->lo = w->hi = NAN;
    w->few = a->n < out_runs_for_level() || b->n < out_runs_for_level();
    char key[DS_NAME_MAX + 96];
    cell_key(a->key, key, sizeof key);
    if (a->n >= RUNS_FOR_INTERVAL && b->n >= RUNS_FOR_INTERVAL)
        stats_ratio_ci(b->walls, b->n, a->walls, a->n, CATALOG_CI_LEVEL, stats_seed_for(seed, key),
                       STATS_RESAMPLES_DEFAULT, &w->lo, &w->hi);
    /* Without an interval nothing is called: not distinguishable. */
    enum stats_verdict v = stats_verdict(w->lo, w->hi);
    w->v = v == STATS_BELOW_1 ? V_FASTER : v == STATS_ABOVE_1 ? V_SLOWER : V_UNSURE;
}

/* The rows: the union of both folders' cells in A's order, B's own after. */
static struct row *match(const struct study *a, const struct study *b, uint64_t seed, size_t *nrows)
{
    struct row *rows = calloc(a->ncells + b->ncells, sizeof *rows);
    if (!rows)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < a->ncells; i++) {
        struct row *w = &rows[n++];
        w->a = &a->cells[i];
        for (size_t j = 0; j < b->ncells && !w->b; j++)
            if (same_cell(a->cells[i].key, b->cells[j].key))
                w->b = &b->cells[j];
        if (w->b)
            compare_cell(w, seed);
        else
            w->v = V_ONLY_A;
    }
    for (size_t j = 0; j < b->ncells; j++) {
        size_t i = 0;
        while (i < a->ncells && !same_cell(a->cells[i].key, b->cells[j].key))
            i++;
        if (i == a->ncells)
            rows[n++] = (struct row){.b = &b->cells[j], .v = V_ONLY_B};
    }
    *nrows = n;
    return rows;
}

/* ---- outputs -------------------------------------------------------------------- */

static const struct run *row_key(const struct row *w)
{
    return w->a ? w->a->key : w->b->key;
}

static int write_csv(const char *dir, const struct row *rows, size_t n, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = out_open(dir, "compare.csv", path, e);
    if (!f)
        return -1;
    fputs("impl,workload,split,size,threads,runs_a,median_a_s,runs_b,median_b_s,ratio_b_over_a,ci_lo,ci_hi,"
          "ci_level,verdict\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const struct row *w = &rows[i];
        const struct run *k = row_key(w);
        fprintf(f, "%s,%s,%s,%" PRIu64 ",%u,", k->impl, k->workload, k->split, k->size, k->threads);
        if (w->a)
            fprintf(f, "%zu,%.9g", w->a->n, w->a->median);
        else
            fputs("0,", f);
        if (w->b)
            fprintf(f, ",%zu,%.9g,", w->b->n, w->b->median);
        else
            fputs(",0,,", f);
        if (w->a && w->b) {
            fprintf(f, "%.6g,", w->ratio);
            out_num(f, w->lo, "%.6g");
            fputc(',', f);
            out_num(f, w->hi, "%.6g");
            fputc(',', f);
            if (isfinite(w->lo))
                fprintf(f, "%g", CATALOG_CI_LEVEL);
        } else {
            fputs(",,,", f);
        }
        fprintf(f, ",%s\n", verdict_names[w->v]);
    }
    return out_close(f, path, e);
}

/* A folder name in the figure: gnuplot gets it in a string, so only
 * harmless characters pass (others become '_'). */
static void plot_safe(char *out, size_t len, const char *s)
{
    size_t k = 0;
    for (; *s && k + 1 < len; s++)
        out[k++] = (isalnum((unsigned char)*s) || strchr("._+-:=/ ", *s)) ? *s : '_';
    out[k] = '\0';
}

/* "pthreads sumsq/weak N=10000 T=2" */
static void cell_label(const struct run *r, char *buf, size_t len)
{
    char sz[96];
    size_name(r, sz, sizeof sz);
    snprintf(buf, len, "%s %s T=%u", r->impl, sz, r->threads);
}

/* Log-axis tics at ratios people read (1; 1.05, 1.25, 2, 10, ... and
 * their inverses) inside [lo, hi], taken outward from 1 and each at least
 * a tenth of the axis from the last, so that they never crowd: a gnuplot
 * list "(0.5, 0.8, 1, 1.25, 2)" into buf. */
static void nice_tics(double lo, double hi, char *buf, size_t len)
{
    static const double steps[] = {1.01, 1.02, 1.05, 1.1, 1.25, 1.5, 2, 3, 5, 10, 20, 50, 100, 1000, 1e4, 1e5, 1e6};
    const size_t ns = sizeof steps / sizeof steps[0];
    const double gap = log(hi / lo) / 10;
    double below[sizeof steps / sizeof steps[0]], above[sizeof steps / sizeof steps[0]];
    size_t nb = 0, na = 0;
    for (size_t i = 0; i < ns; i++) {
        double last_b = nb ? below[nb - 1] : 1, last_a = na ? above[na - 1] : 1;
        if (1 / steps[i] >= lo && log(last_b * steps[i]) >= gap)
            below[nb++] = 1 / steps[i];
        if (steps[i] <= hi && log(steps[i] / last_a) >= gap)
            above[na++] = steps[i];
    }
    size_t used = (size_t)snprintf(buf, len, "(");
    for (size_t i = nb; i-- > 0 && used < len;)
        used += (size_t)snprintf(buf + used, len - used, "%.3g, ", below[i]);
    if (used < len)
        used += (size_t)snprintf(buf + used, len - used, "1");
    for (size_t i = 0; i < na && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, ", %.3g", above[i]);
    if (used < len)
        snprintf(buf + used, len - used, ")");
}

/* compare.dat, what gnuplot draws: row (1 at the top), "label", ratio,
 * lo, hi (the ratio itself when there is no interval), verdict (0 not
 * distinguishable, 1 faster, 2 slower), "the numbers as text".  Sets the
 * axis range and counts the rows drawn. */
struct plot {
    size_t rows;                    /* cells drawn */
    double xmin, xmax;              /* the ratio axis */
    size_t label_chars, text_chars; /* the longest label and text */
};

static int write_plot_data(const char *dir, const struct row *rows, size_t n, struct plot *pl, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = out_open(dir, "compare.dat", path, e);
    if (!f)
        return -1;
    fputs("# row label ratio lo hi verdict(0 n.d., 1 faster, 2 slower) text\n", f);
    double pmin = 1, pmax = 1; /* the ratios' range, and 1 */
    *pl = (struct plot){.xmin = 1, .xmax = 1};
    for (size_t i = 0; i < n; i++) {
        const struct row *w = &rows[i];
        if (!w->a || !w->b || !isfinite(w->ratio) || w->ratio <= 0)
            continue;
        double lo = isfinite(w->lo) ? w->lo : w->ratio, hi = isfinite(w->hi) ? w->hi : w->ratio;
        char label[DS_NAME_MAX + 128];
        cell_label(w->a->key, label, sizeof label);
        char text[64];
        if (isfinite(w->lo))
            snprintf(text, sizeof text, "%.3g [%.3g, %.3g]", w->ratio, w->lo, w->hi);
        else
            snprintf(text, sizeof text, "%.3g (no interval)", w->ratio);
        int code = w->v == V_FASTER ? 1 : w->v == V_SLOWER ? 2 : 0;
        fprintf(f, "%zu \"%s\" %.6g %.6g %.6g %d \"%s\"\n", ++pl->rows, label, w->ratio, lo, hi, code, text);
        pl->label_chars = strlen(label) > pl->label_chars ? strlen(label) : pl->label_chars;
        pl->text_chars = strlen(text) > pl->text_chars ? strlen(text) : pl->text_chars;
        pmin = fmin(pmin, w->ratio);
        pmax = fmax(pmax, w->ratio);
        pl->xmin = fmin(pl->xmin, lo);
        pl->xmax = fmax(pl->xmax, hi);
    }
    /* An interval can be wide beyond use (few, noisy runs); the axis
     * stops at AXIS_REACH beyond the ratios, the bar runs off it, and its
     * bounds are still printed beside it. */
    pl->xmin = fmax(pl->xmin, pmin / AXIS_REACH);
    pl->xmax = fmin(pl->xmax, pmax * AXIS_REACH);
    return out_close(f, path, e);
}

/* Runs gnuplot on compare.gp in dir, once per format, with only numbers
 * and filtered names in its -e (dir itself is its working folder, so no
 * path of the user's reaches gnuplot's parser). */
static int draw(const char *dir, const char *scripts, const struct study *a, const struct study *b,
                const struct plot *pl, struct err *e)
{
    char script[PATH_MAX], real[PATH_MAX], na[NAME_MAX + 1], nb[NAME_MAX + 1], tics[512];
    text_clip(script, sizeof script, "%s/compare.gp", scripts);
    if (!realpath(script, real))
        return err_set(e, EXIT_RUN_FAILED, "no figure script '%s': %s", script, strerror(errno));
    plot_safe(na, sizeof na, a->name);
    plot_safe(nb, sizeof nb, b->name);
    /* a margin of 15% of the range, on a log axis */
    double span = pl->xmax / pl->xmin;
    double lo = pl->xmin / pow(span, 0.15) / 1.02, hi = pl->xmax * pow(span, 0.15) * 1.02;
    nice_tics(lo, hi, tics, sizeof tics);
    for (size_t k = 0; k < sizeof fig_formats / sizeof fig_formats[0]; k++) {
        char defs[2048];
        text_clip(defs, sizeof defs,
                  "fmt='%s'; out='compare.%s'; data='compare.dat'; rows=%zu; xmin=%.6g; xmax=%.6g; "
                  "name_a='%s'; name_b='%s'; label_chars=%zu; text_chars=%zu; row_px=%d; base_px=%d; row_in=%g; "
                  "base_in=%g; level=%d; set xtics %s",
                  fig_formats[k], fig_formats[k], pl->rows, lo, hi, na, nb, pl->label_chars, pl->text_chars,
                  FIG_ROW_PX, FIG_BASE_PX, FIG_ROW_IN, FIG_BASE_IN, CATALOG_CI_PERCENT, tics);
        pid_t pid = gnuplot_start(dir, defs, real, "compare");
        if (pid < 0)
            return err_set(e, EXIT_RUN_FAILED, "fork: %s", strerror(errno));
        if (gnuplot_wait(pid))
            return err_set(e, EXIT_RUN_FAILED, "gnuplot could not draw the comparison (its message is above)");
    }
    return 0;
}

static void md_seconds(FILE *f, double v)
{
    isfinite(v) ? fprintf(f, "%.4g", v) : fputs("-", f);
}

/* The two folders' provenance, from their meta.json (absent keys:
 * "unknown"). */
static void md_sources(FILE *f, const struct study *a, const struct study *b)
{
    static const char *const keys[][2] = {
        {"host", "host"},       {"cpu_model", "CPU"},   {"cpus_online", "CPUs online"}, {"compiler", "compiler"},
        {"cflags", "C flags"},  {"git_commit", "commit"}, {"preset", "preset"},        {"date", "date"},
    };
    const json_t *da = a->meta, *db = b->meta;
    fputs("| | A | B |\n|---|---|---|\n| folder | ", f);
    out_md_text(f, a->dir);
    fputs(" | ", f);
    out_md_text(f, b->dir);
    fputs(" |\n", f);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char va[256], vb[256];
        meta_get(da, keys[i][0], va, sizeof va);
        meta_get(db, keys[i][0], vb, sizeof vb);
        /* what differs is in bold: it may explain the ratios */
        const char *mark = strcmp(va, vb) ? "**" : "";
        fprintf(f, "| %s%s%s | ", mark, keys[i][1], mark);
        out_md_text(f, va);
        fputs(" | ", f);
        out_md_text(f, vb);
        fputs(" |\n", f);
    }
    fprintf(f, "| verified runs (failed) | %zu (%zu) | %zu (%zu) |\n\n", a->ds.n, a->ds.failed, b->ds.n, b->ds.failed);
}

static void md_ratio(FILE *f, const struct row *w)
{
    fprintf(f, "%.3g", w->ratio);
    if (isfinite(w->lo))
        fprintf(f, " [%.3g, %.3g]", w->lo, w->hi);
    else
        fputs(" (no interval)", f);
}

static int write_md(const char *dir, const struct study *a, const struct study *b, const struct row *rows, size_t n,
                    const struct options *o, int figure, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = out_open(dir, "compare.md", path, e);
    if (!f)
        return -1;
    size_t count[5] = {0}, few = 0, shared = 0;
    double logsum = 0;
    for (size_t i = 0; i < n; i++) {
        count[rows[i].v]++;
        if (rows[i].a && rows[i].b) {
            shared++;
            few += rows[i].few;
            logsum += log(rows[i].ratio);
        }
    }
    fputs("# Two studies compared: B against A\n\n", f);
    md_sources(f, a, b);
    fprintf(f, "**How to read it.** For every cell (implementation, workload, split, size, T) that both folders "
               "have, the ratio is B's median wall time over A's: below 1, B is faster. The brackets are its "
               CATALOG_CI_FMT " interval, a percentile bootstrap of the ratio of medians (%u resamples of each cell's "
               "verified runs from `raw.csv`, seed %" PRIu64 "). B is called *faster* or *slower* only when the "
               "interval excludes 1; otherwise the two are *not distinguishable* at this sample size.\n\n",
            STATS_RESAMPLES_DEFAULT, o->seed);
    fprintf(f, "**Summary.** %zu cells in both: %zu faster in B, %zu slower, %zu not distinguishable. ", shared,
            count[V_FASTER], count[V_SLOWER], count[V_UNSURE]);
    if (shared)
        fprintf(f, "Geometric mean of the ratios: %.3g (a point value, with no interval). ",
                exp(logsum / (double)shared));
    fprintf(f, "%zu cells only in A, %zu only in B.\n\n", count[V_ONLY_A], count[V_ONLY_B]);
    if (o->force && (count[V_ONLY_A] || count[V_ONLY_B]))
        fputs("- **Compared with --force**: the folders' implementations or sizes differ; only the shared cells "
              "are compared.\n",
              f);
    if (few)
        fprintf(f, "- **Few runs**: %zu cells have fewer than %zu runs on a side; their intervals cover less than "
                   CATALOG_CI_FMT " (a bootstrap of a median from few runs is coarse). Cells with one run get no interval and "
                   "no verdict.\n",
                few, out_runs_for_level());
    if (!a->meta || !b->meta)
        fputs("- A folder has no readable `meta.json`: its provenance above is unknown.\n", f);
    fputs("\n## Figure\n\n", f);
    if (figure) {
        fputs("![B's median wall time over A's per cell, with " CATALOG_CI_TEXT " intervals](compare.png)\n\n", f);
        fputs("Per cell, B's median wall time over A's (marker) with its " CATALOG_CI_TEXT " bootstrap interval (bar), on a log "
              "axis; the dashed line at 1 is no change. Blue discs: B faster; vermillion triangles: B slower; grey "
              "circles: not distinguishable. [PNG](compare.png), [SVG](compare.svg), [PDF](compare.pdf); the data "
              "drawn is `compare.dat`.\n\n",
              f);
    } else {
        fputs("Not drawn (--no-figure, or gnuplot failed: see the warning).\n\n", f);
    }
    fputs("## Per cell\n\nAll cells, with every number, are in `compare.csv`.\n\n", f);
    fputs("| implementation | workload | split | size | T | runs A / B | median A (s) | median B (s) | B / A [" CATALOG_CI_TEXT
          " interval] | verdict |\n|---|---|---|---:|---:|---:|---:|---:|---|---|\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const struct row *w = &rows[i];
        if (!w->a || !w->b)
            continue;
        const struct run *k = w->a->key;
        fprintf(f, "| %s | %s | %s | %" PRIu64 " | %u | %zu / %zu | ", k->impl, k->workload, k->split, k->size,
                k->threads, w->a->n, w->b->n);
        md_seconds(f, w->a->median);
        fputs(" | ", f);
        md_seconds(f, w->b->median);
        fputs(" | ", f);
        md_ratio(f, w);
        fprintf(f, " | %s%s%s |\n", w->v == V_UNSURE ? "" : "**", verdict_names[w->v], w->v == V_UNSURE ? "" : "**");
    }
    fputs("\n## Cells in one folder only\n\n", f);
    if (!count[V_ONLY_A] && !count[V_ONLY_B])
        fputs("None: every cell is in both folders.\n", f);
    for (size_t i = 0; i < n; i++)
        if (!rows[i].a || !rows[i].b) {
            char label[DS_NAME_MAX + 128];
            cell_label(row_key(&rows[i]), label, sizeof label);
            size_t runs = rows[i].a ? rows[i].a->n : rows[i].b->n;
            fprintf(f, "- %s: `%s` (%zu run%s)\n", verdict_names[rows[i].v], label, runs, runs == 1 ? "" : "s");
        }
    fprintf(f, "\n## Method\n\nEach cell's median is the type-7 median of its verified runs' `wall_s`. The "
               "interval resamples both cells' runs with replacement %u times, takes the ratio of the two "
               "resamples' medians each time, and reports the %gth and %gth percentiles of those ratios "
               "(`stats_ratio_ci` in common/stats.c; each cell's seed is derived from %" PRIu64 " and its "
               "name, so it is reproducible alone). No normality is assumed. Unlike `pyperf compare_to`, which "
               "states a ratio and a significance test, every ratio here carries its interval, and the figure "
               "shows them all at once. Generated by `bin/compare`.\n",
            STATS_RESAMPLES_DEFAULT, OUT_CI_TAIL, 100 - OUT_CI_TAIL, o->seed);
    return out_close(f, path, e);
}

/* ---- the output folder ------------------------------------------------------------ */

/* Removes the staging folder and what is in it. */
static void unstage(const char *stage)
{
    for (size_t i = 0; i < NOUTPUTS; i++) {
        char p[PATH_MAX];
        text_clip(p, sizeof p, "%s/%s", stage, outputs[i]);
        unlink(p);
    }
    rmdir(stage);
}

/* Moves the finished outputs into out; a figure that was not drawn is
 * removed there (it would belong to an older comparison). */
static int publish(const char *stage, const char *out, struct err *e)
{
    for (size_t i = 0; i < NOUTPUTS; i++) {
        char from[PATH_MAX], to[PATH_MAX];
        text_clip(from, sizeof from, "%s/%s", stage, outputs[i]);
        text_clip(to, sizeof to, "%s/%s", out, outputs[i]);
        if (access(from, F_OK) != 0) {
            unlink(to);
            continue;
        }
        if (rename(from, to) != 0)
            return err_set(e, EXIT_RUN_FAILED, "cannot move '%s' to '%s': %s", from, to, strerror(errno));
    }
    rmdir(stage);
    return 0;
}

static int run(const struct options *o, const char **written, struct err *e)
{
    struct study a = {0}, b = {0};
    struct row *rows = NULL;
    size_t n = 0;
    char out[PATH_MAX], stage[PATH_MAX] = "";
    int made_out = 0, rc = load(&a, o->a, e) || load(&b, o->b, e);
    if (!rc && !o->force)
        rc = check_match(&a, &b, e);
    if (!rc && !(rows = match(&a, &b, o->seed, &n)))
        rc = err_set(e, EXIT_RUN_FAILED, "out of memory");
    size_t shared = 0;
    for (size_t i = 0; !rc && i < n; i++)
        shared += rows[i].a && rows[i].b;
    if (!rc && !shared)
        rc = err_set(e, EXIT_USAGE, "'%s' and '%s' share no cell (implementation, workload, split, size, T)", o->a,
                     o->b);
    if (!rc) {
        if (o->out)
            text_clip(out, sizeof out, "%s", o->out);
        else
            text_clip(out, sizeof out, "%s/compare-%s", o->a, b.name);
        if (mkdir(out, 0777) == 0)
            made_out = 1;
        else if (errno != EEXIST)
            rc = err_set(e, EXIT_USAGE, "cannot create the output folder '%s': %s", out, strerror(errno));
    }
    if (!rc) {
        text_clip(stage, sizeof stage, "%s/.compare-XXXXXX", out);
        if (!mkdtemp(stage))
            rc = err_set(e, EXIT_RUN_FAILED, "cannot create a staging folder in '%s': %s", out, strerror(errno));
    }
    struct plot pl = {0};
    int figure = 0;
    if (!rc)
        rc = write_csv(stage, rows, n, e) || write_plot_data(stage, rows, n, &pl, e);
    if (!rc && !o->no_figure && pl.rows) {
        char scripts[PATH_MAX];
        struct err fe = {0};
        if (o->scripts)
            text_clip(scripts, sizeof scripts, "%s", o->scripts);
        else
            scripts_dir("compare.gp", scripts, sizeof scripts);
        /* As bin/analyze: a figure that cannot be drawn is a warning. */
        figure = draw(stage, scripts, &a, &b, &pl, &fe) == 0;
        if (!figure) {
            fprintf(stderr, "compare: warning: %s\n", fe.msg);
            for (size_t k = 0; k < sizeof fig_formats / sizeof fig_formats[0]; k++) {
                char p[PATH_MAX];
                text_clip(p, sizeof p, "%s/compare.%s", stage, fig_formats[k]);
                unlink(p);
            }
        }
    }
    if (!rc)
        rc = write_md(stage, &a, &b, rows, n, o, figure, e) ||
             html_write_file(stage, "compare.md", "compare.html", e) || publish(stage, out, e);
    if (rc && stage[0])
        unstage(stage);
    if (rc && made_out)
        rmdir(out);
    if (!rc) {
        for (size_t i = 0; i < n; i++) {
            const struct row *w = &rows[i];
            char label[DS_NAME_MAX + 128];
            cell_label(row_key(w), label, sizeof label);
            if (w->a && w->b) {
                printf("%-48s %.4g s -> %.4g s: ", label, w->a->median, w->b->median);
                md_ratio(stdout, w);
                printf(" %s\n", verdict_names[w->v]);
            } else {
                printf("%-48s %s\n", label, verdict_names[w->v]);
            }
        }
        static char path[PATH_MAX];
        text_clip(path, sizeof path, "%s/compare.md", out);
        *written = path;
    }
    free(rows);
    study_free(&a);
    study_free(&b);
    return rc;
}

/* The options: --help and getopt's tables are generated from it. */
enum { OPT_FORCE = OPTS_LONG_ONLY, OPT_BOOT_SEED, OPT_NO_FIGURE, OPT_SCRIPTS };
static const struct opts_def options[] = {
    {"out", 'o', "DIR", "where to write (default A/compare-<B's folder name>)"},
    {"force", OPT_FORCE, NULL, "compare the shared cells of folders whose implementations or sizes differ"},
    {"boot-seed", OPT_BOOT_SEED, "S", "the bootstrap's seed (default " OPTS_STR(OPTS_BOOT_SEED_DEFAULT) ")"},
    {"no-figure", OPT_NO_FIGURE, NULL, "skip gnuplot"},
    {"scripts", OPT_SCRIPTS, "DIR", "the gnuplot script compare.gp (default: analysis/ beside bin/)"},
    {"help", 'h', NULL, "this help"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

int main(int argc, char **argv)
{
    struct options o = {.seed = OPTS_BOOT_SEED_DEFAULT};
    struct err e = {0};
    const char *arg;
    int c;
    while ((c = opts_next(argc, argv, options, NOPTIONS, &arg)) != -1) {
        switch (c) {
        case 'h':
            opts_usage(stdout, "compare", options, NOPTIONS, "A B",
                       "Compares two results folders cell by cell: B's median wall time over A's (below 1: B is "
                       "faster),\nwith a " CATALOG_CI_TEXT " bootstrap interval and a verdict (faster, slower, not "
                       "distinguishable).\nWrites compare.md, compare.html, compare.csv and the figure "
                       "compare.{png,svg,pdf} into DIR.");
            return EXIT_OK;
        case 'o': o.out = arg; break;
        case OPT_FORCE: o.force = 1; break;
        case OPT_NO_FIGURE: o.no_figure = 1; break;
        case OPT_SCRIPTS: o.scripts = arg; break;
        case OPT_BOOT_SEED:
            if (opts_seed(arg, &o.seed, &e))
                return fprintf(stderr, "compare: %s\n", e.msg), e.code;
            break;
        default:
            fprintf(stderr, "compare: unexpected option '%s' (see --help)\n", arg);
            return EXIT_USAGE;
        }
    }
    o.a = optind < argc ? argv[optind++] : NULL;
    o.b = optind < argc ? argv[optind++] : NULL;
    if (optind < argc) {
        fprintf(stderr, "compare: a third folder '%s': compare takes two (see --help)\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (!o.b) {
        fprintf(stderr, "compare: which two results folders? (usage: compare [options] A B)\n");
        return EXIT_USAGE;
    }
    const char *written = NULL;
    if (run(&o, &written, &e)) {
        fprintf(stderr, "compare: %s\n", e.msg);
        return e.code ? e.code : EXIT_RUN_FAILED;
    }
    printf("%s\n", written);
    return EXIT_OK;
}
