/* report.c - report.md: warnings first (a busy machine, oversubscription,
 * the flags raised, builds a question mixes), environment, the machine
 * during the study (machine.c), the interpreters (interps.c), the sizes
 * and how they were chosen, method (its statistics: methods.c), figures, a
 * table per workload and split, the cost per unit, precision (runs and
 * interval per cell, the cells that missed the target), the flags
 * explained, then the findings (the questions, qreport.c; the articles'
 * claims, claims.c; what embedding costs, qreport.c; what each model's
 * curve shows, prose.c) and a methods paragraph.
 *
 * Every interval is printed with the level it reached (wording.h: per
 * table or figure, the lowest to the highest), never the nominal one by
 * default, and a value whose cell is flagged is never stated without its
 * flag. */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#include "claims.h"
#include "figkit.h"
#include "figsection.h"
#include "flags.h"
#include "interps.h"
#include "machine.h"
#include "meta.h"
#include "methods.h"
#include "out.h"
#include "prose.h"
#include "qreport.h"
#include "stats.h"
#include "whoruns.h"
#include "wording.h"

/* The cells listed per flag and as missing the CI target; summary.csv
 * has them all. */
#define LIST_MAX 12

/* The interpreters meta.json may describe, one per call: *fam starts at
 * 0; 3.14t-gil runs 3.14t's binary and has no entry of its own.  Returns
 * the tag, NULL after the last. */
static const char *next_py_tag(int *fam)
{
    if (*fam < FAM_PY_FIRST)
        *fam = FAM_PY_FIRST;
    for (; *fam < FAM_OTHER; (*fam)++)
        if ((int)catalog_families[*fam].runs == *fam)
            return catalog_families[(*fam)++].tag;
    return NULL;
}

/* A share as a percentage: "3.1%", "47%", "640%". */
static void percent(FILE *f, double share)
{
    double v = 100 * share;
    fprintf(f, v < 10 ? "%.2g%%" : "%.0f%%", v);
}

/* "C" or "Python": the family whose members share a size. */
static const char *size_family(const char *impl)
{
    return strncmp(impl, "py", 2) == 0 ? "Python" : "C";
}

static int same_series(const struct cell *a, const struct cell *b)
{
    return !strcmp(a->impl, b->impl) && !strcmp(a->workload, b->workload) && !strcmp(a->split, b->split) &&
           a->size == b->size;
}

/* The cell of series s (any cell of it) at T; NULL when absent. */
static const struct cell *series_at(const struct analysis *a, const struct cell *s, unsigned T)
{
    for (size_t i = 0; i < a->ncells; i++)
        if (same_series(&a->cells[i], s) && a->cells[i].threads == T)
            return &a->cells[i];
    return NULL;
}

/* ---- meta.json's values, as Markdown ------------------------------------ */

/* The longest value of meta.json the report quotes (longer ones are cut). */
#define META_TEXT_MAX 256

/* obj's key as Markdown text (out_md_text), its value cut to cut bytes. */
static void md_value(FILE *f, const json_t *obj, const char *key, size_t cut)
{
    char v[META_TEXT_MAX];
    meta_get(obj, key, v, cut < sizeof v ? cut : sizeof v);
    out_md_text(f, v);
}

/* The same into out (len bytes: twice cut leaves room for every escape). */
static void md_value_into(char *out, size_t len, const json_t *obj, const char *key, size_t cut)
{
    char v[META_TEXT_MAX];
    meta_get(obj, key, v, cut < sizeof v ? cut : sizeof v);
    out_md_text_into(out, len, v);
}

/* ---- warnings and environment -------------------------------------------- */

struct load {
    double avg1, avg5, busy;
    int known;
};

static struct load load_of(const json_t *doc, const char *key)
{
    struct load l = {NAN, NAN, NAN, 0};
    const json_t *o = meta_find(doc, key);
    if (!o)
        return l;
    /* each read leaves NAN when absent; all three are tried */
    int found = meta_number(o, "loadavg1", &l.avg1) == 0;
    found += meta_number(o, "loadavg5", &l.avg5) == 0;
    found += meta_number(o, "busy_cpus", &l.busy) == 0;
    l.known = found > 0;
    return l;
}

static void put_load(FILE *f, const char *when, struct load l)
{
    if (!l.known) {
        fprintf(f, "| load at the %s | not recorded |\n", when);
        return;
    }
    fprintf(f, "| load at the %s | load average ", when);
    out_num(f, l.avg1, "%.2f");
    fputs(" (1 min), ", f);
    out_num(f, l.avg5, "%.2f");
    fputs(" (5 min); other processes used ", f);
    isfinite(l.busy) ? fprintf(f, "%.2f CPUs", l.busy) : fputs("an unknown share of the CPUs", f);
    fputs(" |\n", f);
}

/* 1 busy, 0 quiet, -1 not recorded. */
static int machine_busy(const json_t *doc, struct load s, struct load e)
{
    int b = meta_bool(doc, "machine_busy");
    if (b >= 0)
        return b;
    if (!s.known && !e.known)
        return -1;
    return s.busy >= CATALOG_BUSY_CPUS || e.busy >= CATALOG_BUSY_CPUS;
}

static size_t count_flag(const struct analysis *a, unsigned flag)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncells; i++)
        n += (a->cells[i].flags & flag) != 0;
    return n;
}

static void warnings(FILE *f, const struct analysis *a, int busy, struct load s, struct load e)
{
    unsigned maxT = 0;
    for (size_t i = 0; i < a->ncells; i++)
        maxT = a->cells[i].threads > maxT ? a->cells[i].threads : maxT;
    fprintf(f, "## Before reading the numbers\n\n");
    int any = 0;
    if (machine_known(a)) {
        any = machine_warn(f, a);
    } else if (busy == 1) {
        fprintf(f, "- **The machine was busy.** Other processes used ");
        isfinite(s.busy) ? fprintf(f, "%.2f", s.busy) : fputs("?", f);
        fputs(" CPUs at the start and ", f);
        isfinite(e.busy) ? fprintf(f, "%.2f", e.busy) : fputs("?", f);
        fprintf(f, " at the end (load average ");
        out_num(f, s.avg1, "%.2f");
        fputs(" then ", f);
        out_num(f, e.avg1, "%.2f");
        fputs("). Every time here may be inflated and noisier; rerun on a quiet machine before quoting.\n", f);
        any = 1;
    } else if (busy < 0) {
        fprintf(f, "- The load of the machine was not recorded (an older results folder): whether it was quiet "
                   "is unknown.\n");
        any = 1;
    }
    if (!a->cpus) {
        fprintf(f, "- The CPU count was not recorded: no value could be checked against it.\n");
        any = 1;
    } else if (maxT > a->cpus) {
        fprintf(f, "- **T above the CPUs.** This machine has %u CPUs and the study ran up to %u workers: the cells "
                   "with T > %u are flagged `oversubscribed` and shaded in the figures; they measure time-slicing "
                   "as much as the model.\n",
                a->cpus, maxT, a->cpus);
        any = 1;
    }
    if (a->flags_seen) {
        size_t flagged = 0;
        for (size_t i = 0; i < a->ncells; i++)
            flagged += a->cells[i].flags != 0;
        fprintf(f, "- %zu of %zu cells carry a flag (see *Flags*); a flagged value is never a property of a "
                   "model. Cells per flag:",
                flagged, a->ncells);
        const char *sep = " ";
        for (size_t k = 0; k < FLAGS_COUNT; k++)
            if (a->flags_seen & flags_list[k].mask) {
                fprintf(f, "%s`%s` %zu", sep, flags_list[k].name, count_flag(a, flags_list[k].mask));
                sep = ", ";
            }
        fprintf(f, ".\n");
        any = 1;
    }
    any |= interps_warn(f, a) > 0;
    if (!any)
        fprintf(f, "- The machine was quiet, every T fits the CPUs and no cell is flagged.\n");
    fputc('\n', f);
}

static void environment(FILE *f, const struct analysis *a, const json_t *doc, struct load s, struct load e,
                        int busy)
{
    static const char *const keys[] = {"date", "host", "cpu_model", "cpus_online", "affinity", "governor",
                                       "turbo", "kernel", "compiler", "cflags", "git_commit", "preset"};
    static const char *const run_keys[] = {"rounds", "warmup", "pin", "seed"};
    char v[META_TEXT_MAX];
    fprintf(f, "## Environment\n\n| | |\n|---|---|\n");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        fprintf(f, "| %s | ", keys[i]);
        md_value(f, doc, keys[i], sizeof v);
        fputs(" |\n", f);
    }
    fputs("| rounds / warm-up / pinning / seed | ", f);
    for (size_t i = 0; i < sizeof run_keys / sizeof run_keys[0]; i++) {
        fputs(i ? " / " : "", f);
        md_value(f, doc, run_keys[i], sizeof v);
    }
    fputs(" |\n", f);
    put_load(f, "start", s);
    put_load(f, "end", e);
    if (machine_known(a)) {
        fputs("| quiet-machine check | ", f);
        machine_quiet_line(f, a);
        fputs(" |\n", f);
    } else {
        fprintf(f, "| quiet-machine check | %s |\n",
                busy == 1 ? "**busy**: other processes competed for the CPUs" : busy == 0 ? "quiet" : "not recorded");
    }
    const json_t *interps = meta_find(doc, "interpreters"), *one;
    const char *tag;
    for (int fam = 0; (tag = next_py_tag(&fam));) {
        if (!(one = meta_find(interps, tag)))
            continue;
        char flags[512];
        fprintf(f, "| Python %s | ", tag);
        md_value(f, one, "version", 64);
        fputs(", free-threaded build: ", f);
        md_value(f, one, "free_threaded_build", 16);
        fputs(", multiprocessing's default start method here: ", f);
        md_value(f, one, "mp_default_start_method", 32);
        meta_get(one, "configure_flags", flags, sizeof flags);
        fputs(", configure: ", f);
        out_md_code(f, flags, 1);
        fputs(" |\n", f);
    }
    fputc('\n', f);
}

/* ---- sizes ------------------------------------------------------------- */

static void trials(FILE *f, const char *list)
{
    /* "size:seconds,size:seconds" -> "size 4.0 ms, size 8.0 ms" */
    int first = 1;
    for (const char *p = list; *p;) {
        char *end;
        unsigned long long size = strtoull(p, &end, 10);
        if (end == p || *end != ':') {
            fputs(first ? "" : ", ", f);
            out_md_code(f, p, 1);
            return;
        }
        double sec = strtod(end + 1, &end);
        fprintf(f, sec < 1 ? "%s%llu: %.3g ms" : "%s%llu: %.3g s", first ? "" : ", ", size, sec < 1 ? sec * 1e3 : sec);
        first = 0;
        p = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            return;
    }
}

/* " sumsq/weak N = 2000000 (C), ...": each size once per family. */
static void sizes_list(FILE *f, const struct analysis *a)
{
    const char *sep = " ";
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(a->cells[j].workload, c->workload) && !strcmp(a->cells[j].split, c->split) &&
                   a->cells[j].size == c->size && !strcmp(size_family(a->cells[j].impl), size_family(c->impl));
        if (seen)
            continue;
        fprintf(f, "%s%s/%s %s = %" PRIu64 " (%s)", sep, c->workload, c->split, dataset_size_name(c->workload),
                c->size, size_family(c->impl));
        sep = ", ";
    }
}

static void sizes(FILE *f, const struct analysis *a, const json_t *doc)
{
    fprintf(f, "## Sizes and how they were chosen\n\n");
    const json_t *cal = meta_find(doc, "calibration"), *el;
    double target = NAN;
    meta_number(doc, "min_run_time_s", &target);
    if (json_array_get(cal, 0)) {
        fprintf(f, "Before the rounds, the runner chose one size per family (native C, Python) and workload: "
                   "the smallest whose T = 1 run on the family's reference implementation lasted at least the "
                   "target");
        if (isfinite(target))
            fprintf(f, " (%.3g s)", target);
        fprintf(f, ", growing N geometrically or stepping n; every member of the family shares it, so their "
                   "T = 1 times compare directly. Across families, compare the cost per unit.\n\n"
                   "| family | workload | reference | size | T = 1 time | how | target | trials (size: time) |\n"
                   "|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; (el = json_array_get(cal, i)); i++) {
            char wl[32], tr[1024];
            double t1 = NAN, tg = NAN;
            meta_get(el, "workload", wl, sizeof wl);
            meta_get(el, "trials", tr, sizeof tr);
            meta_number(el, "t1_s", &t1);
            meta_number(el, "target_s", &tg);
            fputs("| ", f);
            md_value(f, el, "family", 32);
            fputs(" | ", f);
            out_md_text(f, wl);
            fputs(" | ", f);
            md_value(f, el, "reference", 64);
            fprintf(f, " | %s = ", dataset_size_name(wl));
            md_value(f, el, "size", 32);
            fputs(" | ", f);
            out_num(f, t1, "%.3g s");
            fputs(" | ", f);
            md_value(f, el, "how", 32);
            fputs(" | ", f);
            out_num(f, tg, "%.3g s");
            fputs(" | ", f);
            if (tr[0] && strcmp(tr, "unknown"))
                trials(f, tr);
            else
                fputs("-", f);
            fputs(" |\n", f);
        }
        fputc('\n', f);
    } else {
        fprintf(f, "This study recorded no calibration (an older results folder, or sizes given on the command "
                   "line): the sizes are the preset's or the command line's.\n\n");
    }
    fprintf(f, "Sizes measured:");
    sizes_list(f, a);
    fprintf(f, ".\n\n");
}

/* ---- method -------------------------------------------------------------- */

static void method(FILE *f, const struct analysis *a, const json_t *doc)
{
    char warm[2 * 32];
    md_value_into(warm, sizeof warm, doc, "warmup", 32);
    fprintf(f, "## Method\n\n"
               "Each implementation runs the same two workloads. **sumsq** computes `sum(i**2 for i in range(N))` "
               "exactly; with the *weak* split every worker computes the whole sum (work grows with the "
               "workers, and speedup is throughput: T x t1 / tT), with *strong* [0, N) is cut into T chunks. "
               "**nqueens** counts the n-Queens solutions with the articles' bitmask recursion; *rr* deals the "
               "first-row columns round-robin (uneven), *dynamic* hands out two-row prefixes from a shared "
               "counter. Every run is checked against the exact answer (closed form; OEIS A000170) and only "
               "verified runs enter the statistics.\n\n"
               "`wall_s` runs from just before the first worker is started to just after the last is joined or "
               "reaped: creating workers (threads, processes, sub-interpreters) is included, program and "
               "interpreter start-up are not. ");
    methods_sampling(f, a, warm);
    fputs("\n\n", f);
    methods_per_cell(f, a);
    fprintf(f, "**Cost per unit of work**: `ns_per_unit` = wall time / the units of work all workers did "
               "together in the run: sumsq iterations (N x T for the weak split, N for strong), N-Queens "
               "search-tree nodes (calls of the recursion, exact from the answer table, the same at any T: the "
               "placements a split makes in set-up, the root for rr and the first row too for dynamic, are not "
               "counted). At T = 1 it is the single-thread cost; across T it shows the overhead per unit. C and "
               "Python compare by it (`slowdown_vs_c`: an implementation's ns per unit over C pthreads' at the "
               "same workload, split and T), which holds when the families ran different sizes.\n\n");
    methods_ratios(f, a);
    fprintf(f,
               "**Serial fractions.** For a fixed problem (the strong, rr and dynamic splits), the Karp-Flatt "
               "fraction (1/S - 1/T) / (1 - 1/T) per cell and Amdahl's law fitted by least squares over each "
               "series. For the weak split, whose speedup is a throughput, neither applies: there the tables give "
               "Gustafson's scaled serial fraction e = (T - S) / (T - 1) of each cell (0: perfect weak scaling, 1: "
               "T workers do no more than one). A value outside [0, 1] is not a serial fraction, only a sign that "
               "the law's model does not hold, and is flagged. "
               "Noise follows pyperf 2.9.0's checks (`format_checks` in pyperf/_cli.py): a cell is `noisy` when "
               "its standard deviation is at least 10%% of the mean or its min or max at least 50%% from the "
               "mean, and `under-1ms` when a run lasted under 1 ms.\n\n");
}

/* ---- results tables ------------------------------------------------------ */

/* The grid of one panel: a row per series, a column per T, each cell
 * printed by put (after its leading space); extra: a last column's title,
 * printed per series by put_extra (NULL: none). */
typedef void (*cell_printer)(FILE *f, const struct analysis *a, const struct cell *x);

static void panel_grid(FILE *f, const struct analysis *a, const struct panel *p, cell_printer put, const char *extra,
                       cell_printer put_extra)
{
    char label[DS_NAME_MAX + 48];
    unsigned Ts[64];
    size_t nT = figkit_threads(a, p, Ts, 64);
    fprintf(f, "| implementation |");
    for (size_t j = 0; j < nT; j++)
        fprintf(f, " T=%u |", Ts[j]);
    if (extra)
        fprintf(f, " %s |", extra);
    fprintf(f, "\n|---|");
    for (size_t j = 0; j < nT + (extra != NULL); j++)
        fprintf(f, "---|");
    fputc('\n', f);
    size_t at = 0;
    for (const struct cell *s; (s = figkit_next_series(a, p, &at));) {
        figkit_series_label(s, p, label, sizeof label);
        fprintf(f, "| %s |", label);
        for (size_t j = 0; j < nT; j++) {
            const struct cell *x = series_at(a, s, Ts[j]);
            fputc(' ', f);
            x ? put(f, a, x) : (void)fputs("-", f);
            fputs(" |", f);
        }
        if (extra) {
            fputc(' ', f);
            put_extra(f, a, s);
            fputs(" |", f);
        }
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void put_result(FILE *f, const struct analysis *a, const struct cell *x)
{
    (void)a;
    fprintf(f, "%.4g", x->median);
    if (x->threads > 1 && isfinite(x->speedup)) {
        fputs(", ", f);
        out_ratio(f, x->speedup, x->speedup_lo, x->speedup_hi);
    }
    if (x->flags)
        fputs(" ⚑", f);
}

static void put_serial(FILE *f, const struct analysis *a, const struct cell *s)
{
    if (s->weak) { /* a throughput: Gustafson's e of the series' largest T within the CPUs */
        const struct cell *c = s;
        for (size_t i = 0; i < a->ncells; i++)
            if (same_series(&a->cells[i], s) && (!a->cpus || a->cells[i].threads <= a->cpus) &&
                a->cells[i].threads > c->threads)
                c = &a->cells[i];
        if (c->threads < 2 || !isfinite(c->gustafson))
            fputs("-", f);
        else
            fprintf(f, "e = %.3f at T = %u", c->gustafson, c->threads);
        return;
    }
    if (!isfinite(s->serial_fit))
        fputs("-", f);
    else if (s->flags & FLAG_FIT_RANGE)
        fprintf(f, "⚑ fit does not hold (%.3g, out of [0, 1])", s->serial_fit);
    else
        fprintf(f, "%.3f", s->serial_fit);
}

static void result_tables(FILE *f, const struct analysis *a, const struct panel *p, size_t np)
{
    for (size_t k = 0; k < np; k++) {
        fprintf(f, "### %s, %s split", p[k].workload, p[k].split);
        if (p[k].size)
            fprintf(f, ", %s = %" PRIu64, dataset_size_name(p[k].workload), p[k].size);
        struct level_span lev = {0};
        wording_panel_levels(a, &p[k], &lev, NULL);
        char levels[64];
        wording_levels_text(levels, sizeof levels, &lev);
        fprintf(f, "\n\nMedian wall time in seconds; speedup%s with its interval (%s%s; ≈: not distinguishable "
                   "from T = 1); ⚑: flagged, see *Runs, precision and flags*.%s\n\n",
                summary_is_weak(p[k].split) ? " (throughput: T x t1 / tT)" : " (t1 / tT)",
                lev.n ? levels : "none (too few runs for any)", lev.n ? ", the level each reached" : "",
                summary_is_weak(p[k].split) ? " Last column: Gustafson's scaled serial fraction e = (T - S) / (T - 1) "
                                              "at the largest T within the CPUs (Karp-Flatt and Amdahl's law assume "
                                              "a fixed problem, not this throughput)."
                                            : " Last column: the serial fraction by Amdahl's law, fitted over T.");
        panel_grid(f, a, &p[k], put_result, summary_is_weak(p[k].split) ? "scaled serial fraction" : "serial fraction",
                   put_serial);
    }
}

/* ---- cost per unit ------------------------------------------------------- */

static void cost_table(FILE *f, const struct analysis *a, const struct panel *p, size_t np)
{
    struct level_span lev = {0};
    for (size_t k = 0; k < np; k++)
        wording_panel_levels(a, &p[k], NULL, &lev);
    char levels[64];
    wording_levels_text(levels, sizeof levels, &lev);
    if (!lev.n)
        snprintf(levels, sizeof levels, "none (too few runs for any)");
    fprintf(f, "### Cost per unit of work at T = 1\n\n"
               "ns per sumsq iteration or N-Queens node with one worker (median and its interval), and that cost "
               "over C pthreads' (bootstrap interval; ≈: not distinguishable from C at this sample size). The "
               "intervals' levels, as each reached: %s. "
               "Per unit, families that ran different sizes compare directly.\n\n| implementation |", levels);
    for (size_t k = 0; k < np; k++)
        fprintf(f, " %s %s |", p[k].workload, p[k].split);
    fprintf(f, "\n|---|");
    for (size_t k = 0; k < np; k++)
        fprintf(f, "---|");
    fputc('\n', f);
    for (size_t i = 0; i < a->ncells; i++) {
        const struct cell *c = &a->cells[i];
        if (i > 0 && !strcmp(a->cells[i - 1].impl, c->impl))
            continue;
        fprintf(f, "| %s |", c->impl);
        for (size_t k = 0; k < np; k++) {
            const struct cell *x = NULL; /* T = 1, the largest size */
            for (size_t j = i; j < a->ncells && !strcmp(a->cells[j].impl, c->impl); j++)
                if (figkit_in_panel(&a->cells[j], &p[k]) && a->cells[j].threads == 1)
                    x = &a->cells[j];
            if (!x || !isfinite(x->ns_per_unit)) {
                fprintf(f, " - |");
                continue;
            }
            fprintf(f, " %.3g ns", x->ns_per_unit);
            isfinite(x->ns_lo) ? fprintf(f, " [%.3g, %.3g]", x->ns_lo, x->ns_hi) : fputs(" (no interval)", f);
            if (isfinite(x->slowdown) && strcmp(x->impl, "pthreads")) {
                fputs("; C x ", f);
                out_ratio(f, x->slowdown, x->slow_lo, x->slow_hi);
            }
            fprintf(f, "%s |", x->flags ? " ⚑" : "");
        }
        fputc('\n', f);
    }
    fputc('\n', f);
}

/* ---- precision and flags --------------------------------------------------- */

static void put_precision(FILE *f, const struct analysis *a, const struct cell *x)
{
    (void)a;
    if (x->nproc && x->nproc != x->n)
        fprintf(f, "%zu processes x %zu values, ", x->nproc, x->n);
    else
        fprintf(f, "%zu runs, ", x->n);
    if (!isfinite(x->ci_half_rel)) { /* one process: no interval */
        fputs("no interval", f);
    } else {
        fputs("±", f);
        percent(f, x->ci_half_rel);
        if (x->ci_level < CATALOG_CI_LEVEL) {
            char lv[16];
            wording_level(lv, sizeof lv, x->ci_level);
            fprintf(f, " (reached %s)", lv);
        }
    }
    if (x->flags) {
        fputs("; ", f);
        flags_md(f, x->flags);
    }
}

static void precision(FILE *f, const struct analysis *a, const struct panel *p, size_t np)
{
    fprintf(f, "## Runs, precision and flags\n\n"
               "Each cell: its number of runs, the half-width of its median's interval as a share of the median "
               "(with the level it reached when below the nominal " CATALOG_CI_FMT "), and its flags.");
    if (isfinite(a->ci_target))
        fprintf(f, " The study's target was ±%.3g%%: the cells above it are flagged `ci-target-missed` and listed "
                   "below.",
                100 * a->ci_target);
    fprintf(f, "\n\n");
    for (size_t k = 0; k < np; k++) {
        fprintf(f, "**%s, %s split**\n\n", p[k].workload, p[k].split);
        panel_grid(f, a, &p[k], put_precision, NULL, NULL);
    }
    if (isfinite(a->ci_target)) {
        size_t missed = count_flag(a, FLAG_CI_WIDE), shown = 0;
        if (!missed) {
            fprintf(f, "Every cell reached the target of ±%.3g%%.\n\n", 100 * a->ci_target);
        } else {
            fprintf(f, "%zu of %zu cells did not reach the target of ±%.3g%%:\n\n", missed, a->ncells,
                    100 * a->ci_target);
            for (size_t i = 0; i < a->ncells; i++) {
                const struct cell *c = &a->cells[i];
                if (!(c->flags & FLAG_CI_WIDE) || shown++ >= LIST_MAX)
                    continue;
                fprintf(f, "- %s %s %s %s = %" PRIu64 " T = %u: ±", c->impl, c->workload, c->split,
                        dataset_size_name(c->workload), c->size, c->threads);
                percent(f, c->ci_half_rel);
                fprintf(f, " after %zu runs\n", c->n);
            }
            if (missed > LIST_MAX)
                fprintf(f, "- and %zu more (summary.csv, flag `ci-target-missed`)\n", missed - LIST_MAX);
            fputc('\n', f);
        }
    } else {
        fprintf(f, "This study recorded no CI target (an older results folder): the half-widths are for "
                   "reference.\n\n");
    }
}

static void flags_explained(FILE *f, const struct analysis *a)
{
    fprintf(f, "### Flags\n\n");
    if (!a->flags_seen) {
        fprintf(f, "No cell is flagged.\n\n");
        return;
    }
    fprintf(f, "A flag marks a number that should not be read as a property of a model. Each one raised in "
               "this study, what it means for the numbers, its usual cause, and its cells (summary.csv's "
               "`flags` column has them all):\n\n");
    for (size_t k = 0; k < FLAGS_COUNT; k++) {
        const struct flag_desc *d = &flags_list[k];
        if (!(a->flags_seen & d->mask))
            continue;
        fprintf(f, "- **`%s`** (%zu cells): %s. Usual cause: %s.", d->name, count_flag(a, d->mask), d->meaning,
                d->cause);
        size_t shown = 0;
        for (size_t i = 0; i < a->ncells; i++) {
            const struct cell *c = &a->cells[i];
            if (!(c->flags & d->mask))
                continue;
            if (shown++ == LIST_MAX) {
                fprintf(f, " …");
                break;
            }
            fprintf(f, "%s %s %s/%s T=%u", shown == 1 ? " Cells:" : ";", c->impl, c->workload, c->split, c->threads);
            if (d->mask & FLAGS_BEYOND) {
                char why[256];
                if (d->mask & FLAG_ABOVE_CAP)
                    flags_cap_cause(c, why, sizeof why);
                else
                    flags_superlinear_cause(c, why, sizeof why);
                fprintf(f, " (speedup %.3g", c->speedup);
                if (d->mask & FLAG_ABOVE_CAP)
                    fprintf(f, " [%.3g, %.3g] above the cap %.3g", c->speedup_lo, c->speedup_hi, c->split_cap);
                fprintf(f, "; %s)", why);
            }
        }
        fprintf(f, "\n");
    }
    fputc('\n', f);
}

/* ---- methods paragraph ----------------------------------------------------- */

static void methods_paragraph(FILE *f, const struct analysis *a, const json_t *doc)
{
    static const char *const keys[] = {"cpu_model", "cpus_online", "affinity", "governor", "turbo",
                                       "kernel",    "compiler",    "cflags",   "seed",     "warmup",
                                       "pin",       "preset",      "git_commit", "date"};
    enum { CPU, ONLINE, AFF, GOV, TURBO, KERNEL, COMPILER, CFLAGS, SEED, WARM, PIN, PRESET, COMMIT, DATE, NKEYS };
    char v[NKEYS][2 * META_TEXT_MAX], raw[META_TEXT_MAX];
    for (int i = 0; i < NKEYS; i++) /* as Markdown text; cflags and the preset as code */
        if (i == CFLAGS || i == PRESET) {
            meta_get(doc, keys[i], raw, sizeof raw);
            out_md_code_into(v[i], sizeof v[i], raw);
        } else { /* the commit: its first 12 characters */
            md_value_into(v[i], sizeof v[i], doc, keys[i], i == COMMIT ? 13 : META_TEXT_MAX);
        }
    meta_get(doc, "pin", raw, sizeof raw);
    fprintf(f, "## Methods paragraph\n\n> We ran each workload on one machine (CPU: %s; %s CPUs online, affinity "
               "%s; governor %s, turbo %s; %s) with C code compiled by %s with %s. Python workloads ran in one C "
               "host embedding CPython, built once per interpreter",
            v[CPU], v[ONLINE], v[AFF], v[GOV], v[TURBO], v[KERNEL], v[COMPILER], v[CFLAGS]);
    const json_t *interps = meta_find(doc, "interpreters"), *one;
    int t0 = 1;
    const char *tag;
    for (int fam = 0; (tag = next_py_tag(&fam));) {
        if (!(one = meta_find(interps, tag)))
            continue;
        fputs(t0 ? ": " : ", ", f);
        md_value(f, one, "version", 64);
        t0 = 0;
    }
    fprintf(f, " (the 3.14 builds share all configure flags but `--disable-gil`). Sizes:");
    sizes_list(f, a);
    double target = NAN;
    meta_number(doc, "min_run_time_s", &target);
    if (isfinite(target))
        fprintf(f, ", chosen per family as the smallest whose single-worker run lasted at least %.3g s", target);
    methods_sentences(f, a, v[SEED], v[WARM], !strcmp(raw, "cores"));
    fprintf(f, " Every result was verified against its exact value. (Study preset %s, commit %s, %s.)\n",
            v[PRESET], v[COMMIT], v[DATE]);
}

/* ---- the report ---------------------------------------------------------- */

int report_write(const struct analysis *a, const struct panel *p, size_t np, int no_figures, struct err *e)
{
    char path[PATH_MAX];
    FILE *f = out_open(a->dir, "report.md", path, e);
    if (!f)
        return -1;
    const json_t *doc = a->meta;
    struct load ls = load_of(doc, "load_start"), le = load_of(doc, "load_end");
    int busy = machine_busy(doc, ls, le);
    fprintf(f, "# Concurrency models side by side: C threads, OpenMP, processes and CPython 3.12 / 3.14 / 3.14t\n\n");
    fprintf(f, "Generated by `bin/analyze` from `raw.csv` (%zu verified runs, %zu failed runs left out, %zu "
               "duplicate rows dropped) in this folder. Figures are in `figures/` (PNG, SVG, PDF at two paper "
               "widths, cairolatex); each answers one question, stated in its caption.\n\n",
            a->ds.n, a->ds.failed, a->ds.duplicates);
    warnings(f, a, busy, ls, le);
    environment(f, a, doc, ls, le, busy);
    machine_section(f, a);
    interps_section(f, a);
    sizes(f, a, doc);
    method(f, a, doc);
    figsection_write(f, a, no_figures, 0);
    fprintf(f, "## Results\n\nThe full table, with every statistic, is `summary.csv`.\n\n");
    result_tables(f, a, p, np);
    cost_table(f, a, p, np);
    precision(f, a, p, np);
    flags_explained(f, a);
    qreport_questions(f, a);
    claims_write_table(f, a);
    qreport_embedding(f, a);
    whoruns_report(f, a->dir);
    prose_teaching(f, a);
    methods_paragraph(f, a, doc);
    figsection_write(f, a, no_figures, 1);
    return out_close(f, path, e);
}
